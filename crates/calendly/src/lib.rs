//! Calendly API v2 for Quotla: OAuth with PKCE for a native client, the REST endpoints the
//! product uses, tolerant webhook types and the webhook signature scheme.

pub mod signature;
