//! The XMP metadata a Factur-X declares itself with: PDF/A-3B identification, the Factur-X
//! extension schema and its properties, and the document information of the PDF it was made
//! from (PDF/A requires the two to agree).

use super::objet::Dict;
use super::pieces::texte;

/// The document information dictionary's entries that XMP mirrors.
#[derive(Debug, Default)]
pub(crate) struct Info {
    pub(crate) titre: Option<String>,
    pub(crate) auteur: Option<String>,
    pub(crate) sujet: Option<String>,
    pub(crate) mots_cles: Option<String>,
    pub(crate) createur: Option<String>,
    pub(crate) producteur: Option<String>,
    pub(crate) creation: Option<String>,
    pub(crate) modification: Option<String>,
}

impl Info {
    pub(crate) fn depuis(dict: &Dict) -> Self {
        let t = |cle: &[u8]| match dict.get(cle) {
            Some(super::objet::Objet::Chaine(s)) => Some(texte(s)),
            _ => None,
        };
        Self {
            titre: t(b"Title"),
            auteur: t(b"Author"),
            sujet: t(b"Subject"),
            mots_cles: t(b"Keywords"),
            createur: t(b"Creator"),
            producteur: t(b"Producer"),
            creation: t(b"CreationDate").and_then(|d| date_xmp(&d)),
            modification: t(b"ModDate").and_then(|d| date_xmp(&d)),
        }
    }
}

const FX: &str = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";

/// The packet for an invoice attached as `nom`, at the EN 16931 conformance level.
pub(crate) fn xmp(info: &Info, nom: &str) -> Vec<u8> {
    let mut x = String::from(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
         <pdfaid:part>3</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n\
         </rdf:Description>\n",
    );
    let alt = |v: &str| {
        format!("<rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>", echapper(v))
    };
    let mut dc = String::new();
    if let Some(v) = &info.titre {
        dc += &format!("<dc:title>{}</dc:title>\n", alt(v));
    }
    if let Some(v) = &info.auteur {
        dc += &format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            echapper(v)
        );
    }
    if let Some(v) = &info.sujet {
        dc += &format!("<dc:description>{}</dc:description>\n", alt(v));
    }
    description(&mut x, "dc", "http://purl.org/dc/elements/1.1/", &dc);
    let mut pdf = String::new();
    if let Some(v) = &info.producteur {
        pdf += &format!("<pdf:Producer>{}</pdf:Producer>\n", echapper(v));
    }
    if let Some(v) = &info.mots_cles {
        pdf += &format!("<pdf:Keywords>{}</pdf:Keywords>\n", echapper(v));
    }
    description(&mut x, "pdf", "http://ns.adobe.com/pdf/1.3/", &pdf);
    let mut xmp = String::new();
    for (balise, v) in [
        ("CreatorTool", &info.createur),
        ("CreateDate", &info.creation),
        ("ModifyDate", &info.modification),
    ] {
        if let Some(v) = v {
            xmp += &format!("<xmp:{balise}>{}</xmp:{balise}>\n", echapper(v));
        }
    }
    description(&mut x, "xmp", "http://ns.adobe.com/xap/1.0/", &xmp);
    x += "<rdf:Description rdf:about=\"\" \
          xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
          xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
          xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n\
          <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n\
          <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>\n";
    x += &format!("<pdfaSchema:namespaceURI>{FX}</pdfaSchema:namespaceURI>\n");
    x += "<pdfaSchema:prefix>fx</pdfaSchema:prefix>\n<pdfaSchema:property><rdf:Seq>\n";
    for (nom, description) in [
        ("DocumentFileName", "The name of the embedded XML document"),
        (
            "DocumentType",
            "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER",
        ),
        ("Version", "The actual version of the standard applying to the embedded XML document"),
        ("ConformanceLevel", "The conformance level of the embedded XML document"),
    ] {
        x += &format!(
            "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{nom}</pdfaProperty:name>\
             <pdfaProperty:valueType>Text</pdfaProperty:valueType>\
             <pdfaProperty:category>external</pdfaProperty:category>\
             <pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>\n"
        );
    }
    x += "</rdf:Seq></pdfaSchema:property>\n</rdf:li></rdf:Bag></pdfaExtension:schemas>\n</rdf:Description>\n";
    x += &format!(
        "<rdf:Description rdf:about=\"\" xmlns:fx=\"{FX}\">\n\
         <fx:DocumentType>INVOICE</fx:DocumentType>\n\
         <fx:DocumentFileName>{}</fx:DocumentFileName>\n\
         <fx:Version>1.0</fx:Version>\n\
         <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>\n\
         </rdf:Description>\n",
        echapper(nom)
    );
    x += "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    x.into_bytes()
}

fn description(x: &mut String, prefixe: &str, ns: &str, contenu: &str) {
    if !contenu.is_empty() {
        *x += &format!(
            "<rdf:Description rdf:about=\"\" xmlns:{prefixe}=\"{ns}\">\n{contenu}</rdf:Description>\n"
        );
    }
}

fn echapper(s: &str) -> String {
    s.chars().filter(|&c| c != '\u{0}').fold(String::with_capacity(s.len()), |mut e, c| {
        match c {
            '&' => e += "&amp;",
            '<' => e += "&lt;",
            '>' => e += "&gt;",
            '"' => e += "&quot;",
            c if c < ' ' && !matches!(c, '\t' | '\n' | '\r') => {}
            c => e.push(c),
        }
        e
    })
}

/// `D:YYYYMMDDHHmmSSOHH'mm'` (§7.9.4, every part after the year optional) as XMP's
/// `YYYY-MM-DDThh:mm:ss±hh:mm`.
pub(crate) fn date_xmp(pdf: &str) -> Option<String> {
    let s = pdf.trim().strip_prefix("D:").unwrap_or(pdf.trim());
    let chiffres: String = s.chars().take_while(char::is_ascii_digit).collect();
    if chiffres.len() < 4 {
        return None;
    }
    let partie = |debut: usize, defaut: &'static str| {
        chiffres.get(debut..debut + 2).unwrap_or(defaut).to_owned()
    };
    let mut date = format!(
        "{}-{}-{}T{}:{}:{}",
        chiffres.get(..4)?,
        partie(4, "01"),
        partie(6, "01"),
        partie(8, "00"),
        partie(10, "00"),
        partie(12, "00")
    );
    let reste = s.get(chiffres.len()..).unwrap_or("");
    match reste.chars().next() {
        Some('Z') => date.push('Z'),
        Some(signe @ ('+' | '-')) => {
            let z: String = reste.chars().filter(char::is_ascii_digit).collect();
            if let (Some(h), m) = (z.get(..2), z.get(2..4).unwrap_or("00")) {
                date += &format!("{signe}{h}:{m}");
            }
        }
        _ => {}
    }
    Some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_become_xmp_dates() {
        assert_eq!(
            date_xmp("D:20240131120000+01'00'").as_deref(),
            Some("2024-01-31T12:00:00+01:00")
        );
        assert_eq!(date_xmp("D:2024").as_deref(), Some("2024-01-01T00:00:00"));
        assert_eq!(date_xmp("D:20240131235959Z").as_deref(), Some("2024-01-31T23:59:59Z"));
        assert_eq!(date_xmp("hier"), None);
    }
}
