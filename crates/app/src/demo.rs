//! The demo data set: a small believable directory with fixed credentials that the README
//! documents, to try the platform in a minute. Later issues grow it.

use facteur_domain::espace::{CodeEspace, TypeHabilitation};
use facteur_domain::service::{CodeService, FACTURES_PUBLIQUES};
use facteur_domain::structure::{CategoriePrivee, ParametresStructure, TypePublic, TypeStructure};
use facteur_domain::utilisateur::Role;
use facteur_domain::{Environnement, Identifiant, TypeIdentifiant};

mod engagements;

use crate::admin::{NewApplicationRequest, NewUser};
use crate::annuaire::{Adresse, ServiceData, StructureData};
use crate::{App, AppError, Caller};

mod messages;

pub const APPLICATION: &str = "demo-app";
pub const APPLICATION_SECRET: &str = "demo-secret";
pub const TECH_FOURNISSEUR: &str = "TECH_FOURNISSEUR@demo.facteur";
pub const TECH_DESTINATAIRE: &str = "TECH_DESTINATAIRE@demo.facteur";
/// Every demo account's password, technical or not.
pub const TECH_PASSWORD: &str = "facteur-demo";
pub const SIRET_DESTINATAIRE: &str = "11000201100044";
pub const SIRET_FOURNISSEUR: &str = "73282932000074";
pub const SIRET_HOPITAL: &str = "26750045200011";
pub const SIRET_COMMUNE: &str = "21750001600019";
pub const SIRET_MICRO: &str = "44306184100047";
pub const SIRET_GRAND_GROUPE: &str = "55200043800010";
pub const OPERATEUR: &str = "operateur@demo.facteur";
/// The ministry's principal and secondary managers and one of its agents.
pub const GESTIONNAIRE_MINISTERE: &str = "gestionnaire@ministere.demo.facteur";
pub const ADJOINT_MINISTERE: &str = "adjoint@ministere.demo.facteur";
pub const AGENT_MINISTERE: &str = "agent@ministere.demo.facteur";
pub const DIRIGEANT_FOURNISSEUR: &str = "dirigeant@fournitures.demo.facteur";
pub const COMPTABLE_FOURNISSEUR: &str = "comptable@fournitures.demo.facteur";
/// A user whose attachment to the hospital awaits its managers.
pub const CANDIDAT_HOPITAL: &str = "candidat@hopital.demo.facteur";
/// Demo passwords must be 12 characters long, as every password.
const PASSWORD: &str = "facteur-demo";

/// What `seed --demo` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Seeded {
    Loaded,
    /// The database already holds structures: nothing was added.
    NotEmpty,
}

struct DemoStructure {
    siret: &'static str,
    name: &'static str,
    type_structure: TypeStructure,
    categorie: Option<CategoriePrivee>,
    type_public: Option<TypePublic>,
    ville: &'static str,
    code_postal: &'static str,
    parametres: ParametresStructure,
}

const fn parametres(code_service: bool, numero_ej: bool) -> ParametresStructure {
    ParametresStructure {
        code_service_doit_etre_renseigne: code_service,
        numero_ej_doit_etre_renseigne: numero_ej,
        gestion_numero_ej_ou_code_service: false,
        connexion_edi: false,
        recevoir_donnees_via_edi: false,
        est_moa: false,
        est_moa_uniquement: false,
        statut_mise_en_paiement_nest_pas_remonte: false,
    }
}

const STRUCTURES: &[DemoStructure] = &[
    DemoStructure {
        siret: SIRET_DESTINATAIRE,
        name: "Ministère de la Démonstration",
        type_structure: TypeStructure::Publique,
        categorie: None,
        type_public: Some(TypePublic::Etat),
        ville: "Paris",
        code_postal: "75007",
        parametres: parametres(true, false),
    },
    DemoStructure {
        siret: SIRET_HOPITAL,
        name: "Centre hospitalier de Démoville",
        type_structure: TypeStructure::Publique,
        categorie: None,
        type_public: Some(TypePublic::EtablissementSante),
        ville: "Démoville",
        code_postal: "69003",
        parametres: parametres(false, true),
    },
    DemoStructure {
        siret: SIRET_COMMUNE,
        name: "Commune de Démoville",
        type_structure: TypeStructure::Publique,
        categorie: None,
        type_public: Some(TypePublic::CollectiviteTerritoriale),
        ville: "Démoville",
        code_postal: "69003",
        parametres: parametres(false, false),
    },
    DemoStructure {
        siret: SIRET_FOURNISSEUR,
        name: "Fournitures Démo SAS",
        type_structure: TypeStructure::Privee,
        categorie: Some(CategoriePrivee::Pme),
        type_public: None,
        ville: "Lyon",
        code_postal: "69002",
        parametres: parametres(false, false),
    },
    DemoStructure {
        siret: SIRET_MICRO,
        name: "Atelier Micro Démo",
        type_structure: TypeStructure::Privee,
        categorie: Some(CategoriePrivee::Micro),
        type_public: None,
        ville: "Nantes",
        code_postal: "44000",
        parametres: parametres(false, false),
    },
    DemoStructure {
        siret: SIRET_GRAND_GROUPE,
        name: "Grand Groupe Démo SA",
        type_structure: TypeStructure::Privee,
        categorie: Some(CategoriePrivee::GrandeEntreprise),
        type_public: None,
        ville: "Courbevoie",
        code_postal: "92400",
        parametres: parametres(false, false),
    },
];

