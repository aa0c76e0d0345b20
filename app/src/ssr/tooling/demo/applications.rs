//! Demo disclosure applications to 财政局 in several stages and reply types — one waiting
//! for confirmation online, one with a 补正, one in consultation, one extended, one with a
//! fee notice, replies of several kinds — received around the 2026 National Day holiday,
//! so the desk's list, the clock's explanations and `/track` are not empty on first run.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::application::intake::{ApplyForm, NewApplication};
use crate::domain::application::{AppAction, Channel, ClockEvent, Consulted, Reply, ReplyForm};
use crate::domain::workflow::{Actor, Role};
use crate::domain::{TaxonomyCode, Words};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Changes;
use crate::ssr::repo::application::{self, AppStep, Applied, ReplyFacts, Source};

/// Where each demo application ends up.
enum Fate {
    Registered,
    Supplement,
    Consulting,
    Extended,
    Fee,
    Replied(&'static str, &'static str, &'static str),
}

struct Demo {
    name: &'static str,
    id: &'static str,
    phone: &'static str,
    description: &'static str,
    received: &'static str,
    fate: Fate,
}

/// Valid resident ID numbers (GB 11643 check digits) of made-up people.
fn demos() -> Vec<Demo> {
    vec![
        Demo {
            name: "刘建华",
            id: "430424198203150017",
            phone: "13807341001",
            description: "2026 年县本级“三公”经费预算明细表",
            received: "2026-09-28",
            fate: Fate::Registered,
        },
        Demo {
            name: "陈美玲",
            id: "430424199006110029",
            phone: "13807341002",
            description: "城关镇老旧小区改造项目的财政资金拨付情况",
            received: "2026-09-29",
            fate: Fate::Supplement,
        },
        Demo {
            name: "王志强",
            id: "430424197512200036",
            phone: "13807341003",
            description: "2025 年县政府采购项目中标供应商的合同文本",
            received: "2026-09-30",
            fate: Fate::Consulting,
        },
        Demo {
            name: "赵秀英",
            id: "430424196808080040",
            phone: "13807341004",
            description: "近五年县级财政对农村公路养护的补助资金明细",
            received: "2026-10-09",
            fate: Fate::Extended,
        },
        Demo {
            name: "孙立新",
            id: "430424198801010057",
            phone: "13807341005",
            description: "2016 年以来全部县本级部门预算公开表（纸质复印件）",
            received: "2026-10-12",
            fate: Fate::Fee,
        },
        Demo {
            name: "周晓燕",
            id: "43042419950228006X",
            phone: "13807341006",
            description: "东财发〔2016〕2号 衡东县财政局关于2016年县本级部门预算公开的通知",
            received: "2026-10-13",
            fate: Fate::Replied("published", "", "衡东县政策文件与解读网“政策文件”栏目"),
        },
        Demo {
            name: "吴国平",
            id: "430424198107070076",
            phone: "13807341007",
            description: "县财政局 2026 年第三季度国库资金调度表",
            received: "2026-10-14",
            fate: Fate::Replied("disclosed", "", "电子文档"),
        },
        Demo {
            name: "郑海燕",
            id: "430424199912120085",
            phone: "13807341008",
            description: "县财政局内部人员考勤记录",
            received: "2026-10-15",
            fate: Fate::Replied("withheld", "internal_affairs", "经检索"),
        },
    ]
}

/// Loads the demo applications; returns how many.
pub async fn load(db: &Db, changes: &Changes, now: DateTime<Utc>) -> Result<usize, AppError> {
    let internal = |e: Words| AppError::internal("demo application", e);
    let unit = TaxonomyCode::parse("czj").map_err(internal)?;
    let editor = Actor {
        login: "czj-editor".into(),
        unit: Some(unit.clone()),
        roles: vec![Role::Editor],
    };
    let reviewer = Actor {
        login: "czj-reviewer".into(),
        unit: Some(unit.clone()),
        roles: vec![Role::Reviewer],
    };
    let mut count = 0;
    for demo in demos() {
        let received: NaiveDate = demo
            .received
            .parse()
            .map_err(|e| AppError::internal("demo date", e))?;
        let parsed = NewApplication::parse(
            &ApplyForm {
                kind: "citizen".into(),
                name: demo.name.into(),
                id_kind: "resident_id".into(),
                id_number: demo.id.into(),
                phone: demo.phone.into(),
                description: demo.description.into(),
                form: "electronic".into(),
                delivery: "collect".into(),
                ..ApplyForm::default()
            },
            received,
        )
        .map_err(|e| AppError::internal("demo application", format!("{e:?}")))?;
        let source = Source::Desk {
            channel: Channel::InPerson,
            received_on: received,
            reason: crate::words!(
                "当面提交：以提交之日为收到申请之日（条例第三十一条第一项）",
                "In person: received on the day it is handed in (Art. 31(1))"
            ),
            actor: "czj-editor",
        };
        let Applied::New(code) = application::apply(db, &parsed, &unit, source, now).await? else {
            continue;
        };
        count += 1;
        let today = received + chrono::Duration::days(2);
        let take = async |step: AppStep, actor: &Actor| -> Result<(), AppError> {
            application::step(db, &code, step, actor, now, today)
                .await?
                .publish(changes);
            Ok(())
        };
        let plain = |action| AppStep::Plain(action, None);
        if matches!(demo.fate, Fate::Registered) {
            continue;
        }
        take(plain(AppAction::Accept), &editor).await?;
        match demo.fate {
            Fate::Registered => {}
            Fate::Supplement => {
                take(
                    AppStep::Clocked(
                        AppAction::RequestSupplement,
                        ClockEvent::SupplementRequested { on: today },
                        Some("请写明所需资金拨付信息的项目名称和年度".into()),
                    ),
                    &editor,
                )
                .await?;
            }
            Fate::Consulting => {
                take(plain(AppAction::Handle), &editor).await?;
                take(
                    AppStep::Clocked(
                        AppAction::Consult,
                        ClockEvent::ConsultationSent {
                            on: today,
                            to: Consulted::ThirdParty,
                        },
                        Some("合同涉及供应商的商业信息，征求供应商意见".into()),
                    ),
                    &editor,
                )
                .await?;
            }
            Fate::Extended => {
                take(plain(AppAction::Handle), &editor).await?;
                take(
                    AppStep::Plain(
                        AppAction::RequestExtension,
                        Some("涉及五个年度的档案，需逐年调取".into()),
                    ),
                    &editor,
                )
                .await?;
                take(
                    AppStep::Clocked(
                        AppAction::ApproveExtension,
                        ClockEvent::Extended {
                            on: today,
                            days: 15,
                        },
                        None,
                    ),
                    &reviewer,
                )
                .await?;
            }
            Fate::Fee => {
                take(plain(AppAction::Handle), &editor).await?;
                take(
                    AppStep::Clocked(
                        AppAction::IssueFeeNotice,
                        ClockEvent::FeeNoticeIssued { on: today },
                        Some("复印件约 260 页，按量计收".into()),
                    ),
                    &editor,
                )
                .await?;
            }
            Fate::Replied(kind, ground, detail) => {
                take(plain(AppAction::Handle), &editor).await?;
                let reply = Reply::parse(&ReplyForm {
                    kind: kind.into(),
                    ground: ground.into(),
                    ..ReplyForm::default()
                })
                .map_err(|e| AppError::internal("demo reply", e))?;
                application::draft_reply(
                    db,
                    &code,
                    &reply,
                    ReplyFacts {
                        ground: Some(ground.to_owned()).filter(|g| !g.is_empty()),
                        detail: Some(detail.to_owned()),
                        ..ReplyFacts::default()
                    },
                    &editor,
                    now,
                )
                .await?
                .publish(changes);
                take(plain(AppAction::SignReply), &reviewer).await?;
                take(plain(AppAction::SendReply), &editor).await?;
            }
        }
    }
    Ok(count)
}
