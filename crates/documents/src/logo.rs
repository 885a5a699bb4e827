//! The business logo: checked once when the user picks it, drawn on every first page.

use std::sync::{Arc, OnceLock};

use krilla::image::Image;

use crate::error::DocumentError;
use crate::fonts;

/// Largest logo file accepted.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

/// The formats a logo may have, recognised by their content rather than a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoFormat {
    Png,
    Jpeg,
    Svg,
}

impl LogoFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            LogoFormat::Png => "image/png",
            LogoFormat::Jpeg => "image/jpeg",
            LogoFormat::Svg => "image/svg+xml",
        }
    }

    pub fn from_media_type(media_type: &str) -> Option<LogoFormat> {
        [LogoFormat::Png, LogoFormat::Jpeg, LogoFormat::Svg]
            .into_iter()
            .find(|f| f.media_type() == media_type)
    }
}

/// A logo that decodes, with its size in pixels (SVG: user units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub format: LogoFormat,
    pub bytes: Vec<u8>,
}

/// A drawable logo, decoded.
pub(crate) enum Decoded {
    Raster(Image),
    Vector(Box<usvg::Tree>),
}

impl Decoded {
    /// Width over height.
    pub(crate) fn aspect(&self) -> f32 {
        let (w, h) = match self {
            Decoded::Raster(image) => {
                let (w, h) = image.size();
                (w as f32, h as f32)
            }
            Decoded::Vector(tree) => (tree.size().width(), tree.size().height()),
        };
        if h > 0.0 {
            w / h
        } else {
            1.0
        }
    }
}

fn sniff(bytes: &[u8]) -> Option<LogoFormat> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(LogoFormat::Png);
    }
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        return Some(LogoFormat::Jpeg);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.contains("<svg").then_some(LogoFormat::Svg)
}

/// The vendored fonts, for text in SVG logos (without them `<text>` would vanish).
fn svg_fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            for file in fonts::FILES {
                db.load_font_data(file.to_vec());
            }
            // usvg falls back to the serif family for a font the SVG names but we lack.
            db.set_serif_family("Noto Sans");
            db.set_sans_serif_family("Noto Sans");
            db.set_monospace_family("Noto Sans");
            db.set_cursive_family("Noto Sans");
            db.set_fantasy_family("Noto Sans");
            Arc::new(db)
        })
        .clone()
}

/// SVG options that never read a file: a logo's `<image href="/etc/...">` stays empty. Text
/// is set in the vendored fonts, whatever family the SVG asks for.
fn svg_options() -> usvg::Options<'static> {
    usvg::Options {
        resources_dir: None,
        font_family: "Noto Sans".into(),
        fontdb: svg_fonts(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    }
}

pub(crate) fn decode(logo: &Logo) -> Result<Decoded, DocumentError> {
    let unreadable = |e: String| DocumentError::LogoUnreadable(e);
    match logo.format {
        LogoFormat::Png => Image::from_png(logo.bytes.clone().into(), true)
            .map(Decoded::Raster)
            .map_err(unreadable),
        LogoFormat::Jpeg => Image::from_jpeg(logo.bytes.clone().into(), true)
            .map(Decoded::Raster)
            .map_err(unreadable),
        LogoFormat::Svg => usvg::Tree::from_data(&logo.bytes, &svg_options())
            .map(|tree| Decoded::Vector(Box::new(tree)))
            .map_err(|e| unreadable(e.to_string())),
    }
}

impl Logo {
    /// Checks a file the user picked: size, format by content, and that it decodes.
    pub fn check(bytes: Vec<u8>) -> Result<Logo, DocumentError> {
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(DocumentError::LogoTooLarge {
                max_kib: MAX_LOGO_BYTES / 1024,
                actual_kib: bytes.len().div_ceil(1024),
            });
        }
        let format = sniff(&bytes).ok_or(DocumentError::LogoFormat)?;
        let logo = Logo { format, bytes };
        let decoded = decode(&logo)?;
        if !(decoded.aspect().is_finite() && decoded.aspect() > 0.0) {
            return Err(DocumentError::LogoUnreadable("it has no size".into()));
        }
        Ok(logo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &[u8] = br##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#1c7ed6"/></svg>"##;

    #[test]
    fn an_svg_logo_is_accepted_with_its_shape() {
        let logo = Logo::check(SVG.to_vec()).unwrap();
        assert_eq!(logo.format, LogoFormat::Svg);
        assert_eq!(decode(&logo).ok().map(|d| d.aspect()), Some(3.0));
    }

    #[test]
    fn text_in_an_svg_logo_is_kept() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="30" font-family="Helvetica" font-size="24">Acme</text></svg>"#;
        let logo = Logo::check(svg.to_vec()).unwrap();
        let Ok(Decoded::Vector(tree)) = decode(&logo) else {
            panic!("the SVG decodes");
        };
        assert!(tree.root().has_children(), "the text was dropped");
    }

    #[test]
    fn files_that_are_not_images_are_refused() {
        for bytes in [
            b"%PDF-1.7 not a logo".to_vec(),
            b"GIF89a".to_vec(),
            Vec::new(),
            b"plain text <sv g>".to_vec(),
        ] {
            assert_eq!(Logo::check(bytes), Err(DocumentError::LogoFormat));
        }
    }

    #[test]
    fn a_truncated_png_or_jpeg_or_broken_svg_is_refused() {
        for bytes in [
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            vec![0xff, 0xd8, 0xff, 0xe0, 0, 0],
            b"<svg xmlns='http://www.w3.org/2000/svg'><unclosed".to_vec(),
        ] {
            assert!(matches!(
                Logo::check(bytes),
                Err(DocumentError::LogoUnreadable(_))
            ));
        }
    }

    #[test]
    fn an_oversized_file_is_refused_before_it_is_read() {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.resize(MAX_LOGO_BYTES + 1, 0);
        assert_eq!(
            Logo::check(bytes),
            Err(DocumentError::LogoTooLarge {
                max_kib: 1024,
                actual_kib: 1025
            })
        );
    }

    #[test]
    fn an_svg_cannot_pull_in_a_file_from_disk() {
        let dir = std::env::temp_dir().join(format!("quotla-logo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let png = dir.join("secret.png");
        std::fs::write(&png, include_bytes!("../tests/fixtures/pixel.png")).unwrap();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image width="10" height="10" xlink:href="{}"/></svg>"#,
            png.display()
        );
        let logo = Logo::check(svg.into_bytes()).unwrap();
        let Ok(Decoded::Vector(tree)) = decode(&logo) else {
            panic!("the SVG decodes");
        };
        assert!(
            !tree.root().has_children(),
            "the file was read into the logo"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
