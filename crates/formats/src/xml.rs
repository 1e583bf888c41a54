//! A read-only XML tree, built safely from untrusted bytes: the one place facteur parses XML.
//!
//! Invoices arrive from anyone, so the reader refuses what XML can do to a server: no DTD (and so
//! no entity expansion, no external entity), bounded input size, nesting depth, node count,
//! attributes per element, attribute length and text length. Text is borrowed from the input
//! whenever it needs no unescaping, so a multi-megabyte base64 attachment is never copied.
//!
//! Nodes live in one arena in document order (attributes right after their element, before its
//! children), so document order is index order and an element's descendants are the contiguous
//! range up to [`Document::end`].

pub mod ecriture;
mod lecteur;
mod lexique;

use std::borrow::Cow;

use lexique::Lexique;

/// What the reader accepts at most.
#[derive(Debug, Clone, Copy)]
pub struct Limites {
    /// Bytes of input.
    pub taille: usize,
    /// Element nesting.
    pub profondeur: u32,
    /// Elements, attributes and text nodes together.
    pub noeuds: usize,
    /// Attributes on one element.
    pub attributs: usize,
    /// Bytes of one attribute value.
    pub longueur_attribut: usize,
    /// Bytes of one text node (a base64 attachment is one).
    pub longueur_texte: usize,
}

impl Default for Limites {
    /// Bounds with room for the largest real invoices: Chorus Pro takes 120 MB for an invoice
    /// and its attachments, and a 5,000-line invoice is about 250,000 nodes.
    fn default() -> Self {
        Self {
            taille: 128 << 20,
            profondeur: 64,
            noeuds: 4_000_000,
            attributs: 64,
            longueur_attribut: 64 << 10,
            longueur_texte: 120 << 20,
        }
    }
}

/// Why a document could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{raison} (line {ligne}, {chemin})")]
pub struct ErreurXml {
    pub raison: String,
    pub ligne: u32,
    /// The path of the element being read, e.g. `/Invoice/cac:InvoiceLine/cbc:Note`.
    pub chemin: String,
}

/// A node's index in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(u32);

impl NodeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An interned expanded name (namespace URI, local name), unique within a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NameId(u32);

impl NameId {
    /// Names are numbered from 0 in order of first use, so a reader can keep a table by name.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Document,
    Element,
    Attribute,
    Text,
}

const NONE: u32 = u32::MAX;

/// A node in 20 bytes: a 5,000-line invoice has a quarter of a million, and the rules walk
/// them over and over, so the arena's size decides how much of it the caches hold (with nodes
/// of 36 bytes and texts apart, such a line took a third longer than a line of a 1,000-line
/// invoice, for the same instructions). What a tree usually stores and this one derives: an
/// element's first child is the node after its attributes, if its subtree goes on past them;
/// a node's next sibling is the node after its subtree, if the node has one (a bit says so);
/// an attribute's offset is its element's.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The kind ([`KIND_SHIFT`]), whether a sibling follows ([`FOLLOWED`]), and for elements
    /// and attributes the name ([`NAME_MASK`]).
    head: u32,
    parent: u32,
    /// One past the last node of this subtree.
    end: u32,
    /// Elements: how many attribute nodes follow. Attributes and text nodes: the text's
    /// length, with [`OWNED`] when the text is in the document's buffer.
    aux: u32,
    /// Elements: the byte offset of the start tag in the source, for line numbers.
    /// Attributes and text nodes: where the text starts, in the source or the buffer (a text
    /// node's text, when in the source, starts where the node does).
    offset: u32,
}

const _: () = assert!(std::mem::size_of::<Node>() == 20);

const KIND_SHIFT: u32 = 30;
const FOLLOWED: u32 = 1 << 29;
const NAME_MASK: u32 = FOLLOWED - 1;

impl Node {
    fn new(kind: Kind, name: u32, parent: u32, aux: u32, offset: u32, id: u32) -> Self {
        let kind = match kind {
            Kind::Document => 0,
            Kind::Element => 1,
            Kind::Attribute => 2,
            Kind::Text => 3,
        };
        Node { head: kind << KIND_SHIFT | (name & NAME_MASK), parent, end: id + 1, aux, offset }
    }

