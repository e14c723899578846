"""Stage 5, an application: the editor-review queue, findings in a SQLite file worked through in a
local web page.

`schema` creates and migrates the file, `store` reads and writes it (optimistic versioning),
`queue` scans documents into it and exports the reviewed text, `page` and `server` are the web
app, `cli` is `detect review`; `training_examples` turns decisions into the candidate model's
training examples (`detect train --from-review`)."""
