//! 报送任务: how many items each unit must report in each 公开目录 directory in a year, read
//! from a sheet in the shape of the seed notice's 附件2 (《信息公开报送任务表》): an optional
//! title line naming the year, a header line with 单位 (the unit's name or account), maybe
//! 序号 and 账号, one column per directory and maybe 合计, then a line per unit. A sheet with
//! any bad line is refused whole, each problem named by its line and column.

use serde::{Deserialize, Serialize};

use crate::domain::{FieldError, TaxonomyCode, Words};

/// The most items one line may ask of a unit in one directory.
pub const MAX_TARGET: u32 = 10_000;

/// The most lines a sheet may have.
pub const MAX_LINES: usize = 2_000;

/// One unit's target in one directory for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub unit: TaxonomyCode,
    pub directory: TaxonomyCode,
    pub year: i32,
    pub target: u32,
}

/// A unit or directory as the sheet may name it: its code or its name.
#[derive(Debug, Clone)]
pub struct Named {
    pub code: TaxonomyCode,
    pub name: String,
}

impl Named {
    /// Whether `text` names this: the code in any case, the full name, or the name
    /// without the county's prefix (财政局 for 衡东县财政局).
    fn is(&self, text: &str) -> bool {
        let text = text.trim();
        text.eq_ignore_ascii_case(self.code.as_str())
            || text == self.name
            || (!text.is_empty() && self.name.strip_prefix("衡东县") == Some(text))
    }
}

fn find<'a>(all: &'a [Named], text: &str) -> Option<&'a Named> {
    all.iter().find(|n| n.is(text))
}

/// The header cells that are not directories.
const UNIT_HEADINGS: &[&str] = &["单位", "单位名称", "责任单位", "报送单位"];
const ACCOUNT_HEADINGS: &[&str] = &["账号", "责任单位账号", "单位账号"];
const SKIPPED_HEADINGS: &[&str] = &["序号", "备注"];
const TOTAL_HEADINGS: &[&str] = &["合计", "小计", "总数"];

/// The year a title line names (`2016年全县信息公开报送任务表`).
fn year_in(line: &[String]) -> Option<i32> {
    line.iter().find_map(|cell| {
        let (before, _) = cell.split_once('年')?;
        let digits: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits.parse().ok().filter(|y| (2000..=2100).contains(y))
    })
}

/// The field name of a problem on line `line` (counted from 1, as a spreadsheet does) in
/// column `column`.
fn at(line: usize, column: &str) -> String {
    format!("第{line}行 {column}")
}