    fn kind(self) -> Kind {
        match self.head >> KIND_SHIFT {
            0 => Kind::Document,
            1 => Kind::Element,
            2 => Kind::Attribute,
            _ => Kind::Text,
        }
    }

    fn name(self) -> u32 {
        self.head & NAME_MASK
    }

    fn followed(self) -> bool {
        self.head & FOLLOWED != 0
    }
}

/// In a text's length: the text lies in the document's buffer, not in the source (references
/// or line ends made it differ from the source, or it is a short value, kept with the others).
const OWNED: u32 = 1 << 31;

/// A parsed document.
#[derive(Debug)]
pub struct Document<'a> {
    source: &'a str,
    nodes: Vec<Node>,
    /// Texts copied out of the source (see [`OWNED`]), end to end.
    owned: String,
    /// The text nodes whose text is in `owned`, in document order, with their offsets in the
    /// source.
    owned_offsets: Vec<(u32, u32)>,
    /// The names, numbered in the lexicon of the thread that read the document (which
    /// may hold names of earlier documents too): given back to the thread when the document
    /// is dropped, for the next one.
    lexique: Lexique,
}

impl Drop for Document<'_> {
    fn drop(&mut self) {
        std::mem::take(&mut self.lexique).rendre();
    }
}

/// The prefixes used in paths and messages for the namespaces of invoices.
const PREFIXES: &[(&str, &str)] = &[
    ("urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2", "cbc"),
    ("urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2", "cac"),
    ("urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2", "ext"),
    ("urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100", "rsm"),
    ("urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100", "ram"),
    ("urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100", "udt"),
    ("urn:un:unece:uncefact:data:standard:QualifiedDataType:100", "qdt"),
];

impl<'a> Document<'a> {
    /// Parses `input` as UTF-8 XML within `limites`.
    pub fn parse(input: &'a [u8], limites: &Limites) -> Result<Self, ErreurXml> {
        let at_start = |raison: String| ErreurXml { raison, ligne: 1, chemin: "/".into() };
        if input.len() > limites.taille {
            return Err(at_start(format!(
                "the document is {} bytes, more than the {} accepted",
                input.len(),
                limites.taille
            )));
        }
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        let source = simdutf8::compat::from_utf8(input).map_err(|e| ErreurXml {
            raison: format!("the document is not UTF-8 (byte {})", e.valid_up_to()),
            ligne: line_at(&String::from_utf8_lossy(input), e.valid_up_to()),
            chemin: "/".into(),
        })?;
        lecteur::Builder::new(source, limites).run()
    }

