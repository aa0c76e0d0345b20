//! Article repository tests, each on a fresh in-memory database with the fixture policies.

use super::*;
use crate::domain::article::ArticleInput;
use crate::domain::workflow::Role;
use crate::ssr::db::memory_db;
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

fn policy(id: &str) -> PolicyId {
    PolicyId::parse(id).expect("policy id")
}

fn fields(title: &str, body: &str) -> ArticleFields {
    ArticleFields::parse(
        &ArticleInput {
            kind: "department".into(),
            title: title.into(),
            summary: "摘要".into(),
            byline: "县财政局".into(),
            body: body.into(),
        },
        false,
    )
    .expect("valid")
}

fn actor(login: &str, unit: Option<&str>, roles: &[Role]) -> Actor {
    Actor {
        login: login.into(),
        unit: unit.map(|u| TaxonomyCode::parse(u).expect("unit")),
        roles: roles.to_vec(),
    }
}

fn editor() -> Actor {
    actor("czj-editor", Some("czj"), &[Role::Editor])
}

fn reviewer() -> Actor {
    actor("dzzwb-reviewer", None, &[Role::Reviewer])
}

fn step(action: ArticleAction) -> Step {
    Step {
        action,
        comment: None,
        at: None,
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("time")
        .with_timezone(&Utc)
}

/// A draft by the 财政局 editor on the fixture budget policy, taken to `approved`.
async fn approved_article(db: &Db, now: DateTime<Utc>) -> ArticleId {
    let id = create(
        db,
        &policy("fx-budget-2016"),
        &fields("预算公开说明解读", "<p>一、背景</p>"),
        "czj-editor",
    )
    .await
    .expect("create")
    .publish(&nobody());
    transition(db, &id, &editor(), step(ArticleAction::Submit), now)
        .await
        .expect("submit")
        .publish(&nobody());
    transition(db, &id, &reviewer(), step(ArticleAction::Approve), now)
        .await
        .expect("approve")
        .publish(&nobody());
    id
}

async fn schedule(db: &Db, id: &ArticleId, when: DateTime<Utc>, now: DateTime<Utc>) {
    let step = Step {
        action: ArticleAction::Schedule,
        comment: None,
        at: Some(when),
    };
    transition(db, id, &editor(), step, now)
        .await
        .expect("schedule")
        .publish(&nobody());
}

async fn status(db: &Db, id: &ArticleId) -> ArticleStatus {
    workflow_row(db, id)
        .await
        .expect("row")
        .expect("exists")
        .status
}

#[tokio::test]
async fn every_save_is_a_revision_and_the_body_is_sanitised() {
    let db = db().await;
    let id = create(
        &db,
        &policy("fx-budget-2016"),
        &fields(
            "解读",
            r#"<p onclick="x()">一<script>alert(1)</script></p>"#,
        ),
        "czj-editor",
    )
    .await
    .expect("create")
    .publish(&nobody());
    let saved = update(
        &db,
        &id,
        &fields("解读（二稿）", "<p>二</p>"),
        &editor(),
        Utc::now(),
    )
    .await
    .expect("update")
    .publish(&nobody());
    assert_eq!(saved, ArticleStatus::Draft);
    assert_eq!(revision_count(&db, &id).await.expect("count"), 2);
    assert_eq!(
        revision_body(&db, &id, 1).await.expect("body").as_deref(),
        Some("<p>一</p>")
    );
    let row = get_desk(&db, &id).await.expect("get").expect("exists");
    assert_eq!((row.title.as_str(), row.revision), ("解读（二稿）", 2));
    // A save once the article has moved on (submitted) changes nothing.
    done(
        transition(&db, &id, &editor(), step(ArticleAction::Submit), Utc::now())
            .await
            .expect("submit"),
    );
    assert!(matches!(
        update(
            &db,
            &id,
            &fields("三稿", "<p>三</p>"),
            &editor(),
            Utc::now()
        )
        .await
        .map(done),
        Err(AppError::Conflict(_))
    ));
    assert_eq!(revision_count(&db, &id).await.expect("count"), 2);
    assert!(matches!(
        create(
            &db,
            &policy("no-such"),
            &fields("解读", "<p>x</p>"),
            "czj-editor"
        )
        .await
        .map(done),
        Err(AppError::NotFound)
    ));
}

#[tokio::test]
async fn the_reviewer_sees_what_changed_since_the_last_submission() {
    let db = db().await;
    let now = at("2026-03-01T09:00:00+08:00");
    let id = create(
        &db,
        &policy("fx-budget-2016"),
        &fields("解读", "<p>第一段</p><p>第二段</p>"),
        "czj-editor",
    )
    .await
    .expect("create")
    .publish(&nobody());
    transition(&db, &id, &editor(), step(ArticleAction::Submit), now)
        .await
        .expect("submit")
        .publish(&nobody());
    let returned = Step {
        action: ArticleAction::Return,
        comment: Some("第二段请写具体".into()),
        at: None,
    };
    transition(&db, &id, &reviewer(), returned, now)
        .await
        .expect("return")
        .publish(&nobody());
    update(
        &db,
        &id,
        &fields("解读", "<p>第一段</p><p>第二段：预算总额 3.2 亿元</p>"),
        &editor(),
        now,
    )
    .await
    .expect("revise")
    .publish(&nobody());
    transition(&db, &id, &editor(), step(ArticleAction::Submit), now)
        .await
        .expect("resubmit")
        .publish(&nobody());
    let row = get_desk(&db, &id).await.expect("get").expect("exists");
    assert_eq!(
        (row.previous_submission, row.submitted_revision),
        (Some(1), Some(2))
    );
    let before = revision_body(&db, &id, 1).await.expect("r1").expect("r1");
    assert_eq!(
        diff(&before, &row.body),
        [
            DiffLine::Same("第一段".into()),
            DiffLine::Removed("第二段".into()),
            DiffLine::Added("第二段：预算总额 3.2 亿元".into()),
        ]
    );
    assert_eq!(row.review_comment.as_deref(), Some("第二段请写具体"));
}

#[tokio::test]
async fn published_on_time_and_shown_with_its_policy() {
    let db = db().await;
    let now = at("2026-03-01T09:00:00+08:00");
    let id = approved_article(&db, now).await;
    let due = at("2026-03-02T10:00:00+08:00");
    schedule(&db, &id, due, now).await;
    assert!(
        for_policy(&db, &policy("fx-budget-2016"))
            .await
            .expect("list")
            .is_empty(),
        "not before it is due"
    );
    let early = publish_due(
        &db,
        &nobody(),
        due - Duration::seconds(1),
        "a",
        Duration::seconds(30),
    )
    .await
    .expect("tick");
    assert!(early.is_empty());
    let on_time = publish_due(
        &db,
        &nobody(),
        due + Duration::seconds(5),
        "a",
        Duration::seconds(30),
    )
    .await
    .expect("tick");
    assert_eq!(
        on_time,
        [Published {
            id: id.to_string(),
            late_secs: None,
            withdrawn: false
        }]
    );
    let listed = for_policy(&db, &policy("fx-budget-2016"))
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].published_at, due + Duration::seconds(5));
    let detail = get_public(&db, &id).await.expect("get").expect("public");
    assert_eq!(detail.policy.id, "fx-budget-2016");
    assert!(
        detail.expert.is_none(),
        "an official interpretation has no expert"
    );
}

