//! The reader that builds a [`Document`] from its source, in one pass over the bytes.
//!
//! Written for this crate rather than taken from an XML crate because the tree is all facteur
//! needs from XML and the general readers cost twice what the tree does: they check the input's
//! UTF-8 again for each event (facteur checks it once, for the whole document), resolve every
//! element's prefix through their namespace stack (here a qualified name is resolved once per
//! namespace scope and remembered), and hand out attribute values that must be copied (here
//! text and values are borrowed from the source unless an entity or a carriage return forces a
//! copy). What XML 1.0 and its namespaces require of a well-formed document is checked: names,
//! matching end tags, quoted attributes met once each, declared prefixes, one root, references
//! known; a DTD is refused outright.

use std::borrow::Cow;

#[cfg(doc)]
use super::lexique::Cache;
use super::lexique::Lexique;
use super::{
    Document, ErreurXml, FOLLOWED, Kind, Limites, NAME_MASK, NONE, Node, NodeId, OWNED, line_at,
};

const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// An element whose end tag has not been read yet.
struct Open<'a> {
    id: u32,
    /// The name as written, which the end tag must repeat.
    qname: &'a str,
    /// The namespace bindings in force before this element's own declarations.
    bindings: usize,
}

/// An attribute read from a start tag, before its name is resolved.
struct Attribute<'a> {
    qname: &'a str,
    /// The name's id when the tag repeated an attribute name already resolved, else `NONE`.
    name: u32,
    value: Cow<'a, str>,
    /// Where the value starts in the source.
    at: u32,
}

/// How many attribute names [`Builder::known_attributes`] keeps: invoices use a handful
/// (`currencyID`, `schemeID`, `unitCode`, `listID`, `mimeCode`…).
const KNOWN_ATTRIBUTES: usize = 16;

