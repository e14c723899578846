"""Find machine-translation glitches in English news text and propose normalized wording.

The line, one folder a stage: `text` reads files into Documents (sentences, words); `rules`,
`fluency` and `languagetool` find candidates; `scoring` weighs them (candidate model) and the page
(document model); `pipeline` runs these stages over documents and stories; `report` writes the
findings; `apps` are the commands (scan, fix, clean, review, serve). Under them: `language`
(what the checks know of English) and, at the top, `config` and `findings` (the settings and the
Finding every stage passes on). `training` rebuilds the scoring models offline."""

__version__ = "0.1.0"