#[tokio::test]
async fn after_downtime_what_fell_due_is_published_and_recorded_late() {
    let db = db().await;
    let now = at("2026-03-01T09:00:00+08:00");
    let id = approved_article(&db, now).await;
    let due = at("2026-03-01T18:00:00+08:00");
    schedule(&db, &id, due, now).await;
    // The app was down from 17:00 to 20:30; its first tick after the restart:
    let restart = at("2026-03-01T20:30:00+08:00");
    let published = publish_due(&db, &nobody(), restart, "a", Duration::seconds(30))
        .await
        .expect("tick");
    assert_eq!(
        published,
        [Published {
            id: id.to_string(),
            late_secs: Some(9000),
            withdrawn: false
        }]
    );
    let row = get_desk(&db, &id).await.expect("get").expect("exists");
    assert_eq!(row.late_secs, Some(9000));
    let trail = audit::history(&db, &format!("article:{id}"))
        .await
        .expect("history");
    let last = trail.last().expect("audited");
    assert_eq!(last.entry.actor.as_deref(), Some(SCHEDULER_ACTOR));
    assert!(last.entry.detail.as_deref().unwrap_or("").contains("9000"));
}

#[tokio::test]
async fn two_schedulers_on_one_database_publish_each_item_once() {
    let db = db().await;
    let now = at("2026-03-01T09:00:00+08:00");
    let mut ids = Vec::new();
    for minute in 0..6 {
        let id = approved_article(&db, now).await;
        schedule(&db, &id, now + Duration::minutes(10 + minute), now).await;
        ids.push(id);
    }
    let later = now + Duration::hours(1);
    // Both instances tick at once, again and again, as two servers would.
    let run = |holder: &'static str| {
        let db = db.clone();
        async move {
            let mut mine = Vec::new();
            for _ in 0..5 {
                mine.extend(
                    publish_due(&db, &nobody(), later, holder, Duration::seconds(30))
                        .await
                        .expect("tick"),
                );
            }
            mine
        }
    };
    let (a, b) = tokio::join!(tokio::spawn(run("a")), tokio::spawn(run("b")));
    let (a, b) = (a.expect("a"), b.expect("b"));
    assert_eq!(a.len() + b.len(), ids.len(), "each item once: {a:?} {b:?}");
    for id in &ids {
        assert_eq!(status(&db, id).await, ArticleStatus::Published);
        let publishes = audit::history(&db, &format!("article:{id}"))
            .await
            .expect("history")
            .into_iter()
            .filter(|r| r.entry.action == "article.publish")
            .count();
        assert_eq!(publishes, 1, "{id}");
    }
}

