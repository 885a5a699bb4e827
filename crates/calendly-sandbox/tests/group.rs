//! Group event types share one scheduled event per slot up to their limit; an invitee's
//! cancellation frees one spot, the host's cancels everyone. And what a sync engine relies
//! on: which changes bump a scheduled event's `updated_at`, and paging of events and
//! invitees with every filter at once.

mod common;

use calendly_sandbox::SandboxConfig;
use common::{enc, hooked, start, Env, Hooked, Tokens, ALL_SCOPES};
use serde_json::{json, Value};

const SLOT: &str = "2099-09-01T09:00:00Z";

async fn workshop(env: &Env, t: &Tokens) -> String {
    env.event_type_slug(t, "group-workshop").await
}

async fn book_slot(env: &Env, et: &str, email: &str) -> Value {
    env.book(et, email, json!({ "start_time": SLOT })).await
}

async fn get_event(env: &Env, t: &Tokens, uri: &str) -> Value {
    let (s, _, v) = env.get(&t.access, uri).await;
    assert_eq!(s, 200, "{v}");
    v["resource"].clone()
}

fn counter(event: &Value) -> (u64, u64, u64) {
    let c = &event["invitees_counter"];
    (
        c["total"].as_u64().expect("total"),
        c["active"].as_u64().expect("active"),
        c["limit"].as_u64().expect("limit"),
    )
}

fn s(v: &Value) -> String {
    v.as_str().expect("string").to_owned()
}

/// Every invitee URI of `event`, walking the pages of `query` `count` at a time.
async fn invitee_pages(env: &Env, t: &Tokens, event: &str, query: &str) -> Vec<Vec<String>> {
    let first = format!("{event}/invitees?{query}");
    let mut url = first.clone();
    let mut pages = Vec::new();
    loop {
        let (st, _, page) = env.get(&t.access, &url).await;
        assert_eq!(st, 200, "{page}");
        pages.push(
            page["collection"]
                .as_array()
                .expect("collection")
                .iter()
                .map(|i| s(&i["uri"]))
                .collect(),
        );
        match page["pagination"]["next_page_token"].as_str() {
            Some(tok) => url = format!("{first}&page_token={}", enc(tok)),
            None => return pages,
        }
    }
}

#[tokio::test]
async fn group_bookings_share_one_event_until_it_is_full() {
    let Hooked { env, t, rx, .. } = hooked(SandboxConfig::default()).await;
    let wk = workshop(&env, &t).await;
    let et = get_event(&env, &t, &wk).await;
    assert_eq!(
        (et["kind"].as_str(), et["kind_description"].as_str()),
        (Some("group"), Some("Group"))
    );

    let first = book_slot(&env, &wk, "g1@example.com").await;
    let event = s(&first["event"]["uri"]);
    assert_eq!(counter(&first["event"]), (1, 1, 5));
    let mut updated = s(&first["event"]["updated_at"]);
    let mut invitees = vec![s(&first["invitee"]["uri"])];
    for n in 2..=5 {
        env.advance(60).await;
        let b = book_slot(&env, &wk, &format!("g{n}@example.com")).await;
        assert_eq!(s(&b["event"]["uri"]), event, "joins the open slot");
        assert_eq!(counter(&b["event"]), (n, n, 5));
        let now = s(&b["event"]["updated_at"]);
        assert!(
            now > updated,
            "a new invitee bumps updated_at: {updated} then {now}"
        );
        assert_eq!(b["event"]["created_at"], first["event"]["created_at"]);
        updated = now;
        invitees.push(s(&b["invitee"]["uri"]));
    }

    // The sixth is refused, in Calendly's error shape, and nothing changes.
    let (st, e) = env
        .control(
            "book",
            json!({"event_type": wk, "name": "Late Comer", "email": "g6@example.com", "start_time": SLOT}),
        )
        .await;
    assert_eq!(
        (st.as_u16(), e["title"].as_str()),
        (400, Some("Invalid Argument"))
    );
    assert_eq!(e["details"][0]["parameter"], "start_time");
    assert_eq!(counter(&get_event(&env, &t, &event).await), (5, 5, 5));

    // The REST API shows one event holding the five invitees, page by page.
    let (_, _, list) = env
        .get(
            &t.access,
            &format!("/scheduled_events?user={}", enc(&t.owner)),
        )
        .await;
    assert_eq!(list["collection"].as_array().map(Vec::len), Some(1));
    let pages = invitee_pages(&env, &t, &event, "count=2").await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
    assert_eq!(pages.concat(), invitees, "created_at order, each once");

    // One invitee.created per invitee, each carrying the event as it was then.
    let got = rx.wait_for(5).await;
    for (n, r) in got.iter().enumerate() {
        let b = r.json();
        assert_eq!(b["event"], "invitee.created");
        assert_eq!(s(&b["payload"]["uri"]), invitees[n]);
        assert_eq!(s(&b["payload"]["scheduled_event"]["uri"]), event);
        assert_eq!(
            b["payload"]["scheduled_event"]["invitees_counter"]["active"],
            n as u64 + 1
        );
    }
    assert_eq!(env.deliveries().await.len(), 5);
}

