//! `GET /users/me`, `GET /users/{uuid}`.

use super::{ApiError, Caller};
use crate::model::{Resource, User};
use crate::state::App;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Extension, Json, Router};
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/users/me", get(me))
        .route("/users/{uuid}", get(by_uuid))
}

async fn me(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Resource<User>>, ApiError> {
    caller.require("users:read")?;
    let user = app.store().user.clone();
    Ok(Json(Resource { resource: user }))
}

async fn by_uuid(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
) -> Result<Json<Resource<User>>, ApiError> {
    caller.require("users:read")?;
    let store = app.store();
    if uuid != store.user_uuid {
        return Err(ApiError::not_found());
    }
    Ok(Json(Resource {
        resource: store.user.clone(),
    }))
}
