//! A small XML writer into a `String`: indented elements, escaped text and attribute values,
//! and the characters XML 1.0 cannot carry at all dropped. It cannot fail, unlike a writer over
//! `io::Write`, so [`crate::cii()`] returns the document itself rather than a `Result` whose error
//! could never happen.

pub(crate) struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    pub(crate) fn new() -> Self {
        Self { out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), depth: 0 }
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
    pub(crate) fn element(
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
    pub(crate) fn leaf(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.start_tag(name, attributes);
        escape(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// An element that holds nothing.
    pub(crate) fn empty(&mut self, name: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str("/>\n");
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// Appends `text` escaped. In an attribute, quotes are escaped too, and tabs and line breaks
/// as character references, which attribute normalisation would otherwise turn into spaces.
fn escape(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            // Not allowed in XML 1.0, not even as a character reference.
            '\u{0}'..='\u{8}'
            | '\u{B}'
            | '\u{C}'
            | '\u{E}'..='\u{1F}'
            | '\u{FFFE}'
            | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut x = Xml::new();
        x.element("a", &[("k", "\"1\" & <2>\n")], |x| {
            x.leaf("b", &[], "R&D <pas> \"cher\"\u{1}\r\n");
            x.empty("c");
        });
        assert_eq!(
            x.finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <a k=\"&quot;1&quot; &amp; &lt;2&gt;&#10;\">\n  \
             <b>R&amp;D &lt;pas&gt; \"cher\"&#13;\n</b>\n  \
             <c/>\n\
             </a>\n"
        );
    }
}