pub(super) struct Builder<'a, 'l> {
    source: &'a str,
    bytes: &'a [u8],
    position: usize,
    limites: &'l Limites,
    doc: Document<'a>,
    open: Vec<Open<'a>>,
    /// The last child of each open element (and of the document node), to link siblings.
    last_child: Vec<u32>,
    /// Text being gathered from consecutive text, CDATA and references.
    pending: Option<(Cow<'a, str>, u32)>,
    /// Prefix ("" for the default namespace) to namespace, innermost last. Qualified names
    /// resolved under the bindings in force are kept in the document's lexicon: a document
    /// declares its namespaces once, on the root, then repeats a few dozen names thousands of
    /// times, and the next document most often declares the same.
    bindings: Vec<(&'a str, Cow<'a, str>)>,
    /// The current start tag's attributes (a buffer kept between tags).
    attributes: Vec<Attribute<'a>>,
    /// Attribute names already resolved, with their ids: an attribute that repeats one is
    /// compared with it, not scanned and looked up. Cleared with the name maps.
    known_attributes: Vec<(&'a str, u32)>,
    /// The last tag read, by its name id: what the next start tag is predicted from (see
    /// [`Cache::after_start`](super::lexique::Cache::after_start)). (Keyed by the parent's name too, the next sibling is
    /// predicted more often, but the lookups cost more than the hits save.)
    last_tag: LastTag,
    /// Short values are copied out of the source, end to end (see [`Builder::store`]): in a
    /// document too large to stay in the cache.
    gather_values: bool,
}

/// Above this size, a document's values are gathered: the cache no longer holds the source
/// (256 KB to 2 MB of L2 per core on the machines measured; 47 of the 48 CEN UBL examples
/// are 4–22 KB, the last one 3.3 MB of which most is an attachment, left in place), and below
/// it the copy costs (1.4 % more instructions per CEN example) and saves nothing.
const GATHER_VALUES_ABOVE: usize = 256 * 1024;

#[derive(Clone, Copy)]
enum LastTag {
    None,
    Start(u32),
    End(u32),
}

impl<'a, 'l> Builder<'a, 'l> {
    pub(super) fn new(source: &'a str, limites: &'l Limites) -> Self {
        let document = Node::new(Kind::Document, NONE, NONE, 0, 0, 0);
        Self {
            source,
            bytes: source.as_bytes(),
            position: 0,
            limites,
            doc: Document {
                source,
                nodes: {
                    // About one node per 20 bytes in invoices (16 in the densest CEN example):
                    // growing the arena step by step cost a tenth of the parse. Pages of it a
                    // document does not fill are never touched.
                    let mut nodes = Vec::with_capacity((source.len() / 12).min(limites.noeuds));
                    nodes.push(document);
                    nodes
                },
                owned: String::new(),
                owned_offsets: Vec::new(),
                lexique: Lexique::prendre(),
            },
            open: Vec::new(),
            last_child: vec![NONE],
            pending: None,
            bindings: Vec::new(),
            attributes: Vec::new(),
            known_attributes: Vec::with_capacity(KNOWN_ATTRIBUTES),
            last_tag: LastTag::None,
            gather_values: source.len() > GATHER_VALUES_ABOVE,
        }
    }

    pub(super) fn run(mut self) -> Result<Document<'a>, ErreurXml> {
        while self.position < self.bytes.len() {
            let start = self.position;
            let (end, special) = text_end(self.bytes, start);
            if end > start {
                self.text(start, end, special)?;
            }
            if end == self.bytes.len() {
                break;
            }
            self.position = end;
            match self.bytes.get(end + 1) {
                Some(b'/') => self.end_tag()?,
                Some(b'!') => self.markup()?,
                Some(b'?') => self.processing_instruction()?,
                _ => self.start_tag()?,
            }
        }
        self.flush()?;
        if !self.open.is_empty() {
            return Err(self.error("the document ends before its elements are closed"));
        }
        if self.doc.nodes.len() < 2 {
            return Err(self.error("the document has no element"));
        }
        self.doc.nodes[0].end = u32::try_from(self.doc.nodes.len()).unwrap_or(NONE);
        Ok(self.doc)
    }

    fn error(&self, raison: impl Into<String>) -> ErreurXml {
        let chemin = match self.open.last() {
            Some(open) => self.doc.path(NodeId(open.id)),
            None => "/".into(),
        };
        ErreurXml { raison: raison.into(), ligne: line_at(self.source, self.position), chemin }
    }

    fn slice(&self, from: usize, to: usize) -> Result<&'a str, ErreurXml> {
        // Delimiters are ASCII, so slices fall on character boundaries; `get` keeps a bug here
        // from becoming a panic.
        self.source.get(from..to).ok_or_else(|| self.error("a character is cut in two"))
    }

    fn offset(at: usize) -> u32 {
        u32::try_from(at).unwrap_or(u32::MAX)
    }

    fn starts_with(&self, prefix: &[u8]) -> bool {
        self.bytes[self.position..].starts_with(prefix)
    }

    /// The position just past the next `terminator`, or an error naming what is left open.
    fn past(&self, terminator: &[u8], what: &str) -> Result<(usize, usize), ErreurXml> {
        memchr::memmem::find(&self.bytes[self.position..], terminator)
            .map(|i| (self.position + i, self.position + i + terminator.len()))
            .ok_or_else(|| self.error(format!("the document ends inside {what}")))
    }

    fn skip_space(&mut self) -> bool {
        let start = self.position;
        while matches!(self.bytes.get(self.position), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.position += 1;
        }
        self.position > start
    }

