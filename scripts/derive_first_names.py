#!/usr/bin/env python3
"""Derive detector/language/lexicons/first_names.tsv from the nomquamgender package's name data.

nomquamgender (PyPI, MIT licence; Van Buskirk, Clauset and Larremore, "An open-source cultural
consensus approach to name-based gender classification", 2022) ships name_data.json: for each
lower-cased first name, the number of sources, the number of people counted and p(gf), the share
of them gendered female. A name is kept when it is well attested (sources and counts below), clearly
gendered (p(gf) at most 0.05 or at least 0.95) and made of letters. The rules that read the list
ask for a surname after the first name, so "Hope" and "Rose" as words do not count.

    pip install --no-deps nomquamgender==0.1.4 && python scripts/derive_first_names.py > detector/language/lexicons/first_names.tsv
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

MIN_SOURCES = 12
MIN_COUNT = 1000
CLEAR = 0.05


def main() -> None:
    # the data file only: importing the package would load pandas and unidecode
    folder = Path(importlib.util.find_spec("nomquamgender").submodule_search_locations[0])
    data = json.loads((folder / "name_data.json").read_text(encoding="utf-8"))
    out = sys.stdout
    out.write("# First names and their gender, derived from nomquamgender 0.1.4 (MIT licence; Van Buskirk, Clauset and\n"
              "# Larremore 2022, name_data.json) by scripts/derive_first_names.py: names with at least "
              f"{MIN_SOURCES} sources and\n# {MIN_COUNT} people counted whose share gendered female, p_female, "
              f"is at most {CLEAR} or at least {1 - CLEAR:.2f}.\n# "
              "Columns: name, gender (f or m), p_female, sources.\n")
    out.write("name\tgender\tp_female\tsources\n")
    for name in sorted(data):
        sources, count, p_female = data[name][:3]
        if not (name.isascii() and name.isalpha() and len(name) >= 3):
            continue
        if sources < MIN_SOURCES or count < MIN_COUNT or CLEAR < p_female < 1 - CLEAR:
            continue
        out.write(f"{name.capitalize()}\t{'f' if p_female >= 0.5 else 'm'}\t{p_female}\t{sources}\n")


if __name__ == "__main__":
    main()
