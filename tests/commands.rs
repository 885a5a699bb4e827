//! The IPC commands end to end through Tauri's mock runtime, with the app's real context
//! (capabilities and app manifest), a real database file, and the `{code, message, field}`
//! error shape the UI relies on.

use std::sync::{Arc, Mutex};

use quotla_app::state::AppState;
use quotla_core::sync::incoming::Change;
use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Listener, Manager, WebviewWindow, WebviewWindowBuilder};
use tempfile::TempDir;

struct TestApp {
    _dir: TempDir,
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    events: Arc<Mutex<Vec<Value>>>,
}

fn app() -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let store =
        tauri::async_runtime::block_on(quotla_app::open_store(dir.path())).expect("open store");
    let app = quotla_app::with_commands(mock_builder())
        .manage(AppState::new(store, dir.path().to_path_buf(), None))
        .build(quotla_app::context())
        .expect("build app");
    let window = match app.get_webview_window("main") {
        Some(w) => w,
        None => WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("main window"),
    };
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    app.listen_any("data-changed", move |event| {
        let payload: Value = serde_json::from_str(event.payload()).expect("json payload");
        sink.lock().unwrap().push(payload);
    });
    TestApp {
        _dir: dir,
        _app: app,
        window,
        events,
    }
}

fn request(cmd: &str, args: Value, origin: &str) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        url: origin.parse().expect("url"),
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

const APP_ORIGIN: &str = if cfg!(windows) {
    "http://tauri.localhost"
} else {
    "tauri://localhost"
};

impl TestApp {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(&self.window, request(cmd, args, APP_ORIGIN))
            .map(|body| body.deserialize::<Value>().expect("json response"))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args.clone())
            .unwrap_or_else(|e| panic!("{cmd}({args}) failed: {e}"))
    }

    fn err(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args.clone()) {
            Ok(v) => panic!("{cmd}({args}) succeeded unexpectedly: {v}"),
            Err(e) => e,
        }
    }

    fn take_events(&self) -> Vec<Value> {
        std::mem::take(&mut *self.events.lock().unwrap())
    }
}

fn client_input(name: &str, email: &str) -> Value {
    json!({ "name": name, "company": null, "email": email, "phone": null, "address": null, "notes": null })
}

fn quote_input(client_id: &Value) -> Value {
    json!({
        "client_id": client_id,
        "currency": "EUR",
        "items": [
            { "description": "Design", "quantity_milli": 2000, "unit_price_minor": 5000, "tax_rate_milli": 20000 },
            { "description": "Hosting", "quantity_milli": 1500, "unit_price_minor": 999, "tax_rate_milli": 20000 }
        ],
        "discount": { "kind": "none" },
        "notes": null,
        "valid_until": "2999-12-31"
    })
}

#[test]
fn creating_a_client_returns_the_view_model_and_announces_the_change() {
    let t = app();
    let client = t.ok(
        "create_client",
        json!({ "input": client_input("Ada Lovelace", "ada@example.com") }),
    );
    assert_eq!(client["name"], "Ada Lovelace");
    assert_eq!(client["version"], 1);
    assert_eq!(client["archived"], false);
    let events = t.take_events();
    assert_eq!(events.len(), 1);
    let resources = events[0]["resources"].as_array().unwrap();
    assert!(resources.contains(&json!("clients")) && resources.contains(&json!("dashboard")));

    let list = t.ok(
        "list_clients",
        json!({ "filter": { "search": "LOVE", "include_archived": false }, "page": { "limit": 50 } }),
    );
    assert_eq!(list["rows"].as_array().unwrap().len(), 1);
    assert_eq!(list["rows"][0]["open_quotes"], 0);
    assert_eq!(list["total"], 1);
    assert_eq!(list["next"], Value::Null, "one page holds the whole list");
    let unfiltered = t.ok("list_clients", json!({ "filter": {}, "page": {} }));
    assert_eq!(
        unfiltered["rows"].as_array().unwrap().len(),
        1,
        "absent filter and page fields mean no filter and the first page"
    );
    let detail = t.ok("get_client", json!({ "id": client["id"] }));
    assert_eq!(detail["activity"]["rows"][0]["kind"], "client_created");
    assert!(t.take_events().is_empty(), "reads announce nothing");
}