#[tokio::test]
async fn the_lease_keeps_a_second_instance_out_until_it_expires() {
    let db = db().await;
    let now = at("2026-03-01T09:00:00+08:00");
    let lease = Duration::seconds(30);
    assert!(
        take_lease(&db, "publisher", "a", now, lease)
            .await
            .expect("a")
    );
    assert!(
        !take_lease(&db, "publisher", "b", now, lease)
            .await
            .expect("b")
    );
    assert!(
        take_lease(&db, "publisher", "a", now + Duration::seconds(10), lease)
            .await
            .expect("renew")
    );
    assert!(
        take_lease(&db, "publisher", "b", now + Duration::seconds(41), lease)
            .await
            .expect("b takes over")
    );
}

#[tokio::test]
async fn scheduling_rules() {
    let db = db().await;
    let now = at("2026-03-01T09:00:00+08:00");
    let id = approved_article(&db, now).await;
    let past = Step {
        action: ArticleAction::Schedule,
        comment: None,
        at: Some(now - Duration::minutes(1)),
    };
    assert!(matches!(
        transition(&db, &id, &editor(), past, now).await.map(done),
        Err(AppError::Invalid { field, .. }) if field == "at"
    ));
    schedule(&db, &id, now + Duration::hours(2), now).await;
    transition(&db, &id, &editor(), step(ArticleAction::Unschedule), now)
        .await
        .expect("unschedule")
        .publish(&nobody());
    let row = get_desk(&db, &id).await.expect("get").expect("exists");
    assert_eq!(
        (row.status, row.scheduled_at),
        (ArticleStatus::Approved, None)
    );
    assert!(
        publish_due(
            &db,
            &nobody(),
            now + Duration::hours(3),
            "a",
            Duration::seconds(30)
        )
        .await
        .expect("tick")
        .is_empty(),
        "an unscheduled article stays unpublished"
    );
    transition(&db, &id, &reviewer(), step(ArticleAction::Publish), now)
        .await
        .expect("publish now")
        .publish(&nobody());
    transition(&db, &id, &editor(), step(ArticleAction::Withdraw), now)
        .await
        .expect("withdraw")
        .publish(&nobody());
    assert!(get_public(&db, &id).await.expect("get").is_none());
}

#[tokio::test]
async fn an_article_on_a_hidden_policy_is_never_public() {
    let db = db().await;
    let now = at("2026-03-01T09:00:00+08:00");
    let id = create(
        &db,
        &policy("fx-withheld"),
        &fields("不予公开文件的解读", "<p>x</p>"),
        "czj-editor",
    )
    .await
    .expect("create")
    .publish(&nobody());
    // Straight to published, as a careless import might do.
    db.query("UPDATE $id SET status = 'published', published_at = $now")
        .bind(("id", record(&id)))
        .bind(("now", now))
        .await
        .expect("update")
        .check()
        .expect("ok");
    assert!(get_public(&db, &id).await.expect("get").is_none());
    let page = list_public(&db, &ArticleFilter::default())
        .await
        .expect("list");
    assert_eq!(page.total, 0);
}

#[test]
fn plain_lines_are_one_block_a_line() {
    assert_eq!(
        plain_lines("<h2>一、总则</h2><p>甲&amp;乙<br>丙</p><ul><li>一</li><li>二</li></ul>"),
        "一、总则\n甲&乙\n丙\n一\n二\n"
    );
}

