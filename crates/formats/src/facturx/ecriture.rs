//! Making a Factur-X out of a PDF: an incremental update (ISO 32000 §7.5.6) that appends the
//! invoice as an embedded file, its file specification, the Factur-X XMP metadata and a new
//! catalog pointing at them. The visual PDF's bytes stay as they are, so whatever made it
//! PDF/A (fonts, output intent) is kept.

use super::lecteur::{DerniereXref, Lecteur};
use super::objet::{self, Dict, Objet};
use super::pieces::{self, texte};
use super::xmp::{self, Info};
use super::{ErreurFacturX, NOMS_PIECE, filtres, nom_de_fichier};

const NOM: &str = "factur-x.xml";

fn nom(n: &[u8]) -> Objet {
    Objet::Nom(n.to_vec())
}

fn dict(entrees: Vec<(&[u8], Objet)>) -> Dict {
    Dict(entrees.into_iter().map(|(k, v)| (k.to_vec(), v)).collect())
}

fn est_facture(noms: &[String]) -> bool {
    noms.iter().any(|n| NOMS_PIECE.iter().any(|f| nom_de_fichier(n).eq_ignore_ascii_case(f)))
}

/// `pdf_visuel` carrying `xml_cii` as its Factur-X invoice (`factur-x.xml`, `/AFRelationship
/// /Data`, in `/AF` and `/Names /EmbeddedFiles`, with the XMP that says so). An invoice the
/// PDF already carried, under any of [`NOMS_PIECE`], is replaced; its other attachments stay.
pub fn ecrire(xml_cii: &[u8], pdf_visuel: &[u8]) -> Result<Vec<u8>, ErreurFacturX> {
    let l = Lecteur::ouvrir(pdf_visuel)?;
    let Some(derniere) = l.derniere_xref else {
        return Err(ErreurFacturX::Illisible(
            "its cross-reference data is damaged, and an update can only follow sound data".into(),
        ));
    };
    let Some(Objet::Reference(racine, generation_racine)) = l.trailer.get(b"Root").cloned() else {
        return Err(ErreurFacturX::Illisible("the trailer has no /Root reference".into()));
    };
    let mut catalogue = l.catalogue()?;
    let info = match l.trailer.get(b"Info") {
        Some(i) => l.dict(i)?.unwrap_or_default(),
        None => Dict::default(),
    };

    let mut suivant = l.taille();
    // ISO 32000's limit (annex C), far from u32::MAX, so that numbering ours cannot overflow.
    if suivant > 8_388_607 {
        return Err(ErreurFacturX::Limite("it declares more than 8,388,607 objects".into()));
    }
    let mut allouer = || {
        suivant += 1;
        suivant - 1
    };
    let (fichier, filespec, metadonnees) = (allouer(), allouer(), allouer());
    let mut objets: Vec<(u32, u16, Vec<u8>)> = Vec::new();

    let mut parametres = dict(vec![(b"Size", Objet::Entier(xml_cii.len() as i64))]);
    if let Some(date) = info.get(b"ModDate").or_else(|| info.get(b"CreationDate")) {
        parametres.mettre(b"ModDate", date.clone());
    }
    let compresse = filtres::compresser(xml_cii);
    let entete = dict(vec![
        (b"Type", nom(b"EmbeddedFile")),
        (b"Subtype", nom(b"text/xml")),
        (b"Params", Objet::Dictionnaire(parametres)),
        (b"Filter", nom(b"FlateDecode")),
    ]);
    objets.push((fichier, 0, flux(entete, &compresse)));

    let chaine = Objet::Chaine(NOM.as_bytes().to_vec());
    let specification = dict(vec![
        (b"Type", nom(b"Filespec")),
        (b"F", chaine.clone()),
        (b"UF", chaine.clone()),
        (b"Desc", Objet::Chaine(b"Factur-X invoice".to_vec())),
        (b"AFRelationship", nom(b"Data")),
        (
            b"EF",
            Objet::Dictionnaire(dict(vec![
                (b"F", Objet::Reference(fichier, 0)),
                (b"UF", Objet::Reference(fichier, 0)),
            ])),
        ),
    ]);
    objets.push((filespec, 0, valeur(&Objet::Dictionnaire(specification))));

    let paquet = xmp::xmp(&Info::depuis(&info), NOM);
    let entete = dict(vec![(b"Type", nom(b"Metadata")), (b"Subtype", nom(b"XML"))]);
    objets.push((metadonnees, 0, flux(entete, &paquet)));

    // The catalog's other associated files stay; a previous invoice goes.
    let mut associes = Vec::new();
    if let Some(af) = catalogue.get(b"AF")
        && let Objet::Tableau(af) = l.resoudre(af)?
    {
        for element in af {
            let garder = match l.dict(&element)? {
                Some(f) => !est_facture(&pieces::pieces_de(&f)),
                None => false,
            };
            if garder {
                associes.push(element);
            }
        }
    }
    associes.push(Objet::Reference(filespec, 0));
    catalogue.mettre(b"AF", Objet::Tableau(associes));

    let mut feuilles: Vec<(Vec<u8>, Objet)> = Vec::new();
    for (cle, valeur) in pieces::fichiers_incorpores(&l, &catalogue)? {
        let mut noms = vec![texte(&cle)];
        if let Some(f) = l.dict(&valeur)? {
            noms.extend(pieces::pieces_de(&f));
        }
        if !est_facture(&noms) {
            feuilles.push((cle, valeur));
        }
    }
    feuilles.push((NOM.as_bytes().to_vec(), Objet::Reference(filespec, 0)));
    // A name tree's keys are sorted (§7.9.6).
    feuilles.sort_by(|a, b| a.0.cmp(&b.0));
    let arbre = dict(vec![(
        b"Names",
        Objet::Tableau(feuilles.into_iter().flat_map(|(k, v)| [Objet::Chaine(k), v]).collect()),
    )]);
    let mut noms = match catalogue.get(b"Names") {
        Some(n) => l.dict(n)?.unwrap_or_default(),
        None => Dict::default(),
    };
    noms.mettre(b"EmbeddedFiles", Objet::Dictionnaire(arbre));
    catalogue.mettre(b"Names", Objet::Dictionnaire(noms));
    catalogue.mettre(b"Metadata", Objet::Reference(metadonnees, 0));
    // Associated files are PDF 2.0, and PDF/A-3 is based on PDF 1.7.
    let version =
        catalogue.nom(b"Version").map(<[u8]>::to_vec).unwrap_or_else(|| version_entete(l.octets()));
    if version.as_slice() < b"1.7".as_slice() {
        catalogue.mettre(b"Version", nom(b"1.7"));
    }
    objets.push((racine, generation_racine, valeur(&Objet::Dictionnaire(catalogue))));

    let xref = derniere.flux.then(&mut allouer);
    Ok(ajouter(&l, derniere, objets, xref, suivant))
}

