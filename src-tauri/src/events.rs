//! The `data-changed` event, which tells every window which cached queries to refetch, and
//! `sync-progress`, which shows how far a running reconcile is.

use quotla_core::sync::reconcile::ReconcileProgress;
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
    /// The Calendly connection (status, account, event types, sync).
    Calendly,
    /// Meetings synced from Calendly.
    Meetings,
}

impl Resource {
    /// Everything: after a restore nothing cached is valid.
    pub const ALL: [Resource; 8] = [
        Resource::Clients,
        Resource::Quotes,
        Resource::Invoices,
        Resource::Activity,
        Resource::Settings,
        Resource::Dashboard,
        Resource::Calendly,
        Resource::Meetings,
    ];
}

impl Resource {
    /// Every resource whose screens show `self`'s data, itself included: a client's page
    /// lists its quotes, invoices and timeline, documents show their client's name, the
    /// dashboard sums documents. The one table the UI's refetching follows.
    pub fn shown_in(self) -> &'static [Resource] {
        use Resource as R;
        match self {
            // Meetings show their client's name and their quote's or invoice's number, and
            // the dashboard's meeting measures count quotes by status.
            R::Clients => &[
                R::Clients,
                R::Quotes,
                R::Invoices,
                R::Activity,
                R::Dashboard,
                R::Meetings,
            ],
            // Numbering a quote or an invoice moves the next number the settings show.
            R::Quotes => &[
                R::Quotes,
                R::Clients,
                R::Activity,
                R::Dashboard,
                R::Meetings,
                R::Settings,
            ],
            R::Invoices => &[
                R::Invoices,
                R::Quotes,
                R::Clients,
                R::Activity,
                R::Dashboard,
                R::Meetings,
                R::Settings,
            ],
            R::Activity => &[R::Activity, R::Clients],
            R::Settings => &[R::Settings],
            R::Dashboard => &[R::Dashboard],
            R::Calendly => &[R::Calendly],
            // A meeting shows on its client's timeline and the sync line of the Calendly
            // card; its quote's or invoice's page, the dashboard's widget and measures read
            // the meetings themselves (documents carry no meeting data).
            R::Meetings => &[R::Meetings, R::Activity, R::Clients, R::Calendly],
        }
    }
}

/// Payload of the `data-changed` event: every resource to refetch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct DataChanged {
    pub resources: Vec<Resource>,
}

/// Payload of the `sync-progress` event: how far a running reconcile is, for "Sync now"
/// on a large account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct SyncProgress {
    pub events_to_fetch: u32,
    pub events_fetched: u32,
}

/// Tells every window how far a reconcile is; a failed emit only costs the display.
pub fn sync_progress<R: Runtime>(app: &tauri::AppHandle<R>, progress: ReconcileProgress) {
    let payload = SyncProgress {
        events_to_fetch: progress.events_to_fetch,
        events_fetched: progress.events_fetched,
    };
    if let Err(e) = app.emit(SyncProgress::NAME, payload) {
        tracing::debug!(error = %e, "could not emit sync-progress");
    }
}

/// Every resource to refetch after `resources` changed, each once, in table order.
pub fn affected(resources: &[Resource]) -> Vec<Resource> {
    let mut out: Vec<Resource> = Vec::new();
    for shown in resources.iter().flat_map(|r| r.shown_in()) {
        if !out.contains(shown) {
            out.push(*shown);
        }
    }
    out
}

/// Tells every window that `resources` changed, naming everything that shows them. A
/// failed emit is logged, not returned: the change itself is already committed.
pub fn changed<R: Runtime>(app: &tauri::AppHandle<R>, resources: &[Resource]) {
    let payload = DataChanged {
        resources: affected(resources),
    };
    if let Err(e) = app.emit(DataChanged::NAME, payload) {
        tracing::warn!(error = %e, "could not emit data-changed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_names_every_screen_that_shows_it_once() {
        assert_eq!(
            affected(&[Resource::Invoices, Resource::Quotes]),
            [
                Resource::Invoices,
                Resource::Quotes,
                Resource::Clients,
                Resource::Activity,
                Resource::Dashboard,
                Resource::Meetings,
                Resource::Settings
            ]
        );
        assert_eq!(affected(&[Resource::Settings]), [Resource::Settings]);
        let all = affected(&Resource::ALL);
        assert_eq!(all.len(), Resource::ALL.len());
        assert!(Resource::ALL.iter().all(|r| all.contains(r)));
    }

    #[test]
    fn every_resource_refetches_itself() {
        for r in Resource::ALL {
            assert!(r.shown_in().contains(&r), "{r:?}");
        }
    }
}
