//! The OAuth landing page through real HTTP: only code, state and error are forwarded,
//! encoded and escaped; hostile values are neutralised; the page is locked down.

mod common;

use common::*;

/// The deep link from the page's button (the href is HTML-escaped).
fn button_link(page: &str) -> String {
    let start = page.find("class=\"button\" href=\"").expect("button") + 21;
    let end = start + page[start..].find('"').expect("closing quote");
    page[start..end].replace("&amp;", "&")
}

async fn landing(query: &str) -> (reqwest::header::HeaderMap, String) {
    let db = TestDb::new(Backend::Sqlite).await;
    let relay = start_relay(&db.url, &[]).await;
    let r = client()
        .get(format!("{}/oauth/calendly/callback{query}", base(&relay)))
        .send()
        .await
        .expect("landing");
    assert_eq!(r.status(), 200);
    let headers = r.headers().clone();
    let page = r.text().await.expect("text");
    relay.shutdown().await;
    (headers, page)
}

#[tokio::test]
async fn forwards_code_and_state_to_the_app_with_a_locked_down_page() {
    let (headers, page) = landing("?code=abc123&state=xyz").await;
    assert_eq!(
        button_link(&page),
        "quotla://oauth/calendly?code=abc123&state=xyz"
    );
    assert!(page.contains("Open Quotla"));
    assert!(page.contains("http-equiv=\"refresh\" content=\"0;url=quotla://oauth/calendly?code=abc123&amp;state=xyz\""));
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(headers["content-type"]
        .to_str()
        .expect("ascii")
        .starts_with("text/html"));
    let csp = headers["content-security-policy"].to_str().expect("ascii");
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("script-src"),
        "{csp}"
    );
    assert!(!page.contains("<script"), "no script needed, none allowed");
}

#[tokio::test]
async fn forwards_errors_but_never_their_descriptions() {
    let (_, page) = landing(
        "?error=access_denied&error_description=%3Cb%3EYou%20were%20phished%3C%2Fb%3E&state=s1",
    )
    .await;
    assert_eq!(
        button_link(&page),
        "quotla://oauth/calendly?state=s1&error=access_denied"
    );
    assert!(!page.contains("phished"));
}

#[tokio::test]
async fn hostile_values_are_encoded_escaped_or_dropped() {
    let script = "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    let (_, page) = landing(&format!("?code={script}&state=%27onload%3D%27x&next=https%3A%2F%2Fevil.example&redirect_uri=javascript:alert(1)")).await;
    assert!(!page.contains("<script"));
    assert!(!page.contains("\"><script") && !page.contains("'onload"));
    assert!(!page.contains("evil.example") && !page.contains("javascript:"));
    let link = button_link(&page);
    assert_eq!(
        link,
        "quotla://oauth/calendly?code=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&state=%27onload%3D%27x"
    );

    let long = "a".repeat(10_000);
    let (_, page) = landing(&format!("?code={long}&state=ok")).await;
    assert_eq!(
        button_link(&page),
        "quotla://oauth/calendly?state=ok",
        "overlong code dropped"
    );
    assert!(page.len() < 4096);

    let (_, page) = landing("?code=first&code=second&state=s&state=t").await;
    assert_eq!(
        button_link(&page),
        "quotla://oauth/calendly?code=first&state=s"
    );

    let (_, page) = landing("").await;
    assert_eq!(
        button_link(&page),
        "quotla://oauth/calendly?error=invalid_request"
    );

    let (_, page) = landing("?code=%ZZ%00%0d%0aSet-Cookie:x&state=%E2%9C%93").await;
    let link = button_link(&page);
    assert!(
        link.starts_with(
            "quotla://oauth/calendly?code=%25ZZ%00%0D%0ASet-Cookie%3Ax&state=%E2%9C%93"
        ),
        "{link}"
    );
}
