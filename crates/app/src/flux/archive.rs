//! A flux's file opened into its documents: one file as itself, or a `.tar.gz` of several.
//! The archive is read as a stream within bounds (documents, each one's size, the total once
//! decompressed), so that a compressed bomb stops at the first bound it crosses instead of
//! filling memory. Pure: bytes in, documents or a reason out.

use std::io::Read;

use bytes::Bytes;
use facteur_domain::flux::limites::{
    DOCUMENTS_MAX, LONGUEUR_MAX_NOM, TAILLE_MAX_DECOMPRESSEE, TAILLE_MAX_DOCUMENT,
};

/// A file of the flux.
#[derive(Debug, Clone)]
pub struct Fichier {
    pub nom: String,
    pub contenu: Bytes,
}

/// Why a flux's file could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErreurArchive {
    #[error("the archive is not a valid tar.gz: {0}")]
    Illisible(String),
    #[error("the archive holds more than {DOCUMENTS_MAX} files")]
    TropDeFichiers,
    #[error("[{0}] is larger than {TAILLE_MAX_DOCUMENT} bytes once decompressed")]
    FichierTropGrand(String),
    #[error("the archive is larger than {TAILLE_MAX_DECOMPRESSEE} bytes once decompressed")]
    TropGrande,
    #[error("the file is empty")]
    Vide,
}

impl ErreurArchive {
    /// The report's error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Illisible(_) | Self::Vide => "FLUX_ILLISIBLE",
            Self::TropDeFichiers | Self::FichierTropGrand(_) | Self::TropGrande => {
                "FLUX_TROP_VOLUMINEUX"
            }
        }
    }
}

const GZIP: &[u8] = &[0x1f, 0x8b];
const BLOC: usize = 512;

/// The files of a deposit: the archive's regular files (directories and metadata skipped,
/// names without their folders), or the file itself named `nom` when it is no archive.
pub fn ouvrir(nom: &str, contenu: &Bytes) -> Result<Vec<Fichier>, ErreurArchive> {
    if contenu.is_empty() {
        return Err(ErreurArchive::Vide);
    }
    if !contenu.starts_with(GZIP) {
        if contenu.len() as u64 > TAILLE_MAX_DOCUMENT {
            return Err(ErreurArchive::FichierTropGrand(nom.to_owned()));
        }
        return Ok(vec![Fichier { nom: nom_court(nom), contenu: contenu.clone() }]);
    }
    // One byte past the bound tells a file that reaches it from one that crosses it.
    let mut flot =
        flate2::read::MultiGzDecoder::new(contenu.as_ref()).take(TAILLE_MAX_DECOMPRESSEE + 1);
    let mut fichiers = Vec::new();
    let mut lu: u64 = 0;
    let mut nom_long: Option<String> = None;
    loop {
        let mut entete = [0_u8; BLOC];
        if !lire_bloc(&mut flot, &mut entete, &mut lu)? {
            break;
        }
        if entete.iter().all(|b| *b == 0) {
            // The end-of-archive marker.
            break;
        }
        verifier_somme(&entete)?;
        let taille = octal(&entete[124..136])
            .ok_or_else(|| ErreurArchive::Illisible("an entry's size is not a number".into()))?;
        let type_entree = entete[156];
        let nom_entree = nom_long.take().unwrap_or_else(|| nom_ustar(&entete));
        if taille > TAILLE_MAX_DOCUMENT {
            return Err(ErreurArchive::FichierTropGrand(nom_court(&nom_entree)));
        }
        let rembourre = usize::try_from(taille.div_ceil(BLOC as u64) * BLOC as u64)
            .map_err(|_| ErreurArchive::FichierTropGrand(nom_court(&nom_entree)))?;
        let mut donnees = vec![0_u8; rembourre];
        if !lire_bloc(&mut flot, &mut donnees, &mut lu)? {
            return Err(ErreurArchive::Illisible(format!("[{nom_entree}] is cut short")));
        }
        donnees.truncate(usize::try_from(taille).unwrap_or(0));
        match type_entree {
            b'0' | 0 | b'7' => {
                if fichiers.len() == DOCUMENTS_MAX {
                    return Err(ErreurArchive::TropDeFichiers);
                }
                let nom = nom_court(&nom_entree);
                // macOS's archiver adds a metadata file beside each file.
                if !nom.starts_with("._") && !nom.is_empty() {
                    fichiers.push(Fichier { nom, contenu: Bytes::from(donnees) });
                }
            }
            // GNU's long names come as an entry before the file's own.
            b'L' => {
                let fin = donnees.iter().position(|b| *b == 0).unwrap_or(donnees.len());
                nom_long = Some(String::from_utf8_lossy(&donnees[..fin]).into_owned());
            }
            // Directories, links, pax and other metadata carry no document.
            _ => {}
        }
    }
    if fichiers.is_empty() {
        return Err(ErreurArchive::Illisible("the archive holds no file".into()));
    }
    Ok(fichiers)
}

/// Fills `bloc` from the stream; false at its clean end before the first byte.
fn lire_bloc(flot: &mut impl Read, bloc: &mut [u8], lu: &mut u64) -> Result<bool, ErreurArchive> {
    let mut rempli = 0;
    while rempli < bloc.len() {
        match flot.read(&mut bloc[rempli..]) {
            Ok(0) => break,
            Ok(n) => rempli += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ErreurArchive::Illisible(e.to_string())),
        }
    }
    *lu += rempli as u64;
    if *lu > TAILLE_MAX_DECOMPRESSEE {
        return Err(ErreurArchive::TropGrande);
    }
    match rempli {
        0 => Ok(false),
        n if n == bloc.len() => Ok(true),
        _ => Err(ErreurArchive::Illisible("the archive is cut short".into())),
    }
}

