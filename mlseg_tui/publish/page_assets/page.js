"use strict";
(() => {
  const input = document.getElementById("q");
  const count = document.getElementById("count");
  const sections = Array.from(document.querySelectorAll("section.segment"));
  const tools = [];
  sections.forEach((section, index) => {
    for (const item of section.querySelectorAll("li.tool")) {
      const keys = JSON.parse(item.dataset.keys).map(fold);
      tools.push({ item, section: index, summary: item.querySelector("summary"), keys,
                   letters: keys.map(letterSet) });
    }
  });

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }

  // Which of a-z and 0-9 a key holds, as bits: a cheap test before the edit distance.
  function letterSet(text) {
    let bits = 0;
    for (const char of text) bits |= letterBit(char);
    return bits;
  }

  function letterBit(char) {
    const code = char.charCodeAt(0);
    if (code >= 97 && code <= 122) return 1 << (code - 97);
    if (code >= 48 && code <= 57) return 1 << (code - 48 + 26);
    return 0;
  }

  // Typos forgiven: none for short queries, one from four letters, two from eight.
  function allowedEdits(length) {
    return length < 4 ? 0 : length < 8 ? 1 : 2;
  }

  // The fewest edits (insert, delete, substitute, swap two neighbours) that turn the query
  // into some stretch of the key: a match may start and end anywhere in the key.
  function nearest(query, key) {
    const n = query.length;
    let before = null;
    let previous = Array.from({ length: n + 1 }, (_, i) => i);
    let best = previous[n];
    for (let j = 1; j <= key.length; j++) {
      const current = [0];
      for (let i = 1; i <= n; i++) {
        const cost = query[i - 1] === key[j - 1] ? 0 : 1;
        let value = Math.min(previous[i] + 1, current[i - 1] + 1, previous[i - 1] + cost);
        if (before && i > 1 && j > 1 && query[i - 1] === key[j - 2] && query[i - 2] === key[j - 1]) {
          value = Math.min(value, before[i - 2] + 1);
        }
        current.push(value);
      }
      before = previous;
      previous = current;
      best = Math.min(best, current[n]);
    }
    return best;
  }

  // The query's letters in order inside the key, starting at the start of a word.
  function initialsMatch(query, key) {
    for (let start = 0; start < key.length; start++) {
      if (key[start] !== query[0] || (start > 0 && key[start - 1] !== " ")) continue;
      let i = 1;
      for (let j = start + 1; j < key.length && i < query.length; j++) {
        if (key[j] === query[i]) i++;
      }
      if (i === query.length) return true;
    }
    return false;
  }

  // Letters of the query a key lacks: each costs at least one edit.
  function missing(queryBits, keyBits) {
    let bits = queryBits & ~keyBits;
    let count = 0;
    while (bits) {
      bits &= bits - 1;
      count++;
    }
    return count;
  }

  function matches(query, tool) {
    const keys = tool.keys;
    if (keys.some((key) => key.includes(query))) return true;
    const edits = allowedEdits(query.length);
    if (edits) {
      const bits = letterSet(query);
      for (let i = 0; i < keys.length; i++) {
        if (missing(bits, tool.letters[i]) <= edits && nearest(query, keys[i]) <= edits) return true;
      }
    }
    return query.length >= 3 && !query.includes(" ") && keys.some((key) => initialsMatch(query, key));
  }

  function filter() {
    pending = false;
    const query = fold(input.value);
    const shownIn = sections.map(() => 0);
    let shown = 0;
    for (const tool of tools) {
      const visible = !query || matches(query, tool);
      if (tool.item.hidden === visible) tool.item.hidden = !visible;
      if (visible) {
        shown++;
        shownIn[tool.section]++;
      }
    }
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
