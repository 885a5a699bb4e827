//! One page of a long list. Lists are read a page at a time, in a fixed order, each page
//! starting after the last row of the one before (keyset paging): a page costs the same at
//! row 50,000 as at row 0, and rows added or removed meanwhile never shift a page.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::Id;

/// Where the next page starts: the sort key and the id of the last row of the page before.
/// The UI hands back what it received; core checks it like any other input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PageCursor {
    pub key: String,
    pub id: Id,
}

/// Which page to read: the first without `after`; `limit` rows at most (100 by default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PageRequest {
    #[serde(default)]
    pub after: Option<PageCursor>,
    #[serde(default)]
    pub limit: Option<u32>,
}

impl PageRequest {
    /// The first page of `limit` rows.
    pub fn first(limit: u32) -> Self {
        PageRequest {
            after: None,
            limit: Some(limit),
        }
    }
}

/// Rows of a list in order, where the next page starts (`None` after the last one), and how
/// many rows the whole filtered list has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub next: Option<PageCursor>,
    pub total: i64,
}
