//! The loopback redirect of `calendly connect` (RFC 8252 §7.3): a listener on 127.0.0.1
//! that takes exactly one OAuth callback on `/callback` and answers the browser with a page
//! saying it can be closed. Anything else on the port gets a 404 and is ignored.

use std::time::Duration;

use quotla_core::deep_link::{self, OAuthCallback};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How long `connect` waits for the browser (the authorization code's own life).
const WAIT: Duration = Duration::from_secs(10 * 60);
/// Longest request head read from the browser.
const MAX_HEAD: usize = 8 * 1024;

/// A bound listener and the redirect URI that reaches it.
pub struct Loopback {
    listener: TcpListener,
    pub redirect_uri: String,
}

impl Loopback {
    pub async fn bind() -> std::io::Result<Loopback> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        Ok(Loopback {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}/callback"),
        })
    }

    /// Waits for the callback; `None` when none came in time.
    pub async fn callback(self) -> Option<OAuthCallback> {
        tokio::time::timeout(WAIT, async {
            loop {
                let Ok((stream, _)) = self.listener.accept().await else {
                    // Out of file descriptors or similar: wait instead of spinning.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    continue;
                };
                if let Some(callback) = self.serve(stream).await {
                    return callback;
                }
            }
        })
        .await
        .ok()
    }

    async fn serve(&self, mut stream: TcpStream) -> Option<OAuthCallback> {
        let head = tokio::time::timeout(Duration::from_secs(10), read_head(&mut stream))
            .await
            .ok()??;
        let target = head
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("GET "))
            .and_then(|rest| rest.split(' ').next())?
            .to_string();
        let url = url::Url::parse(&format!("http://127.0.0.1{target}")).ok();
        let callback = url
            .filter(|u| u.path() == "/callback")
            .and_then(|u| deep_link::parse_oauth(&u).ok());
        let (status, body) = match &callback {
            Some(OAuthCallback::Approved { .. }) => (
                "200 OK",
                "Quotla received Calendly's answer. You can close this window.",
            ),
            Some(OAuthCallback::Failed { .. }) => (
                "200 OK",
                "Calendly did not connect. You can close this window.",
            ),
            None => ("404 Not Found", "Not found."),
        };
        let page = format!("<!doctype html><meta charset=utf-8><title>Quotla</title><p>{body}</p>");
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{page}",
            page.len()
        );
        stream.write_all(response.as_bytes()).await.ok();
        stream.shutdown().await.ok();
        callback
    }
}

/// Reads up to the end of the request head.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buffer.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buffer.len() + n > MAX_HEAD {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8(buffer).ok()
}
