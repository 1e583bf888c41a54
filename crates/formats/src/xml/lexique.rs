//! The names a thread's documents share: a reader resolves the same few dozen names in every
//! invoice, and walks the same structure (every UBL invoice has the same children in the same
//! order), so what it learnt on one document is kept for the next.
//!
//! A [`Lexique`] numbers expanded names (namespace, local name) once; a [`Document`] holds the
//! lexicon it was read with (its names are a subset of the lexicon's) and gives it back to its
//! thread when dropped, for the next document to take. The reader's caches (qualified names
//! resolved, the tag that followed each tag) are kept with it, each valid under the bindings of
//! the prefixes it resolved names through: a document takes the cache whose bindings its root
//! repeats (a UBL invoice's, a credit note's, a CII invoice's), or a new one.
//!
//! [`Document`]: super::Document

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use super::NONE;

/// A lexicon of more names than this is not kept for the next document: invoices use about a
/// hundred, and a document of thousands would only weigh on the documents after it.
const NAMES_KEPT: usize = 2048;

/// Invoices use fewer than a hundred names: a new lexicon's name tables are sized once for them.
const NAMES: usize = 128;

/// Reader caches kept, for as many ways of binding prefixes (a thread reading UBL invoices,
/// credit notes and CII invoices uses three).
const CACHES: usize = 4;

thread_local! {
    static LEXIQUE: Cell<Option<Lexique>> = const { Cell::new(None) };
}

/// Numbers lexicons apart, so that a reader of names can tell that its mapping of a lexicon's
/// names still holds (the lexicon has only grown since) or not.
static NUMEROS: AtomicU64 = AtomicU64::new(1);

#[derive(Debug)]
pub(super) struct Name {
    namespace: u32,
    local: Box<str>,
    /// The previous name with the same local name, or `NONE`.
    same_local: u32,
}

#[derive(Debug, Default)]
pub(super) struct Lexique {
    /// This lexicon's number (0 for an empty one, never handed to a reader).
    numero: u64,
    namespaces: Vec<Box<str>>,
    namespace_index: FxHashMap<Box<str>, u32>,
    names: Vec<Name>,
    /// Local name to the last name bearing it (the others are chained through
    /// [`Name::same_local`]). The hash is rustc's (fast on short keys); the keys come from
    /// documents, so a document can fill the table with colliding names: that slows down
    /// that document and, within [`NAMES_KEPT`], the next ones on its thread.
    name_index: FxHashMap<Box<str>, u32>,
    /// The reader's cache for the bindings in force.
    pub(super) cache: Cache,
    /// Caches for other bindings, the least recently used first.
    others: Vec<Cache>,
}

/// What a reader learnt of qualified names under some bindings.
#[derive(Debug, Default)]
pub(super) struct Cache {
    /// The bindings (prefix, namespace) the qualified names were resolved through (the cache
    /// is forgotten whenever a binding changes, so there is one per prefix): they hold for a
    /// document whose root binds these prefixes the same, whatever else it declares.
    pub(super) prefixes: Vec<(Box<str>, Box<str>)>,
    /// Qualified element names resolved: their name and their number in `qnames`.
    pub(super) element_names: FxHashMap<Box<str>, (u32, u32)>,
    pub(super) attribute_names: FxHashMap<Box<str>, u32>,
    /// Qualified element names, by number.
    pub(super) qnames: Vec<Box<str>>,
    /// By name: the start tag that followed the last start tag of that name (its first
    /// child), and the one that followed its last end tag (its next sibling), as qualified
    /// name number and name. Invoices repeat their structure: a start tag that repeats the
    /// prediction is compared, not scanned and looked up.
    pub(super) after_start: Vec<Option<(u32, u32)>>,
    pub(super) after_end: Vec<Option<(u32, u32)>>,
}

impl Lexique {
    /// The thread's lexicon, or a new one.
    pub(super) fn prendre() -> Self {
        LEXIQUE.try_with(Cell::take).ok().flatten().unwrap_or_else(|| Lexique {
            numero: NUMEROS.fetch_add(1, Ordering::Relaxed),
            names: Vec::with_capacity(NAMES),
            name_index: FxHashMap::with_capacity_and_hasher(NAMES, Default::default()),
            ..Lexique::default()
        })
    }

