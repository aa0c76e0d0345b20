//! Interpretation articles (解读稿件): their kinds, the article workflow, and who may
//! take each step.
//!
//! `draft → submitted → approved → scheduled → published → withdrawn`, with
//! `submitted → returned → submitted`, `scheduled → approved` (unschedule) and
//! `approved → published` (publish now). The scheduler publishes a scheduled article when it
//! falls due; people take every other step, checked here on the server.

use serde::{Deserialize, Serialize};

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

use super::policy::china_offset;
use super::workflow::{Actor, Item, Scope, Step, Who, Workflow};
use super::{FieldError, TaxonomyCode, Title, Words};

code_newtype!(
    /// The stable, short id of an article as it appears in its URL (`/interpretations/{id}`).
    ArticleId, 3..=32, "解读编号", "interpretation id"
);

/// Parses a publication time typed on the desk (`2026-03-02T10:00` from a
/// `datetime-local` field, or `2026-03-02 10:00`), in China time.
pub fn parse_local_time(input: &str) -> Result<DateTime<Utc>, Words> {
    let s = input.trim();
    let naive = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(s, format).ok())
        .ok_or_else(|| {
            words!(
                "“{s}”不是有效时间，应形如 2026-03-02 10:00",
                "“{s}” is not a valid time; write it like 2026-03-02 10:00"
            )
        })?;
    china_offset()
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| words!("“{s}”不是有效时间", "“{s}” is not a valid time"))
}

string_enum! {
    /// The kinds of interpretation the county publishes.
    ArticleKind {
        /// 部门解读: the drafting unit's own interpretation.
        Department = "department",
        /// 专家解读: written by an invited expert.
        Expert = "expert",
        /// 图解: a graphic explainer.
        Graphic = "graphic",
        /// 媒体解读: a media article, republished.
        Media = "media",
        /// 答记者问: questions and answers with the press.
        Press = "press",
    }
}

string_enum! {
    /// Where an article is in its workflow.
    ArticleStatus {
        Draft = "draft",
        Submitted = "submitted",
        Returned = "returned",
        Approved = "approved",
        Scheduled = "scheduled",
        Published = "published",
        Withdrawn = "withdrawn",
    }
}

string_enum! {
    /// A step of the article workflow.
    ArticleAction {
        /// Change the text of a draft or returned article.
        Edit = "edit",
        Submit = "submit",
        Return = "return",
        Approve = "approve",
        /// Approved → scheduled for a time (the time travels with the step).
        Schedule = "schedule",
        /// Scheduled → approved again.
        Unschedule = "unschedule",
        /// Approved or scheduled → published now.
        Publish = "publish",
        Withdraw = "withdraw",
    }
}

impl ArticleStatus {
    /// Whether the public may read an article in this state.
    pub fn is_public(self) -> bool {
        self == Self::Published
    }
}

/// The interpretation workflow. Its writers are the unit's editors, except for an expert's
/// article, which only the expert writes (an expert's words are theirs to change); the
/// unit's editors still schedule, publish and withdraw it. County-wide reviewers sign off.
pub struct ArticleFlow;

impl Workflow for ArticleFlow {
    type State = ArticleStatus;
    type Action = ArticleAction;
    const NAME: &'static str = "article";
    const STEPS: &'static [Step<ArticleStatus, ArticleAction>] = {
        use ArticleAction as A;
        use ArticleStatus as S;
        const SIGN_OFF: Who = Who::Reviewer(Scope::County);
        const RELEASE: Who = Who::EditorOrReviewer(Scope::County);
        &[
            Step::new(A::Edit, &[S::Draft, S::Returned], None, Who::Writer).contributing(),
            Step::new(
                A::Submit,
                &[S::Draft, S::Returned],
                Some(S::Submitted),
                Who::Writer,
            )
            .contributing(),
            Step::new(A::Return, &[S::Submitted], Some(S::Returned), SIGN_OFF).needs_note(),
            Step::new(A::Approve, &[S::Submitted], Some(S::Approved), SIGN_OFF),
            Step::new(A::Schedule, &[S::Approved], Some(S::Scheduled), RELEASE),
            Step::new(A::Unschedule, &[S::Scheduled], Some(S::Approved), RELEASE),
            Step::new(
                A::Publish,
                &[S::Approved, S::Scheduled],
                Some(S::Published),
                RELEASE,
            ),
            Step::new(A::Withdraw, &[S::Published], Some(S::Withdrawn), RELEASE),
        ]
    };
}

