//! Demo public questions in every state (new, accepted, overdue, answered, published as
//! Q&A, closed), and a working-day calendar, so the inbox and the public Q&A are not empty
//! on first run.

use chrono::{DateTime, Duration, Utc};

use crate::domain::calendar::Calendar;
use crate::domain::concern::{AskForm, CloseReason, NewConcern, Question, ResponseClass};
use crate::domain::workflow::{Actor, Role};
use crate::domain::{PolicyId, TaxonomyCode};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Changes;
use crate::ssr::repo::calendar;
use crate::ssr::repo::concern::{self, AskLimits, Asked, ConcernStep, NewQa};

/// Holidays and adjusted working days of 2026 as a county office would enter them (demo
/// data: check them against the State Council's notice before relying on them).
const CALENDAR_2026: &str = "\
2026-01-01 休 元旦
2026-01-02 休 元旦
2026-01-04 班 元旦
2026-02-14 班 春节
2026-02-16 休 春节
2026-02-17 休 春节
2026-02-18 休 春节
2026-02-19 休 春节
2026-02-20 休 春节
2026-02-23 休 春节
2026-02-28 班 春节
2026-04-06 休 清明节
2026-05-01 休 劳动节
2026-05-04 休 劳动节
2026-05-05 休 劳动节
2026-05-09 班 劳动节
2026-06-19 休 端午节
2026-09-25 休 中秋节
2026-10-01 休 国庆节
2026-10-02 休 国庆节
2026-10-05 休 国庆节
2026-10-06 休 国庆节
2026-10-07 休 国庆节
2026-10-10 班 国庆节
";

