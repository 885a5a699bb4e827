//! Single-use booking pages (`/d/{token}/{slug}`) and the reusable scheduling pages: a small
//! HTML form that takes Calendly's prefill (`name`, `email`, `first_name`, `last_name`,
//! `a1`…`a10`, `guests`) and tracking (`utm_*`, `salesforce_uuid`) parameters; booking
//! fires `invitee.created` (and spends a single-use link).

use super::{html, html_escape, ApiError, Params, RawBody};
use crate::clock;
use crate::domain::{self, BookRequest};
use crate::model::{QuestionAndAnswer, Tracking};
use crate::state::App;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/d/{token}", get(page).post(submit))
        .route("/d/{token}/{slug}", get(page_slug).post(submit_slug))
}

/// The reusable scheduling pages behind each user's and each event type's
/// `scheduling_url` (`/{user_slug}` and `/{user_slug}/{event_type_slug}`), registered from
/// the seed. What they show is read at request time, so a deactivated or deleted event
/// type disappears from them.
pub fn scheduling_pages(app: &App) -> Router<Arc<App>> {
    let store = app.store();
    let mut router = Router::new();
    for (i, user) in store.users.iter().enumerate() {
        router = router.route(
            &format!("/{}", user.model.slug),
            get(move |State(app): State<Arc<App>>| async move { user_page(&app, i) }),
        );
    }
    for et in &store.event_types {
        let (Some(et_slug), Some(user)) = (et.model.slug.as_deref(), store.user(&et.owner)) else {
            continue;
        };
        let owner = et.model.uri.clone();
        let owner2 = owner.clone();
        router = router.route(
            &format!("/{}/{et_slug}", user.slug),
            get(
                move |State(app): State<Arc<App>>, RawQuery(q): RawQuery| async move {
                    booking_form(&app, &owner, q.as_deref())
                },
            )
            .post(
                move |State(app): State<Arc<App>>,
                      RawQuery(q): RawQuery,
                      RawBody(body): RawBody| async move {
                    book_public(&app, &owner2, q.as_deref(), &body)
                },
            ),
        );
    }
    router
}

/// The main scheduling page of user `i`: their active, non-secret event types.
fn user_page(app: &App, i: usize) -> Response {
    let store = app.store();
    let user = &store.users[i].model;
    let list: String = store
        .event_types
        .iter()
        .filter(|e| e.owner == user.uri && e.model.active && !e.model.secret)
        .filter_map(|e| {
            Some(format!(
                "<li><a href=\"/{}/{}\">{}</a></li>",
                html_escape(&user.slug),
                html_escape(e.model.slug.as_deref()?),
                html_escape(e.model.name.as_deref()?)
            ))
        })
        .collect();
    let body = format!("<h1>{}</h1><ul>{list}</ul>", html_escape(&user.name));
    html(StatusCode::OK, &user.name, &body)
}

/// Books through a reusable scheduling page: no link to spend.
fn book_public(app: &App, owner: &str, query: Option<&str>, body: &[u8]) -> Response {
    let Some(form) = form_with_query(body, query) else {
        return error_page("The form could not be read.");
    };
    let outcome = book_request(app, owner.to_owned(), &form)
        .and_then(|req| {
            let now = app.clock.now();
            let mut store = app.store();
            let (idx, hooks) = domain::book(&mut store, &app.base_url, now, req)?;
            let inv = store.invitees[idx].clone();
            let start = store
                .event_index(&inv.event)
                .map_or(now, |e| store.events[e].start_time);
            domain::fire(app, &mut store, hooks);
            Ok((inv.event, inv.uri, start))
        })
        .map_err(LinkError::Invalid);
    confirmation(app, outcome)
}

/// The submitted form, with the page URL's query filling in what the form left out:
/// Calendly keeps the prefill and tracking parameters of the URL the invitee opened.
fn form_with_query(body: &[u8], query: Option<&str>) -> Option<Params> {
    let mut form = Params::from_query(Some(std::str::from_utf8(body).ok()?));
    let from_url: Vec<_> = Params::from_query(query)
        .0
        .into_iter()
        .filter(|(k, _)| !form.0.iter().any(|(f, _)| f == k))
        .collect();
    form.0.extend(from_url);
    Some(form)
}

const TRACKING: [&str; 6] = [
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
    "utm_term",
    "salesforce_uuid",
];

/// Reads and checks the tracking parameters of a query or form; empty ones are absent.
pub fn tracking_from(p: &Params) -> Result<Tracking, ApiError> {
    let g = |n: &str| -> Result<Option<String>, ApiError> {
        Ok(p.get(n)?.filter(|v| !v.is_empty()).map(str::to_owned))
    };
    let t = Tracking {
        utm_campaign: g("utm_campaign")?,
        utm_source: g("utm_source")?,
        utm_medium: g("utm_medium")?,
        utm_content: g("utm_content")?,
        utm_term: g("utm_term")?,
        salesforce_uuid: g("salesforce_uuid")?,
    };
    domain::check_tracking(&t)?;
    Ok(t)
}

