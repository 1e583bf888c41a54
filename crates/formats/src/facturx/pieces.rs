//! A PDF's attached files: those the catalog associates with the document (`/AF`, PDF/A-3
//! and PDF 2.0) and those in its `/Names /EmbeddedFiles` name tree.

use std::collections::HashSet;

use super::ErreurFacturX;
use super::lecteur::Lecteur;
use super::objet::{Dict, Objet};

/// Name-tree nodes visited at most, and how deep.
const NOEUDS_MAX: usize = 10_000;
const PROFONDEUR_MAX: usize = 32;

/// A file specification and every name it goes by.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub(crate) noms: Vec<String>,
    pub(crate) filespec: Dict,
    /// The object it is, when it is one: the same file listed twice is one piece.
    pub(crate) reference: Option<(u32, u16)>,
}

impl Piece {
    fn new(filespec: Dict, reference: Option<(u32, u16)>) -> Self {
        Self { noms: pieces_de(&filespec), filespec, reference }
    }
}

/// The names a file specification gives its file (`/UF`, then `/F`).
pub(crate) fn pieces_de(filespec: &Dict) -> Vec<String> {
    [&b"UF"[..], b"F"]
        .iter()
        .filter_map(|cle| match filespec.get(cle) {
            Some(Objet::Chaine(s)) => Some(texte(s)),
            _ => None,
        })
        .collect()
}

/// The files associated through `/AF`, in its order, then those only in the name tree.
pub(crate) fn pieces(l: &Lecteur, catalogue: &Dict) -> Result<Vec<Piece>, ErreurFacturX> {
    let mut pieces = Vec::new();
    if let Some(af) = catalogue.get(b"AF")
        && let Objet::Tableau(af) = l.resoudre(af)?
    {
        for element in &af {
            if let Some(filespec) = l.dict(element)? {
                pieces.push(Piece::new(filespec, reference(element)));
            }
        }
    }
    for (cle, valeur) in fichiers_incorpores(l, catalogue)? {
        let nom = texte(&cle);
        let deja = reference(&valeur)
            .and_then(|r| pieces.iter_mut().find(|p: &&mut Piece| p.reference == Some(r)));
        match deja {
            Some(piece) => piece.noms.push(nom),
            None => {
                if let Some(filespec) = l.dict(&valeur)? {
                    let mut piece = Piece::new(filespec, reference(&valeur));
                    piece.noms.push(nom);
                    pieces.push(piece);
                }
            }
        }
    }
    Ok(pieces)
}

fn reference(o: &Objet) -> Option<(u32, u16)> {
    match o {
        Objet::Reference(n, g) => Some((*n, *g)),
        _ => None,
    }
}

/// The leaves of `/Names /EmbeddedFiles`, in tree order: key and value. Walked with a stack of
/// its own, never twice through the same node.
pub(crate) fn fichiers_incorpores(
    l: &Lecteur,
    catalogue: &Dict,
) -> Result<Vec<(Vec<u8>, Objet)>, ErreurFacturX> {
    let Some(noms) = catalogue.get(b"Names") else { return Ok(Vec::new()) };
    let Some(noms) = l.dict(noms)? else { return Ok(Vec::new()) };
    let Some(racine) = noms.get(b"EmbeddedFiles") else { return Ok(Vec::new()) };
    let mut feuilles = Vec::new();
    let mut vus = HashSet::new();
    let mut pile = vec![(racine.clone(), 0usize)];
    while let Some((noeud, profondeur)) = pile.pop() {
        if let Some(r) = reference(&noeud)
            && !vus.insert(r)
        {
            continue;
        }
        if vus.len() > NOEUDS_MAX || profondeur > PROFONDEUR_MAX {
            return Err(ErreurFacturX::Limite(format!(
                "the embedded files' name tree has more than {NOEUDS_MAX} nodes or {PROFONDEUR_MAX} levels"
            )));
        }
        let Some(noeud) = l.dict(&noeud)? else { continue };
        if let Some(Objet::Tableau(paires)) =
            noeud.get(b"Names").map(|n| l.resoudre(n)).transpose()?
        {
            for paire in paires.chunks_exact(2) {
                if let [Objet::Chaine(cle), valeur] = paire {
                    feuilles.push((cle.clone(), valeur.clone()));
                }
            }
        }
        if let Some(Objet::Tableau(enfants)) =
            noeud.get(b"Kids").map(|k| l.resoudre(k)).transpose()?
        {
            // Reversed onto the stack so that the leaves come out in order.
            pile.extend(enfants.into_iter().rev().map(|e| (e, profondeur + 1)));
        }
    }
    Ok(feuilles)
}

/// A text string (§7.9.2.2): UTF-16BE or UTF-8 with their byte order mark, else
/// PDFDocEncoding, which is Latin-1 wherever a file name has its characters.
pub(crate) fn texte(s: &[u8]) -> String {
    if let Some(utf16) = s.strip_prefix(b"\xFE\xFF") {
        let unites =
            utf16.chunks(2).map(|p| u16::from_be_bytes([p[0], p.get(1).copied().unwrap_or(0)]));
        char::decode_utf16(unites).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
    } else if let Some(utf8) = s.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(utf8).into_owned()
    } else {
        s.iter().map(|&c| char::from(c)).collect()
    }
}
