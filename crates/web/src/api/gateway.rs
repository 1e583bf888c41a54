//! `/api/v1/gateway/…`: the project's own operations on the gateway, for the connected
//! application that calls them (PISTE shows the same in its console).

mod consommation;

use super::Registry;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry.add::<consommation::Consommation>()
}
