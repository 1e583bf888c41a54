//! `/cpro/structures/v1/…`: the directory as Chorus Pro's API shows it.

mod consulter;
mod consulter_service;
mod lister_rattachements_utilisateur;
mod rechercher;
mod rechercher_espaces;
mod rechercher_services;

use super::Registry;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry
        .add::<rechercher::Rechercher>()?
        .add::<consulter::Consulter>()?
        .add::<rechercher_services::RechercherServices>()?
        .add::<consulter_service::ConsulterService>()?
        .add::<lister_rattachements_utilisateur::ListerRattachementsUtilisateur>()?
        .add::<rechercher_espaces::RechercherEspaces>()
}
