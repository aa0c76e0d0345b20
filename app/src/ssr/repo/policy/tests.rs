//! Repository tests on a fresh in-memory database each.

use super::*;
use crate::domain::library::{LibraryQuery, PolicyFilter};
use crate::ssr::db::memory_db;
use crate::ssr::tooling::fixtures;

/// Repository tests run no page cache: nothing follows their changes.
fn done<T>(committed: Committed<T>) -> T {
    committed.publish(&crate::ssr::changes::Changes::unobserved())
}

async fn db_with_fixtures() -> Db {
    let db = memory_db().await.expect("db");
    fixtures::load(&db).await.expect("fixtures");
    db
}

fn query(f: PolicyFilter) -> LibraryQuery {
    LibraryQuery::parse(&f).expect("valid filter")
}

fn ids(items: &[PolicySummary]) -> Vec<&str> {
    items.iter().map(|p| p.id.as_str()).collect()
}

#[tokio::test]
async fn only_published_proactive_policies_are_listed() {
    let db = db_with_fixtures().await;
    let (items, total) = list_public(&db, &query(PolicyFilter::default()))
        .await
        .expect("list");
    let listed = ids(&items);
    assert_eq!(total as usize, listed.len());
    for hidden in fixtures::HIDDEN_IDS {
        assert!(!listed.contains(hidden), "{hidden} must not be listed");
    }
    for public in fixtures::PUBLIC_IDS {
        assert!(listed.contains(public), "{public} must be listed");
    }
}

#[tokio::test]
async fn newest_first() {
    let db = db_with_fixtures().await;
    let (items, _) = list_public(&db, &query(PolicyFilter::default()))
        .await
        .expect("list");
    let times: Vec<_> = items.iter().map(|p| p.published_at).collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted);
}

#[tokio::test]
async fn filters_narrow_the_list_and_the_count() {
    let db = db_with_fixtures().await;
    let f = |pairs: &[(&str, &str)]| query(PolicyFilter::from_pairs(pairs.iter().copied()));
    let (items, total) = list_public(&db, &f(&[("unit", "czj")]))
        .await
        .expect("unit");
    assert_eq!(ids(&items), ["fx-budget-2016"]);
    assert_eq!(total, 1);

    let (items, _) = list_public(&db, &f(&[("validity", "repealed")]))
        .await
        .expect("validity");
    assert_eq!(ids(&items), ["fx-old-rules"]);

    let (items, _) = list_public(&db, &f(&[("year", "2015")]))
        .await
        .expect("year");
    assert_eq!(ids(&items), ["fx-old-rules"]);

    let (items, _) = list_public(&db, &f(&[("dir", "fgwj"), ("area", "czzj")]))
        .await
        .expect("dir+area");
    assert!(items.is_empty());

    let (items, _) = list_public(&db, &f(&[("area", "shbx")]))
        .await
        .expect("area");
    assert_eq!(ids(&items), ["fx-new-rules"]);
}

#[tokio::test]
async fn pages_split_the_list_without_overlap() {
    let db = memory_db().await.expect("db");
    fixtures::load_taxonomies(&db).await.expect("taxonomies");
    for n in 1..=45 {
        let mut input = fixtures::public_input(&format!("bulk-{n:02}"));
        input.signed_on = "2015-12-01".into();
        input.published_at = Some(format!("2016-01-01T00:{n:02}:00Z"));
        done(
            insert(&db, &NewPolicy::parse(&input).expect("valid"))
                .await
                .expect("insert"),
        );
    }
    let page = |p: &str| {
        query(PolicyFilter {
            page: Some(p.into()),
            ..PolicyFilter::default()
        })
    };
    let (first, total) = list_public(&db, &page("1")).await.expect("page 1");
    let (second, _) = list_public(&db, &page("2")).await.expect("page 2");
    let (third, _) = list_public(&db, &page("3")).await.expect("page 3");
    let (beyond, _) = list_public(&db, &page("4")).await.expect("page 4");
    assert_eq!(total, 45);
    assert_eq!(
        (first.len(), second.len(), third.len(), beyond.len()),
        (20, 20, 5, 0)
    );
    assert_eq!(first[0].id, "bulk-45");
    assert_eq!(third[4].id, "bulk-01");
    let mut all: Vec<&str> = [ids(&first), ids(&second), ids(&third)].concat();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 45);
}

#[tokio::test]
async fn hidden_policies_cannot_be_read_by_id() {
    let db = db_with_fixtures().await;
    for hidden in fixtures::HIDDEN_IDS {
        let id = PolicyId::parse(hidden).expect("id");
        assert_eq!(get_public(&db, &id).await.expect("get"), None, "{hidden}");
    }
    let missing = PolicyId::parse("no-such-policy").expect("id");
    assert_eq!(get_public(&db, &missing).await.expect("get"), None);
}

