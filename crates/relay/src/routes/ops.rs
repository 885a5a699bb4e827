//! Operations endpoints: health, Prometheus metrics and the OpenAPI description.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;

use super::AppState;
use crate::error::ApiError;

/// The hand-written OpenAPI 3 description of this API.
pub const OPENAPI: &str = include_str!("../../openapi.json");

/// 200 when the database answers, with the backend and its durability settings.
pub async fn healthz(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    state
        .store
        .inbox("00000000000000000000000000000000")
        .await?;
    let body = json!({
        "status": "ok",
        "backend": state.store.backend(),
        "durability": &*state.durability,
    });
    Ok((StatusCode::OK, Json(body)))
}

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state
            .metrics
            .render(state.wake.parked(), state.wake.waiting()),
    )
}

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
