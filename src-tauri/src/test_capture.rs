//! What end-to-end tests read instead of the desktop: with `QUOTLA_TEST_CAPTURE_<WHAT>=1`
//! a URL for the browser or a notification is appended to a file in the data directory.
//! Only the hand-over to the desktop is replaced; everything before it is the real path.
//! A packaged build (without the `dev-tools` feature) has no capture: the variables do nothing.

#[cfg(feature = "dev-tools")]
use std::io::Write;
use std::path::Path;

/// Appends `line` to `file` when `var` is set to 1; `None` when capture is off.
#[cfg(feature = "dev-tools")]
pub fn capture(var: &str, data_dir: &Path, file: &str, line: &str) -> Option<std::io::Result<()>> {
    if std::env::var_os(var).is_none_or(|v| v != "1") {
        return None;
    }
    Some(
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(data_dir.join(file))
            .and_then(|mut f| writeln!(f, "{line}")),
    )
}

/// Capture is never on in a packaged build.
#[cfg(not(feature = "dev-tools"))]
pub fn capture(
    _var: &str,
    _data_dir: &Path,
    _file: &str,
    _line: &str,
) -> Option<std::io::Result<()>> {
    None
}
