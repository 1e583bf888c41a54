//! Finding and loading a PDF's objects (ISO 32000 §7.5): the cross-reference tables and
//! streams along `/Prev`, objects in object streams, and a scan of the file when the
//! cross-reference data is damaged. Only the objects asked for are parsed.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::objet::{Dict, Lexeur, Objet, est_blanc};
use super::{ErreurFacturX, filtres};

/// Objects (cross-reference entries, and objects loaded) at most.
const OBJETS_MAX: usize = 1_000_000;
/// Cross-reference sections followed along `/Prev` at most.
const SECTIONS_MAX: usize = 64;
/// An object or cross-reference stream decompresses to this at most.
const TAILLE_FLUX_MAX: usize = 50 << 20;
/// All the streams of one reading decompress to this at most, so that many small bombs cost
/// no more than a large one.
const DECOMPRESSE_MAX: usize = 256 << 20;
/// Loading an object may need another (a `/Length`, an object stream): this deep at most.
const CHAINE_MAX: u32 = 8;
/// Bytes parsed in all, at most this many times those of the file and of its decoded object
/// streams: an unterminated string read to the end of the file again for each object that
/// starts inside it stops there.
const RELECTURES_MAX: usize = 8;

/// A stream: its dictionary and its bytes as they are in the file.
pub(crate) struct Flux<'a> {
    pub(crate) dict: Dict,
    pub(crate) brut: &'a [u8],
}

pub(crate) enum Indirect<'a> {
    Objet(Objet),
    Flux(Flux<'a>),
}

#[derive(Debug, Clone, Copy)]
enum Emplacement {
    /// A free entry, or one of a type this reader does not know: a null object.
    Libre,
    Position(usize),
    DansFlux {
        flux: u32,
        index: usize,
    },
}

/// A decoded object stream: its bytes and where each of its objects starts.
struct FluxObjets {
    donnees: Vec<u8>,
    objets: Vec<(u32, usize)>,
}

/// How the last cross-reference section was written, for an incremental update to follow it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DerniereXref {
    pub(crate) position: usize,
    pub(crate) flux: bool,
}

pub(crate) struct Lecteur<'a> {
    pdf: &'a [u8],
    /// Where `%PDF-` is: some files have bytes before it, and offsets that count from it.
    decalage: usize,
    table: HashMap<u32, Emplacement>,
    pub(crate) trailer: Dict,
    /// `None` when the table was rebuilt by scanning the file.
    pub(crate) derniere_xref: Option<DerniereXref>,
    objets_scannes: OnceCell<HashMap<u32, usize>>,
    fins_de_flux: OnceCell<Vec<usize>>,
    flux_objets: RefCell<HashMap<u32, Rc<FluxObjets>>>,
    decompresse: Cell<usize>,
    charges: Cell<usize>,
    /// Bytes parsed so far.
    lus: Cell<usize>,
}

fn illisible(raison: impl Into<String>) -> ErreurFacturX {
    ErreurFacturX::Illisible(raison.into())
}

/// Every position of `motif` in `octets`, in order.
fn positions<'b>(octets: &'b [u8], motif: &'b [u8]) -> impl Iterator<Item = usize> + 'b {
    octets.windows(motif.len()).enumerate().filter(move |(_, w)| *w == motif).map(|(i, _)| i)
}

impl<'a> Lecteur<'a> {
    pub(crate) fn ouvrir(pdf: &'a [u8]) -> Result<Self, ErreurFacturX> {
        let entete = pdf.get(..1024.min(pdf.len())).unwrap_or_default();
        let decalage = positions(entete, b"%PDF-").next().ok_or(ErreurFacturX::PasUnPdf)?;
        let mut lecteur = Self {
            pdf,
            decalage,
            table: HashMap::new(),
            trailer: Dict::default(),
            derniere_xref: None,
            objets_scannes: OnceCell::new(),
            fins_de_flux: OnceCell::new(),
            flux_objets: RefCell::new(HashMap::new()),
            decompresse: Cell::new(0),
            charges: Cell::new(0),
            lus: Cell::new(0),
        };
        let lu = lecteur.lire_xref();
        let utilisable = lu.is_ok() && lecteur.trailer.get(b"Root").is_some();
        if !utilisable {
            if let Err(ErreurFacturX::Limite(l)) = lu {
                return Err(ErreurFacturX::Limite(l));
            }
            lecteur.table.clear();
            lecteur.trailer = Dict::default();
            lecteur.derniere_xref = None;
            lecteur.reconstruire()?;
        }
        if lecteur.trailer.get(b"Encrypt").is_some() {
            return Err(ErreurFacturX::Chiffre);
        }
        Ok(lecteur)
    }

