//! A Schematron file compiled into rules, and their run over a document.
//!
//! Schematron's semantics, as the ISO skeleton compiles it to XSLT: every pattern visits every
//! element; within a pattern an element is handled by the first rule whose context matches it
//! (rules are templates of decreasing priority), whose asserts then fail when their test's
//! effective boolean value is false. Here, rules are indexed by the name their context's last
//! step tests, so an element is only matched against the rules that can apply to it, and
//! those are sorted once per class of the document's guide (its elements' path of names): a
//! context of names is settled for the whole class, leaving only its predicates, if any, to
//! test on each element.

use std::collections::HashMap;

use super::xpath::{
    self, ATTRIBUT, AUCUN, Absence, Evaluateur, Expr, Motif, Noms, Portee, Tailles, Test,
};
use super::{Echec, Niveau};
use crate::xml::{Document, Limites, NodeId};

const SCHEMATRON: &str = "http://purl.oclc.org/dsdl/schematron";

pub(crate) struct Regles {
    noms: Noms,
    regles: Vec<Regle>,
    /// By name number: the rules that may match an element of that name, in order (without
    /// those whose context the name alone rules out).
    par_nom: Vec<Box<[Candidat]>>,
    /// By namespace number, for names no rule mentions: `ns:*` and `*` rules.
    par_namespace: Vec<Box<[Candidat]>>,
    /// `*` rules, for elements in other namespaces.
    partout: Box<[Candidat]>,
    tailles: Tailles,
}

struct Regle {
    contexte: Motif,
    assertions: Vec<Assertion>,
}

struct Assertion {
    id: Box<str>,
    niveau: Niveau,
    message: Box<str>,
    test: Expr,
    /// The names whose absence from a document settles the test without evaluating it.
    absence: Option<Absence>,
}

/// What is left to match a candidate rule on an element of a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Epreuve {
    /// A pattern of names without predicates, whose names the class has: it matches.
    Certaine,
    /// A pattern of names whose names the class has: its predicates decide.
    Predicats,
    /// Another pattern, matched on each element.
    Entiere,
}

/// A candidate rule and what is left to match it.
type Essai = (Candidat, Epreuve);

/// A class whose candidates are not known yet.
const INCONNUE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Candidat {
    pattern: u32,
    regle: u32,
    alternative: u32,
}

