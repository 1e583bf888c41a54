//! A small XML writer into a `String`: indented elements, escaped text and attribute values,
//! and the characters XML 1.0 cannot carry dropped. Writing to a `String` cannot fail, so the
//! syntaxes' writers return the document itself rather than a `Result` that could never be `Err`.
//! `facteur-documents` writes its CII with it too.

pub struct Ecrivain {
    out: String,
    depth: usize,
}

impl Ecrivain {
    /// A document starting with the XML declaration; `capacity` avoids regrowing the buffer.
    pub fn new(capacity: usize) -> Self {
        let mut out = String::with_capacity(capacity);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Self { out, depth: 0 }
    }

    fn start_tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape(&mut self.out, value, true);
            self.out.push('"');
        }
        self.out.push('>');
    }

    /// An element whose content `children` writes.
    pub fn element(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        children: impl FnOnce(&mut Self),
    ) {
        self.start_tag(name, attributes);
        self.out.push('\n');
        self.depth += 1;
        children(self);
        self.depth -= 1;
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// An element that holds text.
    pub fn leaf(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.start_tag(name, attributes);
        escape(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// An element that holds nothing.
    pub fn empty(&mut self, name: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str("/>\n");
    }

    /// A text element when there is a value.
    pub fn opt(&mut self, name: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.leaf(name, &[], text);
        }
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Appends `text` escaped, copying runs that need nothing in one go (a base64 attachment is
/// one run of megabytes). In an attribute, quotes are escaped too, and tabs and line breaks as
/// character references, which attribute normalisation would otherwise turn into spaces.
fn escape(out: &mut String, text: &str, attribute: bool) {
    let mut run = 0;
    for (i, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if attribute => "&quot;",
            '\t' if attribute => "&#9;",
            '\n' if attribute => "&#10;",
            '\r' => "&#13;",
            // Not allowed in XML 1.0, not even as a character reference.
            '\u{0}'..='\u{8}'
            | '\u{B}'
            | '\u{C}'
            | '\u{E}'..='\u{1F}'
            | '\u{FFFE}'
            | '\u{FFFF}' => "",
            _ => continue,
        };
        out.push_str(&text[run..i]);
        out.push_str(replacement);
        run = i + c.len_utf8();
    }
    out.push_str(&text[run..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut x = Ecrivain::new(0);
        x.element("a", &[("k", "\"1\" & <2>\n")], |x| {
            x.leaf("b", &[], "R&D <pas> \"cher\"\u{1}\r\né");
            x.opt("c", None);
            x.opt("d", Some(""));
            x.empty("e");
        });
        assert_eq!(
            x.finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <a k=\"&quot;1&quot; &amp; &lt;2&gt;&#10;\">\n  \
             <b>R&amp;D &lt;pas&gt; \"cher\"&#13;\né</b>\n  \
             <d></d>\n  \
             <e/>\n\
             </a>\n"
        );
    }
}
