//! `sync --once` and `sync --follow`.

use std::time::Duration;

use quotla_core::sync::push::{LONG_POLL, MAX_BACKOFF, RECONCILE_EVERY};
use quotla_core::sync::{ApplyReport, SyncEngine, SyncMode};
use serde_json::json;

use crate::args::SyncArgs;
use crate::context::Context;
use crate::error::CliError;
use crate::print_json;

pub async fn run(cx: &mut Context, args: SyncArgs) -> Result<(), CliError> {
    let engine = cx.engine().await?;
    if args.follow {
        follow(engine).await
    } else {
        once(engine).await
    }
}

/// Drains the inbox without parking, then (when connected) checks the push path and
/// reconciles. Prints the counts. An unreachable relay does not stop a reconcile, which
/// then brings what the push path could not.
async fn once(engine: &SyncEngine) -> Result<(), CliError> {
    let has_inbox = engine.store().sync_state().await?.inbox_id.is_some();
    let connected = engine.status().await?.mode != SyncMode::Off;
    let (pushed, push_error) = if has_inbox {
        match engine.pull(Duration::ZERO, |_| {}).await {
            Ok(report) => (Some(report), None),
            Err(err) if connected => {
                eprintln!("warning: {err}");
                engine.record_error(&err).await;
                (None, Some(err.code().to_string()))
            }
            Err(err) => return Err(err.into()),
        }
    } else {
        (None, None)
    };
    let reconciled = if connected {
        Some(engine.check_and_reconcile(|_| {}).await.1?)
    } else {
        None
    };
    let applied = pushed.as_ref().map_or(0, |r| r.applied.len())
        + reconciled.as_ref().map_or(0, |r| r.applied.applied.len());
    print_json(&json!({
        "applied": applied,
        "pushed": pushed.as_ref().map(counts),
        "push_error": push_error,
        "reconciled": reconciled,
    }))
}

fn counts(report: &ApplyReport) -> serde_json::Value {
    json!({
        "applied": report.applied.len(),
        "skipped": report.skipped,
        "unchanged": report.unchanged,
    })
}

/// Applies events as they arrive, one JSON line per applied event, until interrupted.
/// Every five minutes (and after a failure) it checks the push path and reconciles.
async fn follow(engine: &SyncEngine) -> Result<(), CliError> {
    let mut polling = engine.store().sync_state().await?.inbox_id.is_none();
    let mut last_round: Option<tokio::time::Instant> = None;
    let mut backoff = Duration::from_secs(1);
    loop {
        if last_round.is_none_or(|t| t.elapsed() >= RECONCILE_EVERY) {
            last_round = Some(tokio::time::Instant::now());
            if engine.status().await?.mode != SyncMode::Off {
                let (live, reconciled) = engine.check_and_reconcile(|_| {}).await;
                polling = !live;
                match reconciled {
                    Ok(report) => print_applied(&report.applied),
                    Err(err) => eprintln!("warning: {err}"),
                }
            }
        }
        let step = async {
            if polling {
                tokio::time::sleep(RECONCILE_EVERY).await;
                Ok(ApplyReport::default())
            } else {
                engine.pull(LONG_POLL, print_applied).await
            }
        };
        tokio::select! {
            result = step => match result {
                Ok(_) => backoff = Duration::from_secs(1),
                Err(err) => {
                    eprintln!("warning: {err}");
                    engine.record_error(&err).await;
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    // A broken push path is checked again at once.
                    last_round = None;
                }
            },
            _ = tokio::signal::ctrl_c() => return Ok(()),
        }
    }
}

fn print_applied(report: &ApplyReport) {
    for applied in &report.applied {
        if let Err(err) = print_json(applied) {
            eprintln!("warning: {err}");
        }
    }
}
