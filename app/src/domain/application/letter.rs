//! The letters of a disclosure application: the reply (答复书, 条例 第三十六条、第三十七条、
//! 第三十九条) and the notices sent while it is handled (补正告知书, 征求意见函, 延期答复告知书,
//! 收费通知书), each drafted from one standard template and the facts the desk recorded.
//!
//! A drafted [`Letter`] is plain data the desk may still edit before it is issued; the DOCX
//! writer (`ssr::docx`) and the print view render it. Letters are official documents and
//! therefore Chinese only; what the interface says about them ([`LetterKind::label`], the
//! errors of [`draft`]) is in both languages.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ReplyKind;
use super::fee::FeeMethod;
use crate::domain::{FieldError, Words};

/// The regulation every letter cites, written out in full as official documents do.
const REGULATION: &str = "《中华人民共和国政府信息公开条例》";

/// One letter, ready to render or to edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    /// 标题, e.g. 政府信息公开申请答复书.
    pub title: String,
    /// 文号, e.g. 财政局依申复〔2026〕3号.
    pub number: String,
    /// 主送: the applicant, third party or body written to, without the colon that
    /// renderers put after it ([`Letter::addressee_line`]).
    pub addressee: String,
    /// 正文, one string per paragraph, without indentation (renderers indent).
    pub paragraphs: Vec<String>,
    /// 发文机关署名.
    pub issuer: String,
    /// 成文日期.
    pub date: NaiveDate,
}

impl Letter {
    /// The addressee as the letter prints it: `张三：`.
    pub fn addressee_line(&self) -> String {
        format!("{}：", self.addressee)
    }

    /// The date as the letter prints it: `2026年3月5日`.
    pub fn date_line(&self) -> String {
        chinese_date(self.date)
    }
}

/// A date written the way official documents write it: `2026年3月5日` (no leading zeros).
pub fn chinese_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Which letter to draft: the reply of one kind, or one of the notices sent on the way.
///
/// Stored and sent as a short code: the [`ReplyKind`] code for a reply (`published`,
/// `partly`, …), a code of its own for a notice (`supplement`, `consult_third_party`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum LetterKind {
    /// 政府信息公开申请答复书, ending the application.
    Reply(ReplyKind),
    /// 补正告知书: the application is unclear (第三十条).
    Supplement,
    /// 征求第三方意见函: disclosure may harm a third party's lawful rights (第三十二条).
    ConsultThirdParty,
    /// 征求意见函 to a body that made the information together with us (第三十四条).
    ConsultBody,
    /// 延期答复告知书: the 20 working days are extended (第三十三条).
    Extension,
    /// 信息处理费缴费通知书 (第四十二条, 国办函〔2020〕109号).
    Fee,
}

/// The notices, in display order.
const NOTICES: [LetterKind; 5] = [
    LetterKind::Supplement,
    LetterKind::ConsultThirdParty,
    LetterKind::ConsultBody,
    LetterKind::Extension,
    LetterKind::Fee,
];

impl LetterKind {
    /// Every kind, replies first (in [`ReplyKind::ALL`] order), then the notices.
    pub fn all() -> impl Iterator<Item = LetterKind> {
        ReplyKind::ALL
            .iter()
            .map(|&k| LetterKind::Reply(k))
            .chain(NOTICES)
    }

