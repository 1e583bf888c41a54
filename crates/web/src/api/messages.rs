//! `/api/v1/messages/…`: "Mes messages", the project's own API (Chorus Pro has it in its
//! portal only). A structure writes to those it exchanged invoices with; its members read
//! its inbox and outbox and keep its distribution lists and address book. The caller names
//! any account in `cpro-account`; a technical account acts for its own structure unless
//! `idStructure` says otherwise.

mod boites;
mod carnet;
mod consulter;
mod envoyer;
mod listes;
mod messagerie;

use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};

use super::Registry;
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    let registry = envoyer::register(registry)?;
    let registry = boites::register(registry)?;
    let registry = consulter::register(registry)?;
    let registry = listes::register(registry)?;
    let registry = carnet::register(registry)?;
    messagerie::register(registry)
}

/// A list of ids, each a number or a string of digits (the schema checked them); `null`
/// means none.
pub fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    let values = Option::<Vec<Value>>::deserialize(d)?.unwrap_or_default();
    Ok(values
        .into_iter()
        .filter_map(|v| match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .collect())
}

/// The schema of a list of ids.
pub fn schema_ids(max_items: usize) -> Value {
    json!({"type": ["array", "null"], "items": schema::id(), "maxItems": max_items})
}

/// A text the domain refused, as a 400 naming the field.
fn invalide(e: impl std::fmt::Display) -> ApiError {
    facteur_app::AppError::invalid(e.to_string()).into()
}

/// `YYYY-MM-DDTHH:MM:SS+00:00`: messages are dated to the second.
fn horodatage(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}
