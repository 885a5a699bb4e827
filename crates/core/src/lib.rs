//! Quotla's domain: clients, quotes, invoices, their rules and totals, and the local SQLite
//! store that keeps them. No Tauri and no HTTP here, so the desktop app, a CLI and tests all
//! share the same rules.

pub mod calendly;
pub mod clock;
pub mod csv;
pub mod currency;
pub mod dates;
pub mod deep_link;
pub mod error;
pub mod model;
pub mod notices;
pub mod profile;
pub mod search;
pub mod store;
pub mod sync;
pub mod totals;
pub mod transfer;
mod validate;
pub mod zone;

pub use error::{CoreError, ErrorCode, Result};
pub use store::Store;
