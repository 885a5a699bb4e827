//! The Calendly integration's adapters: its IPC commands, the `quotla://`
//! callback handling, the browser launcher, and user-facing notices.

pub mod browser;
pub mod commands;
pub mod deep_links;
pub mod notices;
