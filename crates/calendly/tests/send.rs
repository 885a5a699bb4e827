//! Token requests and API calls must be `Send` futures: the desktop runs them from Tauri's
//! async commands and spawned tasks. This test fails to compile if one stops being `Send`.

use calendly::client::CalendlyClient;
use calendly::oauth::{OAuthClient, OAuthConfig, Scopes};
use calendly::Secret;

fn assert_send<T: Send>(_: &T) {}

#[test]
fn token_and_api_futures_are_send() {
    let oauth = OAuthClient::new(
        OAuthConfig::new("client", "http://127.0.0.1:9", "quotla://oauth/calendly")
            .expect("config"),
    )
    .expect("client");
    let request = oauth.authorize(&Scopes::product(), "");
    let exchange = oauth.exchange_code("code", &request.pkce_verifier, &request.scopes);
    assert_send(&exchange);
    let api = CalendlyClient::new("http://127.0.0.1:9", Secret::new("token")).expect("api");
    let me = api.current_user();
    assert_send(&me);
}
