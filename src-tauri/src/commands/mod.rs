//! The IPC commands: each parses its input, calls core, maps the error and announces what
//! changed. No business rules here.

pub mod clients;
pub mod dashboard;
pub mod documents;
pub mod external;
pub mod invoices;
pub mod meetings;
pub mod quotes;
pub mod settings;
pub mod startup;
pub mod totals;
