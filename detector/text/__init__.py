"""Stage 1, reading: files and corpora become Documents with character offsets, sentences and words.

`reader` turns paths into Documents (one clear error per unreadable file), `corpus` reads the
documents of a corpus for `detect clean`, `document` is the Document, `segment` splits sentences.
Everything after it (`rules`, `fluency`, `scoring`, `report`) works on Documents."""