    /// A name, as XML and its namespaces allow it: at most one colon, not at either end.
    /// Names are short (`cbc:ID`): the prefix and the local name are scanned by plain loops,
    /// cheaper here than calls to the vectorised searches.
    fn name(&mut self) -> Result<&'a str, ErreurXml> {
        let start = self.position;
        let rest = &self.bytes[start..];
        let local = |from: usize| {
            rest.get(from..)
                .map_or(0, |r| r.iter().take_while(|&&b| NAME_BYTES[b as usize]).count())
        };
        let starts = |at: usize| rest.get(at).is_some_and(|&b| is_name_start(b));
        let mut length = local(0);
        let mut valid = starts(0);
        if rest.get(length) == Some(&b':') {
            // A prefix: its local name follows, and must end the name.
            valid &= starts(length + 1);
            length += 1 + local(length + 1);
            valid &= rest.get(length) != Some(&b':');
        }
        if !valid {
            let found = rest.first().map_or("the end".into(), |&b| format!("{:?}", b as char));
            return Err(self.error(format!("a name was expected, found {found}")));
        }
        self.position = start + length;
        self.slice(start, self.position)
    }

    /// A text, `special` when it holds a reference or a carriage return.
    fn text(&mut self, start: usize, end: usize, special: bool) -> Result<(), ErreurXml> {
        let raw = self.slice(start, end)?;
        if self.open.is_empty() {
            // Outside the root element only whitespace may stand, and is dropped.
            if raw.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
                return Ok(());
            }
            self.position = start;
            return Err(self.error("text is outside the root element"));
        }
        let text = if special {
            self.position = start;
            Cow::Owned(self.unescape(raw, false)?)
        } else {
            Cow::Borrowed(raw)
        };
        // Most texts stand alone between two tags and become a node at once; only one that a
        // comment, a CDATA section or a processing instruction follows may go on past it.
        let alone =
            self.pending.is_none() && !matches!(self.bytes.get(end + 1), Some(b'!' | b'?') | None);
        if alone {
            self.within_length(&text)?;
            self.text_node(text, Self::offset(start))
        } else {
            self.gather(text, Self::offset(start))
        }
    }

    /// Replaces references and normalises line ends (and, in attribute values, whitespace).
    fn unescape(&self, raw: &str, attribute: bool) -> Result<String, ErreurXml> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(i) = rest.find(['&', '\r', '\n', '\t']) {
            out.push_str(&rest[..i]);
            let special = rest.as_bytes()[i];
            rest = &rest[i + 1..];
            match special {
                b'&' => {
                    let Some(semicolon) = rest.find(';') else {
                        return Err(self.error("a reference (&…;) has no semicolon"));
                    };
                    out.push(self.reference(&rest[..semicolon])?);
                    rest = &rest[semicolon + 1..];
                }
                b'\r' => {
                    rest = rest.strip_prefix('\n').unwrap_or(rest);
                    out.push(if attribute { ' ' } else { '\n' });
                }
                other => out.push(if attribute { ' ' } else { other as char }),
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    fn reference(&self, name: &str) -> Result<char, ErreurXml> {
        let code =
            if let Some(hex) = name.strip_prefix("#x") {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(decimal) = name.strip_prefix('#') {
                decimal.parse::<u32>().ok()
            } else {
                return match name {
                    "amp" => Ok('&'),
                    "lt" => Ok('<'),
                    "gt" => Ok('>'),
                    "quot" => Ok('"'),
                    "apos" => Ok('\''),
                    _ => Err(self
                        .error(format!("the entity &{name}; is not declared (DTDs are refused)"))),
                };
            };
        code.and_then(char::from_u32)
            .filter(|&c| is_xml_char(c))
            .ok_or_else(|| self.error(format!("&{name}; is not a character reference XML allows")))
    }

    /// `<!--`, `<![CDATA[` or `<!DOCTYPE`.
    fn markup(&mut self) -> Result<(), ErreurXml> {
        if self.starts_with(b"<!--") {
            self.position += 4;
            let (_, after) = self.past(b"-->", "a comment")?;
            self.position = after;
        } else if self.starts_with(b"<![CDATA[") {
            if self.open.is_empty() {
                return Err(self.error("text is outside the root element"));
            }
            let start = self.position + 9;
            self.position = start;
            let (end, after) = self.past(b"]]>", "a CDATA section")?;
            let raw = self.slice(start, end)?;
            let text = if raw.contains('\r') {
                Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
            } else {
                Cow::Borrowed(raw)
            };
            self.gather(text, Self::offset(start))?;
            self.position = after;
        } else if self.starts_with(b"<!DOCTYPE") {
            return Err(self.error(
                "a DTD (<!DOCTYPE>) is refused: invoices need none, and entities are an attack",
            ));
        } else {
            return Err(self.error("<! starts neither a comment nor a CDATA section"));
        }
        Ok(())
    }

    /// `<?target …?>`; the XML declaration, when it comes first, must announce UTF-8.
    fn processing_instruction(&mut self) -> Result<(), ErreurXml> {
        let at_start = self.position == 0;
        self.position += 2;
        let target = self.name()?;
        let (end, after) = self.past(b"?>", "a processing instruction")?;
        if target.eq_ignore_ascii_case("xml") {
            if !at_start {
                return Err(self.error("the XML declaration is only allowed at the very start"));
            }
            let declaration = self.slice(self.position, end)?;
            if let Some(encoding) = pseudo_attribute(declaration, "encoding") {
                let encoding = encoding.to_ascii_uppercase();
                if encoding != "UTF-8" && encoding != "UTF8" {
                    return Err(self.error(format!(
                        "the encoding {encoding} is not accepted. Expected [UTF-8]"
                    )));
                }
            }
        }
        self.position = after;
        Ok(())
    }

    fn start_tag(&mut self) -> Result<(), ErreurXml> {
        let start = self.position;
        if self.open.is_empty() && self.doc.nodes.len() > 1 {
            return Err(self.error("the document has more than one root element"));
        }
        self.flush()?;
        self.position += 1;
        let predicted = self.predicted();
        let qname = match predicted {
            Some((_, _, length)) => {
                let qname = self.slice(self.position, self.position + length)?;
                self.position += length;
                qname
            }
            None => self.name()?,
        };
        self.attributes.clear();
        let empty = loop {
            let spaced = self.skip_space();
            match self.bytes.get(self.position) {
                Some(b'>') => {
                    self.position += 1;
                    break false;
                }
                Some(b'/') if self.bytes.get(self.position + 1) == Some(&b'>') => {
                    self.position += 2;
                    break true;
                }
                Some(_) if spaced => {
                    if self.attributes.len() >= self.limites.attributs {
                        return Err(self.error(format!(
                            "an element has more than {} attributes",
                            self.limites.attributs
                        )));
                    }
                    let attribute = self.attribute()?;
                    self.attributes.push(attribute);
                }
                Some(_) => return Err(self.error(format!("<{qname}> is not closed by > or />"))),
                None => return Err(self.error("the document ends inside a start tag")),
            }
        };
        let bindings = self.bindings.len();
        self.declare()?;
        // Declarations on this very tag may give a prefix another namespace: the names
        // recognised before they were read are resolved again.
        let rebound = self.bindings.len() != bindings;
        let (name, numero) = match predicted {
            Some((numero, name, _)) if !rebound => (name, numero),
            _ => self.resolve_element(qname)?,
        };
        self.remember(numero, name);
        self.last_tag = if empty { LastTag::End(name) } else { LastTag::Start(name) };
        let id = self.push(Kind::Element, name, self.parent(), 0, Self::offset(start))?;
        self.link(id);
        let mut count = 0u32;
        for k in 0..self.attributes.len() {
            let Some(attribute) = self.attributes.get_mut(k) else { break };
            let (qname, known) = (attribute.qname, attribute.name);
            if is_declaration(qname) {
                continue;
            }
            let (value, at) = (std::mem::take(&mut attribute.value), attribute.at);
            let name = match known {
                NONE => self.resolve_attribute(qname)?,
                _ if rebound => self.expand(qname, true)?,
                known => known,
            };
            let first = id as usize + 1;
            if self.doc.nodes[first..].iter().any(|a| a.name() == name) {
                return Err(self.error(format!("the attribute {qname} appears twice")));
            }
            let (at, length) = self.store(value, at)?;
            self.push(Kind::Attribute, name, id, length, at)?;
            count += 1;
        }
        self.doc.nodes[id as usize].aux = count;
        if empty {
            self.close(id);
            self.unbind(bindings);
        } else {
            self.open.push(Open { id, qname, bindings });
            self.last_child.push(NONE);
            if self.open.len() > self.limites.profondeur as usize {
                return Err(self.error(format!(
                    "elements are nested more than {} deep",
                    self.limites.profondeur
                )));
            }
        }
        Ok(())
    }

    fn attribute(&mut self) -> Result<Attribute<'a>, ErreurXml> {
        let known = self.known_attributes.iter().copied().find(|&(qname, _)| self.repeats(qname));
        let (qname, name) = match known {
            Some((qname, name)) => {
                self.position += qname.len();
                (qname, name)
            }
            None => (self.name()?, NONE),
        };
        self.skip_space();
        if self.bytes.get(self.position) != Some(&b'=') {
            return Err(self.error(format!("the attribute {qname} has no value")));
        }
        self.position += 1;
        self.skip_space();
        let quote = match self.bytes.get(self.position) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(self.error(format!("the value of {qname} is not quoted"))),
        };
        let start = self.position + 1;
        let Some(length) = memchr::memchr(quote, &self.bytes[start..]) else {
            return Err(self.error("the document ends inside an attribute value"));
        };
        if length > self.limites.longueur_attribut {
            return Err(self.error(format!(
                "an attribute is longer than {} bytes",
                self.limites.longueur_attribut
            )));
        }
        let raw = self.slice(start, start + length)?;
        let special = |b: &u8| matches!(b, b'&' | b'\t' | b'\n' | b'\r' | b'<');
        let value = if raw.as_bytes().iter().any(special) {
            if raw.contains('<') {
                return Err(self.error(format!("the value of {qname} contains <")));
            }
            Cow::Owned(self.unescape(raw, true)?)
        } else {
            Cow::Borrowed(raw)
        };
        self.position = start + length + 1;
        Ok(Attribute { qname, name, value, at: Self::offset(start) })
    }

    /// Brings this start tag's namespace declarations into force.
    fn declare(&mut self) -> Result<(), ErreurXml> {
        let bindings = self.bindings.len();
        for k in 0..self.attributes.len() {
            let Some(attribute) = self.attributes.get(k).filter(|a| is_declaration(a.qname)) else {
                continue;
            };
            let prefix = attribute.qname.strip_prefix("xmlns").unwrap_or("");
            let prefix = prefix.strip_prefix(':').unwrap_or(prefix);
            let namespace = attribute.value.clone();
            if !prefix.is_empty() && namespace.is_empty() {
                return Err(self.error(format!("the prefix {prefix} is bound to no namespace")));
            }
            if prefix == "xmlns" || (prefix == "xml") != (namespace == XML_NAMESPACE) {
                return Err(self.error(format!("the prefix {prefix} cannot be bound there")));
            }
            self.bindings.push((prefix, namespace));
        }
        if self.open.is_empty() {
            // The root's declarations: the names the lexicon resolved through the same
            // bindings of their prefixes (the last document's, most often) hold; if a prefix
            // is bound otherwise, all are resolved afresh.
            let bindings = &self.bindings;
            self.doc.lexique.adopt(|prefixes| {
                prefixes.iter().all(|(p, n)| namespace_of(bindings, p) == Some(&**n))
            });
        } else if self.bindings.len() > bindings {
            self.forget_names();
        }
        Ok(())
    }

    /// Ends the scope of the declarations made since `bindings` were in force (the root's
    /// last to the document's end, for the next document).
    fn unbind(&mut self, bindings: usize) {
        if self.bindings.len() > bindings {
            self.bindings.truncate(bindings);
            if !self.open.is_empty() {
                self.forget_names();
            }
        }
    }

    /// Names resolved, and predicted, under bindings no longer in force.
    fn forget_names(&mut self) {
        self.known_attributes.clear();
        self.doc.lexique.cache.forget();
    }

    /// An element's name id under the bindings in force, and the number of its qualified name.
    fn resolve_element(&mut self, qname: &'a str) -> Result<(u32, u32), ErreurXml> {
        if let Some(&known) = self.doc.lexique.cache.element_names.get(qname) {
            return Ok(known);
        }
        let name = self.expand(qname, false)?;
        let cache = &mut self.doc.lexique.cache;
        let numero = cache.qnames.len() as u32;
        cache.qnames.push(qname.into());
        cache.element_names.insert(qname.into(), (name, numero));
        Ok((name, numero))
    }

    /// The name id of a qualified name under the bindings in force (the default namespace
    /// applies to elements only).
    fn expand(&mut self, qname: &str, attribute: bool) -> Result<u32, ErreurXml> {
        let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
        let namespace = match prefix {
            "" if attribute => "",
            "xml" => XML_NAMESPACE,
            _ => match namespace_of(&self.bindings, prefix) {
                Some(namespace) => {
                    self.doc.lexique.cache.bound(prefix, namespace);
                    namespace
                }
                None => return Err(self.error(format!("the prefix {prefix} is not declared"))),
            },
        };
        Ok(self.doc.lexique.intern(namespace, local))
    }

    /// An attribute's name id, kept to recognise the name when it comes again.
    fn resolve_attribute(&mut self, qname: &'a str) -> Result<u32, ErreurXml> {
        let name = match self.doc.lexique.cache.attribute_names.get(qname) {
            Some(&name) => name,
            None => {
                let name = self.expand(qname, true)?;
                self.doc.lexique.cache.attribute_names.insert(qname.into(), name);
                name
            }
        };
        if self.known_attributes.len() < KNOWN_ATTRIBUTES {
            self.known_attributes.push((qname, name));
        }
        Ok(name)
    }

    fn end_tag(&mut self) -> Result<(), ErreurXml> {
        self.position += 2;
        let Some(expected) = self.open.last().map(|open| open.qname) else {
            return Err(self.error("an end tag closes no element"));
        };
        // The end tag must repeat the open element's name: compared, not scanned as a name.
        if !self.repeats(expected) {
            let found = self.name()?;
            return Err(self.error(format!("</{found}> closes <{expected}>")));
        }
        self.position += expected.len();
        self.skip_space();
        if self.bytes.get(self.position) != Some(&b'>') {
            return Err(self.error(format!("the end tag </{expected} is not closed by >")));
        }
        self.flush()?;
        self.position += 1;
        self.last_child.pop();
        if let Some(open) = self.open.pop() {
            self.close(open.id);
            self.unbind(open.bindings);
            self.last_tag = LastTag::End(self.doc.nodes[open.id as usize].name());
        }
        Ok(())
    }

    /// Whether the input at the current position is this name, whole: not followed by more
    /// of a name.
    fn repeats(&self, qname: &str) -> bool {
        let after = self.position + qname.len();
        self.bytes[self.position..].starts_with(qname.as_bytes())
            && !self.bytes.get(after).is_some_and(|&b| NAME_BYTES[b as usize] || b == b':')
    }

    /// The start tag expected after the last tag, if the same tag was followed by one before
    /// and the input repeats it: its qualified name's number, its name and its length.
    fn predicted(&self) -> Option<(u32, u32, usize)> {
        let cache = &self.doc.lexique.cache;
        let (table, name) = match self.last_tag {
            LastTag::Start(name) => (&cache.after_start, name),
            LastTag::End(name) => (&cache.after_end, name),
            LastTag::None => return None,
        };
        let (numero, name) = table.get(name as usize).copied().flatten()?;
        let qname = cache.qnames.get(numero as usize)?;
        self.repeats(qname).then_some((numero, name, qname.len()))
    }

    /// Records this start tag (its qualified name's number and its name) as what followed
    /// the last tag.
    fn remember(&mut self, numero: u32, name: u32) {
        let cache = &mut self.doc.lexique.cache;
        let (table, last) = match self.last_tag {
            LastTag::Start(last) => (&mut cache.after_start, last as usize),
            LastTag::End(last) => (&mut cache.after_end, last as usize),
            LastTag::None => return,
        };
        if table.len() <= last {
            table.resize(last + 1, None);
        }
        if let Some(slot) = table.get_mut(last) {
            *slot = Some((numero, name));
        }
    }

    fn gather(&mut self, text: Cow<'a, str>, offset: u32) -> Result<(), ErreurXml> {
        let pending = match self.pending.take() {
            None => (text, offset),
            Some((before, at)) => {
                let mut all = before.into_owned();
                all.push_str(&text);
                (Cow::Owned(all), at)
            }
        };
        self.within_length(&pending.0)?;
        self.pending = Some(pending);
        Ok(())
    }

    fn within_length(&self, text: &str) -> Result<(), ErreurXml> {
        if text.len() > self.limites.longueur_texte {
            return Err(
                self.error(format!("a text is longer than {} bytes", self.limites.longueur_texte))
            );
        }
        Ok(())
    }

    /// Makes the gathered text a node.
    fn flush(&mut self) -> Result<(), ErreurXml> {
        match self.pending.take() {
            Some((text, offset)) => self.text_node(text, offset),
            None => Ok(()),
        }
    }

    fn text_node(&mut self, text: Cow<'a, str>, offset: u32) -> Result<(), ErreurXml> {
        let (at, length) = self.store(text, offset)?;
        // A node is pushed closed (its subtree ends after it): a text has nothing below.
        let id = self.push(Kind::Text, NONE, self.parent(), length, at)?;
        if length & OWNED != 0 {
            self.doc.owned_offsets.push((id, offset));
        }
        self.link(id);
        Ok(())
    }

    /// Where a text or an attribute value is kept, and its length with [`OWNED`] when it is
    /// copied into the document's buffer: when it is not the source's slice at `at`, and, in
    /// a large document, when it is a short value. The rules read values, scattered through
    /// the source between tags and indentation; end to end they are a tenth of its size, and
    /// stay in the cache where the source does not (a 5,000-line invoice validated a fifth
    /// faster). The indentation and long texts (a base64 attachment) stay where they are.
    fn store(&mut self, text: Cow<'a, str>, at: u32) -> Result<(u32, u32), ErreurXml> {
        let (start, owned) = match &text {
            Cow::Borrowed(value) if !(self.gather_values && is_short_value(value)) => {
                (at as usize, 0)
            }
            _ => {
                self.doc.owned.push_str(&text);
                (self.doc.owned.len() - text.len(), OWNED)
            }
        };
        if start | text.len() >= OWNED as usize {
            return Err(self.error("the document's texts are too long"));
        }
        Ok((start as u32, text.len() as u32 | owned))
    }

    /// The innermost open element (the document node outside the root).
    fn parent(&self) -> u32 {
        self.open.last().map_or(0, |open| open.id)
    }

    fn push(
        &mut self,
        kind: Kind,
        name: u32,
        parent: u32,
        aux: u32,
        offset: u32,
    ) -> Result<u32, ErreurXml> {
        if self.doc.nodes.len() >= self.limites.noeuds {
            return Err(
                self.error(format!("the document has more than {} nodes", self.limites.noeuds))
            );
        }
        let id = u32::try_from(self.doc.nodes.len()).map_err(|_| self.error("too many nodes"))?;
        if kind != Kind::Text && name > NAME_MASK {
            return Err(self.error("the document has too many names"));
        }
        self.doc.nodes.push(Node::new(kind, name, parent, aux, offset, id));
        Ok(id)
    }

    /// Links a new child after its previous sibling: the sibling is now followed.
    fn link(&mut self, id: u32) {
        if let Some(last) = self.last_child.last_mut() {
            if let Some(sibling) = self.doc.nodes.get_mut(*last as usize) {
                sibling.head |= FOLLOWED;
            }
            *last = id;
        }
    }

    fn close(&mut self, id: u32) {
        self.doc.nodes[id as usize].end = u32::try_from(self.doc.nodes.len()).unwrap_or(NONE);
    }
}

