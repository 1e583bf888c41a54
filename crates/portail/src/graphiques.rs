//! Bar charts drawn on the server as SVG: geometry computed here, drawn by the template, each
//! with the table of its numbers beside it (the chart is `aria-hidden`; the table is what
//! screen readers read).

/// One bar.
pub struct Barre {
    pub x: u32,
    pub y: u32,
    pub largeur: u32,
    pub hauteur: u32,
    /// Which series: its colour and legend.
    pub serie: usize,
    pub info: String,
}

/// A group's label: under its bars, or left of them in a horizontal chart.
pub struct Etiquette {
    pub x: u32,
    pub y: u32,
    /// `middle` or `end`.
    pub ancre: &'static str,
    pub texte: String,
}

pub struct Graphique {
    pub id: &'static str,
    pub titre: &'static str,
    pub largeur: u32,
    pub hauteur: u32,
    pub base: u32,
    pub barres: Vec<Barre>,
    pub etiquettes: Vec<Etiquette>,
    /// The series' names, for the legend and the table's columns.
    pub series: Vec<String>,
    pub colonne: &'static str,
    /// The table: a label and one value per series.
    pub lignes: Vec<(String, Vec<String>)>,
}

const HAUTEUR: u32 = 220;
const BAS: u32 = 40;
const HAUT: u32 = 10;
const PAS: u32 = 48;

/// Groups of bars, one group per label and one bar per series.
pub fn barres(
    id: &'static str,
    titre: &'static str,
    colonne: &'static str,
    series: Vec<String>,
    groupes: Vec<(String, Vec<i64>)>,
    format: impl Fn(i64) -> String,
) -> Graphique {
    let max = groupes.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(0).max(1);
    let n = series.len().max(1) as u32;
    let largeur_barre = (PAS - 8) / n;
    let base = HAUTEUR - BAS;
    let mut barres = Vec::new();
    let mut etiquettes = Vec::new();
    for (i, (label, values)) in groupes.iter().enumerate() {
        let x0 = 10 + i as u32 * PAS;
        for (s, v) in values.iter().enumerate() {
            let hauteur = ((*v).max(0) as u128 * u128::from(base - HAUT) / max as u128) as u32;
            barres.push(Barre {
                x: x0 + s as u32 * largeur_barre,
                y: base - hauteur,
                largeur: largeur_barre.saturating_sub(2).max(1),
                hauteur,
                serie: s,
                info: format!(
                    "{label} — {}: {}",
                    series.get(s).map_or("", String::as_str),
                    format(*v)
                ),
            });
        }
        etiquettes.push(Etiquette {
            x: x0 + (PAS - 8) / 2,
            y: base + 16,
            ancre: "middle",
            texte: label.clone(),
        });
    }
    let lignes = groupes
        .into_iter()
        .map(|(label, values)| (label, values.into_iter().map(&format).collect()))
        .collect();
    Graphique {
        id,
        titre,
        largeur: 20 + PAS * etiquettes.len().max(1) as u32,
        hauteur: HAUTEUR,
        base,
        barres,
        etiquettes,
        series,
        colonne,
        lignes,
    }
}

/// Width of the labels' column and of the bars in a horizontal chart.
const LIBELLES: u32 = 190;
const LONGUEUR: u32 = 300;
const LIGNE: u32 = 26;

/// One bar per label, laid across: for categories whose names are long.
pub fn barres_horizontales(
    id: &'static str,
    titre: &'static str,
    colonne: &'static str,
    serie: &'static str,
    groupes: Vec<(String, i64)>,
    format: impl Fn(i64) -> String,
) -> Graphique {
    let max = groupes.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let mut barres = Vec::new();
    let mut etiquettes = Vec::new();
    for (i, (label, v)) in groupes.iter().enumerate() {
        let y = 6 + i as u32 * LIGNE;
        let largeur = ((*v).max(0) as u128 * u128::from(LONGUEUR) / max as u128) as u32;
        barres.push(Barre {
            x: LIBELLES,
            y,
            largeur,
            hauteur: LIGNE - 8,
            serie: 0,
            info: format!("{label}: {}", format(*v)),
        });
        etiquettes.push(Etiquette {
            x: LIBELLES - 6,
            y: y + 13,
            ancre: "end",
            texte: label.clone(),
        });
    }
    let hauteur = 12 + LIGNE * groupes.len().max(1) as u32;
    let lignes = groupes.into_iter().map(|(label, v)| (label, vec![format(v)])).collect();
    Graphique {
        id,
        titre,
        largeur: LIBELLES + LONGUEUR + 10,
        hauteur,
        // The axis runs down the left of the bars.
        base: 0,
        barres,
        etiquettes,
        series: vec![serie.to_owned()],
        colonne,
        lignes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tallest_bar_fills_the_chart_and_others_scale() {
        let g = barres(
            "g",
            "t",
            "c",
            vec!["a".into(), "b".into()],
            vec![("x".into(), vec![100, 50]), ("y".into(), vec![0, 25])],
            |v| v.to_string(),
        );
        assert_eq!(g.barres.len(), 4);
        assert_eq!(g.barres[0].hauteur, g.base - HAUT);
        assert_eq!(g.barres[1].hauteur, (g.base - HAUT) / 2);
        assert_eq!(g.barres[2].hauteur, 0);
        assert_eq!(g.lignes[1], ("y".to_owned(), vec!["0".to_owned(), "25".to_owned()]));
    }
}
