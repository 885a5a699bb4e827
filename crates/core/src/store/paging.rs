//! Keyset paging shared by the long lists (clients, quotes, invoices, meeting history).

use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use crate::error::{CoreError, Result};
use crate::model::{Page, PageCursor, PageRequest};

/// Rows of a page when the caller names no limit.
const DEFAULT_PAGE: u32 = 100;
/// Most rows one page may hold.
const MAX_PAGE: u32 = 500;
/// Longest cursor key: a client name or an instant, with room to spare.
const MAX_KEY_CHARS: usize = 1_000;

/// The order of a list: by a sort key, ties broken by id in the same direction.
#[derive(Clone, Copy)]
pub(crate) enum Order {
    Ascending,
    Descending,
}

/// A checked page request; `limit: None` reads the whole list (exports, the CLI).
pub(crate) struct Paging {
    after: Option<PageCursor>,
    limit: Option<u32>,
}

impl Paging {
    pub(crate) fn new(request: &PageRequest) -> Result<Self> {
        let limit = request.limit.unwrap_or(DEFAULT_PAGE);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(CoreError::field(
                "limit",
                format!("a page holds from 1 to {MAX_PAGE} rows"),
            ));
        }
        if let Some(after) = &request.after {
            if after.key.chars().count() > MAX_KEY_CHARS || after.key.contains('\0') {
                return Err(CoreError::field(
                    "after",
                    "this list position is not one Quotla gave out",
                ));
            }
        }
        Ok(Paging {
            after: request.after.clone(),
            limit: Some(limit),
        })
    }

    /// Every row, in list order.
    pub(crate) fn all() -> Self {
        Paging {
            after: None,
            limit: None,
        }
    }

    /// Appends the keyset condition (after a `WHERE`), the order and the limit. The condition
    /// is written as a range on `key` plus a tie-break, which SQLite turns into an index seek
    /// even under a collation (a row-value comparison with one would scan).
    pub(crate) fn push_tail(
        &self,
        query: &mut QueryBuilder<Sqlite>,
        key: &str,
        id: &str,
        order: Order,
    ) {
        let (wide, strict, dir) = match order {
            Order::Ascending => (">=", ">", "ASC"),
            Order::Descending => ("<=", "<", "DESC"),
        };
        if let Some(after) = &self.after {
            query
                .push(format!(" AND {key} {wide} "))
                .push_bind(after.key.clone())
                .push(format!(" AND ({key} {strict} "))
                .push_bind(after.key.clone())
                .push(format!(" OR {id} {strict} "))
                .push_bind(after.id)
                .push(")");
        }
        query.push(format!(" ORDER BY {key} {dir}, {id} {dir}"));
        if let Some(limit) = self.limit {
            // One row more than asked says whether another page follows.
            query.push(" LIMIT ").push_bind(i64::from(limit) + 1);
        }
    }

    /// The page of `rows` (read with `push_tail`), its cursor taken from the last row shown.
    pub(crate) fn finish<T>(
        &self,
        mut rows: Vec<T>,
        total: i64,
        cursor: impl Fn(&T) -> PageCursor,
    ) -> Page<T> {
        let more = self.limit.is_some_and(|limit| rows.len() > limit as usize);
        if more {
            rows.pop();
        }
        let next = if more { rows.last().map(cursor) } else { None };
        Page { rows, next, total }
    }

    /// Reads the rows of `query` (ended by [`Paging::push_tail`]) and the count of `count`
    /// (the same conditions) in one read transaction, so both see the same data. A whole
    /// list counts its own rows.
    pub(crate) async fn fetch(
        &self,
        pool: &SqlitePool,
        mut query: QueryBuilder<'_, Sqlite>,
        mut count: QueryBuilder<'_, Sqlite>,
    ) -> Result<(Vec<SqliteRow>, i64)> {
        let mut tx = pool.begin().await?;
        let rows = query.build().fetch_all(&mut *tx).await?;
        let total = if self.limit.is_some() {
            count.build_query_scalar().fetch_one(&mut *tx).await?
        } else {
            rows.len() as i64
        };
        tx.commit().await?;
        Ok((rows, total))
    }
}
