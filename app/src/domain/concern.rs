//! Public concerns (公众关切): what a citizen may ask, how a concern is classed, and when
//! its answer is due.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::calendar::Calendar;
use super::policy::china_offset;
use super::workflow::{Scope, Step, Who, Workflow};
use super::{FieldError, Words};

string_enum! {
    /// Where a concern is.
    ConcernStatus {
        New = "new",
        Accepted = "accepted",
        Closed = "closed",
        Answered = "answered",
    }
}

string_enum! {
    /// Why a concern was closed without an answer.
    CloseReason {
        Spam = "spam",
        OffTopic = "off_topic",
        Duplicate = "duplicate",
    }
}

string_enum! {
    /// How fast a concern must be answered (国办发〔2016〕61号).
    ResponseClass {
        /// Within a number of working days set by the administrator (default 5).
        Routine = "routine",
        /// A public-opinion event about a policy: within 48 hours.
        Opinion = "opinion",
        /// A major emergency: authoritative information within 5 hours, a press
        /// conference within 24.
        Emergency = "emergency",
    }
}

string_enum! {
    /// Where the answer to an accepted concern stands.
    AnswerStatus {
        Draft = "draft",
        Submitted = "submitted",
        Approved = "approved",
    }
}

/// The default number of working days for a routine answer.
pub const ROUTINE_DAYS: u32 = 5;

/// Question length limits, in characters.
pub const QUESTION_MIN: usize = 5;
pub const QUESTION_MAX: usize = 1000;

/// A citizen's question, as typed (trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question(String);

