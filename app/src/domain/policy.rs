//! The policy record (政策文件) and the values it is made of.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::{DocNumber, FieldError, Title, Words, parse_date};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

string_enum! {
    /// Where a record is in its life: `draft → submitted → approved → published → withdrawn`,
    /// with `submitted → returned → submitted`.
    PolicyStatus {
        Draft = "draft",
        Submitted = "submitted",
        Returned = "returned",
        Approved = "approved",
        Published = "published",
        Withdrawn = "withdrawn",
    }
}

string_enum! {
    /// 公开属性: whether the public may see a policy at all.
    DisclosureKind {
        /// 主动公开: published for everyone.
        Proactive = "proactive",
        /// 依申请公开: given only to an applicant; never listed publicly.
        OnRequest = "on_request",
        /// 不予公开: withheld by law; never shown publicly.
        Withheld = "withheld",
    }
}

string_enum! {
    /// 有效性.
    Validity {
        Effective = "effective",
        Amended = "amended",
        Repealed = "repealed",
    }
}

/// 公开属性 with its reason: the two non-public attributes must say why (政府信息公开条例).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Disclosure {
    Proactive,
    OnRequest { reason: String },
    Withheld { reason: String },
}

impl Disclosure {
    pub const REASON_MIN_CHARS: usize = 4;
    pub const REASON_MAX_CHARS: usize = 500;

    /// Combines the attribute and its reason; a reason on a proactive policy is dropped.
    pub fn parse(kind: &str, reason: Option<&str>) -> Result<Self, FieldError> {
        let kind = DisclosureKind::parse(kind).map_err(|m| FieldError::new("disclosure", m))?;
        let reason = reason.map(str::trim).unwrap_or_default();
        if kind == DisclosureKind::Proactive {
            return Ok(Self::Proactive);
        }
        let len = reason.chars().count();
        if len < Self::REASON_MIN_CHARS {
            return Err(FieldError::new(
                "disclosure_reason",
                words!(
                    "依申请公开或不予公开的，必须说明理由（至少 4 个字）",
                    "A policy disclosed on request or withheld needs a reason (at least 4 characters)"
                ),
            ));
        }
        if len > Self::REASON_MAX_CHARS {
            return Err(FieldError::new(
                "disclosure_reason",
                words!(
                    "理由不能超过 {} 个字",
                    "The reason may have at most {} characters",
                    Self::REASON_MAX_CHARS
                ),
            ));
        }
        let reason = reason.to_owned();
        Ok(match kind {
            DisclosureKind::OnRequest => Self::OnRequest { reason },
            _ => Self::Withheld { reason },
        })
    }

    pub fn kind(&self) -> DisclosureKind {
        match self {
            Self::Proactive => DisclosureKind::Proactive,
            Self::OnRequest { .. } => DisclosureKind::OnRequest,
            Self::Withheld { .. } => DisclosureKind::Withheld,
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::Proactive => None,
            Self::OnRequest { reason } | Self::Withheld { reason } => Some(reason),
        }
    }
}

code_newtype!(
    /// The stable, short id of a policy as it appears in its URL (`/policies/{id}`).
    PolicyId, 3..=32, "政策编号", "policy id"
);
code_newtype!(
    /// The code of a unit or a taxonomy term (e.g. `czj` for 财政局, `fgwj` for 法规文件).
    TaxonomyCode, 2..=32, "代码", "code"
);

/// 索引号: `{unit code}/{year}-{serial:05}`, numbered per unit and year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IndexNo {
    unit: TaxonomyCode,
    year: u16,
    serial: u32,
}

impl IndexNo {
    pub fn new(unit: TaxonomyCode, year: u16, serial: u32) -> Self {
        Self { unit, year, serial }
    }

    pub fn parse(input: &str) -> Result<Self, Words> {
        let bad = || {
            words!(
                "“{}”不是有效的索引号，应形如 czj/2016-00001",
                "“{}” is not a valid index number; write it like czj/2016-00001",
                input.trim()
            )
        };
        let (unit, rest) = input.trim().split_once('/').ok_or_else(bad)?;
        let (year, serial) = rest.split_once('-').ok_or_else(bad)?;
        let unit = TaxonomyCode::parse(unit).map_err(|_| bad())?;
        let year: u16 = year.parse().map_err(|_| bad())?;
        let serial: u32 = serial.parse().map_err(|_| bad())?;
        if year < 1949 || serial == 0 {
            return Err(bad());
        }
        Ok(Self { unit, year, serial })
    }