    /// The stored and wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::Reply(kind) => kind.as_str(),
            LetterKind::Supplement => "supplement",
            LetterKind::ConsultThirdParty => "consult_third_party",
            LetterKind::ConsultBody => "consult_body",
            LetterKind::Extension => "extension",
            LetterKind::Fee => "fee",
        }
    }

    /// Parses the stored form; the error lists what would have been accepted.
    pub fn parse(input: &str) -> Result<Self, Words> {
        let code = input.trim();
        Self::all().find(|k| k.as_str() == code).ok_or_else(|| {
            let codes: Vec<&str> = Self::all().map(LetterKind::as_str).collect();
            words!(
                "“{code}”不是可选的文书（可选：{}）",
                "“{code}” is not one of the letters ({})",
                codes.join("、")
            )
        })
    }

    /// Whether this is the reply that ends the application (and so tells the applicant how
    /// to seek review); the notices do not.
    pub fn is_reply(self) -> bool {
        matches!(self, LetterKind::Reply(_))
    }

    /// What the interface calls this letter.
    pub fn label(self) -> Words {
        let reply =
            |zh: &str, en: &str| Words::new(format!("答复书（{zh}）"), format!("Reply: {en}"));
        match self {
            LetterKind::Reply(kind) => match kind {
                ReplyKind::Published => reply("已主动公开", "already published"),
                ReplyKind::Disclosed => reply("予以公开", "disclosed"),
                ReplyKind::PartlyDisclosed => reply("部分公开", "partly disclosed"),
                ReplyKind::Withheld => reply("不予公开", "withheld"),
                ReplyKind::NotHeld => reply("信息不存在", "information not held"),
                ReplyKind::NotOurs => reply("非本机关负责公开", "not ours to disclose"),
                ReplyKind::Repeated => reply("重复申请", "repeated application"),
                ReplyKind::OtherLaw => reply("按其他法律法规办理", "handled under another law"),
                ReplyKind::NotAnApplication => reply(
                    "不作为政府信息公开申请处理",
                    "not treated as a disclosure application",
                ),
            },
            LetterKind::Supplement => words!("补正告知书", "Request to complete the application"),
            LetterKind::ConsultThirdParty => {
                words!("征求第三方意见函", "Consultation of a third party")
            }
            LetterKind::ConsultBody => words!("征求意见函", "Consultation of a co-authoring body"),
            LetterKind::Extension => words!("延期答复告知书", "Notice of an extended deadline"),
            LetterKind::Fee => words!("收费通知书", "Fee notice"),
        }
    }

    /// The title the letter carries.
    pub fn title(self) -> &'static str {
        match self {
            LetterKind::Reply(_) => "政府信息公开申请答复书",
            LetterKind::Supplement => "政府信息公开申请补正告知书",
            LetterKind::ConsultThirdParty => "政府信息公开征求第三方意见函",
            LetterKind::ConsultBody => "政府信息公开征求意见函",
            LetterKind::Extension => "政府信息公开申请延期答复告知书",
            LetterKind::Fee => "政府信息公开信息处理费收费通知书",
        }
    }

    /// The provision of the regulation the letter rests on, as the letter cites it.
    pub fn article(self) -> &'static str {
        match self {
            LetterKind::Reply(kind) => match kind {
                ReplyKind::Published => "第三十六条第一项",
                ReplyKind::Disclosed => "第三十六条第二项",
                ReplyKind::PartlyDisclosed => "第三十七条",
                ReplyKind::Withheld => "第三十六条第三项",
                ReplyKind::NotHeld => "第三十六条第四项",
                ReplyKind::NotOurs => "第三十六条第五项",
                ReplyKind::Repeated => "第三十六条第六项",
                ReplyKind::OtherLaw => "第三十六条第七项",
                ReplyKind::NotAnApplication => "第三十九条",
            },
            LetterKind::Supplement => "第三十条",
            LetterKind::ConsultThirdParty => "第三十二条",
            LetterKind::ConsultBody => "第三十四条",
            LetterKind::Extension => "第三十三条第一款",
            LetterKind::Fee => "第四十二条",
        }
    }
}

impl TryFrom<String> for LetterKind {
    type Error = Words;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<LetterKind> for &'static str {
    fn from(value: LetterKind) -> Self {
        value.as_str()
    }
}

/// A notice sent while an application is handled, as issued at its step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub kind: LetterKind,
    pub letter: Letter,
}

impl LetterKind {
    /// Whether the letter goes to the applicant (and so is theirs to read at `/track`):
    /// every one but the consultations, which go to the party consulted.
    pub fn to_applicant(self) -> bool {
        !matches!(
            self,
            LetterKind::ConsultThirdParty | LetterKind::ConsultBody
        )
    }
}

