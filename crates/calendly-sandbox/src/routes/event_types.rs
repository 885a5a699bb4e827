//! `GET /event_types`, `GET /event_types/{uuid}`.

use super::{check_owner, paginate, ApiError, Caller, Params};
use crate::model::{Collection, EventType, Resource};
use crate::state::App;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Extension, Json, Router};
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/event_types", get(list))
        .route("/event_types/{uuid}", get(one))
}

async fn list(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    RawQuery(q): RawQuery,
) -> Result<Json<Collection<EventType>>, ApiError> {
    caller.require("event_types:read")?;
    let params = Params::from_query(q.as_deref());
    let active = params.bool("active")?;
    let mut items: Vec<EventType> = {
        let store = app.store();
        let owner = check_owner(&store, &caller, &params)?;
        store
            .event_types
            .iter()
            .filter(|e| owner.includes(&store, &e.owner))
            .map(|e| e.model.clone())
            .filter(|e| active.is_none_or(|a| e.active == a))
            .collect()
    };
    let desc = match params.get("sort")? {
        None | Some("name:asc") => false,
        Some("name:desc") => true,
        Some(_) => {
            return Err(ApiError::invalid(
                Some("sort"),
                "must be name:asc or name:desc",
            ))
        }
    };
    items.sort_by(|a, b| a.name.cmp(&b.name));
    if desc {
        items.reverse();
    }
    Ok(Json(paginate(&app, "/event_types", &params, items)?))
}

async fn one(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
) -> Result<Json<Resource<EventType>>, ApiError> {
    caller.require("event_types:read")?;
    let store = app.store();
    let et = store
        .event_types
        .iter()
        .find(|e| e.uuid == uuid && caller.sees(&store, &e.owner))
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(Resource {
        resource: et.model.clone(),
    }))
}
