//! Request schemas: each operation's body is checked against a JSON Schema before it is
//! read, and every violation is reported in the platform's words:
//! `#/periodeDateDepotDu: [20-10-02] is not a valid date. Expected [YYYY-MM-DD]`.
//!
//! The building blocks accept what real clients send for "no value" (absent, `null`, `""`)
//! and the spellings they use (booleans as strings, ids as numeric strings, three date
//! forms), so that leniency is decided here once and not in every operation.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::{Value, json};

/// A custom format: its name, its check, and how messages describe it.
struct Format {
    name: &'static str,
    check: fn(&str) -> bool,
    noun: &'static str,
    expected: &'static str,
}

const FORMATS: &[Format] = &[
    Format { name: "date", check: is_date, noun: "date", expected: "YYYY-MM-DD" },
    Format { name: "digits", check: is_digits, noun: "number", expected: "an integer" },
];

fn format_named(name: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|f| f.name == name)
}

/// `YYYY-MM-DD`, with an optional time `THH:MM:SS` and optional fraction and zone; empty
/// means no value.
fn is_date(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let (date, rest) = s.split_at(s.len().min(10));
    if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() || date.len() != 10 {
        return false;
    }
    match rest.strip_prefix('T').or_else(|| rest.strip_prefix(' ')) {
        None => rest.is_empty(),
        Some(time) => {
            chrono::DateTime::parse_from_rfc3339(&format!("{date}T{time}")).is_ok()
                || chrono::NaiveTime::parse_from_str(time, "%H:%M:%S%.f").is_ok()
                || chrono::NaiveTime::parse_from_str(time, "%H:%M").is_ok()
        }
    }
}

fn is_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// Compiles an operation's schema with the platform's formats.
pub fn compile(schema: &Value) -> Result<Validator, String> {
    FORMATS
        .iter()
        .fold(jsonschema::options().should_validate_formats(true), |options, f| {
            options.with_format(f.name, f.check)
        })
        .build(schema)
        .map_err(|e| format!("invalid schema: {e}"))
}

/// Checks a body; `Err` holds every violation, described, one per field (a field of the
/// wrong type also breaks its enum or format: the first says enough).
pub fn check(validator: &Validator, schema: &Value, body: &Value) -> Result<(), Vec<String>> {
    let mut errors: Vec<String> = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    for error in validator.iter_errors(body) {
        let message = describe(&error, schema);
        let field = message.split(": ").next().unwrap_or_default().to_owned();
        if !fields.contains(&field) {
            fields.push(field);
            errors.push(message);
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

fn describe(error: &ValidationError<'_>, root: &Value) -> String {
    let path = format!("#{}", error.instance_path().as_str());
    let value = shown(error.instance());
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            // The schema of the missing property says what was expected.
            let parent = error.schema_path().as_str().trim_end_matches("/required");
            let expected = root
                .pointer(parent)
                .and_then(|s| s.pointer(&format!("/properties/{name}")))
                .map_or_else(|| "a value".to_owned(), expected_of);
            format!("{path}/{name}: [] is missing. Expected [{expected}]")
        }
        ValidationErrorKind::Format { format } => {
            let (noun, expected) = format_named(format)
                .map_or((format.as_str(), format.as_str()), |f| (f.noun, f.expected));
            format!("{path}: [{value}] is not a valid {noun}. Expected [{expected}]")
        }
        ValidationErrorKind::Type { kind } => {
            format!("{path}: [{value}] has the wrong type. Expected [{}]", type_names(kind))
        }
        ValidationErrorKind::Enum { options } => {
            format!(
                "{path}: [{value}] is not an allowed value. Expected [{}]",
                enum_values(options)
            )
        }
        ValidationErrorKind::MaxLength { limit } => {
            format!("{path}: [{value}] is too long. Expected [at most {limit} characters]")
        }
        ValidationErrorKind::MinLength { limit } => {
            format!("{path}: [{value}] is too short. Expected [at least {limit} characters]")
        }
        ValidationErrorKind::Minimum { limit } => {
            format!("{path}: [{value}] is too small. Expected [at least {limit}]")
        }
        ValidationErrorKind::Maximum { limit } => {
            format!("{path}: [{value}] is too large. Expected [at most {limit}]")
        }
        ValidationErrorKind::MaxItems { limit } => {
            format!("{path}: has too many items. Expected [at most {limit}]")
        }
        _ => format!("{path}: [{value}] {error}"),
    }
}

/// A value as the message shows it: strings without their quotes, as in `[20-10-02]`.
fn shown(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    // A hostile body must not make a hostile answer: cut long values.
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn type_names(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => t.to_string(),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| t.to_string())
            .filter(|t| t != "null")
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// The allowed values, without the spellings of "no value" that every field accepts; a
/// long list is cut, with its length.
fn enum_values(options: &Value) -> String {
    const SHOWN: usize = 12;
    let values: Vec<String> = options
        .as_array()
        .map(|values| {
            values.iter().filter(|v| !v.is_null() && v.as_str() != Some("")).map(shown).collect()
        })
        .unwrap_or_default();
    if values.len() <= SHOWN {
        return values.join(", ");
    }
    format!("{}, … ({} values)", values[..SHOWN].join(", "), values.len())
}

fn expected_of(schema: &Value) -> String {
    if let Some(format) = schema.get("format").and_then(Value::as_str).and_then(format_named) {
        return format.expected.to_owned();
    }
    if let Some(options) = schema.get("enum") {
        return enum_values(options);
    }
    match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "a value".to_owned(),
    }
}

// The building blocks operations write their schemas with.

/// An object of named properties; unknown properties are allowed, since clients send
/// legacy keys.
pub fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required})
}