#[test]
fn errors_cross_ipc_as_code_message_and_field() {
    let t = app();
    let bad_email = t.err(
        "create_client",
        json!({ "input": client_input("Bob", "bob@@example") }),
    );
    assert_eq!(bad_email["code"], "validation");
    assert_eq!(bad_email["field"], "email");
    assert!(bad_email["message"].as_str().unwrap().contains("e-mail"));
    assert_eq!(
        bad_email.as_object().unwrap().len(),
        3,
        "exactly code, message, field: {bad_email}"
    );

    let missing = t.err("get_quote", json!({ "id": 4242 }));
    assert_eq!(
        missing,
        json!({ "code": "not_found", "message": "Quote 4242 was not found.", "field": null })
    );

    let client = t.ok(
        "create_client",
        json!({ "input": client_input("Ada", "ada@example.com") }),
    );
    let mut q = quote_input(&client["id"]);
    q["items"][1]["quantity_milli"] = json!(-3);
    let bad_line = t.err("create_quote", json!({ "input": q }));
    assert_eq!(bad_line["code"], "validation");
    assert_eq!(bad_line["field"], "items[1].quantity_milli");
    let mut q = quote_input(&client["id"]);
    q["currency"] = json!("DOGE");
    assert_eq!(
        t.err("create_quote", json!({ "input": q }))["field"],
        "currency"
    );
    assert!(t.ok(
        "list_quotes",
        json!({ "filter": { "status": null, "client_id": null, "search": null }, "page": {} })
    )["rows"]
        .as_array()
        .unwrap()
        .is_empty());
    // A page request out of range, or a position Quotla never gave out, is named.
    let too_big = t.err(
        "list_quotes",
        json!({ "filter": {}, "page": { "limit": 10000 } }),
    );
    assert_eq!(
        (too_big["code"].as_str(), too_big["field"].as_str()),
        (Some("validation"), Some("limit"))
    );
    let forged = json!({ "filter": {}, "page": { "after": { "key": "x".repeat(5000), "id": 1 } } });
    assert_eq!(t.err("list_invoices", forged)["field"], "after");
    assert!(t
        .call(
            "list_clients",
            json!({ "filter": {}, "page": { "limit": -1 } })
        )
        .is_err());
    assert!(t
        .call(
            "list_clients",
            json!({ "filter": {}, "page": { "after": { "key": 1, "id": "x" } } })
        )
        .is_err());

    // Input that does not even match the types is refused by the IPC layer, not a panic.
    assert!(t.call("get_quote", json!({ "id": "one" })).is_err());
    assert!(t.call("create_client", json!({})).is_err());
}

#[test]
fn two_windows_editing_the_same_quote_get_a_conflict() {
    let t = app();
    let client = t.ok(
        "create_client",
        json!({ "input": client_input("Ada", "ada@example.com") }),
    );
    let quote = t.ok(
        "create_quote",
        json!({ "input": quote_input(&client["id"]) }),
    );
    assert_eq!(quote["number"], "QUO-0001");
    let version = quote["version"].clone();
    let mut first = quote_input(&client["id"]);
    first["notes"] = json!("from window one");
    t.ok(
        "update_quote",
        json!({ "id": quote["id"], "input": first, "expectedVersion": version }),
    );
    let mut second = quote_input(&client["id"]);
    second["notes"] = json!("from window two");
    let conflict = t.err(
        "update_quote",
        json!({ "id": quote["id"], "input": second, "expectedVersion": version }),
    );
    assert_eq!(conflict["code"], "conflict");
    assert_eq!(
        t.ok("get_quote", json!({ "id": quote["id"] }))["notes"],
        "from window one"
    );
}

