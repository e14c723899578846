"""Stage 5, the applications that drive the line.

`cli` is the `detect` command (scan, fix, rules, train, eval), `clean` is `detect clean` (a whole
corpus, resumable), `review/` the editors' review queue, `serve/` the LanguageTool-compatible
server; `progress` and `localhttp` are what they share."""