#[tokio::test]
async fn an_expert_article_carries_the_experts_profile() {
    let db = memory_db().await.expect("db");
    crate::ssr::tooling::demo::seed(&db, &crate::ssr::changes::Changes::unobserved())
        .await
        .expect("seed");
    let page = list_public(
        &db,
        &ArticleFilter {
            kind: Some(ArticleKind::Expert),
            ..ArticleFilter::default()
        },
    )
    .await
    .expect("list");
    assert!(page.total >= 2);
    let id = ArticleId::parse(&page.items[0].id).expect("id");
    let detail = get_public(&db, &id).await.expect("get").expect("public");
    let expert = detail.expert.expect("a profile");
    assert!(!expert.name.is_empty() && !expert.affiliation.is_empty());
}

#[tokio::test]
async fn a_published_article_is_withdrawn_when_its_time_comes() {
    let db = db().await;
    let now = at("2026-03-01T09:00:00+08:00");
    let id = approved_article(&db, now).await;
    transition(&db, &id, &reviewer(), step(ArticleAction::Publish), now)
        .await
        .expect("publish")
        .publish(&nobody());
    assert!(matches!(
        set_withdrawal(&db, &id, &editor(), Some(now - Duration::minutes(1)), now).await.map(done),
        Err(AppError::Invalid { field, .. }) if field == "at"
    ));
    let other = actor("jsj-editor", Some("jsj"), &[Role::Editor]);
    assert_eq!(
        set_withdrawal(&db, &id, &other, Some(now + Duration::hours(1)), now)
            .await
            .map(done),
        Err(AppError::Forbidden)
    );
    let when = now + Duration::hours(1);
    set_withdrawal(&db, &id, &editor(), Some(when), now)
        .await
        .expect("schedule the withdrawal")
        .publish(&nobody());
    assert!(
        publish_due(
            &db,
            &nobody(),
            when - Duration::seconds(1),
            "a",
            Duration::seconds(30)
        )
        .await
        .expect("tick")
        .is_empty()
    );
    assert!(
        get_public(&db, &id).await.expect("get").is_some(),
        "still public"
    );
    // Two instances at once: withdrawn exactly once.
    let changes = nobody();
    let (a, b) = tokio::join!(
        publish_due(
            &db,
            &changes,
            when + Duration::seconds(2),
            "a",
            Duration::seconds(30)
        ),
        publish_due(
            &db,
            &changes,
            when + Duration::seconds(2),
            "b",
            Duration::seconds(30)
        ),
    );
    let done: Vec<Published> = a.expect("a").into_iter().chain(b.expect("b")).collect();
    assert_eq!(
        done,
        [Published {
            id: id.to_string(),
            late_secs: None,
            withdrawn: true
        }]
    );
    assert_eq!(status(&db, &id).await, ArticleStatus::Withdrawn);
    assert!(get_public(&db, &id).await.expect("get").is_none());
    let trail = audit::history(&db, &format!("article:{id}"))
        .await
        .expect("history");
    let actions: Vec<&str> = trail.iter().map(|r| r.entry.action.as_str()).collect();
    assert!(
        actions.ends_with(&["article.schedule_withdraw", "article.withdraw"]),
        "{actions:?}"
    );
    assert_eq!(
        trail.last().and_then(|r| r.entry.actor.as_deref()),
        Some(SCHEDULER_ACTOR)
    );
}

#[tokio::test]
async fn a_restarted_instance_takes_over_its_own_lease_and_lateness_past_a_tick_is_recorded() {
    let db = db().await;
    let now = at("2026-03-01T09:00:00+08:00");
    let id = approved_article(&db, now).await;
    let due = at("2026-03-01T10:00:00+08:00");
    schedule(&db, &id, due, now).await;
    let tick = Duration::seconds(5);
    let here = "host@127.0.0.1:3000";
    // The instance ticks 3 s before the item falls due (taking the lease for six ticks),
    // then is killed.
    assert!(
        publish_due(&db, &nobody(), due - Duration::seconds(3), here, tick)
            .await
            .expect("tick")
            .is_empty()
    );
    // Another instance must wait for that lease to run out ...
    assert!(
        publish_due(
            &db,
            &nobody(),
            due + Duration::seconds(4),
            "other@127.0.0.1:3001",
            tick
        )
        .await
        .expect("tick")
        .is_empty()
    );
    // ... but the same instance, restarted 8 s after the item fell due, takes it over at
    // once, and the 8 s are recorded: more than one tick late.
    let published = publish_due(&db, &nobody(), due + Duration::seconds(8), here, tick)
        .await
        .expect("tick");
    assert_eq!(
        published,
        [Published {
            id: id.to_string(),
            late_secs: Some(8),
            withdrawn: false
        }]
    );
}