#[test]
fn a_quote_becomes_a_paid_invoice_and_the_dashboard_follows() {
    let t = app();
    let client = t.ok(
        "create_client",
        json!({ "input": client_input("Ada", "ada@example.com") }),
    );
    let q = t.ok(
        "create_quote",
        json!({ "input": quote_input(&client["id"]) }),
    );
    assert_eq!(q["totals"]["total_minor"], 13799);
    let q = t.ok(
        "send_quote",
        json!({ "id": q["id"], "expectedVersion": q["version"] }),
    );
    assert_eq!(q["status"], "sent");
    let dashboard = t.ok("get_dashboard", json!({}));
    assert_eq!(
        dashboard["open_quotes"],
        json!([{ "currency": "EUR", "amount_minor": 13799, "count": 1 }])
    );
    let q = t.ok(
        "accept_quote",
        json!({ "id": q["id"], "expectedVersion": q["version"] }),
    );
    let stale = t.err("update_quote", json!({ "id": q["id"], "input": quote_input(&client["id"]), "expectedVersion": q["version"] }));
    assert_eq!(stale["code"], "invalid_state");

    let inv = t.ok("convert_quote_to_invoice", json!({ "id": q["id"] }));
    assert_eq!(inv["number"], Value::Null);
    assert_eq!(inv["quote_number"], "QUO-0001");
    let inv = t.ok(
        "issue_invoice",
        json!({ "id": inv["id"], "expectedVersion": inv["version"] }),
    );
    assert_eq!(inv["number"], "INV-0001");
    assert_eq!(inv["status"], "issued", "issued is not yet sent");
    let inv = t.ok(
        "mark_invoice_sent",
        json!({ "id": inv["id"], "expectedVersion": inv["version"] }),
    );
    assert_eq!(inv["status"], "sent");
    let dashboard = t.ok("get_dashboard", json!({}));
    assert_eq!(
        dashboard["outstanding_invoices"],
        json!([{ "currency": "EUR", "amount_minor": 13799, "count": 1 }])
    );

    let future = t.err(
        "mark_invoice_paid",
        json!({ "id": inv["id"], "paidOn": "2999-01-01", "expectedVersion": inv["version"] }),
    );
    assert_eq!(
        (future["code"].as_str(), future["field"].as_str()),
        (Some("validation"), Some("paid_on"))
    );
    let today = inv["issue_date"].clone();
    let inv = t.ok(
        "mark_invoice_paid",
        json!({ "id": inv["id"], "paidOn": today, "expectedVersion": inv["version"] }),
    );
    assert_eq!(inv["status"], "paid");
    let dashboard = t.ok("get_dashboard", json!({}));
    assert_eq!(dashboard["outstanding_invoices"], json!([]));

    let kinds: Vec<Value> = t.ok("get_client", json!({ "id": client["id"] }))["activity"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].clone())
        .collect();
    assert_eq!(
        kinds,
        json!([
            "invoice_paid",
            "invoice_sent",
            "invoice_issued",
            "invoice_created",
            "quote_converted",
            "quote_accepted",
            "quote_sent",
            "quote_created",
            "client_created"
        ])
        .as_array()
        .unwrap()
        .clone()
    );
}

#[test]
fn totals_currencies_profile_and_integrations() {
    let t = app();
    let totals = t.ok(
        "compute_totals",
        json!({ "input": {
            "currency": "USD",
            "items": [{ "description": "Widget", "quantity_milli": 1000, "unit_price_minor": 100, "tax_rate_milli": 8875 }],
            "discount": { "kind": "percent", "milli": 10000 }
        } }),
    );
    assert_eq!(totals["subtotal_minor"], 100);
    assert_eq!(totals["discount_minor"], 10);
    assert_eq!(totals["tax_minor"], 8);
    assert_eq!(totals["total_minor"], 98);
    assert_eq!(totals["lines"], json!([100]));

    let currencies = t.ok("list_currencies", json!({}));
    let jpy = currencies
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "JPY")
        .unwrap();
    assert_eq!(jpy["minor_units"], 0);

    let profile = json!({ "name": "Studio", "address": null, "email": "hi@studio.example", "default_currency": "chf", "default_tax_rate_milli": 7700 });
    let saved = t.ok("update_business_profile", json!({ "profile": profile }));
    assert_eq!(saved["default_currency"], "CHF");
    assert_eq!(
        t.take_events().last().unwrap()["resources"],
        json!(["settings"])
    );

    // Without a keyring (this mock app has none) Calendly shows as not connected and not
    // connectable, and connecting says why instead of failing obscurely.
    let calendly = t.ok("calendly_status", json!({}));
    assert_eq!(calendly["state"], "not_connected");
    assert_eq!(calendly["configured"], false);
    assert_eq!(calendly["enabled"], true);
    let refused = t.err("calendly_connect", json!({}));
    assert_eq!(refused["code"], "keyring_unavailable");
}

