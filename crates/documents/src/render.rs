//! Draws the laid-out pages with krilla: text, rules, the logo, the footer and the mark.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::error::DocumentError;
use crate::fonts::family;
use crate::layout::{Grey, Layout, Op, MARGIN, MUTED};
use crate::logo::{self, Decoded};
use crate::sheet::{Kind, Mark, Sheet};
use crate::text;

fn fill(grey: Grey) -> Fill {
    Fill {
        paint: rgb::Color::new(grey, grey, grey).into(),
        ..Fill::default()
    }
}

fn draw_line(surface: &mut Surface, x: f32, y: f32, line: &text::Line, size: f32, grey: Grey) {
    surface.set_fill(Some(fill(grey)));
    draw_runs(surface, x, y, line, size);
}

/// The runs of a shaped line from `x` on the baseline `y`, in the current fill.
fn draw_runs(surface: &mut Surface, x: f32, y: f32, line: &text::Line, size: f32) {
    let mut x = x;
    for run in &line.runs {
        let face = &family(run.bold).faces[run.face];
        surface.draw_glyphs(
            Point::from_xy(x, y),
            &run.glyphs,
            face.pdf.clone(),
            &run.text,
            size,
            false,
        );
        x += run.advance * size;
    }
}

fn draw_op(surface: &mut Surface, op: &Op, logo: Option<&Decoded>) {
    match op {
        Op::Text {
            x,
            y,
            line,
            size,
            grey,
        } => draw_line(surface, *x, *y, line, *size, *grey),
        Op::Fill { x, y, w, h, grey } => {
            let mut path = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                path.push_rect(rect);
            }
            if let Some(path) = path.finish() {
                surface.set_fill(Some(fill(*grey)));
                surface.set_stroke(None);
                surface.draw_path(&path);
            }
        }
        Op::Rule { x1, x2, y, grey } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y);
            path.line_to(*x2, *y);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(*grey, *grey, *grey).into(),
                    width: 0.6,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Op::Logo { x, y, w, h } => {
            let (Some(logo), Some(size)) = (logo, Size::from_wh(*w, *h)) else {
                return;
            };
            surface.push_transform(&Transform::from_translate(*x, *y));
            match logo {
                Decoded::Raster(image) => surface.draw_image(image.clone(), size),
                Decoded::Vector(tree) => {
                    surface.draw_svg(tree, size, SvgSettings::default());
                }
            }
            surface.pop();
        }
    }
}

/// The word across the page, large, turned and faint so the content stays readable.
fn draw_mark(surface: &mut Surface, mark: Mark, width: f32, height: f32) {
    let (word, colour) = match mark {
        Mark::Void => ("VOID", rgb::Color::new(201, 42, 42)),
        Mark::Draft => ("DRAFT", rgb::Color::new(120, 120, 120)),
    };
    let size = 110.0;
    let line = text::shape_line(word, true);
    let w = line.width(size);
    surface.push_transform(&Transform::from_rotate_at(-30.0, width / 2.0, height / 2.0));
    surface.push_opacity(NormalizedF32::new(0.18).unwrap_or(NormalizedF32::ONE));
    surface.set_fill(Some(Fill {
        paint: colour.into(),
        ..Fill::default()
    }));
    draw_runs(
        surface,
        (width - w) / 2.0,
        height / 2.0 + size * 0.35,
        &line,
        size,
    );
    surface.pop();
    surface.pop();
}

/// The footer's left part, shortened with an ellipsis to fit `max` points.
fn fitted(text: &str, size: f32, max: f32) -> String {
    if text::width(text, size, false) <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate = format!("{}…", chars.iter().collect::<String>().trim_end());
        if text::width(&candidate, size, false) <= max {
            return candidate;
        }
    }
    String::new()
}

/// The PDF of `sheet`. The same sheet always gives the same bytes: no clock, no random ID.
pub fn render(sheet: &Sheet) -> Result<Vec<u8>, DocumentError> {
    let logo = sheet.logo.as_ref().map(logo::decode).transpose()?;
    let layout = Layout::new(sheet);
    let (width, height) = (layout.width, layout.height);
    let pages = layout.run(logo.as_ref().map(Decoded::aspect));
    let title = match (sheet.kind, &sheet.number) {
        (Kind::Quote, Some(n)) => format!("Quote {n}"),
        (Kind::Invoice, Some(n)) => format!("Invoice {n}"),
        (Kind::Quote, None) => "Quote".to_string(),
        (Kind::Invoice, None) => "Draft invoice".to_string(),
    };
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.clone())
            .creator("Quotla".to_string())
            .language(sheet.locale.clone()),
    );
    let footer_left = match sheet.business.name.trim() {
        "" => title,
        name => format!("{title} · {name}"),
    };
    let count = pages.len();
    for (index, ops) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(width, height)
            .ok_or_else(|| DocumentError::Write("invalid page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            draw_op(&mut surface, op, logo.as_ref());
        }
        let baseline = height - MARGIN + 6.0;
        let page_label = format!("Page {} of {count}", index + 1);
        let label = text::shape_line(&page_label, false);
        let label_x = width - MARGIN - label.width(8.0);
        draw_line(&mut surface, label_x, baseline, &label, 8.0, MUTED);
        let left = fitted(&footer_left, 8.0, label_x - MARGIN - 24.0);
        draw_line(
            &mut surface,
            MARGIN,
            baseline,
            &text::shape_line(&left, false),
            8.0,
            MUTED,
        );
        if let Some(mark) = sheet.mark {
            draw_mark(&mut surface, mark, width, height);
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| DocumentError::Write(format!("{e:?}")))
}
