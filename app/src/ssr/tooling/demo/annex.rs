//! 附件1 of the seed notice, 《衡东县重点领域信息公开分工表》, read back into its structure.
//!
//! The notice's text keeps the table as lines of `|`-separated cells, with the merged
//! cells written once: a line of five cells opens a group (信息公开内容 such as 公共资源配置)
//! with its first key area, a line of four cells is a key area (of the open group, or a
//! row of its own before any group), and a line of three cells adds a requirement to the
//! key area above it. The table is drawn again with those row and column spans.

use crate::domain::markup::escape_html;

/// One requirement of a key area: what to publish, by whom, under which accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    pub requirement: String,
    pub units: String,
    pub accounts: String,
}

/// A key area (重点领域) and its requirements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub name: String,
    pub duties: Vec<Duty>,
}

/// A row group of the table: a heading with its areas, or an area that is its own row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The group's heading; `None` for an area that spans both first columns.
    pub heading: Option<String>,
    pub areas: Vec<Area>,
}

/// The table's groups from its lines (the header line excluded).
pub fn parse<'a>(lines: impl IntoIterator<Item = &'a str>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for line in lines {
        let mut cells: Vec<String> = line.split('|').map(|c| c.trim().to_owned()).collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        let duty = |cells: &[String]| Duty {
            requirement: cells.first().cloned().unwrap_or_default(),
            units: cells.get(1).cloned().unwrap_or_default(),
            accounts: cells.get(2).cloned().unwrap_or_default(),
        };
        let in_group = groups.last().is_some_and(|g| g.heading.is_some());
        match cells.len() {
            5.. => groups.push(Group {
                heading: Some(cells[0].clone()),
                areas: vec![Area {
                    name: cells[1].clone(),
                    duties: vec![duty(&cells[2..])],
                }],
            }),
            4 if in_group => {
                if let Some(group) = groups.last_mut() {
                    group.areas.push(Area {
                        name: cells[0].clone(),
                        duties: vec![duty(&cells[1..])],
                    });
                }
            }
            3 if in_group => {
                if let Some(area) = groups.last_mut().and_then(|g| g.areas.last_mut()) {
                    area.duties.push(duty(&cells));
                }
            }
            _ => groups.push(Group {
                heading: None,
                areas: vec![Area {
                    name: cells.first().cloned().unwrap_or_default(),
                    duties: vec![duty(cells.get(1..).unwrap_or_default())],
                }],
            }),
        }
    }
    groups
}

/// The table as HTML, merged cells spanning their rows and columns as in the source.
pub fn render(header: &[&str], groups: &[Group]) -> String {
    let mut html = String::from("<table><thead><tr>");
    for (n, cell) in header.iter().enumerate() {
        let span = if n == 0 { r#" colspan="2""# } else { "" };
        html.push_str(&format!(
            r#"<th scope="col"{span}>{}</th>"#,
            escape_html(cell)
        ));
    }
    html.push_str("</tr></thead><tbody>");
    for group in groups {
        let rows: usize = group.areas.iter().map(|a| a.duties.len()).sum();
        let mut first_of_group = true;
        for area in &group.areas {
            for (n, duty) in area.duties.iter().enumerate() {
                html.push_str("<tr>");
                if let (Some(heading), true) = (&group.heading, first_of_group) {
                    html.push_str(&format!(
                        r#"<th scope="rowgroup" rowspan="{rows}">{}</th>"#,
                        escape_html(heading)
                    ));
                }
                first_of_group = false;
                if n == 0 {
                    let span = match (&group.heading, area.duties.len()) {
                        (None, _) => r#" colspan="2""#.to_owned(),
                        (Some(_), 1) => String::new(),
                        (Some(_), len) => format!(r#" rowspan="{len}""#),
                    };
                    html.push_str(&format!(
                        r#"<th scope="row"{span}>{}</th>"#,
                        escape_html(&area.name)
                    ));
                }
                for cell in [&duty.requirement, &duty.units, &duty.accounts] {
                    html.push_str(&format!("<td>{}</td>", escape_html(cell)));
                }
                html.push_str("</tr>");
            }
        }
    }
    html.push_str("</tbody></table>");
    html
}