fn verifier_somme(entete: &[u8; BLOC]) -> Result<(), ErreurArchive> {
    let attendue = octal(&entete[148..156]);
    let somme: u64 = entete
        .iter()
        .enumerate()
        .map(|(i, b)| if (148..156).contains(&i) { 32 } else { u64::from(*b) })
        .sum();
    if attendue == Some(somme) {
        Ok(())
    } else {
        Err(ErreurArchive::Illisible("an entry's header is corrupt (checksum)".into()))
    }
}

/// A tar number: octal digits, padded with spaces or NULs. Base-256 sizes (past 8 GB) are
/// beyond any bound here anyway.
fn octal(champ: &[u8]) -> Option<u64> {
    let texte: String = champ
        .iter()
        .take_while(|b| **b != 0)
        .map(|b| char::from(*b))
        .collect::<String>()
        .trim()
        .to_owned();
    if texte.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(&texte, 8).ok()
}

fn nom_ustar(entete: &[u8; BLOC]) -> String {
    let champ = |r: std::ops::Range<usize>| {
        let bytes = &entete[r];
        let fin = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
        String::from_utf8_lossy(&bytes[..fin]).into_owned()
    };
    let nom = champ(0..100);
    let prefixe = if &entete[257..262] == b"ustar" { champ(345..500) } else { String::new() };
    if prefixe.is_empty() { nom } else { format!("{prefixe}/{nom}") }
}

/// A name without its folders, bounded.
fn nom_court(nom: &str) -> String {
    let base = nom.rsplit(['/', '\\']).next().unwrap_or(nom).trim();
    base.chars().filter(|c| !c.is_control()).take(LONGUEUR_MAX_NOM).collect()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn tar(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (nom, data) in entries {
            let mut h = [0_u8; BLOC];
            h[..nom.len()].copy_from_slice(nom.as_bytes());
            h[100..108].copy_from_slice(b"0000644\0");
            h[124..136].copy_from_slice(format!("{:011o}\0", data.len()).as_bytes());
            h[156] = b'0';
            h[257..263].copy_from_slice(b"ustar\0");
            h[148..156].copy_from_slice(b"        ");
            let sum: u32 = h.iter().map(|b| u32::from(*b)).sum();
            h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
            out.extend_from_slice(&h);
            out.extend_from_slice(data);
            out.resize(out.len().div_ceil(BLOC) * BLOC, 0);
        }
        out.resize(out.len() + 2 * BLOC, 0);
        out
    }

    fn gz(data: &[u8]) -> Bytes {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        Bytes::from(e.finish().unwrap())
    }

    #[test]
    fn a_plain_file_is_one_document() {
        let files = ouvrir("dir/facture.xml", &Bytes::from_static(b"<Invoice/>")).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].nom, "facture.xml");
        assert_eq!(ouvrir("x", &Bytes::new()).unwrap_err(), ErreurArchive::Vide);
    }

    #[test]
    fn an_archive_gives_its_files_without_folders() {
        let archive = gz(&tar(&[("a/F1.xml", b"<a/>"), ("F2.xml", b"<b/>"), ("._F2.xml", b"x")]));
        let files = ouvrir("lot.tar.gz", &archive).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.nom.as_str()).collect();
        assert_eq!(names, ["F1.xml", "F2.xml"]);
        assert_eq!(files[1].contenu, Bytes::from_static(b"<b/>"));
    }

    #[test]
    fn bombs_and_broken_archives_stop_at_a_bound() {
        let big = vec![b'A'; (TAILLE_MAX_DOCUMENT + 1) as usize];
        let bomb = gz(&tar(&[("big.xml", &big)]));
        assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
        assert_eq!(
            ouvrir("b.tar.gz", &bomb).unwrap_err(),
            ErreurArchive::FichierTropGrand("big.xml".into())
        );
        let many: Vec<(String, Vec<u8>)> =
            (0..=DOCUMENTS_MAX).map(|i| (format!("{i}.xml"), b"<a/>".to_vec())).collect();
        let entries: Vec<(&str, &[u8])> =
            many.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
        assert_eq!(
            ouvrir("m.tar.gz", &gz(&tar(&entries))).unwrap_err(),
            ErreurArchive::TropDeFichiers
        );
        let nine = vec![b'A'; 9 * 1024 * 1024];
        let fourteen: Vec<(String, &[u8])> =
            (0..14).map(|i| (format!("{i}.xml"), nine.as_slice())).collect();
        let entries: Vec<(&str, &[u8])> = fourteen.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        assert_eq!(ouvrir("t.tar.gz", &gz(&tar(&entries))).unwrap_err(), ErreurArchive::TropGrande);
        let cut = gz(&tar(&[("F1.xml", b"<a/>")])[..600]);
        assert!(matches!(ouvrir("c.tar.gz", &cut), Err(ErreurArchive::Illisible(_))));
        let garbage = gz(b"not a tar at all, just text that goes on for a while ......");
        assert!(matches!(ouvrir("g.tar.gz", &garbage), Err(ErreurArchive::Illisible(_))));
        let mut truncated_gz = gz(&tar(&[("F1.xml", b"<a/>")])).to_vec();
        truncated_gz.truncate(20);
        assert!(matches!(
            ouvrir("z.tar.gz", &Bytes::from(truncated_gz)),
            Err(ErreurArchive::Illisible(_))
        ));
    }
}
