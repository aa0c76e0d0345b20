//! Concern repository tests on a fresh in-memory database with the fixture policies.

use super::*;
use crate::domain::calendar::Calendar;
use crate::domain::concern::{AskForm, Question};
use crate::domain::workflow::Role;
use crate::domain::{PolicyId, TaxonomyCode};
use crate::ssr::db::memory_db;
use crate::ssr::repo::calendar;
use crate::ssr::tooling::fixtures;

/// Repository tests run no page cache: nothing follows their changes.
fn nobody() -> crate::ssr::changes::Changes {
    crate::ssr::changes::Changes::unobserved()
}

fn done<T>(committed: crate::ssr::changes::Committed<T>) -> T {
    committed.publish(&nobody())
}

async fn db() -> Db {
    let db = memory_db().await.expect("db");
    fixtures::load(&db).await.expect("fixtures");
    db
}

/// A member of staff of the unit their login names (`czj-editor` works for 财政局).
fn staff(login: &str, roles: &[Role]) -> crate::domain::workflow::Actor {
    let unit = login.split('-').next().unwrap_or_default();
    crate::domain::workflow::Actor {
        login: login.into(),
        unit: Some(TaxonomyCode::parse(unit).expect("unit")),
        roles: roles.to_vec(),
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("time")
        .with_timezone(&Utc)
}

fn office() -> TaxonomyCode {
    TaxonomyCode::parse("xzfb").expect("unit")
}

fn question(text: &str, policy: &str) -> NewConcern {
    NewConcern::parse(&AskForm {
        question: text.into(),
        name: "王先生".into(),
        contact: "13807345678".into(),
        policy: policy.into(),
    })
    .expect("valid")
}

async fn asked(db: &Db, text: &str, policy: &str, address: &str, now: DateTime<Utc>) -> String {
    match ask(
        db,
        &question(text, policy),
        address,
        &office(),
        now,
        AskLimits::default(),
    )
    .await
    .expect("ask")
    {
        Asked::New(code) => code,
        Asked::Repeat(code) => panic!("unexpected repeat {code}"),
    }
}

#[tokio::test]
async fn a_question_goes_to_the_policys_unit_and_is_tracked_without_private_details() {
    let db = db().await;
    let now = at("2026-04-30T16:00:00+08:00");
    let code = asked(
        &db,
        "预算公开说明里的三公经费怎么查？",
        "fx-budget-2016",
        "1.2.3.4",
        now,
    )
    .await;
    let item = get(&db, &code).await.expect("get").expect("stored");
    assert_eq!(item.unit.as_deref(), Some("czj"), "the policy's unit");
    assert_eq!(item.contact, "13807345678");
    let tracked = track(&db, &code.to_lowercase().replace('-', ""))
        .await
        .expect("track")
        .expect("found by the code as typed");
    assert_eq!(tracked.status, ConcernStatus::New);
    assert!(tracked.answer.is_none());
    let general = asked(&db, "县里政务公开目录在哪里看？", "", "1.2.3.4", now).await;
    let item = get(&db, &general).await.expect("get").expect("stored");
    assert_eq!(
        item.unit.as_deref(),
        Some("xzfb"),
        "a general question goes to the office"
    );
    // The address is only kept as a hash.
    let stored: Vec<String> = db
        .query("SELECT VALUE address FROM concern")
        .await
        .expect("query")
        .take(0)
        .expect("take");
    assert!(
        stored
            .iter()
            .all(|a| a.len() == 64 && !a.contains("1.2.3.4"))
    );
}

#[tokio::test]
async fn repeats_and_the_rate_limit() {
    let db = db().await;
    let now = at("2026-04-30T16:00:00+08:00");
    let first = asked(&db, "阶梯水价什么时候开始执行？", "", "5.6.7.8", now).await;
    let again = ask(
        &db,
        &question("阶梯水价 什么时候开始执行", ""),
        "5.6.7.8",
        &office(),
        now,
        AskLimits::default(),
    )
    .await
    .expect("ask");
    assert_eq!(again, Asked::Repeat(first));
    let limits = AskLimits {
        per_window: 3,
        window: Duration::hours(1),
    };
    // The repeat counted as an attempt: one more is allowed, then 429.
    ask(
        &db,
        &question("第三个不同的问题是什么", ""),
        "5.6.7.8",
        &office(),
        now,
        limits,
    )
    .await
    .expect("third attempt");
    let refused = ask(
        &db,
        &question("第四个不同的问题是什么", ""),
        "5.6.7.8",
        &office(),
        now,
        limits,
    )
    .await;
    assert_eq!(
        refused,
        Err(AppError::TooManyRequests {
            retry_after_secs: 3600
        })
    );
    let count: Option<u64> = db
        .query("RETURN count(SELECT id FROM concern)")
        .await
        .expect("query")
        .take(0)
        .expect("take");
    assert_eq!(count, Some(2), "the refused question is not stored");
    // Another address is not limited; an hour later neither is this one.
    asked(&db, "第四个不同的问题是什么", "", "9.9.9.9", now).await;
    asked(
        &db,
        "第五个不同的问题是什么",
        "",
        "5.6.7.8",
        now + Duration::minutes(61),
    )
    .await;
}

#[tokio::test]
async fn triage_answer_sign_off_and_qa() {
    let db = db().await;
    let received = at("2026-04-30T16:00:00+08:00");
    let code = asked(
        &db,
        "预算公开说明里的三公经费怎么查？我的电话13807345678",
        "fx-budget-2016",
        "1.2.3.4",
        received,
    )
    .await;
    step(
        &db,
        &code,
        ConcernStep::Accept(ResponseClass::Routine),
        &staff("czj-editor", &[Role::Editor]),
        received,
    )
    .await
    .expect("accept")
    .publish(&nobody());
    let item = get(&db, &code).await.expect("get").expect("stored");
    // No holidays stored: Thursday + 5 working days = next Thursday, end of day.
    assert_eq!(item.due_at, Some(at("2026-05-07T23:59:59+08:00")));
    assert!(item.due_note.expect("explained").contains("5 个工作日"));
    assert_eq!(
        step(
            &db,
            &code,
            ConcernStep::SubmitAnswer,
            &staff("czj-editor", &[Role::Editor]),
            received
        )
        .await
        .map(done),
        Err(AppError::Conflict(crate::words!(
            "请先起草答复",
            "Draft the answer first"
        )))
    );
    step(
        &db,
        &code,
        ConcernStep::Draft(r#"<p onclick="x()">可在县政府门户网站“财政信息”栏目查询。</p>"#.into()),
        &staff("czj-editor", &[Role::Editor]),
        received,
    )
    .await
    .expect("draft")
    .publish(&nobody());
    step(
        &db,
        &code,
        ConcernStep::SubmitAnswer,
        &staff("czj-editor", &[Role::Editor]),
        received,
    )
    .await
    .expect("submit")
    .publish(&nobody());
    assert_eq!(
        step(
            &db,
            &code,
            ConcernStep::ApproveAnswer,
            &staff("czj-editor", &[Role::Editor, Role::Reviewer]),
            received
        )
        .await
        .map(done),
        Err(AppError::Forbidden),
        "not one's own answer"
    );
    let answered = received + Duration::days(1);
    step(
        &db,
        &code,
        ConcernStep::ApproveAnswer,
        &staff("czj-reviewer", &[Role::Reviewer]),
        answered,
    )
    .await
    .expect("approve")
    .publish(&nobody());
    let tracked = track(&db, &code).await.expect("track").expect("found");
    assert_eq!(tracked.status, ConcernStatus::Answered);
    assert_eq!(
        tracked.answer.as_ref().map(|a| a.as_str()),
        Some("<p>可在县政府门户网站“财政信息”栏目查询。</p>"),
        "sanitised"
    );

    let policy = PolicyId::parse("fx-budget-2016").expect("id");
    let edited = Question::parse("预算公开说明里的三公经费怎么查？").expect("ok");
    let czj = TaxonomyCode::parse("czj").expect("unit");
    let answer = tracked
        .answer
        .clone()
        .unwrap_or_default()
        .as_str()
        .to_owned();
    let new_qa = NewQa {
        unit: &czj,
        policy: Some(&policy),
        question: &edited,
        answer_html: &answer,
        from_concern: Some(&code),
    };
    let qa = publish_qa(&db, &new_qa, "czj-editor", answered)
        .await
        .expect("publish")
        .publish(&nobody());
    let listed = qa_for_policy(&db, &policy).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, qa);
    assert!(
        !listed[0].question.contains("13807345678"),
        "the edited question"
    );
    assert!(listed[0].answer.as_str().contains("财政信息"));
    let again = publish_qa(&db, &new_qa, "czj-editor", answered)
        .await
        .map(done);
    assert!(
        matches!(again, Err(AppError::Conflict(_))),
        "once per concern"
    );
    let (all, total) = list_qa(&db, None, None, 1, 20).await.expect("list");
    assert_eq!((all.len(), total), (1, 1));
}

#[tokio::test]
async fn a_qa_on_a_hidden_policy_is_not_listed() {
    let db = db().await;
    let now = at("2026-04-30T16:00:00+08:00");
    let hidden = PolicyId::parse("fx-withheld").expect("id");
    let czj = TaxonomyCode::parse("czj").expect("unit");
    let question = Question::parse("不予公开文件的问答").expect("ok");
    let new_qa = NewQa {
        unit: &czj,
        policy: Some(&hidden),
        question: &question,
        answer_html: "<p>答</p>",
        from_concern: None,
    };
    publish_qa(&db, &new_qa, "czj-editor", now)
        .await
        .expect("publish")
        .publish(&nobody());
    assert!(qa_for_policy(&db, &hidden).await.expect("list").is_empty());
    assert_eq!(list_qa(&db, None, None, 1, 20).await.expect("list").1, 0);
}

#[tokio::test]
async fn the_calendar_is_stored_and_moves_deadlines() {
    let db = db().await;
    let days = Calendar::parse_text("2026-05-01 休 劳动节\n2026-05-09 班 劳动节\n").expect("valid");
    calendar::save(&db, &days, "admin").await.expect("save");
    let calendar = calendar::load(&db).await.expect("read");
    assert_eq!(calendar.entries(), days);
    set_routine_days(&db, 6, "admin").await.expect("setting");
    assert_eq!(routine_days(&db).await.expect("read"), 6);
    let now = at("2026-04-30T16:00:00+08:00");
    let code = asked(&db, "劳动节期间能办理吗？", "", "1.1.1.1", now).await;
    step(
        &db,
        &code,
        ConcernStep::Accept(ResponseClass::Routine),
        &staff("xzfb-editor", &[Role::Editor]),
        now,
    )
    .await
    .expect("accept")
    .publish(&nobody());
    let item = get(&db, &code).await.expect("get").expect("stored");
    assert_eq!(item.due_at, Some(at("2026-05-09T23:59:59+08:00")));
    let note = item.due_note.expect("explained");
    assert!(
        note.contains("2026-05-01（劳动节）") && note.contains("调休"),
        "{note}"
    );
}
