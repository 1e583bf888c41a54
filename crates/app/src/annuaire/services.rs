use chrono::NaiveDate;
use facteur_domain::pagination::{Page, ParametresRetour};
use facteur_domain::service::CodeService;
use facteur_store::{NewService, ServiceRecord, ServiceSearch};

use crate::{App, AppError, Caller};

/// A service's data, parsed.
#[derive(Debug, Clone)]
pub struct ServiceData {
    pub code: CodeService,
    pub libelle: String,
    pub description: String,
    pub adresse: super::Adresse,
    pub date_debut: Option<NaiveDate>,
    pub date_fin: Option<NaiveDate>,
    pub actif: bool,
    pub numero_engagement_requis: bool,
}

impl ServiceData {
    fn record(&self) -> Result<NewService, AppError> {
        let mut errors = Vec::new();
        if self.libelle.trim().is_empty() {
            errors.push("libelle: a service needs a name".to_owned());
        }
        if let (Some(debut), Some(fin)) = (self.date_debut, self.date_fin)
            && fin < debut
        {
            errors.push(format!("dateFin: [{fin}] is before dateDebut [{debut}]"));
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok(NewService {
            code: self.code.as_str().to_owned(),
            libelle: self.libelle.trim().to_owned(),
            description: self.description.clone(),
            adresse: self.adresse.adresse.clone(),
            code_postal: self.adresse.code_postal.clone(),
            ville: self.adresse.ville.clone(),
            code_pays: if self.adresse.code_pays.is_empty() {
                "FR".into()
            } else {
                self.adresse.code_pays.clone()
            },
            date_debut: self.date_debut,
            date_fin: self.date_fin,
            actif: self.actif,
            numero_engagement_requis: self.numero_engagement_requis,
        })
    }
}

/// `structures/v1/rechercher/services`' criteria.
#[derive(Debug, Clone, Default)]
pub struct RechercheServices {
    pub code: Option<String>,
    pub libelle: Option<String>,
    pub actif: Option<bool>,
    /// `code`, `libelle`, `date_debut`, `date_fin` or `actif`.
    pub tri: &'static str,
    pub page: Page,
}

impl App {
    /// `structures/v1/rechercher/services`: the services of a visible structure.
    pub async fn rechercher_services(
        &self,
        caller: &Caller,
        structure_id: i64,
        r: &RechercheServices,
    ) -> Result<(Vec<ServiceRecord>, ParametresRetour), AppError> {
        self.structure_visible(caller, structure_id).await?;
        let (rows, total) = self
            .store()
            .search_services(&ServiceSearch {
                structure_id,
                code: r.code.clone(),
                libelle_prefix: r.libelle.clone(),
                actif: r.actif,
                sort: r.tri,
                descending: r.page.descendant,
                limit: r.page.par_page,
                offset: r.page.offset(),
            })
            .await?;
        Ok((rows, r.page.retour(total)))
    }

    /// `structures/v1/consulter/service`.
    pub async fn consulter_service(
        &self,
        caller: &Caller,
        structure_id: i64,
        service_id: i64,
    ) -> Result<ServiceRecord, AppError> {
        self.structure_visible(caller, structure_id).await?;
        self.store().find_service(structure_id, service_id).await?.ok_or_else(|| {
            AppError::NotFound(format!("no service {service_id} in structure {structure_id}"))
        })
    }

    /// A manager creates a service of their structure.
    pub async fn create_service(
        &self,
        caller: &Caller,
        structure_id: i64,
        data: &ServiceData,
    ) -> Result<i64, AppError> {
        self.gestionnaire(caller, structure_id).await?;
        Ok(self.store().insert_service(structure_id, &data.record()?).await?)
    }

    /// A manager changes a service (its code stays).
    pub async fn update_service(
        &self,
        caller: &Caller,
        structure_id: i64,
        service_id: i64,
        data: &ServiceData,
    ) -> Result<(), AppError> {
        self.gestionnaire(caller, structure_id).await?;
        if !self.store().update_service(structure_id, service_id, &data.record()?).await? {
            return Err(AppError::NotFound(format!(
                "no service {service_id} in structure {structure_id}"
            )));
        }
        Ok(())
    }

    /// A manager deletes a service nobody is attached to any more.
    pub async fn delete_service(
        &self,
        caller: &Caller,
        structure_id: i64,
        service_id: i64,
    ) -> Result<(), AppError> {
        self.gestionnaire(caller, structure_id).await?;
        if !self.store().delete_service(structure_id, service_id).await? {
            return Err(AppError::NotFound(format!(
                "no service {service_id} in structure {structure_id}"
            )));
        }
        Ok(())
    }

    /// The users attached to a service (managers of its structure only).
    pub async fn utilisateurs_du_service(
        &self,
        caller: &Caller,
        structure_id: i64,
        service_id: i64,
    ) -> Result<Vec<facteur_store::RattachementServiceRecord>, AppError> {
        self.gestionnaire(caller, structure_id).await?;
        self.consulter_service(caller, structure_id, service_id).await?;
        Ok(self.store().utilisateurs_of_service(service_id).await?)
    }
}
