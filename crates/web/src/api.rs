//! Chorus Pro's operations, one module per domain and one file per operation: from a path
//! to its code by names alone (`/cpro/transverses/v1/recuperer/devises` →
//! `api/transverses/recuperer_devises.rs`).

pub mod gateway;
pub mod transverses;

use std::future::Future;
use std::sync::Arc;

use axum::Extension;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use facteur_app::{App, AppError, AuthFailure, Caller, ClientApplication};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::ApiState;
use crate::envelope::Envelope;
use crate::error::ApiError;
use crate::gateway::{body, schema};

/// Success message codes, as Chorus Pro's clients expect them in `libelle`.
pub const TRA_MSG_OK: &str = "TRA_MSG_00.000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
}

/// The body of operations without parameters: clients send `{}`, often with legacy keys.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Empty {}

/// What an operation knows when it runs: the application that called, and the technical
/// account it acts as.
pub struct Ctx {
    pub app: App,
    pub application: ClientApplication,
    pub caller: Option<Caller>,
}

/// One operation of the API: its place, its request schema and its use case.
pub trait Operation: Send + Sync + 'static {
    const VERB: Verb = Verb::Post;
    const PATH: &'static str;
    /// Chorus Pro's operation name, used as the OpenAPI `operationId`.
    const ID: &'static str;
    const SUMMARY: &'static str;
    /// Whether the call must name a technical account in `cpro-account`.
    const NEEDS_ACCOUNT: bool = true;
    const SUCCESS: &'static str = TRA_MSG_OK;
    /// Most bodies are small; deposits of files raise this.
    const MAX_BODY: usize = 1 << 20;

    type Request: DeserializeOwned + Default + Send;
    type Response: Serialize + Send;

    /// The JSON Schema of the body (ignored for `GET`).
    fn schema() -> Value {
        schema::object(serde_json::json!({}), &[])
    }

    fn handle(
        ctx: Ctx,
        request: Self::Request,
    ) -> impl Future<Output = Result<Self::Response, ApiError>> + Send;
}

/// An operation as the OpenAPI document describes it.
#[derive(Debug, Clone)]
pub struct OperationDoc {
    pub verb: Verb,
    pub path: &'static str,
    pub id: &'static str,
    pub summary: &'static str,
    pub needs_account: bool,
    pub schema: Value,
}

/// Builds the router and the list of what it serves from the same calls, so that the
/// OpenAPI document cannot forget an operation the router has.
#[derive(Default)]
pub struct Registry {
    router: Router<ApiState>,
    docs: Vec<OperationDoc>,
}

impl Registry {
    pub fn add<O: Operation>(mut self) -> Result<Self, String> {
        let schema = O::schema();
        let validator = Arc::new(schema::compile(&schema).map_err(|e| format!("{}: {e}", O::ID))?);
        let schema_for_handler = Arc::new(schema.clone());
        let handler = move |State(state): State<ApiState>,
                            Extension(application): Extension<ClientApplication>,
                            headers: HeaderMap,
                            request_body: Body| {
            let validator = validator.clone();
            let schema = schema_for_handler.clone();
            async move { run::<O>(state, application, headers, request_body, &validator, &schema).await }
        };
        self.router = match O::VERB {
            Verb::Get => self.router.route(O::PATH, get(handler)),
            Verb::Post => self.router.route(O::PATH, post(handler)),
        };
        self.docs.push(OperationDoc {
            verb: O::VERB,
            path: O::PATH,
            id: O::ID,
            summary: O::SUMMARY,
            needs_account: O::NEEDS_ACCOUNT,
            schema,
        });
        Ok(self)
    }

    pub fn into_parts(self) -> (Router<ApiState>, Vec<OperationDoc>) {
        (self.router, self.docs)
    }
}

async fn run<O: Operation>(
    state: ApiState,
    application: ClientApplication,
    headers: HeaderMap,
    request_body: Body,
    validator: &jsonschema::Validator,
    schema: &Value,
) -> Response {
    let outcome = async {
        let caller = if O::NEEDS_ACCOUNT {
            let header = headers
                .get("cpro-account")
                .map(|v| v.to_str().map_err(|_| AppError::from(AuthFailure::AccountMalformed)))
                .transpose()?;
            Some(state.app.authenticate_account(header).await?)
        } else {
            None
        };
        let request = match O::VERB {
            Verb::Get => O::Request::default(),
            Verb::Post => {
                body::read::<O::Request>(&headers, request_body, O::MAX_BODY, validator, schema)
                    .await?
            }
        };
        let ctx = Ctx { app: state.app.clone(), application, caller };
        O::handle(ctx, request).await
    }
    .await;
    match outcome {
        Ok(response) => axum::Json(Envelope::ok(O::SUCCESS, response)).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Every operation of the API, in the order the OpenAPI document lists them.
pub fn registry() -> Result<Registry, String> {
    gateway::register(transverses::register(Registry::default())?)
}