/// An article as the workflow sees it: an expert's article is owned by its author.
pub fn item<'a>(
    unit: &'a TaxonomyCode,
    author: &'a str,
    kind: ArticleKind,
    status: ArticleStatus,
    contributors: &'a [String],
) -> Item<'a, ArticleStatus> {
    Item {
        unit,
        state: status,
        contributors,
        owner: (kind == ArticleKind::Expert).then_some(author),
    }
}

/// Whether `actor` may read an unpublished article: its author, the unit's editors and
/// county-wide reviewers. An expert sees only their own.
pub fn may_read(actor: &Actor, author: &str, item: &Item<'_, ArticleStatus>) -> bool {
    actor.login == author || item.readable_by(actor, Scope::County)
}

/// An article's text fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleInput {
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// The byline shown to the public (e.g. 县财政局, or the expert's name).
    pub byline: String,
    /// HTML as typed; the server sanitises it on write.
    pub body: String,
}

/// An article's fields after parsing: a body still to be sanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFields {
    pub kind: ArticleKind,
    pub title: Title,
    pub summary: String,
    pub byline: String,
    pub body: String,
}

/// Longest summary, in characters.
pub const SUMMARY_MAX: usize = 300;
/// Longest body, in bytes of HTML (about 150,000 Chinese characters).
pub const BODY_MAX: usize = 512 * 1024;

