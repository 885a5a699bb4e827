//! The CLI's output contract (README.md): JSON with the id on top, arrays with `--json`,
//! exit 0 / 1 / 2 with a one-line message, CSV import all-or-nothing, CSV export.

mod common;

use common::World;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn created_objects_print_with_their_id_and_lists_print_arrays() {
    let w = World::new().await;
    let ann = w
        .cli(&[
            "clients",
            "add",
            "--name",
            "Ann Example",
            "--email",
            "ann@example.com",
            "--company",
            "Acme",
        ])
        .await
        .json();
    assert!(ann["id"].as_i64().is_some(), "{ann}");
    assert_eq!(ann["company"], "Acme");
    let quote = w
        .cli(&[
            "quotes",
            "add",
            "--client",
            &ann["id"].to_string(),
            "--line",
            "Design: phase 1:2:120.50",
            "--line",
            "Travel:1:30",
        ])
        .await
        .json();
    assert!(
        quote["id"].as_i64().is_some() && quote["number"].as_str().is_some(),
        "{quote}"
    );
    let items = quote["items"].as_array().expect("items");
    assert_eq!(items[0]["description"], "Design: phase 1");
    assert_eq!(items[0]["quantity_milli"], 2000);
    assert_eq!(items[0]["unit_price_minor"], 12050);
    assert_eq!(quote["status"], "draft");
    let id = ann["id"].to_string();
    let sent = w
        .cli(&[
            "quotes",
            "add",
            "--client",
            &id,
            "--line",
            "Audit:1:90",
            "--send",
        ])
        .await
        .json();
    assert_eq!(sent["status"], "sent", "{sent}");
    let draft = w
        .cli(&["invoices", "add", "--client", &id, "--line", "Audit:1:90"])
        .await
        .json();
    assert_eq!(draft["status"], "draft", "{draft}");
    assert_eq!(draft["number"], Value::Null);
    let issued = w
        .cli(&[
            "invoices",
            "add",
            "--client",
            &id,
            "--line",
            "Audit:1:90",
            "--issue",
        ])
        .await
        .json();
    assert_eq!(issued["status"], "issued", "{issued}");
    assert!(issued["number"].as_str().is_some(), "{issued}");
    assert!(issued["due_date"].as_str() > issued["issue_date"].as_str());
    let out = w.data.path().join("invoice.pdf");
    let written = w
        .cli(&[
            "invoices",
            "pdf",
            &issued["id"].to_string(),
            "--out",
            out.to_str().unwrap(),
            "--locale",
            "de-DE",
        ])
        .await
        .json();
    assert!(written["size_bytes"].as_u64().unwrap() > 1000, "{written}");
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    let clients = w.cli(&["clients", "list", "--json"]).await.json();
    assert_eq!(clients.as_array().map(Vec::len), Some(1));
    let meetings = w.cli(&["meetings", "list", "--json"]).await.json();
    assert_eq!(meetings, Value::Array(Vec::new()));
    let status = w.cli(&["calendly", "status", "--json"]).await.json();
    assert_eq!(status["state"], "not_connected");
    assert_eq!(status["mode"], "off");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_usage_exits_2_and_failures_exit_1_with_one_line() {
    let w = World::new().await;
    for args in [
        vec!["clients", "frobnicate"],
        vec!["quotes", "add", "--client", "1"],
        vec!["quotes", "add", "--client", "1", "--line", "no price"],
        vec!["quotes", "add", "--client", "1", "--line", "x:1:1.234"],
        vec!["sync"],
        vec!["sync", "--once", "--follow"],
        vec!["meetings", "list", "--from", "31/12/2025"],
        vec!["meetings", "list", "--status", "maybe"],
        vec![
            "links",
            "create",
            "--client",
            "1",
            "--quote",
            "Q",
            "--invoice",
            "I",
        ],
        vec!["clients", "add", "--name", "X", "--email", "not-an-email"],
        vec!["quotes", "add", "--client", "999", "--line", "x:1:1"],
        vec!["invoices", "add", "--client", "1"],
        vec!["invoices", "add", "--client", "1", "--line", "x:-1:1"],
        vec!["invoices", "pdf", "1"],
        vec!["quotes", "pdf", "--out", "x.pdf"],
        vec![
            "invoices", "add", "--client", "999", "--line", "x:1:1", "--issue",
        ],
    ] {
        let run = w.cli(&args).await;
        assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{args:?}");
    }
    for args in [
        vec![
            "meetings",
            "cancel",
            "https://api.calendly.com/x",
            "--reason",
            "r",
        ],
        vec!["links", "create", "--client", "1"],
        vec!["clients", "import", "--csv", "/nonexistent/file.csv"],
        vec![
            "quotes",
            "pdf",
            "999",
            "--out",
            "/tmp/quotla-never-written.pdf",
        ],
    ] {
        let run = w.cli(&args).await;
        assert_eq!(run.code, Some(1), "{args:?}: {run:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    }
    let not_connected = w.cli(&["links", "create", "--client", "1"]).await;
    assert!(
        not_connected.stderr.contains("[calendly_not_connected]"),
        "{not_connected:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csv_import_is_all_or_nothing_and_an_export_writes_every_table() {
    let w = World::new().await;
    let dir = w.data.path();
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "name,email\nAnn,ann@example.com\n,x@example.com\nBob,nope\n",
    )
    .unwrap();
    let run = w
        .cli(&["clients", "import", "--csv", bad.to_str().unwrap()])
        .await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("line 3") && run.stderr.contains("line 4"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1);
    assert_eq!(
        w.cli(&["clients", "list", "--json"]).await.json(),
        Value::Array(Vec::new())
    );
    let binary = dir.join("binary.csv");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    assert_eq!(
        w.cli(&["clients", "import", "--csv", binary.to_str().unwrap()])
            .await
            .code,
        Some(1)
    );

    let good = dir.join("good.csv");
    std::fs::write(
        &good,
        "Name,Email,Company\r\n\"Doe, Jane\",jane@example.com,\"Acme \"\"Roofs\"\"\"\r\nBob,,\r\n",
    )
    .unwrap();
    let imported = w
        .cli(&["clients", "import", "--csv", good.to_str().unwrap()])
        .await
        .json();
    assert_eq!(imported["imported"], 2);
    let out = dir.join("export");
    let files = w
        .cli(&["export", "--format", "csv", "--out", out.to_str().unwrap()])
        .await
        .json();
    let names: Vec<String> = files["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        ["clients.csv", "quotes.csv", "invoices.csv", "meetings.csv"]
    );
    let clients = std::fs::read_to_string(out.join("clients.csv")).unwrap();
    assert!(clients.contains("\"Doe, Jane\"") && clients.contains("\"Acme \"\"Roofs\"\"\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_fills_an_empty_data_directory_once() {
    let w = World::new().await;
    let report = w
        .cli(&[
            "seed",
            "--clients",
            "40",
            "--documents",
            "120",
            "--meetings",
            "150",
        ])
        .await
        .json();
    assert_eq!(
        (&report["clients"], &report["meetings"]),
        (&Value::from(40), &Value::from(150))
    );
    assert_eq!(
        report["quotes"].as_i64().unwrap() + report["invoices"].as_i64().unwrap(),
        120
    );
    let clients = w.cli(&["clients", "list", "--json"]).await.json();
    assert_eq!(clients.as_array().unwrap().len(), 40);
    // A second seed would mix made-up data into real data: refused, with the reason.
    let again = w.cli(&["seed", "--clients", "1"]).await;
    assert_eq!(again.code, Some(1), "{again:?}");
    assert!(
        again.stderr.contains("already holds data"),
        "{}",
        again.stderr
    );
    // Absurd sizes are refused before anything is written.
    let huge = w.cli(&["seed", "--clients", "2000000"]).await;
    assert_eq!(huge.code, Some(2), "{huge:?}");
    assert!(
        huge.stderr.contains("at most 1000000 clients"),
        "{}",
        huge.stderr
    );
    let negative = w.cli(&["seed", "--meetings", "-5"]).await;
    assert_eq!(negative.code, Some(2), "{negative:?}");
}
