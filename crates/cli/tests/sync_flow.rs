//! The whole Calendly flow, headless, through the real relay and the Calendly sandbox:
//! connect by loopback, a booking link for a quote, a booking on the sandbox, `sync`, and
//! what follows — reschedule, no-show, cancel, the sandbox's faults, a crash between commit
//! and acknowledgement, and disconnecting.

mod common;

use common::{find, World};
use serde_json::{json, Value};

/// A client with a quote and a booking link for it; returns (client id, quote number, link).
async fn client_quote_and_link(w: &World) -> (i64, String, String) {
    let client = w
        .cli(&[
            "clients",
            "add",
            "--name",
            "Ann Example",
            "--email",
            "ann@example.com",
        ])
        .await
        .json();
    let id = client["id"].as_i64().expect("client id");
    let quote = w
        .cli(&[
            "quotes",
            "add",
            "--client",
            &id.to_string(),
            "--line",
            "Roof survey: full:1:450.00",
        ])
        .await
        .json();
    let number = quote["number"].as_str().expect("quote number").to_string();
    let link = w
        .cli(&[
            "links",
            "create",
            "--client",
            &id.to_string(),
            "--quote",
            &number,
        ])
        .await
        .json();
    let url = link["booking_url"]
        .as_str()
        .expect("booking url")
        .to_string();
    (id, number, url)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_from_a_quote_link_lands_on_the_quote_and_follows_every_change() {
    let w = World::new().await;
    let account = w.connect().await;
    assert_eq!(account["mode"], "live", "{account}");
    let status = w.cli(&["calendly", "status", "--json"]).await.json();
    assert_eq!(status["state"], "connected");
    assert_eq!(status["subscription_state"], "active");
    assert_eq!(w.subscriptions().await.len(), 1);

    let (client, quote, url) = client_quote_and_link(&w).await;
    assert!(
        url.contains("utm_source=quotla") && url.contains("utm_content="),
        "{url}"
    );
    // Booked under another e-mail: only the link's token can tie it to the quote.
    let first = w
        .book(json!({"booking_url": url, "email": "someone@elsewhere.example"}))
        .await;
    let meetings = w
        .sync_until("the booking arrives", |m| {
            m.iter().any(|m| m["invitee_uri"] == first)
        })
        .await;
    let m = find(&meetings, &first);
    assert_eq!(m["quote_number"], quote.as_str());
    assert_eq!(m["client_id"], client);
    assert_eq!(m["status"], "scheduled");
    assert_eq!(m["name"], "Ann Example", "prefilled from the link");
    assert_eq!(w.meetings(&["--quote", &quote]).await.len(), 1);

    // Reschedule: one moved meeting, the new one still on the quote.
    let second = w.reschedule(&first).await;
    let meetings = w
        .sync_until("the reschedule arrives", |m| {
            m.iter().any(|m| m["invitee_uri"] == second)
                && m.iter()
                    .any(|m| m["invitee_uri"] == first && m["rescheduled"] == true)
        })
        .await;
    let old = find(&meetings, &first);
    assert_eq!(old["rescheduled_to"], second.as_str());
    assert_eq!(old["status"], "canceled");
    let new = find(&meetings, &second);
    assert_eq!(new["rescheduled_from"], first.as_str());
    assert_eq!(new["quote_number"], quote.as_str());
    assert_eq!(new["status"], "scheduled");

    // A no-show, marked from Quotla, and taken back.
    let marked = w.cli(&["meetings", "no-show", &second]).await.json();
    assert_eq!(marked["no_show"], true);
    let unmarked = w
        .cli(&["meetings", "no-show", &second, "--undo"])
        .await
        .json();
    assert_eq!(unmarked["no_show"], false);
    // The webhooks those actions cause change nothing more.
    w.apply_webhook("invitee_no_show.created", &second).await;
    let meetings = w.apply_webhook("invitee_no_show.deleted", &second).await;
    assert_eq!(find(&meetings, &second)["no_show"], false);

    // Cancel from Quotla, with a reason.
    let canceled = w
        .cli(&[
            "meetings",
            "cancel",
            &second,
            "--reason",
            "Client postponed",
        ])
        .await
        .json();
    assert_eq!(canceled["status"], "canceled");
    assert_eq!(canceled["cancel_reason"], "Client postponed");
    assert_eq!(canceled["rescheduled"], false);
    let meetings = w.apply_webhook("invitee.canceled", &second).await;
    assert_eq!(meetings.len(), 2);
    assert_eq!(find(&meetings, &second)["status"], "canceled");

    // Disconnect: the subscription goes, the meetings stay.
    let secrets = w.secrets();
    assert!(!secrets.is_empty());
    let out = w.cli(&["calendly", "disconnect"]).await.json();
    assert_eq!(out["revoked"], true);
    assert!(w.subscriptions().await.is_empty());
    assert_eq!(w.meetings(&[]).await.len(), 2);
    let status = w.cli(&["calendly", "status", "--json"]).await.json();
    assert_eq!(status["state"], "not_connected");
    w.assert_no_secret_printed(&secrets);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_and_swapped_deliveries_and_api_faults_change_nothing_twice() {
    let w = World::new().await;
    w.connect().await;
    let (_, quote, url) = client_quote_and_link(&w).await;
    w.post(
        "/_sandbox/faults",
        json!({"kind": "duplicate_delivery", "count": 10}),
    )
    .await;
    w.post(
        "/_sandbox/faults",
        json!({"kind": "swap_delivery_order", "count": 10}),
    )
    .await;
    let first = w.book(json!({"booking_url": url})).await;
    let second = w.reschedule(&first).await;
    // A rate limit and a server error while reconciling: retried, not fatal.
    w.post("/_sandbox/faults", json!({"kind": "rate_limit"}))
        .await;
    w.post("/_sandbox/faults", json!({"kind": "error", "status": 503}))
        .await;
    let meetings = w
        .sync_until("both halves of the reschedule", |m| {
            m.len() == 2
                && m.iter()
                    .any(|m| m["invitee_uri"] == first && m["rescheduled"] == true)
        })
        .await;
    assert_eq!(find(&meetings, &second)["quote_number"], quote.as_str());
    assert_eq!(find(&meetings, &second)["status"], "scheduled");
    // Every delivery was made twice; the store holds each meeting once.
    let again = w.cli(&["sync", "--once"]).await.json();
    assert_eq!(again["applied"], 0, "{again}");
    assert_eq!(w.meetings(&[]).await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_relay_is_down_reconcile_heals_and_a_disabled_subscription_is_repaired() {
    let mut w = World::new().await;
    w.connect().await;
    let (_, quote, url) = client_quote_and_link(&w).await;
    w.stop_relay().await;
    let invitee = w.book(json!({"booking_url": url})).await;
    // The relay is unreachable: push fails, reconcile still brings the booking.
    let run = w.cli(&["sync", "--once"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let meetings = w.meetings(&[]).await;
    assert_eq!(find(&meetings, &invitee)["quote_number"], quote.as_str());
    w.start_relay_again().await;

    // Calendly disables a subscription silently (a day of failed deliveries); the next
    // check repairs it: exactly one live subscription for this desktop again.
    let subs = w.get("/_sandbox/webhook_subscriptions").await;
    let uri = subs["subscriptions"][0]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    w.post(
        "/_sandbox/webhook_subscriptions/disable",
        json!({"subscription": uri}),
    )
    .await;
    let run = w.cli(&["sync", "--once"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let subs = w.subscriptions().await;
    let active: Vec<_> = subs.iter().filter(|(_, s)| s == "active").collect();
    assert_eq!(active.len(), 1, "{subs:?}");
    assert_eq!(subs.len(), 1, "the disabled one was deleted: {subs:?}");
    let status = w.cli(&["calendly", "status", "--json"]).await.json();
    assert_eq!(status["mode"], "live");
    // And it delivers again.
    let bo = w.book(json!({"event_type": w.event_types("first").await[0].1, "name": "Bo", "email": "bo@example.com"})).await;
    w.sync_until("a booking after the repair", |m| {
        m.iter().any(|m| m["invitee_uri"] == bo)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_free_plan_sync_runs_by_polling_and_says_why() {
    let w = World::new().await;
    w.post("/_sandbox/plan", json!({"plan": "free"})).await;
    let account = w.connect().await;
    assert_eq!(account["mode"], "polling");
    assert_eq!(account["reason"], "calendly_plan_required");
    assert!(w.subscriptions().await.is_empty());
    let (client, _, url) = client_quote_and_link(&w).await;
    let invitee = w.book(json!({"booking_url": url})).await;
    let run = w.cli(&["sync", "--once"]).await.json();
    assert!(
        run["reconciled"]["applied"]
            .as_array()
            .is_some_and(|a| !a.is_empty()),
        "{run}"
    );
    let meetings = w.meetings(&["--client", &client.to_string()]).await;
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0]["invitee_uri"], invitee.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_commit_and_acknowledgement_loses_and_doubles_nothing() {
    let w = World::new().await;
    w.connect().await;
    let (_, _, url) = client_quote_and_link(&w).await;
    let invitee = w.book(json!({"booking_url": url})).await;
    // Wait until the relay holds the webhook, then crash right after the durable commit.
    let mut crashed = None;
    for _ in 0..40 {
        let run = w
            .cli_with(
                &["sync", "--once"],
                &[("QUOTLA_TEST_CRASH_AFTER_COMMIT", "1")],
            )
            .await;
        if run.code != Some(0) {
            crashed = Some(run);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let crashed = crashed.expect("the crash point was reached");
    assert!(crashed.stderr.contains("crash point"), "{crashed:?}");
    let meetings = w.meetings(&[]).await;
    assert_eq!(meetings.len(), 1, "committed before the crash");
    // The relay still holds the batch: it was never acknowledged.
    assert!(w.relay_backlog().await >= 1);
    // On restart nothing is applied twice, and the committed batch is acknowledged.
    let run = w.cli(&["sync", "--once"]).await.json();
    assert_eq!(run["applied"], 0, "{run}");
    let meetings = w.meetings(&[]).await;
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0]["invitee_uri"], invitee.as_str());
    assert_eq!(w.relay_backlog().await, 0, "acknowledged after the restart");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unbound_inbox_works_without_any_calendly_client_id() {
    let w = World::new().await;
    let no_client = [("QUOTLA_CALENDLY_CLIENT_ID", ""), ("QUOTLA_RELAY_URL", "")];
    let inbox = w
        .cli_with(&["relay", "register", "--url", &w.relay_url()], &no_client)
        .await
        .json();
    let webhook_url = inbox["webhook_url"]
        .as_str()
        .expect("webhook url")
        .to_string();
    assert!(inbox["inbox_id"]
        .as_str()
        .is_some_and(|i| webhook_url.ends_with(i)));
    assert_eq!(inbox["calendly_user"], Value::Null);
    // Someone points a subscription of theirs at it (as a script would).
    let tokens = w
        .post(
            "/_sandbox/tokens",
            json!({"scope": "webhooks:write users:read event_types:read"}),
        )
        .await;
    let access = tokens["access_token"].as_str().unwrap();
    let created = w
        .http
        .post(format!("{}/webhook_subscriptions", w.sandbox_url()))
        .bearer_auth(access)
        .json(&json!({
            "url": webhook_url,
            "events": ["invitee.created", "invitee.canceled"],
            "organization": tokens["organization"],
            "user": tokens["owner"],
            "scope": "user",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let invitee = w
        .book(json!({
            "event_type": w.event_types("first").await[0].1,
            "name": "Cy", "email": "cy@example.com"}))
        .await;
    for _ in 0..40 {
        let run = w.cli_with(&["sync", "--once"], &no_client).await.json();
        if run["applied"].as_u64() == Some(1) {
            assert_eq!(
                run["reconciled"],
                Value::Null,
                "not connected: no reconcile"
            );
            let meetings = w.meetings(&[]).await;
            assert_eq!(meetings[0]["invitee_uri"], invitee.as_str());
            assert_eq!(meetings[0]["client_id"], Value::Null, "unmatched");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the booking never arrived through the unbound inbox");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_follow_prints_each_applied_event_as_it_arrives() {
    let w = World::new().await;
    w.connect().await;
    let (_, _, url) = client_quote_and_link(&w).await;
    let (mut child, mut lines) = w.spawn(&["sync", "--follow"]);
    let invitee = w.book(json!({"booking_url": url})).await;
    let line = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            let line = lines.next_line().await.expect("read").expect("a line");
            let v: Value = serde_json::from_str(&line).expect("a JSON line");
            if v["invitee_uri"] == invitee.as_str() {
                return v;
            }
        }
    })
    .await
    .expect("the booking was printed");
    assert_eq!(line["kind"], "booked");
    child.kill().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_invitees_are_one_meeting_each_and_a_quiet_reconcile_costs_one_list_call() {
    let w = World::new().await;
    w.connect().await;
    let types = w.event_types("first").await;
    let group = &types
        .iter()
        .find(|(n, _)| n == "Group Workshop")
        .expect("group type")
        .1;
    let first = w
        .post(
            "/_sandbox/book",
            json!({"event_type": group, "name": "Ann", "email": "ann@example.com"}),
        )
        .await;
    let start = first["event"]["start_time"].as_str().unwrap().to_string();
    let event = first["event"]["uri"].as_str().unwrap().to_string();
    w.book(
        json!({"event_type": group, "name": "Bo", "email": "bo@example.com", "start_time": start}),
    )
    .await;
    let meetings = w.sync_until("both group invitees", |m| m.len() == 2).await;
    assert!(meetings.iter().all(|m| m["event_uri"] == event.as_str()));
    assert!(meetings
        .iter()
        .all(|m| m["event_type_name"] == "Group Workshop"));

    // Nothing changed: one list call, no invitee calls.
    w.post("/_sandbox/stats/reset", json!({})).await;
    let run = w.cli(&["sync", "--once"]).await.json();
    assert_eq!(run["reconciled"]["list_calls"], 1, "{run}");
    assert_eq!(run["reconciled"]["invitee_calls"], 0, "{run}");
    let stats = w.get("/_sandbox/stats").await;
    assert_eq!(stats["api_requests_by_route"]["GET /scheduled_events"], 1);
    assert_eq!(
        stats["api_requests_by_route"]["GET /scheduled_events/{uuid}/invitees"],
        0
    );

    // The host cancels the event: every invitee's meeting is canceled.
    w.post(
        "/_sandbox/cancel",
        json!({"event": event, "reason": "Venue closed"}),
    )
    .await;
    let meetings = w
        .sync_until("the group cancellation", |m| {
            m.len() == 2 && m.iter().all(|m| m["status"] == "canceled")
        })
        .await;
    assert!(meetings.iter().all(|m| m["rescheduled"] == false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_calendly_account_never_mixes_with_the_first_ones_meetings() {
    let w = World::new().await;
    let first = w.connect().await;
    let (_, _, url) = client_quote_and_link(&w).await;
    w.book(json!({"booking_url": url})).await;
    w.sync_until("the first account's booking", |m| m.len() == 1)
        .await;
    w.cli(&["calendly", "disconnect"]).await.json();

    w.post(
        "/_sandbox/authorize",
        json!({"mode": "auto_approve", "user": "second"}),
    )
    .await;
    let second = w.connect().await;
    assert_ne!(first["user_uri"], second["user_uri"]);
    let discovery = &w.event_types("second").await[0].1;
    w.book(json!({"event_type": discovery, "name": "Dee", "email": "dee@example.com"}))
        .await;
    let meetings = w
        .sync_until("the second account's booking", |m| m.len() == 2)
        .await;
    let owners: Vec<&str> = meetings
        .iter()
        .map(|m| m["calendly_user"].as_str().unwrap())
        .collect();
    assert!(owners.contains(&first["user_uri"].as_str().unwrap()));
    assert!(owners.contains(&second["user_uri"].as_str().unwrap()));
    // Exactly one live subscription, the second account's, for this desktop.
    let subs = w.subscriptions().await;
    assert_eq!(
        subs.iter().filter(|(_, s)| s == "active").count(),
        1,
        "{subs:?}"
    );
    // Disconnecting with --delete-meetings removes only the second account's meetings.
    w.cli(&["calendly", "disconnect", "--delete-meetings"])
        .await
        .json();
    let left = w.meetings(&[]).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["calendly_user"], first["user_uri"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_webhooks_scope_sync_polls_and_says_why() {
    let w = World::new().await;
    w.post(
        "/_sandbox/authorize",
        json!({
            "mode": "auto_approve",
            "grant_scope": "users:read event_types:read scheduling_links:write scheduled_events:write",
        }),
    )
    .await;
    let account = w.connect().await;
    assert_eq!(account["mode"], "polling", "{account}");
    assert_eq!(account["reason"], "calendly_scope_missing");
    assert!(w.subscriptions().await.is_empty());
    let status = w.cli(&["calendly", "status", "--json"]).await.json();
    assert_eq!(status["mode"], "polling");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_default_event_type_gone_in_calendly_is_detected_and_named() {
    let w = World::new().await;
    w.connect().await;
    let client = w
        .cli(&[
            "clients",
            "add",
            "--name",
            "Ann",
            "--email",
            "ann@example.com",
        ])
        .await
        .json();
    let id = client["id"].to_string();
    let types = w.event_types("first").await;
    let default = &types[0].1;

    // Switched off in Calendly: the link fails with a reason, not a bare 400.
    w.post(
        "/_sandbox/event_types/deactivate",
        json!({ "event_type": default }),
    )
    .await;
    let run = w.cli(&["links", "create", "--client", &id]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("no longer available in Calendly")
            && run.stderr.contains("[calendly_event_type_gone]"),
        "{}",
        run.stderr
    );
    // Fetched again on the way: the stale default is cleared, so the app asks for another
    // instead of offering a dead one.
    let store = quotla_core::Store::open_in(&w.data_dir())
        .await
        .expect("store");
    let account = store
        .calendly_account()
        .await
        .expect("read")
        .expect("account");
    assert_eq!(account.default_event_type_uri, None);
    let run = w.cli(&["links", "create", "--client", &id]).await;
    assert!(
        run.stderr.contains("[calendly_no_event_type]"),
        "{}",
        run.stderr
    );

    // Another event type still works when chosen explicitly.
    let other = &types[1].1;
    let link = w
        .cli(&["links", "create", "--client", &id, "--event-type", other])
        .await
        .json();
    assert_eq!(link["event_type_uri"], other.as_str());

    // Deleted outright: the same answer, and it leaves the cached list.
    w.post(
        "/_sandbox/event_types/delete",
        json!({ "event_type": other }),
    )
    .await;
    let run = w
        .cli(&["links", "create", "--client", &id, "--event-type", other])
        .await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("[calendly_event_type_gone]"),
        "{}",
        run.stderr
    );
    assert!(store
        .calendly_event_types()
        .await
        .expect("types")
        .iter()
        .all(|t| &t.uri != other && &t.uri != default));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_moved_to_another_organization_is_followed_and_stays_live() {
    let w = World::new().await;
    let connected = w.connect().await;
    let before = connected["organization"].as_str().expect("org").to_string();
    let moved = w
        .post("/_sandbox/user", json!({ "organization": "new" }))
        .await;
    let after = moved["user"]["current_organization"]
        .as_str()
        .expect("new org");
    assert_ne!(after, before);

    let run = w.cli(&["sync", "--once"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let status = w.cli(&["calendly", "status", "--json"]).await.json();
    assert_eq!(status["account"]["organization"], after, "{status}");
    assert_eq!(status["mode"], "live", "{status}");
    // One subscription, the new organization's: the old one was deleted, not doubled.
    let subs = w.get("/_sandbox/webhook_subscriptions").await["subscriptions"]
        .as_array()
        .expect("list")
        .clone();
    assert_eq!(subs.len(), 1, "{subs:?}");
    assert_eq!(subs[0]["organization"], after);
    assert_eq!(subs[0]["state"], "active");

    let bo = w
        .book(json!({"event_type": w.event_types("first").await[0].1, "name": "Bo", "email": "bo@example.com"}))
        .await;
    w.sync_until("a booking after the move", |m| {
        m.iter().any(|m| m["invitee_uri"] == bo)
    })
    .await;
}