/// What the templates need to know. The first group is needed by every letter; the others
/// only by the kinds named on them, and [`draft`] names the first one missing. Text facts
/// are written as the clause the template slots them into (see each field), without a
/// final full stop.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterFacts {
    /// 申请人姓名或者名称.
    pub applicant: String,
    /// 申请编号, as registered.
    pub tracking_no: String,
    /// The day the application was received (收到申请之日).
    pub received: NaiveDate,
    /// The information requested, as the applicant described it.
    pub requested: String,
    /// The issuing unit, e.g. XX县财政局.
    pub issuer: String,

    /// Replies: the review body (行政复议机关), e.g. XX县人民政府.
    pub review_body: Option<String>,
    /// Replies: the court for a lawsuit, e.g. XX县人民法院.
    pub court: Option<String>,

    /// ① Where it was published: a URL, a gazette, a reading room.
    pub published_at: Option<String>,
    /// ① When it was published, if known.
    pub published_on: Option<NaiveDate>,

    /// ② and 部分公开: how it is given, a noun for “以…方式”: 电子邮件, 邮寄纸质件, 当面领取.
    pub delivery: Option<String>,
    /// ② and 部分公开: when it is given.
    pub delivery_on: Option<NaiveDate>,

    /// ③ and 部分公开: why it is withheld, following “因”: 涉及第三方个人隐私.
    pub withheld_ground: Option<String>,
    /// ③ and 部分公开: the provision the ground rests on, in full:
    /// 《中华人民共和国政府信息公开条例》第十五条.
    pub withheld_basis: Option<String>,
    /// 部分公开: which part is withheld: 第三部分中的个人身份证号码.
    pub withheld_part: Option<String>,

    /// ④ Where and how it was searched for, if the letter should say so.
    pub searched: Option<String>,

    /// ⑤ Why it is not this office's to disclose, following “理由是”.
    pub not_ours_reason: Option<String>,
    /// ⑤ The body that is responsible, if known.
    pub responsible_body: Option<String>,
    /// ⑤ That body's contact (address, telephone), if known.
    pub responsible_contact: Option<String>,

    /// ⑥ The earlier application's number.
    pub earlier_no: Option<String>,
    /// ⑥ When the earlier application was made.
    pub earlier_on: Option<NaiveDate>,

    /// ⑦ The law that governs access, in full: 《不动产登记暂行条例》.
    pub other_law: Option<String>,
    /// ⑦ and 第三十九条: where to go instead, following “您可以”: 到县不动产登记中心查询.
    pub route: Option<String>,

    /// 第三十九条: what the request really is, following “您提出的申请”: 实为对…的投诉.
    pub not_application_reason: Option<String>,

    /// 补正: what is to be supplemented, following “请您对下列事项作出补正：”.
    pub supplement: Option<String>,
    /// 补正: the date by which.
    pub supplement_by: Option<NaiveDate>,

    /// 征求意见: the third party or body consulted (the addressee).
    pub consulted: Option<String>,
    /// 征求意见: the date its opinion is due (15 working days after it receives the letter).
    pub consult_by: Option<NaiveDate>,

    /// 延期: why more time is needed, following “因”, if the letter should say so.
    pub extension_reason: Option<String>,
    /// 延期: the working days added (at most 20).
    pub extension_days: Option<u32>,
    /// 延期: the new due date.
    pub new_due: Option<NaiveDate>,

    /// 收费: the amount in fen (分).
    pub fee_fen: Option<u64>,
    /// 收费: how it is counted.
    pub fee_method: Option<FeeMethod>,
    /// 收费: how to pay, following “通过”: 非税收入缴款码扫码缴纳.
    pub pay_how: Option<String>,
    /// 收费: the date by which (20 working days after the notice is received).
    pub pay_by: Option<NaiveDate>,
}

/// The longest extension the regulation allows (第三十三条第二款).
pub const MAX_EXTENSION_DAYS: u32 = 20;