impl Regles {
    pub(crate) fn compiler(source: &str) -> Result<Self, String> {
        let limites = Limites::default();
        let doc = Document::parse(source.as_bytes(), &limites).map_err(|e| e.to_string())?;
        let schema = doc.root();
        let est =
            |n: NodeId, local: &str| doc.namespace(n) == SCHEMATRON && doc.local_name(n) == local;
        if !est(schema, "schema") {
            return Err("not a Schematron schema".into());
        }
        let mut prefixes = HashMap::new();
        for ns in doc.child_elements(schema).filter(|&n| est(n, "ns")) {
            let (Some(prefix), Some(uri)) = (doc.attribute(ns, "prefix"), doc.attribute(ns, "uri"))
            else {
                return Err("an <ns> without prefix or uri".into());
            };
            prefixes.insert(prefix.to_owned(), uri.to_owned());
        }
        let mut noms = Noms::default();
        let mut portee = Portee { prefixes: &prefixes, noms: &mut noms, variables: 0 };
        let mut memos = xpath::Memos::default();
        let mut regles = Vec::new();
        let mut candidats: Vec<(Candidat, Test)> = Vec::new();
        let patterns = doc.child_elements(schema).filter(|&n| est(n, "pattern"));
        for (pattern, p) in patterns.enumerate() {
            for r in doc.child_elements(p) {
                if !est(r, "rule") {
                    return Err(format!("unsupported <{}> in a pattern", doc.local_name(r)));
                }
                let contexte = doc.attribute(r, "context").ok_or("a rule without context")?;
                let erreur = |e: xpath::ErreurXPath| format!("context {contexte}: {e}");
                let mut motif =
                    xpath::motif(xpath::compiler(contexte, &mut portee).map_err(erreur)?)
                        .map_err(erreur)?;
                xpath::memoiser_motif(&mut motif, &mut memos).map_err(erreur)?;
                let mut assertions = Vec::new();
                for a in doc.child_elements(r) {
                    if !est(a, "assert") {
                        return Err(format!("unsupported <{}> in a rule", doc.local_name(a)));
                    }
                    let id = doc.attribute(a, "id").ok_or("an assert without id")?;
                    let source = doc.attribute(a, "test").ok_or("an assert without test")?;
                    let niveau = match doc.attribute(a, "flag") {
                        Some("warning") => Niveau::Avertissement,
                        Some("fatal") | None => Niveau::Fatal,
                        Some(other) => return Err(format!("{id}: unknown flag {other}")),
                    };
                    let erreur = |e: xpath::ErreurXPath| format!("{id}: {e}");
                    let mut test = xpath::compiler(source, &mut portee).map_err(erreur)?;
                    xpath::memoiser(&mut test, &mut memos).map_err(erreur)?;
                    let absence = xpath::absence(&test);
                    let message =
                        doc.string_value(a).split_whitespace().collect::<Vec<_>>().join(" ");
                    assertions.push(Assertion {
                        id: id.into(),
                        niveau,
                        message: message.into(),
                        test,
                        absence,
                    });
                }
                let regle = u32::try_from(regles.len()).map_err(|e| e.to_string())?;
                for (alternative, alt) in motif.alternatives.iter().enumerate() {
                    let Some(derniere) = alt.etapes.last() else { continue };
                    let candidat = Candidat {
                        pattern: pattern as u32,
                        regle,
                        alternative: alternative as u32,
                    };
                    candidats.push((candidat, derniere.test.clone()));
                }
                regles.push(Regle { contexte: motif, assertions });
            }
        }
        let mut partages = xpath::Partages::default();
        let mut communes = 0;
        for assertion in regles.iter_mut().flat_map(|r| r.assertions.iter_mut()) {
            partages.compter(&mut assertion.test);
        }
        for predicat in regles
            .iter_mut()
            .flat_map(|r| r.contexte.alternatives.iter_mut())
            .flat_map(|a| a.etapes.iter_mut())
            .flat_map(|e| e.predicats.iter_mut())
        {
            partages.compter_contexte(predicat);
        }
        for assertion in regles.iter_mut().flat_map(|r| r.assertions.iter_mut()) {
            partages.partager(&mut assertion.test);
            xpath::accelerer(&mut assertion.test);
            communes = xpath::factoriser(&mut assertion.test, communes);
            xpath::compter_vite(&mut assertion.test);
        }
        for etape in regles
            .iter_mut()
            .flat_map(|r| r.contexte.alternatives.iter_mut())
            .flat_map(|a| a.etapes.iter_mut())
        {
            for predicat in &mut etape.predicats {
                partages.partager_contexte(predicat);
                xpath::accelerer(predicat);
                xpath::compter_vite(predicat);
            }
        }
        // After the forms are rewritten: a family's paths end in `FormeTexte::Egal`.
        let mut familles = xpath::Familles::default();
        for assertion in regles.iter_mut().flat_map(|r| r.assertions.iter_mut()) {
            familles.compter(&mut assertion.test);
        }
        for assertion in regles.iter_mut().flat_map(|r| r.assertions.iter_mut()) {
            familles.regrouper(&mut assertion.test);
        }
        // Last, once every rewrite is done: each test's text sources (compared with the other
        // tests' as they were before their paths got numbers), then its paths.
        let (mut textes, mut chemins) = (Default::default(), 0);
        for test in regles.iter_mut().flat_map(|r| {
            let predicats = r.contexte.alternatives.iter_mut().flat_map(|a| a.etapes.iter_mut());
            let predicats = predicats.flat_map(|e| e.predicats.iter_mut());
            r.assertions.iter_mut().map(|a| &mut a.test).chain(predicats)
        }) {
            xpath::numeroter_textes(test, &mut textes);
            chemins = xpath::numeroter_chemins(test, chemins);
        }
        let variables = portee.variables;
        let (par_nom, par_namespace, partout) = repartir(&noms, &candidats)?;
        // Without the contexts that test the name in a way it fails: such rules are not even
        // tried on the elements of that name.
        let par_nom = par_nom
            .into_iter()
            .enumerate()
            .map(|(q, candidats)| {
                let (local, q) = (noms.local_du_nom(q as u32), q as u32);
                candidats.iter().filter(|c| !exclu(&regles, c, local, q)).copied().collect()
            })
            .collect();
        let tailles = Tailles {
            memos: memos.nombre,
            variables,
            partages: partages.nombre,
            communes,
            chemins,
        };
        Ok(Regles { noms, regles, par_nom, par_namespace, partout, tailles })
    }