/// Reads a sheet's lines into quotas. `year` is the year chosen on the form; without one
/// the title line must name it, and when both do they must agree.
pub fn parse(
    lines: &[Vec<String>],
    year: Option<i32>,
    units: &[Named],
    directories: &[Named],
) -> Result<Vec<Quota>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if lines.len() > MAX_LINES {
        return Err(vec![FieldError::new(
            "file",
            words!(
                "表格超过 {} 行，请分开导入",
                "The sheet has more than {} lines: import it in parts",
                MAX_LINES
            ),
        )]);
    }
    let is_heading = |cell: &String| UNIT_HEADINGS.contains(&cell.trim());
    let Some(header_at) = lines.iter().position(|l| l.iter().any(is_heading)) else {
        return Err(vec![FieldError::new(
            "file",
            words!(
                "找不到表头：表头一行须有“单位”一列，其余各列为公开目录",
                "No header line: it needs a column 单位 and a column per directory"
            ),
        )]);
    };
    let titled = lines[..header_at].iter().find_map(|l| year_in(l));
    let year = match (year, titled) {
        (Some(chosen), Some(titled)) if chosen != titled => {
            return Err(vec![FieldError::new(
                "year",
                words!(
                    "所选年度为 {chosen} 年，表格标题却是 {titled} 年",
                    "The year chosen is {chosen} but the sheet's title says {titled}"
                ),
            )]);
        }
        (Some(year), _) | (None, Some(year)) => year,
        (None, None) => {
            return Err(vec![FieldError::new(
                "year",
                words!(
                    "请选择年度（表格标题中也没有年份）",
                    "Choose the year (the sheet's title names none)"
                ),
            )]);
        }
    };
    enum Role {
        Unit,
        Account,
        Skipped,
        Total,
        Directory(TaxonomyCode),
    }
    let header = &lines[header_at];
    let mut roles = Vec::with_capacity(header.len());
    for (n, cell) in header.iter().enumerate() {
        let cell = cell.trim();
        let role = if UNIT_HEADINGS.contains(&cell) {
            Role::Unit
        } else if ACCOUNT_HEADINGS.contains(&cell) {
            Role::Account
        } else if cell.is_empty() || SKIPPED_HEADINGS.contains(&cell) {
            Role::Skipped
        } else if TOTAL_HEADINGS.contains(&cell) {
            Role::Total
        } else if let Some(directory) = find(directories, cell) {
            Role::Directory(directory.code.clone())
        } else {
            errors.push(FieldError::new(
                &at(header_at + 1, &format!("第{}列", n + 1)),
                words!(
                    "“{}”不是公开目录（可选：{}）",
                    "“{}” is not a directory (choices: {})",
                    crate::error::excerpt(cell),
                    directories
                        .iter()
                        .map(|d| d.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            ));
            Role::Skipped
        };
        roles.push(role);
    }
    if !roles.iter().any(|r| matches!(r, Role::Directory(_))) && errors.is_empty() {
        errors.push(FieldError::new(
            &at(header_at + 1, "公开目录"),
            words!("表头中没有公开目录列", "The header names no directory"),
        ));
    }
    let mut quotas: Vec<Quota> = Vec::new();
    let mut seen: Vec<(TaxonomyCode, usize)> = Vec::new();
    for (index, line) in lines.iter().enumerate().skip(header_at + 1) {
        let number = index + 1;
        if line.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |n: usize| line.get(n).map_or("", |c| c.trim());
        let unit_text = roles
            .iter()
            .position(|r| matches!(r, Role::Unit))
            .map(cell)
            .unwrap_or_default();
        let account_text = roles
            .iter()
            .position(|r| matches!(r, Role::Account))
            .map(cell)
            .unwrap_or_default();
        // A closing line of sums (合计) is not a unit.
        if TOTAL_HEADINGS.contains(&unit_text) {
            continue;
        }
        let unit = find(units, unit_text).or_else(|| find(units, account_text));
        let Some(unit) = unit else {
            errors.push(FieldError::new(
                &at(number, "单位"),
                if unit_text.is_empty() && account_text.is_empty() {
                    words!("没有填写单位", "No unit given")
                } else {
                    words!(
                        "“{}”不是本县的单位（请写单位全称、简称或账号）",
                        "“{}” is not a unit of the county (give its name or account)",
                        crate::error::excerpt(if unit_text.is_empty() {
                            account_text
                        } else {
                            unit_text
                        })
                    )
                },
            ));
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(code, _)| *code == unit.code) {
            errors.push(FieldError::new(
                &at(number, "单位"),
                words!(
                    "{}已在第{}行填写过",
                    "{} is already on line {}",
                    unit.name,
                    first
                ),
            ));
            continue;
        }
        seen.push((unit.code.clone(), number));
        let mut sum: u64 = 0;
        let mut total: Option<(u64, usize)> = None;
        for (n, role) in roles.iter().enumerate() {
            let (column, directory) = match role {
                Role::Directory(code) => (header[n].trim(), Some(code)),
                Role::Total => (header[n].trim(), None),
                _ => continue,
            };
            let text = cell(n);
            if text.is_empty() {
                continue;
            }
            let Some(target) = count(text) else {
                errors.push(FieldError::new(
                    &at(number, column),
                    words!(
                        "“{}”不是 0–{} 之间的整数",
                        "“{}” is not a whole number from 0 to {}",
                        crate::error::excerpt(text),
                        MAX_TARGET
                    ),
                ));
                continue;
            };
            match directory {
                Some(directory) => {
                    sum += u64::from(target);
                    quotas.push(Quota {
                        unit: unit.code.clone(),
                        directory: directory.clone(),
                        year,
                        target,
                    });
                }
                None => total = Some((u64::from(target), n)),
            }
        }
        if let Some((total, n)) = total
            && total != sum
        {
            errors.push(FieldError::new(
                &at(number, header[n].trim()),
                words!(
                    "合计为 {total}，各目录之和却是 {sum}",
                    "The total says {total} but the directories add up to {sum}"
                ),
            ));
        }
    }
    if errors.is_empty() {
        Ok(quotas)
    } else {
        Err(errors)
    }
}

/// A whole number of items: `12`, or `12.0` as a spreadsheet stores it.
fn count(text: &str) -> Option<u32> {
    let number = text.strip_suffix(".0").unwrap_or(text);
    number.parse().ok().filter(|n| *n <= MAX_TARGET)
}

/// A quota's lines as a sheet of the same shape (a line per unit, a column per directory),
/// so that what is exported imports again unchanged.
pub fn sheet(
    year: i32,
    quotas: &[Quota],
    units: &[Named],
    directories: &[Named],
) -> Vec<Vec<String>> {
    let mut lines = vec![vec![format!("{year}年全县信息公开报送任务表")]];
    let mut header = vec!["序号".to_owned(), "单位".to_owned(), "账号".to_owned()];
    header.extend(directories.iter().map(|d| d.name.clone()));
    header.push("合计".to_owned());
    lines.push(header);
    let mut n = 0;
    for unit in units {
        let mine: Vec<&Quota> = quotas
            .iter()
            .filter(|q| q.unit == unit.code && q.year == year)
            .collect();
        if mine.is_empty() {
            continue;
        }
        n += 1;
        let mut line = vec![
            n.to_string(),
            unit.name.clone(),
            unit.code.as_str().to_owned(),
        ];
        let mut total = 0;
        for directory in directories {
            match mine.iter().find(|q| q.directory == directory.code) {
                Some(q) => {
                    total += q.target;
                    line.push(q.target.to_string());
                }
                None => line.push(String::new()),
            }
        }
        line.push(total.to_string());
        lines.push(line);
    }
    lines
}

/// Words for a refused sheet: how many problems, for the top of the page.
pub fn refusal(errors: &[FieldError]) -> Words {
    words!(
        "表格有 {} 处需要改正，未导入任何内容",
        "The sheet has {} problems to correct; nothing was imported",
        errors.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(pairs: &[(&str, &str)]) -> Vec<Named> {
        pairs
            .iter()
            .map(|(code, name)| Named {
                code: TaxonomyCode::parse(code).expect("code"),
                name: (*name).to_owned(),
            })
            .collect()
    }

    fn units() -> Vec<Named> {
        named(&[("czj", "衡东县财政局"), ("jsj", "衡东县住房和城乡建设局")])
    }

    fn directories() -> Vec<Named> {
        named(&[("ldxx", "领导信息"), ("czxx", "财政信息")])
    }

    fn lines(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn a_sheet_in_the_annex_shape_reads_into_quotas() {
        let typed = lines(
            "2016年全县信息公开报送任务表\n序号,单位,账号,领导信息,财政信息,合计\n\
             1,财政局,czj,2,30,32\n2,,JSJ,1,,1\n,合计,,3,30,33",
        );
        let quotas = parse(&typed, None, &units(), &directories()).expect("read");
        assert_eq!(quotas.len(), 3);
        assert!(quotas.iter().all(|q| q.year == 2016));
        assert_eq!(
            (
                quotas[1].unit.as_str(),
                quotas[1].directory.as_str(),
                quotas[1].target
            ),
            ("czj", "czxx", 30)
        );
        assert_eq!(quotas[2].unit.as_str(), "jsj");
        // Exported again, it reads back the same.
        let again = sheet(2016, &quotas, &units(), &directories());
        assert_eq!(
            parse(&again, Some(2016), &units(), &directories()).expect("again"),
            quotas
        );
    }

    #[test]
    fn every_bad_line_is_named_and_nothing_is_read() {
        let sheet = lines(
            "单位,领导信息,财政信息,合计\n财政局,2,三十,\n教育局,1,1,\n财政局,1,1,\n\
             住房和城乡建设局,1,2,4",
        );
        let errors = parse(&sheet, Some(2026), &units(), &directories()).expect_err("bad");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["第2行 财政信息", "第3行 单位", "第4行 单位", "第5行 合计"]
        );
        assert!(errors[1].message.zh.contains("教育局"));
        assert!(errors[2].message.zh.contains("第2行"));
        let unknown = lines("单位,领导信息,人事任免\n财政局,1,1");
        let errors = parse(&unknown, Some(2026), &units(), &directories()).expect_err("column");
        assert_eq!(errors[0].field, "第1行 第3列");
    }

    #[test]
    fn the_year_comes_from_the_form_or_the_title_and_they_agree() {
        let untitled = lines("单位,领导信息\n财政局,1");
        assert_eq!(
            parse(&untitled, None, &units(), &directories()).expect_err("no year")[0].field,
            "year"
        );
        let titled = lines("2016年报送任务\n单位,领导信息\n财政局,1");
        assert_eq!(
            parse(&titled, Some(2017), &units(), &directories()).expect_err("disagree")[0].field,
            "year"
        );
        assert!(
            parse(
                &lines("名单\n姓名,电话"),
                Some(2016),
                &units(),
                &directories()
            )
            .is_err()
        );
    }
}
