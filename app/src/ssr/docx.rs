//! A drafted [`Letter`] as a Word document laid out after GB/T 9704-2012 (党政机关公文格式),
//! for the desk to print, seal and send.
//!
//! A4, 版心 156 mm × 225 mm (margins top 37, bottom 35, left 28, right 26 mm); the title in
//! 小标宋 二号, everything else in 仿宋 三号 on a fixed 28.95 pt line (22 lines a page); body
//! paragraphs indented two characters; the issuer centred over the date, the date four
//! characters from the right (7.3.5.1, a sealed document).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, DocxError, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run,
    RunFonts, SpecialIndentType,
};

use crate::domain::application::letter::Letter;

/// A4 in twips (1/20 pt).
pub const A4_WIDTH: u32 = 11906;
pub const A4_HEIGHT: u32 = 16838;

/// The title's typeface. A DOCX run names one font and docx-rs writes a fixed font table,
/// so there is no fallback list: where it is not installed, Word and WPS substitute their
/// East Asian default (宋体/SimSun on a Chinese system).
pub const TITLE_FONT: &str = "方正小标宋简体";
/// The body's typeface. Where 仿宋_GB2312 is not installed the same substitution applies
/// (Word does not fall back to FangSong by itself).
pub const BODY_FONT: &str = "仿宋_GB2312";

/// Font sizes in half-points: 二号 22 pt, 三号 16 pt.
const TITLE_SIZE: usize = 44;
const BODY_SIZE: usize = 32;
/// One 三号 character, in twips: the unit of indents.
const CHAR: i32 = 320;
/// The fixed line: 28.95 pt.
const LINE: i32 = 579;

/// Millimetres to twips, rounded.
const fn twips(mm: i32) -> i32 {
    (mm * 14_400 + 127) / 254
}

/// The letter as the bytes of a .docx file.
pub fn letter_docx(letter: &Letter) -> Result<Vec<u8>, DocxError> {
    let date = letter.date_line();
    // The date sits four characters from the right; the issuer is centred over it.
    let date_end = 4 * CHAR;
    let issuer_end =
        (date_end + (half_widths(&date) - half_widths(&letter.issuer)) * CHAR / 4).max(0);

    let mut docx = Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(twips(37))
                .bottom(twips(35))
                .left(twips(28))
                .right(twips(26)),
        )
        .default_fonts(body_fonts())
        .default_size(BODY_SIZE)
        .add_paragraph(
            line(AlignmentType::Center).add_run(
                Run::new()
                    .add_text(&letter.title)
                    .fonts(title_fonts())
                    .size(TITLE_SIZE),
            ),
        )
        .add_paragraph(line(AlignmentType::Center).add_run(body_run(&letter.number)))
        .add_paragraph(line(AlignmentType::Left))
        .add_paragraph(line(AlignmentType::Left).add_run(body_run(&letter.addressee_line())));
    for paragraph in &letter.paragraphs {
        docx = docx.add_paragraph(
            line(AlignmentType::Both)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(2 * CHAR)),
                    None,
                    None,
                )
                .add_run(body_run(paragraph)),
        );
    }
    let docx = docx
        .add_paragraph(line(AlignmentType::Left))
        .add_paragraph(
            line(AlignmentType::Right)
                .indent(None, None, Some(issuer_end), None)
                .add_run(body_run(&letter.issuer)),
        )
        .add_paragraph(
            line(AlignmentType::Right)
                .indent(None, None, Some(date_end), None)
                .add_run(body_run(&date)),
        );

    let mut bytes = Cursor::new(Vec::new());
    docx.pack(&mut bytes)?;
    Ok(bytes.into_inner())
}

/// An empty paragraph on the fixed line, aligned as given.
fn line(alignment: AlignmentType) -> Paragraph {
    Paragraph::new()
        .align(alignment)
        .line_spacing(line_spacing())
}

fn line_spacing() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE)
}

fn body_run(text: &str) -> Run {
    Run::new()
        .add_text(text)
        .fonts(body_fonts())
        .size(BODY_SIZE)
}

fn title_fonts() -> RunFonts {
    RunFonts::new()
        .east_asia(TITLE_FONT)
        .ascii(TITLE_FONT)
        .hi_ansi(TITLE_FONT)
}

fn body_fonts() -> RunFonts {
    RunFonts::new()
        .east_asia(BODY_FONT)
        .ascii(BODY_FONT)
        .hi_ansi(BODY_FONT)
}

