//! Chorus Pro's operations, one module per domain and one file per operation: from a path
//! to its code by names alone (`/cpro/transverses/v1/recuperer/devises` →
//! `api/transverses/recuperer_devises.rs`).

pub mod common;
pub mod engagements;
pub mod factures;
pub mod gateway;
pub mod gestion;
pub mod messages;
pub mod structures;
pub mod transverses;
pub mod utilisateurs;

use std::future::Future;
use std::sync::Arc;

use axum::Extension;
use axum::Router;
use axum::body::Body;
use axum::extract::{RawPathParams, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
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
    Put,
    Delete,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Post => "post",
            Self::Put => "put",
            Self::Delete => "delete",
        }
    }

    fn has_body(self) -> bool {
        matches!(self, Self::Post | Self::Put)
    }
}

/// Which account a call must name in `cpro-account`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// None: the connected application alone calls (health check, its own quotas).
    None,
    /// A technical account, as Chorus Pro's API requires.
    Technical,
    /// Any user, technical or a person: the project's own management API, which managers
    /// script.
    AnyUser,
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
    /// The path's parameters (`{idStructure}`…), by name.
    pub params: Vec<(String, String)>,
}

impl Ctx {
    /// The account the call names; operations that need one are only reached with it.
    pub fn caller(&self) -> Result<&Caller, ApiError> {
        self.caller.as_ref().ok_or_else(|| AppError::from(AuthFailure::AccountMissing).into())
    }

    /// A numeric path parameter; anything else is an unknown resource.
    pub fn id(&self, name: &str) -> Result<i64, ApiError> {
        self.param(name)?.parse().map_err(|_| {
            AppError::NotFound(format!("no resource [{}]", self.param(name).unwrap_or_default()))
                .into()
        })
    }

    pub fn param(&self, name: &str) -> Result<&str, ApiError> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| ApiError::UnknownPath(format!("{{{name}}}")))
    }
}

/// One operation of the API: its place, its request schema and its use case.
pub trait Operation: Send + Sync + 'static {
    const VERB: Verb = Verb::Post;
    const PATH: &'static str;
    /// Chorus Pro's operation name, used as the OpenAPI `operationId`.
    const ID: &'static str;
    const SUMMARY: &'static str;
    /// Which account the call must name in `cpro-account`.
    const ACCOUNT: Account = Account::Technical;
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
    pub account: Account,
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
                            params: RawPathParams,
                            headers: HeaderMap,
                            request_body: Body| {
            let validator = validator.clone();
            let schema = schema_for_handler.clone();
            let params = params.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
            async move {
                let call = Call { application, params, headers, body: request_body };
                run::<O>(state, call, &validator, &schema).await
            }
        };
        let method = match O::VERB {
            Verb::Get => get(handler),
            Verb::Post => post(handler),
            Verb::Put => put(handler),
            Verb::Delete => delete(handler),
        };
        self.router = self.router.route(O::PATH, method);
        self.docs.push(OperationDoc {
            verb: O::VERB,
            path: O::PATH,
            id: O::ID,
            summary: O::SUMMARY,
            account: O::ACCOUNT,
            schema,
        });
        Ok(self)
    }

    pub fn into_parts(self) -> (Router<ApiState>, Vec<OperationDoc>) {
        (self.router, self.docs)
    }
}

/// What a call brings besides the state.
struct Call {
    application: ClientApplication,
    params: Vec<(String, String)>,
    headers: HeaderMap,
    body: Body,
}

async fn run<O: Operation>(
    state: ApiState,
    call: Call,
    validator: &jsonschema::Validator,
    schema: &Value,
) -> Response {
    let outcome = async {
        let caller = match O::ACCOUNT {
            Account::None => None,
            Account::Technical | Account::AnyUser => {
                let header = call
                    .headers
                    .get("cpro-account")
                    .map(|v| v.to_str().map_err(|_| AppError::from(AuthFailure::AccountMalformed)))
                    .transpose()?;
                let caller = state.app.authenticate_account(header).await?;
                if O::ACCOUNT == Account::Technical && !caller.technique {
                    return Err(AppError::from(AuthFailure::AccountNotTechnical).into());
                }
                Some(caller)
            }
        };
        let request = if O::VERB.has_body() {
            body::read::<O::Request>(&call.headers, call.body, O::MAX_BODY, validator, schema)
                .await?
        } else {
            O::Request::default()
        };
        let ctx = Ctx {
            app: state.app.clone(),
            application: call.application,
            caller,
            params: call.params,
        };
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
    let registry = transverses::register(Registry::default())?;
    let registry = factures::register(registry)?;
    let registry = engagements::register(registry)?;
    let registry = structures::register(registry)?;
    let registry = utilisateurs::register(registry)?;
    let registry = gestion::register(registry)?;
    let registry = messages::register(registry)?;
    gateway::register(registry)
}