/// The ministry's services: one per directorate, and the reserved public-to-public one.
const SERVICES_MINISTERE: &[(&str, &str, bool)] = &[
    ("DAF-01", "Direction des affaires financières", false),
    ("SG-ACHATS", "Secrétariat général — achats", true),
    (FACTURES_PUBLIQUES, "Factures entre entités publiques", false),
];

fn invalid(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("demo data: {e}"))
}

impl App {
    /// Loads the demo data set into an empty database. Refused in production, where fixed
    /// public credentials would be a hole.
    pub async fn seed_demo(&self) -> Result<Seeded, AppError> {
        if self.environment() == Environnement::Production {
            return Err(AppError::Forbidden(
                "the demo data set has public credentials and is refused in production".into(),
            ));
        }
        if self.store().count_structures().await? > 0 {
            return Ok(Seeded::NotEmpty);
        }
        let operator = Caller::operateur_systeme();
        let mut ids = Vec::new();
        for s in STRUCTURES {
            let identifiant =
                Identifiant::parse(TypeIdentifiant::Siret, s.siret).map_err(invalid)?;
            let mut data = StructureData::new(identifiant, s.type_structure, s.name);
            data.categorie = s.categorie;
            data.type_public = s.type_public;
            data.parametres = s.parametres;
            data.email = format!("contact@{}.demo.facteur", s.code_postal);
            data.adresse = Adresse {
                adresse: "1 rue de la Démonstration".into(),
                code_postal: s.code_postal.into(),
                ville: s.ville.into(),
                code_pays: "FR".into(),
                ..Adresse::default()
            };
            let id = self.create_structure(&operator, &data).await?;
            for espace in CodeEspace::ALL {
                self.ajouter_espace(&operator, id, *espace).await?;
            }
            ids.push(id);
        }
        let (ministere, hopital, fournisseur) = (ids[0], ids[1], ids[3]);
        for (code, libelle, ej) in SERVICES_MINISTERE {
            let service = ServiceData {
                code: CodeService::parse(code).map_err(invalid)?,
                libelle: (*libelle).into(),
                description: String::new(),
                adresse: Adresse::default(),
                date_debut: None,
                date_fin: None,
                actif: true,
                numero_engagement_requis: *ej,
            };
            self.create_service(&operator, ministere, &service).await?;
        }
        let pharmacie = ServiceData {
            code: CodeService::parse("PHARMACIE").map_err(invalid)?,
            libelle: "Pharmacie centrale".into(),
            description: "Achats de médicaments et dispositifs".into(),
            adresse: Adresse::default(),
            date_debut: None,
            date_fin: None,
            actif: true,
            numero_engagement_requis: true,
        };
        self.create_service(&operator, hopital, &pharmacie).await?;

        let person = |email, nom, prenom, structure, operateur| NewUser {
            email,
            nom,
            prenom,
            telephone: "",
            password: PASSWORD,
            structure,
            operateur,
        };
        let people = [
            person(OPERATEUR, "Opérateur", "Démo", None, true),
            person(
                GESTIONNAIRE_MINISTERE,
                "Martin",
                "Claire",
                Some((ministere, Role::GestionnairePrincipal)),
                false,
            ),
            person(
                ADJOINT_MINISTERE,
                "Bernard",
                "Hugo",
                Some((ministere, Role::GestionnaireSecondaire)),
                false,
            ),
            person(AGENT_MINISTERE, "Petit", "Inès", Some((ministere, Role::Utilisateur)), false),
            person(
                DIRIGEANT_FOURNISSEUR,
                "Durand",
                "Paul",
                Some((fournisseur, Role::GestionnairePrincipal)),
                false,
            ),
            person(
                COMPTABLE_FOURNISSEUR,
                "Leroy",
                "Emma",
                Some((fournisseur, Role::Utilisateur)),
                false,
            ),
            person(CANDIDAT_HOPITAL, "Moreau", "Lucas", None, false),
        ];
        for user in &people {
            self.create_user(&operator, user).await?;
        }
        let candidat = self
            .store()
            .find_utilisateur_by_email(CANDIDAT_HOPITAL)
            .await?
            .ok_or_else(|| invalid("candidate"))?;
        let candidat = Caller {
            utilisateur_id: candidat.id,
            login: CANDIDAT_HOPITAL.into(),
            technique: false,
            operateur: false,
            structure_id: None,
        };
        self.demander_rattachement(&candidat, hopital, &[], "Nouvel acheteur de la pharmacie")
            .await?;
        // The agent reads received invoices: a subscription asked for and validated.
        let agent = self
            .store()
            .find_utilisateur_by_email(AGENT_MINISTERE)
            .await?
            .ok_or_else(|| invalid("agent"))?;
        let agent = Caller {
            utilisateur_id: agent.id,
            login: AGENT_MINISTERE.into(),
            technique: false,
            operateur: false,
            structure_id: None,
        };
        let espace = self
            .store()
            .espaces_of_structure(ministere)
            .await?
            .into_iter()
            .find(|e| e.code == CodeEspace::FacturesRecues.code())
            .ok_or_else(|| invalid("space"))?;
        let abonnement = self
            .demander_abonnement(&agent, espace.id, TypeHabilitation::ConsultationUniquement)
            .await?;
        self.traiter_abonnement(&operator, abonnement, true).await?;

        let siret = TypeIdentifiant::Siret;
        self.create_technical_account(
            siret,
            SIRET_DESTINATAIRE,
            TECH_DESTINATAIRE,
            Some(TECH_PASSWORD),
        )
        .await?;
        self.create_technical_account(
            siret,
            SIRET_FOURNISSEUR,
            TECH_FOURNISSEUR,
            Some(TECH_PASSWORD),
        )
        .await?;
        self.register_application(&NewApplicationRequest {
            name: "Demo application",
            client_id: Some(APPLICATION),
            secret: Some(APPLICATION_SECRET),
            quota_per_second: None,
            quota_per_day: None,
        })
        .await?;
        self.seed_demo_engagements(ministere, fournisseur).await?;
        self.seed_demo_invoices(fournisseur).await?;
        self.seed_demo_messages(&ids).await?;
        Ok(Seeded::Loaded)
    }