/// Drafts the letter of `kind` from `facts`, numbered `number` and dated `date`.
///
/// Fails with the first fact the template needs that is missing or blank (the field name
/// and, in both languages, what to fill in), or a deadline that cannot be right.
pub fn draft(
    kind: LetterKind,
    facts: &LetterFacts,
    number: String,
    date: NaiveDate,
) -> Result<Letter, FieldError> {
    let need = Need { kind, facts };
    let applicant = need.text(
        "applicant",
        "申请人姓名或者名称",
        "the applicant's name",
        Some(&facts.applicant),
    )?;
    let tracking = need.text(
        "tracking_no",
        "申请编号",
        "the tracking number",
        Some(&facts.tracking_no),
    )?;
    let requested = need.text(
        "requested",
        "申请获取的信息",
        "the information requested",
        Some(&facts.requested),
    )?;
    // The letter quotes it in “”, so quotes inside become ‘’.
    let requested: String = requested
        .trim_matches(['“', '”', '"'])
        .chars()
        .map(|c| match c {
            '“' => '‘',
            '”' => '’',
            other => other,
        })
        .collect();
    let issuer = need.text(
        "issuer",
        "发文机关",
        "the issuing unit",
        Some(&facts.issuer),
    )?;
    if facts.received > date {
        return Err(FieldError::new(
            "received",
            words!(
                "收到申请的日期晚于成文日期",
                "The application is received after the letter's date"
            ),
        ));
    }
    let received = chinese_date(facts.received);
    // “本机关于…收到您提出的…”, to the applicant; to a third party or body, the applicant by name.
    let opening = |from: &str| {
        format!(
            "本机关于{received}收到{from}提出的政府信息公开申请（申请编号：{tracking}），申请获取的信息为：“{requested}”。"
        )
    };
    let reply_opening = format!("{}经审查，现答复如下：", opening("您"));
    let article = kind.article();

    let mut addressee = applicant.to_owned();
    let paragraphs = match kind {
        LetterKind::Reply(reply) => {
            let body = match reply {
                ReplyKind::Published => {
                    let place = need.text(
                        "published_at",
                        "公开的位置（网址或场所）",
                        "where it was published (URL or place)",
                        facts.published_at.as_ref(),
                    )?;
                    let when = facts
                        .published_on
                        .map(|d| format!("已于{}", chinese_date(d)))
                        .unwrap_or_else(|| "已".to_owned());
                    vec![format!(
                        "根据{REGULATION}{article}之规定，现告知如下：您申请获取的信息，本机关{when}主动公开，您可以通过{place}查阅、获取。"
                    )]
                }
                ReplyKind::Disclosed => {
                    let (how, on) = need.delivery()?;
                    vec![format!(
                        "您申请获取的信息属于可以公开的政府信息。根据{REGULATION}{article}之规定，本机关决定予以公开，并于{on}以{how}方式向您提供。"
                    )]
                }
                ReplyKind::PartlyDisclosed => {
                    let (how, on) = need.delivery()?;
                    let part = need.text(
                        "withheld_part",
                        "不予公开的部分",
                        "the part withheld",
                        facts.withheld_part.as_ref(),
                    )?;
                    let (ground, basis) = need.withheld()?;
                    vec![
                        format!(
                            "您申请获取的信息中含有不应当公开的内容，但是能够作区分处理。根据{REGULATION}{article}之规定，本机关决定对可以公开的部分予以公开，并于{on}以{how}方式向您提供。"
                        ),
                        format!("其中，{part}因{ground}，根据{basis}之规定，不予公开。"),
                    ]
                }
                ReplyKind::Withheld => {
                    let (ground, basis) = need.withheld()?;
                    vec![format!(
                        "您申请获取的信息因{ground}，根据{}之规定，本机关决定不予公开。",
                        cite_with(basis, article)
                    )]
                }
                ReplyKind::NotHeld => {
                    let searched = need
                        .optional(facts.searched.as_ref())
                        .map(|s| format!("（检索范围：{s}）"))
                        .unwrap_or_default();
                    vec![format!(
                        "经检索{searched}，本机关没有您申请获取的信息。根据{REGULATION}{article}之规定，现告知您该政府信息不存在。"
                    )]
                }
                ReplyKind::NotOurs => {
                    let reason = need.text(
                        "not_ours_reason",
                        "不属于本机关负责公开的理由",
                        "why it is not this office's to disclose",
                        facts.not_ours_reason.as_ref(),
                    )?;
                    let mut text = format!(
                        "根据{REGULATION}{article}之规定，现告知如下：您申请获取的信息不属于本机关负责公开的政府信息，理由是{reason}。"
                    );
                    if let Some(body) = need.optional(facts.responsible_body.as_ref()) {
                        let contact = need
                            .optional(facts.responsible_contact.as_ref())
                            .map(|c| format!("（联系方式：{c}）"))
                            .unwrap_or_default();
                        text.push_str(&format!(
                            "负责公开该政府信息的行政机关为{body}{contact}，您可以向该机关提出申请。"
                        ));
                    }
                    vec![text]
                }
                ReplyKind::Repeated => {
                    let earlier = need.text(
                        "earlier_no",
                        "此前申请的编号",
                        "the earlier application's number",
                        facts.earlier_no.as_ref(),
                    )?;
                    let on = need.date(
                        "earlier_on",
                        "此前申请的日期",
                        "the earlier application's date",
                        facts.earlier_on,
                    )?;
                    vec![format!(
                        "您于{on}提出的政府信息公开申请（申请编号：{earlier}），本机关已作出答复。您本次申请公开的政府信息与该申请相同，根据{REGULATION}{article}之规定，本机关不予重复处理。"
                    )]
                }
                ReplyKind::OtherLaw => {
                    let law = need.text(
                        "other_law",
                        "规定获取方式的法律、行政法规",
                        "the law that governs access",
                        facts.other_law.as_ref(),
                    )?;
                    vec![format!(
                        "您申请获取的信息，{law}对其获取有特别规定。根据{REGULATION}{article}之规定，请您依照{law}的规定办理。{}",
                        need.route()
                    )]
                }
                ReplyKind::NotAnApplication => {
                    let what = need.text(
                        "not_application_reason",
                        "不作为政府信息公开申请处理的理由",
                        "what the request really is",
                        facts.not_application_reason.as_ref(),
                    )?;
                    vec![format!(
                        "您提出的申请{what}，不属于政府信息公开申请。根据{REGULATION}{article}之规定，本机关不作为政府信息公开申请处理。{}",
                        need.route()
                    )]
                }
            };
            let review_body = need.text(
                "review_body",
                "行政复议机关",
                "the review body",
                facts.review_body.as_ref(),
            )?;
            let court = need.text("court", "管辖的人民法院", "the court", facts.court.as_ref())?;
            let mut paragraphs = vec![reply_opening];
            paragraphs.extend(body);
            paragraphs.push(format!(
                "如对本答复不服，可以在收到本答复之日起60日内向{review_body}申请行政复议，或者在6个月内向{court}提起行政诉讼。"
            ));
            paragraphs
        }
        LetterKind::Supplement => {
            let what = need.text(
                "supplement",
                "需要补正的事项",
                "what is to be supplemented",
                facts.supplement.as_ref(),
            )?;
            let by = need.deadline(
                "supplement_by",
                "补正期限",
                "the date to supplement by",
                facts.supplement_by,
                date,
            )?;
            vec![
                opening("您"),
                format!(
                    "经审查，您的申请内容不明确，本机关无法确定您所需的政府信息。根据{REGULATION}{article}之规定，请您对下列事项作出补正：{what}。"
                ),
                format!(
                    "请您于{by}前将补正后的申请提交本机关。答复期限自本机关收到补正的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"
                ),
                "特此告知。".to_owned(),
            ]
        }
        LetterKind::ConsultThirdParty => {
            addressee = need.consulted()?.to_owned();
            let by = need.deadline(
                "consult_by",
                "提出意见的期限",
                "the date the opinion is due",
                facts.consult_by,
                date,
            )?;
            vec![
                opening(applicant),
                format!(
                    "经审查，该信息公开可能损害贵方的合法权益。根据{REGULATION}{article}之规定，现书面征求贵方意见，请于{by}前书面提出是否同意公开的意见；不同意公开的，请说明理由。"
                ),
                "贵方逾期未提出意见的，本机关将依照该条例的规定决定是否公开。贵方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。".to_owned(),
            ]
        }
        LetterKind::ConsultBody => {
            addressee = need.consulted()?.to_owned();
            let by = need.deadline(
                "consult_by",
                "提出意见的期限",
                "the date the opinion is due",
                facts.consult_by,
                date,
            )?;
            vec![
                opening(applicant),
                format!(
                    "该信息由本机关与贵单位共同制作。根据{REGULATION}{article}之规定，现征求贵单位意见，请于{by}前书面提出意见。逾期未提出意见的，视为同意公开。"
                ),
            ]
        }
        LetterKind::Extension => {
            let days = facts.extension_days.ok_or_else(|| {
                need.missing("extension_days", "延长的工作日数", "the working days added")
            })?;
            if !(1..=MAX_EXTENSION_DAYS).contains(&days) {
                return Err(FieldError::new(
                    "extension_days",
                    words!(
                        "答复期限最多延长 {MAX_EXTENSION_DAYS} 个工作日（现为 {days} 个）",
                        "The deadline may be extended by at most {MAX_EXTENSION_DAYS} working days (it is {days})"
                    ),
                ));
            }
            let due = need.deadline(
                "new_due",
                "延长后的答复期限",
                "the new due date",
                facts.new_due,
                date,
            )?;
            let because = need
                .optional(facts.extension_reason.as_ref())
                .map(|r| format!("因{r}，"))
                .unwrap_or_default();
            vec![
                opening("您"),
                format!(
                    "{because}本机关不能在规定期限内作出答复。经本机关政府信息公开工作机构负责人同意，根据{REGULATION}{article}之规定，答复期限延长{days}个工作日，本机关将于{due}前作出答复。"
                ),
                "特此告知。".to_owned(),
            ]
        }
        LetterKind::Fee => {
            let fen = facts
                .fee_fen
                .filter(|&f| f > 0)
                .ok_or_else(|| need.missing("fee_fen", "收费金额", "the fee amount"))?;
            let method = facts
                .fee_method
                .ok_or_else(|| need.missing("fee_method", "计收方式", "how the fee is counted"))?;
            let how = need.text("pay_how", "缴费方式", "how to pay", facts.pay_how.as_ref())?;
            let by = need.deadline(
                "pay_by",
                "缴费期限",
                "the date to pay by",
                facts.pay_by,
                date,
            )?;
            vec![
                opening("您"),
                format!(
                    "您申请公开政府信息的数量、频次明显超过合理范围。根据{REGULATION}{article}和《政府信息公开信息处理费管理办法》之规定，本机关按照“{}”标准向您收取信息处理费人民币{}.{:02}元。",
                    method.zh(),
                    fen / 100,
                    fen % 100
                ),
                format!(
                    "请您于{by}前通过{how}缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
                ),
                "特此告知。".to_owned(),
            ]
        }
    };

    Ok(Letter {
        title: kind.title().to_owned(),
        number,
        addressee,
        paragraphs,
        issuer: issuer.to_owned(),
        date,
    })
}

