//! The invitee's own pages behind `cancel_url` and `reschedule_url`: a small form each, so
//! the demo (or a browser test) can cancel or move a meeting the way an invitee would.

use super::{html, html_escape, Params, RawBody};
use crate::clock;
use crate::domain::{self, Canceler};
use crate::state::App;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/cancellations/{uuid}", get(cancel_page).post(cancel))
        .route(
            "/reschedulings/{uuid}",
            get(reschedule_page).post(reschedule),
        )
}

/// Why an invitee page cannot be used.
enum Closed {
    NotFound,
    Canceled,
}

impl IntoResponse for Closed {
    fn into_response(self) -> Response {
        match self {
            Closed::NotFound => html(
                StatusCode::NOT_FOUND,
                "Page not found",
                "<h1>Page not found</h1>",
            ),
            Closed::Canceled => html(
                StatusCode::GONE,
                "Already canceled",
                "<h1>This meeting was already canceled</h1>",
            ),
        }
    }
}

/// The invitee whose `cancel_url` or `reschedule_url` is this page, if still active.
fn invitee_for(app: &App, page_url: &str) -> Result<(String, String), Closed> {
    let store = app.store();
    let inv = store
        .invitees
        .iter()
        .find(|i| i.cancel_url == page_url || i.reschedule_url == page_url)
        .ok_or(Closed::NotFound)?;
    if inv.status != "active" {
        return Err(Closed::Canceled);
    }
    Ok((inv.uri.clone(), inv.name.clone()))
}

fn page_url(app: &App, uri: &OriginalUri) -> String {
    format!("{}{}", app.base_url, uri.0.path())
}

fn failed(msg: &str) -> Response {
    html(
        StatusCode::BAD_REQUEST,
        "Request failed",
        &format!("<h1>That did not work</h1><p>{}</p>", html_escape(msg)),
    )
}

async fn cancel_page(
    State(app): State<Arc<App>>,
    uri: OriginalUri,
    Path(_): Path<String>,
) -> Response {
    match invitee_for(&app, &page_url(&app, &uri)) {
        Ok((_, name)) => html(
            StatusCode::OK,
            "Cancel meeting",
            &format!(
                "<h1>Cancel meeting</h1><p>Hello {}.</p><form method=\"post\">\
                 <label>Reason <input type=\"text\" name=\"reason\"></label>\
                 <button type=\"submit\" id=\"cancel\">Cancel Event</button></form>",
                html_escape(&name)
            ),
        ),
        Err(closed) => closed.into_response(),
    }
}

async fn cancel(
    State(app): State<Arc<App>>,
    uri: OriginalUri,
    Path(_): Path<String>,
    RawBody(body): RawBody,
) -> Response {
    let (invitee, _) = match invitee_for(&app, &page_url(&app, &uri)) {
        Ok(i) => i,
        Err(closed) => return closed.into_response(),
    };
    let form = Params::from_query(std::str::from_utf8(&body).ok());
    let reason = form
        .get("reason")
        .ok()
        .flatten()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    let now = app.clock.now();
    let mut store = app.store();
    match domain::cancel_invitee(&mut store, &invitee, Canceler::Invitee, reason, now) {
        Ok(hooks) => {
            domain::fire(&app, &mut store, hooks);
            html(
                StatusCode::OK,
                "Canceled",
                "<h1>Your meeting is canceled</h1>",
            )
        }
        Err(e) => failed(&e.message),
    }
}

async fn reschedule_page(
    State(app): State<Arc<App>>,
    uri: OriginalUri,
    Path(_): Path<String>,
) -> Response {
    match invitee_for(&app, &page_url(&app, &uri)) {
        Ok((_, name)) => html(
            StatusCode::OK,
            "Reschedule meeting",
            &format!(
                "<h1>Reschedule meeting</h1><p>Hello {}.</p><form method=\"post\">\
                 <label>New start time (RFC 3339, empty for the first free slot) \
                 <input type=\"text\" name=\"start_time\"></label>\
                 <label>Reason <input type=\"text\" name=\"reason\"></label>\
                 <button type=\"submit\" id=\"reschedule\">Reschedule Event</button></form>",
                html_escape(&name)
            ),
        ),
        Err(closed) => closed.into_response(),
    }
}

async fn reschedule(
    State(app): State<Arc<App>>,
    uri: OriginalUri,
    Path(_): Path<String>,
    RawBody(body): RawBody,
) -> Response {
    let (invitee, _) = match invitee_for(&app, &page_url(&app, &uri)) {
        Ok(i) => i,
        Err(closed) => return closed.into_response(),
    };
    let form = Params::from_query(std::str::from_utf8(&body).ok());
    let field = |n: &str| {
        form.get(n)
            .ok()
            .flatten()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let start = match field("start_time") {
        None => None,
        Some(s) => match clock::parse(&s) {
            Some(t) => Some(t),
            None => return failed("The start time is not an RFC 3339 time."),
        },
    };
    let now = app.clock.now();
    let mut store = app.store();
    match domain::reschedule(
        &mut store,
        &app.base_url,
        &invitee,
        start,
        field("reason"),
        now,
    ) {
        Ok((idx, hooks)) => {
            let start = store
                .event_index(&store.invitees[idx].event)
                .map(|e| clock::format(store.events[e].start_time))
                .unwrap_or_default();
            domain::fire(&app, &mut store, hooks);
            html(
                StatusCode::OK,
                "Rescheduled",
                &format!("<h1>Your meeting moved</h1><p>{}</p>", html_escape(&start)),
            )
        }
        Err(e) => failed(
            &e.details
                .first()
                .map(|d| d.message.clone())
                .unwrap_or(e.message),
        ),
    }
}
