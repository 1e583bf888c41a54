use facteur_domain::pagination::{Page, ParametresRetour};
use facteur_domain::structure::{
    CategoriePrivee, ParametresStructure, TypePublic, TypeStructure, designation_norm,
};
use facteur_domain::{Identifiant, Siret, TypeIdentifiant};
use facteur_store::{
    NewStructure, StructureRecord, StructureSearch, StructureSort, StructureSummary,
};

use super::stored;
use crate::{App, AppError, Caller};

#[derive(Debug, Clone, Default)]
pub struct Adresse {
    pub adresse: String,
    pub complement_1: String,
    pub complement_2: String,
    pub code_postal: String,
    pub ville: String,
    pub code_pays: String,
    pub telephone: String,
}

/// A structure's general data and parameters, parsed.
#[derive(Debug, Clone)]
pub struct StructureData {
    pub identifiant: Identifiant,
    pub type_structure: TypeStructure,
    pub raison_sociale: String,
    pub libelle: String,
    pub nom: String,
    pub prenom: String,
    pub numero_tva: String,
    pub numero_rcs: String,
    pub email: String,
    pub adresse: Adresse,
    pub categorie: Option<CategoriePrivee>,
    pub type_public: Option<TypePublic>,
    pub parametres: ParametresStructure,
    pub actif: bool,
}

impl StructureData {
    /// A structure with only what identifies it; the rest at its defaults.
    pub fn new(
        identifiant: Identifiant,
        type_structure: TypeStructure,
        raison_sociale: &str,
    ) -> Self {
        Self {
            identifiant,
            type_structure,
            raison_sociale: raison_sociale.to_owned(),
            libelle: String::new(),
            nom: String::new(),
            prenom: String::new(),
            numero_tva: String::new(),
            numero_rcs: String::new(),
            email: String::new(),
            adresse: Adresse { code_pays: "FR".into(), ..Adresse::default() },
            categorie: None,
            type_public: None,
            parametres: ParametresStructure::default(),
            actif: true,
        }
    }

    fn check(&self) -> Result<(), AppError> {
        let mut errors = Vec::new();
        if self.raison_sociale.trim().is_empty() {
            errors.push("raisonSociale: a structure needs a name".to_owned());
        }
        if self.type_structure == TypeStructure::Publique && self.categorie.is_some() {
            errors.push("categorie: only private structures have a company category".to_owned());
        }
        if self.type_structure == TypeStructure::Privee && self.type_public.is_some() {
            errors.push("typePublic: only public structures have a kind of public body".to_owned());
        }
        if errors.is_empty() { Ok(()) } else { Err(AppError::Invalid(errors)) }
    }

    fn record(&self) -> NewStructure {
        let p = self.parametres;
        // A French company's VAT number follows from its SIREN.
        let numero_tva = match (&self.numero_tva, self.identifiant.type_identifiant) {
            (tva, TypeIdentifiant::Siret) if tva.is_empty() => {
                Siret::parse(self.identifiant.value())
                    .map(|s| s.siren().numero_tva())
                    .unwrap_or_default()
            }
            (tva, _) => tva.clone(),
        };
        NewStructure {
            type_identifiant: self.identifiant.type_identifiant.code().to_owned(),
            identifiant: self.identifiant.value().to_owned(),
            raison_sociale: self.raison_sociale.trim().to_owned(),
            type_structure: self.type_structure.code().to_owned(),
            libelle: self.libelle.clone(),
            nom: self.nom.clone(),
            prenom: self.prenom.clone(),
            numero_tva,
            numero_rcs: self.numero_rcs.clone(),
            email: self.email.clone(),
            adresse: self.adresse.adresse.clone(),
            complement_adresse_1: self.adresse.complement_1.clone(),
            complement_adresse_2: self.adresse.complement_2.clone(),
            code_postal: self.adresse.code_postal.clone(),
            ville: self.adresse.ville.clone(),
            code_pays: if self.adresse.code_pays.is_empty() {
                "FR".into()
            } else {
                self.adresse.code_pays.clone()
            },
            telephone: self.adresse.telephone.clone(),
            categorie: self.categorie.map(|c| c.code().to_owned()),
            type_public: self.type_public.map(|t| t.code().to_owned()),
            code_service_doit_etre_renseigne: p.code_service_doit_etre_renseigne,
            numero_ej_doit_etre_renseigne: p.numero_ej_doit_etre_renseigne,
            gestion_numero_ej_ou_code_service: p.gestion_numero_ej_ou_code_service,
            connexion_edi: p.connexion_edi,
            recevoir_donnees_via_edi: p.recevoir_donnees_via_edi,
            est_moa: p.est_moa,
            est_moa_uniquement: p.est_moa_uniquement,
            statut_mise_en_paiement_nest_pas_remonte: p.statut_mise_en_paiement_nest_pas_remonte,
            designation_norm: designation_norm(&self.raison_sociale),
            actif: self.actif,
        }
    }

