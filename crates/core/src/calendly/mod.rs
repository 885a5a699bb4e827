//! The Calendly integration on the desktop: settings, connection attempts, tokens in the
//! keyring, and the account's facts in SQLite. HTTP stays inside the `calendly` crate.

pub mod account;
pub mod connection;
pub mod error;
pub mod flows;
pub mod settings;
pub mod tokens;
pub mod view;

pub use connection::CalendlyConnection;
pub use error::ConnectError;
