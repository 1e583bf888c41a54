//! Invoices to render: a full one whose amounts add up, and a credit note with every optional
//! field left out.

use std::str::FromStr;

use chrono::NaiveDate;
use facteur_documents::{Adresse, FactureDocument, Partie};
use facteur_domain::TypeIdentifiant;
use facteur_domain::facture::{
    Destinataire, Facture, LigneFacture, LigneTva, References, Totaux, TypeFacture, TypeTva,
    verifier_montants,
};
use facteur_domain::service::CodeService;
use facteur_domain::statut_facture::StatutFacture;
use rust_decimal::Decimal;

pub const FOURNISSEUR: &str = "Société Générale d'Équipements & Fils <SGE>";
pub const DESTINATAIRE: &str = "Ministère de la Démonstration";

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn ligne(
    numero: u32,
    denomination: &str,
    quantite: &str,
    prix: &str,
    taux: &str,
) -> LigneFacture {
    LigneFacture {
        numero,
        reference: None,
        denomination: denomination.into(),
        quantite: d(quantite),
        unite: None,
        prix_unitaire_ht: d(prix),
        remise_ht: Decimal::ZERO,
        taux_tva: d(taux),
    }
}

/// Three lines at 20 % and 5.5 %, one with a discount; every reference filled in.
pub fn facture() -> Facture {
    let f = Facture {
        numero: "F-2026-001".into(),
        type_facture: TypeFacture::Facture,
        date_facture: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        devise: "EUR".into(),
        cadre: "A1_FACTURE_FOURNISSEUR".into(),
        type_tva: TypeTva::SurDebit,
        destinataire: Destinataire {
            code: "11000201100044".into(),
            code_service: Some(CodeService::parse("DAF-01").unwrap()),
        },
        references: References {
            numero_engagement: Some("EJ-1000234567".into()),
            numero_marche: Some("M-2025/42 & avenant n°1".into()),
            numero_facture_origine: None,
            mode_paiement: Some("VIREMENT".into()),
            motif_exoneration_tva: None,
        },
        lignes: vec![
            LigneFacture {
                reference: Some("RAM-A4-80".into()),
                unite: Some("H87".into()),
                ..ligne(1, "Ramettes de papier A4 recyclé 80 g", "10", "4.99", "20")
            },
            LigneFacture {
                reference: Some("ENC-XL".into()),
                remise_ht: d("5.00"),
                unite: Some("pièce".into()),
                ..ligne(2, "Cartouches d'encre noire & couleur <XL>", "3", "32.50", "20")
            },
            ligne(
                3,
                "Ouvrages : « Le Code des marchés publics », édition 2026",
                "2.5",
                "10",
                "5.5",
            ),
        ],
        tva: vec![
            LigneTva { taux: d("20"), base_ht: d("142.40"), montant_tva: d("28.48") },
            LigneTva { taux: d("5.5"), base_ht: d("25.00"), montant_tva: d("1.38") },
        ],
        totaux: Totaux {
            ht: d("167.40"),
            tva: d("29.86"),
            ttc: d("197.26"),
            remise_globale_ttc: Decimal::ZERO,
            a_payer: d("197.26"),
        },
        commentaire: Some(
            "Livraison au 3e étage — bureau 312.\nMerci de rappeler l'EJ & le n° de facture."
                .into(),
        ),
    };
    assert_eq!(verifier_montants(&f), Vec::<String>::new());
    f
}

/// A credit note for part of [`facture`]: a line at 20 % and one exempt, nothing optional.
pub fn avoir() -> Facture {
    let f = Facture {
        numero: "A-2026-007".into(),
        type_facture: TypeFacture::Avoir,
        date_facture: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        devise: "EUR".into(),
        cadre: "A1_FACTURE_FOURNISSEUR".into(),
        type_tva: TypeTva::SurEncaissement,
        destinataire: Destinataire { code: "11000201100044".into(), code_service: None },
        references: References {
            numero_facture_origine: Some("F-2026-001".into()),
            ..References::default()
        },
        lignes: vec![
            ligne(1, "Ramettes de papier A4 recyclé 80 g", "2", "4.99", "20"),
            ligne(2, "Formation à l'outil de commande", "1", "150", "0"),
        ],
        tva: vec![
            LigneTva { taux: d("20"), base_ht: d("9.98"), montant_tva: d("2.00") },
            LigneTva { taux: d("0"), base_ht: d("150.00"), montant_tva: d("0.00") },
        ],
        totaux: Totaux {
            ht: d("159.98"),
            tva: d("2.00"),
            ttc: d("161.98"),
            remise_globale_ttc: Decimal::ZERO,
            a_payer: d("161.98"),
        },
        commentaire: None,
    };
    assert_eq!(verifier_montants(&f), Vec::<String>::new());
    f
}

pub fn fournisseur() -> Partie {
    Partie {
        nom: FOURNISSEUR.into(),
        type_identifiant: TypeIdentifiant::Siret,
        identifiant: "73282932000074".into(),
        numero_tva: Some("FR44732829320".into()),
        adresse: Some(Adresse {
            ligne: "12 rue de l'Église".into(),
            complement: Some("Bâtiment B <porte 3>".into()),
            code_postal: "75011".into(),
            ville: "Paris".into(),
            code_pays: "FR".into(),
        }),
    }
}

pub fn destinataire() -> Partie {
    Partie {
        nom: DESTINATAIRE.into(),
        type_identifiant: TypeIdentifiant::Siret,
        identifiant: "11000201100044".into(),
        numero_tva: None,
        adresse: Some(Adresse {
            ligne: "139 rue de Bercy".into(),
            complement: None,
            code_postal: "75012".into(),
            ville: "Paris".into(),
            code_pays: "FR".into(),
        }),
    }
}

pub fn document(facture: &Facture) -> FactureDocument<'_> {
    FactureDocument {
        id: 4242,
        facture,
        fournisseur: fournisseur(),
        destinataire: destinataire(),
        nom_service: Some("Direction des affaires financières".into()),
        statut: StatutFacture::MiseADisposition,
        date_depot: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
        mode_depot: "SAISIE_API".into(),
        pieces_jointes: vec![
            "bon-de-livraison-0042.pdf".into(),
            "procès-verbal & annexe.pdf".into(),
        ],
    }
}

/// [`document`] with nothing optional: no VAT numbers, addresses, service name or attachments.
pub fn document_minimal(facture: &Facture) -> FactureDocument<'_> {
    let mut doc = document(facture);
    for partie in [&mut doc.fournisseur, &mut doc.destinataire] {
        partie.numero_tva = None;
        partie.adresse = None;
    }
    doc.fournisseur.type_identifiant = TypeIdentifiant::UeHorsFrance;
    doc.fournisseur.identifiant = "DE123456789".into();
    doc.nom_service = None;
    doc.pieces_jointes.clear();
    doc
}
