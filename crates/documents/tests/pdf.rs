//! The PDFs read back: every field is in the text layer, the bytes are stable, long and
//! right-to-left content flows onto more pages without leaving the paper, and the first page
//! still looks like its reviewed snapshot.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "common/sheets.rs"]
mod sheets;

use quotla_documents::{render, Kind, Mark, Paper, Sheet};
use sheets::{hostile, invoice, line};

/// The text of every page, in page order, with whitespace collapsed.
fn text_of(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .expect("the PDF parses and its text extracts")
        .iter()
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn media_box(pdf: &[u8]) -> Vec<f32> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let dict = doc.get_dictionary(page).unwrap();
    dict.get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect()
}

/// `label` is in `text`, and the next thing after it is `value`.
fn assert_followed_by(text: &str, label: &str, value: &str) {
    let at = text
        .find(label)
        .unwrap_or_else(|| panic!("{label:?} missing from {text:?}"));
    let rest = text[at + label.len()..].trim_start();
    assert!(
        rest.starts_with(value),
        "{label:?} is not followed by {value:?} in {text:?}"
    );
}

#[test]
fn an_invoice_carries_every_field() {
    let pdf = render(&invoice()).unwrap();
    let text = text_of(&pdf).join(" ");
    for (label, value) in [
        ("Issue date", "1 Dec 2026"),
        ("Due date", "15 Dec 2026"),
        ("Website redesign", "1 €1,200.00 20% €1,200.00"),
        ("Hosting (months)", "12 €15.50 20% €186.00"),
        ("Printed brochure", "2.5 €40.00 5% €100.00"),
        ("Subtotal", "€1,486.00"),
        ("Discount (10%)", "-€148.60"),
        ("Tax 5% on €90.00", "€4.50"),
        ("Tax 20% on €1,247.40", "€249.48"),
        ("Total (EUR)", "€1,591.38"),
        ("Notes", "Thank you for your business."),
        ("Payment details", "IBAN DE89 3704 0044 0532 0130 00"),
    ] {
        assert_followed_by(&text, label, value);
    }
    for expected in [
        "Invoice",
        "INV-0042",
        "Northwind Studio",
        "12 Harbour Road",
        "Bristol BS1 4QA",
        "hello@northwind.example",
        "+44 117 496 0000",
        "GB123456789",
        "BILL TO",
        "Ada Edison",
        "Edison Lamps Ltd",
        "4 Filament Way",
        "ada@edison.example",
        "GB987654321",
        "Website redesign",
        "Hosting (months)",
        "12",
        "€15.50",
        "2.5",
        "5%",
        "20%",
        "€1,200.00",
        "Page 1 of 1",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is missing from {text:?}"
        );
    }
    assert!(!text.contains("VOID") && !text.contains("DRAFT"));
}

#[test]
fn a_quote_has_its_own_labels_and_no_payment_details() {
    let sheet = Sheet {
        kind: Kind::Quote,
        number: Some("QUO-0007".into()),
        ..invoice()
    };
    let text = text_of(&render(&sheet).unwrap()).join(" ");
    assert!(text.contains("Quote") && text.contains("QUO-0007"));
    assert!(text.contains("PREPARED FOR"));
    assert_followed_by(&text, "Valid until", "15 Dec 2026");
    assert!(!text.contains("Payment details") && !text.contains("IBAN"));
}

#[test]
fn the_same_sheet_gives_the_same_bytes() {
    let a = render(&invoice()).unwrap();
    let b = render(&invoice()).unwrap();
    assert!(a == b, "two renders of one sheet differ");
    let other = Sheet {
        number: Some("INV-0043".into()),
        ..invoice()
    };
    assert!(render(&other).unwrap() != a);
}

#[test]
fn paper_size_follows_the_setting() {
    let a4 = media_box(&render(&invoice()).unwrap());
    let letter = media_box(
        &render(&Sheet {
            paper: Paper::Letter,
            ..invoice()
        })
        .unwrap(),
    );
    assert_eq!(a4.len(), 4);
    assert!(
        (a4[2] - 595.276).abs() < 0.01 && (a4[3] - 841.89).abs() < 0.01,
        "{a4:?}"
    );
    assert_eq!(letter[2..], [612.0, 792.0]);
}

