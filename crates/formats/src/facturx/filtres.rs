//! Stream filters: `/FlateDecode` (with its PNG predictors, which cross-reference streams use)
//! or none, decoded within a bound so that a deflate bomb stops there.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;

use super::ErreurFacturX;
use super::objet::{Dict, Objet};

/// Decodes `brut` under the filters of `dict` (already resolved: `/Filter` and `/DecodeParms`
/// direct), refusing to produce more than `limite` bytes.
pub(crate) fn decoder(
    dict: &Dict,
    brut: &[u8],
    limite: usize,
    quoi: &str,
) -> Result<Vec<u8>, ErreurFacturX> {
    let filtres: Vec<&Objet> = match dict.get(b"Filter") {
        None | Some(Objet::Null) => Vec::new(),
        Some(Objet::Tableau(t)) => t.iter().collect(),
        Some(f) => vec![f],
    };
    let parametres = match dict.get(b"DecodeParms") {
        Some(Objet::Dictionnaire(d)) => Some(d),
        Some(Objet::Tableau(t)) => match t.first() {
            Some(Objet::Dictionnaire(d)) => Some(d),
            _ => None,
        },
        _ => None,
    };
    let trop_grand = || ErreurFacturX::TropGrand { quoi: quoi.to_owned(), limite };
    match filtres.as_slice() {
        [] => {
            if brut.len() > limite {
                return Err(trop_grand());
            }
            Ok(brut.to_vec())
        }
        [Objet::Nom(nom)] if nom == b"FlateDecode" => {
            let mut sortie = Vec::new();
            let lus =
                ZlibDecoder::new(brut).take(limite as u64 + 1).read_to_end(&mut sortie).map_err(
                    |e| ErreurFacturX::Corrompu { quoi: quoi.to_owned(), raison: e.to_string() },
                )?;
            if lus > limite {
                return Err(trop_grand());
            }
            match parametres {
                Some(p) => predicteur(p, sortie, quoi),
                None => Ok(sortie),
            }
        }
        [Objet::Nom(nom)] | [Objet::Nom(nom), ..] => Err(ErreurFacturX::FiltreNonPris {
            quoi: quoi.to_owned(),
            filtre: String::from_utf8_lossy(nom).into_owned(),
        }),
        _ => Err(ErreurFacturX::FiltreNonPris {
            quoi: quoi.to_owned(),
            filtre: "(not a name)".into(),
        }),
    }
}

/// Undoes a `/Predictor` (ISO 32000 §7.4.4.4): none, or the PNG ones.
fn predicteur(p: &Dict, donnees: Vec<u8>, quoi: &str) -> Result<Vec<u8>, ErreurFacturX> {
    let predicteur = p.entier(b"Predictor").unwrap_or(1);
    if predicteur <= 1 {
        return Ok(donnees);
    }
    let corrompu =
        |raison: &str| ErreurFacturX::Corrompu { quoi: quoi.to_owned(), raison: raison.into() };
    if predicteur < 10 {
        return Err(ErreurFacturX::FiltreNonPris {
            quoi: quoi.to_owned(),
            filtre: format!("FlateDecode with /Predictor {predicteur}"),
        });
    }
    let couleurs = p.entier(b"Colors").unwrap_or(1);
    let bits = p.entier(b"BitsPerComponent").unwrap_or(8);
    let colonnes = p.entier(b"Columns").unwrap_or(1);
    if !(1..=32).contains(&couleurs)
        || ![1, 2, 4, 8, 16].contains(&bits)
        || !(1..=1 << 20).contains(&colonnes)
    {
        return Err(corrompu("bad predictor parameters"));
    }
    // All three are small and positive, checked above.
    let par_pixel = (couleurs * bits + 7).div_euclid(8) as usize;
    let ligne = (couleurs * bits * colonnes + 7).div_euclid(8) as usize;
    if ligne > 1 << 16 {
        return Err(corrompu("predictor rows too long"));
    }
    let mut sortie = Vec::with_capacity(donnees.len());
    let mut precedente = vec![0u8; ligne];
    for bloc in donnees.chunks(ligne + 1) {
        let (Some(&type_png), Some(octets)) = (bloc.first(), bloc.get(1..)) else { break };
        let mut courante = octets.to_vec();
        courante.resize(ligne, 0);
        for i in 0..ligne {
            let gauche =
                if i >= par_pixel { courante.get(i - par_pixel).copied().unwrap_or(0) } else { 0 };
            let haut = precedente.get(i).copied().unwrap_or(0);
            let haut_gauche = if i >= par_pixel {
                precedente.get(i - par_pixel).copied().unwrap_or(0)
            } else {
                0
            };
            let ajout = match type_png {
                0 => 0,
                1 => gauche,
                2 => haut,
                3 => ((u16::from(gauche) + u16::from(haut)) / 2) as u8,
                4 => paeth(gauche, haut, haut_gauche),
                _ => return Err(corrompu("bad PNG predictor tag")),
            };
            if let Some(c) = courante.get_mut(i) {
                *c = c.wrapping_add(ajout);
            }
        }
        sortie.extend_from_slice(&courante);
        precedente = courante;
    }
    Ok(sortie)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) =
        ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

pub(crate) fn compresser(donnees: &[u8]) -> Vec<u8> {
    let mut encodeur = ZlibEncoder::new(Vec::new(), Compression::default());
    // Writing into a Vec cannot fail.
    encodeur.write_all(donnees).and_then(|()| encodeur.finish()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flate() -> Dict {
        Dict(vec![(b"Filter".to_vec(), Objet::Nom(b"FlateDecode".to_vec()))])
    }

    #[test]
    fn flate_round_trips_and_stops_at_its_bound() {
        let donnees = vec![b'a'; 10_000];
        let z = compresser(&donnees);
        assert_eq!(decoder(&flate(), &z, 10_000, "x").unwrap(), donnees);
        let e = decoder(&flate(), &z, 9_999, "x").unwrap_err();
        assert_eq!(e, ErreurFacturX::TropGrand { quoi: "x".into(), limite: 9_999 });
    }

    #[test]
    fn png_up_predictor_is_undone() {
        let mut d = flate();
        let p = Dict(vec![
            (b"Predictor".to_vec(), Objet::Entier(12)),
            (b"Columns".to_vec(), Objet::Entier(3)),
        ]);
        d.mettre(b"DecodeParms", Objet::Dictionnaire(p));
        let z = compresser(&[2, 1, 2, 3, 2, 1, 1, 1]);
        assert_eq!(decoder(&d, &z, 100, "x").unwrap(), vec![1, 2, 3, 2, 3, 4]);
    }

    #[test]
    fn other_filters_are_named_in_the_error() {
        let d = Dict(vec![(b"Filter".to_vec(), Objet::Nom(b"LZWDecode".to_vec()))]);
        let e = decoder(&d, b"", 100, "the attachment").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the attachment is compressed with an unsupported filter /LZWDecode (facteur decodes /FlateDecode or no filter)"
        );
    }
}
