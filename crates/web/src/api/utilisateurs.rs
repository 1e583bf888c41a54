//! `/cpro/utilisateurs/v1/…`: the caller's own account.

mod mon_compte_recuperer_rattachements;

use super::Registry;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry.add::<mon_compte_recuperer_rattachements::MonCompteRecupererRattachements>()
}
