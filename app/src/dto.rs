//! What server functions return to pages: plain data, no database types.

pub mod application;
pub mod article;
pub mod concern;
pub mod plan;
pub mod search;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::FieldError;
pub use crate::domain::library::PolicyFilter;
use crate::domain::workflow::{Actor, Role};
use crate::domain::{Attachment, PolicyStatus, SanitizedHtml, TaxonomyCode, Validity};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// One line of a policy list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct PolicySummary {
    pub id: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub unit_name: String,
    pub directory_name: String,
    pub signed_on: NaiveDate,
    pub published_at: DateTime<Utc>,
    pub validity: Validity,
}

/// A link to a policy: the one that replaced this one, or the one an article interprets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct PolicyLink {
    pub id: String,
    pub title: String,
}

/// Everything the public policy page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyDetail {
    pub id: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub index_no: String,
    pub unit_name: String,
    pub directory_name: String,
    pub key_area_name: Option<String>,
    pub signed_on: NaiveDate,
    pub published_at: DateTime<Utc>,
    pub validity: Validity,
    /// The public policy that amended or repealed this one, if there is one.
    pub replaced_by: Option<PolicyLink>,
    pub major: bool,
    pub body: SanitizedHtml,
    pub attachments: Vec<Attachment>,
    /// Its published interpretations, in the order they came out.
    #[serde(default)]
    pub interpretations: Vec<article::ArticleSummary>,
    /// Its published questions and answers, newest first.
    #[serde(default)]
    pub qa: Vec<concern::QaItem>,
    /// 本政策重点问题: the issues of its approved plan, each with the published items that
    /// answer it.
    #[serde(default)]
    pub issues: Vec<plan::IssueView>,
}

/// One page of the policy library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyPage {
    pub items: Vec<PolicySummary>,
    /// How many public policies match the filters, on all pages.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl PolicyPage {
    pub fn page_count(&self) -> u32 {
        page_count(self.total, self.per_page)
    }
}

/// How many pages `total` items fill at `per_page` a page (at least one).
pub fn page_count(total: u64, per_page: u32) -> u32 {
    let pages = total.div_ceil(u64::from(per_page.max(1)));
    u32::try_from(pages).unwrap_or(u32::MAX).max(1)
}

/// A filter value with how many public policies carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct FacetOption {
    pub code: String,
    pub name: String,
    pub count: u64,
}

/// The choices offered by the library's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub directories: Vec<FacetOption>,
    pub key_areas: Vec<FacetOption>,
    pub units: Vec<FacetOption>,
    pub years: Vec<FacetOption>,
    pub validities: Vec<FacetOption>,
}

/// A directory on the home page with its newest policies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectorySection {
    pub code: String,
    pub name: String,
    pub count: u64,
    pub latest: Vec<PolicySummary>,
}

/// The home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub latest: Vec<PolicySummary>,
    pub total: u64,
    pub sections: Vec<DirectorySection>,
    /// Major public policies explained by an approved plan, with their key issues.
    #[serde(default)]
    pub featured: Vec<Featured>,
}

/// A major policy the home page features with the issues its plan explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Featured {
    pub policy: PolicyLink,
    pub issues: Vec<String>,
    pub interpretations: usize,
}

/// An account as pages and the CLI see it: no password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub login: String,
    pub display_name: String,
    pub unit: Option<String>,
    pub roles: Vec<Role>,
    pub disabled: bool,
}

impl Account {
    /// The account as the workflow rules see it.
    pub fn actor(&self) -> Actor {
        Actor {
            login: self.login.clone(),
            unit: self
                .unit
                .as_deref()
                .and_then(|u| TaxonomyCode::parse(u).ok()),
            roles: self.roles.clone(),
        }
    }
}

/// A record on the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskItem {
    pub id: String,
    pub title: String,
    pub status: PolicyStatus,
    pub unit_name: String,
    pub updated_at: DateTime<Utc>,
    /// The workflow steps the signed-in account may take on it now.
    pub actions: Allowed<crate::domain::workflow::Action>,
}

