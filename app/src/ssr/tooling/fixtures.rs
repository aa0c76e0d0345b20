//! Small, known data sets for tests: every visibility case of the registry, by id.

use crate::domain::{NewPolicy, PolicyInput};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Changes;
use crate::ssr::repo::policy;
use crate::ssr::tooling::demo;

/// Policies the public may see.
pub const PUBLIC_IDS: &[&str] = &[
    "fx-budget-2016",
    "fx-old-rules",
    "fx-new-rules",
    "fx-amended",
];
/// Policies the public must never see: withheld, on request, draft, approved, withdrawn.
pub const HIDDEN_IDS: &[&str] = &[
    "fx-withheld",
    "fx-on-request",
    "fx-draft",
    "fx-approved",
    "fx-withdrawn",
];
/// A title that appears only on a withheld policy, to search every response for.
pub const WITHHELD_TITLE: &str = "衡东县涉密工程项目内部管理规定";

/// A valid, published, proactively disclosed policy with the given id.
pub fn public_input(id: &str) -> PolicyInput {
    PolicyInput {
        id: Some(id.into()),
        title: format!("测试政策文件 {id}"),
        doc_number: None,
        unit: "xzfb".into(),
        signed_on: "2016-03-01".into(),
        published_at: Some("2016-03-10".into()),
        status: "published".into(),
        directory: "gzjz".into(),
        key_area: None,
        disclosure: "proactive".into(),
        disclosure_reason: None,
        validity: "effective".into(),
        replaced_by: None,
        major: false,
        body: "<p>测试正文。</p>".into(),
        attachments: Vec::new(),
        index_no: None,
    }
}

/// The fixture policies: one of every kind the public pages must treat differently.
pub fn policies() -> Vec<PolicyInput> {
    let mut budget = public_input("fx-budget-2016");
    budget.title = "衡东县2016年县本级预算公开说明".into();
    budget.unit = "czj".into();
    budget.directory = "czxx".into();
    budget.key_area = Some("czzj".into());
    budget.doc_number = Some("东财发〔2016〕3号".into());
    budget.published_at = Some("2016-03-20".into());

    let mut old = public_input("fx-old-rules");
    old.title = "衡东县城乡居民基本医疗保险实施办法".into();
    old.directory = "fgwj".into();
    old.signed_on = "2015-02-01".into();
    old.published_at = Some("2015-02-10".into());
    old.validity = "repealed".into();
    old.replaced_by = Some("fx-new-rules".into());

    let mut new = public_input("fx-new-rules");
    new.title = "衡东县城乡居民基本医疗保险实施办法（2016年修订）".into();
    new.directory = "fgwj".into();
    new.key_area = Some("shbx".into());
    new.published_at = Some("2016-04-01".into());

    let mut amended = public_input("fx-amended");
    amended.title = "衡东县农村危房改造补助办法".into();
    amended.validity = "amended".into();
    amended.replaced_by = Some("fx-draft".into());

    let mut withheld = public_input("fx-withheld");
    withheld.title = WITHHELD_TITLE.into();
    withheld.unit = "hbj".into();
    withheld.disclosure = "withheld".into();
    withheld.disclosure_reason = Some("涉及国家秘密，依法不予公开".into());

    let mut on_request = public_input("fx-on-request");
    on_request.title = "衡东县某企业环境信用评价内部通报".into();
    on_request.disclosure = "on_request".into();
    on_request.disclosure_reason = Some("涉及商业秘密，依申请公开".into());

    let mut draft = public_input("fx-draft");
    draft.title = "衡东县农村危房改造补助办法（修订草案）".into();
    draft.status = "draft".into();
    draft.published_at = None;

    let mut approved = public_input("fx-approved");
    approved.title = "衡东县已审签未发布的通知".into();
    approved.status = "approved".into();
    approved.published_at = None;

    let mut withdrawn = public_input("fx-withdrawn");
    withdrawn.title = "衡东县已撤回的通知".into();
    withdrawn.status = "withdrawn".into();

    vec![
        budget, old, new, amended, withheld, on_request, draft, approved, withdrawn,
    ]
}

/// Loads the demo taxonomies (units, directories, key areas). Fixtures are written before
/// the app under test serves the store, so nothing follows their changes.
pub async fn load_taxonomies(db: &Db) -> Result<(), AppError> {
    demo::load_taxonomies(db, &Changes::unobserved()).await
}

/// Loads the taxonomies and the fixture policies (before the app under test serves them).
pub async fn load(db: &Db) -> Result<(), AppError> {
    load_taxonomies(db).await?;
    for input in policies() {
        let parsed = NewPolicy::parse(&input).map_err(|errors| AppError::Invalid {
            field: errors.first().map(|e| e.field.clone()).unwrap_or_default(),
            message: crate::domain::Words::new(format!("{errors:?}"), format!("{errors:?}")),
        })?;
        policy::insert(db, &parsed)
            .await?
            .publish(&Changes::unobserved());
    }
    Ok(())
}
