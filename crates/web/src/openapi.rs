//! `/openapi.json`, generated from the registry the router is built from.

use axum::Json;
use axum::extract::State;
use serde_json::{Map, Value, json};

use crate::ApiState;
use crate::api::{Account, OperationDoc, Verb};

pub async fn serve(State(state): State<ApiState>) -> Json<Value> {
    Json(document(&state.operations))
}

fn tag_of(path: &str) -> &str {
    path.split('/').nth(2).unwrap_or("facteur")
}

pub fn document(operations: &[OperationDoc]) -> Value {
    let mut paths = Map::new();
    for op in operations {
        let security = match op.account {
            Account::None => json!([{"oauth2": []}]),
            Account::Technical | Account::AnyUser => json!([{"oauth2": [], "cproAccount": []}]),
        };
        let mut operation = json!({
            "operationId": op.id,
            "summary": op.summary,
            "tags": [tag_of(op.path)],
            "security": security,
            "responses": {
                "200": {"description": "Success: `codeRetour` 0 and the operation's fields",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}},
                "400": {"$ref": "#/components/responses/Error"},
                "401": {"$ref": "#/components/responses/Error"},
                "429": {"$ref": "#/components/responses/Error"},
            }
        });
        if matches!(op.verb, Verb::Post | Verb::Put) {
            operation["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": op.schema}}});
        }
        let parameters: Vec<Value> = op
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        if !parameters.is_empty() {
            operation["parameters"] = Value::Array(parameters);
        }
        let item = paths.entry(op.path.to_owned()).or_insert_with(|| json!({}));
        item[op.verb.as_str()] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "facteur",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Chorus Pro's API, served by facteur. Obtain a token at /api/oauth/token (OAuth2 client credentials), then call the operations with `Authorization: Bearer …` and `cpro-account: base64(login:password)` of a technical account."
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "oauth2": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/api/oauth/token", "scopes": {"openid": "the API"}}}},
                "cproAccount": {"type": "apiKey", "in": "header", "name": "cpro-account"}
            },
            "schemas": {
                "Envelope": {
                    "type": "object",
                    "required": ["codeRetour", "libelle"],
                    "properties": {"codeRetour": {"type": "integer"}, "libelle": {"type": "string"}}
                }
            },
            "responses": {
                "Error": {"description": "Refused: `codeRetour` is the HTTP status and `libelle` says why",
                          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}
            }
        }
    })
}