#[tokio::test]
async fn a_repealed_policy_links_to_its_public_replacement() {
    let db = db_with_fixtures().await;
    let old = get_public(&db, &PolicyId::parse("fx-old-rules").expect("id"))
        .await
        .expect("get")
        .expect("public");
    assert_eq!(old.validity, Validity::Repealed);
    assert_eq!(old.replaced_by.expect("replacement").id, "fx-new-rules");

    let amended = get_public(&db, &PolicyId::parse("fx-amended").expect("id"))
        .await
        .expect("get")
        .expect("public");
    assert_eq!(
        amended.replaced_by, None,
        "a replacement that is not public is not linked"
    );
}

#[tokio::test]
async fn bodies_are_sanitised_on_write() {
    let db = memory_db().await.expect("db");
    fixtures::load_taxonomies(&db).await.expect("taxonomies");
    let mut input = fixtures::public_input("xss-test");
    input.body = r#"<p onclick="steal()">正文</p><script>alert(1)</script>"#.into();
    done(
        insert(&db, &NewPolicy::parse(&input).expect("valid"))
            .await
            .expect("insert"),
    );
    let got = get_public(&db, &PolicyId::parse("xss-test").expect("id"))
        .await
        .expect("get")
        .expect("public");
    assert_eq!(got.body.as_str(), "<p>正文</p>");
}

#[tokio::test]
async fn index_numbers_count_per_unit_and_year() {
    let db = memory_db().await.expect("db");
    fixtures::load_taxonomies(&db).await.expect("taxonomies");
    let mut numbers = Vec::new();
    for (id, unit, signed) in [
        ("a-1", "czj", "2016-01-05"),
        ("a-2", "czj", "2016-02-05"),
        ("a-3", "jsj", "2016-03-05"),
        ("a-4", "czj", "2017-01-05"),
    ] {
        let mut input = fixtures::public_input(id);
        input.unit = unit.into();
        input.signed_on = signed.into();
        input.published_at = Some("2017-06-01".into());
        done(
            insert(&db, &NewPolicy::parse(&input).expect("valid"))
                .await
                .expect("insert"),
        );
        let detail = get_public(&db, &PolicyId::parse(id).expect("id"))
            .await
            .expect("get")
            .expect("public");
        numbers.push(detail.index_no);
    }
    assert_eq!(
        numbers,
        [
            "czj/2016-00001",
            "czj/2016-00002",
            "jsj/2016-00001",
            "czj/2017-00001"
        ]
    );

    // An explicit number moves the counter past it.
    let mut input = fixtures::public_input("a-5");
    input.unit = "czj".into();
    input.signed_on = "2016-05-01".into();
    input.index_no = Some("czj/2016-00010".into());
    input.published_at = Some("2016-07-01".into());
    done(
        insert(&db, &NewPolicy::parse(&input).expect("valid"))
            .await
            .expect("insert"),
    );
    let mut input = fixtures::public_input("a-6");
    input.unit = "czj".into();
    input.signed_on = "2016-06-01".into();
    input.published_at = Some("2016-07-01".into());
    done(
        insert(&db, &NewPolicy::parse(&input).expect("valid"))
            .await
            .expect("insert"),
    );
    let detail = get_public(&db, &PolicyId::parse("a-6").expect("id"))
        .await
        .expect("get")
        .expect("public");
    assert_eq!(detail.index_no, "czj/2016-00011");
}

#[tokio::test]
async fn duplicate_ids_are_a_conflict() {
    let db = memory_db().await.expect("db");
    fixtures::load_taxonomies(&db).await.expect("taxonomies");
    let p = NewPolicy::parse(&fixtures::public_input("dup")).expect("valid");
    done(insert(&db, &p).await.expect("first"));
    let err = insert(&db, &p).await.expect_err("second");
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
}

#[tokio::test]
async fn counts_cover_only_public_policies() {
    let db = db_with_fixtures().await;
    let counts = public_counts(&db).await.expect("counts");
    assert_eq!(counts.total as usize, fixtures::PUBLIC_IDS.len());
    let repealed = counts
        .by_validity
        .iter()
        .find(|(c, _)| c == "repealed")
        .map(|(_, n)| *n);
    assert_eq!(repealed, Some(1));
    assert!(counts.by_year.iter().any(|(y, n)| *y == 2015 && *n == 1));
    assert!(
        counts.by_unit.iter().all(|(code, _)| code != "hbj"),
        "hbj has only a withheld policy"
    );
}

mod workflow {
    use super::*;
    use crate::domain::PolicyStatus;
    use crate::domain::workflow::{Action, Actor, Role};
    use crate::ssr::repo::audit;

    fn actor(login: &str, unit: Option<&str>, roles: &[Role]) -> Actor {
        Actor {
            login: login.into(),
            unit: unit.map(|u| TaxonomyCode::parse(u).expect("unit")),
            roles: roles.to_vec(),
        }
    }

