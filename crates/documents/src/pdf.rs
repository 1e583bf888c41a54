//! The invoice as a readable A4 PDF, as Chorus Pro's "télécharger PDF" gives it to a recipient:
//! title, parties, dates and references, status, lines, VAT breakdown, totals, payment,
//! comment and attachments, with a footer on every page.
//!
//! Written with the standard Helvetica in WinAnsiEncoding, so no font is embedded and French
//! shows as it should; the content streams are not compressed, which keeps the text searchable
//! in the raw file and the crate free of a deflate dependency (a 500-line invoice is under 300 KB).

mod engagement;
mod format;
mod layout;

pub use engagement::engagement_pdf;

use facteur_domain::TypeIdentifiant;
use facteur_domain::facture::{Facture, TypeFacture, TypeTva};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};

use self::format::{date, montant, montant_devise, nombre, taux};
use self::layout::{
    Align, Font, LEFT, PAGE_HEIGHT, PAGE_WIDTH, Pages, RIGHT, Style, fit, wrap, wrap_at_most,
};
use crate::{FactureDocument, Partie};

const TITLE: Style = Style::new(Font::Bold, 18.0);
const HEADING: Style = Style::new(Font::Bold, 10.0);
const LABEL: Style = Style::new(Font::Bold, 8.5);
const BODY: Style = Style::new(Font::Regular, 9.0);
const BODY_BOLD: Style = Style::new(Font::Bold, 9.0);
const CELL: Style = Style::new(Font::Regular, 8.0);
const CELL_HEAD: Style = Style::new(Font::Bold, 8.0);
/// Space around the text of a table cell.
const PAD: f32 = 3.0;
/// A designation longer than this many lines is cut, so that a line always fits on a page.
const MAX_DESIGNATION_LINES: usize = 12;
/// A field longer than this many lines is cut, so that the blocks at the top fit on a page.
const MAX_FIELD_LINES: usize = 4;
/// The space between two blocks.
const GAP: f32 = 14.0;

/// Renders the invoice as a PDF.
pub fn pdf(doc: &FactureDocument) -> Vec<u8> {
    let f = doc.facture;
    let titre = format!("{} N° {}", libelle_type(f.type_facture), f.numero);
    let mut pages = Pages::new(format!("{titre} (suite)"));
    en_tete(&mut pages, doc, &titre);
    parties(&mut pages, doc);
    informations(&mut pages, doc);
    lignes(&mut pages, f);
    tva_et_totaux(&mut pages, f);
    complements(&mut pages, doc);
    let pied = format!("Rendu par facteur — id {}", doc.id);
    ecrire(&titre, pages.finish(&pied))
}

fn libelle_type(t: TypeFacture) -> &'static str {
    match t {
        TypeFacture::Facture => "FACTURE",
        TypeFacture::Avoir => "AVOIR",
    }
}

fn libelle_tva(t: TypeTva) -> &'static str {
    match t {
        TypeTva::SurDebit => "TVA sur les débits",
        TypeTva::SurEncaissement => "TVA sur les encaissements",
        TypeTva::Exoneration => "Exonération de TVA",
        TypeTva::SansTva => "Sans TVA",
    }
}

fn libelle_identifiant(t: TypeIdentifiant) -> &'static str {
    match t {
        TypeIdentifiant::Siret => "SIRET",
        TypeIdentifiant::UeHorsFrance => "Identifiant UE",
        TypeIdentifiant::HorsUe => "Identifiant hors UE",
        TypeIdentifiant::Ridet => "RIDET",
        TypeIdentifiant::Tahiti => "N° TAHITI",
        TypeIdentifiant::Autre => "Identifiant",
        TypeIdentifiant::Particulier => "Particulier",
    }
}

/// The title, and the status on the right.
fn en_tete(pages: &mut Pages, doc: &FactureDocument, titre: &str) {
    let statut = format!("Statut : {}", doc.statut.code());
    let statut_width = BODY_BOLD.width(&statut);
    let baseline = pages.y() - TITLE.size;
    pages.text_in(LEFT, RIGHT - LEFT - statut_width - 10.0, baseline, Align::Left, TITLE, titre);
    pages.text(RIGHT - statut_width, baseline, BODY_BOLD, &statut);
    pages.down(TITLE.size + 8.0);
    pages.rule(LEFT, RIGHT, 0.2, 1.0);
    pages.down(GAP);
}

/// A heading with a thin rule under it.
fn titre_section(pages: &mut Pages, x: f32, width: f32, titre: &str) {
    pages.text_in(x, width, pages.y() - HEADING.size, Align::Left, HEADING, titre);
    pages.down(HEADING.size + 3.0);
    pages.rule(x, x + width, 0.5, 0.5);
    pages.down(5.0);
}