    /// Back to the thread for its next document, unless it holds one already (another
    /// document was read meanwhile) or this one grew too large.
    pub(super) fn rendre(self) {
        let qnames = self.others.iter().chain([&self.cache]).map(|c| c.qnames.len()).sum::<usize>();
        if self.numero == 0 || self.names.len() > NAMES_KEPT || qnames > NAMES_KEPT {
            return;
        }
        let _ = LEXIQUE.try_with(|slot| {
            let kept = slot.take();
            slot.set(kept.or(Some(self)));
        });
    }

    pub(super) fn numero(&self) -> u64 {
        self.numero
    }

    pub(super) fn len(&self) -> usize {
        self.names.len()
    }

    /// Namespace URI (empty when none) and local name.
    pub(super) fn expanded(&self, id: u32) -> (&str, &str) {
        match self.names.get(id as usize) {
            Some(name) => {
                (self.namespaces.get(name.namespace as usize).map_or("", |n| n), &name.local)
            }
            None => ("", ""),
        }
    }

    pub(super) fn find(&self, namespace: &str, local: &str) -> Option<u32> {
        let mut id = *self.name_index.get(local)?;
        while let Some(name) = self.names.get(id as usize) {
            if self.namespaces.get(name.namespace as usize).is_some_and(|n| **n == *namespace) {
                return Some(id);
            }
            id = name.same_local;
        }
        None
    }

    /// The id of a name, added on first use.
    pub(super) fn intern(&mut self, namespace: &str, local: &str) -> u32 {
        if let Some(id) = self.find(namespace, local) {
            return id;
        }
        let namespace = match self.namespace_index.get(namespace) {
            Some(&ns) => ns,
            None => {
                let ns = self.namespaces.len() as u32;
                self.namespaces.push(namespace.into());
                self.namespace_index.insert(namespace.into(), ns);
                ns
            }
        };
        let id = self.names.len() as u32;
        let same_local = self.name_index.insert(local.into(), id).unwrap_or(NONE);
        self.names.push(Name { namespace, local: local.into(), same_local });
        id
    }

    /// Makes the cache in force one whose bindings `hold` for a document (the one in force,
    /// most often), or a new one, putting the least recently used away if there are too many.
    pub(super) fn adopt(&mut self, hold: impl Fn(&[(Box<str>, Box<str>)]) -> bool) {
        if hold(&self.cache.prefixes) {
            return;
        }
        let cache = match self.others.iter().position(|c| hold(&c.prefixes)) {
            Some(i) => self.others.remove(i),
            None if self.others.len() + 1 < CACHES => Cache::default(),
            None => {
                let mut oldest = self.others.remove(0);
                oldest.forget();
                oldest
            }
        };
        let previous = std::mem::replace(&mut self.cache, cache);
        self.others.push(previous);
    }
}

impl Cache {
    /// Notes that a cached name was resolved through this binding.
    pub(super) fn bound(&mut self, prefix: &str, namespace: &str) {
        if !self.prefixes.iter().any(|(p, _)| **p == *prefix) {
            self.prefixes.push((prefix.into(), namespace.into()));
        }
    }

    /// Forgets what was learnt under other bindings.
    pub(super) fn forget(&mut self) {
        self.prefixes.clear();
        self.element_names.clear();
        self.attribute_names.clear();
        self.qnames.clear();
        self.after_start.clear();
        self.after_end.clear();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::{Document, Limites};

    fn parse(xml: &str) -> Result<Document<'_>, String> {
        Document::parse(xml.as_bytes(), &Limites::default()).map_err(|e| e.to_string())
    }

    /// Each element's and attribute's namespace and local name, in document order.
    fn names(doc: &Document<'_>) -> Vec<(String, String)> {
        doc.descendants(doc.document_node())
            .flat_map(|n| std::iter::once(n).chain(doc.attributes(n)))
            .filter(|&n| doc.name(n).is_some())
            .map(|n| (doc.namespace(n).to_owned(), doc.local_name(n).to_owned()))
            .collect()
    }

