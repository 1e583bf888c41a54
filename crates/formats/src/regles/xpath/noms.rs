//! The expanded names a rule set mentions, numbered once at compile time. A document's own
//! names are mapped onto these numbers once per document ([`Noms::pour`]), so testing a node's
//! name during evaluation is an integer comparison, never a string one.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::atomic::{AtomicU64, Ordering};

use super::guide::Multiplicatif;

/// The rule set's names are fixed: a document's strings are only looked up, never inserted,
/// so a fast hash cannot be made to degrade.
type Table<K> = HashMap<K, u32, BuildHasherDefault<Multiplicatif>>;

use crate::xml::{Document, NameId, NodeId};

/// No name of the rule set.
pub(crate) const AUCUN: u32 = u32::MAX;

/// Numbers rule sets apart, for [`NomsDuDocument`] to tell which one it maps names onto.
static NUMEROS: AtomicU64 = AtomicU64::new(1);

#[derive(Debug)]
pub(crate) struct Noms {
    numero: u64,
    namespaces: Vec<Box<str>>,
    par_namespace: Table<Box<str>>,
    /// For each namespace, its local names and their numbers.
    locaux: Vec<Table<Box<str>>>,
    /// Number → namespace.
    namespace_de: Vec<u32>,
    /// Number → local name.
    local_de: Vec<Box<str>>,
}

impl Default for Noms {
    fn default() -> Self {
        Noms {
            numero: NUMEROS.fetch_add(1, Ordering::Relaxed),
            namespaces: Vec::new(),
            par_namespace: Table::default(),
            locaux: Vec::new(),
            namespace_de: Vec::new(),
            local_de: Vec::new(),
        }
    }
}

impl Noms {
    pub(crate) fn namespace(&mut self, uri: &str) -> u32 {
        if let Some(&ns) = self.par_namespace.get(uri) {
            return ns;
        }
        let ns = self.namespaces.len() as u32;
        self.namespaces.push(uri.into());
        self.par_namespace.insert(uri.into(), ns);
        self.locaux.push(Table::default());
        ns
    }

    pub(crate) fn nom(&mut self, uri: &str, local: &str) -> u32 {
        let ns = self.namespace(uri);
        let next = self.namespace_de.len() as u32;
        let Some(locaux) = self.locaux.get_mut(ns as usize) else { return AUCUN };
        if let Some(&q) = locaux.get(local) {
            return q;
        }
        locaux.insert(local.into(), next);
        self.namespace_de.push(ns);
        self.local_de.push(local.into());
        next
    }

    pub(crate) fn len(&self) -> usize {
        self.namespace_de.len()
    }

    pub(crate) fn namespace_du_nom(&self, q: u32) -> u32 {
        self.namespace_de.get(q as usize).copied().unwrap_or(AUCUN)
    }

    pub(crate) fn local_du_nom(&self, q: u32) -> &str {
        self.local_de.get(q as usize).map_or("", |l| l)
    }

    /// The rule set's number of each of the document's names, and of its namespace.
    /// `reprise`: the mapping made for an earlier document; its names hold when that document
    /// was read with the same lexicon (which only grows), and only the names added since are
    /// mapped (see [`Document::lexicon`]).
    pub(crate) fn pour(
        &self,
        doc: &Document<'_>,
        reprise: Option<NomsDuDocument>,
    ) -> NomsDuDocument {
        let (lexique, taille) = doc.lexicon();
        let mut faits = match reprise {
            Some(faits) if faits.lexique == (self.numero, lexique) => faits,
            _ => NomsDuDocument {
                lexique: (self.numero, lexique),
                noms: Vec::with_capacity(taille),
                namespaces: Vec::with_capacity(taille),
            },
        };
        // A document uses a handful of namespaces, its names alternating between them (`cbc`,
        // `cac`): each URI is hashed once, then found among those already seen, which differ
        // from it in length or within a few bytes. A document of many namespaces gets its
        // first few so, the others hashed each time.
        const VUS_MAX: usize = 8;
        let mut vus: Vec<(&str, Option<u32>)> = Vec::with_capacity(VUS_MAX);
        for (id, uri, local) in doc.names(faits.noms.len()) {
            let ns = match vus.iter().find(|(vu, _)| *vu == uri) {
                Some(&(_, ns)) => ns,
                None => {
                    let ns = self.par_namespace.get(uri).copied();
                    if vus.len() < VUS_MAX {
                        vus.push((uri, ns));
                    }
                    ns
                }
            };
            let q = ns
                .and_then(|ns| self.locaux.get(ns as usize))
                .and_then(|locaux| locaux.get(local))
                .copied();
            let i = id.index();
            if faits.noms.len() <= i {
                faits.noms.resize(i + 1, AUCUN);
                faits.namespaces.resize(i + 1, AUCUN);
            }
            faits.noms[i] = q.unwrap_or(AUCUN);
            faits.namespaces[i] = ns.unwrap_or(AUCUN);
        }
        faits
    }
}

/// A document's names as numbers of the rule set.
#[derive(Debug, Default)]
pub(crate) struct NomsDuDocument {
    /// The rule set's and the lexicon's numbers.
    lexique: (u64, u64),
    noms: Vec<u32>,
    namespaces: Vec<u32>,
}

impl NomsDuDocument {
    /// The rule set's number of one of the document's names, [`AUCUN`] for another.
    #[inline]
    pub(crate) fn numero(&self, nom: NameId) -> u32 {
        self.noms.get(nom.index()).copied().unwrap_or(AUCUN)
    }

    #[inline]
    pub(crate) fn namespace(&self, doc: &Document<'_>, n: NodeId) -> u32 {
        doc.name(n).and_then(|id| self.namespaces.get(id.index())).copied().unwrap_or(AUCUN)
    }
}