/// The supplier and the recipient, side by side.
fn parties(pages: &mut Pages, doc: &FactureDocument) {
    let width = (RIGHT - LEFT - 20.0) / 2.0;
    let service =
        doc.facture.destinataire.code_service.as_ref().map(|code| match &doc.nom_service {
            Some(nom) => format!("Service : {} — {nom}", code.as_str()),
            None => format!("Service : {}", code.as_str()),
        });
    let blocs = [
        ("Fournisseur", bloc_partie(&doc.fournisseur, None, width)),
        ("Destinataire", bloc_partie(&doc.destinataire, service, width)),
    ];
    let rows = blocs.iter().map(|(_, lines)| lines.len()).max().unwrap_or(0);
    let height = HEADING.size + 8.0 + rows as f32 * BODY.leading();
    pages.make_room(height.min(Pages::page_room()));
    let top = pages.y();
    let mut bottom = top;
    for (i, (titre, lines)) in blocs.iter().enumerate() {
        let x = LEFT + i as f32 * (width + 20.0);
        titre_section(pages, x, width, titre);
        for (style, line) in lines {
            pages.text(x, pages.y() - style.size, *style, line);
            pages.down(BODY.leading());
        }
        bottom = bottom.min(pages.y());
        pages.set_y(top);
    }
    pages.set_y(bottom);
    pages.down(GAP);
}

fn bloc_partie(p: &Partie, service: Option<String>, width: f32) -> Vec<(Style, String)> {
    let mut lines = Vec::new();
    let mut add = |style: Style, text: &str| {
        let wrapped = wrap_at_most(text, style, width, MAX_FIELD_LINES);
        lines.extend(wrapped.into_iter().map(|l| (style, l)));
    };
    add(BODY_BOLD, &p.nom);
    add(BODY, &format!("{} : {}", libelle_identifiant(p.type_identifiant), p.identifiant));
    if let Some(tva) = &p.numero_tva {
        add(BODY, &format!("N° TVA : {tva}"));
    }
    if let Some(a) = &p.adresse {
        add(BODY, &a.ligne);
        if let Some(complement) = &a.complement {
            add(BODY, complement);
        }
        add(BODY, &format!("{} {}", a.code_postal, a.ville));
        add(BODY, &a.code_pays);
    }
    if let Some(service) = service {
        add(BODY, &service);
    }
    lines
}

/// Dates, references and the invoice's settings, as label and value pairs on two columns.
fn informations(pages: &mut Pages, doc: &FactureDocument) {
    let f = doc.facture;
    let r = &f.references;
    let mut pairs = vec![
        ("Date de facture", date(f.date_facture)),
        ("Date de dépôt", date(doc.date_depot)),
        ("Mode de dépôt", doc.mode_depot.clone()),
        ("Cadre de facturation", f.cadre.clone()),
        ("Devise", f.devise.clone()),
        ("Régime de TVA", libelle_tva(f.type_tva).to_owned()),
    ];
    let optional = [
        ("N° d'engagement", &r.numero_engagement),
        ("N° de marché", &r.numero_marche),
        ("Facture d'origine", &r.numero_facture_origine),
    ];
    pairs.extend(optional.into_iter().filter_map(|(k, v)| v.clone().map(|v| (k, v))));

    let column = (RIGHT - LEFT - 20.0) / 2.0;
    let label_width = 100.0;
    pages.make_room(HEADING.size + 8.0 + 2.0 * BODY.leading());
    titre_section(pages, LEFT, RIGHT - LEFT, "Informations");
    for row in pairs.chunks(2) {
        let cells: Vec<(&str, Vec<String>)> = row
            .iter()
            .map(|(k, v)| (*k, wrap_at_most(v, BODY, column - label_width, MAX_FIELD_LINES)))
            .collect();
        let lines = cells.iter().map(|(_, v)| v.len()).max().unwrap_or(1).max(1);
        let height = lines as f32 * BODY.leading();
        pages.make_room(height);
        for (i, (label, value)) in cells.iter().enumerate() {
            let x = LEFT + i as f32 * (column + 20.0);
            let baseline = pages.y() - BODY.size;
            pages.text_in(x, label_width - 4.0, baseline, Align::Left, LABEL, label);
            for (j, line) in value.iter().enumerate() {
                let line_baseline = baseline - j as f32 * BODY.leading();
                pages.text(x + label_width, line_baseline, BODY, line);
            }
        }
        pages.down(height);
    }
    pages.down(GAP);
}