    pub fn unit(&self) -> &TaxonomyCode {
        &self.unit
    }

    pub fn year(&self) -> u16 {
        self.year
    }

    pub fn serial(&self) -> u32 {
        self.serial
    }
}

impl std::fmt::Display for IndexNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}-{:05}", self.unit, self.year, self.serial)
    }
}

impl TryFrom<String> for IndexNo {
    type Error = Words;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<IndexNo> for String {
    fn from(value: IndexNo) -> Self {
        value.to_string()
    }
}

/// Metadata of a file attached to a policy (the file itself is stored elsewhere).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct Attachment {
    /// The name shown to readers, e.g. 附件1：衡东县重点领域信息公开分工表.
    pub name: String,
    /// Where the file can be downloaded: http(s) or a path on this site; none if not yet uploaded.
    #[serde(default)]
    pub url: Option<String>,
}

impl Attachment {
    fn check(&self) -> Result<(), Words> {
        let len = self.name.trim().chars().count();
        if len == 0 || len > 200 {
            return Err(words!(
                "附件名称须为 1–200 个字",
                "An attachment's name has 1–200 characters"
            ));
        }
        if let Some(url) = &self.url {
            let allowed = url.starts_with("https://")
                || url.starts_with("http://")
                || (url.starts_with("/files/") && !url.contains(".."));
            if !allowed {
                return Err(words!(
                    "附件地址“{url}”必须是 http(s) 地址或本站 /files/ 路径",
                    "The attachment address “{url}” must be an http(s) address or a /files/ path of this site"
                ));
            }
        }
        Ok(())
    }
}

/// China Standard Time, in which every date of the county's documents is written.
pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// Parses a publication time: RFC 3339, or a date (taken as midnight, China time).
pub fn parse_time(input: &str) -> Result<DateTime<Utc>, Words> {
    let s = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let date = parse_date(s)?;
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    china_offset()
        .from_local_datetime(&midnight)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| words!("“{s}”不是有效时间", "“{s}” is not a valid time"))
}

/// A policy as people and import files write it: every field still raw text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyInput {
    pub id: Option<String>,
    pub title: String,
    pub doc_number: Option<String>,
    /// Code of the issuing unit (发文机关).
    pub unit: String,
    /// 成文日期.
    pub signed_on: String,
    /// 发布日期; required once published.
    pub published_at: Option<String>,
    pub status: String,
    /// Code of the 公开目录 term.
    pub directory: String,
    /// Code of the 重点领域 term.
    pub key_area: Option<String>,
    pub disclosure: String,
    pub disclosure_reason: Option<String>,
    pub validity: String,
    /// Id of the policy that amends or repeals this one.
    pub replaced_by: Option<String>,
    pub major: bool,
    /// Rich HTML, sanitised on write.
    pub body: String,
    pub attachments: Vec<Attachment>,
    /// 索引号; generated when absent.
    pub index_no: Option<String>,
}

/// A policy whose every field has been parsed. The body is still untrusted HTML:
/// the repository sanitises it on its way into the database.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPolicy {
    pub id: Option<PolicyId>,
    pub title: Title,
    pub doc_number: Option<DocNumber>,
    pub unit: TaxonomyCode,
    pub signed_on: NaiveDate,
    pub published_at: Option<DateTime<Utc>>,
    pub status: PolicyStatus,
    pub directory: TaxonomyCode,
    pub key_area: Option<TaxonomyCode>,
    pub disclosure: Disclosure,
    pub validity: Validity,
    pub replaced_by: Option<PolicyId>,
    pub major: bool,
    pub body: String,
    pub attachments: Vec<Attachment>,
    pub index_no: Option<IndexNo>,
}

/// Gathers the errors of many fields so that all are reported together.
struct FieldCollector<'a>(&'a mut Vec<FieldError>);