impl ArticleFields {
    /// Checks every field and reports every problem. `expert` is true when an expert is
    /// writing: their articles are always of the expert kind.
    pub fn parse(input: &ArticleInput, expert: bool) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = if expert {
            Some(ArticleKind::Expert)
        } else {
            ArticleKind::parse(&input.kind)
                .map_err(|m| errors.push(FieldError::new("kind", m)))
                .ok()
        };
        let title = Title::parse(&input.title)
            .map_err(|m| errors.push(FieldError::new("title", m)))
            .ok();
        let summary = input.summary.trim().to_owned();
        if summary.chars().count() > SUMMARY_MAX {
            errors.push(FieldError::new(
                "summary",
                words!(
                    "摘要不能超过 {SUMMARY_MAX} 字",
                    "The summary may have at most {SUMMARY_MAX} characters"
                ),
            ));
        }
        let byline = input.byline.trim().to_owned();
        if byline.is_empty() || byline.chars().count() > 100 {
            errors.push(FieldError::new(
                "byline",
                words!("署名须为 1–100 个字", "The byline has 1–100 characters"),
            ));
        }
        let body = input.body.trim().to_owned();
        if body.is_empty() {
            errors.push(FieldError::new(
                "body",
                words!("正文不能为空", "The text is required"),
            ));
        } else if body.len() > BODY_MAX {
            errors.push(FieldError::new(
                "body",
                words!(
                    "正文过长（不超过 512 KB）",
                    "The text is too long (at most 512 KB)"
                ),
            ));
        }
        match (kind, title) {
            (Some(kind), Some(title)) if errors.is_empty() => Ok(Self {
                kind,
                title,
                summary,
                byline,
                body,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::{Role, WorkflowError, actions, authorize};

    fn code(c: &str) -> TaxonomyCode {
        TaxonomyCode::parse(c).expect("code")
    }

    fn actor(login: &str, unit: Option<&str>, roles: &[Role]) -> Actor {
        Actor {
            login: login.into(),
            unit: unit.map(code),
            roles: roles.to_vec(),
        }
    }

    fn may(
        actor: &Actor,
        action: ArticleAction,
        item: &Item<'_, ArticleStatus>,
    ) -> Result<ArticleStatus, WorkflowError> {
        authorize::<ArticleFlow>(actor, action, item).map(|s| s.next(item.state))
    }

    #[test]
    fn the_table_is_well_formed() {
        crate::domain::workflow::tests::table_is_well_formed::<ArticleFlow>(ArticleAction::ALL);
    }

    #[test]
    fn every_transition_of_the_article_state_machine() {
        use ArticleAction as A;
        use ArticleStatus as S;
        let allowed = [
            (S::Draft, A::Edit, S::Draft),
            (S::Returned, A::Edit, S::Returned),
            (S::Draft, A::Submit, S::Submitted),
            (S::Returned, A::Submit, S::Submitted),
            (S::Submitted, A::Return, S::Returned),
            (S::Submitted, A::Approve, S::Approved),
            (S::Approved, A::Schedule, S::Scheduled),
            (S::Scheduled, A::Unschedule, S::Approved),
            (S::Approved, A::Publish, S::Published),
            (S::Scheduled, A::Publish, S::Published),
            (S::Published, A::Withdraw, S::Withdrawn),
        ];
        for from in ArticleStatus::ALL {
            for action in ArticleAction::ALL {
                let step = ArticleFlow::step(*action);
                let expected = allowed
                    .iter()
                    .find(|(f, a, _)| f == from && a == action)
                    .map(|(_, _, to)| *to);
                let got = step.from.contains(from).then(|| step.next(*from));
                assert_eq!(got, expected, "{from:?} {action:?}");
            }
        }
    }

    #[test]
    fn an_expert_submits_their_own_article_and_nothing_else() {
        let czj = code("czj");
        let none: Vec<String> = Vec::new();
        let own = item(
            &czj,
            "wang",
            ArticleKind::Expert,
            ArticleStatus::Draft,
            &none,
        );
        let theirs = item(&czj, "li", ArticleKind::Expert, ArticleStatus::Draft, &none);
        let wang = actor("wang", None, &[Role::Expert]);
        assert_eq!(
            may(&wang, ArticleAction::Submit, &own),
            Ok(ArticleStatus::Submitted)
        );
        assert_eq!(
            may(&wang, ArticleAction::Submit, &theirs),
            Err(WorkflowError::Forbidden)
        );
        assert!(!may_read(&wang, "li", &theirs));
        let submitted = item(
            &czj,
            "wang",
            ArticleKind::Expert,
            ArticleStatus::Submitted,
            &none,
        );
        for action in [ArticleAction::Approve, ArticleAction::Publish] {
            assert_eq!(
                may(&wang, action, &submitted),
                Err(WorkflowError::Forbidden)
            );
        }
    }

    #[test]
    fn editors_do_not_rewrite_an_experts_words() {
        let czj = code("czj");
        let none: Vec<String> = Vec::new();
        let editor = actor("czj-editor", Some("czj"), &[Role::Editor]);
        let expert_draft = item(
            &czj,
            "wang",
            ArticleKind::Expert,
            ArticleStatus::Draft,
            &none,
        );
        let colleague_draft = item(
            &czj,
            "czj-other",
            ArticleKind::Department,
            ArticleStatus::Returned,
            &none,
        );
        assert!(may(&editor, ArticleAction::Edit, &expert_draft).is_err());
        assert!(may_read(&editor, "wang", &expert_draft));
        assert!(may(&editor, ArticleAction::Edit, &colleague_draft).is_ok());
        let other_unit = actor("jsj-editor", Some("jsj"), &[Role::Editor]);
        assert!(may(&other_unit, ArticleAction::Edit, &colleague_draft).is_err());
        assert!(!may_read(&other_unit, "czj-other", &colleague_draft));
        let published = item(
            &czj,
            "czj-editor",
            ArticleKind::Department,
            ArticleStatus::Published,
            &none,
        );
        assert!(
            may(&editor, ArticleAction::Edit, &published).is_err(),
            "a published text is fixed"
        );
    }

    #[test]
    fn reviewers_never_sign_off_what_they_wrote_or_submitted() {
        let czj = code("czj");
        let reviewer = actor("r", None, &[Role::Reviewer]);
        let none: Vec<String> = Vec::new();
        let submitted = item(
            &czj,
            "wang",
            ArticleKind::Expert,
            ArticleStatus::Submitted,
            &none,
        );
        assert_eq!(
            may(&reviewer, ArticleAction::Approve, &submitted),
            Ok(ArticleStatus::Approved)
        );
        let by_r = vec!["wang".to_owned(), "r".to_owned()];
        let submitted = item(
            &czj,
            "wang",
            ArticleKind::Expert,
            ArticleStatus::Submitted,
            &by_r,
        );
        assert_eq!(
            may(&reviewer, ArticleAction::Approve, &submitted),
            Err(WorkflowError::OwnWork)
        );
        assert_eq!(
            may(&reviewer, ArticleAction::Return, &submitted),
            Err(WorkflowError::OwnWork)
        );
        let unit_reviewer = actor("czj-reviewer", Some("czj"), &[Role::Reviewer]);
        assert!(
            actions::<ArticleFlow>(&unit_reviewer, &submitted).is_empty(),
            "interpretations are signed off county-wide"
        );
    }

    #[test]
    fn scheduling_is_for_the_unit_or_a_reviewer() {
        let czj = code("czj");
        let none: Vec<String> = Vec::new();
        let approved = item(
            &czj,
            "wang",
            ArticleKind::Expert,
            ArticleStatus::Approved,
            &none,
        );
        for who in [
            actor("czj-editor", Some("czj"), &[Role::Editor]),
            actor("r", None, &[Role::Reviewer]),
        ] {
            assert_eq!(
                may(&who, ArticleAction::Schedule, &approved),
                Ok(ArticleStatus::Scheduled)
            );
        }
        for who in [
            actor("jsj-editor", Some("jsj"), &[Role::Editor]),
            actor("admin", None, &[Role::Admin]),
            actor("wang", None, &[Role::Expert]),
        ] {
            assert_eq!(
                may(&who, ArticleAction::Schedule, &approved),
                Err(WorkflowError::Forbidden),
                "{}",
                who.login
            );
        }
    }

    #[test]
    fn local_times_are_china_time() {
        let utc = parse_local_time("2026-03-02T10:00").expect("valid");
        assert_eq!(utc.to_rfc3339(), "2026-03-02T02:00:00+00:00");
        assert_eq!(parse_local_time(" 2026-03-02 10:00 "), Ok(utc));
        assert!(parse_local_time("明天上午").is_err());
        assert!(parse_local_time("2026-02-30T10:00").is_err());
    }

    #[test]
    fn fields_are_parsed_with_every_problem_named() {
        let input = ArticleInput {
            kind: "poster".into(),
            title: " ".into(),
            summary: "长".repeat(SUMMARY_MAX + 1),
            byline: String::new(),
            body: "  ".into(),
        };
        let fields: Vec<String> = ArticleFields::parse(&input, false)
            .expect_err("rejected")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["kind", "title", "summary", "byline", "body"]);
        let input = ArticleInput {
            kind: "department".into(),
            title: "《衡东县财政票据管理办法》解读".into(),
            summary: String::new(),
            byline: "县财政局".into(),
            body: "<p>一、制定背景</p>".into(),
        };
        let parsed = ArticleFields::parse(&input, true).expect("valid");
        assert_eq!(
            parsed.kind,
            ArticleKind::Expert,
            "an expert writes expert articles"
        );
    }
}
