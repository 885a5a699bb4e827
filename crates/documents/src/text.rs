//! Text into positioned glyphs: bidi reordering, font fallback per character, shaping, and
//! greedy line breaking at spaces (inside a word only when the word alone is too wide).

use krilla::text::{GlyphId, KrillaGlyph};
use unicode_bidi::{BidiInfo, Level};

use crate::fonts::{family, Family};

/// A stretch of one line drawn with one face, its glyphs in visual order.
pub(crate) struct Run {
    pub(crate) face: usize,
    pub(crate) bold: bool,
    /// The text the glyphs' ranges point into (kept so copying from the PDF gives it back).
    pub(crate) text: String,
    pub(crate) glyphs: Vec<KrillaGlyph>,
    /// Advance in em.
    pub(crate) advance: f32,
}

/// One line, shaped and in visual order.
pub(crate) struct Line {
    pub(crate) runs: Vec<Run>,
    /// Whether the paragraph reads right to left (then it is aligned to the right).
    pub(crate) rtl: bool,
}

impl Line {
    /// Width at `size` points.
    pub(crate) fn width(&self, size: f32) -> f32 {
        self.runs.iter().map(|r| r.advance).sum::<f32>() * size
    }
}

/// Characters that take the face of their neighbours instead of choosing their own, so a
/// space or a digit does not split an Arabic word group into several runs.
fn is_neutral(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || c.is_ascii_digit()
}

/// Splits `text` into (face, range) pieces in logical order.
fn by_face(fam: &Family, text: &str) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut pieces: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let face = match pieces.last() {
            Some((face, _)) if is_neutral(c) && fam.faces[*face].covers(c) => *face,
            _ => fam.face_for(c),
        };
        match pieces.last_mut() {
            Some((last, range)) if *last == face => range.end = end,
            _ => pieces.push((face, i..end)),
        }
    }
    pieces
}

fn shape(fam: &Family, face: usize, text: &str, rtl: bool, bold: bool) -> Run {
    let shaper = &fam.faces[face].shaper;
    let upem = f32::from(shaper.units_per_em() as u16);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    let output = rustybuzz::shape(shaper, &[], buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    // A cluster's text runs from its start to the next larger cluster start.
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut advance = 0.0;
    for (info, pos) in infos.iter().zip(positions) {
        let start = info.cluster as usize;
        let end = starts
            .iter()
            .find(|s| **s > start)
            .copied()
            .unwrap_or(text.len());
        let x_advance = pos.x_advance as f32 / upem;
        advance += x_advance;
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(info.glyph_id),
            x_advance,
            pos.x_offset as f32 / upem,
            pos.y_offset as f32 / upem,
            pos.y_advance as f32 / upem,
            start..end,
            None,
        ));
    }
    Run {
        face,
        bold,
        text: text.to_string(),
        glyphs,
        advance,
    }
}

/// Shapes one line of text (no line breaks inside), ordering it for display.
pub(crate) fn shape_line(text: &str, bold: bool) -> Line {
    let fam = family(bold);
    let bidi = BidiInfo::new(text, None);
    let Some(paragraph) = bidi.paragraphs.first() else {
        return Line {
            runs: Vec::new(),
            rtl: false,
        };
    };
    let rtl = paragraph.level.is_rtl();
    let (levels, visual) = bidi.visual_runs(paragraph, paragraph.range.clone());
    let mut runs = Vec::new();
    for range in visual {
        let level: Level = levels[range.start];
        let run_text = &text[range];
        let mut pieces: Vec<Run> = by_face(fam, run_text)
            .into_iter()
            .map(|(face, r)| shape(fam, face, &run_text[r], level.is_rtl(), bold))
            .collect();
        if level.is_rtl() {
            pieces.reverse();
        }
        runs.extend(pieces);
    }
    Line { runs, rtl }
}

/// Width in points of `text` on one line.
pub(crate) fn width(text: &str, size: f32, bold: bool) -> f32 {
    shape_line(text, bold).width(size)
}

/// Breaks `text` into lines no wider than `max` points: at spaces, at the text's own line
/// breaks, and inside a word only when the word alone does not fit.
///
/// Widths are summed word by word (and character by character inside a broken word) rather
/// than re-shaping the growing line, so a long paragraph costs one shaping per word. Kerning
/// across a space or inside an isolated letter is ignored, which errs towards narrower
/// lines; half a point of slack absorbs the rest.
pub(crate) fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let limit = max - 0.5;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let paragraph = paragraph.trim_end_matches('\r');
        let mut current = String::new();
        // Width of `current` including its trailing space, if any.
        let mut current_width = 0.0;
        for word in paragraph.split_inclusive(' ') {
            let bare = word.trim_end();
            let bare_width = width(bare, size, bold);
            if current_width + bare_width <= limit {
                current.push_str(word);
                current_width += width(word, size, bold);
                continue;
            }
            if !current.is_empty() {
                lines.push(current.trim_end().to_string());
                current = String::new();
                current_width = 0.0;
            }
            if bare_width <= limit {
                current.push_str(word);
                current_width = width(word, size, bold);
                continue;
            }
            // A word wider than the line: break it between characters.
            for c in word.chars() {
                let mut buf = [0u8; 4];
                let w = width(c.encode_utf8(&mut buf), size, bold);
                if !current.is_empty() && current_width + w > limit && !c.is_whitespace() {
                    lines.push(std::mem::take(&mut current));
                    current_width = 0.0;
                }
                current.push(c);
                current_width += w;
            }
        }
        lines.push(current.trim_end().to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_arabic_and_hebrew_each_find_their_face() {
        let line = shape_line("Total مرحبا שלום", false);
        let faces: Vec<usize> = line.runs.iter().map(|r| r.face).collect();
        assert!(
            faces.contains(&0) && faces.contains(&1) && faces.contains(&2),
            "{faces:?}"
        );
        // No glyph is the empty box: every script has its font.
        assert!(line
            .runs
            .iter()
            .all(|r| r.glyphs.iter().all(|g| g.glyph_id.to_u32() != 0)));
    }

    #[test]
    fn an_emoji_is_drawn_as_the_empty_box_and_kept_in_the_text() {
        let line = shape_line("Thanks 🎉", false);
        let boxes: Vec<&Run> = line
            .runs
            .iter()
            .filter(|r| r.glyphs.iter().any(|g| g.glyph_id.to_u32() == 0))
            .collect();
        assert_eq!(boxes.len(), 1);
        assert!(boxes[0].text.contains('🎉'));
    }

    #[test]
    fn a_hebrew_paragraph_reads_right_to_left() {
        assert!(shape_line("שלום עולם", false).rtl);
        assert!(!shape_line("Hello שלום", false).rtl);
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width_and_every_character() {
        let text = format!(
            "Short words here and {} then more\nSecond paragraph",
            "W".repeat(200)
        );
        let lines = wrap(&text, 10.0, false, 120.0);
        assert!(lines.len() > 10);
        for line in &lines {
            assert!(width(line, 10.0, false) <= 120.0, "{line:?}");
        }
        let joined: String = lines
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, expected);
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        assert_eq!(wrap("", 10.0, false, 100.0), vec![String::new()]);
        assert_eq!(shape_line("", false).width(10.0), 0.0);
    }
}
