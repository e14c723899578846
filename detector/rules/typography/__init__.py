"""MT42x-MT44x: the typography of English news, one convention a rule.

Conventions from the AP Stylebook, the Reuters Handbook of Journalism, the BBC News Style Guide and
the Guardian and Observer style guide (punctuation, quotation marks, numbers, currencies), and the
Unicode Standard's notes on quotation marks (ch. 6.2). Each rule leaves alone what is not prose:
URLs, e-mail addresses, domains and file names, decimals and times, abbreviations and initials
(`context.py`).
"""

from . import (attribution_punct, bracket_spacing, currency_spacing, determiner_full_stop,  # noqa: F401
               guillemets, hyphen_spacing, missing_full_stop, mixed_quotes, quote_direction, quote_glued,
               sentence_space, space_before_mark, space_inside_quotes, split_number, unclosed_quote)
