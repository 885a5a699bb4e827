//! `GET /users/me`, `GET /users/{uuid}` and the caller's organization.

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

/// The caller's current organization; another known one is 403, an unknown one 404.
async fn organization(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
) -> Result<Json<Resource<Organization>>, ApiError> {
    caller.require("organizations:read")?;
    let uri = format!("{}/organizations/{uuid}", app.base_url);
    let store = app.store();
    let org = store
        .organizations
        .iter()
        .find(|o| o.uri == uri)
        .ok_or_else(ApiError::not_found)?;
    if store.org_of(&caller.user) != Some(uri.as_str()) {
        return Err(ApiError::forbidden("You do not have permission"));
    }
    let (plan, stage) = match store.plan {
        Plan::Free => ("basic", "free"),
        Plan::Paid => ("professional", "paid"),
    };
    Ok(Json(Resource {
        resource: Organization {
            uri: org.uri.clone(),
            plan: plan.into(),
            stage: stage.into(),
            created_at: org.created_at,
            updated_at: org.updated_at,
        },
    }))
}

async fn me(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Resource<User>>, ApiError> {
    caller.require("users:read")?;
    let user = app
        .store()
        .user(&caller.user)
        .cloned()
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(Resource { resource: user }))
}

/// A user of the caller's organization; one elsewhere is 403, an unknown one 404.
async fn by_uuid(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(uuid): Path<String>,
) -> Result<Json<Resource<User>>, ApiError> {
    caller.require("users:read")?;
    let store = app.store();
    let user = store
        .users
        .iter()
        .find(|u| u.uuid == uuid)
        .map(|u| &u.model)
        .ok_or_else(ApiError::not_found)?;
    if !caller.sees(&store, &user.uri) {
        return Err(ApiError::forbidden("This user is not in your organization"));
    }
    Ok(Json(Resource {
        resource: user.clone(),
    }))
}