#[tokio::test]
async fn a_group_invitee_cancels_alone_and_the_host_cancels_everyone() {
    let Hooked { env, t, rx, .. } = hooked(SandboxConfig::default()).await;
    let wk = workshop(&env, &t).await;
    let mut invitees = Vec::new();
    let mut event = String::new();
    for n in 1..=4 {
        let b = book_slot(&env, &wk, &format!("c{n}@example.com")).await;
        invitees.push(s(&b["invitee"]["uri"]));
        event = s(&b["event"]["uri"]);
    }
    let before = get_event(&env, &t, &event).await;
    env.advance(60).await;

    // An invitee cancels: only they are canceled; the event stays active.
    let (st, v) = env
        .control(
            "cancel",
            json!({"invitee": invitees[1], "by": "invitee", "reason": "Cannot make it"}),
        )
        .await;
    assert_eq!(st, 200, "{v}");
    let ev = get_event(&env, &t, &event).await;
    assert_eq!(ev["status"], "active");
    assert_eq!(counter(&ev), (4, 3, 5));
    assert!(ev["updated_at"].as_str() > before["updated_at"].as_str());
    assert!(ev.get("cancellation").is_none());
    for (n, inv) in invitees.iter().enumerate() {
        let want = if n == 1 { "canceled" } else { "active" };
        assert_eq!(
            get_event(&env, &t, inv).await["status"],
            want,
            "invitee {n}"
        );
    }

    // The host cancels the event: every remaining invitee, one webhook each.
    let path = format!(
        "{}/cancellation",
        event.trim_start_matches(env.sandbox.base_url())
    );
    let (st, _, c) = env
        .post(&t.access, &path, json!({"reason": "Venue closed"}))
        .await;
    assert_eq!(st, 201, "{c}");
    assert_eq!(c["resource"]["canceler_type"], "host");
    assert_eq!(c["resource"]["canceled_by"], "Morgan Avery");
    let ev = get_event(&env, &t, &event).await;
    assert_eq!(ev["status"], "canceled");
    assert_eq!(counter(&ev), (4, 0, 5));
    let got = rx.wait_for(8).await;
    let canceled: Vec<Value> = got
        .iter()
        .map(common::Received::json)
        .filter(|b| b["event"] == "invitee.canceled")
        .collect();
    assert_eq!(canceled.len(), 4);
    assert_eq!(s(&canceled[0]["payload"]["uri"]), invitees[1]);
    assert_eq!(
        canceled[0]["payload"]["cancellation"]["canceler_type"],
        "invitee"
    );
    let by_host: Vec<String> = canceled[1..]
        .iter()
        .map(|b| s(&b["payload"]["uri"]))
        .collect();
    let expected = [&invitees[0], &invitees[2], &invitees[3]].map(String::clone);
    assert_eq!(
        by_host, expected,
        "one invitee.canceled per remaining invitee"
    );
    for b in &canceled[1..] {
        assert_eq!(b["payload"]["cancellation"]["canceler_type"], "host");
        assert_eq!(b["payload"]["cancellation"]["reason"], "Venue closed");
    }
    assert_eq!(rx.received().len(), 8, "nothing else");

    // The slot is free again: a new booking opens a new event.
    let again = book_slot(&env, &wk, "c5@example.com").await;
    assert_ne!(s(&again["event"]["uri"]), event);
    assert_eq!(counter(&again["event"]), (1, 1, 5));
}

#[tokio::test]
async fn the_control_api_cancels_a_group_event_for_every_invitee() {
    let Hooked { env, t, rx, .. } = hooked(SandboxConfig::default()).await;
    let wk = workshop(&env, &t).await;
    book_slot(&env, &wk, "a@example.com").await;
    let event = s(&book_slot(&env, &wk, "b@example.com").await["event"]["uri"]);
    let (st, v) = env.control("cancel", json!({"event": event})).await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["event"]["status"], "canceled");
    let got = rx.wait_for(4).await;
    let names: Vec<String> = got.iter().map(|r| s(&r.json()["event"])).collect();
    assert_eq!(
        names,
        [
            "invitee.created",
            "invitee.created",
            "invitee.canceled",
            "invitee.canceled"
        ]
    );
    assert_ne!(
        got[2].json()["payload"]["uri"],
        got[3].json()["payload"]["uri"]
    );
    let (st, _) = env.control("cancel", json!({"event": event})).await;
    assert_eq!(st, 403, "already canceled");
    assert_eq!(counter(&get_event(&env, &t, &event).await), (2, 0, 5));
}

