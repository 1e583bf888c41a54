//! A structure's distribution lists and address book: any member manages them; they hold
//! structures the structure may see (public bodies, partners). Whether a member may receive
//! a message is decided when one is sent, so a list may name a structure before the first
//! invoice between them.

use std::collections::HashSet;

use facteur_domain::message::NomListe;
use facteur_store::{EntreeCarnet, ListeRecord};

use super::distincts;
use crate::{App, AppError, Caller};

/// The most structures in one list.
pub const MAX_MEMBRES: usize = 50_000;

/// A list with its members (id, name).
#[derive(Debug, Clone)]
pub struct Liste {
    pub liste: ListeRecord,
    pub membres: Vec<(i64, String)>,
}

/// What an address-book entry names: a structure or one of the owner's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NouvelleEntree {
    Structure(i64),
    Liste(i64),
}

fn liste_inconnue(id: i64) -> AppError {
    AppError::NotFound(format!("no distribution list {id} of this account's structures"))
}

impl App {
    /// The structures among `ids` that `owner`'s members may name; the others are refused
    /// together, each as unknown (a private structure's existence does not leak).
    async fn structures_nommables(
        &self,
        caller: &Caller,
        owner: i64,
        champ: &str,
        ids: &[i64],
    ) -> Result<(), AppError> {
        let found = self.store().candidats_message(owner, ids).await?;
        let visibles: HashSet<i64> =
            found.iter().filter(|c| Self::visible(caller, c)).map(|c| c.id).collect();
        let mut errors: Vec<String> = ids
            .iter()
            .filter(|id| !visibles.contains(id))
            .map(|id| format!("{champ}: [{id}] is not a structure visible to this account"))
            .collect();
        if ids.contains(&owner) {
            errors.push(format!("{champ}: [{owner}] is the structure itself"));
        }
        errors.truncate(20);
        if errors.is_empty() { Ok(()) } else { Err(AppError::Invalid(errors)) }
    }

    fn membres_bornes(membres: &[i64]) -> Result<Vec<i64>, AppError> {
        let membres = distincts(membres.iter().copied());
        if membres.len() > MAX_MEMBRES {
            return Err(AppError::TooLarge(format!(
                "membres: {} structures. Expected [at most {MAX_MEMBRES}]",
                membres.len()
            )));
        }
        Ok(membres)
    }

    /// A list the caller may manage: one of a structure it is a member of.
    async fn liste_geree(&self, caller: &Caller, id: i64) -> Result<ListeRecord, AppError> {
        let liste = self.store().find_liste(id).await?.ok_or_else(|| liste_inconnue(id))?;
        self.membre(caller, liste.structure_id).await.map_err(|_| liste_inconnue(id))?;
        Ok(liste)
    }

    pub async fn creer_liste(
        &self,
        caller: &Caller,
        structure_id: Option<i64>,
        nom: &NomListe,
        membres: &[i64],
    ) -> Result<i64, AppError> {
        let owner = Self::structure_agie(caller, structure_id)?;
        self.membre(caller, owner).await?;
        let membres = Self::membres_bornes(membres)?;
        self.structures_nommables(caller, owner, "membres", &membres).await?;
        Ok(self.store().create_liste(owner, nom.as_str(), &membres).await?)
    }

    /// Renames a list and replaces its members.
    pub async fn modifier_liste(
        &self,
        caller: &Caller,
        id: i64,
        nom: &NomListe,
        membres: &[i64],
    ) -> Result<(), AppError> {
        let liste = self.liste_geree(caller, id).await?;
        let membres = Self::membres_bornes(membres)?;
        self.structures_nommables(caller, liste.structure_id, "membres", &membres).await?;
        Ok(self.store().update_liste(id, nom.as_str(), &membres).await?)
    }

    pub async fn supprimer_liste(&self, caller: &Caller, id: i64) -> Result<(), AppError> {
        self.liste_geree(caller, id).await?;
        Ok(self.store().delete_liste(id).await?)
    }

    pub async fn consulter_liste(&self, caller: &Caller, id: i64) -> Result<Liste, AppError> {
        let liste = self.liste_geree(caller, id).await?;
        let membres = self.store().membres_of_liste(id).await?;
        Ok(Liste { liste, membres })
    }

    pub async fn listes(
        &self,
        caller: &Caller,
        structure_id: Option<i64>,
    ) -> Result<Vec<ListeRecord>, AppError> {
        let owner = Self::structure_agie(caller, structure_id)?;
        self.membre(caller, owner).await?;
        Ok(self.store().listes_of_structure(owner).await?)
    }

    /// Adds a structure (one the structure may see) or one of its own lists to its address
    /// book.
    pub async fn ajouter_au_carnet(
        &self,
        caller: &Caller,
        structure_id: Option<i64>,
        entree: NouvelleEntree,
    ) -> Result<i64, AppError> {
        let owner = Self::structure_agie(caller, structure_id)?;
        self.membre(caller, owner).await?;
        let id = match entree {
            NouvelleEntree::Structure(id) => {
                self.structures_nommables(caller, owner, "idDestinataire", &[id]).await?;
                self.store().add_carnet(owner, Some(id), None).await?
            }
            NouvelleEntree::Liste(id) => {
                match self.store().find_liste(id).await? {
                    Some(l) if l.structure_id == owner => {}
                    _ => return Err(liste_inconnue(id)),
                }
                self.store().add_carnet(owner, None, Some(id)).await?
            }
        };
        Ok(id)
    }

    pub async fn retirer_du_carnet(&self, caller: &Caller, id: i64) -> Result<(), AppError> {
        let absente = || {
            AppError::NotFound(format!("no address-book entry {id} of this account's structures"))
        };
        let entree = self.store().find_carnet(id).await?.ok_or_else(absente)?;
        self.membre(caller, entree.structure_id).await.map_err(|_| absente())?;
        Ok(self.store().delete_carnet(id).await?)
    }

    pub async fn carnet(
        &self,
        caller: &Caller,
        structure_id: Option<i64>,
    ) -> Result<Vec<EntreeCarnet>, AppError> {
        let owner = Self::structure_agie(caller, structure_id)?;
        self.membre(caller, owner).await?;
        Ok(self.store().carnet_of_structure(owner).await?)
    }
}
