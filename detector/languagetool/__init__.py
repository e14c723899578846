"""Stage 2, candidates from outside: LanguageTool as an optional second opinion.

`client` connects to a server (or starts the local one) and turns its matches into `LT:` findings
and candidate-model features; `options` are the command-line options and start-up shared by the
applications."""
