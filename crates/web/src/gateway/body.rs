//! Reading an operation's JSON body: content type, size, syntax, schema, then the typed
//! request, each failure in the envelope with its own status.

use axum::body::Body;
use axum::http::{HeaderMap, header};
use jsonschema::Validator;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::schema;
use crate::error::ApiError;

fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        // Some clients send no content type with their JSON: read it as JSON.
        return Ok(());
    };
    let text = value.to_str().unwrap_or_default();
    let essence = text.split(';').next().unwrap_or_default().trim();
    if essence.eq_ignore_ascii_case("application/json") || essence.is_empty() {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType(text.to_owned()))
    }
}

/// Reads and checks a body. An empty body, like `null`, stands for `{}`: clients send
/// either for operations without parameters.
pub async fn read<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    validator: &Validator,
    schema: &Value,
) -> Result<T, ApiError> {
    check_content_type(headers)?;
    let bytes =
        axum::body::to_bytes(body, limit).await.map_err(|_| ApiError::PayloadTooLarge(limit))?;
    let mut value: Value = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?
    };
    if value.is_null() {
        value = Value::Object(Default::default());
    }
    schema::check(validator, schema, &value).map_err(ApiError::Schema)?;
    serde_json::from_value(value).map_err(|e| ApiError::Schema(vec![format!("#: {e}")]))
}
