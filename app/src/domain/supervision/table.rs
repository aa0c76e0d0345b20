//! A report's table as data: named columns and typed cells. Pages draw it (and charts from
//! it), the downloads write it as CSV or XLSX, a stored 通报 keeps it; none of them knows
//! what the figures mean.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::Words;

/// What a column holds, which says how it is drawn and exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Column {
    /// A name: a unit, a directory, a month.
    Text,
    /// A count of things.
    Count,
    /// A share, 0–1, drawn as a percentage.
    Share,
    /// A number of days or hours, with one decimal.
    Amount,
    Date,
}

/// One cell. `None` inside a variant is "nothing to measure" (a share of nothing), drawn
/// as a dash and exported as an empty cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Count(u64),
    Share(Option<f64>),
    Amount(Option<f64>),
    Date(Option<NaiveDate>),
}

impl Cell {
    /// The cell as a page shows it.
    pub fn display(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Count(n) => n.to_string(),
            Self::Share(Some(share)) => format!("{:.1}%", share * 100.0),
            Self::Amount(Some(amount)) => format!("{amount:.1}"),
            Self::Date(Some(day)) => day.format("%Y-%m-%d").to_string(),
            Self::Share(None) | Self::Amount(None) | Self::Date(None) => "—".to_owned(),
        }
    }

    /// The number a chart draws for the cell, if it is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            // Counts in a county's reports stay far below 2^52.
            Self::Count(n) => Some(*n as f64),
            Self::Share(share) => *share,
            Self::Amount(amount) => *amount,
            Self::Text(_) | Self::Date(_) => None,
        }
    }
}

/// A table of a report: a key for its downloads, a title, its columns and rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportTable {
    /// The table's name in addresses and file names (`publication`).
    pub key: String,
    pub title: Words,
    /// Each column's heading (Chinese first, as the county's reports print them) and kind.
    pub columns: Vec<(Words, Column)>,
    pub rows: Vec<Vec<Cell>>,
    /// A sentence saying how the figures are counted, printed under the table.
    pub note: Option<Words>,
}

impl ReportTable {
    pub fn new(key: &str, title: Words, columns: Vec<(Words, Column)>) -> Self {
        Self {
            key: key.to_owned(),
            title,
            columns,
            rows: Vec::new(),
            note: None,
        }
    }

    pub fn with_note(mut self, note: Words) -> Self {
        self.note = Some(note);
        self
    }

    /// The index of the column headed `zh`.
    pub fn column(&self, zh: &str) -> Option<usize> {
        self.columns.iter().position(|(w, _)| w.zh == zh)
    }

    /// The cell in the row whose first cell is `first` and the column headed `zh`.
    pub fn cell(&self, first: &str, zh: &str) -> Option<&Cell> {
        let column = self.column(zh)?;
        self.rows
            .iter()
            .find(|row| matches!(row.first(), Some(Cell::Text(t)) if t == first))?
            .get(column)
    }
}

/// A share of `part` in `whole`, none when there is nothing to measure.
pub fn share(part: u64, whole: u64) -> Cell {
    Cell::Share((whole > 0).then(|| part as f64 / whole as f64))
}

/// The median of `values`, none when there are none.
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_say_what_they_hold() {
        assert_eq!(share(1, 3).display(), "33.3%");
        assert_eq!(share(0, 0).display(), "—");
        assert_eq!(Cell::Amount(Some(2.26)).display(), "2.3");
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(Vec::new()), None);
    }
}
