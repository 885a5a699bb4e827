//! A quote or an invoice for the client: saved as a PDF, opened to print, or saved beside an
//! e-mail draft in the user's mail program.

use std::path::PathBuf;

use quotla_core::model::{DocumentKind, Id, MailDraft};
use quotla_core::store::{Pdf, Purpose};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager, Runtime, State};

use super::settings::absolute_path;
use crate::calendly::browser;
use crate::desktop;
use crate::error::{AppError, ErrorCode};
use crate::state::AppState;

/// A PDF written to disk.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SavedPdf {
    pub path: String,
    pub size_bytes: i64,
}

/// What "Send by e-mail" prepared: the PDF saved for attaching, and the draft opened.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PreparedEmail {
    pub pdf: SavedPdf,
    /// Whether the file manager showed the PDF (else the UI names where it is).
    pub revealed: bool,
    pub to: Option<String>,
    pub subject: String,
}

/// Writes a rendered PDF to `path`.
fn save(pdf: &Pdf, path: PathBuf) -> Result<SavedPdf, AppError> {
    desktop::write_file(&path, &pdf.bytes)?;
    Ok(SavedPdf {
        path: path.to_string_lossy().into_owned(),
        size_bytes: i64::try_from(pdf.bytes.len()).unwrap_or(i64::MAX),
    })
}

/// The name a save dialog proposes: the document's number.
#[tauri::command]
#[specta::specta]
pub async fn document_file_name(
    state: State<'_, AppState>,
    kind: DocumentKind,
    id: Id,
) -> Result<String, AppError> {
    Ok(state.store().await.document_file_name(kind, id).await?)
}

/// Writes the PDF to a path chosen in the save dialog. `locale` is the UI's (BCP 47).
#[tauri::command]
#[specta::specta]
pub async fn save_document_pdf(
    state: State<'_, AppState>,
    kind: DocumentKind,
    id: Id,
    path: String,
    locale: String,
) -> Result<SavedPdf, AppError> {
    let path = pdf_target(&absolute_path(&path)?, state.data_dir())?;
    let pdf = state
        .store()
        .await
        .document_pdf(kind, id, &locale, Purpose::Keep)
        .await?;
    save(&pdf, path)
}

/// A path the save dialog may write a PDF to: a `.pdf` file outside Quotla's data directory,
/// so no call can overwrite the database.
fn pdf_target(path: &std::path::Path, data_dir: &std::path::Path) -> Result<PathBuf, AppError> {
    let refuse = |message: &str| AppError {
        code: ErrorCode::Validation,
        message: message.into(),
        field: Some("path".into()),
    };
    let is_pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        return Err(refuse("Save the PDF under a name that ends in .pdf."));
    }
    let inside = |dir: &std::path::Path| {
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let parent = path
            .parent()
            .and_then(|p| std::fs::canonicalize(p).ok())
            .unwrap_or_else(|| path.to_path_buf());
        parent.starts_with(dir)
    };
    if inside(data_dir) {
        return Err(refuse(
            "Choose a folder outside Quotla's data folder for the PDF.",
        ));
    }
    Ok(path.to_path_buf())
}

/// Opens the PDF in the system's viewer, to print from there: the printed page is the PDF the
/// client receives, not a print of the screen.
#[tauri::command]
#[specta::specta]
pub async fn print_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: DocumentKind,
    id: Id,
    locale: String,
) -> Result<SavedPdf, AppError> {
    let pdf = state
        .store()
        .await
        .document_pdf(kind, id, &locale, Purpose::Keep)
        .await?;
    let dir = app
        .path()
        .app_cache_dir()
        .map_err(|_| AppError::new(ErrorCode::Io, "Quotla could not find its cache folder."))?
        .join("print");
    let saved = save(&pdf, dir.join(&pdf.file_name))?;
    desktop::open_file(&app, state.data_dir(), &PathBuf::from(&saved.path))?;
    Ok(saved)
}