impl Question {
    pub fn parse(input: &str) -> Result<Self, Words> {
        let text = input.trim();
        let n = text.chars().count();
        if n < QUESTION_MIN {
            return Err(words!(
                "问题至少 {QUESTION_MIN} 个字",
                "The question needs at least {QUESTION_MIN} characters"
            ));
        }
        if n > QUESTION_MAX {
            return Err(words!(
                "问题不能超过 {QUESTION_MAX} 字（现有 {n} 字）",
                "The question may have at most {QUESTION_MAX} characters (it has {n})"
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The question reduced for recognising a repeat: no spaces or punctuation, lower case.
    pub fn normalised(&self) -> String {
        self.0
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }
}

/// How to reach the asker: a mobile or landline number, or an e-mail address. Private.
#[derive(Clone, PartialEq, Eq)]
pub struct Contact(String);

impl std::fmt::Debug for Contact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never in a log line.
        f.write_str("Contact(…)")
    }
}

impl Contact {
    pub fn parse(input: &str) -> Result<Self, Words> {
        let raw = input.trim();
        if raw.is_empty() {
            return Err(words!(
                "请填写手机号、电话或电子邮箱，以便答复",
                "Give a mobile or telephone number or an e-mail address for the answer"
            ));
        }
        if raw.contains('@') {
            let (local, domain) = raw.split_once('@').unwrap_or_default();
            let valid = !local.is_empty()
                && local.len() <= 64
                && domain.len() <= 190
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !raw
                    .chars()
                    .any(|c| c.is_whitespace() || c == ',' || c == ';')
                && raw.matches('@').count() == 1;
            return if valid {
                Ok(Self(raw.to_ascii_lowercase()))
            } else {
                Err(words!(
                    "电子邮箱格式不正确，应形如 name@example.cn",
                    "The e-mail address is not valid; write it like name@example.cn"
                ))
            };
        }
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let only_phone_chars = raw
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')'));
        let digits = digits
            .strip_prefix("86")
            .filter(|d| d.len() == 11)
            .map_or(digits.clone(), str::to_owned);
        let mobile = digits.len() == 11
            && digits.starts_with('1')
            && matches!(digits.as_bytes()[1], b'3'..=b'9');
        let landline = digits.starts_with('0') && (10..=12).contains(&digits.len());
        if only_phone_chars && (mobile || landline) {
            Ok(Self(digits))
        } else {
            Err(words!(
                "电话号码格式不正确：手机号 11 位，座机请带区号（如 0734-5212345）",
                "The telephone number is not valid: a mobile has 11 digits, a landline needs its area code (e.g. 0734-5212345)"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// When an answer is due, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub due_at: DateTime<Utc>,
    /// For a major emergency, the press conference.
    pub second_due_at: Option<DateTime<Utc>>,
    pub explanation: String,
}

/// The deadline of a concern received at `received`, by its class.
pub fn deadline(
    class: ResponseClass,
    received: DateTime<Utc>,
    calendar: &Calendar,
    routine_days: u32,
) -> Deadline {
    match class {
        ResponseClass::Routine => {
            let day = received.with_timezone(&china_offset()).date_naive();
            let explained = calendar.explain(day, routine_days);
            let end_of_day = explained
                .due
                .and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
            let due_at = china_offset()
                .from_local_datetime(&end_of_day)
                .single()
                .map_or(received, |t| t.with_timezone(&Utc));
            Deadline {
                due_at,
                second_due_at: None,
                explanation: format!("常规答复：{}", explained.describe()),
            }
        }
        ResponseClass::Opinion => Deadline {
            due_at: received + Duration::hours(48),
            second_due_at: None,
            explanation: "政策性舆情：收到后 48 小时内回应。".into(),
        },
        ResponseClass::Emergency => Deadline {
            due_at: received + Duration::hours(5),
            second_due_at: Some(received + Duration::hours(24)),
            explanation: "重大突发事件：5 小时内发布权威信息，24 小时内举行新闻发布会。".into(),
        },
    }
}

/// What a citizen typed into the ask form (kept to show again when something is wrong;
/// the contact is typed again rather than stored unvalidated).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AskForm {
    pub question: String,
    pub name: String,
    pub contact: String,
    pub policy: String,
}

/// A question that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConcern {
    pub question: Question,
    pub name: Option<String>,
    pub contact: Contact,
    pub policy: Option<super::PolicyId>,
}

impl NewConcern {
    /// Checks every field and reports every problem.
    pub fn parse(form: &AskForm) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let question = Question::parse(&form.question)
            .map_err(|m| errors.push(FieldError::new("question", m)))
            .ok();
        let name = Some(form.name.trim().to_owned()).filter(|n| !n.is_empty());
        if name.as_ref().is_some_and(|n| n.chars().count() > 50) {
            errors.push(FieldError::new(
                "name",
                words!(
                    "称呼不能超过 50 字",
                    "The name may have at most 50 characters"
                ),
            ));
        }
        let contact = Contact::parse(&form.contact)
            .map_err(|m| errors.push(FieldError::new("contact", m)))
            .ok();
        let policy = Some(form.policy.trim())
            .filter(|p| !p.is_empty())
            .map(super::PolicyId::parse)
            .transpose()
            .map_err(|_| {
                errors.push(FieldError::new(
                    "policy",
                    words!("所选政策文件不存在", "The chosen policy does not exist"),
                ))
            })
            .ok()
            .flatten();
        match (question, contact) {
            (Some(question), Some(contact)) if errors.is_empty() => Ok(Self {
                question,
                name,
                contact,
                policy,
            }),
            _ => Err(errors),
        }
    }
}

string_enum! {
    /// Where a concern is in its handling: its status and, once accepted, its answer's.
    ConcernStage {
        New = "new",
        /// Accepted, no answer drafted yet.
        Accepted = "accepted",
        /// An answer is drafted (or was sent back).
        Drafted = "drafted",
        /// The answer waits for the unit's reviewer.
        AnswerSubmitted = "answer_submitted",
        Answered = "answered",
        Closed = "closed",
    }
}

impl ConcernStage {
    /// The stage of a concern with this status and answer status.
    pub fn of(status: ConcernStatus, answer: Option<AnswerStatus>) -> Self {
        match (status, answer) {
            (ConcernStatus::New, _) => Self::New,
            (ConcernStatus::Closed, _) => Self::Closed,
            (ConcernStatus::Answered, _) | (_, Some(AnswerStatus::Approved)) => Self::Answered,
            (ConcernStatus::Accepted, None) => Self::Accepted,
            (ConcernStatus::Accepted, Some(AnswerStatus::Draft)) => Self::Drafted,
            (ConcernStatus::Accepted, Some(AnswerStatus::Submitted)) => Self::AnswerSubmitted,
        }
    }
}

string_enum! {
    /// A step in handling a concern.
    ConcernAction {
        /// Accept with a response class (its deadline is computed then).
        Accept = "accept",
        Close = "close",
        /// Hand over to another unit, which triages it again.
        Assign = "assign",
        /// Save the answer draft.
        Draft = "draft",
        Submit = "submit",
        /// The unit's reviewer approves the answer: the asker sees it at `/track`.
        Approve = "approve",
        Return = "return",
    }
}

/// Handling a public concern: the unit's editors triage and answer it, the unit's own
/// reviewers sign off the answer, never the person who wrote it.
pub struct ConcernFlow;

impl Workflow for ConcernFlow {
    type State = ConcernStage;
    type Action = ConcernAction;
    const NAME: &'static str = "concern";
    const STEPS: &'static [Step<ConcernStage, ConcernAction>] = {
        use ConcernAction as A;
        use ConcernStage as S;
        const OPEN: &[ConcernStage] = &[S::New, S::Accepted, S::Drafted, S::AnswerSubmitted];
        &[
            Step::new(A::Accept, &[S::New], Some(S::Accepted), Who::Writer),
            Step::new(A::Close, OPEN, Some(S::Closed), Who::Writer),
            Step::new(A::Assign, OPEN, Some(S::New), Who::Writer),
            Step::new(
                A::Draft,
                &[S::Accepted, S::Drafted],
                Some(S::Drafted),
                Who::Writer,
            )
            .contributing(),
            // From `accepted` too, so that submitting with no draft says what is missing.
            Step::new(
                A::Submit,
                &[S::Accepted, S::Drafted],
                Some(S::AnswerSubmitted),
                Who::Writer,
            )
            .contributing(),
            Step::new(
                A::Approve,
                &[S::AnswerSubmitted],
                Some(S::Answered),
                Who::Reviewer(Scope::Unit),
            ),
            Step::new(
                A::Return,
                &[S::AnswerSubmitted],
                Some(S::Drafted),
                Who::Reviewer(Scope::Unit),
            )
            .needs_note(),
        ]
    };
}