/// The desk home of one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Desk {
    pub account: Account,
    /// Drafts and returned items of the account's unit (editors).
    pub drafts: Vec<DeskItem>,
    /// Submitted items waiting for sign-off (reviewers).
    pub waiting: Vec<DeskItem>,
    /// Approved items ready to publish: the unit's (editors) or all (reviewers).
    pub approved: Vec<DeskItem>,
    /// Items this account submitted that came back with a comment.
    pub returned_to_me: Vec<DeskItem>,
    /// What the accounts of this unit did lately.
    pub activity: Vec<HistoryEntry>,
    /// What this account did lately.
    pub mine: Vec<HistoryEntry>,
    /// The unit's policies most recently changed, and how many it has (editors and the
    /// unit's reviewers; county-wide reviewers see every unit's).
    pub policies: Vec<WorkRow>,
    pub policy_total: u64,
    /// Interpretations waiting for sign-off (reviewers).
    pub articles_to_review: Vec<article::DeskArticleItem>,
    /// Interpretations this account wrote.
    pub my_articles: Vec<article::DeskArticleItem>,
    /// Approved and scheduled interpretations of the unit, to release (editors).
    pub unit_articles: Vec<article::DeskArticleItem>,
    /// Policies this expert writes for.
    pub assignments: Vec<PolicyLink>,
    /// What the unit's plans need (editors of a unit).
    pub plan_signals: plan::PlanSignals,
    /// The unit's disclosure applications overdue, due soon or with an extension to
    /// approve.
    pub applications: Vec<application::ApplicationLine>,
}

/// A policy as the desk shows it, whatever its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct DeskPolicy {
    pub id: String,
    pub title: String,
    pub status: PolicyStatus,
    pub validity: Validity,
    pub unit: String,
    pub unit_name: String,
    /// The reviewer's comment when the policy was last returned.
    pub review_comment: Option<String>,
}

/// A published policy's text as it was before an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRevision {
    pub title: String,
    pub doc_number: Option<String>,
    pub body: SanitizedHtml,
    /// Who made the edit that replaced this text.
    pub edited_by: String,
    pub at: DateTime<Utc>,
}

/// One step in a record's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The acting account's login, `public` or a `system:` actor.
    pub actor: Option<String>,
    /// The acting account's display name, when it is an account.
    pub actor_name: Option<String>,
    /// The record the step was taken on, e.g. `policy:czj-2016-4`.
    pub subject: Option<String>,
    /// The record's title (a public question's or application's number).
    pub subject_title: Option<String>,
    /// Where the desk shows that record.
    pub href: Option<String>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
}

/// A policy on the desk with its audit history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskPolicyPage {
    pub policy: DeskPolicy,
    pub history: Vec<HistoryEntry>,
    /// Earlier published texts, newest first.
    pub revisions: Vec<PolicyRevision>,
    /// Its interpretations in every state (for those who may see them).
    pub articles: Vec<article::DeskArticleItem>,
    /// Whether the account may start an interpretation of it and invite experts.
    pub can_write: bool,
    /// Whether it may mark it amended or repealed (an editor of its unit, once published).
    pub can_mark: bool,
    /// The workflow steps the signed-in account may take on it now.
    pub actions: Allowed<crate::domain::workflow::Action>,
    /// The change to the published text or disclosure that waits for a reviewer, if any.
    pub change: Option<PolicyChangeView>,
    /// The steps the account may take on that change (propose, apply, reject).
    pub change_actions: Allowed<crate::domain::workflow::ChangeAction>,
    /// While it waits to be published: the forms of its plan's same-day milestones that
    /// are not signed off yet (同步部署), which keep it from being published.
    pub unsynchronised: Vec<crate::domain::plan::MilestoneForm>,
    /// Whether the account may publish it anyway, giving a reason (county-wide reviewers).
    pub may_override: bool,
}

/// A change to a published policy, as the desk shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyChangeView {
    pub status: crate::domain::workflow::ChangeStatus,
    /// Why the editor proposes it.
    pub reason: Option<String>,
    pub review_comment: Option<String>,
    pub title: Option<String>,
    /// The 公开属性 it would have.
    pub disclosure: Option<crate::domain::DisclosureKind>,
    pub body: Option<SanitizedHtml>,
}

/// A checkbox as a form posts it: present (`on`, or any value but `false`/`off`) is
/// true, absent is false; a script may send a JSON boolean.
pub fn checkbox<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    struct Checked;
    impl serde::de::Visitor<'_> for Checked {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a checkbox value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_str<E>(self, v: &str) -> Result<bool, E> {
            Ok(!matches!(v, "false" | "off" | "0"))
        }
        fn visit_unit<E>(self) -> Result<bool, E> {
            Ok(false)
        }
    }
    d.deserialize_any(Checked)
}

/// The desk's policy form as typed: every field raw text. The server functions that
/// create and update a policy take it whole (`#[server(flatten)]`), so the HTML form's
/// field names are these names and a new field is one line here and one in the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyForm {
    pub title: String,
    pub doc_number: String,
    pub directory: String,
    pub key_area: String,
    pub signed_on: String,
    pub disclosure: String,
    pub disclosure_reason: String,
    #[serde(deserialize_with = "checkbox")]
    pub major: bool,
    pub body: String,
    /// One attachment a line: `名称 | 地址`, the address optional.
    pub attachments: String,
    /// Why a published policy is changed (its change waits for a reviewer).
    pub change_reason: String,
}

