//! Quotes and invoices as PDF files a client can receive.
//!
//! Core hands over a [`Sheet`]: the document's data, unformatted, with the user's locale.
//! This crate formats it, lays it out on A4 or US Letter pages and writes the PDF with
//! [krilla](https://docs.rs/krilla). Text is shaped with rustybuzz, ordered with the Unicode
//! bidi algorithm and drawn with the fonts vendored in `fonts/` (Noto Sans for Latin,
//! Greek and Cyrillic, Noto Sans Arabic, Noto Sans Hebrew); a character none of them has,
//! such as an emoji, is drawn as Noto Sans' empty box (its `.notdef` glyph).
//! The same sheet always gives the same bytes.

mod error;
mod fonts;
pub mod format;
mod layout;
pub mod logo;
mod render;
mod sheet;
mod text;

pub use error::DocumentError;
pub use logo::{Logo, LogoFormat};
pub use render::render;
pub use sheet::{Kind, Mark, Money, Paper, Party, Sheet, SheetLine, TaxLine};