/// Whether `actor` handles concerns of `unit` outside the steps of [`ConcernFlow`]
/// (raising an issue, publishing an answer as Q&A): the unit's editors.
pub fn may_handle(actor: &super::workflow::Actor, unit: &super::TaxonomyCode) -> bool {
    actor.edits_for(unit)
}

/// Whether `actor` may read a concern of `unit` (private details included): the unit's
/// editors and reviewers, nobody else.
pub fn may_read(actor: &super::workflow::Actor, unit: &super::TaxonomyCode) -> bool {
    actor.edits_for(unit) || actor.reviews(Scope::Unit, unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{CalendarDay, DayKind};
    use chrono::NaiveDate;

    #[test]
    fn the_concern_table_is_well_formed_and_answers_are_signed_off_in_the_unit() {
        use crate::domain::TaxonomyCode;
        use crate::domain::workflow::{Actor, Item, Role, WorkflowError, actions, authorize};
        crate::domain::workflow::tests::table_is_well_formed::<ConcernFlow>(ConcernAction::ALL);
        assert_eq!(
            ConcernStage::of(ConcernStatus::Accepted, Some(AnswerStatus::Submitted)),
            ConcernStage::AnswerSubmitted
        );
        assert_eq!(
            ConcernStage::of(ConcernStatus::Accepted, None),
            ConcernStage::Accepted
        );
        let czj = TaxonomyCode::parse("czj").expect("code");
        let writer = vec!["czj-lead".to_owned()];
        let submitted = Item {
            unit: &czj,
            state: ConcernStage::AnswerSubmitted,
            contributors: &writer,
            owner: None,
        };
        let actor = |login: &str, unit: Option<&str>, roles: &[Role]| Actor {
            login: login.into(),
            unit: unit.map(|u| TaxonomyCode::parse(u).expect("code")),
            roles: roles.to_vec(),
        };
        let unit_reviewer = actor("czj-reviewer", Some("czj"), &[Role::Reviewer]);
        let lead = actor("czj-lead", Some("czj"), &[Role::Editor, Role::Reviewer]);
        let county = actor("county", None, &[Role::Reviewer]);
        let other = actor("jsj-reviewer", Some("jsj"), &[Role::Reviewer]);
        assert_eq!(
            actions::<ConcernFlow>(&unit_reviewer, &submitted),
            [ConcernAction::Approve, ConcernAction::Return]
        );
        assert_eq!(
            authorize::<ConcernFlow>(&lead, ConcernAction::Approve, &submitted).err(),
            Some(WorkflowError::OwnWork)
        );
        assert!(actions::<ConcernFlow>(&county, &submitted).is_empty());
        assert!(actions::<ConcernFlow>(&other, &submitted).is_empty());
        assert!(may_read(&unit_reviewer, &czj) && !may_read(&county, &czj));
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn contacts() {
        assert_eq!(
            Contact::parse("138 0734 5678").expect("mobile").as_str(),
            "13807345678"
        );
        assert_eq!(
            Contact::parse("+86 13807345678").expect("mobile").as_str(),
            "13807345678"
        );
        assert_eq!(
            Contact::parse("0734-5212345").expect("landline").as_str(),
            "07345212345"
        );
        assert_eq!(
            Contact::parse("Wang@Example.CN").expect("mail").as_str(),
            "wang@example.cn"
        );
        for bad in [
            "",
            "12345",
            "1280734567",
            "wang@",
            "@example.cn",
            "a b@example.cn",
            "电话13807345678",
        ] {
            assert!(Contact::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            format!("{:?}", Contact::parse("13807345678").expect("ok")),
            "Contact(…)"
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let form = AskForm {
            question: "短".into(),
            name: "名".repeat(51),
            contact: "not a phone".into(),
            policy: "../x".into(),
        };
        let fields: Vec<String> = NewConcern::parse(&form)
            .expect_err("rejected")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["question", "name", "contact", "policy"]);
    }

    #[test]
    fn repeats_are_recognised_whatever_the_spacing() {
        let a = Question::parse("阶梯水价 什么时候开始执行？").expect("ok");
        let b = Question::parse("阶梯水价什么时候开始执行").expect("ok");
        assert_eq!(a.normalised(), b.normalised());
    }

    #[test]
    fn deadlines_by_class() {
        // Friday 2026-05-01 is a holiday in this calendar; Saturday 05-09 is worked.
        let calendar = Calendar::new([
            CalendarDay {
                date: NaiveDate::from_ymd_opt(2026, 5, 1).expect("date"),
                kind: DayKind::Holiday,
                name: "劳动节".into(),
            },
            CalendarDay {
                date: NaiveDate::from_ymd_opt(2026, 5, 9).expect("date"),
                kind: DayKind::Workday,
                name: "劳动节".into(),
            },
        ]);
        // Received Thursday 04-30 at 16:00 China time: Fri off, weekend, Mon 05-04 is day 1 …
        // Fri 05-08 day 5.
        let received = at("2026-04-30T16:00:00+08:00");
        let routine = deadline(ResponseClass::Routine, received, &calendar, 5);
        assert_eq!(routine.due_at, at("2026-05-08T23:59:59+08:00"));
        assert!(routine.explanation.contains("2026-05-01（劳动节）"));
        let six = deadline(ResponseClass::Routine, received, &calendar, 6);
        assert_eq!(
            six.due_at,
            at("2026-05-09T23:59:59+08:00"),
            "the 调休 Saturday counts"
        );
        let opinion = deadline(ResponseClass::Opinion, received, &calendar, 5);
        assert_eq!(
            opinion.due_at,
            at("2026-05-02T16:00:00+08:00"),
            "hours, holidays or not"
        );
        let emergency = deadline(ResponseClass::Emergency, received, &calendar, 5);
        assert_eq!(emergency.due_at, at("2026-04-30T21:00:00+08:00"));
        assert_eq!(
            emergency.second_due_at,
            Some(at("2026-05-01T16:00:00+08:00"))
        );
    }
}
