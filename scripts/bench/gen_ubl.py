#!/usr/bin/env python3
"""Writes large UBL invoices for benchmarks: a CEN UBL example whose lines are repeated (in
turn) up to N lines, with its VAT breakdown and totals recomputed so that the EN 16931 rules
still pass. Document-level allowances and charges, prepaid and rounding amounts and a VAT
total in tax currency are dropped, so the totals are the lines' and their VAT's alone.

    gen_ubl.py [--exemple FILE] OUT_DIR N...   writes OUT_DIR/ubl-N-lines.xml for each N
"""

import argparse
import copy
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from lxml import etree

RACINE = Path(__file__).resolve().parents[2]
EXEMPLE = RACINE / "crates/formats/tests/fixtures/en16931/ubl/examples/ubl-tc434-example1.xml"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS = {"cac": CAC, "cbc": CBC}
CENT = Decimal("0.01")


def montant(x: Decimal) -> str:
    return str(x.quantize(CENT, rounding=ROUND_HALF_UP))


def enlever(racine, chemin: str) -> None:
    for e in racine.findall(chemin, NS):
        e.getparent().remove(e)


def generer(exemple: Path, n: int) -> bytes:
    arbre = etree.parse(str(exemple))
    racine = arbre.getroot()
    modeles = racine.findall("cac:InvoiceLine", NS)
    if not modeles:
        raise SystemExit(f"{exemple}: no cac:InvoiceLine to repeat")
    devise = racine.findtext("cbc:DocumentCurrencyCode", namespaces=NS)
    ou = racine.index(modeles[0])
    for m in modeles:
        racine.remove(m)
    enlever(racine, "cac:AllowanceCharge")
    enlever(racine, "cbc:TaxCurrencyCode")
    for total in racine.findall("cac:TaxTotal", NS)[1:]:
        racine.remove(total)
    monetaire = racine.find("cac:LegalMonetaryTotal", NS)
    for cle in ["AllowanceTotalAmount", "ChargeTotalAmount", "PrepaidAmount", "PayableRoundingAmount"]:
        enlever(monetaire, f"cbc:{cle}")

    # VAT category (code, rate) -> taxable amount, in the order met.
    categories: dict[tuple[str, str], Decimal] = {}
    for i in range(n):
        ligne = copy.deepcopy(modeles[i % len(modeles)])
        ligne.find("cbc:ID", NS).text = str(i + 1)
        for e in ligne.findall("cac:OrderLineReference", NS):
            ligne.remove(e)
        categorie = ligne.find("cac:Item/cac:ClassifiedTaxCategory", NS)
        cle = (categorie.findtext("cbc:ID", namespaces=NS), categorie.findtext("cbc:Percent", namespaces=NS) or "0")
        categories[cle] = categories.get(cle, Decimal(0)) + Decimal(ligne.findtext("cbc:LineExtensionAmount", namespaces=NS))
        racine.insert(ou + i, ligne)

    total_tva = racine.find("cac:TaxTotal", NS)
    sous_totaux = {
        (s.findtext("cac:TaxCategory/cbc:ID", namespaces=NS), s.findtext("cac:TaxCategory/cbc:Percent", namespaces=NS) or "0"): s
        for s in total_tva.findall("cac:TaxSubtotal", NS)
    }
    enlever(total_tva, "cac:TaxSubtotal")
    tva = Decimal(0)
    for cle, base in categories.items():
        sous_total = copy.deepcopy(sous_totaux[cle])
        taxe = (base * Decimal(cle[1]) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        sous_total.find("cbc:TaxableAmount", NS).text = montant(base)
        sous_total.find("cbc:TaxAmount", NS).text = montant(taxe)
        total_tva.append(sous_total)
        tva += taxe
    total_tva.find("cbc:TaxAmount", NS).text = montant(tva)

    lignes = sum(categories.values(), Decimal(0))
    valeurs = {
        "LineExtensionAmount": lignes,
        "TaxExclusiveAmount": lignes,
        "TaxInclusiveAmount": lignes + tva,
        "PayableAmount": lignes + tva,
    }
    for cle, valeur in valeurs.items():
        e = monetaire.find(f"cbc:{cle}", NS)
        if e is None:
            e = etree.SubElement(monetaire, f"{{{CBC}}}{cle}", currencyID=devise)
        e.text = montant(valeur)
    # The schema's order: the four amounts in the order above.
    for cle in valeurs:
        e = monetaire.find(f"cbc:{cle}", NS)
        monetaire.remove(e)
        monetaire.append(e)
    return etree.tostring(arbre, xml_declaration=True, encoding="UTF-8")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--exemple", type=Path, default=EXEMPLE)
    p.add_argument("sortie", type=Path)
    p.add_argument("lignes", type=int, nargs="+")
    a = p.parse_args()
    a.sortie.mkdir(parents=True, exist_ok=True)
    for n in a.lignes:
        chemin = a.sortie / f"ubl-{n}-lines.xml"
        chemin.write_bytes(generer(a.exemple, n))
        print(chemin)


if __name__ == "__main__":
    main()