/// A column of the lines' table.
struct Colonne {
    titre: &'static str,
    x: f32,
    width: f32,
    align: Align,
}

/// The columns of the lines' table; the designation takes what the others leave.
fn colonnes() -> [Colonne; 9] {
    let fixed = [
        ("N°", 22.0, Align::Right),
        ("Référence", 58.0, Align::Left),
        ("Désignation", 0.0, Align::Left),
        ("Qté", 40.0, Align::Right),
        ("Unité", 34.0, Align::Left),
        ("PU HT", 54.0, Align::Right),
        ("Remise HT", 50.0, Align::Right),
        ("TVA", 32.0, Align::Right),
        ("Montant HT", 62.0, Align::Right),
    ];
    let designation = RIGHT - LEFT - fixed.iter().map(|(_, w, _)| w).sum::<f32>();
    let mut x = LEFT;
    fixed.map(|(titre, width, align)| {
        let width = if width == 0.0 { designation } else { width };
        let colonne = Colonne { titre, x, width, align };
        x += width;
        colonne
    })
}

fn entete_tableau(pages: &mut Pages, colonnes: &[Colonne]) {
    let height = CELL_HEAD.size + 2.0 * PAD + 2.0;
    pages.band(LEFT, RIGHT, height, 0.88);
    let baseline = pages.y() - PAD - CELL_HEAD.size;
    for c in colonnes {
        let (x, width) = (c.x + PAD, c.width - 2.0 * PAD);
        pages.text_in(x, width, baseline, c.align, CELL_HEAD, c.titre);
    }
    pages.down(height);
}

/// The lines' table, its header repeated on every page it runs onto.
fn lignes(pages: &mut Pages, f: &Facture) {
    let colonnes = colonnes();
    let row_min = CELL.leading() + 2.0 * PAD;
    pages.make_room(HEADING.size + 8.0 + CELL_HEAD.size + 2.0 * PAD + 3.0 * row_min);
    titre_section(pages, LEFT, RIGHT - LEFT, "Lignes");
    entete_tableau(pages, &colonnes);
    for l in &f.lignes {
        let designation = &colonnes[2];
        let designation = wrap_at_most(
            &l.denomination,
            CELL,
            designation.width - 2.0 * PAD,
            MAX_DESIGNATION_LINES,
        );
        let height = designation.len().max(1) as f32 * CELL.leading() + 2.0 * PAD;
        if pages.make_room(height) {
            entete_tableau(pages, &colonnes);
        }
        let remise = if l.remise_ht.is_zero() { String::new() } else { montant(l.remise_ht) };
        let cells = [
            l.numero.to_string(),
            l.reference.clone().unwrap_or_default(),
            String::new(),
            nombre(l.quantite, 0),
            l.unite.clone().unwrap_or_default(),
            nombre(l.prix_unitaire_ht, 2),
            remise,
            taux(l.taux_tva),
            montant(l.montant_net()),
        ];
        let baseline = pages.y() - PAD - CELL.size;
        for (c, text) in colonnes.iter().zip(&cells) {
            let (x, width) = (c.x + PAD, c.width - 2.0 * PAD);
            pages.text_in(x, width, baseline, c.align, CELL, text);
        }
        let x = colonnes[2].x + PAD;
        for (i, line) in designation.iter().enumerate() {
            pages.text(x, baseline - i as f32 * CELL.leading(), CELL, line);
        }
        pages.down(height);
        pages.rule(LEFT, RIGHT, 0.8, 0.3);
    }
    pages.down(GAP);
}

