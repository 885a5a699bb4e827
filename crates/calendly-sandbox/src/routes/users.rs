//! `GET /users/me`, `GET /users/{uuid}` and the user's organization.

use super::{ApiError, Caller};
use crate::model::{Organization, Resource, User};
use crate::seed::Plan;
use crate::state::App;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Extension, Json, Router};
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/users/me", get(me))
        .route("/users/{uuid}", get(by_uuid))
        .route("/organizations/{uuid}", get(organization))
}

async fn organization(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
) -> Result<Json<Resource<Organization>>, ApiError> {
    caller.require("organizations:read")?;
    let store = app.store();
    if store.org_uri != format!("{}/organizations/{uuid}", app.base_url) {
        return Err(ApiError::not_found());
    }
    let (plan, stage) = match store.plan {
        Plan::Free => ("basic", "free"),
        Plan::Paid => ("professional", "paid"),
    };
    Ok(Json(Resource {
        resource: Organization {
            uri: store.org_uri.clone(),
            plan: plan.into(),
            stage: stage.into(),
            created_at: store.user.created_at,
            updated_at: store.user.updated_at,
        },
    }))
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