    /// The demo supplier's technical account, as a caller.
    async fn demo_supplier(&self, fournisseur: i64) -> Result<Caller, AppError> {
        let tech = self
            .store()
            .find_account(TECH_FOURNISSEUR)
            .await?
            .ok_or_else(|| invalid("technical account"))?;
        Ok(Caller {
            utilisateur_id: tech.id,
            login: TECH_FOURNISSEUR.into(),
            technique: true,
            operateur: false,
            structure_id: Some(fournisseur),
        })
    }

    /// Invoices from the demo supplier to the ministry, one at each stage of the life cycle.
    async fn seed_demo_invoices(&self, fournisseur: i64) -> Result<(), AppError> {
        use facteur_domain::statut_facture::StatutFacture::*;
        let supplier = self.demo_supplier(fournisseur).await?;
        let operator = Caller::operateur_systeme();
        // Each stage, and the moves (status, reason or mandate number) that lead to it.
        type Moves =
            &'static [(facteur_domain::statut_facture::StatutFacture, Option<&'static str>)];
        let stages: &[(&str, Moves)] = &[
            ("DEMO-2026-001", &[]),
            ("DEMO-2026-002", &[(ServiceFait, None)]),
            ("DEMO-2026-003", &[(Mandatee, Some("M-2026-0003"))]),
            (
                "DEMO-2026-004",
                &[(ServiceFait, None), (Mandatee, Some("M-2026-0004")), (MiseEnPaiement, None)],
            ),
            ("DEMO-2026-005", &[(Suspendue, Some("Bon de livraison manquant"))]),
            (
                "DEMO-2026-006",
                &[(Suspendue, Some("RIB illisible")), (Completee, Some("RIB joint"))],
            ),
            ("DEMO-2026-007", &[(Rejetee, Some("Facture adressée au mauvais ministère"))]),
            ("DEMO-2026-008", &[(ARecycler, Some("Service destinataire erroné"))]),
            ("DEMO-2026-009", &[(MiseADispositionComptable, None)]),
            ("DEMO-2026-010", &[(ServiceFait, None), (Comptabilisee, None)]),
            // A subcontractor's invoice, awaiting its validator, and one its validator refused.
            ("DEMO-2026-011", &[]),
            ("DEMO-2026-012", &[(Refusee1, Some("Travaux non réceptionnés"))]),
        ];
        for (i, (numero, moves)) in stages.iter().enumerate() {
            let mut soumission = demo_invoice(numero, i)?;
            if matches!(*numero, "DEMO-2026-011" | "DEMO-2026-012") {
                soumission.facture.cadre = "A9_FACTURE_SOUSTRAITANT".into();
                soumission.code_structure_valideur = Some(SIRET_GRAND_GROUPE.into());
            }
            let depot = self.soumettre(&supplier, &soumission).await?;
            for (vers, note) in moves.iter() {
                let mandat = (*vers == Mandatee).then_some(*note).flatten();
                let motif = if *vers == Mandatee { None } else { *note };
                self.avancer_facture(&operator, depot.id, *vers, motif, mandat).await?;
            }
        }
        self.seed_demo_paper_invoice(fournisseur, stages.len()).await
    }

    /// A paper invoice the ministry's digitisation service scanned and typed.
    async fn seed_demo_paper_invoice(&self, fournisseur: i64, i: usize) -> Result<(), AppError> {
        let tech = self
            .store()
            .find_account(TECH_DESTINATAIRE)
            .await?
            .ok_or_else(|| invalid("technical account"))?;
        let ministry = Caller {
            utilisateur_id: tech.id,
            login: TECH_DESTINATAIRE.into(),
            technique: true,
            operateur: false,
            structure_id: tech.structure_id,
        };
        let scan = b"%PDF-1.4\n% facture papier numerisee (demonstration)\n%%EOF\n";
        let scan = self
            .ajouter_fichier(
                &ministry,
                "scan-papier-0001.pdf",
                None,
                bytes::Bytes::from_static(scan),
            )
            .await?;
        let mut soumission = demo_invoice("DEMO-2026-P01", i)?;
        soumission.mode_depot = crate::factures::MODE_PAPIER.into();
        soumission.id_fournisseur = Some(fournisseur);
        soumission.pieces_jointes = vec![crate::factures::PieceJointeDemandee {
            id: scan.id,
            role: facteur_domain::piece_jointe::RolePieceJointe::Principale,
            designation: Some("Facture papier numérisée".into()),
        }];
        self.soumettre(&ministry, &soumission).await?;
        Ok(())
    }
}