    /// Reads a stored structure back into its parsed form.
    pub fn from_record(r: &StructureRecord) -> Result<Self, AppError> {
        let type_identifiant = stored::<TypeIdentifiant>(&r.type_identifiant)?;
        let identifiant = Identifiant::parse(type_identifiant, &r.identifiant)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Self {
            identifiant,
            type_structure: stored(&r.type_structure)?,
            raison_sociale: r.raison_sociale.clone(),
            libelle: r.libelle.clone(),
            nom: r.nom.clone(),
            prenom: r.prenom.clone(),
            numero_tva: r.numero_tva.clone(),
            numero_rcs: r.numero_rcs.clone(),
            email: r.email.clone(),
            adresse: Adresse {
                adresse: r.adresse.clone(),
                complement_1: r.complement_adresse_1.clone(),
                complement_2: r.complement_adresse_2.clone(),
                code_postal: r.code_postal.clone(),
                ville: r.ville.clone(),
                code_pays: r.code_pays.clone(),
                telephone: r.telephone.clone(),
            },
            categorie: r.categorie.as_deref().map(stored).transpose()?,
            type_public: r.type_public.as_deref().map(stored).transpose()?,
            parametres: parametres(r),
            actif: r.actif,
        })
    }
}

pub fn parametres(r: &StructureRecord) -> ParametresStructure {
    ParametresStructure {
        code_service_doit_etre_renseigne: r.code_service_doit_etre_renseigne,
        numero_ej_doit_etre_renseigne: r.numero_ej_doit_etre_renseigne,
        gestion_numero_ej_ou_code_service: r.gestion_numero_ej_ou_code_service,
        connexion_edi: r.connexion_edi,
        recevoir_donnees_via_edi: r.recevoir_donnees_via_edi,
        est_moa: r.est_moa,
        est_moa_uniquement: r.est_moa_uniquement,
        statut_mise_en_paiement_nest_pas_remonte: r.statut_mise_en_paiement_nest_pas_remonte,
    }
}

/// How a request names a structure: its id, or its identifier and type.
#[derive(Debug, Clone)]
pub enum StructureRef {
    Id(i64),
    Identifiant(TypeIdentifiant, String),
}

/// `structures/v1/rechercher`'s criteria.
#[derive(Debug, Clone, Default)]
pub struct RechercheStructures {
    pub type_identifiant: Option<TypeIdentifiant>,
    pub identifiant: Option<String>,
    pub designation: Option<String>,
    pub code_postal: Option<String>,
    pub ville: Option<String>,
    pub code_pays: Option<String>,
    pub type_structure: Option<TypeStructure>,
    pub actif: Option<bool>,
    pub est_moa: Option<bool>,
    pub est_moa_uniquement: Option<bool>,
    /// Chorus Pro's `restreindreStructuresPrivees`: true (or absent) shows every public
    /// structure and only the private ones the caller is attached to.
    pub restreindre_structures_privees: bool,
    pub tri: StructureSort,
    pub page: Page,
}

impl App {
    /// Registers a structure. Operators only: companies join through the portal's sign-up,
    /// which checks them, and public bodies are registered by the platform.
    pub async fn create_structure(
        &self,
        caller: &Caller,
        data: &StructureData,
    ) -> Result<i64, AppError> {
        if !caller.operateur {
            return Err(AppError::Forbidden(
                "only the platform's operators register structures".into(),
            ));
        }
        data.check()?;
        Ok(self.store().insert_structure(&data.record()).await?)
    }