/// Percent-encodes a `mailto:` component, keeping RFC 3986's unreserved characters and
/// `keep` (the `@` of an address must stay as it is, RFC 6068).
fn mail_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.replace('\n', "\r\n").bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || keep.contains(&byte)
        {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `mailto:` URL of a draft (address, subject and body only: it cannot carry the PDF).
fn mailto(draft: &MailDraft) -> Result<url::Url, AppError> {
    let to = draft
        .to
        .as_deref()
        .map(|to| mail_encode(to, b"@"))
        .unwrap_or_default();
    let raw = format!(
        "mailto:{to}?subject={}&body={}",
        mail_encode(&draft.subject, b""),
        mail_encode(&draft.body, b"")
    );
    url::Url::parse(&raw)
        .map_err(|_| AppError::new(ErrorCode::Internal, "The e-mail draft could not be made."))
}

/// Saves the PDF in the user's documents folder, shows it in the file manager and opens an
/// e-mail draft to the client: the user attaches the PDF and sends. Nothing is marked sent
/// here; the UI asks the user to confirm that it went out.
#[tauri::command]
#[specta::specta]
pub async fn email_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: DocumentKind,
    id: Id,
    locale: String,
) -> Result<PreparedEmail, AppError> {
    let (draft, pdf) = state.store().await.mail_with_pdf(kind, id, &locale).await?;
    let pdf = save(&pdf, desktop::documents_dir(&app)?.join(&pdf.file_name))?;
    let saved_at = PathBuf::from(&pdf.path);
    // The PDF is saved either way: a file manager that does not answer costs only the
    // convenience, and the dialog names the file.
    let revealed = desktop::reveal_file(&app, state.data_dir(), &saved_at)
        .inspect_err(|e| tracing::warn!(error = %e, "could not show the PDF"))
        .is_ok();
    browser::open(&app, state.data_dir(), &mailto(&draft)?).map_err(|_| {
        AppError::new(
            ErrorCode::BrowserUnavailable,
            format!(
                "Quotla could not open your e-mail program. The PDF is saved at {}: attach it to an e-mail to the client.",
                saved_at.display()
            ),
        )
    })?;
    Ok(PreparedEmail {
        pdf,
        revealed,
        to: draft.to,
        subject: draft.subject,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_becomes_a_mailto_with_every_character_escaped() {
        let draft = MailDraft {
            to: Some("ada+quotes@example.com".into()),
            subject: "Quote QUO-0001 & more?".into(),
            body: "Hello Ada,\nTotal: €1,200.00\n".into(),
        };
        let url = mailto(&draft).unwrap();
        assert_eq!(url.scheme(), "mailto");
        assert_eq!(url.path(), "ada%2Bquotes@example.com");
        let query = url.query().unwrap();
        assert!(query.starts_with(
            "subject=Quote%20QUO-0001%20%26%20more%3F&body=Hello%20Ada%2C%0D%0ATotal"
        ));
        assert!(query.contains("%E2%82%AC1%2C200.00"), "{query}");
    }

    #[test]
    fn a_pdf_is_saved_only_as_a_pdf_outside_the_data_directory() {
        let data = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let ok = elsewhere.path().join("QUO-0001.PDF");
        assert_eq!(pdf_target(&ok, data.path()).unwrap(), ok);
        for bad in [
            elsewhere.path().join("QUO-0001.txt"),
            elsewhere.path().join("no-extension"),
            data.path().join("quotla.pdf"),
            data.path().join("sub").join("..").join("x.pdf"),
        ] {
            let err = pdf_target(&bad, data.path()).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("path"), "{bad:?}");
        }
    }

    #[test]
    fn a_client_without_an_address_gets_an_empty_recipient() {
        let draft = MailDraft {
            to: None,
            subject: "S".into(),
            body: "B".into(),
        };
        assert_eq!(mailto(&draft).unwrap().as_str(), "mailto:?subject=S&body=B");
    }
}