/// Where a text starting at `start` ends (the next `<`, or the end of the input), and whether
/// it holds `&` or `\r`. Most texts are the indentation between two tags or a short value:
/// their first bytes are tested eight at a time in a machine word, cheaper there than a call
/// to the vectorised search longer texts get.
fn text_end(bytes: &[u8], start: usize) -> (usize, bool) {
    let short = bytes.len().min(start + 32);
    let mut special = false;
    let mut at = start;
    while let Some(word) = bytes.get(at..at + 8).filter(|_| at + 8 <= short) {
        let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        let lt = zero_bytes(word ^ repeated(b'<'));
        let remarked = zero_bytes(word ^ repeated(b'&')) | zero_bytes(word ^ repeated(b'\r'));
        if lt != 0 {
            // Below the first `<`, the marks are exact.
            let before = (lt & lt.wrapping_neg()) - 1;
            return (at + (lt.trailing_zeros() / 8) as usize, special || remarked & before != 0);
        }
        special |= remarked != 0;
        at += 8;
    }
    for (i, &b) in bytes[at..short].iter().enumerate() {
        // One test for the bytes of most texts.
        if TEXT_BYTES[b as usize] {
            continue;
        }
        if b == b'<' {
            return (at + i, special);
        }
        special = true;
    }
    // One pass for a long text (a base64 attachment) without references: its end, or the
    // first reference before it.
    let rest = &bytes[short..];
    match memchr::memchr3(b'<', b'&', b'\r', rest) {
        Some(i) if rest.get(i) == Some(&b'<') => (short + i, special),
        Some(i) => {
            let end = memchr::memchr(b'<', &rest[i..]).map_or(bytes.len(), |j| short + i + j);
            (end, true)
        }
        None => (bytes.len(), special),
    }
}

