//! Pieces of request and answer that many operations share: the lenient readings of what
//! clients send, pagination, structure references.

use std::str::FromStr;

use facteur_domain::pagination::Page;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};

use crate::gateway::schema;

/// An id sent as a number or a string of digits; `0`, `""` and `null` mean none.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().filter(|i| *i > 0),
        Value::String(s) => s.trim().parse().ok().filter(|i: &i64| *i > 0),
        _ => None,
    })
}

/// A boolean sent as such or as `"true"`/`"false"`; `""` and `null` mean none.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    })
}

/// A text where `""` (or spaces) and `null` mean none.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// A list where `null` means an empty one (clients send either).
pub fn nullable<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// The pagination object, under whichever key an operation names it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    #[serde(default, deserialize_with = "opt_id")]
    nb_resultats_par_page: Option<i64>,
    /// Older clients' name for the page size.
    #[serde(default, deserialize_with = "opt_id")]
    nb_resultats_maximum: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    page_resultat_demandee: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    pub tri_colonne: Option<String>,
    /// go-choruspro spells it `triSense`, with a trailing space in its values.
    #[serde(default, alias = "triSense", deserialize_with = "opt_text")]
    tri_sens: Option<String>,
}

impl Pagination {
    pub fn page(&self) -> Page {
        Page::new(
            self.nb_resultats_par_page.or(self.nb_resultats_maximum),
            self.page_resultat_demandee,
            self.tri_sens.as_deref(),
        )
    }

    /// The schema of a pagination object whose sort columns are `columns`.
    pub fn schema(columns: &[&str]) -> Value {
        schema::object(
            json!({
                "nbResultatsParPage": schema::id(),
                "nbResultatsMaximum": schema::id(),
                "pageResultatDemandee": schema::id(),
                "triColonne": schema::code(columns),
                "triSens": schema::code(&["Ascendant", "Descendant", "Ascendant ", "Descendant "]),
                "triSense": schema::code(&["Ascendant", "Descendant", "Ascendant ", "Descendant "]),
            }),
            &[],
        )
    }
}

/// How a request names a structure: by id, else by identifier (a SIRET unless the type says
/// otherwise), else the caller's own structure.
pub fn structure_ref(
    id: Option<i64>,
    identifiant: Option<String>,
    type_identifiant: Option<String>,
    caller: &facteur_app::Caller,
) -> facteur_app::annuaire::StructureRef {
    use facteur_app::annuaire::StructureRef;
    match (id, identifiant) {
        (Some(id), _) => StructureRef::Id(id),
        (None, Some(identifiant)) => StructureRef::Identifiant(
            type_identifiant
                .and_then(|t| t.parse().ok())
                .unwrap_or(facteur_domain::TypeIdentifiant::Siret),
            identifiant,
        ),
        (None, None) => StructureRef::Id(caller.structure_id.unwrap_or_default()),
    }
}

/// The day of a date the schema checked (`YYYY-MM-DD`, perhaps with a time): its first ten
/// characters.
pub fn jour(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// A service's validity date, written as service dates travel: `YYYY-MM-DD HH:MM`.
pub fn date_service(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| format!("{d} 00:00"))
}

/// `YYYY-MM-DD HH:MM`, the format of service and history dates.
pub fn date_heure(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&chrono_tz::Europe::Paris).format("%Y-%m-%d %H:%M").to_string()
}

/// `ACTIVE` or `INACTIVE`, as answers write a structure's status.
pub fn statut(actif: bool) -> &'static str {
    if actif { "ACTIVE" } else { "INACTIVE" }
}

/// Reads an amount sent as a number or a string; `None` when absent or empty.
pub fn decimal(field: &str, value: &Value, errors: &mut Vec<String>) -> Option<Decimal> {
    let text = match value {
        Value::Null => return None,
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => s.trim().replace(',', "."),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    };
    match Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text)) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(format!(
                "#/{field}: [{text}] is not a valid amount. Expected [a decimal number]"
            ));
            None
        }
    }
}
