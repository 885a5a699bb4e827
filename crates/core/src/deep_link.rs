//! Strict parsing of `quotla://` links.
//!
//! Anyone can make the OS open a `quotla://` URL (a web page, an e-mail, another program), so
//! a link is input from outside: it is parsed into one of the few shapes Quotla acts on, or
//! refused with a reason that can be shown and logged. The reason never repeats the link's
//! values, which may carry an authorization code.

use std::fmt;

/// Longest link accepted; a real callback is a few hundred bytes.
pub const MAX_LINK_LEN: usize = 2048;
/// Longest authorization code accepted.
const MAX_CODE_LEN: usize = 512;
/// Longest `state` accepted (ours are 43 characters).
const MAX_STATE_LEN: usize = 128;
/// Longest OAuth `error` code accepted.
const MAX_ERROR_LEN: usize = 64;

/// A link Quotla knows how to handle.
#[derive(Clone, PartialEq, Eq)]
pub enum DeepLink {
    /// `quotla://oauth/calendly?code=…&state=…` or `…?error=…&state=…`.
    CalendlyOAuth(OAuthCallback),
}

/// What the authorization server sent back through the browser.
#[derive(Clone, PartialEq, Eq)]
pub enum OAuthCallback {
    /// The user approved: exchange `code` if `state` is one we issued.
    Approved { code: String, state: String },
    /// The user denied or the server failed; `error` is an OAuth error code.
    Failed {
        error: String,
        state: Option<String>,
    },
}

impl OAuthCallback {
    /// The `state` the callback claims, if any.
    pub fn state(&self) -> Option<&str> {
        match self {
            OAuthCallback::Approved { state, .. } => Some(state),
            OAuthCallback::Failed { state, .. } => state.as_deref(),
        }
    }
}

// Links carry authorization codes: never print them, even in debug logs.
impl fmt::Debug for DeepLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeepLink::CalendlyOAuth(OAuthCallback::Approved { .. }) => {
                f.write_str("CalendlyOAuth(Approved { .. })")
            }
            DeepLink::CalendlyOAuth(OAuthCallback::Failed { error, .. }) => {
                write!(f, "CalendlyOAuth(Failed {{ error: {error:?} }})")
            }
        }
    }
}

