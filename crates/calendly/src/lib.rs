//! Calendly API v2 for Quotla.
//!
//! Quotla's Calendly integration is optional, and everything it knows about Calendly lives
//! here, apart from our database (that is `quotla-core`'s business):
//!
//! - [`oauth`]: connecting an account as a **native** OAuth app — authorize URL with PKCE
//!   (S256) and `state`, code exchange and refresh with the client id and no secret, and a
//!   [`oauth::TokenSet`] that records expiry and the scopes actually granted.
//! - [`client`]: [`CalendlyClient`], typed calls to the endpoints the product uses, cursor
//!   paging by `next_page_token`, Calendly's errors mapped to [`Error`], and bounded retries
//!   only where a retry cannot do a thing twice.
//! - [`model`] and [`webhook`]: tolerant types for what Calendly sends. Calendly's payloads
//!   vary with age and plan, and a strict parser would drop real bookings; so unknown fields
//!   are ignored, unknown enum values kept as `Other`, and old payload shapes accepted.
//! - [`signature`]: `Calendly-Webhook-Signature` signing and verification, used by the relay
//!   (which holds the signing key) and the sandbox.
//!
//! Every base URL is configurable: tests and the demo talk to `calendly-sandbox`, because
//! the real Calendly cannot be reached from where Quotla is built and tested.

#![warn(missing_docs)]

pub mod client;
mod error;
pub mod model;
pub mod oauth;
mod secret;
pub mod signature;
pub mod webhook;

pub use client::{CalendlyClient, ClientConfig, Paginator, RateLimitStatus, RetryPolicy};
pub use error::{ApiErrorBody, ApiErrorDetail, Error, ForbiddenReason};
pub use oauth::{OAuthClient, OAuthConfig, Scope, Scopes, TokenSet};
pub use secret::Secret;
pub use webhook::{WebhookBody, WebhookEvent};
