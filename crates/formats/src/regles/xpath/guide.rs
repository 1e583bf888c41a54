//! A document's structural summary (a DataGuide): every element and attribute gets a class, its
//! path of names from the root, and the nodes of each class are kept in document order.
//!
//! A path of plain name steps (`cac:InvoiceLine/cac:Item/cbc:Name`, `cbc:ID/@schemeID`) from a
//! node that is alone in its class (the root, the document's totals…) then needs no walk: its
//! classes follow from the node's class by one lookup per step, and its nodes are all the nodes
//! of those classes (a node of class `C/a/b` is two levels below a node of class `C`, so below
//! the only one). From a node with siblings of its class (an invoice line), walking its few
//! children is cheaper than searching the class for its subtree, so the guide is not used.
//!
//! The rules are full of such paths on the root (hundreds of "shall not be used" asserts, sums
//! over lines), which is what makes this worth one pass over the document: they cost a few
//! lookups however many lines the invoice has.

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::noms::{AUCUN, NomsDuDocument};
use crate::xml::{Document, Kind, NodeId};

/// The label of an attribute step: its name number with this bit.
pub(crate) const ATTRIBUT: u32 = 1 << 31;

/// A name the rules never mention: any step testing a name misses it.
pub(crate) const INCONNU: u32 = ATTRIBUT - 1;

/// In a pattern of names ([`Alternative::noms`](super::ast::Alternative::noms)), the step
/// `*`: any element (a label without the [`ATTRIBUT`] bit), never a node's own label.
pub(crate) const ELEMENT: u32 = INCONNU - 1;

/// Each node's label: its name's number for an element, with [`ATTRIBUT`] for an attribute
/// ([`INCONNU`] for names the rules never mention), [`AUCUN`] for the document and text.
/// Node tests compare labels, one load per node.
pub(crate) fn etiquettes(doc: &Document<'_>, noms: &NomsDuDocument) -> Vec<u32> {
    doc.kinds_and_names()
        .map(|(kind, nom)| match (kind, nom) {
            (Kind::Element, Some(nom)) => noms.numero(nom).min(INCONNU),
            (Kind::Attribute, Some(nom)) => noms.numero(nom).min(INCONNU) | ATTRIBUT,
            _ => AUCUN,
        })
        .collect()
}

/// By the rule set's name number: whether a node of the document has the name, from the
/// nodes' labels (see [`etiquettes`]).
pub(crate) fn presents(etiquettes: &[u32], nombre_de_noms: usize) -> Vec<bool> {
    let mut presents = vec![false; nombre_de_noms];
    for &etiquette in etiquettes {
        // Names the rules do not mention, and nodes without a name, fall outside.
        if let Some(p) = presents.get_mut((etiquette & !ATTRIBUT) as usize) {
            *p = true;
        }
    }
    presents
}

pub(crate) struct Guide {
    /// By node index; [`AUCUN`] for text nodes.
    classes: Vec<u32>,
    /// (class, label) → class below.
    suivantes: HashMap<u64, u32, BuildHasherDefault<Multiplicatif>>,
    /// Nodes grouped by class, each group in document order.
    noeuds: Vec<NodeId>,
    /// Where each class's group starts in `noeuds`, one more for the end.
    debuts: Vec<u32>,
    /// By class: the label of its nodes.
    etiquettes: Vec<u32>,
    /// By class: where its last search below a node ended ([`Guide::noeuds_sous`]). Rules
    /// visit the lines in document order, so the next search starts there and moves a step.
    curseurs: Vec<Cell<u32>>,
}

