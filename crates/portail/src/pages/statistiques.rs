//! The public statistics page: the platform's figures as charts, each with its table.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Utc;
use facteur_domain::CodeLangue;

use super::{Cadre, page};
use crate::graphiques::{Graphique, barres, barres_horizontales};
use crate::session::{Connecte, Visiteur};
use crate::vues;
use crate::{PortailError, PortailState};

#[derive(Template)]
#[template(path = "statistiques.html")]
struct Page {
    c: Cadre,
    annee: i32,
    partenaires_actifs: i64,
    graphiques: Vec<Graphique>,
}

fn entier(n: i64, langue: CodeLangue) -> String {
    let text = vues::montant(n * 100, langue);
    text.split([',', '.']).next().unwrap_or_default().to_owned()
}

pub async fn publiques(
    State(state): State<PortailState>,
    visiteur: Visiteur,
) -> Result<Response, PortailError> {
    let s = state.app.statistiques(Utc::now().date_naive()).await?;
    let langue = visiteur.langue;
    let t = visiteur.textes();
    let n = move |v: i64| entier(v, langue);
    let mois = |m: &String| m.clone();
    let une = |rows: &[(String, i64)], f: &dyn Fn(&String) -> String| {
        rows.iter().map(|(k, v)| (f(k), vec![*v])).collect::<Vec<_>>()
    };
    // This year's months, one series per channel or category.
    let mensuel = |id, titre, rows: &[(String, Vec<i64>)], nom: &dyn Fn(&str) -> &str| {
        let series = rows.iter().map(|(k, _)| nom(k).to_owned()).collect();
        let groupes = (0..12)
            .map(|m| {
                (
                    format!("{:02}", m + 1),
                    rows.iter().map(|(_, v)| v.get(m).copied().unwrap_or(0)).collect(),
                )
            })
            .collect();
        barres(id, titre, t.mois, series, groupes, n)
    };
    // Counts per month: one series.
    let par_mois = |id, titre, rows: &[(String, i64)]| {
        barres(id, titre, t.mois, vec![t.nombre.to_owned()], une(rows, &mois), n)
    };
    let graphiques = vec![
        barres(
            "par-annee",
            t.factures_par_annee,
            t.annee,
            vec![t.nombre.to_owned()],
            une(&s.par_annee, &mois),
            n,
        ),
        barres(
            "par-mois",
            t.factures_par_mois,
            t.mois,
            vec![t.cette_annee.to_owned(), t.an_dernier.to_owned()],
            s.par_mois.iter().map(|(m, a, b)| (format!("{m:02}"), vec![*a, *b])).collect(),
            n,
        ),
        barres_horizontales(
            "par-canal",
            t.par_canal,
            t.canal,
            t.nombre,
            s.par_canal.iter().map(|(c, v)| (vues::canal(c, langue).to_owned(), *v)).collect(),
            n,
        ),
        mensuel("mois-canal", t.par_mois_canal, &s.par_mois_canal, &|c| vues::canal(c, langue)),
        mensuel("mois-categorie", t.par_mois_categorie, &s.par_mois_categorie, &|c| c),
        barres_horizontales(
            "par-categorie",
            t.par_type_emetteur,
            t.structure,
            t.nombre,
            s.par_categorie.clone(),
            n,
        ),
        par_mois("structures", t.structures_creees, &s.structures_par_mois),
        barres_horizontales(
            "structures-categorie",
            t.structures_par_categorie,
            t.structure,
            t.nombre,
            s.structures_par_categorie.clone(),
            n,
        ),
        par_mois("utilisateurs", t.utilisateurs_crees, &s.utilisateurs_par_mois),
        par_mois("partenaires", t.partenaires, &s.partenaires_par_mois),
        barres_horizontales(
            "dematerialisation",
            t.taux_dematerialisation,
            t.type_destinataire,
            t.taux_pourcent,
            s.dematerialisation
                .iter()
                .map(|(k, rate, _)| (k.clone(), (rate * 10.0) as i64))
                .collect(),
            move |v| vues::decimal(rust_decimal::Decimal::new(v, 1), langue),
        ),
    ];
    let page_stats = Page {
        c: Cadre::new(&visiteur, "/statistiques"),
        annee: s.annee,
        partenaires_actifs: s.partenaires_actifs,
        graphiques,
    };
    page(&visiteur, &page_stats)
}

#[derive(Template)]
#[template(path = "statistiques_structure.html")]
struct PageStructure {
    c: Cadre,
    raison_sociale: String,
    graphiques: Vec<Graphique>,
}

/// A structure's own figures, for its managers: its invoices per status on each side.
pub async fn structure(
    State(state): State<PortailState>,
    connecte: Connecte,
    Path(structure_id): Path<i64>,
) -> Result<Response, PortailError> {
    let s = state.app.statistiques_structure(connecte.caller(), structure_id).await?;
    let langue = connecte.visiteur.langue;
    let t = connecte.visiteur.textes();
    let n = move |v: i64| entier(v, langue);
    let par_statut = |rows: &[(String, i64)]| {
        rows.iter().map(|(k, v)| (vues::statut(k, langue).to_owned(), *v)).collect::<Vec<_>>()
    };
    let graphiques = vec![
        barres_horizontales(
            "emises",
            t.factures_emises,
            t.statut,
            t.nombre,
            par_statut(&s.emises),
            n,
        ),
        barres_horizontales(
            "recues",
            t.factures_recues,
            t.statut,
            t.nombre,
            par_statut(&s.recues),
            n,
        ),
    ];
    let raison_sociale =
        state.app.noms_structures([structure_id]).await?.remove(&structure_id).unwrap_or_default();
    let c = Cadre::new(&connecte.visiteur, &format!("/statistiques/structure/{structure_id}"));
    page(&connecte.visiteur, &PageStructure { c, raison_sociale, graphiques })
}