    /// Runs every pattern over the document, in document order. Never inlined: profiles
    /// measure the rules' run by this function.
    #[inline(never)]
    pub(crate) fn executer(&self, doc: &Document<'_>) -> Vec<Echec> {
        let mut ev = Evaluateur::new(doc, &self.noms, self.tailles);
        let mut echecs = Vec::new();
        let mut lignes = Lignes { source: doc.source().as_bytes(), offset: 0, ligne: 1 };
        // By the document's name number, for names the rules do not mention: the candidate
        // rules for its elements, made once, each matched whole on each element (such names
        // share one label, so one class of the guide may hold several of them).
        let mut par_nom: Vec<Option<Box<[Essai]>>> = Vec::new();
        // By class of the guide, for the other names: the candidates left once the names
        // along the element's ancestors are known, which are the same for every element of
        // the class (an invoice's lines repeat a few dozen classes). All classes' lists end
        // to end in `epreuves`, each class's range in `par_classe` (`INCONNUE` until the
        // class is met): one buffer, where a list per class would be an allocation per
        // class, and most classes of a short invoice have one element.
        let mut par_classe: Vec<(u32, u32)> = vec![(INCONNUE, 0); ev.nombre_de_classes()];
        let mut epreuves: Vec<Essai> = Vec::with_capacity(4 * par_classe.len());
        for i in 0..doc.len() {
            // Attributes, text and the document node all have the attribute bit in their
            // label: only elements go on, without looking at the node.
            let etiquette = ev.etiquette_a(i);
            if etiquette & ATTRIBUT != 0 {
                continue;
            }
            let Some(n) = doc.node(i) else { break };
            let candidats: &[Essai] = match self.par_nom.get(etiquette as usize) {
                Some(du_nom) => {
                    let classe = ev.classe(n) as usize;
                    let (debut, fin) = match par_classe.get(classe) {
                        Some(&(debut, fin)) if debut != INCONNUE => (debut as usize, fin as usize),
                        _ => {
                            let debut = epreuves.len();
                            self.epreuves(&ev, du_nom, n, &mut epreuves);
                            // An element outside the guide (none is) has its candidates unkept.
                            if let Some(place) = par_classe.get_mut(classe) {
                                *place = (debut as u32, epreuves.len() as u32);
                            }
                            (debut, epreuves.len())
                        }
                    };
                    epreuves.get(debut..fin).unwrap_or(&[])
                }
                None => {
                    let Some(nom) = doc.name(n) else { continue };
                    if par_nom.len() <= nom.index() {
                        par_nom.resize_with(nom.index() + 1, || None);
                    }
                    let Some(place) = par_nom.get_mut(nom.index()) else { continue };
                    place.get_or_insert_with(|| {
                        let du_nom = self.candidats_du_nom(&ev, n);
                        du_nom.iter().map(|&c| (c, Epreuve::Entiere)).collect()
                    })
                }
            };
            let mut k = 0;
            while let Some(&(c, epreuve)) = candidats.get(k) {
                k += 1;
                let Some(regle) = self.regles.get(c.regle as usize) else { continue };
                let Some(alternative) = regle.contexte.alternatives.get(c.alternative as usize)
                else {
                    continue;
                };
                let correspond = match epreuve {
                    Epreuve::Certaine => true,
                    Epreuve::Predicats => ev.predicats_du_motif(&alternative.etapes, n),
                    Epreuve::Entiere => ev.correspond(alternative, n),
                };
                if !correspond {
                    continue;
                }
                for assertion in &regle.assertions {
                    // A dynamic error (a non-number where a number is needed, two values where
                    // one is) means the rule cannot hold: it fails.
                    let vrai = match assertion.absence.as_ref().and_then(|a| ev.decide(a)) {
                        Some(decidee) => decidee,
                        None => ev.assertion(&assertion.test, n).unwrap_or(false),
                    };
                    if !vrai {
                        echecs.push(Echec {
                            id: assertion.id.to_string(),
                            niveau: assertion.niveau,
                            message: assertion.message.to_string(),
                            emplacement: doc.path(n),
                            ligne: lignes.de(doc.offset(n)),
                        });
                    }
                }
                // The first matching rule of a pattern is the only one.
                while candidats.get(k).is_some_and(|(d, _)| d.pattern == c.pattern) {
                    k += 1;
                }
            }
        }
        echecs
    }