#[test]
fn backup_and_restore_through_ipc() {
    let t = app();
    let files = tempfile::tempdir().unwrap();
    t.ok(
        "create_client",
        json!({ "input": client_input("Kept", "kept@example.com") }),
    );
    let target = files.path().join("backup.quotla");
    let result = t.ok(
        "backup_database",
        json!({ "path": target.to_string_lossy() }),
    );
    assert!(result["size_bytes"].as_i64().unwrap() > 0);
    t.ok(
        "create_client",
        json!({ "input": client_input("Later", "later@example.com") }),
    );
    t.take_events();

    let summary = t.ok(
        "inspect_backup",
        json!({ "path": target.to_string_lossy() }),
    );
    assert_eq!(
        (summary["clients"].as_i64(), summary["quotes"].as_i64()),
        (Some(1), Some(0))
    );
    let relative = t.err("restore_database", json!({ "path": "backup.quotla" }));
    assert_eq!(
        (relative["code"].as_str(), relative["field"].as_str()),
        (Some("validation"), Some("path"))
    );
    let garbage = files.path().join("garbage.quotla");
    std::fs::write(&garbage, "not a database").unwrap();
    let refused = t.err(
        "restore_database",
        json!({ "path": garbage.to_string_lossy() }),
    );
    assert_eq!(refused["code"], "invalid_backup");
    assert!(
        t.take_events().is_empty(),
        "a refused restore changes nothing"
    );

    t.ok(
        "restore_database",
        json!({ "path": target.to_string_lossy() }),
    );
    let names: Vec<Value> = t.ok(
        "list_clients",
        json!({ "filter": { "search": null, "include_archived": true }, "page": {} }),
    )["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(names, [json!("Kept")]);
    let events = t.take_events();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0]["resources"].as_array().unwrap().len(),
        quotla_app::events::Resource::ALL.len(),
        "a restore invalidates everything"
    );
}

#[test]
fn a_quote_is_saved_printed_and_emailed_as_a_pdf() {
    let t = app();
    let files = tempfile::tempdir().unwrap();
    let client = t.ok(
        "create_client",
        json!({ "input": client_input("Ada", "ada@example.com") }),
    );
    let q = t.ok(
        "create_quote",
        json!({ "input": quote_input(&client["id"]) }),
    );
    let doc = json!({ "kind": "quote", "id": q["id"] });
    assert_eq!(t.ok("document_file_name", doc.clone()), "QUO-0001.pdf");

    let target = files.path().join("out").join("QUO-0001.pdf");
    let saved = t.ok(
        "save_document_pdf",
        json!({ "kind": "quote", "id": q["id"], "path": target.to_string_lossy(), "locale": "en-GB" }),
    );
    assert!(saved["size_bytes"].as_i64().unwrap() > 1000);
    assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF-"));
    let relative = t.err(
        "save_document_pdf",
        json!({ "kind": "quote", "id": q["id"], "path": "QUO.pdf", "locale": "en-GB" }),
    );
    assert_eq!(relative["field"], "path");
    // Never over the database: only a .pdf, and not in the data directory.
    let database = t._dir.path().join("quotla.db");
    for path in [database.clone(), t._dir.path().join("copy.pdf")] {
        let refused = t.err(
            "save_document_pdf",
            json!({ "kind": "quote", "id": q["id"], "path": path.to_string_lossy(), "locale": "en-GB" }),
        );
        assert_eq!(refused["field"], "path", "{path:?}");
    }
    assert!(!std::fs::read(&database).unwrap().starts_with(b"%PDF"));
    let missing = t.err(
        "save_document_pdf",
        json!({ "kind": "invoice", "id": 999, "path": target.to_string_lossy(), "locale": "en-GB" }),
    );
    assert_eq!(missing["code"], "not_found");

    // The desktop hand-over is captured: the PDF is revealed and a draft opened, nothing sent.
    let outbox = files.path().join("Documents");
    std::env::set_var("QUOTLA_TEST_CAPTURE_BROWSER", "1");
    std::env::set_var("QUOTLA_DOCUMENTS_DIR", &outbox);
    let mail = t.ok(
        "email_document",
        json!({ "kind": "quote", "id": q["id"], "locale": "en-GB" }),
    );
    let pdf = outbox.join("QUO-0001.pdf");
    assert_eq!(mail["pdf"]["path"], pdf.to_string_lossy().as_ref());
    assert_eq!(mail["to"], "ada@example.com");
    assert_eq!(mail["revealed"], true);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let data_dir = t._dir.path();
    let desktop = std::fs::read_to_string(data_dir.join("desktop-requests.txt")).unwrap();
    assert_eq!(desktop.trim(), format!("reveal {}", pdf.display()));
    let browser = std::fs::read_to_string(data_dir.join("browser-requests.txt")).unwrap();
    assert!(
        browser
            .trim()
            .starts_with("mailto:ada@example.com?subject=Quote%20QUO-0001"),
        "{browser}"
    );
    assert_eq!(
        t.ok("get_quote", json!({ "id": q["id"] }))["status"],
        "draft"
    );
    let printed = t.ok(
        "print_document",
        json!({ "kind": "quote", "id": q["id"], "locale": "en-US" }),
    );
    let desktop = std::fs::read_to_string(data_dir.join("desktop-requests.txt")).unwrap();
    assert!(desktop.ends_with(&format!("open {}\n", printed["path"].as_str().unwrap())));

    let logo = files.path().join("logo.svg");
    std::fs::write(
        &logo,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4"/>"#,
    )
    .unwrap();
    let preview = t.ok(
        "set_business_logo",
        json!({ "path": logo.to_string_lossy() }),
    );
    assert!(preview["data_url"]
        .as_str()
        .unwrap()
        .starts_with("data:image/svg+xml;base64,"));
    let text = files.path().join("logo.png");
    std::fs::write(&text, "not really a PNG").unwrap();
    let refused = t.err(
        "set_business_logo",
        json!({ "path": text.to_string_lossy() }),
    );
    assert_eq!(
        (refused["code"].as_str(), refused["field"].as_str()),
        (Some("validation"), Some("logo"))
    );
    assert_eq!(t.ok("get_business_logo", json!({})), preview);
}

