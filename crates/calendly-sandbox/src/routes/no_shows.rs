//! `POST /invitee_no_shows`, `GET` and `DELETE /invitee_no_shows/{uuid}`.

use super::{created, no_content, ApiError, Caller, JsonBody};
use crate::domain;
use crate::model::{InviteeNoShow, Resource};
use crate::state::{App, Store};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/invitee_no_shows", post(create))
        .route("/invitee_no_shows/{uuid}", get(one).delete(remove))
}

#[derive(Deserialize)]
struct CreateNoShow {
    invitee: String,
}

async fn create(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CreateNoShow>,
) -> Result<Response, ApiError> {
    caller.require("scheduled_events:write")?;
    let now = app.clock.now();
    let mut store = app.store();
    if !store
        .invitee_host(&body.invitee)
        .is_some_and(|h| caller.sees(&store, h))
    {
        return Err(ApiError::invalid(
            Some("invitee"),
            "is not an invitee of this account",
        ));
    }
    let (ns, hooks) = domain::mark_no_show(&mut store, &app.base_url, &body.invitee, now)?;
    domain::fire(&app, &mut store, hooks);
    Ok(created(Resource { resource: ns }))
}

fn uri(app: &App, uuid: &str) -> String {
    format!("{}/invitee_no_shows/{uuid}", app.base_url)
}

/// No-show `uri` if the caller may see its invitee; 404 otherwise.
fn visible<'a>(
    store: &'a Store,
    caller: &Caller,
    uri: &str,
) -> Result<&'a InviteeNoShow, ApiError> {
    store
        .no_shows
        .iter()
        .find(|n| n.uri == uri)
        .filter(|n| {
            store
                .invitee_host(&n.invitee)
                .is_some_and(|h| caller.sees(store, h))
        })
        .ok_or_else(ApiError::not_found)
}

async fn one(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
) -> Result<Json<Resource<InviteeNoShow>>, ApiError> {
    caller.require("scheduled_events:read")?;
    let uri = uri(&app, &uuid);
    let store = app.store();
    let ns = visible(&store, &caller, &uri)?;
    Ok(Json(Resource {
        resource: ns.clone(),
    }))
}

async fn remove(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    caller.require("scheduled_events:write")?;
    let uri = uri(&app, &uuid);
    let now = app.clock.now();
    let mut store = app.store();
    visible(&store, &caller, &uri)?;
    let hooks = domain::unmark_no_show(&mut store, &uri, now)?;
    domain::fire(&app, &mut store, hooks);
    Ok(no_content())
}