/// A date: `YYYY-MM-DD`, optionally with a time and zone.
pub fn date() -> Value {
    json!({"type": ["string", "null"], "format": "date"})
}

/// A free text of bounded length.
pub fn text(max_length: u32) -> Value {
    json!({"type": ["string", "null"], "maxLength": max_length})
}

/// One of a list of codes, or no value.
pub fn code(values: &[&str]) -> Value {
    let mut all: Vec<Value> = values.iter().map(|v| json!(v)).collect();
    all.extend([json!(""), Value::Null]);
    json!({"type": ["string", "null"], "enum": all})
}

/// An id: an integer, or a string of digits.
pub fn id() -> Value {
    json!({"type": ["integer", "string", "null"], "format": "digits", "minimum": 0})
}

/// A boolean, also as the strings `"true"`, `"false"` and `""`.
pub fn boolean() -> Value {
    json!({"type": ["boolean", "string", "null"], "enum": [true, false, "true", "false", "", null]})
}

/// `codeLangue`.
pub fn code_langue() -> Value {
    code(&facteur_domain::CodeLangue::CODES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(schema: &Value, body: Value) -> Vec<String> {
        let validator = compile(schema).unwrap();
        check(&validator, schema, &body).err().unwrap_or_default()
    }

    #[test]
    fn the_operator_example_word_for_word() {
        let schema = object(json!({"periodeDateDepotDu": date()}), &[]);
        assert_eq!(
            errors(&schema, json!({"periodeDateDepotDu": "20-10-02"})),
            ["#/periodeDateDepotDu: [20-10-02] is not a valid date. Expected [YYYY-MM-DD]"]
        );
    }

    #[test]
    fn every_violation_in_one_answer() {
        let schema = object(
            json!({
                "periodeDateDepotDu": date(),
                "codeLangue": code_langue(),
                "idFacture": id(),
                "avecSignature": boolean(),
            }),
            &["idFacture"],
        );
        let found = errors(
            &schema,
            json!({"periodeDateDepotDu": "2024-13-01", "codeLangue": "DE", "avecSignature": [1]}),
        );
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found.contains(
            &"#/codeLangue: [DE] is not an allowed value. Expected [FR, EN, fr, en]".to_owned()
        ));
        assert!(
            found.contains(&"#/idFacture: [] is missing. Expected [an integer]".to_owned()),
            "{found:?}"
        );
        assert!(found.iter().any(|e| e.starts_with("#/avecSignature: [[1]] has the wrong type")));
    }

    #[test]
    fn what_clients_send_for_no_value_passes() {
        let schema = object(
            json!({"d": date(), "c": code_langue(), "i": id(), "b": boolean(), "t": text(5)}),
            &[],
        );
        assert!(errors(&schema, json!({"d": "", "c": "", "i": "", "b": "", "t": null})).is_empty());
        assert!(errors(&schema, json!({"d": null, "c": null, "i": 0, "b": "false"})).is_empty());
        assert!(errors(&schema, json!({"unknown": {"legacy": true}})).is_empty());
    }

    #[test]
    fn dates_in_the_three_forms_clients_use() {
        for ok in [
            "2023-01-31",
            "2023-01-31T23:59:59",
            "2023-01-31T00:00:00Z",
            "2018-02-16T15:10:25.536+01:00",
        ] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in ["20-10-02", "2023-02-30", "2023-01-31T25:00:00", "2023-01-31X", "31/01/2023"] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn ids_as_numbers_or_digit_strings() {
        let schema = object(json!({"i": id()}), &[]);
        assert!(errors(&schema, json!({"i": "12345678901234"})).is_empty());
        assert_eq!(
            errors(&schema, json!({"i": "12a"})),
            ["#/i: [12a] is not a valid number. Expected [an integer]"]
        );
        assert_eq!(errors(&schema, json!({"i": -1})).len(), 1);
    }
}