/// What becomes of a demo question.
enum Fate {
    New,
    Accepted(ResponseClass),
    Answered(&'static str),
    Published(&'static str, &'static str),
    Closed(CloseReason, &'static str),
}

struct DemoQuestion {
    policy: &'static str,
    question: &'static str,
    name: &'static str,
    contact: &'static str,
    /// How long before the demo is loaded it was asked.
    hours_ago: i64,
    fate: Fate,
}

fn questions() -> Vec<DemoQuestion> {
    vec![
        DemoQuestion {
            policy: super::NOTICE_ID,
            question: "通知里说的“公开目录”在县政府网站哪个栏目能找到？",
            name: "刘女士",
            contact: "13907341234",
            hours_ago: 2,
            fate: Fate::New,
        },
        DemoQuestion {
            policy: "czj-2016-2",
            question: "部门预算公开后，群众对某项支出有疑问可以向哪里反映？",
            name: "",
            contact: "zhang.wei@example.cn",
            hours_ago: 30,
            fate: Fate::Accepted(ResponseClass::Routine),
        },
        DemoQuestion {
            policy: "jsj-2016-2",
            question: "我家老房子在征收范围内，评估机构由谁来定？我的电话 13807340000。",
            name: "陈先生",
            contact: "13807340000",
            hours_ago: 24 * 20,
            fate: Fate::Accepted(ResponseClass::Routine),
        },
        DemoQuestion {
            policy: "fgj-2016-7",
            question: "阶梯水价按户计算，一户五口人的家庭用水多会不会吃亏？",
            name: "王先生",
            contact: "0734-5212345",
            hours_ago: 24 * 6,
            fate: Fate::Answered(
                "<p>家庭常住人口 5 人及以上的，可持户口簿到供水公司申请增加阶梯基数，每增加 1 人每月增加 3 立方米。</p>",
            ),
        },
        DemoQuestion {
            policy: super::NOTICE_ID,
            question: "依申请公开要多久答复？我上个月的申请还没有消息。李，电话13607341111",
            name: "李先生",
            contact: "13607341111",
            hours_ago: 24 * 9,
            fate: Fate::Published(
                "依申请公开的答复期限是多久？",
                "<p>行政机关收到申请之日起 20 个工作日内答复；需要延长的，经负责人同意并告知申请人，延长期限最长不超过 20 个工作日。</p>",
            ),
        },
        DemoQuestion {
            policy: "",
            question: "优惠推广，加微信了解详情 http://spam.example",
            name: "",
            contact: "13000000000",
            hours_ago: 5,
            fate: Fate::Closed(CloseReason::Spam, "广告"),
        },
        DemoQuestion {
            policy: "",
            question: "网上传言县城自来水受到污染，是真的吗？",
            name: "",
            contact: "13100000001",
            hours_ago: 1,
            fate: Fate::Accepted(ResponseClass::Emergency),
        },
    ]
}

/// Loads the calendar and the demo questions; returns how many questions.
pub async fn load(db: &Db, changes: &Changes, now: DateTime<Utc>) -> Result<usize, AppError> {
    let internal = |e: crate::domain::Words| AppError::internal("demo question", e);
    let days = Calendar::parse_text(CALENDAR_2026)
        .map_err(|e| AppError::internal("demo calendar", format!("{e:?}")))?;
    calendar::save(db, &days, "system:demo").await?;
    let office = TaxonomyCode::parse(crate::server_fns::concerns::OFFICE).map_err(internal)?;
    let list = questions();
    for (n, q) in list.iter().enumerate() {
        let parsed = NewConcern::parse(&AskForm {
            question: q.question.into(),
            name: q.name.into(),
            contact: q.contact.into(),
            policy: q.policy.into(),
        })
        .map_err(|e| AppError::internal("demo question", format!("{e:?}")))?;
        let asked_at = now - Duration::hours(q.hours_ago);
        let code = match concern::ask(
            db,
            &parsed,
            &format!("demo-address-{n}"),
            &office,
            asked_at,
            AskLimits::default(),
        )
        .await?
        {
            Asked::New(code) | Asked::Repeat(code) => code,
        };
        let unit = if q.policy.is_empty() {
            office.clone()
        } else {
            crate::ssr::repo::policy::unit_of(db, &PolicyId::parse(q.policy).map_err(internal)?)
                .await?
                .ok_or_else(|| AppError::internal("demo question", "no such policy"))?
        };
        let editor = Actor {
            login: format!("{unit}-editor"),
            unit: Some(unit.clone()),
            roles: vec![Role::Editor],
        };
        let reviewer = Actor {
            login: format!("{unit}-reviewer"),
            unit: Some(unit.clone()),
            roles: vec![Role::Reviewer],
        };
        let later = asked_at + Duration::hours(1);
        let answer = |html: &str| {
            let code = code.clone();
            let (editor, reviewer) = (editor.clone(), reviewer.clone());
            let html = html.to_owned();
            async move {
                concern::step(
                    db,
                    &code,
                    ConcernStep::Accept(ResponseClass::Routine),
                    &editor,
                    later,
                )
                .await?
                .publish(changes);
                concern::step(db, &code, ConcernStep::Draft(html), &editor, later)
                    .await?
                    .publish(changes);
                concern::step(db, &code, ConcernStep::SubmitAnswer, &editor, later)
                    .await?
                    .publish(changes);
                concern::step(db, &code, ConcernStep::ApproveAnswer, &reviewer, later)
                    .await
                    .map(|done| done.publish(changes))
            }
        };
        match &q.fate {
            Fate::New => {}
            Fate::Accepted(class) => {
                concern::step(db, &code, ConcernStep::Accept(*class), &editor, later)
                    .await?
                    .publish(changes);
            }
            Fate::Closed(reason, note) => {
                concern::step(
                    db,
                    &code,
                    ConcernStep::Close(*reason, (*note).into()),
                    &editor,
                    later,
                )
                .await?
                .publish(changes);
            }
            Fate::Answered(html) => {
                answer(html).await?;
            }
            Fate::Published(public_question, html) => {
                answer(html).await?;
                let question = Question::parse(public_question).map_err(internal)?;
                let policy = PolicyId::parse(q.policy).ok();
                let qa = NewQa {
                    unit: &unit,
                    policy: policy.as_ref(),
                    question: &question,
                    answer_html: html,
                    from_concern: Some(&code),
                };
                concern::publish_qa(db, &qa, &editor.login, later)
                    .await?
                    .publish(changes);
            }
        }
    }
    Ok(list.len())
}