    /// Appends the candidates for the elements of `n`'s class, `candidats` those of its
    /// name, each with what is left to match on each element: the names along its ancestors
    /// are the class's, so patterns of names are settled here but for their predicates.
    fn epreuves(
        &self,
        ev: &Evaluateur<'_>,
        candidats: &[Candidat],
        n: NodeId,
        epreuves: &mut Vec<Essai>,
    ) {
        epreuves.extend(candidats.iter().filter_map(|&c| {
            let alternative = self
                .regles
                .get(c.regle as usize)
                .and_then(|r| r.contexte.alternatives.get(c.alternative as usize))?;
            let epreuve = match ev.par_les_noms(alternative, n) {
                Some(false) => return None,
                Some(true) if alternative.etapes.iter().all(|e| e.predicats.is_empty()) => {
                    Epreuve::Certaine
                }
                Some(true) => Epreuve::Predicats,
                None => Epreuve::Entiere,
            };
            Some((c, epreuve))
        }));
    }

    /// The candidates for elements of `n`'s name, without those whose context tests the
    /// name in a way that name fails (`//*[ends-with(name(), 'Amount')]` on a `cbc:ID`):
    /// such rules are not even tried on the document's other elements of that name.
    /// For a name the rules do not mention.
    fn candidats_du_nom(&self, ev: &Evaluateur<'_>, n: NodeId) -> Box<[Candidat]> {
        let local = ev.document().local_name(n);
        let q = ev.nom(n);
        self.candidats(ev, n)
            .iter()
            .filter(|c| !exclu(&self.regles, c, local, q))
            .copied()
            .collect()
    }

    fn candidats(&self, ev: &Evaluateur<'_>, n: NodeId) -> &[Candidat] {
        let ns = ev.namespace(n);
        if let Some(c) = self.par_namespace.get(ns as usize).filter(|_| ns != AUCUN) {
            return c;
        }
        &self.partout
    }
}

/// Whether the candidate's context tests the name in a way this name fails
/// (`//*[ends-with(name(), 'Amount')]` on a `cbc:ID`).
fn exclu(regles: &[Regle], c: &Candidat, local: &str, q: u32) -> bool {
    let derniere = regles
        .get(c.regle as usize)
        .and_then(|r| r.contexte.alternatives.get(c.alternative as usize))
        .and_then(|a| a.etapes.last());
    derniere.is_some_and(|etape| etape.predicats.iter().any(|p| faux_par_le_nom(p, local, q)))
}

/// Whether a context's predicate is false for an element of this name. Any conjunct that is
/// settles it, in any order: a pattern's predicate that fails (or errs) is a non-match.
fn faux_par_le_nom(p: &Expr, local: &str, q: u32) -> bool {
    match p {
        Expr::Et(a, b) => faux_par_le_nom(a, local, q) || faux_par_le_nom(b, local, q),
        _ => xpath::par_le_nom(p, local, q) == Some(false),
    }
}

type Repartition = (Vec<Box<[Candidat]>>, Vec<Box<[Candidat]>>, Box<[Candidat]>);

fn repartir(noms: &Noms, candidats: &[(Candidat, Test)]) -> Result<Repartition, String> {
    let mut par_nom: Vec<Vec<Candidat>> = vec![Vec::new(); noms.len()];
    let mut namespaces: Vec<Vec<Candidat>> = Vec::new();
    let mut partout = Vec::new();
    for (c, test) in candidats {
        match test {
            Test::Nom(q) => par_nom.get_mut(*q as usize).ok_or("unknown name")?.push(*c),
            Test::Noms(qs) => {
                for q in qs {
                    par_nom.get_mut(*q as usize).ok_or("unknown name")?.push(*c);
                }
            }
            Test::Namespace(ns) => {
                let ns = *ns as usize;
                if namespaces.len() <= ns {
                    namespaces.resize(ns + 1, Vec::new());
                }
                namespaces[ns].push(*c);
            }
            Test::Tout => partout.push(*c),
            Test::Noeud | Test::Texte => return Err("a context matching non-elements".into()),
        }
    }
    let fusion = |mut a: Vec<Candidat>, b: &[Candidat], c: &[Candidat]| {
        a.extend_from_slice(b);
        a.extend_from_slice(c);
        a.sort_unstable();
        a.dedup();
        a.into_boxed_slice()
    };
    let vide: &[Candidat] = &[];
    let par_nom = par_nom
        .into_iter()
        .enumerate()
        .map(|(q, propres)| {
            let ns = noms.namespace_du_nom(q as u32) as usize;
            fusion(propres, namespaces.get(ns).map_or(vide, Vec::as_slice), &partout)
        })
        .collect();
    let par_namespace =
        namespaces.iter().map(|propres| fusion(propres.clone(), vide, &partout)).collect();
    partout.sort_unstable();
    Ok((par_nom, par_namespace, partout.into_boxed_slice()))
}

