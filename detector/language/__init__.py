"""What the stages know of English, under all of them: word lists and tables (`lexicon`, the data in
`lexicons/`), word frequencies (`frequency`), places and organisations (`gazetteer`), lost spaces
(`wordsplit`), the substitution pairs mined from corpora (`substitution_pairs`), and the machinery
that matches long word lists fast (`trie`, `prefilter`) with its cache of derived data (`diskcache`)."""
