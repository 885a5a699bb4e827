//! Meetings synced from Calendly. Reading and linking them works offline, on this device's
//! copy; only what Calendly must do (cancel, no-show, booking links) needs the connection.

use quotla_core::calendly::ConnectError;
use quotla_core::dates::format_date;
use quotla_core::model::{
    CalendarEntry, Id, Meeting, MeetingDetail, MeetingFilter, MeetingMeasures, Page, PageRequest,
};
use quotla_core::store::SyncLogEntry;
use quotla_core::sync::actions::{BookingLink, LinkFor};
use quotla_core::CoreError;
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::events::{changed, Resource};
use crate::state::AppState;

/// How many sync log entries Settings shows.
const SYNC_LOG_SHOWN: i64 = 50;

/// Meetings matching the filter, by start time.
#[tauri::command]
#[specta::specta]
pub async fn list_meetings(
    state: State<'_, AppState>,
    filter: MeetingFilter,
) -> Result<Vec<Meeting>, AppError> {
    Ok(state.store().await.meetings(&filter).await?)
}

/// One page of the meetings matching the filter: oldest first (what comes next) or newest
/// first (the history).
#[tauri::command]
#[specta::specta]
pub async fn list_meeting_page(
    state: State<'_, AppState>,
    filter: MeetingFilter,
    page: PageRequest,
    newest_first: bool,
) -> Result<Page<Meeting>, AppError> {
    Ok(state
        .store()
        .await
        .meeting_page(&filter, &page, newest_first)
        .await?)
}

/// The calendar's meetings from `from` to `to` (`YYYY-MM-DD`, inclusive, in the user's
/// zone), moved-away halves of reschedules left out.
#[tauri::command]
#[specta::specta]
pub async fn list_calendar(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Vec<CalendarEntry>, AppError> {
    Ok(state.store().await.calendar(&from, &to).await?)
}

/// A meeting with its reschedule chain.
#[tauri::command]
#[specta::specta]
pub async fn get_meeting(
    state: State<'_, AppState>,
    invitee_uri: String,
) -> Result<MeetingDetail, AppError> {
    Ok(state.store().await.meeting_detail(&invitee_uri).await?)
}

/// A single-use Calendly booking link for a client, or one of its quotes or invoices (by
/// number), with the given event type or the default one. Nothing shown changes, so
/// nothing is announced.
#[tauri::command]
#[specta::specta]
pub async fn create_booking_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    client_id: Id,
    quote_number: Option<String>,
    invoice_number: Option<String>,
    event_type_uri: Option<String>,
) -> Result<BookingLink, AppError> {
    let given = |text: Option<String>| text.filter(|t| !t.trim().is_empty());
    let target = match (given(quote_number), given(invoice_number)) {
        (Some(_), Some(_)) => {
            return Err(CoreError::field(
                "invoice_number",
                "a booking link is for a quote or for an invoice, not both",
            )
            .into())
        }
        (Some(quote), None) => LinkFor::Quote(quote),
        (None, Some(invoice)) => LinkFor::Invoice(invoice),
        (None, None) => LinkFor::Client,
    };
    let event_type = given(event_type_uri);
    let result = state
        .sync_required()?
        .create_link(client_id, target, event_type.as_deref().map(str::trim))
        .await;
    calendly_outcome(&app, result, &[])
}

/// Cancels the meeting at Calendly with a reason the invitee is sent.
#[tauri::command]
#[specta::specta]
pub async fn cancel_meeting<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    invitee_uri: String,
    reason: String,
) -> Result<Meeting, AppError> {
    let result = state
        .sync_required()?
        .cancel_meeting(&invitee_uri, &reason)
        .await;
    calendly_outcome(&app, result, &[Resource::Meetings])
}

/// Marks the invitee as a no-show at Calendly, or removes the mark.
#[tauri::command]
#[specta::specta]
pub async fn set_meeting_no_show<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    invitee_uri: String,
    no_show: bool,
) -> Result<Meeting, AppError> {
    let result = state
        .sync_required()?
        .set_no_show(&invitee_uri, !no_show)
        .await;
    calendly_outcome(&app, result, &[Resource::Meetings])
}

/// Ties the meeting (and its reschedule chain) to a client and at most one of its quotes
/// or invoices; no client unlinks it.
#[tauri::command]
#[specta::specta]
pub async fn link_meeting<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    invitee_uri: String,
    client_id: Option<Id>,
    quote_id: Option<Id>,
    invoice_id: Option<Id>,
) -> Result<Meeting, AppError> {
    let meeting = state
        .store()
        .await
        .link_meeting(&invitee_uri, client_id, quote_id, invoice_id)
        .await?;
    changed(&app, &[Resource::Meetings]);
    Ok(meeting)
}

/// Makes a client of the meeting's invitee and links the meeting to it. A client with the
/// same e-mail fails on `email`, so the UI offers linking to that client instead.
#[tauri::command]
#[specta::specta]
pub async fn create_client_from_meeting<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    invitee_uri: String,
) -> Result<Meeting, AppError> {
    let meeting = state
        .store()
        .await
        .create_client_from_meeting(&invitee_uri)
        .await?;
    changed(&app, &[Resource::Clients, Resource::Meetings]);
    Ok(meeting)
}

/// Whether meetings move quotes forward, as of today in the user's zone.
#[tauri::command]
#[specta::specta]
pub async fn get_meeting_measures(state: State<'_, AppState>) -> Result<MeetingMeasures, AppError> {
    let store = state.store().await;
    let today = format_date(store.today());
    Ok(store.meeting_measures(&today).await?)
}

/// The newest entries of the sync log, newest first, for Settings.
#[tauri::command]
#[specta::specta]
pub async fn calendly_sync_log(state: State<'_, AppState>) -> Result<Vec<SyncLogEntry>, AppError> {
    Ok(state.store().await.sync_log_entries(SYNC_LOG_SHOWN).await?)
}

/// Announces what a Calendly action changed: `done` when it went through, and the Calendly
/// card when Calendly refused Quotla's access on the way (the account now needs a
/// reconnect, whatever the action was).
fn calendly_outcome<R: Runtime, T>(
    app: &AppHandle<R>,
    result: Result<T, ConnectError>,
    done: &[Resource],
) -> Result<T, AppError> {
    match result {
        Ok(value) => {
            if !done.is_empty() {
                changed(app, done);
            }
            Ok(value)
        }
        Err(err) => {
            // The card shows "reconnect", or event types fetched again after one vanished.
            if matches!(
                err,
                ConnectError::ReconnectNeeded | ConnectError::EventTypeGone
            ) {
                changed(app, &[Resource::Calendly]);
            }
            Err(err.into())
        }
    }
}