/// Line numbers for failures, which come in document order: counted from the previous one.
struct Lignes<'a> {
    source: &'a [u8],
    offset: usize,
    ligne: u32,
}

impl Lignes<'_> {
    fn de(&mut self, offset: usize) -> u32 {
        if offset < self.offset {
            self.offset = 0;
            self.ligne = 1;
        }
        let entre = self.source.get(self.offset..offset).unwrap_or(&[]);
        let sauts = entre.iter().filter(|&&b| b == b'\n').count();
        self.ligne = self.ligne.saturating_add(u32::try_from(sauts).unwrap_or(u32::MAX));
        self.offset = offset;
        self.ligne
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const SCHEMA: &str = r#"<schema xmlns="http://purl.oclc.org/dsdl/schematron">
  <ns prefix="c" uri="urn:c"/>
  <ns prefix="i" uri="urn:i"/>
  <ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>
  <pattern id="un">
    <rule context="c:Line[c:ID = 2]"><assert id="A" flag="fatal" test="false()">[A] line 2</assert></rule>
    <rule context="c:Line"><assert id="B" flag="warning" test="false()">[B] other lines</assert></rule>
  </pattern>
  <pattern id="deux">
    <rule context="/i:Invoice/c:Line[xs:decimal(c:ID) > 1]"><assert id="C" flag="fatal" test="c:ID != 3">[C]</assert></rule>
    <rule context="//c:*"><assert id="D" flag="fatal" test="false()">[D]
      any other c: element</assert></rule>
  </pattern>
</schema>"#;

    /// A schema binding the prefixes `c`, `d` and `i` to `urn:c`, `urn:d` and `urn:i`, with
    /// these patterns.
    fn schema(patterns: &[String]) -> String {
        let ns = |p: &str| format!("<ns prefix=\"{p}\" uri=\"urn:{p}\"/>");
        format!(
            "<schema xmlns=\"http://purl.oclc.org/dsdl/schematron\">{}{}{}{}</schema>",
            ns("c"),
            ns("d"),
            ns("i"),
            patterns.concat()
        )
    }

    /// A pattern of rules, each a context and an assert, named by its id, that always fails.
    fn pattern(regles: &[(&str, &str)]) -> String {
        let regles: String = regles
            .iter()
            .map(|(contexte, id)| {
                format!(
                    "<rule context=\"{contexte}\"><assert id=\"{id}\" flag=\"fatal\" test=\"false()\">[{id}]</assert></rule>"
                )
            })
            .collect();
        format!("<pattern>{regles}</pattern>")
    }

    /// The failures of a document under a schema.
    fn echecs(schema: &str, xml: &str) -> Vec<Echec> {
        let regles = Regles::compiler(schema).unwrap();
        let doc = Document::parse(xml.as_bytes(), &Limites::default()).unwrap();
        regles.executer(&doc)
    }

    #[test]
    fn in_a_pattern_only_the_first_matching_rule_fires() {
        let xml = r#"<Invoice xmlns="urn:i" xmlns:c="urn:c">
<c:Line><c:ID>1</c:ID></c:Line><c:Line><c:ID>2</c:ID></c:Line><c:Line><c:ID>3</c:ID></c:Line><c:Line><c:ID>x</c:ID></c:Line>
</Invoice>"#;
        let echecs = echecs(SCHEMA, xml);
        let ou = |id: &str| -> Vec<String> {
            echecs.iter().filter(|e| e.id == id).map(|e| e.emplacement.clone()).collect()
        };
        assert_eq!(ou("A"), ["/Invoice/Line[2]"]);
        // Not on line 2, which rule A took in the same pattern.
        assert_eq!(ou("B"), ["/Invoice/Line[1]", "/Invoice/Line[3]", "/Invoice/Line[4]"]);
        assert_eq!(ou("C"), ["/Invoice/Line[3]"]);
        // (Paths use the usual prefixes of invoice namespaces only.) Lines 2 and 3 went to rule C; line 1 (ID not > 1) and line 4 (an error in the
        // context's predicate is a non-match) fall through to D, as every c:ID does.
        assert_eq!(ou("D").len(), 2 + 4, "{:?}", ou("D"));
        assert!(ou("D").contains(&"/Invoice/Line[4]".to_owned()));
        let d = echecs.iter().find(|e| e.id == "D").unwrap();
        assert_eq!(
            (d.niveau, d.message.as_str(), d.ligne),
            (Niveau::Fatal, "[D] any other c: element", 2)
        );
        assert_eq!(
            echecs.iter().find(|e| e.id == "B").map(|e| e.niveau),
            Some(Niveau::Avertissement)
        );
    }

    #[test]
    fn elements_of_one_name_match_by_their_ancestors_each_element_its_own_predicates() {
        let schema = schema(&[pattern(&[
            ("/i:Invoice/c:ID", "R"),
            ("c:A/c:ID[. = 'x']", "X"),
            ("c:A/c:ID", "A"),
            ("c:ID", "I"),
        ])]);
        let xml = r#"<Invoice xmlns="urn:i" xmlns:c="urn:c"><c:ID/><c:A><c:ID>x</c:ID></c:A><c:B><c:ID/><c:A><c:ID/></c:A></c:B><c:A><c:ID/></c:A><c:A><c:ID>x</c:ID></c:A></Invoice>"#;
        let echecs = echecs(&schema, xml);
        let ids: Vec<&str> = echecs.iter().map(|e| e.id.as_str()).collect();
        // In document order: the root's ID, then each ID by its ancestors and, among the IDs
        // of one path, by its own value.
        assert_eq!(ids, ["R", "X", "I", "A", "A", "X"]);
    }

    #[test]
    fn a_star_step_matches_any_element_in_its_place() {
        let schema = schema(&[
            pattern(&[("/*/c:T/c:X[. = 'y']", "S"), ("/*/c:X", "R"), ("c:X", "O")]),
            pattern(&[("*/i:Invoice", "D")]),
        ]);
        let xml = r#"<Invoice xmlns="urn:i" xmlns:c="urn:c"><c:X/><c:T><c:X>y</c:X><c:X>n</c:X></c:T><c:U><c:T><c:X>y</c:X></c:T></c:U></Invoice>"#;
        let ids: Vec<String> = echecs(&schema, xml).into_iter().map(|e| e.id).collect();
        // `/*` is the root element, whatever its name, and only it; `*` is no document node.
        assert_eq!(ids, ["R", "S", "O", "O"]);
    }

    #[test]
    fn names_the_rules_never_mention_keep_their_own_candidates_within_a_class() {
        // `c:FooBar` and `c:FooAmount` are both unknown to the rules: one label, one class of
        // the guide, but only the second ends with `Amount`.
        // `c:Known` makes `c` a namespace the rules know; the document has none.
        let schema = schema(&[
            pattern(&[("//*[ends-with(name(), 'Amount')]", "M"), ("d:*", "D")]),
            pattern(&[("c:Known", "K")]),
        ]);
        let xml = r#"<Invoice xmlns="urn:i" xmlns:c="urn:c" xmlns:d="urn:d"><c:FooBar/><c:FooAmount/><d:Foo/><c:Other/></Invoice>"#;
        let echecs = echecs(&schema, xml);
        let ou: Vec<(&str, &str)> =
            echecs.iter().map(|e| (e.id.as_str(), e.emplacement.as_str())).collect();
        assert_eq!(ou.len(), 2, "{ou:?}");
        assert_eq!(ou[0].0, "M");
        assert!(ou[0].1.ends_with("FooAmount"), "{ou:?}");
        assert_eq!(ou[1].0, "D");
    }

    #[test]
    fn unsupported_schematron_is_refused_at_compile_time() {
        let report = SCHEMA.replace("<assert id=\"A\"", "<report id=\"A\"").replace(
            "</assert></rule>\n    <rule context=\"c:Line\">",
            "</report></rule>\n    <rule context=\"c:Line\">",
        );
        assert!(Regles::compiler(&report).is_err());
        assert!(Regles::compiler(&SCHEMA.replace("false()", "position()")).is_err());
    }
}