/// A value the rules may read, as opposed to indentation (which starts with a line end or a
/// space; a value that does too is only left in place) or a long text.
fn is_short_value(text: &str) -> bool {
    text.len() <= 64 && text.bytes().next().is_some_and(|b| !matches!(b, b'\n' | b' ' | b'\t'))
}

/// A word of eight copies of `b`.
const fn repeated(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The high bit of each zero byte of `x` set: exactly for the lowest zero byte, perhaps also
/// for bytes above it (a borrow runs on), never below.
const fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(repeated(1)) & !x & repeated(0x80)
}

/// Bytes a text goes on with, unremarked: all but `<`, `&` and `\r`.
const TEXT_BYTES: [bool; 256] = {
    let mut table = [true; 256];
    table[b'<' as usize] = false;
    table[b'&' as usize] = false;
    table[b'\r' as usize] = false;
    table
};

/// The namespace a prefix of an element's name is bound to ("" when the default namespace is
/// not declared), if it is bound.
fn namespace_of<'b>(bindings: &'b [(&str, Cow<'_, str>)], prefix: &str) -> Option<&'b str> {
    match bindings.iter().rev().find(|(p, _)| *p == prefix) {
        Some((_, namespace)) => Some(namespace),
        None if prefix.is_empty() => Some(""),
        None => None,
    }
}

fn is_declaration(qname: &str) -> bool {
    qname == "xmlns" || qname.starts_with("xmlns:")
}

/// Bytes of names, but the colon between prefix and local name: ASCII letters, digits, `-`,
/// `.`, `_`, and any byte of a non-ASCII character (XML allows most of them; the input is
/// already known to be UTF-8).
const NAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_') || c >= 0x80;
        b += 1;
    }
    table
};

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

