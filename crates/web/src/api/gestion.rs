//! `/api/v1/…`: the project's own management API. The capabilities Chorus Pro moved from
//! its API to its portal in 2020 (structures' data, services, attachments, managers, spaces,
//! subscriptions, users), REST-style, behind the same gateway and envelope. The caller names
//! any account in `cpro-account`; the use cases enforce the managers' rules.

mod compte;
mod espaces;
mod rattachements;
mod sandbox;
mod services;
mod structures;
mod utilisateurs;

use serde::Serialize;

use super::Registry;

pub fn register(registry: Registry) -> Result<Registry, String> {
    let registry = structures::register(registry)?;
    let registry = services::register(registry)?;
    let registry = rattachements::register(registry)?;
    let registry = espaces::register(registry)?;
    let registry = compte::register(registry)?;
    let registry = sandbox::register(registry)?;
    utilisateurs::register(registry)
}

/// The answer of an operation that creates something: its id.
#[derive(Serialize)]
pub struct Cree {
    pub id: i64,
}

/// The answer of an operation that only acts.
#[derive(Serialize)]
pub struct Fait {}