/// The version in the `%PDF-x.y` header.
fn version_entete(pdf: &[u8]) -> Vec<u8> {
    let debut = pdf.windows(5).position(|w| w == b"%PDF-").map_or(0, |p| p + 5);
    pdf.get(debut..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b'.')
        .copied()
        .collect()
}

fn valeur(o: &Objet) -> Vec<u8> {
    let mut s = Vec::new();
    objet::ecrire(o, &mut s);
    s
}

fn flux(mut entete: Dict, donnees: &[u8]) -> Vec<u8> {
    entete.mettre(b"Length", Objet::Entier(donnees.len() as i64));
    let mut s = Vec::new();
    objet::ecrire_dict(&entete, &mut s);
    s.extend_from_slice(b"\nstream\n");
    s.extend_from_slice(donnees);
    s.extend_from_slice(b"\nendstream");
    s
}

/// The visual PDF, then the objects, then a cross-reference section of the same kind as its
/// last one (a stream, object `xref`, or a table) pointing back at it.
fn ajouter(
    l: &Lecteur,
    derniere: DerniereXref,
    objets: Vec<(u32, u16, Vec<u8>)>,
    xref: Option<u32>,
    taille: u32,
) -> Vec<u8> {
    let mut sortie = l.octets().to_vec();
    if !sortie.ends_with(b"\n") {
        sortie.push(b'\n');
    }
    let mut entrees: Vec<(u32, u16, usize)> = Vec::new();
    for (num, generation, corps) in objets {
        entrees.push((num, generation, sortie.len()));
        sortie.extend_from_slice(format!("{num} {generation} obj\n").as_bytes());
        sortie.extend_from_slice(&corps);
        sortie.extend_from_slice(b"\nendobj\n");
    }
    let mut trailer = l.trailer.clone();
    for cle in
        [&b"Prev"[..], b"XRefStm", b"Type", b"W", b"Index", b"Filter", b"DecodeParms", b"Length"]
    {
        trailer.retirer(cle);
    }
    trailer.mettre(b"Size", Objet::Entier(i64::from(taille)));
    trailer.mettre(b"Prev", Objet::Entier(derniere.position as i64));
    let debut_xref = sortie.len();
    match xref {
        Some(num) => {
            entrees.push((num, 0, debut_xref));
            entrees.sort_by_key(|e| e.0);
            let mut index = Vec::new();
            let mut donnees = Vec::new();
            for serie in series(&entrees) {
                index.push(Objet::Entier(i64::from(serie[0].0)));
                index.push(Objet::Entier(serie.len() as i64));
                for &(_, generation, position) in serie {
                    donnees.push(1);
                    donnees.extend_from_slice(&(position as u64).to_be_bytes());
                    donnees.extend_from_slice(&generation.to_be_bytes());
                }
            }
            trailer.mettre(b"Type", nom(b"XRef"));
            trailer.mettre(
                b"W",
                Objet::Tableau(vec![Objet::Entier(1), Objet::Entier(8), Objet::Entier(2)]),
            );
            trailer.mettre(b"Index", Objet::Tableau(index));
            sortie.extend_from_slice(format!("{num} 0 obj\n").as_bytes());
            sortie.extend_from_slice(&flux(trailer, &donnees));
            sortie.extend_from_slice(b"\nendobj\n");
        }
        None => {
            entrees.sort_by_key(|e| e.0);
            sortie.extend_from_slice(b"xref\n0 1\n0000000000 65535 f\r\n");
            for serie in series(&entrees) {
                sortie.extend_from_slice(format!("{} {}\n", serie[0].0, serie.len()).as_bytes());
                for &(_, generation, position) in serie {
                    sortie.extend_from_slice(
                        format!("{position:010} {generation:05} n\r\n").as_bytes(),
                    );
                }
            }
            sortie.extend_from_slice(b"trailer\n");
            objet::ecrire_dict(&trailer, &mut sortie);
            sortie.push(b'\n');
        }
    }
    sortie.extend_from_slice(format!("startxref\n{debut_xref}\n%%EOF\n").as_bytes());
    sortie
}

/// Runs of consecutive object numbers, one cross-reference subsection each.
fn series(entrees: &[(u32, u16, usize)]) -> Vec<&[(u32, u16, usize)]> {
    let mut series = Vec::new();
    let mut debut = 0;
    for i in 1..=entrees.len() {
        let rompt = match (entrees.get(i - 1), entrees.get(i)) {
            (Some(a), Some(b)) => b.0 != a.0 + 1,
            _ => true,
        };
        if rompt {
            if let Some(s) = entrees.get(debut..i) {
                series.push(s);
            }
            debut = i;
        }
    }
    series
}
