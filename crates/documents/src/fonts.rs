//! The vendored fonts (SIL Open Font License, `fonts/OFL.txt`) and the fallback order.

use std::sync::OnceLock;

use krilla::text::Font;

/// One font file, parsed once for shaping and once for embedding.
pub(crate) struct Face {
    pub(crate) shaper: rustybuzz::Face<'static>,
    pub(crate) pdf: Font,
}

impl Face {
    fn load(data: &'static [u8]) -> Face {
        // The files are part of the binary and checked by the tests: failing here is a
        // broken build, not a user's input.
        let shaper = rustybuzz::Face::from_slice(data, 0).expect("vendored font parses");
        let pdf = Font::new(data.into(), 0).expect("vendored font loads");
        Face { shaper, pdf }
    }

    pub(crate) fn covers(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }
}

/// The faces of one weight, in fallback order: Latin first, then Arabic, then Hebrew.
pub(crate) struct Family {
    pub(crate) faces: [Face; 3],
}

impl Family {
    /// The first face that has a glyph for `c`; 0 (whose empty box shows) when none has.
    pub(crate) fn face_for(&self, c: char) -> usize {
        self.faces.iter().position(|f| f.covers(c)).unwrap_or(0)
    }
}

/// Every vendored font file, for the SVG renderer's font database.
pub(crate) const FILES: [&[u8]; 6] = [
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../fonts/NotoSansHebrew-Regular.ttf"),
    include_bytes!("../fonts/NotoSansHebrew-Bold.ttf"),
];

static REGULAR: OnceLock<Family> = OnceLock::new();
static BOLD: OnceLock<Family> = OnceLock::new();

pub(crate) fn family(bold: bool) -> &'static Family {
    if bold {
        BOLD.get_or_init(|| Family {
            faces: [
                Face::load(FILES[1]),
                Face::load(FILES[3]),
                Face::load(FILES[5]),
            ],
        })
    } else {
        REGULAR.get_or_init(|| Family {
            faces: [
                Face::load(FILES[0]),
                Face::load(FILES[2]),
                Face::load(FILES[4]),
            ],
        })
    }
}