impl FieldCollector<'_> {
    fn take<T>(&mut self, field: &str, result: Result<T, Words>) -> Option<T> {
        result
            .map_err(|m| self.0.push(FieldError::new(field, m)))
            .ok()
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl NewPolicy {
    /// Longest body accepted, in bytes of HTML.
    pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

    /// Parses every field and reports every problem at once, each naming its field.
    pub fn parse(input: &PolicyInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut c = FieldCollector(&mut errors);

        let id = non_empty(&input.id).map(|s| c.take("id", PolicyId::parse(s)));
        let title = c.take("title", Title::parse(&input.title));
        let doc_number =
            non_empty(&input.doc_number).map(|s| c.take("doc_number", DocNumber::parse(s)));
        let unit = c.take("unit", TaxonomyCode::parse(&input.unit));
        let signed_on = c.take("signed_on", parse_date(&input.signed_on));
        let published_at =
            non_empty(&input.published_at).map(|s| c.take("published_at", parse_time(s)));
        let status = c.take(
            "status",
            PolicyStatus::parse(if input.status.trim().is_empty() {
                "draft"
            } else {
                &input.status
            }),
        );
        let directory = c.take("directory", TaxonomyCode::parse(&input.directory));
        let key_area =
            non_empty(&input.key_area).map(|s| c.take("key_area", TaxonomyCode::parse(s)));
        let validity = c.take(
            "validity",
            Validity::parse(if input.validity.trim().is_empty() {
                "effective"
            } else {
                &input.validity
            }),
        );
        let replaced_by =
            non_empty(&input.replaced_by).map(|s| c.take("replaced_by", PolicyId::parse(s)));
        let index_no = non_empty(&input.index_no).map(|s| c.take("index_no", IndexNo::parse(s)));
        for attachment in &input.attachments {
            c.take("attachments", attachment.check());
        }
        if input.body.len() > Self::MAX_BODY_BYTES {
            c.take::<()>(
                "body",
                Err(words!(
                    "正文过长（上限 {} MB）",
                    "The text is too long (at most {} MB)",
                    Self::MAX_BODY_BYTES / 1024 / 1024
                )),
            );
        }
        let disclosure = Disclosure::parse(&input.disclosure, input.disclosure_reason.as_deref())
            .map_err(|e| errors.push(e))
            .ok();

        // Rules between fields, checked once each field is known to be well formed.
        if let (Some(Some(published)), Some(signed)) = (published_at, signed_on)
            && published.with_timezone(&china_offset()).date_naive() < signed
        {
            errors.push(FieldError::new(
                "published_at",
                words!(
                    "发布日期不能早于成文日期",
                    "The publication date cannot be before the date signed"
                ),
            ));
        }
        if status == Some(PolicyStatus::Published) && published_at.is_none() {
            errors.push(FieldError::new(
                "published_at",
                words!(
                    "已发布的政策必须有发布日期",
                    "A published policy needs a publication date"
                ),
            ));
        }
        if validity == Some(Validity::Effective) && replaced_by.is_some() {
            errors.push(FieldError::new(
                "replaced_by",
                words!(
                    "有效的政策不能指定替代文件",
                    "A policy in force cannot name a replacement"
                ),
            ));
        }
        if let (Some(Some(own)), Some(Some(other))) = (&id, &replaced_by)
            && own == other
        {
            errors.push(FieldError::new(
                "replaced_by",
                words!("政策不能被自身替代", "A policy cannot replace itself"),
            ));
        }

        match (
            title, unit, signed_on, status, directory, validity, disclosure,
        ) {
            (
                Some(title),
                Some(unit),
                Some(signed_on),
                Some(status),
                Some(directory),
                Some(validity),
                Some(disclosure),
            ) if errors.is_empty() => Ok(Self {
                id: id.flatten(),
                title,
                doc_number: doc_number.flatten(),
                unit,
                signed_on,
                published_at: published_at.flatten(),
                status,
                directory,
                key_area: key_area.flatten(),
                disclosure,
                validity,
                replaced_by: replaced_by.flatten(),
                major: input.major,
                body: input.body.clone(),
                attachments: input.attachments.clone(),
                index_no: index_no.flatten(),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_input() -> PolicyInput {
        PolicyInput {
            title: "衡东县人民政府办公室关于进一步加强政府信息公开工作的通知".into(),
            doc_number: Some("东政办发〔2016〕5号".into()),
            unit: "xzfb".into(),
            signed_on: "2016年4月5日".into(),
            published_at: Some("2016-05-19".into()),
            status: "published".into(),
            directory: "fgwj".into(),
            disclosure: "proactive".into(),
            body: "<p>正文</p>".into(),
            ..PolicyInput::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_complete_policy_parses() {
        let p = NewPolicy::parse(&valid_input()).expect("valid");
        assert_eq!(
            p.doc_number.expect("number").to_string(),
            "东政办发〔2016〕5号"
        );
        assert_eq!(
            p.signed_on,
            NaiveDate::from_ymd_opt(2016, 4, 5).expect("date")
        );
        assert_eq!(p.validity, Validity::Effective);
        assert_eq!(p.disclosure, Disclosure::Proactive);
        let published = p.published_at.expect("published");
        assert_eq!(published.to_rfc3339(), "2016-05-18T16:00:00+00:00");
    }

    #[test]
    fn withheld_and_on_request_need_a_reason() {
        for kind in ["withheld", "on_request"] {
            let mut input = valid_input();
            input.disclosure = kind.into();
            let errors = NewPolicy::parse(&input).expect_err(kind);
            assert_eq!(fields(&errors), ["disclosure_reason"], "{kind}");

            input.disclosure_reason = Some("涉及国家秘密".into());
            let p = NewPolicy::parse(&input).expect(kind);
            assert_eq!(p.disclosure.kind().as_str(), kind);
            assert_eq!(p.disclosure.reason(), Some("涉及国家秘密"));
        }
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let input = PolicyInput {
            title: "".into(),
            doc_number: Some("五号文".into()),
            unit: "财政局".into(),
            signed_on: "2016-13-01".into(),
            status: "gone".into(),
            directory: "fgwj".into(),
            disclosure: "secret".into(),
            ..PolicyInput::default()
        };
        let errors = NewPolicy::parse(&input).expect_err("invalid");
        assert_eq!(
            fields(&errors),
            [
                "title",
                "doc_number",
                "unit",
                "signed_on",
                "status",
                "disclosure"
            ]
        );
    }

    #[test]
    fn cross_field_rules() {
        let mut input = valid_input();
        input.published_at = Some("2016-04-01".into());
        assert_eq!(
            fields(&NewPolicy::parse(&input).expect_err("early")),
            ["published_at"]
        );

        let mut input = valid_input();
        input.published_at = None;
        assert_eq!(
            fields(&NewPolicy::parse(&input).expect_err("unpublished")),
            ["published_at"]
        );

        let mut input = valid_input();
        input.replaced_by = Some("p-new".into());
        assert_eq!(
            fields(&NewPolicy::parse(&input).expect_err("effective")),
            ["replaced_by"]
        );
        input.validity = "repealed".into();
        assert!(NewPolicy::parse(&input).is_ok());
    }

    #[test]
    fn attachment_urls_are_limited() {
        let mut input = valid_input();
        input.attachments = vec![Attachment {
            name: "附件".into(),
            url: Some("javascript:alert(1)".into()),
        }];
        assert_eq!(
            fields(&NewPolicy::parse(&input).expect_err("js url")),
            ["attachments"]
        );
        input.attachments[0].url = Some("/files/abc.xls".into());
        assert!(NewPolicy::parse(&input).is_ok());
    }

    #[test]
    fn index_numbers_round_trip() {
        let n = IndexNo::parse("czj/2016-00003").expect("valid");
        assert_eq!((n.unit().as_str(), n.year(), n.serial()), ("czj", 2016, 3));
        assert_eq!(n.to_string(), "czj/2016-00003");
        assert!(IndexNo::parse("czj-2016-3").is_err());
        assert!(IndexNo::parse("czj/2016-00000").is_err());
    }

    #[test]
    fn codes_are_lowercased_and_checked() {
        assert_eq!(TaxonomyCode::parse("Fgj").expect("code").as_str(), "fgj");
        assert!(TaxonomyCode::parse("县工商局").is_err());
        assert!(PolicyId::parse("../etc").is_err());
        assert!(PolicyId::parse("hd-2016-5").is_ok());
    }
}
