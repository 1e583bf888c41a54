//! The attachments a deposit or a completion names, as Chorus Pro's clients send them.

use facteur_app::factures::PieceJointeDemandee;
use facteur_domain::piece_jointe::RolePieceJointe;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::common::{opt_id, opt_text};
use crate::gateway::schema;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Principale {
    #[serde(default, deserialize_with = "opt_id")]
    piece_jointe_principale_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    piece_jointe_principale_designation: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Complementaire {
    #[serde(default, deserialize_with = "opt_id")]
    piece_jointe_complementaire_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    piece_jointe_complementaire_designation: Option<String>,
}

pub fn principales(list: Vec<Principale>) -> impl Iterator<Item = PieceJointeDemandee> {
    list.into_iter().filter_map(|p| {
        Some(PieceJointeDemandee {
            id: p.piece_jointe_principale_id?,
            role: RolePieceJointe::Principale,
            designation: p.piece_jointe_principale_designation,
        })
    })
}

pub fn complementaires(list: Vec<Complementaire>) -> impl Iterator<Item = PieceJointeDemandee> {
    list.into_iter().filter_map(|p| {
        Some(PieceJointeDemandee {
            id: p.piece_jointe_complementaire_id?,
            role: RolePieceJointe::Complementaire,
            designation: p.piece_jointe_complementaire_designation,
        })
    })
}

pub fn schema_principale() -> Value {
    json!({"type": ["array", "null"], "maxItems": 1, "items": schema::object(json!({
        "pieceJointePrincipaleId": schema::id(),
        "pieceJointePrincipaleDesignation": schema::text(255),
    }), &["pieceJointePrincipaleId"])})
}

pub fn schema_complementaire() -> Value {
    json!({"type": ["array", "null"], "maxItems": 100, "items": schema::object(json!({
        "pieceJointeComplementaireId": schema::id(),
        "pieceJointeComplementaireDesignation": schema::text(255),
        "pieceJointeComplementaireIdLiaison": schema::id(),
        "pieceJointeComplementaireNumeroLigneFacture": schema::id(),
        "pieceJointeComplementaireType": schema::text(50),
    }), &["pieceJointeComplementaireId"])})
}
