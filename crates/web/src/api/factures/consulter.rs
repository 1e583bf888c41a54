use facteur_app::factures::Role;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::montant_json as montant;
use crate::api::common::opt_id;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `consulterFactureParFournisseur`: an issued invoice, complete.
pub struct ConsulterFournisseur;
/// `consulterFactureParRecipiendaire`: a received invoice, complete.
pub struct ConsulterRecipiendaire;
/// `consulterFactureParValideur`: an invoice to validate, complete.
pub struct ConsulterValideur;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, rename = "identifiantFactureCPP", deserialize_with = "opt_id")]
    identifiant_facture_cpp: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    facture: Value,
}

fn request_schema() -> Value {
    schema::object(
        json!({
            "identifiantFactureCPP": schema::id(), "codeLangue": schema::code_langue(),
            "pLignesPoste": {"type": ["object", "null"]}, "pListePiecesJointes": {"type": ["object", "null"]},
            "pLigneRecapTva": {"type": ["object", "null"]}, "rechercheLignePoste": {"type": ["object", "null"]},
            "recherchePj": {"type": ["object", "null"]}, "rechercheligneTvaRecap": {"type": ["object", "null"]},
        }),
        &["identifiantFactureCPP"],
    )
}

async fn consulter(ctx: Ctx, request: Request, role: Role) -> Result<Response, ApiError> {
    let id = request.identifiant_facture_cpp.unwrap_or_default();
    let c = ctx.app.facture_complete(ctx.caller()?, id, Some(role)).await?;
    let (f, facture) = (&c.record, &c.facture);
    let lignes: Vec<Value> = facture
        .lignes
        .iter()
        .map(|l| {
            json!({
                "lignePosteNumero": l.numero, "lignePosteReference": l.reference,
                "lignePosteDenomination": l.denomination, "lignePosteQuantite": l.quantite,
                "lignePosteUnite": l.unite, "lignePosteMontantUnitaireHT": l.prix_unitaire_ht,
                "lignePosteMontantRemiseHT": l.remise_ht, "lignePosteTauxTvaManuel": l.taux_tva,
            })
        })
        .collect();
    let tva: Vec<Value> = facture
        .tva
        .iter()
        .map(|t| json!({"ligneTvaTauxManuel": t.taux, "ligneTvaMontantBaseHtParTaux": t.base_ht, "ligneTvaMontantTvaParTaux": t.montant_tva}))
        .collect();
    let pieces_jointes: Vec<Value> = c
        .pieces_jointes
        .iter()
        .map(|p| {
            json!({
                "pieceJointeId": p.piece.id, "pieceJointeNom": p.piece.nom,
                "pieceJointeDesignation": p.designation.as_deref().unwrap_or(&p.piece.nom),
                "pieceJointeExtension": p.piece.extension, "pieceJointeTypeMime": p.piece.type_mime,
                "pieceJointeTaille": p.piece.taille, "pieceJointeType": p.role,
            })
        })
        .collect();
    let principale = c.pieces_jointes.iter().find(|p| p.role != "COMPLEMENTAIRE").map(|p| {
        json!({"pieceJointePrincipaleId": p.piece.id, "pieceJointePrincipaleDesignation": p.designation.as_deref().unwrap_or(&p.piece.nom)})
    });
    let facture = json!({
        "identifiantFactureCPP": f.id,
        "numeroFacture": f.numero,
        "typeFacture": f.type_facture,
        "statutFacture": f.statut,
        "modeDepot": f.mode_depot,
        "dateFacture": f.date_facture.to_string(),
        "dateDepot": f.date_depot.to_string(),
        "commentaire": f.commentaire,
        "cadreDeFacturation": {"codeCadreFacturation": f.cadre},
        "destinataire": {
            "idDestinataire": f.destinataire_id,
            "codeDestinataire": c.destinataire.as_ref().map(|d| d.identifiant.clone()),
            "libelleDestinataire": c.destinataire.as_ref().map(|d| d.raison_sociale.clone()),
            "idServiceExecutant": f.service_id,
            "codeServiceExecutant": c.service.as_ref().map(|s| s.code.clone()),
            "libelleServiceExecutant": c.service.as_ref().map(|s| s.libelle.clone()),
        },
        "fournisseur": {
            "idFournisseur": f.fournisseur_id,
            "codeFournisseur": c.fournisseur.as_ref().map(|s| s.identifiant.clone()),
            "typeIdentifiantFournisseur": c.fournisseur.as_ref().map(|s| s.type_identifiant.clone()),
            "raisonSociale": c.fournisseur.as_ref().map(|s| s.raison_sociale.clone()),
        },
        "references": {
            "deviseFacture": f.devise, "typeFacture": f.type_facture, "typeTva": f.type_tva,
            "modePaiement": f.mode_paiement, "numeroBonCommande": f.numero_engagement,
            "numeroMarche": f.numero_marche, "numeroFactureOrigine": f.numero_facture_origine,
            "motifExonerationTva": f.motif_exoneration_tva,
        },
        "montantTotal": {
            "montantHtTotal": montant(f.montant_ht), "montantTVA": montant(f.montant_tva),
            "montantTtcTotal": montant(f.montant_ttc), "montantRemiseGlobaleTTC": montant(f.remise_globale_ttc),
            "montantAPayer": montant(f.montant_a_payer),
        },
        "lignesDePoste": {"lignePoste": lignes},
        "recapitulatifDeTva": {"ligneTva": tva},
        "listeDesPiecesJointes": {"pieceJointe": pieces_jointes},
        "pieceJointePrincipale": principale,
    });
    Ok(Response { facture })
}

impl Operation for ConsulterFournisseur {
    const PATH: &'static str = "/cpro/factures/v1/consulter/fournisseur";
    const ID: &'static str = "consulterFactureParFournisseur";
    const SUMMARY: &'static str = "An issued invoice with its lines and VAT breakdown";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        request_schema()
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        consulter(ctx, request, Role::Fournisseur).await
    }
}

impl Operation for ConsulterRecipiendaire {
    const PATH: &'static str = "/cpro/factures/v1/consulter/recipiendaire";
    const ID: &'static str = "consulterFactureParRecipiendaire";
    const SUMMARY: &'static str = "A received invoice with its lines and VAT breakdown";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        request_schema()
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        consulter(ctx, request, Role::Destinataire).await
    }
}

impl Operation for ConsulterValideur {
    const PATH: &'static str = "/cpro/factures/v1/consulter/valideur";
    const ID: &'static str = "consulterFactureParValideur";
    const SUMMARY: &'static str = "An invoice to validate with its lines and VAT breakdown";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        request_schema()
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        consulter(ctx, request, Role::Valideur).await
    }
}