/// The invitee's name from a query or form: `name`, else `first_name last_name`.
pub fn prefill_name(p: &Params) -> Result<Option<String>, ApiError> {
    let get = |n: &str| -> Result<&str, ApiError> { Ok(p.get(n)?.unwrap_or("").trim()) };
    let name = match get("name")? {
        "" => format!("{} {}", get("first_name")?, get("last_name")?)
            .trim()
            .to_owned(),
        n => n.to_owned(),
    };
    Ok((!name.is_empty()).then_some(name))
}

/// Whether a link can still be booked.
pub enum LinkState {
    Open { owner: String },
    Spent,
    Unknown,
}

fn link_state(app: &App, token: &str) -> LinkState {
    match app.store().links.get(token) {
        Some(l) if l.spent => LinkState::Spent,
        Some(l) => LinkState::Open {
            owner: l.owner.clone(),
        },
        None => LinkState::Unknown,
    }
}

fn closed_page(state: &LinkState) -> Response {
    match state {
        LinkState::Spent => html(
            StatusCode::GONE,
            "Link already used",
            "<h1>This link has already been used</h1><p>This single-use scheduling link was already used to book a meeting.</p>",
        ),
        _ => html(
            StatusCode::NOT_FOUND,
            "Page not found",
            "<h1>Page not found</h1><p>This scheduling link does not exist.</p>",
        ),
    }
}

/// The page of a deactivated or deleted event type.
fn unavailable_page() -> Response {
    html(
        StatusCode::NOT_FOUND,
        "Page not found",
        "<h1>This page is not available</h1><p>This event type is not offered any more.</p>",
    )
}

async fn page_slug(
    State(app): State<Arc<App>>,
    Path((token, _slug)): Path<(String, String)>,
    q: RawQuery,
) -> Response {
    page(State(app), Path(token), q).await
}

async fn submit_slug(
    State(app): State<Arc<App>>,
    Path((token, _slug)): Path<(String, String)>,
    q: RawQuery,
    RawBody(body): RawBody,
) -> Response {
    submit(State(app), Path(token), q, RawBody(body)).await
}

fn input(label: &str, name: &str, kind: &str, value: &str, required: bool) -> String {
    format!(
        "<label>{} <input type=\"{kind}\" name=\"{name}\" value=\"{}\"{}></label>",
        html_escape(label),
        html_escape(value),
        if required { " required" } else { "" }
    )
}

async fn page(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    match link_state(&app, &token) {
        LinkState::Open { owner } => booking_form(&app, &owner, q.as_deref()),
        other => closed_page(&other),
    }
}

/// The booking form for event type `owner`, prefilled from the query; its tracking
/// parameters ride along as hidden fields.
fn booking_form(app: &App, owner: &str, query: Option<&str>) -> Response {
    let p = Params::from_query(query);
    let (name, tracking) = match (prefill_name(&p), tracking_from(&p)) {
        (Ok(name), Ok(tracking)) => (name.unwrap_or_default(), tracking),
        (Err(e), _) | (_, Err(e)) => return error_page(&problem(e)),
    };
    let get = |n: &str| p.get(n).ok().flatten().unwrap_or("").to_owned();
    let (et_name, duration, questions) = {
        let store = app.store();
        match store.event_type(owner) {
            Some(et) if et.model.active => (
                et.model.name.clone().unwrap_or_default(),
                et.model.duration,
                et.model.custom_questions.clone(),
            ),
            _ => return unavailable_page(),
        }
    };
    let mut fields = String::new();
    fields.push_str(&input("Name", "name", "text", &name, true));
    fields.push_str(&input("Email", "email", "email", &get("email"), true));
    fields.push_str(&input(
        "Start time (RFC 3339, empty for the first free slot)",
        "start_time",
        "text",
        "",
        false,
    ));
    for (i, q) in questions.iter().filter(|q| q.enabled).take(10).enumerate() {
        let key = format!("a{}", i + 1);
        fields.push_str(&input(&q.name, &key, "text", &get(&key), q.required));
    }
    fields.push_str(&input(
        "Guests (comma separated)",
        "guests",
        "text",
        &get("guests"),
        false,
    ));
    let values = [
        &tracking.utm_source,
        &tracking.utm_medium,
        &tracking.utm_campaign,
        &tracking.utm_content,
        &tracking.utm_term,
        &tracking.salesforce_uuid,
    ];
    for (t, v) in TRACKING.iter().zip(values) {
        if let Some(v) = v {
            fields.push_str(&format!(
                "<input type=\"hidden\" name=\"{t}\" value=\"{}\">",
                html_escape(v)
            ));
        }
    }
    let body = format!(
        "<h1>{}</h1><p>{duration} minutes</p><form method=\"post\">{fields}\
         <button type=\"submit\" id=\"book\">Schedule Event</button></form>",
        html_escape(&et_name)
    );
    html(StatusCode::OK, &et_name, &body)
}

async fn submit(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    RawQuery(q): RawQuery,
    RawBody(body): RawBody,
) -> Response {
    let Some(form) = form_with_query(&body, q.as_deref()) else {
        return error_page("The form could not be read.");
    };
    let outcome = book_with_link(&app, &token, |owner| book_request(&app, owner, &form));
    confirmation(&app, outcome)
}

