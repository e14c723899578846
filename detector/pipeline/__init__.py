"""The line itself: the stages joined, for one document and for many.

`engine` runs the candidate stages and the scoring over one Document and keeps what the
configuration and the inline suppression comments (`suppress`) allow; `scanner` runs it over many
files in worker processes, `crossdoc` lets reports of one story confirm each other (`crossdoc_stream`
over a stream of reports, without holding them), `settle` applies fixes until they settle. `report` and `apps` use it."""
