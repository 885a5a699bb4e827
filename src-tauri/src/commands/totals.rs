use quotla_core::model::{Totals, TotalsInput};

use crate::error::AppError;

/// Live totals for the editor, computed by core's one rounding rule.
#[tauri::command]
#[specta::specta]
pub fn compute_totals(input: TotalsInput) -> Result<Totals, AppError> {
    Ok(quotla_core::totals::compute(&input)?)
}