/// `basis` and a provision of the regulation cited together, naming the regulation once
/// when `basis` is itself one of its provisions.
fn cite_with(basis: &str, article: &str) -> String {
    match basis.strip_prefix(REGULATION) {
        Some(rest) => format!("{REGULATION}{rest}、{article}"),
        None => format!("{basis}及{REGULATION}{article}"),
    }
}

/// Looks up the facts one kind of letter needs, naming the first that is missing.
struct Need<'a> {
    kind: LetterKind,
    facts: &'a LetterFacts,
}

impl<'a> Need<'a> {
    fn missing(&self, field: &str, zh: &str, en: &str) -> FieldError {
        let label = self.kind.label();
        FieldError::new(
            field,
            Words::new(
                format!("起草{}需要填写{zh}", label.zh),
                format!("Fill in {en} to draft the letter “{}”", label.en),
            ),
        )
    }

    /// A text fact as it goes into the letter: trimmed, without a final stop the template
    /// adds itself; `None` when missing or blank.
    fn optional(&self, value: Option<&'a String>) -> Option<&'a str> {
        value
            .map(|v| {
                v.trim()
                    .trim_end_matches(['。', '；', '，', '.', ';', ','])
                    .trim_end()
            })
            .filter(|v| !v.is_empty())
    }

    fn text(
        &self,
        field: &str,
        zh: &str,
        en: &str,
        value: Option<&'a String>,
    ) -> Result<&'a str, FieldError> {
        self.optional(value)
            .ok_or_else(|| self.missing(field, zh, en))
    }

