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

/// The invitee's form page: a greeting, `fields` and one submit button.
fn form_page(
    app: &App,
    uri: &OriginalUri,
    title: &str,
    fields: &str,
    button: (&str, &str),
) -> Response {
    match invitee_for(app, &page_url(app, uri)) {
        Ok((_, name)) => html(
            StatusCode::OK,
            title,
            &format!(
                "<h1>{title}</h1><p>Hello {}.</p><form method=\"post\">{fields}\
                 <button type=\"submit\" id=\"{}\">{}</button></form>",
                html_escape(&name),
                button.0,
                button.1
            ),
        ),
        Err(closed) => closed.into_response(),
    }
}

/// A submitted form: the invitee it is for and its non-empty, trimmed fields.
struct Submitted {
    invitee: String,
    form: Params,
}

impl Submitted {
    fn read(app: &App, uri: &OriginalUri, body: &[u8]) -> Result<Self, Closed> {
        let (invitee, _) = invitee_for(app, &page_url(app, uri))?;
        let form = Params::from_query(std::str::from_utf8(body).ok());
        Ok(Submitted { invitee, form })
    }

    fn field(&self, name: &str) -> Option<String> {
        self.form
            .get(name)
            .ok()
            .flatten()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }
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
    let fields = "<label>Reason <input type=\"text\" name=\"reason\"></label>";
    form_page(
        &app,
        &uri,
        "Cancel meeting",
        fields,
        ("cancel", "Cancel Event"),
    )
}

async fn cancel(
    State(app): State<Arc<App>>,
    uri: OriginalUri,
    Path(_): Path<String>,
    RawBody(body): RawBody,
) -> Response {
    let sub = match Submitted::read(&app, &uri, &body) {
        Ok(s) => s,
        Err(closed) => return closed.into_response(),
    };
    let reason = sub.field("reason");
    let now = app.clock.now();
    let mut store = app.store();
    match domain::cancel_invitee(&mut store, &sub.invitee, Canceler::Invitee, reason, now) {
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
    let fields = "<label>New start time (RFC 3339, empty for the first free slot) \
                  <input type=\"text\" name=\"start_time\"></label>\
                  <label>Reason <input type=\"text\" name=\"reason\"></label>";
    form_page(
        &app,
        &uri,
        "Reschedule meeting",
        fields,
        ("reschedule", "Reschedule Event"),
    )
}

async fn reschedule(
    State(app): State<Arc<App>>,
    uri: OriginalUri,
    Path(_): Path<String>,
    RawBody(body): RawBody,
) -> Response {
    let sub = match Submitted::read(&app, &uri, &body) {
        Ok(s) => s,
        Err(closed) => return closed.into_response(),
    };
    let start = match sub.field("start_time") {
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
        &sub.invitee,
        start,
        sub.field("reason"),
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
