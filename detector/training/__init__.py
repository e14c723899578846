"""Offline, behind stage 3: rebuild the scoring models and measure them, from research corpora
(../shared/data) that never ship with the tool.

`run` is `detect train`; `evaluate` is `detect eval`; `decisions` reads editors' review decisions
as training examples."""
