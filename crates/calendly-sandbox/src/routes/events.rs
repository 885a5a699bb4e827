//! Scheduled events: list with filters, one event, its invitees, and cancellation.

use super::{check_owner, created, paginate, ApiError, Caller, Params, RawBody};
use crate::domain::{self, Canceler};
use crate::model::{Cancellation, Collection, Event, Invitee, Resource};
use crate::state::{self, App, Store};
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/scheduled_events", get(list))
        .route("/scheduled_events/{uuid}", get(one))
        .route("/scheduled_events/{uuid}/invitees", get(invitees))
        .route("/scheduled_events/{uuid}/invitees/{invitee}", get(invitee))
        .route("/scheduled_events/{uuid}/cancellation", post(cancel))
}

fn status_param(params: &Params) -> Result<Option<&str>, ApiError> {
    match params.get("status")? {
        None => Ok(None),
        Some(s @ ("active" | "canceled")) => Ok(Some(s)),
        Some(_) => Err(ApiError::invalid(
            Some("status"),
            "must be active or canceled",
        )),
    }
}

async fn list(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    RawQuery(q): RawQuery,
) -> Result<Json<Collection<Event>>, ApiError> {
    caller.require("scheduled_events:read")?;
    let params = Params::from_query(q.as_deref());
    let status = status_param(&params)?;
    let min = params.time("min_start_time")?;
    let max = params.time("max_start_time")?;
    let email = params.get("invitee_email")?.map(str::to_lowercase);
    let desc = params.sort("start_time", false)?;
    let mut items: Vec<Event> = {
        let store = app.store();
        let owner = check_owner(&store, &caller, &params)?;
        store
            .events
            .iter()
            .filter(|e| owner.includes(&store, state::host(e)))
            .filter(|e| status.is_none_or(|s| e.status == s))
            .filter(|e| min.is_none_or(|m| e.start_time >= m))
            .filter(|e| max.is_none_or(|m| e.start_time < m))
            .filter(|e| {
                email.as_deref().is_none_or(|m| {
                    store
                        .invitees
                        .iter()
                        .any(|i| i.event == e.uri && i.email.to_lowercase() == m)
                })
            })
            .cloned()
            .collect()
    };
    items.sort_by(|a, b| a.start_time.cmp(&b.start_time).then(a.uri.cmp(&b.uri)));
    if desc {
        items.reverse();
    }
    Ok(Json(paginate(&app, "/scheduled_events", &params, items)?))
}

fn event_uri(app: &App, uuid: &str) -> String {
    format!("{}/scheduled_events/{uuid}", app.base_url)
}

/// The index of event `uri` if the caller may see it; 404 otherwise, as for a stranger's.
fn visible_event(store: &Store, caller: &Caller, uri: &str) -> Result<usize, ApiError> {
    store
        .event_index(uri)
        .filter(|&e| caller.sees(store, state::host(&store.events[e])))
        .ok_or_else(ApiError::not_found)
}

async fn one(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
) -> Result<Json<Resource<Event>>, ApiError> {
    caller.require("scheduled_events:read")?;
    let uri = event_uri(&app, &uuid);
    let store = app.store();
    let e = visible_event(&store, &caller, &uri)?;
    Ok(Json(Resource {
        resource: store.events[e].clone(),
    }))
}

async fn invitees(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<Collection<Invitee>>, ApiError> {
    caller.require("scheduled_events:read")?;
    let params = Params::from_query(q.as_deref());
    let status = status_param(&params)?;
    let email = params.get("email")?.map(str::to_lowercase);
    let desc = params.sort("created_at", false)?;
    let uri = event_uri(&app, &uuid);
    let mut items: Vec<Invitee> = {
        let store = app.store();
        visible_event(&store, &caller, &uri)?;
        store
            .invitees
            .iter()
            .filter(|i| i.event == uri)
            .filter(|i| status.is_none_or(|s| i.status == s))
            .filter(|i| email.as_deref().is_none_or(|m| i.email.to_lowercase() == m))
            .cloned()
            .collect()
    };
    if desc {
        items.reverse();
    }
    let path = format!("/scheduled_events/{uuid}/invitees");
    Ok(Json(paginate(&app, &path, &params, items)?))
}

async fn invitee(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path((uuid, invitee)): Path<(String, String)>,
) -> Result<Json<Resource<Invitee>>, ApiError> {
    caller.require("scheduled_events:read")?;
    let event = event_uri(&app, &uuid);
    let uri = format!("{event}/invitees/{invitee}");
    let store = app.store();
    visible_event(&store, &caller, &event)?;
    let i = store.invitee_index(&uri).ok_or_else(ApiError::not_found)?;
    Ok(Json(Resource {
        resource: store.invitees[i].clone(),
    }))
}

#[derive(Deserialize, Default)]
struct CancelBody {
    #[serde(default)]
    reason: Option<String>,
}

async fn cancel(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
    RawBody(body): RawBody,
) -> Result<Response, ApiError> {
    caller.require("scheduled_events:write")?;
    // The body is optional, as in Calendly's description.
    let body: CancelBody = if body.is_empty() {
        CancelBody::default()
    } else {
        super::parse_json(&body)?
    };
    let uri = event_uri(&app, &uuid);
    let now = app.clock.now();
    let mut store = app.store();
    visible_event(&store, &caller, &uri)?;
    let (c, hooks): (Cancellation, _) =
        domain::cancel_event(&mut store, &uri, Canceler::Host, body.reason, now)?;
    domain::fire(&app, &mut store, hooks);
    Ok(created(Resource { resource: c }))
}