/// The printed width of `text` in half characters: ASCII (the digits of a date) is half as
/// wide as a Chinese character.
fn half_widths(text: &str) -> i32 {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use docx_rs::{DocumentChild, ParagraphChild, RunChild};

    fn letter() -> Letter {
        Letter {
            title: "政府信息公开申请答复书".to_owned(),
            number: "东财依申复〔2026〕3号".to_owned(),
            addressee: "张小明".to_owned(),
            paragraphs: vec![
                "本机关于2026年2月10日收到您提出的政府信息公开申请。经审查，现答复如下："
                    .to_owned(),
                "您申请获取的信息属于可以公开的政府信息，本机关决定予以公开。".to_owned(),
            ],
            issuer: "东县财政局".to_owned(),
            date: NaiveDate::from_ymd_opt(2026, 3, 5).expect("date"),
        }
    }

    /// The text of each paragraph of a parsed document, run by run.
    fn paragraphs(docx: &Docx) -> Vec<(&Paragraph, String)> {
        docx.document
            .children
            .iter()
            .filter_map(|child| match child {
                DocumentChild::Paragraph(p) => Some(p.as_ref()),
                _ => None,
            })
            .map(|p| {
                let text = p
                    .children
                    .iter()
                    .filter_map(|child| match child {
                        ParagraphChild::Run(run) => Some(run),
                        _ => None,
                    })
                    .flat_map(|run| &run.children)
                    .filter_map(|child| match child {
                        RunChild::Text(t) => Some(t.text.as_str()),
                        _ => None,
                    })
                    .collect();
                (p, text)
            })
            .collect()
    }

    #[test]
    fn a_letter_reads_back_with_its_text_and_layout() {
        let letter = letter();
        let bytes = letter_docx(&letter).expect("writes");
        assert!(bytes.starts_with(b"PK"), "a zip archive");
        let docx = docx_rs::read_docx(&bytes).expect("reads back");
        let paragraphs = paragraphs(&docx);
        let texts: Vec<&str> = paragraphs.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "政府信息公开申请答复书",
                "东财依申复〔2026〕3号",
                "",
                "张小明：",
                "本机关于2026年2月10日收到您提出的政府信息公开申请。经审查，现答复如下：",
                "您申请获取的信息属于可以公开的政府信息，本机关决定予以公开。",
                "",
                "东县财政局",
                "2026年3月5日",
            ]
        );

        let section = &docx.document.section_property;
        assert_eq!(
            section.page_size,
            docx_rs::PageSize::new().size(A4_WIDTH, A4_HEIGHT)
        );
        let margin = &section.page_margin;
        assert_eq!(
            (margin.top, margin.bottom, margin.left, margin.right),
            (2098, 1984, 1587, 1474)
        );

        let (title, _) = &paragraphs[0];
        assert_eq!(
            title.property.alignment.as_ref().map(|a| a.val.as_str()),
            Some("center")
        );
        let ParagraphChild::Run(run) = &title.children[0] else {
            panic!("the title is a run");
        };
        assert_eq!(run.run_property.fonts, Some(title_fonts()));

        let (body, _) = &paragraphs[4];
        assert_eq!(body.property.line_spacing, Some(line_spacing()));
        let indent = body.property.indent.as_ref().expect("indented");
        assert_eq!(
            indent.special_indent,
            Some(SpecialIndentType::FirstLine(640))
        );

        let (issuer, _) = &paragraphs[7];
        let (date, _) = &paragraphs[8];
        assert_eq!(
            issuer.property.alignment.as_ref().map(|a| a.val.as_str()),
            Some("right")
        );
        // 2026年3月5日 is 6 characters wide, 东县财政局 5: one half character further in.
        assert_eq!(
            date.property.indent.as_ref().and_then(|i| i.end),
            Some(1280)
        );
        assert_eq!(
            issuer.property.indent.as_ref().and_then(|i| i.end),
            Some(1440)
        );
    }

    #[test]
    fn margins_are_the_standard_ones_in_twips() {
        assert_eq!(
            [twips(37), twips(35), twips(28), twips(26)],
            [2098, 1984, 1587, 1474]
        );
        // 版心 156 mm wide: A4 less the side margins, within rounding.
        assert!((A4_WIDTH as i32 - twips(28) - twips(26) - twips(156)).abs() <= 2);
    }

    #[test]
    fn a_long_issuer_is_not_pushed_past_the_margin() {
        let mut letter = letter();
        letter.issuer = "东县人民政府办公室政府信息公开工作领导小组".to_owned();
        let docx = docx_rs::read_docx(&letter_docx(&letter).expect("writes")).expect("reads");
        let paragraphs = paragraphs(&docx);
        let (issuer, text) = &paragraphs[7];
        assert_eq!(text, &letter.issuer);
        assert_eq!(issuer.property.indent.as_ref().and_then(|i| i.end), Some(0));
    }
}
