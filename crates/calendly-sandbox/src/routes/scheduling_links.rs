//! `POST /scheduling_links`: a single-use booking URL served by the sandbox (`/d/{token}/…`).

use super::{created, ApiError, Caller, JsonBody};
use crate::ids;
use crate::model::{Resource, SchedulingLink};
use crate::state::{App, LinkRecord};
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use serde::Deserialize;
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/scheduling_links", post(create))
}

#[derive(Deserialize)]
struct CreateLink {
    max_event_count: serde_json::Value,
    owner: String,
    owner_type: String,
}

async fn create(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CreateLink>,
) -> Result<Response, ApiError> {
    caller.require("scheduling_links:write")?;
    if body.max_event_count.as_u64() != Some(1) {
        return Err(ApiError::invalid(Some("max_event_count"), "must be 1"));
    }
    if body.owner_type != "EventType" {
        return Err(ApiError::invalid(Some("owner_type"), "must be EventType"));
    }
    let mut store = app.store();
    let slug = match store
        .event_type(&body.owner)
        .filter(|et| caller.sees(&store, &et.owner))
    {
        Some(et) if et.model.active => et.model.slug.clone().unwrap_or_default(),
        Some(_) => return Err(ApiError::invalid(Some("owner"), "event type is not active")),
        None => return Err(ApiError::not_found()),
    };
    let token = ids::secret();
    let booking_url = format!("{}/d/{token}/{slug}", app.base_url);
    store.links.insert(
        token,
        LinkRecord {
            owner: body.owner.clone(),
            booking_url: booking_url.clone(),
            spent: false,
        },
    );
    Ok(created(Resource {
        resource: SchedulingLink {
            booking_url,
            owner: body.owner,
            owner_type: body.owner_type,
        },
    }))
}