    pub(crate) fn octets(&self) -> &'a [u8] {
        self.pdf
    }

    /// The largest object number in use, plus one.
    pub(crate) fn taille(&self) -> u32 {
        let declaree =
            self.trailer.entier(b"Size").and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
        let vue = self.table.keys().max().map_or(0, |n| n.saturating_add(1));
        declaree.max(vue)
    }

    fn inserer(&mut self, num: u32, e: Emplacement) -> Result<(), ErreurFacturX> {
        if self.table.len() >= OBJETS_MAX {
            return Err(ErreurFacturX::Limite(format!("more than {OBJETS_MAX} objects")));
        }
        // Sections are read newest first: an object already placed was updated later.
        self.table.entry(num).or_insert(e);
        Ok(())
    }

    fn lire_xref(&mut self) -> Result<(), ErreurFacturX> {
        let debut =
            positions(self.pdf, b"startxref").last().ok_or_else(|| illisible("no startxref"))?;
        let mut lx = Lexeur::new(self.pdf, debut + 9);
        let mut suivante = lx.naturel().and_then(|n| usize::try_from(n).ok());
        let mut vues = HashSet::new();
        while let Some(position) = suivante {
            if !vues.insert(position) {
                break;
            }
            if vues.len() > SECTIONS_MAX {
                return Err(ErreurFacturX::Limite(format!(
                    "more than {SECTIONS_MAX} cross-reference sections"
                )));
            }
            let position = self.position_xref(position)?;
            let (trailer, flux) = self.section(position)?;
            suivante = trailer.entier(b"Prev").and_then(|n| usize::try_from(n).ok());
            if self.derniere_xref.is_none() {
                self.derniere_xref = Some(DerniereXref { position, flux });
                self.trailer = trailer;
            }
        }
        Ok(())
    }

    /// A section's position as written, or counted from `%PDF-` where that is what matches.
    fn position_xref(&self, position: usize) -> Result<usize, ErreurFacturX> {
        for p in [position, position.saturating_add(self.decalage)] {
            let mut lx = Lexeur::new(self.pdf, p);
            if lx.mot_cle(b"xref") || lx.entete().is_some() {
                return Ok(p);
            }
        }
        Err(illisible(format!("no cross-reference section at byte {position}")))
    }

    /// One cross-reference section: its entries go into the table; returns its trailer and
    /// whether it is a stream.
    fn section(&mut self, position: usize) -> Result<(Dict, bool), ErreurFacturX> {
        let mut lx = Lexeur::new(self.pdf, position);
        if !lx.mot_cle(b"xref") {
            let (_, objet) = self.lire_a(position, None, 0)?;
            let Indirect::Flux(flux) = objet else {
                return Err(illisible(format!("no cross-reference stream at byte {position}")));
            };
            self.entrees_flux(&flux)?;
            return Ok((flux.dict, true));
        }
        while !lx.mot_cle(b"trailer") {
            let (Some(premier), Some(nombre)) = (lx.naturel(), lx.naturel()) else {
                return Err(illisible(format!("bad cross-reference table at byte {}", lx.pos)));
            };
            for i in 0..nombre {
                let (Some(offset), Some(_)) = (lx.naturel(), lx.naturel()) else {
                    return Err(illisible(format!("bad cross-reference entry at byte {}", lx.pos)));
                };
                lx.blancs();
                let utilise = lx.mot() == b"n";
                let num = u32::try_from(premier.saturating_add(i)).unwrap_or(u32::MAX);
                let emplacement = match usize::try_from(offset) {
                    Ok(offset) if utilise => Emplacement::Position(offset),
                    _ => Emplacement::Libre,
                };
                self.inserer(num, emplacement)?;
            }
        }
        let Objet::Dictionnaire(trailer) = lx.objet()? else {
            return Err(illisible("the trailer is not a dictionary"));
        };
        // A hybrid file also lists its compressed objects in a stream.
        if let Some(p) = trailer.entier(b"XRefStm").and_then(|n| usize::try_from(n).ok())
            && let Ok((_, Indirect::Flux(flux))) = self.lire_a(p, None, 0)
        {
            self.entrees_flux(&flux)?;
        }
        Ok((trailer, false))
    }

    /// The entries of a cross-reference stream (§7.5.8).
    fn entrees_flux(&mut self, flux: &Flux<'a>) -> Result<(), ErreurFacturX> {
        let dict = &flux.dict;
        if dict.nom(b"Type") != Some(b"XRef") {
            return Err(illisible("a cross-reference section is neither a table nor a stream"));
        }
        let largeurs: Vec<usize> = match dict.get(b"W") {
            Some(Objet::Tableau(w)) if w.len() == 3 => w
                .iter()
                .map(|l| match l {
                    Objet::Entier(n @ 0..=8) => Ok(*n as usize),
                    _ => Err(illisible("bad /W in a cross-reference stream")),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(illisible("bad /W in a cross-reference stream")),
        };
        let ligne: usize = largeurs.iter().sum();
        if ligne == 0 {
            return Err(illisible("bad /W in a cross-reference stream"));
        }
        let taille = dict.entier(b"Size").unwrap_or(0);
        let index: Vec<i64> = match dict.get(b"Index") {
            Some(Objet::Tableau(t)) => t
                .iter()
                .filter_map(|o| if let Objet::Entier(n) = o { Some(*n) } else { None })
                .collect(),
            _ => vec![0, taille],
        };
        let donnees = self.decoder(dict, flux.brut, TAILLE_FLUX_MAX, "a cross-reference stream")?;
        let mut lignes = donnees.chunks_exact(ligne);
        for paire in index.chunks_exact(2) {
            let (Ok(premier), Ok(nombre)) = (u32::try_from(paire[0]), u64::try_from(paire[1]))
            else {
                return Err(illisible("bad /Index in a cross-reference stream"));
            };
            for i in 0..nombre {
                let Some(l) = lignes.next() else { return Ok(()) };
                let mut champs = [0u64; 3];
                let mut reste = l;
                for (champ, &largeur) in champs.iter_mut().zip(&largeurs) {
                    let (tete, queue) = reste.split_at(largeur.min(reste.len()));
                    *champ = tete.iter().fold(0u64, |v, &o| (v << 8) | u64::from(o));
                    reste = queue;
                }
                // A missing type field means type 1.
                let genre = if largeurs[0] == 0 { 1 } else { champs[0] };
                let Some(num) = u32::try_from(i).ok().and_then(|i| premier.checked_add(i)) else {
                    break;
                };
                match genre {
                    1 => {
                        if let Ok(p) = usize::try_from(champs[1]) {
                            self.inserer(num, Emplacement::Position(p))?;
                        }
                    }
                    2 => {
                        if let (Ok(flux), Ok(index)) =
                            (u32::try_from(champs[1]), usize::try_from(champs[2]))
                        {
                            self.inserer(num, Emplacement::DansFlux { flux, index })?;
                        }
                    }
                    _ => self.inserer(num, Emplacement::Libre)?,
                }
            }
        }
        Ok(())
    }

    /// Rebuilds the table from the `N G obj` in the file, for files whose cross-reference
    /// data is missing or damaged; finds the trailer, or failing it the catalog.
    fn reconstruire(&mut self) -> Result<(), ErreurFacturX> {
        let scannes = self.scannes().clone();
        let mut tries: Vec<(u32, usize)> = scannes.into_iter().collect();
        tries.sort_by_key(|&(_, p)| p);
        for &(num, p) in &tries {
            self.inserer(num, Emplacement::Position(p))?;
        }
        if let Some(p) = positions(self.pdf, b"trailer").last() {
            let mut lx = Lexeur::new(self.pdf, p + 7);
            if let Ok(Objet::Dictionnaire(d)) = lx.objet() {
                self.trailer = d;
            }
        }
        let mut catalogue = None;
        for &(num, p) in &tries {
            let dict = match self.lire_a(p, Some(num), 0) {
                Ok((_, Indirect::Flux(f))) => f.dict,
                Ok((_, Indirect::Objet(Objet::Dictionnaire(d)))) => d,
                Err(ErreurFacturX::Limite(l)) => return Err(ErreurFacturX::Limite(l)),
                _ => continue,
            };
            match dict.nom(b"Type") {
                Some(b"ObjStm") => {
                    if let Ok(fo) = self.flux_objets(num, 0) {
                        for (index, &(n, _)) in fo.objets.iter().enumerate() {
                            if !self.table.contains_key(&n) {
                                self.inserer(n, Emplacement::DansFlux { flux: num, index })?;
                            }
                        }
                    }
                }
                Some(b"XRef") if self.trailer.get(b"Root").is_none() => self.trailer = dict,
                Some(b"Catalog") => catalogue = Some(num),
                _ => {}
            }
        }
        if self.trailer.get(b"Root").is_none() {
            let num =
                catalogue.ok_or_else(|| illisible("no cross-reference data and no catalog"))?;
            self.trailer.mettre(b"Root", Objet::Reference(num, 0));
        }
        Ok(())
    }

    /// Where each `N G obj` of the file is, the last one for each number.
    fn scannes(&self) -> &HashMap<u32, usize> {
        self.objets_scannes.get_or_init(|| {
            let mut trouves = HashMap::new();
            for fin in positions(self.pdf, b"obj") {
                if let Some(debut) = debut_entete(self.pdf, fin) {
                    let mut lx = Lexeur::new(self.pdf, debut);
                    if let Some(num) = lx.entete()
                        && lx.pos == fin + 3
                        && trouves.len() < OBJETS_MAX
                    {
                        trouves.insert(num, debut);
                    }
                }
            }
            trouves
        })
    }

    /// Counts `n` more bytes parsed.
    fn lire(&self, n: usize) -> Result<(), ErreurFacturX> {
        let lus = self.lus.get().saturating_add(n);
        self.lus.set(lus);
        let max =
            self.pdf.len().saturating_add(self.decompresse.get()).saturating_mul(RELECTURES_MAX);
        if lus > max {
            return Err(ErreurFacturX::Limite(format!(
                "parsing it would read more than {RELECTURES_MAX} times its size"
            )));
        }
        Ok(())
    }

    /// The object at `position`, checked to be `attendu` when given.
    fn lire_a(
        &self,
        position: usize,
        attendu: Option<u32>,
        chaine: u32,
    ) -> Result<(u32, Indirect<'a>), ErreurFacturX> {
        let mut lx = Lexeur::new(self.pdf, position);
        let lu = self.lire_objet(&mut lx, position, attendu, chaine);
        self.lire(lx.pos.saturating_sub(position))?;
        lu
    }

    fn lire_objet(
        &self,
        lx: &mut Lexeur<'a>,
        position: usize,
        attendu: Option<u32>,
        chaine: u32,
    ) -> Result<(u32, Indirect<'a>), ErreurFacturX> {
        let num = lx.entete().ok_or_else(|| illisible(format!("no object at byte {position}")))?;
        if attendu.is_some_and(|a| a != num) {
            return Err(illisible(format!(
                "object {num} found at byte {position}, not {attendu:?}"
            )));
        }
        let objet = lx.objet()?;
        let Objet::Dictionnaire(dict) = objet else { return Ok((num, Indirect::Objet(objet))) };
        if !lx.mot_cle(b"stream") {
            return Ok((num, Indirect::Objet(Objet::Dictionnaire(dict))));
        }
        // The keyword ends with CRLF or LF (a lone CR in some writers).
        let reste = lx.reste();
        let debut = lx.pos
            + if reste.starts_with(b"\r\n") {
                2
            } else if reste.starts_with(b"\n") || reste.starts_with(b"\r") {
                1
            } else {
                0
            };
        let longueur = match dict.get(b"Length") {
            Some(Objet::Entier(n)) => usize::try_from(*n).ok(),
            Some(Objet::Reference(n, _)) if chaine < CHAINE_MAX => {
                match self.charger(*n, chaine + 1) {
                    Ok(Indirect::Objet(Objet::Entier(n))) => usize::try_from(n).ok(),
                    _ => None,
                }
            }
            _ => None,
        };
        let brut = longueur
            .and_then(|l| {
                let fin = debut.checked_add(l)?;
                let apres = self.pdf.get(fin..)?;
                let blancs = apres.iter().take_while(|&&c| est_blanc(c)).count();
                apres.get(blancs..)?.starts_with(b"endstream").then(|| self.pdf.get(debut..fin))?
            })
            .or_else(|| self.jusqu_a_endstream(debut))
            .ok_or_else(|| illisible(format!("object {num}: a stream without endstream")))?;
        Ok((num, Indirect::Flux(Flux { dict, brut })))
    }

    /// A stream whose `/Length` is wrong runs to the next `endstream`, less the end of line.
    fn jusqu_a_endstream(&self, debut: usize) -> Option<&'a [u8]> {
        let fins = self.fins_de_flux.get_or_init(|| positions(self.pdf, b"endstream").collect());
        let i = fins.partition_point(|&f| f < debut);
        let fin = *fins.get(i)?;
        let mut brut = self.pdf.get(debut..fin)?;
        if let Some(b) = brut.strip_suffix(b"\n") {
            brut = b.strip_suffix(b"\r").unwrap_or(b);
        } else if let Some(b) = brut.strip_suffix(b"\r") {
            brut = b;
        }
        Some(brut)
    }

    /// Object `num`; a missing object is null (§7.3.10).
    pub(crate) fn charger(&self, num: u32, chaine: u32) -> Result<Indirect<'a>, ErreurFacturX> {
        let charges = self.charges.get() + 1;
        self.charges.set(charges);
        if charges > OBJETS_MAX {
            return Err(ErreurFacturX::Limite(format!("more than {OBJETS_MAX} objects loaded")));
        }
        if chaine > CHAINE_MAX {
            return Err(ErreurFacturX::Limite(format!(
                "objects needed to load others chain more than {CHAINE_MAX} deep"
            )));
        }
        match self.table.get(&num) {
            Some(&Emplacement::Position(p)) => {
                let essais =
                    [Some(p), p.checked_add(self.decalage), self.scannes().get(&num).copied()];
                let mut erreur = illisible(format!("object {num} not found"));
                for p in essais.into_iter().flatten() {
                    match self.lire_a(p, Some(num), chaine) {
                        Ok((_, o)) => return Ok(o),
                        Err(e @ ErreurFacturX::Limite(_)) => return Err(e),
                        Err(e) => erreur = e,
                    }
                }
                Err(erreur)
            }
            Some(&Emplacement::DansFlux { flux, index }) => {
                let fo = self.flux_objets(flux, chaine + 1)?;
                let debut = match fo.objets.get(index) {
                    Some(&(n, debut)) if n == num => debut,
                    _ => fo.objets.iter().find(|&&(n, _)| n == num).map(|&(_, d)| d).ok_or_else(
                        || illisible(format!("object {num} is not in object stream {flux}")),
                    )?,
                };
                let mut lx = Lexeur::new(&fo.donnees, debut);
                let objet = lx.objet();
                self.lire(lx.pos.saturating_sub(debut))?;
                Ok(Indirect::Objet(objet?))
            }
            Some(Emplacement::Libre) | None => Ok(Indirect::Objet(Objet::Null)),
        }
    }

    fn flux_objets(&self, num: u32, chaine: u32) -> Result<Rc<FluxObjets>, ErreurFacturX> {
        if let Some(fo) = self.flux_objets.borrow().get(&num) {
            return Ok(Rc::clone(fo));
        }
        let Indirect::Flux(flux) = self.charger(num, chaine)? else {
            return Err(illisible(format!("object {num} should be an object stream")));
        };
        let dict = self.filtres_directs(flux.dict, chaine)?;
        let (Some(n), Some(premier)) = (dict.entier(b"N"), dict.entier(b"First")) else {
            return Err(illisible(format!("object stream {num} without /N or /First")));
        };
        let (Ok(n), Ok(premier)) = (usize::try_from(n), usize::try_from(premier)) else {
            return Err(illisible(format!("object stream {num}: bad /N or /First")));
        };
        let donnees = self.decoder(&dict, flux.brut, TAILLE_FLUX_MAX, "an object stream")?;
        let mut lx = Lexeur::new(&donnees, 0);
        let mut objets = Vec::new();
        for _ in 0..n.min(OBJETS_MAX) {
            let (Some(o), Some(d)) = (lx.naturel(), lx.naturel()) else { break };
            let (Ok(o), Some(d)) =
                (u32::try_from(o), usize::try_from(d).ok().and_then(|d| d.checked_add(premier)))
            else {
                break;
            };
            objets.push((o, d));
        }
        let fo = Rc::new(FluxObjets { donnees, objets });
        self.flux_objets.borrow_mut().insert(num, Rc::clone(&fo));
        Ok(fo)
    }

    /// Decodes a stream within `limite` and within what is left of the reading's budget.
    pub(crate) fn decoder(
        &self,
        dict: &Dict,
        brut: &[u8],
        limite: usize,
        quoi: &str,
    ) -> Result<Vec<u8>, ErreurFacturX> {
        let reste = DECOMPRESSE_MAX.saturating_sub(self.decompresse.get());
        let donnees =
            filtres::decoder(dict, brut, limite.min(reste), quoi).map_err(|e| match e {
                ErreurFacturX::TropGrand { .. } if reste < limite => ErreurFacturX::Limite(
                    format!("its streams decompress to more than {DECOMPRESSE_MAX} bytes in all"),
                ),
                e => e,
            })?;
        self.decompresse.set(self.decompresse.get() + donnees.len());
        Ok(donnees)
    }

    /// `dict` with `/Filter` and `/DecodeParms` resolved when they are references.
    pub(crate) fn filtres_directs(
        &self,
        mut dict: Dict,
        chaine: u32,
    ) -> Result<Dict, ErreurFacturX> {
        for cle in [&b"Filter"[..], b"DecodeParms"] {
            if let Some(Objet::Reference(n, _)) = dict.get(cle) {
                let valeur = match self.charger(*n, chaine + 1)? {
                    Indirect::Objet(o) => o,
                    Indirect::Flux(_) => Objet::Null,
                };
                dict.mettre(cle, valeur);
            }
        }
        Ok(dict)
    }

    /// The value of `objet`, loading it when it is a reference (a stream is no value: null).
    pub(crate) fn resoudre(&self, objet: &Objet) -> Result<Objet, ErreurFacturX> {
        match objet {
            Objet::Reference(n, _) => match self.charger(*n, 0)? {
                Indirect::Objet(o) => Ok(o),
                Indirect::Flux(_) => Ok(Objet::Null),
            },
            o => Ok(o.clone()),
        }
    }

    pub(crate) fn dict(&self, objet: &Objet) -> Result<Option<Dict>, ErreurFacturX> {
        match self.resoudre(objet)? {
            Objet::Dictionnaire(d) => Ok(Some(d)),
            _ => Ok(None),
        }
    }

    pub(crate) fn catalogue(&self) -> Result<Dict, ErreurFacturX> {
        let racine = self.trailer.get(b"Root").cloned().unwrap_or(Objet::Null);
        self.dict(&racine)?.ok_or_else(|| illisible("the catalog (/Root) is not a dictionary"))
    }
}