/// An error as one line for a page: the parameter and what is wrong with it.
fn problem(e: ApiError) -> String {
    e.details
        .first()
        .map(|d| format!("{} {}", d.parameter.as_deref().unwrap_or(""), d.message))
        .unwrap_or(e.message)
}

/// The page after a booking attempt. Like Calendly's confirmation e-mail, it links the
/// invitee's own reschedule and cancel pages.
fn confirmation(
    app: &App,
    outcome: Result<(String, String, time::OffsetDateTime), LinkError>,
) -> Response {
    let pages = outcome.as_ref().ok().and_then(|(_, invitee, _)| {
        let store = app.store();
        let inv = &store.invitees[store.invitee_index(invitee)?];
        Some((inv.reschedule_url.clone(), inv.cancel_url.clone()))
    });
    match outcome {
        Ok((event_uri, invitee_uri, start)) => html(
            StatusCode::OK,
            "Confirmed",
            &format!(
                "<h1>You are scheduled</h1><p>{}</p>\
                 <p data-event=\"{}\" data-invitee=\"{}\">A calendar invitation has been sent to your email address.</p>{}",
                html_escape(&clock::format(start)),
                html_escape(&event_uri),
                html_escape(&invitee_uri),
                pages
                    .map(|(reschedule, cancel)| format!(
                        "<p><a id=\"reschedule\" href=\"{}\">Reschedule</a> · <a id=\"cancel\" href=\"{}\">Cancel</a></p>",
                        html_escape(&reschedule),
                        html_escape(&cancel)
                    ))
                    .unwrap_or_default()
            ),
        ),
        Err(LinkError::Closed(state)) => closed_page(&state),
        Err(LinkError::Invalid(e)) => error_page(&problem(e)),
    }
}

fn error_page(msg: &str) -> Response {
    html(
        StatusCode::BAD_REQUEST,
        "Booking failed",
        &format!("<h1>Booking failed</h1><p>{}</p>", html_escape(msg.trim())),
    )
}

fn book_request(app: &App, owner: String, form: &Params) -> Result<BookRequest, ApiError> {
    let get =
        |n: &str| -> Result<String, ApiError> { Ok(form.get(n)?.unwrap_or("").trim().to_owned()) };
    let start_time = match get("start_time")?.as_str() {
        "" => None,
        s => Some(
            clock::parse(s)
                .ok_or_else(|| ApiError::invalid(Some("start_time"), "is not an RFC 3339 time"))?,
        ),
    };
    let questions = app
        .store()
        .event_type(&owner)
        .map(|et| et.model.custom_questions.clone())
        .unwrap_or_default();
    let mut answers = Vec::new();
    for (i, q) in questions.iter().filter(|q| q.enabled).take(10).enumerate() {
        let a = get(&format!("a{}", i + 1))?;
        if a.is_empty() {
            if q.required {
                return Err(ApiError::invalid(Some(&q.name), "an answer is required"));
            }
            continue;
        }
        answers.push(QuestionAndAnswer {
            question: q.name.clone(),
            answer: a,
            position: q.position,
        });
    }
    let guests = get("guests")?
        .split(',')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .collect();
    Ok(BookRequest {
        event_type: owner,
        name: prefill_name(form)?.unwrap_or_default(),
        email: get("email")?,
        start_time,
        timezone: None,
        tracking: tracking_from(form)?,
        questions_and_answers: answers,
        guests,
        old_invitee: None,
    })
}

/// Why booking through a link failed.
pub enum LinkError {
    /// The link is spent or unknown.
    Closed(LinkState),
    Invalid(ApiError),
}

/// Books through link `token`: checks and spends the link in the same critical section
/// as the booking, so two concurrent submissions cannot both succeed.
pub fn book_with_link(
    app: &App,
    token: &str,
    build: impl FnOnce(String) -> Result<BookRequest, ApiError>,
) -> Result<(String, String, time::OffsetDateTime), LinkError> {
    let owner = match link_state(app, token) {
        LinkState::Open { owner } => owner,
        other => return Err(LinkError::Closed(other)),
    };
    let req = build(owner).map_err(LinkError::Invalid)?;
    let now = app.clock.now();
    let mut store = app.store();
    match store.links.get(token) {
        Some(l) if !l.spent => {}
        Some(_) => return Err(LinkError::Closed(LinkState::Spent)),
        None => return Err(LinkError::Closed(LinkState::Unknown)),
    }
    let (idx, hooks) =
        domain::book(&mut store, &app.base_url, now, req).map_err(LinkError::Invalid)?;
    if let Some(l) = store.links.get_mut(token) {
        l.spent = true;
    }
    let inv = store.invitees[idx].clone();
    let start = store
        .event_index(&inv.event)
        .map(|e| store.events[e].start_time)
        .unwrap_or(now);
    domain::fire(app, &mut store, hooks);
    Ok((inv.event, inv.uri, start))
}
