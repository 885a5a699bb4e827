//! The retention task: expires unacknowledged events and purges idle inboxes to tombstones.

use std::sync::Arc;

use tokio::sync::watch;

use crate::config::Config;
use crate::metrics::Metrics;
use crate::store::Store;

/// Runs one pass every `purge_interval` until shutdown.
pub async fn run(
    store: Store,
    config: Arc<Config>,
    metrics: Arc<Metrics>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        match store
            .purge(
                config.clock.now_millis(),
                config.event_retention,
                config.signature_tolerance,
                config.inbox_idle,
            )
            .await
        {
            Ok(report) => {
                Metrics::add(&metrics.expired, report.expired_events);
                Metrics::add(&metrics.inboxes_purged, report.purged_inboxes);
                if report.expired_events > 0 || report.purged_inboxes > 0 {
                    tracing::info!(
                        expired_events = report.expired_events,
                        purged_inboxes = report.purged_inboxes,
                        "retention pass"
                    );
                }
            }
            Err(error) => tracing::warn!(%error, "retention pass failed"),
        }
        tokio::select! {
            () = tokio::time::sleep(config.purge_interval) => {}
            _ = shutdown.wait_for(|down| *down) => return,
        }
    }
}