    fn date(
        &self,
        field: &str,
        zh: &str,
        en: &str,
        value: Option<NaiveDate>,
    ) -> Result<String, FieldError> {
        value
            .map(chinese_date)
            .ok_or_else(|| self.missing(field, zh, en))
    }

    /// A date the addressee must act by, or we reply by: not before the letter's date.
    fn deadline(
        &self,
        field: &str,
        zh: &str,
        en: &str,
        value: Option<NaiveDate>,
        letter_date: NaiveDate,
    ) -> Result<String, FieldError> {
        let day = value.ok_or_else(|| self.missing(field, zh, en))?;
        if day < letter_date {
            return Err(FieldError::new(
                field,
                Words::new(
                    format!("{zh}早于成文日期"),
                    format!("{en} is before the letter's date"),
                ),
            ));
        }
        Ok(chinese_date(day))
    }

    fn delivery(&self) -> Result<(&'a str, String), FieldError> {
        let how = self.text(
            "delivery",
            "提供方式",
            "how it is given",
            self.facts.delivery.as_ref(),
        )?;
        let on = self.date(
            "delivery_on",
            "提供日期",
            "when it is given",
            self.facts.delivery_on,
        )?;
        Ok((how.strip_suffix("方式").unwrap_or(how), on))
    }

    fn withheld(&self) -> Result<(&'a str, &'a str), FieldError> {
        let ground = self.text(
            "withheld_ground",
            "不予公开的理由",
            "why it is withheld",
            self.facts.withheld_ground.as_ref(),
        )?;
        let basis = self.text(
            "withheld_basis",
            "不予公开的法律依据",
            "the provision it is withheld under",
            self.facts.withheld_basis.as_ref(),
        )?;
        Ok((ground, basis))
    }

