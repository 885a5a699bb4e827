//! Webhook subscriptions: create (user scope), list, get, delete. No update, as in Calendly.
//! Each remembers its creator, whose URI every delivery to it carries as `created_by`.

use super::{created, no_content, paginate, ApiError, Caller, JsonBody, Params};
use crate::domain::WEBHOOK_EVENTS;
use crate::ids;
use crate::model::{Collection, Resource, WebhookSubscription};
use crate::seed::Plan;
use crate::state::{App, Store};
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/webhook_subscriptions", post(create).get(list))
        .route("/webhook_subscriptions/{uuid}", get(one).delete(remove))
}

#[derive(Deserialize)]
struct CreateSubscription {
    url: String,
    events: Vec<String>,
    organization: String,
    #[serde(default)]
    user: Option<String>,
    scope: String,
}

fn check_callback_url(raw: &str) -> Result<(), ApiError> {
    let bad = || ApiError::invalid(Some("url"), "must be an absolute http(s) URL");
    if raw.len() > 2048 {
        return Err(bad());
    }
    let url = url::Url::parse(raw).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(bad());
    }
    Ok(())
}

async fn create(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CreateSubscription>,
) -> Result<Response, ApiError> {
    caller.require("webhooks:write")?;
    check_callback_url(&body.url)?;
    if body.events.is_empty() {
        return Err(ApiError::invalid(
            Some("events"),
            "at least one event is required",
        ));
    }
    let mut events: Vec<String> = Vec::new();
    for e in &body.events {
        if !WEBHOOK_EVENTS.contains(&e.as_str()) {
            return Err(ApiError::invalid(
                Some("events"),
                "contains an unknown event",
            ));
        }
        if events.contains(e) {
            return Err(ApiError::invalid(
                Some("events"),
                "must not repeat an event",
            ));
        }
        events.push(e.clone());
    }
    let now = app.clock.now();
    let mut store = app.store();
    match body.scope.as_str() {
        "user" => {}
        "organization" => return Err(ApiError::forbidden("You do not have permission")),
        _ => {
            return Err(ApiError::invalid(
                Some("scope"),
                "must be user or organization",
            ))
        }
    }
    let org = store.org_of(&caller.user).unwrap_or_default().to_owned();
    if body.organization != org {
        return Err(ApiError::forbidden("You do not have permission"));
    }
    match body.user.as_deref() {
        None => {
            return Err(ApiError::invalid(
                Some("user"),
                "is required for user scope",
            ))
        }
        Some(u) if u != caller.user => {
            return Err(ApiError::forbidden("You do not have permission"))
        }
        Some(_) => {}
    }
    if store.plan == Plan::Free {
        return Err(ApiError::forbidden(
            "Please upgrade your Calendly account to Professional",
        ));
    }
    // Two subscriptions of one user (in one organization) cannot share a URL.
    if store.subscriptions.iter().any(|s| {
        s.callback_url == body.url
            && s.organization == org
            && s.user.as_deref() == Some(caller.user.as_str())
    }) {
        return Err(ApiError::conflict("Hook with this url already exists"));
    }
    let sub = WebhookSubscription {
        uri: format!("{}/webhook_subscriptions/{}", app.base_url, ids::uuid()),
        callback_url: body.url,
        created_at: now,
        updated_at: now,
        retry_started_at: None,
        state: "active".into(),
        events,
        scope: "user".into(),
        organization: org,
        user: Some(caller.user.clone()),
        creator: Some(caller.user.clone()),
    };
    store.subscriptions.push(sub.clone());
    Ok(created(Resource { resource: sub }))
}

async fn list(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    RawQuery(q): RawQuery,
) -> Result<Json<Collection<WebhookSubscription>>, ApiError> {
    caller.require("webhooks:read")?;
    let params = Params::from_query(q.as_deref());
    let org = params.require("organization")?;
    let scope = params.require("scope")?;
    let desc = params.sort("created_at", false)?;
    let items: Vec<WebhookSubscription> = {
        let store = app.store();
        if Some(org) != store.org_of(&caller.user) {
            return Err(ApiError::forbidden("You do not have permission"));
        }
        let of_org = store.subscriptions.iter().filter(|s| s.organization == org);
        match scope {
            "user" => {
                let user = params.require("user")?;
                if user != caller.user {
                    return Err(ApiError::forbidden("You do not have permission"));
                }
                of_org
                    .filter(|s| s.scope == "user" && s.user.as_deref() == Some(user))
                    .cloned()
                    .collect()
            }
            "organization" => of_org
                .filter(|s| s.scope == "organization")
                .cloned()
                .collect(),
            _ => {
                return Err(ApiError::invalid(
                    Some("scope"),
                    "must be user or organization",
                ))
            }
        }
    };
    let mut items = items;
    if desc {
        items.reverse();
    }
    Ok(Json(paginate(
        &app,
        "/webhook_subscriptions",
        &params,
        items,
    )?))
}

fn uri(app: &App, uuid: &str) -> String {
    format!("{}/webhook_subscriptions/{uuid}", app.base_url)
}

/// Whether the caller may see a subscription: their own, or one of their organization.
fn visible(store: &Store, caller: &Caller, sub: &WebhookSubscription) -> bool {
    sub.user.as_deref() == Some(caller.user.as_str())
        || store.org_of(&caller.user) == Some(sub.organization.as_str())
}

async fn one(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
) -> Result<Json<Resource<WebhookSubscription>>, ApiError> {
    caller.require("webhooks:read")?;
    let uri = uri(&app, &uuid);
    let store = app.store();
    let s = store
        .subscriptions
        .iter()
        .find(|s| s.uri == uri && visible(&store, &caller, s))
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(Resource {
        resource: s.clone(),
    }))
}

async fn remove(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    caller.require("webhooks:write")?;
    let uri = uri(&app, &uuid);
    let mut store = app.store();
    let pos = store
        .subscriptions
        .iter()
        .position(|s| s.uri == uri && visible(&store, &caller, s))
        .ok_or_else(ApiError::not_found)?;
    store.subscriptions.remove(pos);
    Ok(no_content())
}
