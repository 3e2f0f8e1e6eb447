"""Which Harper lints run by default: the ones that earn their cost on news copy, chosen by measurement.

Harper with all its default lints took 84% of the pipeline's time while most of its ~900 lints never fire on
news; parsing alone is about 40 times faster. `harper-lints = "news"` (the default) runs only the lints below;
`harper-lints = "all"` (or `--harper-lints all`) runs Harper's own default set. The list was chosen with
benchmarks/realdata.py on the dev folds of real MT and edited news (precision against expert MQM spans and
post-edits, false flags on professionally edited copy) and the team's clean copy (no false flags); see
docs/quality.md for the figures of every lint.
"""

from __future__ import annotations

NEWS_LINTS: tuple[str, ...] = (
    "SpellCheck",
)
