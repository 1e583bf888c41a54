#!/usr/bin/env python3
"""Drives facteur with the PyPI client `chorus-api` (1.0.6), a real Chorus Pro client that
nobody here wrote: pointed at the server by setting its `auth_url` and `api_url` attributes,
as its README's users would. Exits non-zero on the first thing that does not work.

Usage: chorus_api_check.py BASE_URL (a server started with --demo)
"""
import base64
import os
import sys
import time
import uuid

from chorusapi.client import ChorusAPI

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ubl  # noqa: E402

BASE = sys.argv[1].rstrip("/")


def check(what, condition):
    print(("ok      " if condition else "FAILED  ") + what)
    if not condition:
        sys.exit(1)


client = ChorusAPI(
    client_id="demo-app",
    client_secret="demo-secret",
    tech_username="TECH_FOURNISSEUR@demo.facteur",
    tech_password="facteur-demo",
    sandbox=True,
)
client.auth_url = f"{BASE}/api/oauth/token"
client.api_url = BASE

client.auth()
check("auth() obtains a token", bool(client.get_token()))

health = client.health_check()
check("health_check() answers statusCodeValue 200", health.status_code_value == 200)

devises = client.devises()
codes = {d.code_devise: d.libelle_devise for d in devises.liste_devises}
check("devises() answers codeRetour 0", devises.code_retour == 0)
check("devises() lists the euro in French", codes.get("EUR") == "Euro")
check("devises() lists every ISO 4217 currency", len(codes) > 170)

english = client.devises(code_langue="EN")
check("devises('EN') answers in English", any(d.libelle_devise == "US Dollar" for d in english.liste_devises))

found = client.rechercher_structure("11000201100044")
check("rechercher_structure() finds the ministry by SIRET", [s.id_structure_cpp for s in found.liste_structures] != [])
ministere = found.liste_structures[0].id_structure_cpp

services = client.rechercher_services(ministere)
codes = sorted(s.code_service for s in services.liste_structures)
check("rechercher_services() lists the ministry's services", codes == ["DAF-01", "FACTURES_PUBLIQUES", "SG-ACHATS"])

structure = client.consulter_structure(ministere)
check("consulter_structure() answers its parameters", structure.parametres.code_service_doit_etre_renseigne is True)
check("consulter_structure() answers its name", structure.information_generales.identifiant_structure == "11000201100044")

# A flux: a UBL invoice from the demo supplier to the ministry, deposited, followed until it
# is integrated, then found by its flux number.
numero_facture = f"PY-{uuid.uuid4().hex[:8].upper()}"
fichier = base64.b64encode(ubl.facture(numero_facture).encode()).decode("ascii")
depot = client.deposer_flux(fichier, f"{numero_facture}.xml", syntaxe_flux="IN_DP_E1_UBL_INVOICE")
check("deposer_flux() answers codeRetour 0", depot.code_retour == 0)
check("deposer_flux() answers a flux number", (depot.numero_flux_depot or "").startswith("CPP") and len(depot.numero_flux_depot) == 25)
check("deposer_flux() echoes the syntax", depot.syntaxe_flux == "IN_DP_E1_UBL_INVOICE")

deadline = time.time() + 30
while True:
    cr = client.consulter_cr_detaille(depot.numero_flux_depot)
    if cr.etat_courant_depot_flux not in ("IN_RECU", "IN_EN_COURS_TRAITEMENT_CPP") or time.time() > deadline:
        break
    time.sleep(0.2)
erreurs = [e.libelle_erreur_dP for e in cr.liste_erreur_dp] + [e.libelle_erreur for e in cr.liste_erreur_technique]
check(f"consulter_cr_detaille() reaches IN_INTEGRE (got {cr.etat_courant_depot_flux} {erreurs})", cr.etat_courant_depot_flux == "IN_INTEGRE")
check("consulter_cr_detaille() lists no error", cr.liste_erreur_dp == [] and cr.liste_erreur_technique == [])
court = client.consulter_cr(depot.numero_flux_depot)
check("consulter_cr() answers the flux's state", court.etat_courant_flux == "IN_INTEGRE" and court.numero_flux_depot == depot.numero_flux_depot)

trouvees = client.rechercher_facture(depot.numero_flux_depot)
numeros = [f.numero_facture for f in trouvees.liste_factures]
check("rechercher_facture() finds the flux's invoice", numeros == [numero_facture])
check("rechercher_facture() answers its flux and mode", trouvees.liste_factures[0].numero_flux_depot == depot.numero_flux_depot and trouvees.liste_factures[0].mode_depot == "FLUX_EDI")

print("1 passed, 0 failed: chorus-api works against facteur")
