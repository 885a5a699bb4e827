//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::net::SocketAddr;

use axum::Router;

/// Serves `app` on a free loopback port until the test ends; returns its base URL.
pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    format!("http://{addr}")
}
