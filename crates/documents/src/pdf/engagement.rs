//! An engagement as a readable A4 PDF, as its receiver downloads it: title and state, the
//! issuer and the receiver, its references, its lines, its totals and the invoices that quote
//! it. Laid out with the invoice's building blocks.

use facteur_domain::engagement::StatutPoste;

use super::format::{date, montant_devise, nombre};
use super::layout::{Align, LEFT, Pages, RIGHT, fit, wrap_at_most};
use super::{
    BODY, BODY_BOLD, CELL, Colonne, GAP, MAX_DESIGNATION_LINES, PAD, TITLE, bloc_partie, ecrire,
    entete_tableau, paragraphe, titre_section,
};
use crate::EngagementDocument;

/// Renders the engagement as a PDF.
pub fn engagement_pdf(doc: &EngagementDocument) -> Vec<u8> {
    let e = doc.engagement;
    let titre = format!("ENGAGEMENT N° {}", e.numero);
    let mut pages = Pages::new(format!("{titre} (suite)"));

    let etat = format!("État : {}", doc.etat.code());
    let etat_width = BODY_BOLD.width(&etat);
    let baseline = pages.y() - TITLE.size;
    pages.text_in(LEFT, RIGHT - LEFT - etat_width - 10.0, baseline, Align::Left, TITLE, &titre);
    pages.text(RIGHT - etat_width, baseline, BODY_BOLD, &etat);
    pages.down(TITLE.size + 8.0);
    pages.rule(LEFT, RIGHT, 0.2, 1.0);
    pages.down(GAP);

    let width = (RIGHT - LEFT - 20.0) / 2.0;
    let service = doc.service.as_ref().map(|s| format!("Service exécutant : {s}"));
    let blocs = [
        ("Émetteur", bloc_partie(&doc.emetteur, service, width)),
        ("Récepteur", bloc_partie(&doc.recepteur, None, width)),
    ];
    let top = pages.y();
    let mut bottom = top;
    for (i, (titre, lines)) in blocs.iter().enumerate() {
        let x = LEFT + i as f32 * (width + 20.0);
        pages.set_y(top);
        titre_section(&mut pages, x, width, titre);
        for (style, line) in lines {
            pages.text(x, pages.y() - style.size, *style, line);
            pages.down(BODY.leading());
        }
        bottom = bottom.min(pages.y());
    }
    pages.set_y(bottom);
    pages.down(GAP);

    titre_section(&mut pages, LEFT, RIGHT - LEFT, "Informations");
    let mut pairs =
        vec![("Type", e.type_engagement.code().to_owned()), ("Devise", e.devise.clone())];
    if let Some(d) = e.date_notification {
        pairs.push(("Notifié le", date(d)));
    }
    if let Some(m) = &e.numero_marche {
        pairs.push(("N° de marché", m.clone()));
    }
    if let Some(l) = &e.libelle {
        pairs.push(("Objet", l.clone()));
    }
    for (label, value) in pairs {
        let lines = wrap_at_most(&value, BODY, RIGHT - LEFT - 110.0, 4);
        paragraphe(&mut pages, LEFT, label, 110.0, &lines);
    }
    pages.down(GAP);

    let colonnes = colonnes();
    titre_section(&mut pages, LEFT, RIGHT - LEFT, "Postes");
    entete_tableau(&mut pages, &colonnes);
    for l in &e.lignes {
        let description = wrap_at_most(
            &l.description,
            CELL,
            colonnes[1].width - 2.0 * PAD,
            MAX_DESIGNATION_LINES,
        );
        let height = description.len().max(1) as f32 * CELL.leading() + 2.0 * PAD;
        if pages.make_room(height) {
            entete_tableau(&mut pages, &colonnes);
        }
        let cells = [
            l.numero.to_string(),
            String::new(),
            nombre(l.quantite, 0),
            montant_devise(l.montant_ht, &e.devise),
            montant_devise(l.montant_ttc, &e.devise),
            libelle_statut(l.statut).to_owned(),
        ];
        let baseline = pages.y() - PAD - CELL.size;
        for (c, text) in colonnes.iter().zip(&cells) {
            pages.text_in(c.x + PAD, c.width - 2.0 * PAD, baseline, c.align, CELL, text);
        }
        for (i, line) in description.iter().enumerate() {
            pages.text(colonnes[1].x + PAD, baseline - i as f32 * CELL.leading(), CELL, line);
        }
        pages.down(height);
        pages.rule(LEFT, RIGHT, 0.8, 0.3);
    }
    pages.down(GAP);

    let totaux = [
        ("Total HT", montant_devise(e.montant_ht(), &e.devise)),
        ("Total TTC", montant_devise(e.montant_ttc(), &e.devise)),
        ("Déjà facturé TTC", montant_devise(doc.montant_facture, &e.devise)),
    ];
    for (label, value) in totaux {
        pages.make_room(BODY.leading());
        let baseline = pages.y() - BODY.size;
        pages.text_in(RIGHT - 230.0, 120.0, baseline, Align::Left, BODY_BOLD, label);
        pages.text_in(RIGHT - 110.0, 110.0, baseline, Align::Right, BODY, &value);
        pages.down(BODY.leading());
    }
    pages.down(GAP);

    if !doc.factures.is_empty() {
        titre_section(&mut pages, LEFT, RIGHT - LEFT, "Factures");
        let lines: Vec<String> = doc
            .factures
            .iter()
            .map(|(numero, statut, ttc)| {
                fit(
                    &format!("{numero} — {statut} — {}", montant_devise(*ttc, &e.devise)),
                    BODY,
                    RIGHT - LEFT,
                )
            })
            .collect();
        paragraphe(&mut pages, LEFT, "", 0.0, &lines);
    }
    let pied = format!("Rendu par facteur — engagement {}", doc.id);
    ecrire(&titre, pages.finish(&pied))
}

fn libelle_statut(s: StatutPoste) -> &'static str {
    match s {
        StatutPoste::Actif => "Actif",
        StatutPoste::Solde => "Soldé",
        StatutPoste::Annule => "Annulé",
    }
}

/// The columns of the lines' table; the description takes what the others leave.
fn colonnes() -> [Colonne; 6] {
    let fixed = [
        ("N°", 28.0, Align::Right),
        ("Description", 0.0, Align::Left),
        ("Qté", 50.0, Align::Right),
        ("Montant HT", 80.0, Align::Right),
        ("Montant TTC", 80.0, Align::Right),
        ("Statut", 50.0, Align::Left),
    ];
    let description = RIGHT - LEFT - fixed.iter().map(|(_, w, _)| w).sum::<f32>();
    let mut x = LEFT;
    fixed.map(|(titre, width, align)| {
        let width = if width == 0.0 { description } else { width };
        let colonne = Colonne { titre, x, width, align };
        x += width;
        colonne
    })
}