    /// Changes a structure's general data and parameters (not its identifier or type).
    pub async fn update_structure(
        &self,
        caller: &Caller,
        structure_id: i64,
        data: &StructureData,
    ) -> Result<(), AppError> {
        self.gestionnaire(caller, structure_id).await?;
        data.check()?;
        let current = self
            .store()
            .find_structure(structure_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no structure {structure_id}")))?;
        let mut record = data.record();
        record.type_identifiant = current.type_identifiant;
        record.identifiant = current.identifiant;
        record.type_structure = current.type_structure;
        self.store().update_structure(structure_id, &record).await?;
        Ok(())
    }

    pub async fn find_structure_ref(
        &self,
        reference: &StructureRef,
    ) -> Result<Option<StructureRecord>, AppError> {
        Ok(match reference {
            StructureRef::Id(id) => self.store().find_structure(*id).await?,
            StructureRef::Identifiant(t, v) => {
                let value =
                    Identifiant::parse(*t, v).map(|i| i.to_string()).unwrap_or_else(|_| v.clone());
                self.store().find_structure_by_identifiant(t.code(), &value).await?
            }
        })
    }

    /// `structures/v1/rechercher`.
    pub async fn rechercher_structures(
        &self,
        caller: &Caller,
        r: &RechercheStructures,
    ) -> Result<(Vec<StructureSummary>, ParametresRetour), AppError> {
        let restrict = r.restreindre_structures_privees && !caller.operateur;
        let identifiant = r.identifiant.as_ref().map(|i| {
            // Searches by identifier normalise it as registration did ("110 002 011 00044").
            match r.type_identifiant {
                Some(t) => Identifiant::parse(t, i)
                    .map(|p| p.to_string())
                    .unwrap_or_else(|_| i.trim().to_owned()),
                None => i.chars().filter(|c| !c.is_whitespace()).collect(),
            }
        });
        let search = StructureSearch {
            type_identifiant: r.type_identifiant.map(|t| t.code().to_owned()),
            identifiant,
            designation_prefix: r
                .designation
                .as_deref()
                .map(designation_norm)
                .filter(|d| !d.is_empty()),
            code_postal: r.code_postal.clone(),
            ville_prefix: r.ville.clone(),
            code_pays: r.code_pays.clone(),
            type_structure: r.type_structure.map(|t| t.code().to_owned()),
            actif: r.actif,
            est_moa: r.est_moa,
            est_moa_uniquement: r.est_moa_uniquement,
            private_visible_to: restrict.then_some(caller.utilisateur_id),
            sort: r.tri,
            descending: r.page.descendant,
            limit: r.page.par_page,
            offset: r.page.offset(),
        };
        let (rows, total) = self.store().search_structures(&search).await?;
        Ok((rows, r.page.retour(total)))
    }

    /// `structures/v1/consulter`: a visible structure, and for its own members the expiry of
    /// its technical account's password.
    pub async fn consulter_structure(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<(StructureRecord, Option<chrono::DateTime<chrono::Utc>>), AppError> {
        let structure = self.store().find_structure(structure_id).await?;
        let acteur = self.acteur(caller, structure_id).await?;
        let Some(structure) = structure.filter(|s| super::visible(s, acteur)) else {
            return Err(super::inconnue(structure_id));
        };
        let member = acteur != facteur_domain::utilisateur::Acteur::Etranger;
        let expiry =
            if member { self.store().technical_password_expiry(structure_id).await? } else { None };
        Ok((structure, expiry))
    }

    /// `transverses/v1/recuperer/structures/actives/{fournisseur,destinataire}`: the active
    /// structures the caller acts for, as a supplier (any) or as a recipient (public ones).
    pub async fn structures_actives(
        &self,
        caller: &Caller,
        destinataire: bool,
    ) -> Result<Vec<StructureRecord>, AppError> {
        let mut structures = Vec::new();
        for r in self.store().rattachements_of_user(caller.utilisateur_id).await? {
            if r.statut != "VALIDEE" {
                continue;
            }
            if let Some(s) = self.store().find_structure(r.structure_id).await?
                && s.actif
                && (!destinataire || s.type_structure == "PUBLIQUE")
            {
                structures.push(s);
            }
        }
        Ok(structures)
    }

    /// `transverses/v1/rechercher/destinataire`: active public structures, by identifier,
    /// by postcode (digits) or by the start of their name.
    pub async fn rechercher_destinataires(
        &self,
        identifiant: Option<&str>,
        nom_ville_code_postal: Option<&str>,
        page: Page,
    ) -> Result<(Vec<StructureSummary>, ParametresRetour), AppError> {
        let text = nom_ville_code_postal.map(str::trim).filter(|t| !t.is_empty());
        let is_postcode = text.is_some_and(|t| t.chars().all(|c| c.is_ascii_digit()));
        let search = StructureSearch {
            identifiant: identifiant.map(|i| i.chars().filter(|c| !c.is_whitespace()).collect()),
            code_postal: text.filter(|_| is_postcode).map(str::to_owned),
            designation_prefix: text.filter(|_| !is_postcode).map(designation_norm),
            type_structure: Some("PUBLIQUE".to_owned()),
            actif: Some(true),
            limit: page.par_page,
            offset: page.offset(),
            descending: page.descendant,
            ..StructureSearch::default()
        };
        let (rows, total) = self.store().search_structures(&search).await?;
        Ok((rows, page.retour(total)))
    }

    /// `transverses/v1/consulter/information/siret`, answered from the platform's directory.
    pub async fn information_siret(&self, siret: &str) -> Result<StructureRecord, AppError> {
        let siret = Siret::parse(siret.trim()).map_err(|e| AppError::invalid(e.to_string()))?;
        self.store().find_structure_by_identifiant("SIRET", &siret.to_string()).await?.ok_or_else(
            || AppError::NotFound(format!("no structure with SIRET {siret} in the directory")),
        )
    }

    /// Every active public structure, for `telecharger/annuaire/destinataire`.
    pub async fn annuaire_destinataires(&self) -> Result<Vec<StructureSummary>, AppError> {
        Ok(self.store().active_public_structures().await?)
    }
}