    fn expected(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, l)| ((*n).to_owned(), (*l).to_owned())).collect()
    }

    #[test]
    fn names_learnt_on_one_document_resolve_under_the_next_ones_own_bindings() {
        // The same structure, the first time and when predicted from the first document.
        for _ in 0..2 {
            let doc = parse("<a xmlns:p='urn:1'><p:b p:x='1'><p:c/></p:b><p:b/></a>").unwrap();
            assert_eq!(
                names(&doc),
                expected(&[
                    ("", "a"),
                    ("urn:1", "b"),
                    ("urn:1", "x"),
                    ("urn:1", "c"),
                    ("urn:1", "b")
                ])
            );
        }
        // The same tags under another binding of the prefix.
        let doc = parse("<a xmlns:p='urn:2'><p:b p:x='1'><p:c/></p:b><p:b/></a>").unwrap();
        assert_eq!(
            names(&doc),
            expected(&[("", "a"), ("urn:2", "b"), ("urn:2", "x"), ("urn:2", "c"), ("urn:2", "b")])
        );
        // The first binding again, and the second: each finds its own names.
        for (uri, autre) in [("urn:1", "urn:2"), ("urn:2", "urn:1"), ("urn:1", "urn:2")] {
            let xml = format!("<a xmlns:p='{uri}' xmlns:q='{autre}'><p:b p:x='1'><q:c/></p:b></a>");
            let doc = parse(&xml).unwrap();
            assert_eq!(names(&doc), expected(&[("", "a"), (uri, "b"), (uri, "x"), (autre, "c")]));
        }
        // The prefix bound by no declaration at all: an error, not the last document's name.
        let erreur = parse("<a><p:b/></a>").unwrap_err();
        assert!(erreur.contains("the prefix p is not declared"), "{erreur}");
        // Bound below the root only, then unbound: the next document is not misled either.
        let doc = parse("<a xmlns:p='urn:1'><p:b xmlns:p='urn:3'><p:c/></p:b><p:b/></a>").unwrap();
        assert_eq!(
            names(&doc),
            expected(&[("", "a"), ("urn:3", "b"), ("urn:3", "c"), ("urn:1", "b")])
        );
        let doc = parse("<a xmlns:p='urn:1'><p:b><p:c/></p:b><p:b/></a>").unwrap();
        assert_eq!(
            names(&doc),
            expected(&[("", "a"), ("urn:1", "b"), ("urn:1", "c"), ("urn:1", "b")])
        );
        // A document that ends, broken, inside such a binding.
        assert!(parse("<a xmlns:p='urn:1'><p:b xmlns:p='urn:3'><p:c/>").is_err());
        let doc = parse("<a xmlns:p='urn:1'><p:b><p:c/></p:b></a>").unwrap();
        assert_eq!(names(&doc), expected(&[("", "a"), ("urn:1", "b"), ("urn:1", "c")]));
    }

    #[test]
    fn documents_read_while_another_is_alive_have_their_own_names() {
        let first = parse("<a xmlns='urn:1'><b x='1'/></a>").unwrap();
        let second = parse("<a xmlns='urn:2'><c y='2'/></a>").unwrap();
        assert_eq!(names(&first), expected(&[("urn:1", "a"), ("urn:1", "b"), ("", "x")]));
        assert_eq!(names(&second), expected(&[("urn:2", "a"), ("urn:2", "c"), ("", "y")]));
        assert!(second.name_id("urn:1", "b").is_none());
        drop(first);
        drop(second);
        // The lexicon given back holds the names of earlier documents: a document finds its
        // own, and the ids of names it does not use lead to none of its nodes.
        let third = parse("<a xmlns='urn:1'><d/></a>").unwrap();
        assert_eq!(names(&third), expected(&[("urn:1", "a"), ("urn:1", "d")]));
        let b = third.name_id("urn:1", "b");
        assert!(third.descendants(third.root()).all(|n| third.name(n) != b));
    }
}
