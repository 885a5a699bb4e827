//! API errors: a status code plus `{"error": code, "message"}`, never echoing input.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::store::StoreError;

/// Every way a request can fail.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such inbox")]
    NotFound,
    #[error("this inbox was deleted")]
    Gone,
    #[error("missing or invalid credentials")]
    Unauthorized,
    #[error("missing or invalid webhook signature")]
    BadSignature,
    #[error("webhook signature timestamp outside the accepted window")]
    StaleSignature,
    #[error("request body too large")]
    TooLarge,
    #[error("{0}")]
    BadRequest(&'static str),
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("too many requests")]
    RateLimited(Duration),
    #[error("too many long polls parked on this inbox")]
    TooManyPolls,
    #[error("{0} is not configured on this relay")]
    NotConfigured(&'static str),
    #[error("Calendly did not answer as expected")]
    Upstream,
    #[error("storage unavailable, retry later")]
    Unavailable,
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Gone => StatusCode::GONE,
            ApiError::Unauthorized | ApiError::BadSignature | ApiError::StaleSignature => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::RateLimited(_) | ApiError::TooManyPolls => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotConfigured(_) | ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Upstream => StatusCode::BAD_GATEWAY,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound => "not_found",
            ApiError::Gone => "gone",
            ApiError::Unauthorized => "unauthorized",
            ApiError::BadSignature => "bad_signature",
            ApiError::StaleSignature => "stale_signature",
            ApiError::TooLarge => "too_large",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::RateLimited(_) => "rate_limited",
            ApiError::TooManyPolls => "too_many_polls",
            ApiError::NotConfigured(_) => "not_configured",
            ApiError::Upstream => "upstream",
            ApiError::Unavailable => "unavailable",
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "storage error");
        ApiError::Unavailable
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({ "error": self.code(), "message": self.to_string() }));
        let mut response = (self.status(), body).into_response();
        let retry_after = match self {
            ApiError::RateLimited(wait) => Some(wait.as_secs() + 1),
            ApiError::TooManyPolls | ApiError::Unavailable => Some(1),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if matches!(self, ApiError::Unauthorized) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"quotla-relay\""),
            );
        }
        response
    }
}