#[tokio::test]
async fn slots_never_overlap_other_meetings_of_the_same_host() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let wk = workshop(&env, &t).await;
    let solo = env.event_type(&t).await;
    book_slot(&env, &wk, "a@example.com").await;
    for (et, start) in [
        (&wk, "2099-09-01T09:30:00Z"),
        (&solo, SLOT),
        (&solo, "2099-09-01T10:00:00Z"),
    ] {
        let (st, e) = env
            .control(
                "book",
                json!({"event_type": et, "name": "Busy Host", "email": "b@example.com", "start_time": start}),
            )
            .await;
        assert_eq!(
            (st.as_u16(), e["details"][0]["parameter"].as_str()),
            (400, Some("start_time")),
            "{start}"
        );
    }
    // A solo slot taken is not joined either.
    let solo_start = "2099-09-02T09:00:00Z";
    env.book(&solo, "s1@example.com", json!({"start_time": solo_start}))
        .await;
    let (st, _) = env
        .control(
            "book",
            json!({"event_type": solo, "name": "Second", "email": "s2@example.com", "start_time": solo_start}),
        )
        .await;
    assert_eq!(st, 400);
    // Another host's calendar is their own.
    let t2 = env.tokens_of(ALL_SCOPES, "second").await;
    let theirs = env.event_type(&t2).await;
    let b = env
        .book(&theirs, "x@example.com", json!({"start_time": SLOT}))
        .await;
    assert_eq!(
        b["event"]["event_memberships"][0]["user"],
        t2.owner.as_str()
    );
}

#[tokio::test]
async fn no_shows_leave_the_events_updated_at_alone_and_changes_bump_it() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;
    let b = env
        .book(
            &et,
            "n@example.com",
            json!({"start_time": "2099-04-01T10:00:00Z"}),
        )
        .await;
    let event = s(&b["event"]["uri"]);
    let invitee = s(&b["invitee"]["uri"]);
    let booked = get_event(&env, &t, &event).await;
    assert_eq!(booked["created_at"], booked["updated_at"]);
    let stamp = || async { s(&get_event(&env, &t, &event).await["updated_at"]) };

    env.advance(60).await;
    let (st, _, ns) = env
        .post(&t.access, "/invitee_no_shows", json!({"invitee": invitee}))
        .await;
    assert_eq!(st, 201);
    assert_eq!(stamp().await, s(&booked["updated_at"]), "marking a no-show");
    let inv = get_event(&env, &t, &invitee).await;
    assert!(
        inv["updated_at"].as_str() > booked["updated_at"].as_str(),
        "the invitee's changes"
    );
    env.advance(60).await;
    let (st, _, _) = env.delete(&t.access, &s(&ns["resource"]["uri"])).await;
    assert_eq!(st, 204);
    env.advance(60).await;
    assert_eq!(
        env.control("no_show", json!({"invitee": invitee})).await.0,
        201
    );
    env.advance(60).await;
    assert_eq!(
        env.control("no_show/unmark", json!({"invitee": invitee}))
            .await
            .0,
        200
    );
    assert_eq!(
        stamp().await,
        s(&booked["updated_at"]),
        "no-shows never bump it"
    );
    let (_, _, list) = env
        .get(
            &t.access,
            &format!("/scheduled_events?user={}", enc(&t.owner)),
        )
        .await;
    assert_eq!(list["collection"][0]["updated_at"], booked["updated_at"]);

    // A reschedule bumps the old event and creates a new one.
    env.advance(60).await;
    let (st, r) = env
        .control(
            "reschedule",
            json!({"invitee": invitee, "start_time": "2099-04-02T10:00:00Z"}),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    let moved = stamp().await;
    assert!(moved > s(&booked["updated_at"]), "reschedule");
    assert_eq!(r["event"]["created_at"], r["event"]["updated_at"]);
    assert!(r["event"]["created_at"].as_str() >= Some(moved.as_str()));

    // A cancellation bumps it too.
    let b = env.book(&et, "m@example.com", json!({})).await;
    let other = s(&b["event"]["uri"]);
    env.advance(60).await;
    env.control("cancel", json!({"invitee": b["invitee"]["uri"]}))
        .await;
    let canceled = get_event(&env, &t, &other).await;
    assert!(canceled["updated_at"].as_str() > b["event"]["updated_at"].as_str());
}

