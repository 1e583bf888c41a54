#!/usr/bin/env python3
"""Drives facteur with the PyPI client `chorus-api` (1.0.6), a real Chorus Pro client that
nobody here wrote: pointed at the server by setting its `auth_url` and `api_url` attributes,
as its README's users would. Exits non-zero on the first thing that does not work.

Usage: chorus_api_check.py BASE_URL (a server started with --demo)
"""
import sys

from chorusapi.client import ChorusAPI

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

print("1 passed, 0 failed: chorus-api works against facteur")