    async fn db_with_draft() -> (Db, PolicyId) {
        let db = db_with_fixtures().await;
        (db, PolicyId::parse("fx-draft").expect("id"))
    }

    #[tokio::test]
    async fn submit_return_resubmit_approve_publish_with_history() {
        let (db, id) = db_with_draft().await;
        let editor = actor("xzfb-editor", Some("xzfb"), &[Role::Editor]);
        let reviewer = actor("dzzwb-reviewer", None, &[Role::Reviewer]);
        let steps = [
            (&editor, Action::Submit, None, PolicyStatus::Submitted),
            (
                &reviewer,
                Action::Return,
                Some("请补充依据".to_owned()),
                PolicyStatus::Returned,
            ),
            (&editor, Action::Submit, None, PolicyStatus::Submitted),
            (&reviewer, Action::Approve, None, PolicyStatus::Approved),
            (&reviewer, Action::Publish, None, PolicyStatus::Published),
        ];
        for (who, action, comment, expected) in steps {
            assert_eq!(
                done(
                    transition(&db, &id, who, action, comment, chrono::Utc::now())
                        .await
                        .expect("step")
                ),
                expected
            );
        }
        let public = get_public(&db, &id)
            .await
            .expect("get")
            .expect("now public");
        assert!(public.published_at > chrono::Utc::now() - chrono::Duration::minutes(5));
        let history = audit::history(&db, "policy:fx-draft")
            .await
            .expect("history");
        let trail: Vec<(Option<String>, String, Option<String>)> = history
            .into_iter()
            .map(|r| (r.entry.actor, r.entry.action, r.entry.to_status))
            .collect();
        assert_eq!(trail.len(), 5);
        assert_eq!(
            trail[1],
            (
                Some("dzzwb-reviewer".into()),
                "policy.return".into(),
                Some("returned".into())
            )
        );
        assert_eq!(trail[4].1, "policy.publish");
    }

    #[tokio::test]
    async fn refused_steps_change_nothing() {
        let (db, id) = db_with_draft().await;
        let other_unit = actor("czj-editor", Some("czj"), &[Role::Editor]);
        let expert = actor("expert", None, &[Role::Expert]);
        assert_eq!(
            transition(
                &db,
                &id,
                &other_unit,
                Action::Submit,
                None,
                chrono::Utc::now()
            )
            .await
            .map(done),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            transition(&db, &id, &expert, Action::Submit, None, chrono::Utc::now())
                .await
                .map(done),
            Err(AppError::Forbidden)
        );
        let reviewer = actor("r", None, &[Role::Reviewer]);
        assert!(matches!(
            transition(
                &db,
                &id,
                &reviewer,
                Action::Approve,
                None,
                chrono::Utc::now()
            )
            .await
            .map(done),
            Err(AppError::Conflict(_))
        ));
        assert_eq!(
            status_of(&db, &id).await.expect("status"),
            Some(PolicyStatus::Draft)
        );
        assert!(
            audit::history(&db, "policy:fx-draft")
                .await
                .expect("history")
                .is_empty()
        );
    }

    #[tokio::test]
    async fn nobody_approves_what_they_wrote_even_after_a_colleague_submitted_it() {
        let db = db_with_fixtures().await;
        // The author wrote it as an editor of 政府办, then became a county-wide reviewer.
        let author = actor("xzfb-author", Some("xzfb"), &[Role::Editor]);
        let mut input = fixtures::public_input("own-work");
        input.status = "draft".into();
        input.published_at = None;
        let id = done(
            create_draft(
                &db,
                &NewPolicy::parse(&input).expect("valid"),
                &author.login,
            )
            .await
            .expect("draft"),
        );
        let colleague = actor("xzfb-editor", Some("xzfb"), &[Role::Editor]);
        done(
            transition(
                &db,
                &id,
                &colleague,
                Action::Submit,
                None,
                chrono::Utc::now(),
            )
            .await
            .expect("submit"),
        );
        let promoted = actor("xzfb-author", None, &[Role::Reviewer]);
        assert_eq!(
            transition(
                &db,
                &id,
                &promoted,
                Action::Approve,
                None,
                chrono::Utc::now()
            )
            .await
            .map(done),
            Err(AppError::Forbidden)
        );
        let other = actor("county", None, &[Role::Reviewer]);
        assert_eq!(
            transition(&db, &id, &other, Action::Approve, None, chrono::Utc::now())
                .await
                .map(done),
            Ok(PolicyStatus::Approved)
        );
    }