#[test]
fn commands_are_refused_from_a_remote_origin() {
    let t = app();
    let response = get_ipc_response(
        &t.window,
        request("list_currencies", json!({}), "https://evil.example"),
    );
    assert!(
        response.is_err(),
        "a remote page must not reach app commands"
    );
}

#[test]
fn only_the_main_window_is_granted_the_commands() {
    let t = app();
    let other = WebviewWindowBuilder::new(t.window.app_handle(), "other", Default::default())
        .build()
        .expect("second window");
    let response = get_ipc_response(&other, request("list_currencies", json!({}), APP_ORIGIN));
    let error = response.expect_err("a window outside the capability must be refused");
    assert!(error.to_string().contains("not allowed"), "{error}");
    assert!(t.call("list_currencies", json!({})).is_ok());
}

#[test]
fn meetings_are_read_and_linked_offline_and_calendly_actions_say_what_is_missing() {
    let t = app();
    assert_eq!(t.ok("list_meetings", json!({ "filter": {} })), json!([]));
    assert_eq!(t.ok("get_meeting_measures", json!({}))["sent_quotes"], 0);
    // A meeting arrives as the sync worker would apply it.
    let uri = "https://api.calendly.com/scheduled_events/EV1/invitees/I1";
    let body = json!({
        "event": "invitee.created",
        "created_at": "2025-06-15T10:00:00.000000Z",
        "created_by": "https://api.calendly.com/users/HOST",
        "payload": {
            "uri": uri, "email": "ann@example.com", "name": "Ann Example", "status": "active",
            "event": "https://api.calendly.com/scheduled_events/EV1",
            "created_at": "2025-06-15T10:00:00.000000Z", "updated_at": "2025-06-15T10:00:00.000000Z",
            "questions_and_answers": [], "rescheduled": false,
            "scheduled_event": {
                "uri": "https://api.calendly.com/scheduled_events/EV1", "name": "Site visit",
                "status": "active", "start_time": "2025-07-01T09:00:00.000000Z",
                "end_time": "2025-07-01T09:30:00.000000Z",
                "event_memberships": [{ "user": "https://api.calendly.com/users/HOST" }]
            }
        }
    });
    let change = Change::from_webhook(1, body.to_string().as_bytes(), None);
    let store = t._app.state::<AppState>().store_handle();
    tauri::async_runtime::block_on(store.apply_changes(&[change], None, None, false))
        .expect("apply");
    let listed = t.ok("list_meetings", json!({ "filter": {} }));
    assert_eq!(listed[0]["invitee_uri"], uri);
    assert_eq!(
        listed[0]["client_id"],
        Value::Null,
        "nobody has that e-mail yet"
    );
    let detail = t.ok("get_meeting", json!({ "inviteeUri": uri }));
    assert_eq!(detail["chain"].as_array().unwrap().len(), 1);
    assert_eq!(
        t.err("get_meeting", json!({ "inviteeUri": "nope" }))["code"],
        "not_found"
    );
    assert!(t
        .ok("calendly_sync_log", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "event_applied"));

    t.take_events();
    let linked = t.ok("create_client_from_meeting", json!({ "inviteeUri": uri }));
    assert_eq!(linked["client_name"], "Ann Example");
    let resources = t.take_events()[0]["resources"].as_array().unwrap().clone();
    assert!(resources.contains(&json!("clients")) && resources.contains(&json!("meetings")));
    let detail = t.ok("get_client", json!({ "id": linked["client_id"] }));
    assert_eq!(detail["activity"]["rows"][0]["kind"], "meeting_booked");
    let timeline = t.ok(
        "list_client_activity",
        json!({ "clientId": linked["client_id"], "page": { "limit": 1 } }),
    );
    assert_eq!(timeline["total"], 2, "booked, and the client made from it");
    let earlier = t.ok(
        "list_client_activity",
        json!({ "clientId": linked["client_id"], "page": { "after": timeline["next"], "limit": 1 } }),
    );
    assert_ne!(earlier["rows"][0]["id"], timeline["rows"][0]["id"]);
    assert_eq!(earlier["next"], Value::Null);
    // The calendar shows the meeting on its day, with who booked it.
    let day = t.ok(
        "list_calendar",
        json!({ "from": "2025-07-01", "to": "2025-07-01" }),
    );
    assert_eq!(
        (&day[0]["invitee_uri"], &day[0]["who"]),
        (&json!(uri), &json!("Ann Example"))
    );
    assert_eq!(
        t.err(
            "list_calendar",
            json!({ "from": "2025-07-01", "to": "2026-07-01" })
        )["field"],
        "to"
    );
    let history = t.ok(
        "list_meeting_page",
        json!({ "filter": {}, "page": {}, "newestFirst": true }),
    );
    assert_eq!(history["total"], 1);
    // Linked now: not given a second client.
    let again = t.err("create_client_from_meeting", json!({ "inviteeUri": uri }));
    assert_eq!(
        (&again["code"], &again["field"]),
        (&json!("validation"), &json!("client_id"))
    );

    let no_client = t.err(
        "link_meeting",
        json!({ "inviteeUri": uri, "clientId": null, "quoteId": 1, "invoiceId": null }),
    );
    assert_eq!(no_client["field"], "client_id");
    let unlinked = t.ok(
        "link_meeting",
        json!({ "inviteeUri": uri, "clientId": null, "quoteId": null, "invoiceId": null }),
    );
    assert_eq!(unlinked["client_id"], Value::Null);
    assert!(!t.take_events().is_empty());

    // Calendly's own actions need the connection; a link for two documents is refused first.
    let both = t.err(
        "create_booking_link",
        json!({ "clientId": linked["client_id"], "quoteNumber": "QUO-0001", "invoiceNumber": "INV-0001", "eventTypeUri": null }),
    );
    assert_eq!(both["field"], "invoice_number");
    for (cmd, args) in [
        (
            "create_booking_link",
            json!({ "clientId": linked["client_id"], "quoteNumber": null, "invoiceNumber": null, "eventTypeUri": null }),
        ),
        (
            "cancel_meeting",
            json!({ "inviteeUri": uri, "reason": "clash" }),
        ),
        (
            "set_meeting_no_show",
            json!({ "inviteeUri": uri, "noShow": true }),
        ),
    ] {
        assert_eq!(t.err(cmd, args)["code"], "keyring_unavailable", "{cmd}");
    }
    assert!(t.take_events().is_empty(), "failed actions changed nothing");
}
