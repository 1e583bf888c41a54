use chrono::NaiveDate;
use facteur_domain::flux::NumeroFlux;
use facteur_domain::pagination::{Page, ParametresRetour};
use facteur_domain::utilisateur::{Acteur, Role as RoleUtilisateur};
use facteur_store::{FactureRecord, FactureSearch, HistoriqueRecord};

use crate::{App, AppError, Caller};

/// On which side of an invoice the caller looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Fournisseur,
    Destinataire,
    /// The validating structure of frameworks A9 and A12.
    Valideur,
}

/// The criteria of `rechercher/fournisseur` and `rechercher/recipiendaire`.
#[derive(Debug, Clone, Default)]
pub struct RechercheFactures {
    /// The supplier's (or recipient's) structure; the caller's own when absent.
    pub structure_id: Option<i64>,
    pub numero: Option<String>,
    pub statuts: Vec<String>,
    pub type_facture: Option<String>,
    pub date_depot_du: Option<NaiveDate>,
    pub date_depot_au: Option<NaiveDate>,
    pub date_facture_du: Option<NaiveDate>,
    pub date_facture_au: Option<NaiveDate>,
    pub numero_engagement: Option<String>,
    pub montant_ttc_min: Option<i64>,
    pub montant_ttc_max: Option<i64>,
    /// `numeroFluxDepot`: the invoices of a flux.
    pub numero_flux_depot: Option<String>,
    pub tri: &'static str,
    pub page: Page,
}

impl App {
    /// The services of a recipient structure whose invoices the caller may see: all for its
    /// managers and technical accounts (and operators); for other users, the services they
    /// are attached to, or all when they are attached to none.
    async fn services_visibles(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<Option<Vec<i64>>, AppError> {
        match self.acteur(caller, structure_id).await? {
            Acteur::Etranger => Err(crate::annuaire::inconnue(structure_id)),
            Acteur::Operateur => Ok(None),
            Acteur::Membre(role) if role.est_gestionnaire() || caller.technique => Ok(None),
            Acteur::Membre(RoleUtilisateur::Utilisateur | _) => {
                let services: Vec<i64> = self
                    .store()
                    .rattachements_services(caller.utilisateur_id, structure_id)
                    .await?
                    .into_iter()
                    .filter(|s| s.statut == "VALIDEE")
                    .map(|s| s.service_id)
                    .collect();
                Ok((!services.is_empty()).then_some(services))
            }
        }
    }

    /// `rechercher/fournisseur` and `rechercher/recipiendaire`: the invoices of a structure the
    /// caller belongs to, seen from its side.
    pub async fn rechercher_factures(
        &self,
        caller: &Caller,
        role: Role,
        r: &RechercheFactures,
    ) -> Result<(Vec<FactureRecord>, ParametresRetour), AppError> {
        let structure_id = r.structure_id.or(caller.structure_id).ok_or_else(|| {
            AppError::invalid("the structure to search the invoices of is missing")
        })?;
        let services = self.services_visibles(caller, structure_id).await?;
        // A number that names no flux finds nothing.
        let flux_id =
            r.numero_flux_depot.as_deref().map(|n| NumeroFlux::parse(n).map_or(0, NumeroFlux::id));
        let mut search = FactureSearch {
            flux_id,
            numero: r.numero.clone(),
            statuts: r.statuts.clone(),
            type_facture: r.type_facture.clone(),
            date_depot_du: r.date_depot_du,
            date_depot_au: r.date_depot_au,
            date_facture_du: r.date_facture_du,
            date_facture_au: r.date_facture_au,
            numero_engagement: r.numero_engagement.clone(),
            montant_ttc_min: r.montant_ttc_min,
            montant_ttc_max: r.montant_ttc_max,
            sort: r.tri,
            descending: r.page.descendant,
            limit: r.page.par_page,
            offset: r.page.offset(),
            ..FactureSearch::default()
        };
        match role {
            Role::Fournisseur => search.fournisseur_id = Some(structure_id),
            Role::Destinataire => {
                search.destinataire_id = Some(structure_id);
                search.service_ids = services;
            }
            Role::Valideur => search.valideur_id = Some(structure_id),
        }
        let (rows, total) = self.store().search_factures(&search).await?;
        Ok((rows, r.page.retour(total)))
    }

    /// An invoice the caller may see from a side, or "not found": the supplier's members
    /// see its issued invoices, the recipient's members its received ones.
    pub async fn facture_visible(
        &self,
        caller: &Caller,
        id: i64,
        role: Option<Role>,
    ) -> Result<FactureRecord, AppError> {
        let unknown = || AppError::NotFound(format!("no invoice {id} visible to this account"));
        let f = self.store().find_facture(id).await?.ok_or_else(unknown)?;
        let side = |r: Role| role.is_none_or(|asked| asked == r);
        let member = async |structure_id: i64| {
            Ok::<_, AppError>(!matches!(self.acteur(caller, structure_id).await?, Acteur::Etranger))
        };
        if side(Role::Fournisseur) && member(f.fournisseur_id).await? {
            return Ok(f);
        }
        if side(Role::Valideur)
            && let Some(valideur) = f.valideur_id
            && member(valideur).await?
        {
            return Ok(f);
        }
        if side(Role::Destinataire)
            && let Ok(services) = self.services_visibles(caller, f.destinataire_id).await
            && services.is_none_or(|s| f.service_id.is_some_and(|id| s.contains(&id)))
        {
            return Ok(f);
        }
        Err(unknown())
    }

    /// `consulter/historique`: the statuses an invoice went through.
    pub async fn historique_facture(
        &self,
        caller: &Caller,
        id: i64,
    ) -> Result<(FactureRecord, Vec<HistoriqueRecord>), AppError> {
        let f = self.facture_visible(caller, id, None).await?;
        let history = self.store().historique_facture(id).await?;
        Ok((f, history))
    }
}