    #[tokio::test]
    async fn a_reviewer_never_approves_what_they_submitted() {
        let (db, id) = db_with_draft().await;
        let both = actor("xzfb-lead", Some("xzfb"), &[Role::Editor, Role::Reviewer]);
        done(
            transition(&db, &id, &both, Action::Submit, None, chrono::Utc::now())
                .await
                .expect("submit"),
        );
        assert_eq!(
            transition(&db, &id, &both, Action::Approve, None, chrono::Utc::now())
                .await
                .map(done),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            status_of(&db, &id).await.expect("status"),
            Some(PolicyStatus::Submitted)
        );
    }

    #[tokio::test]
    async fn returning_needs_a_comment() {
        let (db, id) = db_with_draft().await;
        let editor = actor("xzfb-editor", Some("xzfb"), &[Role::Editor]);
        let reviewer = actor("r", None, &[Role::Reviewer]);
        done(
            transition(&db, &id, &editor, Action::Submit, None, chrono::Utc::now())
                .await
                .expect("submit"),
        );
        let err = transition(
            &db,
            &id,
            &reviewer,
            Action::Return,
            Some("  ".into()),
            chrono::Utc::now(),
        )
        .await
        .expect_err("no comment");
        assert!(
            matches!(err, AppError::Invalid { ref field, .. } if field == "comment"),
            "{err:?}"
        );
        assert_eq!(
            status_of(&db, &id).await.expect("status"),
            Some(PolicyStatus::Submitted)
        );
    }
}

#[tokio::test]
async fn a_change_to_a_published_policy_waits_for_a_second_person() {
    use crate::domain::workflow::{Actor, ChangeAction, ChangeStatus, Role};
    use crate::ssr::repo::policy_change;
    let db = db_with_fixtures().await;
    let id = PolicyId::parse("fx-budget-2016").expect("id");
    let editor = Actor {
        login: "czj-editor".into(),
        unit: Some(TaxonomyCode::parse("czj").expect("unit")),
        roles: vec![Role::Editor],
    };
    let reviewer = Actor {
        login: "county".into(),
        unit: None,
        roles: vec![Role::Reviewer],
    };
    let mut input = fixtures::public_input("fx-budget-2016");
    input.unit = "czj".into();
    input.title = "衡东县2016年县本级预算公开说明（更正）".into();
    input.attachments = vec![Attachment {
        name: "附件".into(),
        url: None,
    }];
    let p = NewPolicy::parse(&input).expect("valid");
    let now = chrono::Utc::now();
    // Without a reason nothing is proposed.
    let err = policy_change::propose(&db, &id, &p, None, &editor, now)
        .await
        .map(done)
        .expect_err("no reason");
    assert!(matches!(err, AppError::Invalid { ref field, .. } if field == "comment"));
    let proposed = policy_change::propose(&db, &id, &p, Some("标题有误".into()), &editor, now)
        .await
        .map(done);
    assert_eq!(proposed, Ok(ChangeStatus::Submitted));
    let got = get_public(&db, &id).await.expect("get").expect("public");
    assert_eq!(
        got.title, "衡东县2016年县本级预算公开说明",
        "the public sees the current version until a reviewer applies the change"
    );
    // The proposer never applies their own change; a county-wide reviewer does.
    assert_eq!(
        policy_change::decide(&db, &id, ChangeAction::Apply, None, &editor, now)
            .await
            .map(done),
        Err(AppError::Forbidden)
    );
    assert_eq!(
        policy_change::decide(&db, &id, ChangeAction::Apply, None, &reviewer, now)
            .await
            .map(done),
        Ok(ChangeStatus::Open)
    );
    let got = get_public(&db, &id).await.expect("get").expect("public");
    assert_eq!(got.title, "衡东县2016年县本级预算公开说明（更正）");
    assert_eq!(got.attachments.len(), 1);
    let earlier = revisions(&db, &id).await.expect("revisions");
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0].title, "衡东县2016年县本级预算公开说明");
    assert_eq!(earlier[0].edited_by, "czj-editor");
    assert_eq!(
        earlier[0].body.as_str(),
        "<p>测试正文。</p>",
        "the text before the edit"
    );
    // Withholding takes effect at once; making it public again would wait for a reviewer.
    input.disclosure = "withheld".into();
    input.disclosure_reason = Some("涉及国家秘密，依法不予公开".into());
    let withheld = NewPolicy::parse(&input).expect("valid");
    done(
        policy_change::propose(
            &db,
            &id,
            &withheld,
            Some("依法不予公开".into()),
            &editor,
            now,
        )
        .await
        .expect("propose"),
    );
    assert!(get_public(&db, &id).await.expect("get").is_none());
    // A draft is edited directly, not through a change.
    assert!(matches!(
        policy_change::propose(
            &db,
            &PolicyId::parse("fx-draft").expect("id"),
            &p,
            Some("理由四个字".into()),
            &editor,
            now
        )
        .await
        .map(done),
        Err(AppError::Forbidden | AppError::Conflict(_))
    ));
}
