//! The webhook body parser: any bytes, after a signature check passed.
//!
//! Checks that an accepted body is a JSON object whose `event` is the event reported.

#![no_main]

use calendly::WebhookBody;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = WebhookBody::parse(data) else {
        return;
    };
    let value: serde_json::Value = serde_json::from_slice(data).expect("accepted body is JSON");
    assert_eq!(
        value.get("event").and_then(|e| e.as_str()),
        Some(body.event().as_str()),
        "reported event differs from the body's"
    );
    let _ = body.created_by();
});