impl Guide {
    /// `etiquettes`: each node's label (see [`etiquettes`]).
    pub(crate) fn new(doc: &Document<'_>, etiquettes: &[u32]) -> Self {
        let mut classes = vec![AUCUN; doc.len()];
        // Classes are the document's distinct paths: a few hundred in an invoice of any
        // length. Sized for them up front, the table is not rehashed as it fills.
        let places = doc.len().min(1024);
        let mut suivantes: HashMap<u64, u32, BuildHasherDefault<Multiplicatif>> =
            HashMap::with_capacity_and_hasher(places, Default::default());
        let mut effectifs: Vec<u32> = Vec::with_capacity(places + 1);
        let mut etiquettes_des_classes: Vec<u32> = Vec::with_capacity(places + 1);
        effectifs.push(0);
        etiquettes_des_classes.push(AUCUN);
        if let Some(c) = classes.first_mut() {
            *c = 0;
            effectifs[0] = 1;
        }
        for i in 1..doc.len() {
            let etiquette = etiquettes.get(i).copied().unwrap_or(AUCUN);
            let Some(n) = doc.node(i).filter(|_| etiquette != AUCUN) else { continue };
            // Parents come first in document order: their class is known.
            let parent =
                doc.parent(n).map_or(AUCUN, |p| classes.get(p.index()).copied().unwrap_or(AUCUN));
            if parent == AUCUN {
                continue;
            }
            let nouvelle = effectifs.len() as u32;
            let classe = *suivantes
                .entry(u64::from(parent) << 32 | u64::from(etiquette))
                .or_insert(nouvelle);
            if classe == nouvelle {
                effectifs.push(0);
                etiquettes_des_classes.push(etiquette);
            }
            if let Some(e) = effectifs.get_mut(classe as usize) {
                *e += 1;
            }
            if let Some(c) = classes.get_mut(i) {
                *c = classe;
            }
        }
        // Counting sort: document order within each class comes for free.
        let mut debuts = Vec::with_capacity(effectifs.len() + 1);
        let mut total = 0u32;
        for e in &effectifs {
            debuts.push(total);
            total += e;
        }
        debuts.push(total);
        let mut places = debuts.clone();
        let mut noeuds = vec![doc.document_node(); total as usize];
        for (i, &classe) in classes.iter().enumerate() {
            if classe == AUCUN {
                continue;
            }
            let (Some(place), Some(n)) = (places.get_mut(classe as usize), doc.node(i)) else {
                continue;
            };
            if let Some(slot) = noeuds.get_mut(*place as usize) {
                *slot = n;
            }
            *place += 1;
        }
        let curseurs = vec![Cell::new(0); effectifs.len()];
        Guide { classes, suivantes, noeuds, debuts, etiquettes: etiquettes_des_classes, curseurs }
    }

    pub(crate) fn classe(&self, n: NodeId) -> u32 {
        self.classes.get(n.index()).copied().unwrap_or(AUCUN)
    }

    pub(crate) fn nombre_de_classes(&self) -> usize {
        self.etiquettes.len()
    }

    /// The class reached from `classe` by a step testing `etiquette`.
    pub(crate) fn suivante(&self, classe: u32, etiquette: u32) -> Option<u32> {
        if classe == AUCUN {
            return None;
        }
        self.suivantes.get(&(u64::from(classe) << 32 | u64::from(etiquette))).copied()
    }

    /// The nodes of a class below `n` (whose subtree ends before `fin`), in document order: a
    /// class's nodes below a node of the class above are found in its list, without walking
    /// that node's children.
    pub(crate) fn noeuds_sous(&self, classe: u32, n: NodeId, fin: NodeId) -> &[NodeId] {
        let (a, b) = self.plage_sous(classe, n, fin);
        self.noeuds(classe).get(a..b).unwrap_or(&[])
    }

    /// Where [`Guide::noeuds_sous`] are in the class's list.
    pub(crate) fn plage_sous(&self, classe: u32, n: NodeId, fin: NodeId) -> (usize, usize) {
        /// Steps forward from the last search before a binary search: mispredicted branches
        /// make a binary search of a long list cost more than walking a line's children.
        const PAS: usize = 4;
        let noeuds = self.noeuds(classe);
        let Some(curseur) = self.curseurs.get(classe as usize) else { return (0, 0) };
        let mut a = (curseur.get() as usize).min(noeuds.len());
        if a > 0 && noeuds.get(a - 1).is_some_and(|&m| m > n) {
            a = noeuds.get(..a).map_or(0, |avant| avant.partition_point(|&m| m <= n));
        } else {
            let mut pas = 0;
            while noeuds.get(a).is_some_and(|&m| m <= n) {
                a += 1;
                pas += 1;
                if pas == PAS {
                    let reste = noeuds.get(a..).unwrap_or(&[]);
                    a += reste.partition_point(|&m| m <= n);
                    break;
                }
            }
        }
        let mut b = a;
        while noeuds.get(b).is_some_and(|&m| m < fin) {
            b += 1;
        }
        curseur.set(b as u32);
        (a, b)
    }