#[tokio::test]
async fn scheduled_events_apply_every_filter_while_paging() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let et = env.event_type(&t).await;
    let mut events = Vec::new();
    for day in 1..=8 {
        let b = env
            .book(
                &et,
                &format!("d{day}@example.com"),
                json!({"start_time": format!("2099-10-{day:02}T10:00:00Z")}),
            )
            .await;
        events.push(s(&b["event"]["uri"]));
    }
    for day in [3, 6] {
        env.control("cancel", json!({"event": events[day - 1]}))
            .await;
    }
    let walk = |query: String| {
        let (env, t) = (&env, &t);
        async move {
            let first = format!("/scheduled_events?user={}&{query}", enc(&t.owner));
            let mut url = first.clone();
            let mut pages: Vec<Vec<String>> = Vec::new();
            loop {
                let (st, _, page) = env.get(&t.access, &url).await;
                assert_eq!(st, 200, "{page}");
                pages.push(
                    page["collection"]
                        .as_array()
                        .expect("collection")
                        .iter()
                        .map(|e| s(&e["uri"]))
                        .collect(),
                );
                match page["pagination"]["next_page_token"].as_str() {
                    Some(tok) => url = format!("{first}&page_token={}", enc(tok)),
                    None => return pages,
                }
            }
        }
    };
    let window = "min_start_time=2099-10-02T10:00:00Z&max_start_time=2099-10-08T10:00:00Z";
    // Days 2..=7 (the max is exclusive), without the two canceled ones, ascending.
    let want: Vec<String> = [2, 4, 5, 7].iter().map(|d| events[d - 1].clone()).collect();
    let pages = walk(format!(
        "{window}&status=active&sort=start_time:asc&count=3"
    ))
    .await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [3, 1]);
    assert_eq!(pages.concat(), want);
    let pages = walk(format!(
        "{window}&status=active&sort=start_time:desc&count=1"
    ))
    .await;
    assert_eq!(pages.len(), 4);
    assert_eq!(
        pages.concat(),
        want.iter().rev().cloned().collect::<Vec<_>>()
    );
    let pages = walk(format!("{window}&status=canceled&count=100")).await;
    assert_eq!(pages.concat(), [events[2].clone(), events[5].clone()]);
    assert_eq!(walk("count=100".into()).await.concat(), events);
}

#[tokio::test]
async fn invitee_lists_page_with_their_filters() {
    let env = start().await;
    let t = env.tokens(ALL_SCOPES).await;
    let wk = workshop(&env, &t).await;
    let mut invitees = Vec::new();
    for n in 1..=5 {
        invitees.push(s(
            &book_slot(&env, &wk, &format!("p{n}@example.com")).await["invitee"]["uri"]
        ));
    }
    let event = s(&get_event(&env, &t, &invitees[0]).await["event"]);
    for n in [0, 3] {
        env.control("cancel", json!({"invitee": invitees[n], "by": "invitee"}))
            .await;
    }
    let active: Vec<String> = [1, 2, 4].iter().map(|&n| invitees[n].clone()).collect();
    let pages = invitee_pages(&env, &t, &event, "status=active&count=2").await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(pages.concat(), active);
    let pages = invitee_pages(
        &env,
        &t,
        &event,
        "status=active&sort=created_at:desc&count=2",
    )
    .await;
    assert_eq!(
        pages.concat(),
        active.iter().rev().cloned().collect::<Vec<_>>()
    );
    let pages = invitee_pages(&env, &t, &event, "email=p5%40example.com").await;
    assert_eq!(pages.concat(), [invitees[4].clone()]);
    // A token from one filter is refused with another.
    let (_, _, p) = env
        .get(
            &t.access,
            &format!("{event}/invitees?status=active&count=2"),
        )
        .await;
    let tok = s(&p["pagination"]["next_page_token"]);
    let (st, _, e) = env
        .get(
            &t.access,
            &format!(
                "{event}/invitees?status=canceled&count=2&page_token={}",
                enc(&tok)
            ),
        )
        .await;
    assert_eq!(
        (st.as_u16(), e["details"][0]["parameter"].as_str()),
        (400, Some("page_token"))
    );
    for bad in ["count=0", "count=101", "status=gone", "sort=start_time:asc"] {
        let (st, _, _) = env.get(&t.access, &format!("{event}/invitees?{bad}")).await;
        assert_eq!(st, 400, "{bad}");
    }
}
