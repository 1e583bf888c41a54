//! `/openapi.json`, generated from the registry the router is built from.

use axum::Json;
use axum::extract::State;
use serde_json::{Map, Value, json};

use crate::ApiState;
use crate::api::{OperationDoc, Verb};

pub async fn serve(State(state): State<ApiState>) -> Json<Value> {
    Json(document(&state.operations))
}

fn tag_of(path: &str) -> &str {
    path.split('/').nth(2).unwrap_or("facteur")
}

pub fn document(operations: &[OperationDoc]) -> Value {
    let mut paths = Map::new();
    for op in operations {
        let mut security = json!([{"oauth2": []}]);
        if op.needs_account {
            security = json!([{"oauth2": [], "cproAccount": []}]);
        }
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
        if op.verb == Verb::Post {
            operation["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": op.schema}}});
        }
        let verb = match op.verb {
            Verb::Get => "get",
            Verb::Post => "post",
        };
        paths.insert(op.path.to_owned(), json!({ verb: operation }));
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