    /// The nodes of a label (an element name, an attribute name with [`ATTRIBUT`]) in the
    /// whole document, in document order: the nodes of the classes of that label, merged.
    pub(crate) fn noeuds_de(&self, etiquette: u32) -> Vec<NodeId> {
        // The labels are scanned by blocks, each tested whole first: a comparison without a
        // branch per class, which the compiler vectorises, skips the blocks of other labels.
        const BLOC: usize = 16;
        let mut noeuds = Vec::new();
        let mut classes = 0;
        for (b, bloc) in self.etiquettes.chunks(BLOC).enumerate() {
            if !bloc.iter().fold(false, |trouve, &e| trouve | (e == etiquette)) {
                continue;
            }
            for (k, _) in bloc.iter().enumerate().filter(|(_, e)| **e == etiquette) {
                noeuds.extend_from_slice(self.noeuds((b * BLOC + k) as u32));
                classes += 1;
            }
        }
        if classes > 1 {
            noeuds.sort_unstable();
        }
        noeuds
    }

    /// The nodes of a class, in document order.
    pub(crate) fn noeuds(&self, classe: u32) -> &[NodeId] {
        let c = classe as usize;
        let (Some(&a), Some(&b)) = (self.debuts.get(c), self.debuts.get(c + 1)) else { return &[] };
        self.noeuds.get(a as usize..b as usize).unwrap_or(&[])
    }
}

/// A multiplicative hash for the (class, label) keys: small integers numbered in order of
/// appearance, which a document cannot pick to collide; far cheaper than SipHash.
#[derive(Default)]
pub(crate) struct Multiplicatif(u64);

impl Hasher for Multiplicatif {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut morceaux = bytes.chunks_exact(8);
        for morceau in &mut morceaux {
            let mut mot = [0u8; 8];
            mot.copy_from_slice(morceau);
            self.write_u64(u64::from_le_bytes(mot));
        }
        let mut reste = [0u8; 8];
        let fin = morceaux.remainder();
        reste[..fin.len()].copy_from_slice(fin);
        self.write_u64(u64::from_le_bytes(reste) ^ (bytes.len() as u64) << 56);
    }

    fn write_u64(&mut self, k: u64) {
        self.0 = (self.0.rotate_left(5) ^ k).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::noms::Noms;
    use super::*;
    use crate::xml::Limites;

    #[test]
    fn the_nodes_of_a_name_come_in_document_order_from_all_its_classes() {
        let xml = "<r xmlns='urn:c'><l><i/></l><i/><l><i/><l><i/></l></l></r>";
        let doc = Document::parse(xml.as_bytes(), &Limites::default()).unwrap();
        let mut noms = Noms::default();
        let i = noms.nom("urn:c", "i");
        let guide = Guide::new(&doc, &etiquettes(&doc, &noms.pour(&doc, None)));
        let attendus: Vec<NodeId> =
            doc.descendants(doc.root()).filter(|&m| doc.local_name(m) == "i").collect();
        assert_eq!(attendus.len(), 4);
        assert_eq!(guide.noeuds_de(i), attendus);
        assert!(guide.noeuds_de(i | ATTRIBUT).is_empty());
    }

    #[test]
    fn the_nodes_below_a_node_are_found_in_any_order_of_searches() {
        let xml = "<r xmlns='urn:c'><l><i/><i/></l><l/><l><i/></l><l><i/><x/><i/><i/></l></r>";
        let doc = Document::parse(xml.as_bytes(), &Limites::default()).unwrap();
        let mut noms = Noms::default();
        let (l, i) = (noms.nom("urn:c", "l"), noms.nom("urn:c", "i"));
        let guide = Guide::new(&doc, &etiquettes(&doc, &noms.pour(&doc, None)));
        let lignes: Vec<NodeId> = doc.child_elements(doc.root()).collect();
        let classe_l = guide.suivante(guide.classe(doc.root()), l).unwrap();
        assert_eq!(guide.noeuds(classe_l), lignes);
        let classe_i = guide.suivante(classe_l, i).unwrap();
        let attendus = |n: NodeId| -> Vec<NodeId> {
            doc.child_elements(n).filter(|&m| doc.local_name(m) == "i").collect()
        };
        for ordre in [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1], [0, 0, 3, 3]] {
            for k in ordre {
                let n = lignes[k];
                assert_eq!(guide.noeuds_sous(classe_i, n, doc.end(n)), attendus(n), "line {k}");
            }
        }
    }
}
