//! A client that never finishes its request headers is disconnected, so idle half-open
//! requests cannot pile up connections on the relay.

mod common;

use std::time::Duration;

use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn unfinished_headers_are_cut_off() {
    let db = TestDb::new(Backend::Sqlite).await;
    let relay = start_relay(&db.url, &["--header-timeout-secs", "1"]).await;
    let mut stream = tokio::net::TcpStream::connect(relay.addr())
        .await
        .expect("connect");
    stream
        .write_all(
            b"POST /hooks/calendly/0123456789abcdef0123456789abcdef HTTP/1.1\r\nHost: relay\r\n",
        )
        .await
        .expect("partial headers");
    let mut answer = Vec::new();
    // Bounded so a relay that never hangs up fails the test instead of hanging it.
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the relay kept the connection open");
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );

    // A complete request on a fresh connection is still served.
    let r = client()
        .get(format!("{}/healthz", base(&relay)))
        .send()
        .await
        .expect("healthz");
    assert_eq!(r.status(), 200);
    relay.shutdown().await;
}
