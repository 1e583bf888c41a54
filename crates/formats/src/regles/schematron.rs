//! A Schematron file compiled into rules, and their run over a document.
//!
//! Schematron's semantics, as the ISO skeleton compiles it to XSLT: every pattern visits every
//! element; within a pattern an element is handled by the first rule whose context matches it
//! (rules are templates of decreasing priority), whose asserts then fail when their test's
//! effective boolean value is false. Here, rules are indexed by the name their context's last
//! step tests, so an element is only matched against the rules that can apply to it.

use std::collections::HashMap;

use super::xpath::{self, AUCUN, Evaluateur, Expr, Motif, Noms, Portee, Test};
use super::{Echec, Niveau};
use crate::xml::{Document, Kind, Limites, NodeId};

const SCHEMATRON: &str = "http://purl.oclc.org/dsdl/schematron";

pub(crate) struct Regles {
    noms: Noms,
    regles: Vec<Regle>,
    /// By name number: the rules that may match an element of that name, in order.
    par_nom: Vec<Box<[Candidat]>>,
    /// By namespace number, for names no rule mentions: `ns:*` and `*` rules.
    par_namespace: Vec<Box<[Candidat]>>,
    /// `*` rules, for elements in other namespaces.
    partout: Box<[Candidat]>,
    memos: u32,
    variables: u16,
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
}

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
                    let message =
                        doc.string_value(a).split_whitespace().collect::<Vec<_>>().join(" ");
                    assertions.push(Assertion {
                        id: id.into(),
                        niveau,
                        message: message.into(),
                        test,
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
        for assertion in regles.iter_mut().flat_map(|r| r.assertions.iter_mut()) {
            partages.compter(&mut assertion.test);
        }
        for assertion in regles.iter_mut().flat_map(|r| r.assertions.iter_mut()) {
            partages.partager(&mut assertion.test);
        }
        let variables = portee.variables;
        let (par_nom, par_namespace, partout) = repartir(&noms, &candidats)?;
        let memos = memos.nombre;
        Ok(Regles { noms, regles, par_nom, par_namespace, partout, memos, variables })
    }

    /// Runs every pattern over the document, in document order.
    pub(crate) fn executer(&self, doc: &Document<'_>) -> Vec<Echec> {
        let mut ev = Evaluateur::new(doc, &self.noms, self.memos, self.variables);
        let mut echecs = Vec::new();
        let mut lignes = Lignes { source: doc.source().as_bytes(), offset: 0, ligne: 1 };
        for i in 0..doc.len() {
            let Some(n) = doc.node(i) else { break };
            if doc.kind(n) != Kind::Element {
                continue;
            }
            let candidats = self.candidats(&ev, n);
            let mut k = 0;
            while let Some(c) = candidats.get(k) {
                k += 1;
                let Some(regle) = self.regles.get(c.regle as usize) else { continue };
                let Some(alternative) = regle.contexte.alternatives.get(c.alternative as usize)
                else {
                    continue;
                };
                if !ev.correspond(alternative, n) {
                    continue;
                }
                for assertion in &regle.assertions {
                    // A dynamic error (a non-number where a number is needed, two values where
                    // one is) means the rule cannot hold: it fails.
                    if !ev.booleen(&assertion.test, n).unwrap_or(false) {
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
                while candidats.get(k).is_some_and(|d| d.pattern == c.pattern) {
                    k += 1;
                }
            }
        }
        echecs
    }

    fn candidats(&self, ev: &Evaluateur<'_>, n: NodeId) -> &[Candidat] {
        let q = ev.nom(n);
        if let Some(c) = self.par_nom.get(q as usize).filter(|_| q != AUCUN) {
            return c;
        }
        let ns = ev.namespace(n);
        if let Some(c) = self.par_namespace.get(ns as usize).filter(|_| ns != AUCUN) {
            return c;
        }
        &self.partout
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