/// XML 1.0's `Char`: what a character reference may name.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The value of `name="…"` in an XML declaration.
fn pseudo_attribute<'s>(declaration: &'s str, name: &str) -> Option<&'s str> {
    let after = &declaration[declaration.find(name)? + name.len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|&q| q == '"' || q == '\'')?;
    let value = &after[1..];
    Some(&value[..value.find(quote)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`text_end`] as its definition says, one byte at a time.
    fn text_end_plain(bytes: &[u8], start: usize) -> (usize, bool) {
        let end = bytes[start..].iter().position(|&b| b == b'<').map_or(bytes.len(), |i| start + i);
        (end, bytes[start..end].iter().any(|&b| b == b'&' || b == b'\r'))
    }

    #[test]
    fn texts_end_at_the_first_tag_with_their_references_and_carriage_returns_seen() {
        // Lengths through the word-wise part into the long texts' search, the bytes that
        // matter anywhere, and bytes whose tests could borrow into their neighbours' (0x00,
        // 0x01, 0x80, 0xff).
        let alphabet = [b' ', b'\n', b'a', b'<', b'&', b'\r', 0x00, 0x01, 0x80, 0xff, b';', b'='];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let length = (state % 100) as usize;
            let bytes: Vec<u8> = (0..length)
                .map(|i| alphabet[((state >> (i % 60)) as usize + i * 7) % alphabet.len()])
                .collect();
            for start in 0..=length.min(3) {
                assert_eq!(
                    text_end(&bytes, start),
                    text_end_plain(&bytes, start),
                    "{bytes:?} from {start}"
                );
            }
        }
    }
}
