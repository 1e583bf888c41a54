//! An invoice's lines and VAT breakdown, stored with it as JSON (read with the invoice, never
//! searched), and the domain invoice rebuilt from a stored one.

use facteur_domain::facture::{Destinataire, Facture, LigneFacture, LigneTva, References, Totaux};
use facteur_domain::service::CodeService;
use facteur_store::FactureRecord;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::annuaire::stored;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Ligne {
    numero: u32,
    reference: Option<String>,
    denomination: String,
    quantite: Decimal,
    unite: Option<String>,
    prix_unitaire_ht: Decimal,
    remise_ht: Decimal,
    taux_tva: Decimal,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Tva {
    taux: Decimal,
    base_ht: Decimal,
    montant_tva: Decimal,
}

#[derive(Serialize, Deserialize)]
struct Contenu {
    lignes: Vec<Ligne>,
    tva: Vec<Tva>,
}

/// The lines and VAT breakdown of an invoice, as stored.
pub(crate) fn ecrire(f: &Facture) -> String {
    let contenu = Contenu {
        lignes: f
            .lignes
            .iter()
            .map(|l| Ligne {
                numero: l.numero,
                reference: l.reference.clone(),
                denomination: l.denomination.clone(),
                quantite: l.quantite,
                unite: l.unite.clone(),
                prix_unitaire_ht: l.prix_unitaire_ht,
                remise_ht: l.remise_ht,
                taux_tva: l.taux_tva,
            })
            .collect(),
        tva: f
            .tva
            .iter()
            .map(|t| Tva { taux: t.taux, base_ht: t.base_ht, montant_tva: t.montant_tva })
            .collect(),
    };
    serde_json::to_string(&contenu).unwrap_or_default()
}

/// The invoice as its supplier submitted it, from its stored record; `destinataire` and
/// `code_service` are the recipient's SIRET and service code, which the record names by id.
pub fn lire(
    f: &FactureRecord,
    destinataire: &str,
    code_service: Option<&str>,
) -> Result<Facture, AppError> {
    let contenu: Contenu = serde_json::from_str(&f.contenu)
        .map_err(|e| AppError::Internal(format!("invoice {}'s lines: {e}", f.id)))?;
    let euros = |cents: i64| Decimal::new(cents, 2);
    Ok(Facture {
        numero: f.numero.clone(),
        type_facture: stored(&f.type_facture)?,
        date_facture: f.date_facture,
        devise: f.devise.clone(),
        cadre: f.cadre.clone(),
        type_tva: stored(&f.type_tva)?,
        destinataire: Destinataire {
            code: destinataire.to_owned(),
            code_service: code_service.and_then(|c| CodeService::parse(c).ok()),
        },
        references: References {
            numero_engagement: f.numero_engagement.clone(),
            numero_marche: f.numero_marche.clone(),
            numero_facture_origine: f.numero_facture_origine.clone(),
            mode_paiement: f.mode_paiement.clone(),
            motif_exoneration_tva: f.motif_exoneration_tva.clone(),
        },
        lignes: contenu
            .lignes
            .into_iter()
            .map(|l| LigneFacture {
                numero: l.numero,
                reference: l.reference,
                denomination: l.denomination,
                quantite: l.quantite,
                unite: l.unite,
                prix_unitaire_ht: l.prix_unitaire_ht,
                remise_ht: l.remise_ht,
                taux_tva: l.taux_tva,
            })
            .collect(),
        tva: contenu
            .tva
            .into_iter()
            .map(|t| LigneTva { taux: t.taux, base_ht: t.base_ht, montant_tva: t.montant_tva })
            .collect(),
        totaux: Totaux {
            ht: euros(f.montant_ht),
            tva: euros(f.montant_tva),
            ttc: euros(f.montant_ttc),
            remise_globale_ttc: euros(f.remise_globale_ttc),
            a_payer: euros(f.montant_a_payer),
        },
        commentaire: f.commentaire.clone(),
    })
}
