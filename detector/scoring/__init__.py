"""Stage 3, scoring: the trained models that weigh what stage 2 found.

`candidate_model` gives each finding a calibrated confidence from its rule and context,
`document_model` gives a page its mt_score from the style profiles of `document_features`;
`model_store` saves and loads them without pickle. `detector.training` rebuilds them."""
