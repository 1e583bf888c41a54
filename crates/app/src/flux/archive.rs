//! A flux's file opened into its documents: one file as itself, or a `.tar.gz` of several.
//! The archive is read as a stream within bounds (documents, each one's size, the total once
//! decompressed), so that a compressed bomb stops at the first bound it crosses instead of
//! filling memory. Pure: bytes in, documents or a reason out. The `tar` crate reads the
//! entries (ustar, GNU long names, pax).

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

/// Whether a flux's file is an archive of documents rather than one document.
pub fn est_archive(contenu: &[u8]) -> bool {
    contenu.starts_with(GZIP)
}

/// The files of a deposit: the archive's regular files (directories and metadata skipped,
/// names without their folders), or the file itself named `nom` when it is no archive.
pub fn ouvrir(nom: &str, contenu: &Bytes) -> Result<Vec<Fichier>, ErreurArchive> {
    if contenu.is_empty() {
        return Err(ErreurArchive::Vide);
    }
    if !est_archive(contenu) {
        if contenu.len() as u64 > TAILLE_MAX_DOCUMENT {
            return Err(ErreurArchive::FichierTropGrand(nom.to_owned()));
        }
        return Ok(vec![Fichier { nom: nom_court(nom), contenu: contenu.clone() }]);
    }
    let illisible = |e: std::io::Error| ErreurArchive::Illisible(e.to_string());
    // The stream itself stops one byte past the bound, whatever the headers claim.
    let flot =
        flate2::read::MultiGzDecoder::new(contenu.as_ref()).take(TAILLE_MAX_DECOMPRESSEE + 1);
    let mut archive = tar::Archive::new(flot);
    let mut fichiers = Vec::new();
    for entree in archive.entries().map_err(illisible)? {
        let mut entree = entree.map_err(illisible)?;
        let nom_entree = String::from_utf8_lossy(&entree.path_bytes()).into_owned();
        let taille = entree.size();
        if taille > TAILLE_MAX_DOCUMENT {
            return Err(ErreurArchive::FichierTropGrand(nom_court(&nom_entree)));
        }
        if entree.raw_file_position().saturating_add(taille) > TAILLE_MAX_DECOMPRESSEE {
            return Err(ErreurArchive::TropGrande);
        }
        // Directories, links, pax and other metadata carry no document.
        if !entree.header().entry_type().is_file() {
            continue;
        }
        if fichiers.len() == DOCUMENTS_MAX {
            return Err(ErreurArchive::TropDeFichiers);
        }
        // `taille` is bounded above, so reading it whole is too.
        let mut donnees = Vec::with_capacity(usize::try_from(taille).unwrap_or(0));
        entree.read_to_end(&mut donnees).map_err(illisible)?;
        if donnees.len() as u64 != taille {
            return Err(ErreurArchive::Illisible(format!("[{nom_entree}] is cut short")));
        }
        let nom = nom_court(&nom_entree);
        // macOS's archiver adds a metadata file beside each file.
        if !nom.starts_with("._") && !nom.is_empty() {
            fichiers.push(Fichier { nom, contenu: Bytes::from(donnees) });
        }
    }
    if fichiers.is_empty() {
        return Err(ErreurArchive::Illisible("the archive holds no file".into()));
    }
    Ok(fichiers)
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
        let mut builder = tar::Builder::new(Vec::new());
        for (nom, data) in entries {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, nom, *data).unwrap();
        }
        builder.into_inner().unwrap()
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