/// The VAT breakdown on the left and the totals on the right, row by row, so that both carry
/// on together on the next page should they not fit.
fn tva_et_totaux(pages: &mut Pages, f: &Facture) {
    let t = &f.totaux;
    let devise = f.devise.as_str();
    let tva_columns = [(LEFT, 50.0), (LEFT + 50.0, 100.0), (LEFT + 150.0, 100.0)];
    let mut tva_rows: Vec<([String; 3], Style)> =
        vec![(["Taux".into(), "Base HT".into(), "Montant TVA".into()], LABEL)];
    tva_rows.extend(f.tva.iter().map(|l| {
        (
            [
                taux(l.taux),
                montant_devise(l.base_ht, devise),
                montant_devise(l.montant_tva, devise),
            ],
            BODY,
        )
    }));
    let mut totaux = vec![
        ("Total HT", montant_devise(t.ht, devise), BODY),
        ("Total TVA", montant_devise(t.tva, devise), BODY),
        ("Total TTC", montant_devise(t.ttc, devise), BODY_BOLD),
    ];
    if !t.remise_globale_ttc.is_zero() {
        totaux.push(("Remise globale TTC", montant_devise(t.remise_globale_ttc, devise), BODY));
    }
    totaux.push(("Net à payer", montant_devise(t.a_payer, devise), BODY_BOLD));

    let totaux_x = RIGHT - 220.0;
    let row = BODY.leading() + 2.0;
    let rows = tva_rows.len().max(totaux.len());
    let height = HEADING.size + 8.0 + rows as f32 * row;
    pages.make_room(height.min(Pages::page_room()));
    let top = pages.y();
    titre_section(pages, LEFT, 250.0, "TVA");
    pages.set_y(top);
    titre_section(pages, totaux_x, RIGHT - totaux_x, "Totaux");
    for i in 0..rows {
        pages.make_room(row);
        let baseline = pages.y() - BODY.size;
        if let Some((cells, style)) = tva_rows.get(i) {
            for ((x, width), text) in tva_columns.iter().zip(cells) {
                pages.text_in(*x, *width - 4.0, baseline, Align::Right, *style, text);
            }
        }
        if let Some((label, value, style)) = totaux.get(i) {
            if i + 1 == totaux.len() {
                pages.band(totaux_x, RIGHT, row, 0.9);
            }
            pages.text_in(totaux_x + 4.0, 110.0, baseline, Align::Left, *style, label);
            pages.text_in(
                totaux_x + 110.0,
                RIGHT - totaux_x - 114.0,
                baseline,
                Align::Right,
                *style,
                value,
            );
        }
        pages.down(row);
    }
    pages.down(GAP);
}

/// Payment, VAT exemption, comment and attachments: the texts that follow the figures.
fn complements(pages: &mut Pages, doc: &FactureDocument) {
    let r = &doc.facture.references;
    let width = RIGHT - LEFT;
    let champs = [
        ("Mode de paiement : ", &r.mode_paiement),
        ("Motif d'exonération de TVA : ", &r.motif_exoneration_tva),
    ];
    for (label, value) in champs {
        if let Some(value) = value {
            let label_width = LABEL.width(label);
            let lines = wrap(value, BODY, width - label_width);
            paragraphe(pages, LEFT, label, label_width, &lines);
        }
    }
    pages.down(GAP / 2.0);
    if let Some(commentaire) = &doc.facture.commentaire {
        let lines = wrap(commentaire, BODY, width);
        pages.make_room(HEADING.size + 8.0 + BODY.leading() * lines.len().min(3) as f32);
        titre_section(pages, LEFT, width, "Commentaire");
        paragraphe(pages, LEFT, "", 0.0, &lines);
        pages.down(GAP);
    }
    if !doc.pieces_jointes.is_empty() {
        pages.make_room(HEADING.size + 8.0 + BODY.leading());
        titre_section(pages, LEFT, width, "Pièces jointes");
        for nom in &doc.pieces_jointes {
            let lines = wrap(nom, BODY, width - 12.0);
            paragraphe(pages, LEFT, "•", 12.0, &lines);
        }
    }
}

/// Lines of text after a label on the first one, a new page whenever one does not fit.
fn paragraphe(pages: &mut Pages, x: f32, label: &str, indent: f32, lines: &[String]) {
    for (i, line) in lines.iter().enumerate() {
        pages.make_room(BODY.leading());
        let baseline = pages.y() - BODY.size;
        if i == 0 && !label.is_empty() {
            pages.text(x, baseline, LABEL, &fit(label, LABEL, indent + 1.0));
        }
        pages.text(x + indent, baseline, BODY, line);
        pages.down(BODY.leading());
    }
}

/// The file: catalog, page tree, the two fonts, the pages and their contents.
fn ecrire(titre: &str, contents: Vec<Content>) -> Vec<u8> {
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let mut next = 6;
    let ids: Vec<(Ref, Ref)> = contents
        .iter()
        .map(|_| {
            let ids = (Ref::new(next), Ref::new(next + 1));
            next += 2;
            ids
        })
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(ids.iter().map(|(page, _)| *page))
        .count(i32::try_from(ids.len()).unwrap_or(i32::MAX));
    for ((page_id, content_id), content) in ids.iter().zip(contents) {
        let mut page = pdf.page(*page_id);
        page.parent(tree)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(*content_id);
        page.resources()
            .fonts()
            .pair(Font::Regular.resource(), regular)
            .pair(Font::Bold.resource(), bold);
        page.finish();
        pdf.stream(*content_id, &content.finish());
    }
    for (id, name) in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
        pdf.type1_font(id)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info).title(TextStr(titre)).producer(TextStr("facteur"));
    pdf.finish()
}