impl PolicyForm {
    /// The attachment lines as records (blank lines skipped).
    pub fn attachment_list(&self) -> Vec<Attachment> {
        self.attachments
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| match line.split_once('|') {
                Some((name, url)) => Attachment {
                    name: name.trim().to_owned(),
                    url: Some(url.trim().to_owned()).filter(|u| !u.is_empty()),
                },
                None => Attachment {
                    name: line.to_owned(),
                    url: None,
                },
            })
            .collect()
    }

    /// Attachment records as form lines.
    pub fn attachment_lines(list: &[Attachment]) -> String {
        list.iter()
            .map(|a| match &a.url {
                Some(url) => format!("{} | {url}", a.name),
                None => a.name.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Everything the new-policy page needs: the choices, and a rejected attempt if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyFormPage {
    /// The policy being edited; none for a new one.
    pub id: Option<String>,
    /// Whether the policy being edited is published: then saving proposes a change, with
    /// its reason, that a reviewer applies.
    pub published: bool,
    pub unit_name: String,
    pub directories: Vec<FacetOption>,
    pub key_areas: Vec<FacetOption>,
    pub values: PolicyForm,
    pub errors: Vec<FieldError>,
}

/// The administration page: accounts, units and the two taxonomies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub users: Vec<Account>,
    pub units: Vec<FacetOption>,
    pub directories: Vec<FacetOption>,
    pub key_areas: Vec<FacetOption>,
    /// The last form posted from the page, if it was rejected: shown again as typed.
    pub attempt: Option<AdminAttempt>,
    pub errors: Vec<FieldError>,
}

/// The new-account form as typed: one checkbox per role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewUserForm {
    pub login: String,
    pub name: String,
    pub unit: String,
    pub password: String,
    #[serde(deserialize_with = "checkbox")]
    pub role_editor: bool,
    #[serde(deserialize_with = "checkbox")]
    pub role_reviewer: bool,
    #[serde(deserialize_with = "checkbox")]
    pub role_expert: bool,
    #[serde(deserialize_with = "checkbox")]
    pub role_admin: bool,
}

/// A rejected administration form as it was typed (a password is never kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum AdminAttempt {
    AddUser {
        login: String,
        name: String,
        unit: String,
        roles: Vec<String>,
    },
    /// A term of `kind` (unit, directory, key_area): saved, moved or removed.
    Term {
        kind: String,
        code: String,
        name: String,
    },
    /// Disabling or enabling an account.
    Account { login: String },
}

/// The workflow steps the signed-in person may take on an item now
/// (`domain::workflow::actions`); pages draw their buttons from it and never re-derive the
/// workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allowed<A>(pub Vec<A>);

impl<A> Default for Allowed<A> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<A: PartialEq> Allowed<A> {
    pub fn can(&self, action: A) -> bool {
        self.0.contains(&action)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What a government website's footer names besides its sponsor (政府网站发展指引): its
/// 网站标识码, ICP备案号 and 公安机关备案号, each shown when set (`JIEDU_SITE_CODE`,
/// `JIEDU_ICP`, `JIEDU_PSB`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteIdentity {
    pub site_code: Option<String>,
    pub icp: Option<String>,
    pub psb: Option<String>,
}

/// One policy of the desk's work list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkRow {
    pub id: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub status: PolicyStatus,
    pub unit_name: String,
    pub directory_name: String,
    pub signed_on: NaiveDate,
    pub major: bool,
    /// Its interpretation plan's state, when it has one.
    pub plan: Option<crate::domain::plan::PlanStatus>,
    /// Published interpretations of it.
    pub published_articles: u64,
    /// Its plan's issues and how many a published item answers.
    pub issues: u64,
    pub issues_answered: u64,
    pub coverage: crate::domain::worklist::Coverage,
    pub updated_at: DateTime<Utc>,
    /// The workflow steps the signed-in account may take on it now.
    pub actions: Allowed<crate::domain::workflow::Action>,
}

/// One page of the desk's work list, with what its filters can choose from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkPage {
    pub rows: Vec<WorkRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// Whose policies these are: the account's unit, or the unit chosen by a county-wide
    /// reviewer (none: every unit).
    pub unit_name: Option<String>,
    /// Whether the filters narrowed the list (an empty page then says so).
    pub narrowed: bool,
    pub directories: Vec<FacetOption>,
    /// Units to choose from (county-wide reviewers and admins; empty for others).
    pub units: Vec<FacetOption>,
}

impl WorkPage {
    pub fn page_count(&self) -> u32 {
        page_count(self.total, self.per_page)
    }
}