/// Why a link was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeepLinkError {
    #[error("the link is too long")]
    TooLong,
    #[error("the link is not a valid URL")]
    NotAUrl,
    #[error("the link is not a Quotla link")]
    WrongScheme,
    #[error("Quotla does not know this kind of link")]
    UnknownTarget,
    #[error("the link has a parameter Quotla does not expect")]
    UnexpectedParameter,
    #[error("the link repeats a parameter")]
    RepeatedParameter,
    #[error("the link is missing its {0}")]
    Missing(&'static str),
    #[error("the link's {0} is not valid")]
    Invalid(&'static str),
}

/// Parses `raw` into a [`DeepLink`], refusing anything but the exact shapes Quotla handles.
pub fn parse(raw: &str) -> Result<DeepLink, DeepLinkError> {
    if raw.len() > MAX_LINK_LEN {
        return Err(DeepLinkError::TooLong);
    }
    let url = url::Url::parse(raw).map_err(|_| DeepLinkError::NotAUrl)?;
    if url.scheme() != "quotla" {
        return Err(DeepLinkError::WrongScheme);
    }
    let plain_authority =
        url.username().is_empty() && url.password().is_none() && url.port().is_none();
    if !plain_authority || url.fragment().is_some() {
        return Err(DeepLinkError::UnknownTarget);
    }
    match (url.host_str(), url.path()) {
        (Some("oauth"), "/calendly") => parse_oauth(&url).map(DeepLink::CalendlyOAuth),
        _ => Err(DeepLinkError::UnknownTarget),
    }
}

/// Reads the OAuth parameters of a redirect's query (the `quotla://` link, or the CLI's
/// loopback redirect), with the same strictness.
pub fn parse_oauth(url: &url::Url) -> Result<OAuthCallback, DeepLinkError> {
    let (mut code, mut state, mut error) = (None, None, None);
    for (name, value) in url.query_pairs() {
        let slot = match name.as_ref() {
            "code" => &mut code,
            "state" => &mut state,
            "error" => &mut error,
            // Free text from the server: never shown, so it is accepted and dropped.
            "error_description" | "error_uri" => continue,
            _ => return Err(DeepLinkError::UnexpectedParameter),
        };
        if slot.replace(value.into_owned()).is_some() {
            return Err(DeepLinkError::RepeatedParameter);
        }
    }
    let state = state
        .map(|s| checked(s, MAX_STATE_LEN, "state"))
        .transpose()?;
    match (code, error) {
        (Some(_), Some(_)) => Err(DeepLinkError::Invalid("response")),
        (Some(code), None) => Ok(OAuthCallback::Approved {
            code: checked(code, MAX_CODE_LEN, "authorization code")?,
            state: state.ok_or(DeepLinkError::Missing("state"))?,
        }),
        (None, Some(error)) => Ok(OAuthCallback::Failed {
            error: checked(error, MAX_ERROR_LEN, "error code")?,
            state,
        }),
        (None, None) => Err(DeepLinkError::Missing("authorization code")),
    }
}

/// Values are URL-safe tokens: non-empty, bounded, `[A-Za-z0-9._~-]` only.
fn checked(value: String, max: usize, what: &'static str) -> Result<String, DeepLinkError> {
    let token_chars = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    if value.is_empty() || value.len() > max || !token_chars {
        return Err(DeepLinkError::Invalid(what));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg";

    fn approved(link: &str) -> (String, String) {
        match parse(link) {
            Ok(DeepLink::CalendlyOAuth(OAuthCallback::Approved { code, state })) => (code, state),
            other => panic!("{link} parsed as {other:?}"),
        }
    }

    #[test]
    fn accepts_an_approved_callback() {
        let (code, state) = approved(&format!(
            "quotla://oauth/calendly?code=abc-123_X.y~z&state={STATE}"
        ));
        assert_eq!(code, "abc-123_X.y~z");
        assert_eq!(state, STATE);
    }

    #[test]
    fn accepts_a_denial_and_drops_its_free_text() {
        let link = format!(
            "quotla://oauth/calendly?error=access_denied&error_description=%3Cscript%3E&state={STATE}"
        );
        let parsed = parse(&link).expect("denial parses");
        assert_eq!(
            parsed,
            DeepLink::CalendlyOAuth(OAuthCallback::Failed {
                error: "access_denied".into(),
                state: Some(STATE.into())
            })
        );
    }

    #[test]
    fn refuses_other_schemes_hosts_and_paths() {
        for link in [
            format!("https://oauth/calendly?code=a&state={STATE}"),
            format!("quotlax://oauth/calendly?code=a&state={STATE}"),
            format!("quotla://oauth/zoom?code=a&state={STATE}"),
            format!("quotla://oauth/calendly/extra?code=a&state={STATE}"),
            format!("quotla://evil/calendly?code=a&state={STATE}"),
            format!("quotla://user@oauth/calendly?code=a&state={STATE}"),
            format!("quotla://oauth:99/calendly?code=a&state={STATE}"),
            format!("quotla://oauth/calendly?code=a&state={STATE}#frag"),
            "quotla:oauth/calendly".into(),
        ] {
            assert!(
                matches!(
                    parse(&link),
                    Err(DeepLinkError::WrongScheme
                        | DeepLinkError::UnknownTarget
                        | DeepLinkError::NotAUrl)
                ),
                "{link} must be refused"
            );
        }
    }

    #[test]
    fn refuses_malformed_parameters() {
        let cases = [
            (
                format!("quotla://oauth/calendly?code=a&code=b&state={STATE}"),
                DeepLinkError::RepeatedParameter,
            ),
            (
                format!("quotla://oauth/calendly?code=a&state={STATE}&state={STATE}"),
                DeepLinkError::RepeatedParameter,
            ),
            (
                format!("quotla://oauth/calendly?code=a&state={STATE}&redirect=x"),
                DeepLinkError::UnexpectedParameter,
            ),
            (
                "quotla://oauth/calendly?code=a".into(),
                DeepLinkError::Missing("state"),
            ),
            (
                format!("quotla://oauth/calendly?state={STATE}"),
                DeepLinkError::Missing("authorization code"),
            ),
            (
                "quotla://oauth/calendly".into(),
                DeepLinkError::Missing("authorization code"),
            ),
            (
                format!("quotla://oauth/calendly?code=&state={STATE}"),
                DeepLinkError::Invalid("authorization code"),
            ),
            (
                format!("quotla://oauth/calendly?code=a%20b&state={STATE}"),
                DeepLinkError::Invalid("authorization code"),
            ),
            (
                format!("quotla://oauth/calendly?code=%3Cscript%3E&state={STATE}"),
                DeepLinkError::Invalid("authorization code"),
            ),
            (
                "quotla://oauth/calendly?code=a&state=%00".into(),
                DeepLinkError::Invalid("state"),
            ),
            (
                format!("quotla://oauth/calendly?code=a&error=x&state={STATE}"),
                DeepLinkError::Invalid("response"),
            ),
            (
                format!("quotla://oauth/calendly?error=bad%22quote&state={STATE}"),
                DeepLinkError::Invalid("error code"),
            ),
        ];
        for (link, expected) in cases {
            assert_eq!(parse(&link), Err(expected.clone()), "{link}");
        }
    }

    #[test]
    fn refuses_oversized_links_and_values() {
        let long_code = "a".repeat(MAX_CODE_LEN + 1);
        assert_eq!(
            parse(&format!(
                "quotla://oauth/calendly?code={long_code}&state={STATE}"
            )),
            Err(DeepLinkError::Invalid("authorization code"))
        );
        let huge = format!(
            "quotla://oauth/calendly?code=a&state={}",
            "s".repeat(MAX_LINK_LEN)
        );
        assert_eq!(parse(&huge), Err(DeepLinkError::TooLong));
        assert_eq!(parse(""), Err(DeepLinkError::NotAUrl));
        assert_eq!(parse("not a url at all"), Err(DeepLinkError::NotAUrl));
    }

    #[test]
    fn debug_output_never_shows_the_code() {
        let link = parse(&format!(
            "quotla://oauth/calendly?code=secret-code-123&state={STATE}"
        ))
        .expect("parses");
        let shown = format!("{link:?}");
        assert!(!shown.contains("secret-code-123"), "{shown}");
        assert!(!shown.contains(STATE), "{shown}");
    }
}
