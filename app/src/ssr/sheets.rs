//! Spreadsheets in and out: a CSV or XLSX file read into lines of cells (for imports such
//! as the 报送任务 sheet), and a report's table written as CSV or XLSX with Chinese
//! headers, numbers as numbers and dates as dates.

use crate::domain::supervision::{Cell, Column, ReportTable};
use crate::domain::{FieldError, Words};
use crate::words;

/// The largest sheet accepted, in bytes.
pub const MAX_SHEET_BYTES: usize = 2 * 1024 * 1024;

fn unreadable(what: Words) -> FieldError {
    FieldError::new("file", what)
}

/// The first worksheet of an XLSX file, or a CSV file (UTF-8, with or without a BOM), as
/// lines of trimmed cells. Which one is told by the content, not the name.
pub fn read(bytes: &[u8]) -> Result<Vec<Vec<String>>, FieldError> {
    if bytes.len() > MAX_SHEET_BYTES {
        return Err(unreadable(words!(
            "文件超过 {} MB",
            "The file is larger than {} MB",
            MAX_SHEET_BYTES / 1024 / 1024
        )));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(
        |_| {
            unreadable(words!(
                "无法读取：请上传 XLSX 文件或 UTF-8 编码的 CSV 文件",
                "Cannot read it: upload an XLSX file or a UTF-8 CSV file"
            ))
        },
    )?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|_| {
            unreadable(words!(
                "第{}行无法按 CSV 读取",
                "Line {} is not valid CSV",
                n + 1
            ))
        })?;
        lines.push(record.iter().map(|c| c.trim().to_owned()).collect());
    }
    Ok(lines)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, FieldError> {
    use calamine::{Data, Reader, Xlsx};
    let bad = || {
        unreadable(words!(
            "无法读取这个 XLSX 文件",
            "This XLSX file cannot be read"
        ))
    };
    let mut workbook = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| bad())?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(bad)?
        .map_err(|_| bad())?;
    // Lines count from the sheet's first row, as the spreadsheet numbers them.
    let skipped = range.start().map_or(0, |(row, _)| row as usize);
    let mut lines: Vec<Vec<String>> = vec![Vec::new(); skipped];
    let first_column = range.start().map_or(0, |(_, col)| col as usize);
    for row in range.rows() {
        let mut line = vec![String::new(); first_column];
        line.extend(row.iter().map(|cell| match cell {
            Data::Empty => String::new(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            other => other.to_string().trim().to_owned(),
        }));
        lines.push(line);
    }
    Ok(lines)
}

/// Lines of text as CSV, with a BOM so that spreadsheet programs read the Chinese right.
pub fn lines_csv(lines: &[Vec<String>]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        for line in lines {
            // Writing to memory cannot fail.
            let _ = writer.write_record(line);
        }
        let _ = writer.flush();
    }
    out
}

/// A report's table as CSV: the headings, then the cells as a page shows them, shares as
/// plain fractions so that they compute.
pub fn table_csv(table: &ReportTable) -> Vec<u8> {
    let mut lines = vec![table.columns.iter().map(|(w, _)| w.zh.clone()).collect()];
    for row in &table.rows {
        lines.push(
            row.iter()
                .map(|cell| match cell {
                    Cell::Share(Some(s)) => format!("{s:.4}"),
                    Cell::Share(None) | Cell::Amount(None) | Cell::Date(None) => String::new(),
                    other => other.display(),
                })
                .collect(),
        );
    }
    lines_csv(&lines)
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> crate::error::AppError {
    crate::error::AppError::internal("xlsx", e)
}

/// A sheet's name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// A report's tables as one XLSX workbook, a worksheet each: bold Chinese headings,
/// counts and amounts as numbers, shares as percentages, dates as dates.
pub fn tables_xlsx(tables: &[&ReportTable]) -> Result<Vec<u8>, crate::error::AppError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let amount = Format::new().set_num_format("0.0");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet
            .set_name(sheet_name(&table.title.zh))
            .map_err(xlsx_error)?;
        for (n, (heading, column)) in table.columns.iter().enumerate() {
            let col = u16::try_from(n).map_err(xlsx_error_from)?;
            sheet
                .write_string_with_format(0, col, &heading.zh, &bold)
                .map_err(xlsx_error)?;
            let width = if *column == Column::Text { 24.0 } else { 12.0 };
            sheet.set_column_width(col, width).map_err(xlsx_error)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(xlsx_error_from)?;
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).map_err(xlsx_error_from)?;
                match cell {
                    Cell::Text(text) => sheet.write_string(r, c, text).map(|_| ()),
                    Cell::Count(n) => sheet.write_number(r, c, *n as f64).map(|_| ()),
                    Cell::Share(Some(s)) => sheet
                        .write_number_with_format(r, c, *s, &percent)
                        .map(|_| ()),
                    Cell::Amount(Some(a)) => sheet
                        .write_number_with_format(r, c, *a, &amount)
                        .map(|_| ()),
                    Cell::Date(Some(day)) => {
                        use chrono::Datelike;
                        let at = ExcelDateTime::from_ymd(
                            u16::try_from(day.year()).map_err(xlsx_error_from)?,
                            u8::try_from(day.month()).map_err(xlsx_error_from)?,
                            u8::try_from(day.day()).map_err(xlsx_error_from)?,
                        )
                        .map_err(xlsx_error)?;
                        sheet
                            .write_datetime_with_format(r, c, at, &date)
                            .map(|_| ())
                    }
                    Cell::Share(None) | Cell::Amount(None) | Cell::Date(None) => Ok(()),
                }
                .map_err(xlsx_error)?;
            }
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

fn xlsx_error_from(e: std::num::TryFromIntError) -> crate::error::AppError {
    crate::error::AppError::internal("xlsx size", e)
}

/// Lines of text as an XLSX workbook of one sheet (numbers that are whole numbers are
/// written as numbers), for sheets meant to be imported again.
pub fn lines_xlsx(title: &str, lines: &[Vec<String>]) -> Result<Vec<u8>, crate::error::AppError> {
    use rust_xlsxwriter::Workbook;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(title)).map_err(xlsx_error)?;
    for (r, line) in lines.iter().enumerate() {
        let r = u32::try_from(r).map_err(xlsx_error_from)?;
        for (c, text) in line.iter().enumerate() {
            let c = u16::try_from(c).map_err(xlsx_error_from)?;
            match text.parse::<u32>() {
                Ok(n) => sheet.write_number(r, c, f64::from(n)).map(|_| ()),
                Err(_) if text.is_empty() => Ok(()),
                Err(_) => sheet.write_string(r, c, text).map(|_| ()),
            }
            .map_err(xlsx_error)?;
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_written_reads_back_the_same_as_csv_and_xlsx() {
        let lines: Vec<Vec<String>> = vec![
            vec!["2026年全县信息公开报送任务表".into()],
            vec!["单位".into(), "财政信息".into(), "合计".into()],
            vec!["衡东县财政局".into(), "12".into(), "12".into()],
            vec!["衡东县住房和城乡建设局".into(), String::new(), "0".into()],
        ];
        let csv = read(&lines_csv(&lines)).expect("csv");
        assert_eq!(csv[2], lines[2]);
        let xlsx = read(&lines_xlsx("报送任务", &lines).expect("write")).expect("xlsx");
        assert_eq!(xlsx[0][0], lines[0][0]);
        assert_eq!(xlsx[2], lines[2], "12 was a number and reads back as 12");
        assert_eq!(xlsx[3][2], "0");
        assert_eq!(read(b"\xff\xfe\x00").expect_err("binary").field, "file");
    }
}
