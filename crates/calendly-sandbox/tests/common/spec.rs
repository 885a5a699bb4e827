//! Calendly's OpenAPI description as a JSON Schema validator.
//!
//! The YAML is loaded as is and adapted to JSON Schema 2020-12 in the few places where
//! OpenAPI 3.0 differs: `nullable: true` becomes `anyOf: [{type: null}, …]` (plain JSON
//! Schema ignores `nullable`, which would let a wrong `null` pass or a right one fail), a
//! bare-string `enum` becomes `const`, and `example`s are dropped. Format assertions are on,
//! so timestamps, URIs and e-mails are checked too.

use serde_json::{json, Map, Value};
use std::sync::OnceLock;

pub const OPENAPI: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../calendly/tests/data/openapi-2024-04.yaml"
);
pub const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../calendly/tests/data/fixtures"
);

/// The no-show webhook events postdate the April 2024 description (Calendly added them later);
/// they are added to the event enums so subscriptions naming them can be checked.
const NEWER_EVENTS: [&str; 2] = ["invitee_no_show.created", "invitee_no_show.deleted"];

pub struct Spec {
    doc: Value,
}

fn adapt(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            let mut nullable = false;
            for (k, v) in m {
                match k.as_str() {
                    "example" | "examples" | "x-examples" => {}
                    "nullable" => nullable = v == Value::Bool(true),
                    "enum" if v.is_string() => {
                        out.insert("const".into(), v);
                    }
                    _ => {
                        out.insert(k, adapt(v));
                    }
                }
            }
            if nullable {
                json!({ "anyOf": [{ "type": "null" }, Value::Object(out)] })
            } else {
                Value::Object(out)
            }
        }
        Value::Array(a) => Value::Array(a.into_iter().map(adapt).collect()),
        other => other,
    }
}

fn add_newer_events(doc: &mut Value) {
    for ptr in [
        "/components/schemas/WebhookSubscription/properties/events/items/enum",
        "/components/schemas/WebhookPayload/properties/event/enum",
    ] {
        if let Some(Value::Array(e)) = doc.pointer_mut(ptr) {
            e.extend(NEWER_EVENTS.iter().map(|s| json!(s)));
        }
    }
}

impl Spec {
    pub fn get() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(|| {
            let text = std::fs::read_to_string(OPENAPI).expect("read openapi yaml");
            let raw: Value = serde_yaml::from_str(&text).expect("parse openapi yaml");
            let mut doc = adapt(raw);
            add_newer_events(&mut doc);
            Spec { doc }
        })
    }

    /// The JSON pointer of the response schema of `method path` answering `status`,
    /// following a `$ref` to `#/components/responses/…`.
    pub fn response_pointer(&self, path: &str, method: &str, status: u16) -> String {
        let esc = path.replace('~', "~0").replace('/', "~1");
        let base = format!("/paths/{esc}/{method}/responses/{status}");
        let resp = self
            .doc
            .pointer(&base)
            .unwrap_or_else(|| panic!("no response {status} for {method} {path} in the spec"));
        let base = match resp.get("$ref").and_then(Value::as_str) {
            Some(r) => r.trim_start_matches('#').to_owned(),
            None => base,
        };
        format!("{base}/content/application~1json/schema")
    }

    fn validate_at(&self, pointer: &str, instance: &Value) -> Result<(), String> {
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        compiler.enable_format_assertions();
        compiler
            .add_resource("urn:calendly", self.doc.clone())
            .map_err(|e| format!("{e:#}"))?;
        let mut schemas = boon::Schemas::new();
        let idx = compiler
            .compile(&format!("urn:calendly#{pointer}"), &mut schemas)
            .map_err(|e| format!("{e:#}"))?;
        schemas
            .validate(instance, idx)
            .map_err(|e| format!("{e:#}"))
    }

    /// Asserts that `body` is a valid answer of `method path` with `status`.
    pub fn check(&self, path: &str, method: &str, status: u16, body: &Value) {
        let ptr = self.response_pointer(path, method, status);
        if let Err(e) = self.validate_at(&ptr, body) {
            panic!(
                "{method} {path} {status} does not match the OpenAPI schema:\n{e}\nbody: {body:#}"
            );
        }
    }

    /// Asserts that `body` is valid against `#/components/schemas/{name}`.
    pub fn check_schema(&self, name: &str, body: &Value) {
        if let Err(e) = self.validate_at(&format!("/components/schemas/{name}"), body) {
            panic!("body does not match schema {name}:\n{e}\nbody: {body:#}");
        }
    }

    /// Whether `body` is valid against a response schema (for negative tests).
    pub fn is_valid(&self, path: &str, method: &str, status: u16, body: &Value) -> bool {
        self.validate_at(&self.response_pointer(path, method, status), body)
            .is_ok()
    }
}