    fn consulted(&self) -> Result<&'a str, FieldError> {
        self.text(
            "consulted",
            "被征求意见的第三方或者机关",
            "who is consulted",
            self.facts.consulted.as_ref(),
        )
    }

    /// “您可以…。” when the office knows where the applicant should go instead.
    fn route(&self) -> String {
        self.optional(self.facts.route.as_ref())
            .map(|r| format!("您可以{r}。"))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    /// Every fact any template needs, filled in.
    fn facts() -> LetterFacts {
        LetterFacts {
            applicant: "张小明".to_owned(),
            tracking_no: "YSQ-2026-0003".to_owned(),
            received: day(2026, 2, 10),
            requested: "2025年度县财政局部门预算中的“三公”经费明细".to_owned(),
            issuer: "东县财政局".to_owned(),
            review_body: some("东县人民政府"),
            court: some("东县人民法院"),
            published_at: some(
                "东县人民政府门户网站“政府信息公开”栏目（http://www.dongxian.gov.cn/zfxxgk）",
            ),
            published_on: Some(day(2026, 1, 20)),
            delivery: some("电子邮件方式"),
            delivery_on: Some(day(2026, 3, 5)),
            withheld_ground: some("涉及第三方个人隐私，公开会对第三方合法权益造成损害"),
            withheld_basis: some("《中华人民共和国政府信息公开条例》第十五条"),
            withheld_part: some("附表中供应商联系人的姓名和手机号码"),
            searched: some("本机关2020年以来的收发文登记和档案"),
            not_ours_reason: some("该信息由东县教育局制作并保存"),
            responsible_body: some("东县教育局"),
            responsible_contact: some("0571-12345678"),
            earlier_no: some("YSQ-2025-0101"),
            earlier_on: Some(day(2025, 11, 3)),
            other_law: some("《不动产登记暂行条例》"),
            route: some("持本人身份证明到东县不动产登记中心查询"),
            not_application_reason: some("实为对某小区物业管理问题的投诉"),
            supplement: some("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
            supplement_by: Some(day(2026, 3, 20)),
            consulted: some("东县某建材有限公司"),
            consult_by: Some(day(2026, 3, 26)),
            extension_reason: some("申请公开的信息数量较大，需要调取多年档案"),
            extension_days: Some(20),
            new_due: Some(day(2026, 4, 3)),
            fee_fen: Some(120_000),
            fee_method: Some(FeeMethod::ByCount),
            pay_how: some("非税收入缴款码扫码"),
            pay_by: Some(day(2026, 4, 2)),
        }
    }

    const NUMBER: &str = "东财依申复〔2026〕3号";

    fn drafted(kind: LetterKind, facts: &LetterFacts) -> Result<Letter, FieldError> {
        draft(kind, facts, NUMBER.to_owned(), day(2026, 3, 5))
    }

    fn body(letter: &Letter) -> String {
        letter.paragraphs.concat()
    }

    #[test]
    fn every_kind_names_the_applicant_the_number_and_its_article() {
        let facts = facts();
        for kind in LetterKind::all() {
            let letter = drafted(kind, &facts).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            let text = body(&letter);
            // Letters to the applicant are addressed to them (the body says 您);
            // consultations name them in the body.
            assert!(
                letter.addressee == "张小明" || text.contains("收到张小明提出的"),
                "{kind:?}: the applicant is named"
            );
            assert_eq!(letter.number, NUMBER);
            assert!(
                text.contains(REGULATION) && text.contains(kind.article()),
                "{kind:?} cites {}: {text}",
                kind.article()
            );
            assert_eq!(letter.title, kind.title());
            assert_eq!(letter.issuer, "东县财政局");
            assert!(
                text.contains("2026年2月10日"),
                "{kind:?}: the day it was received"
            );
            assert!(!text.contains("。。"), "{kind:?}: {text}");
        }
    }

    #[test]
    fn replies_end_with_the_remedy_and_notices_do_not() {
        let facts = facts();
        for kind in LetterKind::all() {
            let letter = drafted(kind, &facts).expect("drafts");
            let has_remedy = body(&letter).contains("申请行政复议");
            assert_eq!(has_remedy, kind.is_reply(), "{kind:?}");
            if kind.is_reply() {
                assert_eq!(
                    letter.paragraphs.last().map(String::as_str),
                    Some(
                        "如对本答复不服，可以在收到本答复之日起60日内向东县人民政府申请行政复议，或者在6个月内向东县人民法院提起行政诉讼。"
                    )
                );
                assert_eq!(letter.addressee, "张小明");
            }
        }
    }

    #[test]
    fn consultations_are_addressed_to_the_party_consulted() {
        let facts = facts();
        for kind in [LetterKind::ConsultThirdParty, LetterKind::ConsultBody] {
            let letter = drafted(kind, &facts).expect("drafts");
            assert_eq!(letter.addressee, "东县某建材有限公司");
            assert_eq!(letter.addressee_line(), "东县某建材有限公司：");
            assert!(body(&letter).contains("2026年3月26日前"));
        }
    }

    #[test]
    fn the_wording_of_a_withheld_reply() {
        let letter = drafted(LetterKind::Reply(ReplyKind::Withheld), &facts()).expect("drafts");
        assert_eq!(
            letter.paragraphs,
            [
                "本机关于2026年2月10日收到您提出的政府信息公开申请（申请编号：YSQ-2026-0003），申请获取的信息为：“2025年度县财政局部门预算中的‘三公’经费明细”。经审查，现答复如下：",
                "您申请获取的信息因涉及第三方个人隐私，公开会对第三方合法权益造成损害，根据《中华人民共和国政府信息公开条例》第十五条、第三十六条第三项之规定，本机关决定不予公开。",
                "如对本答复不服，可以在收到本答复之日起60日内向东县人民政府申请行政复议，或者在6个月内向东县人民法院提起行政诉讼。",
            ]
        );
        assert_eq!(letter.date_line(), "2026年3月5日");
    }

    #[test]
    fn a_ground_under_another_law_is_cited_beside_the_regulation() {
        let mut facts = facts();
        facts.withheld_basis = some("《中华人民共和国保守国家秘密法》第十三条");
        let letter = drafted(LetterKind::Reply(ReplyKind::Withheld), &facts).expect("drafts");
        assert!(body(&letter).contains(
            "根据《中华人民共和国保守国家秘密法》第十三条及《中华人民共和国政府信息公开条例》第三十六条第三项之规定"
        ));
    }

    #[test]
    fn optional_facts_shape_the_sentence_when_given() {
        let mut facts = facts();
        let kind = LetterKind::Reply(ReplyKind::Disclosed);
        assert!(body(&drafted(kind, &facts).expect("drafts")).contains("以电子邮件方式向您提供"));

        let kind = LetterKind::Reply(ReplyKind::NotOurs);
        assert!(
            body(&drafted(kind, &facts).expect("drafts"))
                .contains("东县教育局（联系方式：0571-12345678）")
        );
        facts.responsible_body = None;
        let text = body(&drafted(kind, &facts).expect("drafts"));
        assert!(!text.contains("负责公开该政府信息的行政机关为"), "{text}");

        let kind = LetterKind::Reply(ReplyKind::Published);
        facts.published_on = None;
        assert!(body(&drafted(kind, &facts).expect("drafts")).contains("本机关已主动公开"));

        facts.searched = some("  ");
        let kind = LetterKind::Reply(ReplyKind::NotHeld);
        assert!(body(&drafted(kind, &facts).expect("drafts")).contains("经检索，本机关没有"));

        let kind = LetterKind::Fee;
        assert!(
            body(&drafted(kind, &facts).expect("drafts"))
                .contains("按照“按件计收”标准向您收取信息处理费人民币1200.00元")
        );
    }

    #[test]
    fn a_missing_fact_is_named_in_both_languages() {
        let full = facts();
        type Case = (LetterKind, fn(&mut LetterFacts), &'static str);
        let cases: [Case; 14] = [
            (
                LetterKind::Reply(ReplyKind::Published),
                |f| f.published_at = None,
                "published_at",
            ),
            (
                LetterKind::Reply(ReplyKind::Disclosed),
                |f| f.delivery_on = None,
                "delivery_on",
            ),
            (
                LetterKind::Reply(ReplyKind::PartlyDisclosed),
                |f| f.withheld_part = some(" "),
                "withheld_part",
            ),
            (
                LetterKind::Reply(ReplyKind::Withheld),
                |f| f.withheld_basis = None,
                "withheld_basis",
            ),
            (
                LetterKind::Reply(ReplyKind::NotHeld),
                |f| f.court = None,
                "court",
            ),
            (
                LetterKind::Reply(ReplyKind::NotOurs),
                |f| f.not_ours_reason = None,
                "not_ours_reason",
            ),
            (
                LetterKind::Reply(ReplyKind::Repeated),
                |f| f.earlier_no = None,
                "earlier_no",
            ),
            (
                LetterKind::Reply(ReplyKind::OtherLaw),
                |f| f.other_law = None,
                "other_law",
            ),
            (
                LetterKind::Reply(ReplyKind::NotAnApplication),
                |f| f.review_body = None,
                "review_body",
            ),
            (
                LetterKind::Supplement,
                |f| f.supplement_by = None,
                "supplement_by",
            ),
            (
                LetterKind::ConsultThirdParty,
                |f| f.consulted = None,
                "consulted",
            ),
            (
                LetterKind::ConsultBody,
                |f| f.consult_by = None,
                "consult_by",
            ),
            (LetterKind::Extension, |f| f.new_due = None, "new_due"),
            (LetterKind::Fee, |f| f.fee_method = None, "fee_method"),
        ];
        for (kind, remove, field) in cases {
            let mut facts = full.clone();
            remove(&mut facts);
            let e = drafted(kind, &facts).expect_err(field);
            assert_eq!(e.field, field, "{kind:?}");
            assert!(
                e.message.zh.starts_with("起草") && e.message.zh.contains(&kind.label().zh),
                "{:?}",
                e.message
            );
            assert!(e.message.en.starts_with("Fill in"), "{:?}", e.message);
        }
        let mut facts = full;
        facts.applicant = "   ".to_owned();
        let e = drafted(LetterKind::Fee, &facts).expect_err("no applicant");
        assert_eq!(e.field, "applicant");
        assert_eq!(e.message.zh, "起草收费通知书需要填写申请人姓名或者名称");
    }

    #[test]
    fn deadlines_that_cannot_be_right_are_refused() {
        let mut facts = facts();
        facts.extension_days = Some(21);
        let e = drafted(LetterKind::Extension, &facts).expect_err("too long");
        assert_eq!(e.field, "extension_days");
        assert!(e.message.zh.contains("最多延长 20 个工作日"));

        let mut facts = self::facts();
        facts.supplement_by = Some(day(2026, 3, 4));
        assert_eq!(
            drafted(LetterKind::Supplement, &facts)
                .expect_err("past")
                .field,
            "supplement_by"
        );

        let mut facts = self::facts();
        facts.received = day(2026, 3, 6);
        assert_eq!(
            drafted(LetterKind::Supplement, &facts)
                .expect_err("future")
                .field,
            "received"
        );
    }

    #[test]
    fn kinds_travel_as_distinct_codes() {
        let codes: Vec<&str> = LetterKind::all().map(LetterKind::as_str).collect();
        assert_eq!(codes.len(), ReplyKind::ALL.len() + NOTICES.len());
        let mut unique = codes.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), codes.len(), "{codes:?}");
        for kind in LetterKind::all() {
            assert_eq!(LetterKind::parse(kind.as_str()), Ok(kind));
            let json = serde_json::to_string(&kind).expect("serialises");
            assert_eq!(
                serde_json::from_str::<LetterKind>(&json).expect("parses"),
                kind
            );
        }
        assert_eq!(
            serde_json::to_string(&LetterKind::Reply(ReplyKind::PartlyDisclosed)).expect("json"),
            "\"partly\""
        );
        assert!(
            LetterKind::parse("transfer")
                .expect_err("unknown")
                .zh
                .contains("supplement")
        );
    }

    #[test]
    fn dates_are_written_without_leading_zeros() {
        assert_eq!(chinese_date(day(2026, 3, 5)), "2026年3月5日");
        assert_eq!(chinese_date(day(2026, 12, 25)), "2026年12月25日");
    }
}
