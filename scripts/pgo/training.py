#!/usr/bin/env python3
"""The documents a profile-guided build of facteur is trained on (scripts/pgo/build), kept
apart from those the benchmarks measure (the CEN examples, `test/testfiles` and gen_ubl.py's
invoices): every invoice and credit note inlined in the EN 16931 rule tests (1,131 UBL and
9 CII tests, each made to pass or to fail one rule, so that every rule's code runs), the CEN
CII examples, and the client check's invoice at 2, 30 and 300 lines.

    training.py OUT_DIR     writes OUT_DIR/test-*.xml (the rule tests' documents) and
                            OUT_DIR/valid-*.xml (valid invoices), prints their number
"""

import re
import shutil
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
EN16931 = RACINE / "crates/formats/tests/fixtures/en16931"
sys.path.insert(0, str(RACINE / "tests/clients"))
import ubl  # noqa: E402

# An inline document declares its own namespaces (the test set's default one is VEFA's), so
# its text alone is a whole document.
DOCUMENT = re.compile(r"<(Invoice|CreditNote|rsm:CrossIndustryInvoice)\b.*?</\1>", re.S)


def main(sortie: Path) -> None:
    sortie.mkdir(parents=True, exist_ok=True)
    n = 0
    for dossier in ("Invoice-unit-UBL", "CreditNote-unit-UBL", "cii"):
        for test in sorted((EN16931 / "test" / dossier).glob("*.xml")):
            for i, m in enumerate(DOCUMENT.finditer(test.read_text(encoding="utf-8"))):
                (sortie / f"test-{dossier}-{test.stem}-{i}.xml").write_text(m.group(0), encoding="utf-8")
                n += 1
    for exemple in sorted((EN16931 / "cii/examples").iterdir()):
        shutil.copy(exemple, sortie / f"valid-cii-{exemple.name.replace(' ', '_')}")
        n += 1
    for lignes in (2, 30, 300):
        (sortie / f"valid-client-{lignes}-lines.xml").write_text(ubl.facture(f"PGO-{lignes}", lignes=lignes), encoding="utf-8")
        n += 1
    # The rule tests moved or their format changed: a profile of a few files would steer the
    # compiler wrong without telling.
    if n < 1000:
        raise SystemExit(f"only {n} training documents found under {EN16931}")
    print(n)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
