"""The vocabulary of synthetic catalogs: name parts, tags, licences, reasons."""

# Capitalised stems and lowercase endings, glued as in "Quantflow" or "Kubeforge".
STEMS = (
    "Quant", "Neuro", "Data", "Deep", "Hyper", "Meta", "Auto", "Vector", "Stream", "Kube",
    "Tensor", "Cloud", "Model", "Feature", "Signal", "Pipe", "Graph", "Flux", "Nova",
    "Astra", "Helio", "Lumen", "Apex", "Orbit", "Prism", "Sonic", "Zen", "Iron", "Polar",
    "Cobalt", "Ember", "Arc", "Blaze", "Echo", "Terra", "Volt", "Mosaic", "Atlas", "Kite",
    "Raven", "Falcon", "Otter", "Badger", "Lynx", "Maple", "Cedar", "Delta", "Sigma",
    "Omega", "Lambda", "Bayes", "Markov", "Turing", "Gauss", "Cipher", "Pixel", "Logic",
    "Infer", "Label", "Sage", "Spark", "Hydra", "Nimbus", "Quasar", "Rocket", "Torch",
)  # fmt: skip
ENDINGS = (
    "flow", "ops", "ml", "hub", "base", "forge", "lake", "grid", "stack", "scope", "mind",
    "loop", "sense", "pipe", "works", "ly", "io", "ify", "verse", "bench", "board", "craft",
    "line", "mesh", "port", "shift", "store", "sync", "vault", "wise", "labs", "bot", "kit",
    "cast", "core", "dash", "deck", "dock", "gate", "net", "ai", "db", "x",
)  # fmt: skip
# Second words, as in "Neuro Serve" or "Quantflow Feature Store".
WORDS = (
    "Serve", "DB", "Cloud", "Studio", "Lab", "Engine", "Platform", "Registry", "Monitor",
    "Pipelines", "Feature Store", "Tracker", "Notebooks", "Orchestrator", "Inference",
    "Vision", "Edge", "Catalog", "Streams", "Labeling", "Explain", "Observe", "Deploy",
    "AutoML", "Runtime", "Compiler", "Gateway", "Scheduler", "Insights", "Warehouse",
)  # fmt: skip
VENDORS = (
    "Apache", "Google", "Amazon", "Azure", "IBM", "Oracle", "Nvidia", "Meta", "Uber",
    "Netflix", "Intel", "Alibaba",
)  # fmt: skip
# Syllables for made-up brand words such as "Zorvat" or "Kelimo".
ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr",
          "st", "tr", "pl", "gr", "sh", "ch", "qu", "x")  # fmt: skip
NUCLEI = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y")
CODAS = ("", "", "", "n", "r", "s", "t", "x", "l", "m", "k")
DOMAINS = (".ai", ".io", ".ml", ".dev", " Labs", " Inc", " Cloud")
KINDS = ("company", "cloud service", "open-source project", "library", "platform")
TAGS = (
    "training", "deployment", "monitoring", "orchestration", "feature-store", "serving",
    "experiment-tracking", "data-versioning", "labeling", "streaming", "compiler",
    "observability", "automl", "notebooks", "warehouse", "governance", "explainability",
)  # fmt: skip
LICENSES = ("Apache-2.0", "MIT", "BSD-3-Clause", "proprietary", "MPL-2.0", "AGPL-3.0-only")
REASONS = {
    "hand-holding": "it carries a model from notebook to production on its own managed "
    "infrastructure, in one opinionated way",
    "narrow": "it does one job well and bends to whatever stack the user already has",
    "middle": "it stitches several lifecycle steps together, trading one set of "
    "engineering pains for another",
    "other": "the essay names it without placing it on the hand-holding scale",
}
# Segments are not equally full in the real catalog; keep a similar skew (2:5:3:1).
SEGMENT_DRAW = ("hand-holding",) * 2 + ("narrow",) * 5 + ("middle",) * 3 + ("other",)
# How many aliases a tool gets: 0 or 1 in 35% of tools each, 2 in 20%, 3 in 10%.
ALIAS_DRAW = (0,) * 7 + (1,) * 7 + (2,) * 4 + (3,) * 2