/// A demo invoice: `quantite` reams at 4.99 € and books at 10 €, to the ministry's DAF-01.
fn demo_invoice(numero: &str, i: usize) -> Result<crate::factures::Soumission, AppError> {
    use facteur_domain::facture::{
        Destinataire, Facture, LigneFacture, LigneTva, References, Totaux, TypeFacture, TypeTva,
    };
    use rust_decimal::Decimal;
    let quantite = Decimal::from(i as i64 + 1);
    let ht_20 = quantite * Decimal::new(499, 2);
    let ht_55 = Decimal::from(25);
    let tva_20 = crate::factures::arrondi(ht_20 * Decimal::from(20) / Decimal::ONE_HUNDRED);
    let tva_55 = crate::factures::arrondi(ht_55 * Decimal::new(55, 1) / Decimal::ONE_HUNDRED);
    let ligne = |numero, denomination: &str, quantite, prix, taux| LigneFacture {
        numero,
        reference: None,
        denomination: denomination.into(),
        quantite,
        unite: None,
        prix_unitaire_ht: prix,
        remise_ht: Decimal::ZERO,
        taux_tva: taux,
    };
    let ht = ht_20 + ht_55;
    let tva = tva_20 + tva_55;
    Ok(crate::factures::Soumission {
        mode_depot: "SAISIE_API".into(),
        id_fournisseur: None,
        code_structure_valideur: None,
        pieces_jointes: Vec::new(),
        facture: Facture {
            numero: numero.into(),
            type_facture: TypeFacture::Facture,
            date_facture: chrono::Utc::now().date_naive(),
            devise: "EUR".into(),
            cadre: "A1_FACTURE_FOURNISSEUR".into(),
            type_tva: TypeTva::SurDebit,
            destinataire: Destinataire {
                code: SIRET_DESTINATAIRE.into(),
                code_service: Some(CodeService::parse("DAF-01").map_err(invalid)?),
            },
            references: References {
                mode_paiement: Some("VIREMENT".into()),
                ..References::default()
            },
            lignes: vec![
                ligne(1, "Ramettes de papier", quantite, Decimal::new(499, 2), Decimal::from(20)),
                ligne(2, "Ouvrages", Decimal::new(25, 1), Decimal::from(10), Decimal::new(55, 1)),
            ],
            tva: vec![
                LigneTva { taux: Decimal::from(20), base_ht: ht_20, montant_tva: tva_20 },
                LigneTva { taux: Decimal::new(55, 1), base_ht: ht_55, montant_tva: tva_55 },
            ],
            totaux: Totaux {
                ht,
                tva,
                ttc: ht + tva,
                remise_globale_ttc: Decimal::ZERO,
                a_payer: ht + tva,
            },
            commentaire: None,
        },
    })
}
