//! The `data-changed` event: tells every window which cached queries to refetch.

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{Emitter, Runtime};
use tauri_specta::Event;

/// A kind of data the UI caches; one TanStack Query key prefix each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    Clients,
    Quotes,
    Invoices,
    Activity,
    Settings,
    Dashboard,
    /// The Calendly connection (status, account, event types).
    Calendly,
}

impl Resource {
    /// Everything: after a restore nothing cached is valid.
    pub const ALL: [Resource; 7] = [
        Resource::Clients,
        Resource::Quotes,
        Resource::Invoices,
        Resource::Activity,
        Resource::Settings,
        Resource::Dashboard,
        Resource::Calendly,
    ];
}

/// Payload of the `data-changed` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct DataChanged {
    pub resources: Vec<Resource>,
}

/// Tells every window that `resources` changed. A failed emit is logged, not returned: the
/// change itself is already committed.
pub fn changed<R: Runtime>(app: &tauri::AppHandle<R>, resources: &[Resource]) {
    let payload = DataChanged {
        resources: resources.to_vec(),
    };
    if let Err(e) = app.emit(DataChanged::NAME, payload) {
        tracing::warn!(error = %e, "could not emit data-changed");
    }
}