    pub fn source(&self) -> &'a str {
        self.source
    }

    /// The document node, parent of the root element.
    pub fn document_node(&self) -> NodeId {
        NodeId(0)
    }

    /// The root element.
    pub fn root(&self) -> NodeId {
        // Text outside the root is dropped, comments are not nodes: the root comes first.
        NodeId(1)
    }

    /// The node at an index in document order, if there is one.
    pub fn node(&self, index: usize) -> Option<NodeId> {
        (index < self.nodes.len()).then_some(NodeId(index as u32))
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    pub fn kind(&self, n: NodeId) -> Kind {
        self.nodes[n.index()].kind()
    }

    /// The name of an element or attribute.
    pub fn name(&self, n: NodeId) -> Option<NameId> {
        let node = self.nodes[n.index()];
        matches!(node.kind(), Kind::Element | Kind::Attribute).then_some(NameId(node.name()))
    }

    /// Namespace URI (empty when none) and local name.
    pub fn expanded(&self, name: NameId) -> (&str, &str) {
        self.lexique.expanded(name.0)
    }

    pub fn local_name(&self, n: NodeId) -> &str {
        self.name(n).map_or("", |name| self.expanded(name).1)
    }

    /// Each node's kind, and name for elements and attributes, in document order: one pass
    /// over the arena for readers that classify every node.
    pub fn kinds_and_names(&self) -> impl Iterator<Item = (Kind, Option<NameId>)> + '_ {
        self.nodes.iter().map(|node| {
            let kind = node.kind();
            let named = matches!(kind, Kind::Element | Kind::Attribute);
            (kind, named.then_some(NameId(node.name())))
        })
    }

    pub fn namespace(&self, n: NodeId) -> &str {
        self.name(n).map_or("", |name| self.expanded(name).0)
    }

    /// Every name the document may use, by [`NameId::index`] order from `first`: lets a
    /// reader classify each name once rather than compare strings at each node. Names are
    /// numbered in the lexicon of the thread that read the document, which may hold names the
    /// document does not use: a reader that needs the names used looks at the nodes.
    pub fn names(&self, first: usize) -> impl Iterator<Item = (NameId, &str, &str)> + '_ {
        (first as u32..self.lexique.len() as u32).map(|i| {
            let (namespace, local) = self.lexique.expanded(i);
            (NameId(i), namespace, local)
        })
    }

    /// The lexicon the names are numbered in, and how many it has: a reader's mapping of
    /// the names made for one document holds for the next with the same lexicon, which only
    /// grows (see [`Document::names`]).
    pub fn lexicon(&self) -> (u64, usize) {
        (self.lexique.numero(), self.lexique.len())
    }

    /// The id of a name, if the document may use it (see [`Document::names`]).
    pub fn name_id(&self, namespace: &str, local: &str) -> Option<NameId> {
        self.lexique.find(namespace, local).map(NameId)
    }

    pub fn parent(&self, n: NodeId) -> Option<NodeId> {
        some(self.nodes[n.index()].parent)
    }

    #[inline]
    pub fn first_child(&self, n: NodeId) -> Option<NodeId> {
        let node = self.nodes[n.index()];
        // Past an element's attributes (the document node has none). An attribute or a text
        // ends right after itself, so whatever its `aux`, nothing is found below it.
        let first = (n.0 + 1).saturating_add(node.aux);
        (first < node.end).then_some(NodeId(first))
    }

    pub fn next_sibling(&self, n: NodeId) -> Option<NodeId> {
        let node = self.nodes[n.index()];
        node.followed().then_some(NodeId(node.end))
    }

    /// Child elements and text nodes, in order.
    pub fn children(&self, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.first_child(n), |&c| self.next_sibling(c))
    }

    /// Child elements only.
    pub fn child_elements(&self, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.children(n).filter(|&c| self.kind(c) == Kind::Element)
    }

    /// The attribute nodes of an element.
    pub fn attributes(&self, n: NodeId) -> impl Iterator<Item = NodeId> + use<> {
        let node = self.nodes[n.index()];
        let count = if node.kind() == Kind::Element { node.aux } else { 0 };
        (n.0 + 1..n.0 + 1 + count).map(NodeId)
    }

    /// The value of an attribute in no namespace, by local name.
    pub fn attribute(&self, n: NodeId, local: &str) -> Option<&str> {
        self.attributes(n)
            .find(|&a| self.local_name(a) == local && self.namespace(a).is_empty())
            .map(|a| self.text(a))
    }

    /// One past the last node of `n`'s subtree: its descendants are `n+1 .. end`.
    pub fn end(&self, n: NodeId) -> NodeId {
        NodeId(self.nodes[n.index()].end)
    }

    /// Descendant elements and text nodes, in document order.
    pub fn descendants(&self, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        (n.0 + 1..self.nodes[n.index()].end)
            .map(NodeId)
            .filter(|&d| self.kind(d) != Kind::Attribute)
    }

    /// The text of a text or attribute node; empty for others.
    #[inline]
    pub fn text(&self, n: NodeId) -> &str {
        let node = self.nodes[n.index()];
        if !matches!(node.kind(), Kind::Text | Kind::Attribute) {
            return "";
        }
        let within = if node.aux & OWNED == 0 { self.source } else { self.owned.as_str() };
        let start = node.offset as usize;
        within.get(start..start + (node.aux & !OWNED) as usize).unwrap_or("")
    }

    /// XPath's string value: an element's text content, borrowed when it is one text node.
    pub fn string_value(&self, n: NodeId) -> Cow<'_, str> {
        match self.kind(n) {
            Kind::Text | Kind::Attribute => Cow::Borrowed(self.text(n)),
            Kind::Element | Kind::Document => {
                let mut texts = self.descendants(n).filter(|&d| self.kind(d) == Kind::Text);
                let Some(first) = texts.next() else { return Cow::Borrowed("") };
                match texts.next() {
                    None => Cow::Borrowed(self.text(first)),
                    Some(second) => {
                        let mut all = String::from(self.text(first));
                        all.push_str(self.text(second));
                        texts.for_each(|t| all.push_str(self.text(t)));
                        Cow::Owned(all)
                    }
                }
            }
        }
    }

    /// The first child element with this local name and namespace.
    pub fn child(&self, n: NodeId, namespace: &str, local: &str) -> Option<NodeId> {
        let name = self.name_id(namespace, local)?;
        self.child_elements(n).find(|&c| self.name(c) == Some(name))
    }

    /// The byte offset in the source where a node starts.
    pub fn offset(&self, n: NodeId) -> usize {
        let node = self.nodes[n.index()];
        let offset = match node.kind() {
            Kind::Attribute => self.nodes[node.parent as usize].offset,
            Kind::Text if node.aux & OWNED != 0 => {
                let place = self.owned_offsets.binary_search_by_key(&n.0, |&(id, _)| id);
                place.ok().and_then(|p| self.owned_offsets.get(p)).map_or(0, |&(_, at)| at)
            }
            _ => node.offset,
        };
        offset as usize
    }

    /// The line (from 1) where a node starts.
    pub fn line(&self, n: NodeId) -> u32 {
        line_at(self.source, self.offset(n))
    }

    /// A readable location: `/Invoice/cac:InvoiceLine[2]/cbc:ID`, with the usual prefixes
    /// of invoice namespaces, positions where an element has same-named siblings.
    pub fn path(&self, n: NodeId) -> String {
        let mut steps = Vec::new();
        let mut at = Some(n);
        while let Some(node) = at.filter(|&a| self.kind(a) != Kind::Document) {
            steps.push(self.step(node));
            at = self.parent(node);
        }
        steps.reverse();
        format!("/{}", steps.join("/"))
    }

    fn step(&self, n: NodeId) -> String {
        match self.kind(n) {
            Kind::Text => "text()".into(),
            Kind::Attribute => format!("@{}", self.prefixed(n)),
            _ => {
                let name = self.name(n);
                let same = |c: &NodeId| self.name(*c) == name;
                let siblings = self.parent(n).map(|p| self.child_elements(p).filter(same));
                let (position, count) = siblings.map_or((1, 1), |s| {
                    s.fold((0, 0), |(pos, count), c| {
                        (if c <= n { count + 1 } else { pos }, count + 1)
                    })
                });
                let position = if position == 0 { count } else { position };
                if count > 1 {
                    format!("{}[{position}]", self.prefixed(n))
                } else {
                    self.prefixed(n)
                }
            }
        }
    }

    fn prefixed(&self, n: NodeId) -> String {
        let local = self.local_name(n);
        match PREFIXES.iter().find(|(uri, _)| *uri == self.namespace(n)) {
            Some((_, prefix)) => format!("{prefix}:{local}"),
            None => local.to_owned(),
        }
    }
}

