use facteur_app::factures::Soumission;
use facteur_domain::facture::{Facture, LigneFacture, LigneTva, References, Totaux};
use facteur_domain::referentiel::TAUX_TVA;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::destinataire::DestinataireJson;
use super::pieces_jointes;
use crate::api::common::{decimal, jour, nullable, opt_id, opt_text};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `soumettreFacture`: an invoice typed as data, routed and checked at once.
pub struct Soumettre;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cadre {
    #[serde(default, deserialize_with = "opt_text")]
    code_cadre_facturation: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    code_structure_valideur: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fournisseur {
    #[serde(default, deserialize_with = "opt_id")]
    id_fournisseur: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferencesJson {
    #[serde(default, deserialize_with = "opt_text")]
    devise_facture: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    type_facture: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    type_tva: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    mode_paiement: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    numero_bon_commande: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    numero_marche: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    numero_facture_origine: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    motif_exoneration_tva: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LignePoste {
    #[serde(default, deserialize_with = "opt_id")]
    ligne_poste_numero: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    ligne_poste_reference: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    ligne_poste_denomination: Option<String>,
    #[serde(default)]
    ligne_poste_quantite: Value,
    #[serde(default, deserialize_with = "opt_text")]
    ligne_poste_unite: Option<String>,
    #[serde(default, rename = "lignePosteMontantUnitaireHT")]
    ligne_poste_montant_unitaire_ht: Value,
    #[serde(default, rename = "lignePosteMontantRemiseHT")]
    ligne_poste_montant_remise_ht: Value,
    #[serde(default)]
    ligne_poste_taux_tva: Value,
    #[serde(default)]
    ligne_poste_taux_tva_manuel: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LigneTvaJson {
    #[serde(default)]
    ligne_tva_taux: Value,
    #[serde(default)]
    ligne_tva_taux_manuel: Value,
    #[serde(default)]
    ligne_tva_montant_base_ht_par_taux: Value,
    #[serde(default)]
    ligne_tva_montant_tva_par_taux: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MontantTotal {
    #[serde(default)]
    montant_ht_total: Value,
    #[serde(default, rename = "montantTVA")]
    montant_tva: Value,
    #[serde(default)]
    montant_ttc_total: Value,
    #[serde(default, rename = "montantRemiseGlobaleTTC")]
    montant_remise_globale_ttc: Value,
    #[serde(default)]
    montant_a_payer: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_text")]
    mode_depot: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    numero_facture_saisi: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    date_facture: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    commentaire: Option<String>,
    #[serde(default)]
    cadre_de_facturation: Option<Cadre>,
    #[serde(default)]
    destinataire: Option<DestinataireJson>,
    #[serde(default)]
    fournisseur: Option<Fournisseur>,
    #[serde(default)]
    references: Option<ReferencesJson>,
    #[serde(default)]
    ligne_poste: Vec<LignePoste>,
    #[serde(default)]
    ligne_tva: Vec<LigneTvaJson>,
    #[serde(default)]
    montant_total: Option<MontantTotal>,
    #[serde(default, deserialize_with = "nullable")]
    piece_jointe_principale: Vec<pieces_jointes::Principale>,
    #[serde(default, deserialize_with = "nullable")]
    piece_jointe_complementaire: Vec<pieces_jointes::Complementaire>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    #[serde(rename = "identifiantFactureCPP")]
    identifiant_facture_cpp: i64,
    numero_facture: String,
    date_depot: String,
    statut_facture: String,
    identifiant_structure: String,
    empreinte_certificat_depot: String,
}

/// A VAT rate: the manual value when given, else a rate code of `recuperer/tauxtva` or a
/// number.
fn taux(field: &str, code: &Value, manuel: &Value, errors: &mut Vec<String>) -> Decimal {
    if let Some(rate) = decimal(&format!("{field}Manuel"), manuel, errors) {
        return rate;
    }
    if let Value::String(code) = code
        && let Some(t) = TAUX_TVA.iter().find(|t| t.code == code.trim())
    {
        return Decimal::new(i64::from(t.basis_points), 2);
    }
    decimal(field, code, errors).unwrap_or_else(|| {
        errors.push(format!("#/{field}: [] is missing. Expected [a VAT rate code or percentage]"));
        Decimal::ZERO
    })
}

impl Request {
    fn parse(self) -> Result<Soumission, ApiError> {
        let mut errors = Vec::new();
        let date_facture = self.date_facture.as_deref().and_then(jour);
        if date_facture.is_none() {
            errors.push(format!(
                "#/dateFacture: [{}] is not a valid date. Expected [YYYY-MM-DD]",
                self.date_facture.unwrap_or_default()
            ));
        }
        let references = self.references.unwrap_or_default();
        let destinataire = self.destinataire.unwrap_or_default().parse(&mut errors);
        let type_facture = references.type_facture.as_deref().unwrap_or("FACTURE").parse();
        let type_tva = references.type_tva.as_deref().unwrap_or("TVA_SUR_DEBIT").parse();
        let lignes: Vec<LigneFacture> = self
            .ligne_poste
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let at = |name: &str| format!("lignePoste/{i}/{name}");
                LigneFacture {
                    numero: l
                        .ligne_poste_numero
                        .and_then(|n| u32::try_from(n).ok())
                        .unwrap_or(i as u32 + 1),
                    reference: l.ligne_poste_reference.clone(),
                    denomination: l.ligne_poste_denomination.clone().unwrap_or_default(),
                    quantite: decimal(
                        &at("lignePosteQuantite"),
                        &l.ligne_poste_quantite,
                        &mut errors,
                    )
                    .unwrap_or(Decimal::ONE),
                    unite: l.ligne_poste_unite.clone(),
                    prix_unitaire_ht: decimal(
                        &at("lignePosteMontantUnitaireHT"),
                        &l.ligne_poste_montant_unitaire_ht,
                        &mut errors,
                    )
                    .unwrap_or_default(),
                    remise_ht: decimal(
                        &at("lignePosteMontantRemiseHT"),
                        &l.ligne_poste_montant_remise_ht,
                        &mut errors,
                    )
                    .unwrap_or_default(),
                    taux_tva: taux(
                        &at("lignePosteTauxTva"),
                        &l.ligne_poste_taux_tva,
                        &l.ligne_poste_taux_tva_manuel,
                        &mut errors,
                    ),
                }
            })
            .collect();
        let tva: Vec<LigneTva> = self
            .ligne_tva
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let at = |name: &str| format!("ligneTva/{i}/{name}");
                LigneTva {
                    taux: taux(
                        &at("ligneTvaTaux"),
                        &t.ligne_tva_taux,
                        &t.ligne_tva_taux_manuel,
                        &mut errors,
                    ),
                    base_ht: decimal(
                        &at("ligneTvaMontantBaseHtParTaux"),
                        &t.ligne_tva_montant_base_ht_par_taux,
                        &mut errors,
                    )
                    .unwrap_or_default(),
                    montant_tva: decimal(
                        &at("ligneTvaMontantTvaParTaux"),
                        &t.ligne_tva_montant_tva_par_taux,
                        &mut errors,
                    )
                    .unwrap_or_default(),
                }
            })
            .collect();
        let m = self.montant_total.unwrap_or_default();
        let mut total = |name: &str, v: &Value| {
            decimal(&format!("montantTotal/{name}"), v, &mut errors).unwrap_or_default()
        };
        let totaux = Totaux {
            ht: total("montantHtTotal", &m.montant_ht_total),
            tva: total("montantTVA", &m.montant_tva),
            ttc: total("montantTtcTotal", &m.montant_ttc_total),
            remise_globale_ttc: total("montantRemiseGlobaleTTC", &m.montant_remise_globale_ttc),
            a_payer: total("montantAPayer", &m.montant_a_payer),
        };
        let (Some(date_facture), Ok(type_facture), Ok(type_tva)) =
            (date_facture, type_facture, type_tva)
        else {
            return Err(ApiError::Schema(errors));
        };
        if !errors.is_empty() {
            return Err(ApiError::Schema(errors));
        }
        let cadre = self.cadre_de_facturation.unwrap_or_default();
        let pieces_jointes = pieces_jointes::principales(self.piece_jointe_principale)
            .chain(pieces_jointes::complementaires(self.piece_jointe_complementaire))
            .collect();
        Ok(Soumission {
            pieces_jointes,
            mode_depot: self.mode_depot.unwrap_or_else(|| "SAISIE_API".into()),
            id_fournisseur: self.fournisseur.and_then(|f| f.id_fournisseur),
            code_structure_valideur: cadre.code_structure_valideur,
            facture: Facture {
                numero: self.numero_facture_saisi.unwrap_or_default(),
                type_facture,
                date_facture,
                devise: references.devise_facture.unwrap_or_else(|| "EUR".into()),
                cadre: cadre
                    .code_cadre_facturation
                    .unwrap_or_else(|| "A1_FACTURE_FOURNISSEUR".into()),
                type_tva,
                destinataire,
                references: References {
                    numero_engagement: references.numero_bon_commande,
                    numero_marche: references.numero_marche,
                    numero_facture_origine: references.numero_facture_origine,
                    mode_paiement: references.mode_paiement,
                    motif_exoneration_tva: references.motif_exoneration_tva,
                },
                lignes,
                tva,
                totaux,
                commentaire: self.commentaire,
            },
        })
    }
}

impl Operation for Soumettre {
    const PATH: &'static str = "/cpro/factures/v1/soumettre";
    const ID: &'static str = "soumettreFacture";
    const SUMMARY: &'static str = "Submits an invoice typed as data: routed, checked, delivered";
    const SUCCESS: &'static str = "GCU_MSG_01_000";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        let amount = json!({"type": ["number", "string", "null"]});
        let text = schema::text(255);
        schema::object(
            json!({
                "modeDepot": schema::code(&["SAISIE_API", "DEPOT_PDF_API", "DEPOT_PDF_SIGNE_API", facteur_app::factures::MODE_PAPIER]),
                "numeroFactureSaisi": schema::text(20),
                "dateFacture": schema::date(),
                "idUtilisateurCourant": schema::id(),
                "commentaire": schema::text(2000),
                "cadreDeFacturation": schema::object(json!({
                    "codeCadreFacturation": schema::text(80),
                    "codeServiceValideur": text, "codeStructureValideur": text,
                }), &[]),
                "destinataire": DestinataireJson::schema(),
                "fournisseur": schema::object(json!({
                    "idFournisseur": schema::id(), "idServiceFournisseur": schema::id(),
                    "codeCoordonneesBancairesFournisseur": schema::id(),
                }), &[]),
                "references": schema::object(json!({
                    "deviseFacture": schema::text(3),
                    "typeFacture": schema::code(facteur_domain::facture::TypeFacture::CODES),
                    "typeTva": schema::code(facteur_domain::facture::TypeTva::CODES),
                    "modePaiement": schema::code(facteur_domain::referentiel::MODES_REGLEMENT),
                    "numeroBonCommande": schema::text(50), "numeroMarche": schema::text(50),
                    "numeroFactureOrigine": schema::text(20), "motifExonerationTva": text,
                }), &[]),
                "lignePoste": {"type": "array", "minItems": 1, "maxItems": 10_000, "items": schema::object(json!({
                    "lignePosteNumero": schema::id(), "lignePosteReference": text,
                    "lignePosteDenomination": text, "lignePosteQuantite": amount,
                    "lignePosteUnite": text, "lignePosteMontantUnitaireHT": amount,
                    "lignePosteMontantRemiseHT": amount, "lignePosteTauxTva": amount,
                    "lignePosteTauxTvaManuel": amount,
                }), &["lignePosteDenomination", "lignePosteQuantite", "lignePosteMontantUnitaireHT"])},
                "ligneTva": {"type": "array", "maxItems": 100, "items": schema::object(json!({
                    "ligneTvaTaux": amount, "ligneTvaTauxManuel": amount,
                    "ligneTvaMontantBaseHtParTaux": amount, "ligneTvaMontantTvaParTaux": amount,
                }), &["ligneTvaMontantBaseHtParTaux", "ligneTvaMontantTvaParTaux"])},
                "montantTotal": schema::object(json!({
                    "montantHtTotal": amount, "montantTVA": amount, "montantTtcTotal": amount,
                    "montantRemiseGlobaleTTC": amount, "motifRemiseGlobaleTTC": text,
                    "montantAPayer": amount,
                }), &["montantHtTotal", "montantTVA", "montantTtcTotal", "montantAPayer"]),
                "pieceJointePrincipale": pieces_jointes::schema_principale(),
                "pieceJointeComplementaire": pieces_jointes::schema_complementaire(),
            }),
            &[
                "numeroFactureSaisi",
                "dateFacture",
                "destinataire",
                "lignePoste",
                "ligneTva",
                "montantTotal",
            ],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let soumission = request.parse()?;
        let depot = ctx.app.soumettre(ctx.caller()?, &soumission).await?;
        Ok(Response {
            identifiant_facture_cpp: depot.id,
            numero_facture: depot.numero,
            date_depot: depot.date_depot.to_string(),
            statut_facture: depot.statut.code().to_owned(),
            identifiant_structure: depot.identifiant_structure,
            empreinte_certificat_depot: depot.empreinte,
        })
    }
}
