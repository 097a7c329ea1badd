"use strict";
(() => {
  const input = document.getElementById("q");
  const count = document.getElementById("count");
  const sections = Array.from(document.querySelectorAll("section.segment"));
  // The app's name search (mlseg_tui/search: keys.py and ranking.py), so the page finds
  // what `/` finds in the app: a key holding the query; the query's letters in order from
  // a word start, skipping at most one key letter for every three typed; from four
  // letters, a typo: a stretch as long as the query, from a word start holding its first
  // letter, that holds all but one of its letters in order (two from ten letters on),
  // tried only while fewer than FUZZY_CAP tools were found, for the FUZZY_CAP closest
  // keys. Strings are handled as arrays of code points, as Python counts them.
  const FUZZY_MIN_LENGTH = 4;
  const FUZZY_CAP = 100;
  const LEN_CAP = 255;
  const ALNUM = /[\p{L}\p{N}]/u;
  const UPPER = /\p{Uppercase}/u;
  const LOWER = /\p{Lowercase}/u;

  // Python's casefold for all but a few letters (it turns "ß" into "ss").
  function fold(text) {
    return text.toLowerCase();
  }

  function searchKey(key) {
    const folded = fold(key);
    const chars = Array.from(folded);
    const original = Array.from(key);
    // Case is read from the key; when folding changed its length, positions no longer
    // line up, so the folded text is read and camelCase is lost (keys.aligned_key).
    const classes = positionClasses(original.length === chars.length ? original : chars);
    return { folded, chars, classes };
  }

  // Per character: 2 at the key's start, 1 where a word starts, else 0: after a character
  // that is not a letter or digit, at a capital after a lowercase letter ("Graph|Pipe"),
  // at the last capital of an acronym followed by lowercase ("TF|Serving").
  function positionClasses(chars) {
    return chars.map((char, p) => {
      if (p === 0) return 2;
      if (!ALNUM.test(char)) return 0;
      const before = chars[p - 1];
      const upper = UPPER.test(char);
      const starts = !ALNUM.test(before) || (upper && LOWER.test(before))
        || (upper && UPPER.test(before) && p + 1 < chars.length && LOWER.test(chars[p + 1]));
      return starts ? 1 : 0;
    });
  }

  // The query's characters in order from a word start, skipping at most one key character
  // for every three of the query (each start matched greedily: its shortest span).
  function compactSubsequence(query, key) {
    const { chars, classes } = key;
    const slack = Math.floor(query.length / 3);
    for (let start = chars.indexOf(query[0]); start >= 0; start = chars.indexOf(query[0], start + 1)) {
      if (!classes[start]) continue;
      let end = start;
      for (let i = 1; i < query.length; i++) {
        end = chars.indexOf(query[i], end + 1);
        if (end < 0) return false; // no later start can match either
      }
      if (end - start + 1 - query.length <= slack) return true;
    }
    return false;
  }

  function commonSubsequence(a, b) {
    let previous = new Array(b.length + 1).fill(0);
    for (const char of a) {
      const current = [0];
      for (let j = 1; j <= b.length; j++) {
        current.push(char === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]));
      }
      previous = current;
    }
    return previous[b.length];
  }

  // The best common subsequence of the query with a stretch of the key as long as the
  // query, from a word start holding its first letter; 0 when below `need`.
  function windowLcs(query, key, need) {
    const { chars, classes } = key;
    let best = 0;
    for (let start = chars.indexOf(query[0]); start >= 0; start = chars.indexOf(query[0], start + 1)) {
      if (classes[start]) {
        best = Math.max(best, commonSubsequence(query, chars.slice(start, start + query.length)));
      }
    }
    return best >= need ? best : 0;
  }

  // The indices of the tools whose name or an alias matches `text` (folded).
  function matchingTools(text) {
    const query = Array.from(text);
    const found = new Set();
    tools.forEach((tool, index) => {
      if (tool.keys.some((key) => key.folded.includes(text) || compactSubsequence(query, key))) {
        found.add(index);
      }
    });
    if (query.length >= FUZZY_MIN_LENGTH && found.size < FUZZY_CAP) {
      const need = query.length - (query.length < 10 ? 1 : 2);
      const candidates = []; // [common letters, capped length, key number, tool]
      let number = 0;
      tools.forEach((tool, index) => {
        for (const key of tool.keys) {
          const lcs = found.has(index) ? 0 : windowLcs(query, key, need);
          if (lcs) candidates.push([lcs, Math.min(key.chars.length, LEN_CAP), number, index]);
          number++;
        }
      });
      // Ties at the cap go to the earlier key on the page (the app: in the catalog).
      candidates.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
      for (const candidate of candidates.slice(0, FUZZY_CAP)) found.add(candidate[3]);
    }
    return found;
  }

  // Made once the search's constants above are set.
  const tools = [];
  sections.forEach((section, index) => {
    for (const item of section.querySelectorAll("li.tool")) {
      const keys = JSON.parse(item.dataset.keys).map(searchKey);
      tools.push({ item, section: index, summary: item.querySelector("summary"), keys });
    }
  });

  function filter() {
    pending = false;
    const query = fold(input.value.trim());
    const found = query ? matchingTools(query) : null;
    const shownIn = sections.map(() => 0);
    let shown = 0;
    tools.forEach((tool, index) => {
      const visible = !found || found.has(index);
      if (tool.item.hidden === visible) tool.item.hidden = !visible;
      if (visible) {
        shown++;
        shownIn[tool.section]++;
      }
    });
    sections.forEach((section, index) => {
      section.querySelector(".empty").hidden = shownIn[index] > 0;
    });
    const total = `${tools.length} ${tools.length === 1 ? "tool" : "tools"}`;
    count.textContent = query ? `${shown} of ${total} match` : total;
  }

  // Keys typed faster than the page can filter are taken together: one filter a frame,
  // always of the box's latest text.
  let pending = false;
  function schedule() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(filter);
    }
  }

  function visibleSummaries() {
    if (pending) filter();
    return tools.filter((tool) => !tool.item.hidden).map((tool) => tool.summary);
  }

  function step(from, offset) {
    const list = visibleSummaries();
    if (!list.length) return;
    const index = list.indexOf(from);
    if (index === 0 && offset < 0) {
      input.focus();
      return;
    }
    const next = index < 0 ? (offset > 0 ? 0 : list.length - 1)
      : Math.max(0, Math.min(list.length - 1, index + offset));
    list[next].focus();
  }

  input.addEventListener("input", schedule);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      step(null, 1);
    } else if (event.key === "Enter") {
      if (pending) filter();
      const first = visibleSummaries()[0];
      if (first) {
        event.preventDefault();
        fill(first.parentElement);
        first.parentElement.open = true;
        first.focus();
      }
    } else if (event.key === "Escape" && input.value) {
      pending = false;
      event.preventDefault();
      input.value = "";
      filter();
    }
  });

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key === "/" && target !== input && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (!(target instanceof HTMLElement) || !target.matches("li.tool > details > summary")) return;
    const moves = { ArrowDown: 1, ArrowUp: -1, j: 1, k: -1 };
    if (event.key in moves) {
      event.preventDefault();
      step(target, moves[event.key]);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      const list = visibleSummaries();
      if (list.length) (event.key === "Home" ? list[0] : list[list.length - 1]).focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (target.parentElement.open) target.parentElement.open = false;
      else input.focus();
    }
  });

  // A card's details wait in its <template> until it opens; its segment's definition is
  // kept once, in the segment's header.
  function fill(card) {
    const template = card.querySelector(":scope > template");
    if (!template) return;
    card.append(template.content.cloneNode(true));
    template.remove();
    const place = card.querySelector(".segdef");
    place.textContent = card.closest("section.segment").querySelector(".meaning").textContent;
  }

  document.addEventListener("toggle", (event) => {
    const card = event.target;
    if (card instanceof HTMLDetailsElement && card.open) fill(card);
  }, true);

  filter();
})();