/// Where the `N G` before the `obj` at `fin` starts, if it is there.
fn debut_entete(pdf: &[u8], fin: usize) -> Option<usize> {
    let avant = pdf.get(..fin)?;
    let mut i = avant.len();
    for partie in 0..2 {
        let blancs = avant.get(..i)?.iter().rev().take_while(|&&c| est_blanc(c)).count();
        if blancs == 0 && partie == 1 {
            return None;
        }
        i -= blancs;
        let chiffres = avant.get(..i)?.iter().rev().take_while(|c| c.is_ascii_digit()).count();
        if chiffres == 0 {
            return None;
        }
        i -= chiffres;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF of `objets` (numbered from 1) with a correct table, and `trailer` added.
    fn pdf(objets: &[&str], trailer: &str) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut positions = Vec::new();
        for (i, o) in objets.iter().enumerate() {
            positions.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f\r\n", objets.len() + 1).as_bytes(),
        );
        for p in positions {
            pdf.extend_from_slice(format!("{p:010} 00000 n\r\n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<< /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
        );
        pdf
    }

    #[test]
    fn a_prev_loop_is_followed_once() {
        let mut octets = pdf(&["<< /Type /Catalog >>"], "");
        let xref = positions(&octets, b"xref\n").last().unwrap();
        let trailer = format!("/Prev {xref}");
        octets = pdf(&["<< /Type /Catalog >>"], &trailer);
        let l = Lecteur::ouvrir(&octets).unwrap();
        assert!(l.catalogue().is_ok());
    }

    #[test]
    fn a_length_that_refers_to_its_own_stream_ends_at_endstream() {
        let octets =
            pdf(&["<< /Type /Catalog >>", "<< /Length 2 0 R >>\nstream\nabc\nendstream"], "");
        let l = Lecteur::ouvrir(&octets).unwrap();
        let Indirect::Flux(f) = l.charger(2, 0).unwrap() else { panic!() };
        assert_eq!(f.brut, b"abc");
    }

    #[test]
    fn an_object_stream_that_contains_itself_is_a_bounded_chain() {
        // Object 1 is said to be in object stream 1.
        let mut octets = b"%PDF-1.5\n".to_vec();
        let xref = octets.len();
        octets.extend_from_slice(
            b"1 0 obj\n<< /Type /XRef /W [1 1 1] /Index [1 1] /Size 2 /Root 1 0 R /Length 3 >>\nstream\n\x02\x01\x00\nendstream\nendobj\n",
        );
        octets.extend_from_slice(format!("startxref\n{xref}\n%%EOF\n").as_bytes());
        let l = Lecteur::ouvrir(&octets).unwrap();
        assert!(matches!(
            l.catalogue(),
            Err(ErreurFacturX::Limite(_) | ErreurFacturX::Illisible(_))
        ));
    }

    #[test]
    fn objects_inside_an_unterminated_string_are_not_each_read_to_the_end() {
        let corps: String = (1..200_000).map(|i| format!("{i} 0 obj (\n")).collect();
        let octets = format!("%PDF-1.4\n{corps}");
        let debut = std::time::Instant::now();
        let e = Lecteur::ouvrir(octets.as_bytes()).err().unwrap();
        assert!(matches!(e, ErreurFacturX::Limite(_)), "{e}");
        assert!(debut.elapsed().as_secs() < 10);
    }

    #[test]
    fn a_damaged_table_is_rebuilt_by_scanning() {
        let mut octets = pdf(&["<< /Type /Catalog /Marque 7 >>"], "");
        let fin = octets.len();
        octets[fin - 12..fin - 6].copy_from_slice(b"999999");
        let l = Lecteur::ouvrir(&octets).unwrap();
        assert!(l.derniere_xref.is_none());
        assert_eq!(l.catalogue().unwrap().entier(b"Marque"), Some(7));
    }
}