fn some(i: u32) -> Option<NodeId> {
    (i != NONE).then_some(NodeId(i))
}

fn line_at(source: &str, offset: usize) -> u32 {
    let upto = source.as_bytes().get(..offset).unwrap_or(source.as_bytes());
    u32::try_from(upto.iter().filter(|&&b| b == b'\n').count() + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

    fn parse(xml: &str) -> Result<Document<'_>, ErreurXml> {
        Document::parse(xml.as_bytes(), &Limites::default())
    }

    #[test]
    fn a_tree_in_document_order_with_namespaces_attributes_and_text() {
        let doc = parse(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice xmlns=\"urn:x\" xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n  <cbc:ID schemeID=\"0002\">F&amp;1</cbc:ID>\n  <cbc:Note>a<![CDATA[<b>]]>&#x41;</cbc:Note><cbc:Note/>\n</Invoice>",
        )
        .unwrap();
        let root = doc.root();
        assert_eq!(doc.expanded(doc.name(root).unwrap()), ("urn:x", "Invoice"));
        let id = doc.child(root, CBC, "ID").unwrap();
        assert_eq!(doc.string_value(id), "F&1");
        assert_eq!(doc.attribute(id, "schemeID"), Some("0002"));
        assert_eq!(doc.line(id), 3);
        let notes: Vec<_> =
            doc.child_elements(root).filter(|&c| doc.local_name(c) == "Note").collect();
        assert_eq!(notes.len(), 2);
        assert_eq!(doc.string_value(notes[0]), "a<b>A");
        assert_eq!(doc.string_value(notes[1]), "");
        assert_eq!(doc.path(notes[1]), "/Invoice/cbc:Note[2]");
        assert_eq!(doc.path(doc.attributes(id).next().unwrap()), "/Invoice/cbc:ID/@schemeID");
        // Descendants are a contiguous range in document order.
        let texts: Vec<_> = doc
            .descendants(root)
            .filter(|&d| doc.kind(d) == Kind::Text)
            .map(|d| doc.text(d).trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(texts, ["F&1", "a<b>A"]);
        assert!(doc.end(root).index() == doc.len());
    }

    #[test]
    fn links_and_places_derived_from_the_arena_match_the_source() {
        let doc = parse(
            "<r a=\"1\"\n   b=\"x&amp;y\"><e k=\"v\"/><!-- c -->\n<f>one\n&lt;two&gt;</f>tail<g/></r>",
        )
        .unwrap();
        let root = doc.root();
        // An element with attributes only has no first child; its next sibling is the node
        // after its subtree, whatever comments stood between.
        let e = doc.first_child(root).unwrap();
        assert_eq!(doc.local_name(e), "e");
        assert_eq!(doc.first_child(e), None);
        assert_eq!(doc.attribute(e, "k"), Some("v"));
        let siblings: Vec<_> = doc
            .children(root)
            .map(|c| match doc.kind(c) {
                Kind::Text => doc.text(c).to_owned(),
                _ => doc.local_name(c).to_owned(),
            })
            .collect();
        assert_eq!(siblings, ["e", "\n", "f", "tail", "g"]);
        assert_eq!(doc.next_sibling(doc.children(root).last().unwrap()), None);
        // Attributes are on their element's line; a text copied out of the source (its
        // references replaced) keeps its own line.
        let b = doc.attributes(root).nth(1).unwrap();
        assert_eq!((doc.text(b), doc.line(b), doc.offset(b)), ("x&y", 1, doc.offset(root)));
        let f = doc.children(root).nth(2).unwrap();
        let text = doc.first_child(f).unwrap();
        assert_eq!((doc.text(text), doc.line(text)), ("one\n<two>", 3));
        assert_eq!(doc.offset(text), doc.source().find("one").unwrap());
        assert_eq!(doc.parent(text), Some(f));
    }

    #[test]
    fn a_large_documents_short_values_are_gathered_out_of_the_source_and_read_the_same() {
        let long = "A".repeat(200);
        let mut xml = String::from("<r>");
        for i in 0..4_000 {
            xml.push_str(&format!(
                "\n  <l n=\"{i}\">\n    <v>{i}</v>\n    <w>x&amp;{i}</w>\n    <s> lead</s>\n  </l>"
            ));
        }
        xml.push_str(&format!("\n  <b>{long}</b>\n</r>"));
        assert!(xml.len() > 256 * 1024);
        let doc = parse(&xml).unwrap();
        let in_buffer = |n: NodeId| doc.nodes[n.index()].aux & OWNED != 0;
        let l = doc.child_elements(doc.root()).nth(1234).unwrap();
        let [v, w, s] = [0, 1, 2].map(|k| doc.child_elements(l).nth(k).unwrap());
        let value = doc.first_child(v).unwrap();
        assert_eq!(doc.text(value), "1234");
        assert!(in_buffer(value));
        // Where the source has it, as a text copied for its reference has it: its own place.
        assert_eq!(doc.offset(value), xml.find(">1234<").unwrap() + 1);
        // Five lines per <l>, after the root's.
        assert_eq!(doc.line(value), 3 + 5 * 1234);
        let reference = doc.first_child(w).unwrap();
        assert_eq!((doc.text(reference), doc.line(reference)), ("x&1234", 4 + 5 * 1234));
        let attribute = doc.attributes(l).next().unwrap();
        assert_eq!((doc.text(attribute), doc.offset(attribute)), ("1234", doc.offset(l)));
        assert!(in_buffer(attribute));
        // The indentation, a text that starts like it and a long text stay in the source.
        let indentation = doc.first_child(l).unwrap();
        assert_eq!(doc.text(indentation), "\n    ");
        let lead = doc.first_child(s).unwrap();
        assert_eq!(doc.text(lead), " lead");
        let b = doc.child_elements(doc.root()).last().unwrap();
        let attachment = doc.first_child(b).unwrap();
        assert_eq!(doc.text(attachment), long);
        assert!([indentation, lead, attachment].iter().all(|&n| !in_buffer(n)));
        assert_eq!(doc.offset(attachment), xml.find(&long).unwrap());
    }

    #[test]
    fn a_prefix_rebound_in_a_subtree_names_another_namespace_there_only() {
        let doc = parse(
            "<a xmlns:p=\"urn:1\"><p:x/><b xmlns:p=\"urn:2\"><p:x/><c xmlns=\"urn:3\"><x/></c><x/></b><p:x/><e xmlns:p=\"urn:4\"/><p:x/></a>",
        )
        .unwrap();
        let xs: Vec<&str> = doc
            .descendants(doc.root())
            .filter(|&n| doc.local_name(n) == "x")
            .map(|n| doc.namespace(n))
            .collect();
        assert_eq!(xs, ["urn:1", "urn:2", "urn:3", "", "urn:1", "urn:1"]);
    }

    #[test]
    fn repeated_structures_are_read_like_any_other() {
        // The reader predicts a start tag from the tag before it, as the same tag was followed
        // before: a longer name, another namespace for the prefix, a declaration on the
        // predicted tag itself, or a binding that ended, all read as written.
        let noms = |xml: &str| -> Vec<(String, String)> {
            let doc = parse(xml).unwrap();
            doc.descendants(doc.root())
                .filter(|&n| doc.kind(n) == Kind::Element)
                .map(|n| (doc.namespace(n).to_owned(), doc.local_name(n).to_owned()))
                .collect()
        };
        let nom = |ns: &str, local: &str| (ns.to_owned(), local.to_owned());
        let lignes = noms(
            "<r xmlns:p='urn:1'><l><p:ID/><p:N>1</p:N></l><l><p:IDX/><p:N>2</p:N></l><l><p:ID/><p:NN/></l></r>",
        );
        let attendus: Vec<_> = [
            ("", "l"),
            ("urn:1", "ID"),
            ("urn:1", "N"),
            ("", "l"),
            ("urn:1", "IDX"),
            ("urn:1", "N"),
            ("", "l"),
            ("urn:1", "ID"),
            ("urn:1", "NN"),
        ]
        .map(|(ns, l)| nom(ns, l))
        .into();
        assert_eq!(lignes, attendus);
        let namespaces = |xml: &str| -> Vec<String> {
            noms(xml).into_iter().filter(|(_, l)| l == "x").map(|(ns, _)| ns).collect()
        };
        assert_eq!(
            namespaces(
                "<r xmlns:p='urn:1'><a><p:x/></a><a xmlns:p='urn:2'><p:x/></a><a><p:x/></a></r>"
            ),
            ["urn:1", "urn:2", "urn:1"]
        );
        assert_eq!(
            namespaces(
                "<r xmlns:p='urn:1'><a><p:x/></a><a><p:x xmlns:p='urn:2'/></a><a><p:x/></a></r>"
            ),
            ["urn:1", "urn:2", "urn:1"]
        );
        // A prediction is no exemption from well-formedness.
        assert!(parse("<r><a><b/></a><a><b:/></a></r>").is_err());
    }

    #[test]
    fn repeated_attribute_names_are_read_like_any_other() {
        // An attribute name met before is recognised, not scanned again: a longer name, a
        // prefix bound again (on the tag itself, before or after the attribute), a binding
        // that ended, a repeated attribute, all read as written.
        let attributs = |xml: &str| -> Vec<(String, String, String)> {
            let doc = parse(xml).unwrap();
            doc.descendants(doc.root())
                .flat_map(|n| doc.attributes(n).collect::<Vec<_>>())
                .map(|a| {
                    let (ns, local) = (doc.namespace(a), doc.local_name(a));
                    (ns.to_owned(), local.to_owned(), doc.string_value(a).into_owned())
                })
                .collect()
        };
        let attendus = |v: &[(&str, &str, &str)]| -> Vec<(String, String, String)> {
            v.iter().map(|&(ns, l, v)| (ns.to_owned(), l.to_owned(), v.to_owned())).collect()
        };
        assert_eq!(
            attributs(
                "<r xmlns:p='urn:1'><a p:x='1' id='a'/><a p:xy='2' id='b'/><a id='c' p:x='3'/></r>"
            ),
            attendus(&[
                ("urn:1", "x", "1"),
                ("", "id", "a"),
                ("urn:1", "xy", "2"),
                ("", "id", "b"),
                ("", "id", "c"),
                ("urn:1", "x", "3"),
            ])
        );
        assert_eq!(
            attributs(
                "<r xmlns:p='urn:1'><a p:x='1'/><a p:x='2' xmlns:p='urn:2'/><a xmlns:p='urn:3' p:x='3'/><a p:x='4'/><b xmlns:p='urn:5'><a p:x='5'/></b><a p:x='6'/></r>"
            ),
            attendus(&[
                ("urn:1", "x", "1"),
                ("urn:2", "x", "2"),
                ("urn:3", "x", "3"),
                ("urn:1", "x", "4"),
                ("urn:5", "x", "5"),
                ("urn:1", "x", "6"),
            ])
        );
        let double = parse("<r><a id='1'/><a id='2' id='3'/></r>").unwrap_err();
        assert!(double.raison.contains("appears twice"), "{double}");
        // Two prefixes of one namespace name the same attribute.
        assert!(
            parse("<r xmlns:p='urn:1' xmlns:q='urn:1'><a p:x='1'/><a p:x='1' q:x='2'/></r>")
                .is_err()
        );
        assert!(parse("<r><a id='1'/><a id:='2'/></r>").is_err());
    }

    #[test]
    fn unescaped_text_is_borrowed_not_copied() {
        let doc = parse("<a>QUJDRA==</a>").unwrap();
        assert!(matches!(doc.string_value(doc.root()), Cow::Borrowed("QUJDRA==")));
    }

    #[test]
    fn what_xml_can_do_to_a_server_is_refused() {
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><a>&lol2;</a>";
        assert!(parse(laughs).unwrap_err().raison.contains("DTD"));
        let external = "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>";
        assert!(parse(external).unwrap_err().raison.contains("DTD"));
        assert!(parse("<a>&x;</a>").unwrap_err().raison.contains("not declared"));
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(parse(&deep).unwrap_err().raison.contains("nested"));
        let long = format!("<a b=\"{}\"/>", "x".repeat(70_000));
        assert!(parse(&long).unwrap_err().raison.contains("attribute is longer"));
        let limites = Limites { taille: 10, ..Limites::default() };
        assert!(Document::parse(b"<a>0123456789</a>", &limites).is_err());
        // A text alone between two tags, and one that goes on past a comment.
        let limites = Limites { longueur_texte: 4, ..Limites::default() };
        for long in ["<a>12345</a>", "<a>123<!-- c -->45</a>", "<a>123<![CDATA[45]]></a>"] {
            let erreur = Document::parse(long.as_bytes(), &limites).unwrap_err();
            assert!(erreur.raison.contains("text is longer"), "{long}: {erreur}");
        }
        assert!(Document::parse(b"<a>1234<b/>1234</a>", &limites).is_ok());
    }

    #[test]
    fn references_line_ends_and_attribute_whitespace_as_xml_defines_them() {
        let doc = parse(
            "<?xml version='1.0' encoding='utf-8'?><!-- c --><a b=\"x\ty\r\nz &amp; &#65;\" c='1'>l1\r\nl2\rl3<!-- c -->&lt;&#x20AC;<?pi x?><![CDATA[\r\n]]></a>",
        )
        .unwrap();
        let a = doc.root();
        assert_eq!(doc.attribute(a, "b"), Some("x y z & A"));
        assert_eq!(doc.attribute(a, "c"), Some("1"));
        assert_eq!(doc.string_value(a), "l1\nl2\nl3<€\n");
        let namespaced = parse("<a xmlns:p='urn:p' p:x='1' x='2'/>").unwrap();
        let names: Vec<_> = namespaced
            .attributes(namespaced.root())
            .map(|n| (namespaced.namespace(n), namespaced.local_name(n)))
            .collect();
        assert_eq!(names, [("urn:p", "x"), ("", "x")]);
    }

    #[test]
    fn documents_that_are_not_well_formed_are_refused() {
        for broken in [
            "<a><b></a></b>",
            "<a b='1' b='2'/>",
            "<a xmlns:p='urn:1' xmlns:q='urn:1' p:b='1' q:b='2'/>",
            "<a p:b='1'/>",
            "<a b=1/>",
            "<a b/>",
            "<a b='1'c='2'/>",
            "<a b='<'/>",
            "<a>&#0;</a>",
            "<a>&#xD800;</a>",
            "<a>&amp</a>",
            "<1a/>",
            "<a:b:c xmlns:a='urn:a'/>",
            "<:a/>",
            "<a: xmlns:a='urn:a'/>",
            "<a xmlns:b='urn:b' b:='1'/>",
            "<a xmlns:p=''/>",
            "<a xmlns:xml='urn:other'/>",
            "<a/>text",
            "text<a/>",
            "<a><![CDATA[x</a>",
            "<a><!-- x</a>",
            "<a></a ",
            "</a>",
            "<a/><?xml version='1.0'?>",
            "<a",
            "<!ELEMENT a ANY><a/>",
        ] {
            assert!(parse(broken).is_err(), "{broken} was accepted");
        }
        assert!(parse("<a></a >").is_ok() && parse("<a\n b = '1' />").is_ok());
    }

    #[test]
    fn broken_documents_say_where() {
        let truncated = parse("<a>\n<b>\n<c>text</c>").unwrap_err();
        assert!(truncated.raison.contains("ends before"), "{truncated}");
        assert_eq!(truncated.chemin, "/a/b");
        let mismatched = parse("<a>\n<b></c></a>").unwrap_err();
        assert_eq!(mismatched.ligne, 2);
        assert!(parse("<a/><b/>").is_err());
        assert!(parse("<p:a/>").unwrap_err().raison.contains("prefix"));
        assert!(Document::parse(b"<a>\xff</a>", &Limites::default()).is_err());
        // Past the vector instructions' first blocks, the byte and its line are still named.
        let mut long = b"<a>\n".to_vec();
        long.extend(std::iter::repeat_n(b'x', 200));
        long.extend(b"\n\xe9t\xe9</a>");
        let latin1 = Document::parse(&long, &Limites::default()).unwrap_err();
        assert_eq!(
            (latin1.ligne, latin1.raison.as_str()),
            (3, "the document is not UTF-8 (byte 205)")
        );
        assert!(parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>").is_err());
    }
}