#[test]
fn void_and_draft_are_marked_on_every_page() {
    let mut sheet = invoice();
    sheet.lines = (0..80)
        .map(|i| line(&format!("Line {i}"), 1_000, 100, 0))
        .collect();
    for (mark, word) in [(Mark::Void, "VOID"), (Mark::Draft, "DRAFT")] {
        sheet.mark = Some(mark);
        let pages = text_of(&render(&sheet).unwrap());
        assert!(pages.len() > 1);
        for page in &pages {
            assert!(page.contains(word), "{word} missing on {page:?}");
        }
    }
}

#[test]
fn a_draft_invoice_without_a_number_says_so() {
    let sheet = Sheet {
        number: None,
        mark: Some(Mark::Draft),
        ..invoice()
    };
    let text = text_of(&render(&sheet).unwrap()).join(" ");
    assert!(text.contains("Draft: not yet issued"));
}

#[test]
fn hostile_text_flows_onto_several_pages_and_keeps_every_line() {
    let pdf = render(&hostile()).unwrap();
    let pages = text_of(&pdf);
    assert!(pages.len() >= 8, "200 lines fit on {} pages", pages.len());
    let all = pages.join(" ");
    for i in [1, 2, 3, 4, 100, 199, 200] {
        assert!(all.contains(&format!("{i}")), "line {i}");
    }
    assert!(
        all.contains("תל אביב") || all.contains("ביבא לת"),
        "Hebrew address"
    );
    // An emoji is drawn as the font's empty box; the words around it stay.
    assert!(all.contains("with emoji") && !all.contains("😀"));
    let count = pages.len();
    assert!(pages[count - 1].contains(&format!("Page {count} of {count}")));
    // The table header repeats on every page the lines continue on.
    assert!(pages[1].contains("Description") && pages[1].contains("Amount"));
}

/// A page rendered by poppler as 8-bit grey: (width, height, pixels).
fn rasterise(pdf: &[u8], dpi: u32) -> (usize, usize, Vec<u8>) {
    let dir = tempfile_dir();
    let input = dir.join("doc.pdf");
    std::fs::write(&input, pdf).unwrap();
    let out = dir.join("page");
    let status = Command::new("pdftoppm")
        .args(["-f", "1", "-l", "1", "-gray", "-png", "-singlefile", "-r"])
        .arg(dpi.to_string())
        .arg(&input)
        .arg(&out)
        .status()
        .expect("pdftoppm runs (poppler-utils, installed by make test)");
    assert!(status.success());
    let decoded = decode_png(&std::fs::read(out.with_extension("png")).unwrap());
    std::fs::remove_dir_all(dir).unwrap();
    decoded
}

fn decode_png(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    // poppler may write grey pages as RGB: keep one channel.
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    let grey = buf.chunks(channels).map(|px| px[0]).collect();
    (info.width as usize, info.height as usize, grey)
}

fn tempfile_dir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "quotla-pdf-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn nothing_is_drawn_in_the_margins_of_a_hostile_document() {
    let sheet = hostile();
    let pdf = render(&sheet).unwrap();
    let (w, h, pixels) = rasterise(&pdf, 50);
    // 48 pt margins at 50 dpi are 33 px; stay a few pixels inside them.
    let margin = 28;
    for y in 0..h {
        for x in (0..margin).chain(w - margin..w) {
            assert!(
                pixels[y * w + x] > 240,
                "ink at ({x}, {y}) in the side margin"
            );
        }
    }
}

fn snapshot_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/invoice-page1.png")
}

#[test]
fn the_first_page_matches_its_snapshot() {
    let pdf = render(&invoice()).unwrap();
    let (w, h, pixels) = rasterise(&pdf, 40);
    let path = snapshot_path();
    if std::env::var_os("QUOTLA_UPDATE_SNAPSHOTS").is_some() {
        let file = std::fs::File::create(&path).unwrap();
        let mut encoder = png::Encoder::new(file, w as u32, h as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(&pixels)
            .unwrap();
    }
    let (sw, sh, snapshot) = decode_png(&std::fs::read(&path).unwrap());
    assert_eq!((w, h), (sw, sh), "page size changed");
    // Anti-aliasing differs a little between poppler builds: compare the share of pixels
    // that differ clearly, not exact bytes.
    let differing = pixels
        .iter()
        .zip(&snapshot)
        .filter(|(a, b)| a.abs_diff(**b) > 64)
        .count();
    let share = differing as f64 / pixels.len() as f64;
    assert!(
        share < 0.005,
        "{:.2} % of the page differs from the snapshot",
        share * 100.0
    );
}
