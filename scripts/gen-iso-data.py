#!/usr/bin/env python3
"""Regenerates crates/domain/data/{devises,pays}.tsv from Debian's iso-codes package.

The lists are data, not code: ISO 4217 currencies and ISO 3166-1 countries with their English
names and the French translations shipped by iso-codes (LGPL-2.1-or-later, see
crates/domain/data/README.md). Run after `apt-get install iso-codes` when a new release lands.
"""
import gettext
import json
from pathlib import Path

ISO = Path("/usr/share/iso-codes/json")
OUT = Path(__file__).resolve().parent.parent / "crates" / "domain" / "data"


def french(domain):
    return gettext.translation(domain, localedir="/usr/share/locale", languages=["fr"]).gettext


def write(name, header, rows):
    lines = ["\t".join(header)] + ["\t".join(r) for r in sorted(rows)]
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


fr = french("iso_4217")
currencies = json.loads((ISO / "iso_4217.json").read_text())["4217"]
write("devises.tsv", ["code", "en", "fr"], [(c["alpha_3"], c["name"], fr(c["name"])) for c in currencies])

fr = french("iso_3166-1")
countries = json.loads((ISO / "iso_3166-1.json").read_text())["3166-1"]
write(
    "pays.tsv",
    ["code", "en", "fr"],
    [(c["alpha_2"], c.get("common_name", c["name"]), fr(c.get("common_name", c["name"]))) for c in countries],
)
