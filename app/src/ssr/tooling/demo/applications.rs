//! Demo disclosure applications to 财政局, one in every stage and one of every reply type:
//! waiting for confirmation online, registered, under review, a 补正 outstanding, a
//! consultation, an extension asked for and one granted, a fee notice, a reply awaiting
//! sign-off, replies sent of all nine kinds, one archived, one withdrawn, one abandoned
//! and one transferred. The finished ones were received around the 2026 Spring Festival
//! and National Day holidays; the open ones a few days before the demo is loaded, so the
//! desk's list, its warnings and `/track` are not empty on first run.
//!
//! [`expected_table`] is the hand count of table 三 these give for 2026, which a test
//! compares with the count from the records.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::application::intake::{ApplyForm, NewApplication};
use crate::domain::application::{
    AppAction, Channel, ClockEvent, CloseReason, Consulted, FeeMethod, Reply, ReplyForm,
};
use crate::domain::workflow::{Actor, Role};
use crate::domain::{TaxonomyCode, Words};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Changes;
use crate::ssr::repo::application::{self, AppStep, Applied, NoticeFacts, ReplyFacts, Source};

/// Where each demo application ends up. A reply is its kind, its ground code and the
/// fact its letter needs.
#[derive(Clone, Copy)]
enum Fate {
    Submitted,
    Registered,
    Reviewing,
    Supplement,
    Consulting,
    ExtensionAsked,
    Extended,
    Fee,
    Drafted(&'static str, &'static str, &'static str),
    Replied(&'static str, &'static str, &'static str),
    Archived(&'static str, &'static str, &'static str),
    Withdrawn,
    Abandoned,
    Transferred,
}

/// When it was received: a fixed day, or this many days before the demo is loaded.
#[derive(Clone, Copy)]
enum Received {
    On(&'static str),
    DaysAgo(i64),
}

/// Who applies: a citizen (name, resident ID) or an organisation (name, credit code,
/// kind).
#[derive(Clone, Copy)]
enum Who {
    Citizen(&'static str, &'static str),
    Organisation(&'static str, &'static str, &'static str),
}

struct Demo {
    who: Who,
    description: &'static str,
    channel: Channel,
    received: Received,
    fate: Fate,
}

/// Made-up applicants with valid check digits (GB 11643 for resident IDs, GB 32100 for
/// credit codes).
fn demos() -> Vec<Demo> {
    use Channel::{InPerson, Online, OrdinaryPost, RegisteredPost};
    use Fate::*;
    use Received::{DaysAgo, On};
    use Who::{Citizen, Organisation};
    let demo = |who, description, channel, received, fate| Demo {
        who,
        description,
        channel,
        received,
        fate,
    };
    vec![
        demo(
            Citizen("刘建华", "430424197003120011"),
            "2026 年县本级“三公”经费预算明细表",
            Online,
            DaysAgo(1),
            Submitted,
        ),
        demo(
            Citizen("陈美玲", "430424198605210027"),
            "城关镇老旧小区改造项目 2026 年财政资金拨付文件",
            RegisteredPost,
            DaysAgo(3),
            Registered,
        ),
        demo(
            Organisation("衡东县恒达建材有限公司", "91430424MA4P8K2L1R", "business"),
            "2026 年县本级政府采购意向公开目录",
            OrdinaryPost,
            DaysAgo(5),
            Reviewing,
        ),
        demo(
            Citizen("王志强", "430424199309090037"),
            "关于农村道路的文件",
            InPerson,
            DaysAgo(4),
            Supplement,
        ),
        demo(
            Citizen("赵秀英", "43042419611130004X"),
            "2025 年县政府采购项目中标供应商的合同文本",
            InPerson,
            DaysAgo(10),
            Consulting,
        ),
        demo(
            Citizen("孙立新", "430424200001010059"),
            "近十年县级财政对农村公路养护的补助资金明细",
            InPerson,
            DaysAgo(26),
            ExtensionAsked,
        ),
        demo(
            Citizen("周晓燕", "430424197806150062"),
            "近五年县本级教育专项资金分配和使用情况",
            InPerson,
            On("2026-10-09"),
            Extended,
        ),
        demo(
            Organisation("湖南某农业科学研究所", "12430424444885713L", "research"),
            "2016 年以来全部县本级部门预算公开表（纸质复印件）",
            InPerson,
            On("2026-10-12"),
            Fee,
        ),
        demo(
            Citizen("吴国平", "430424198902280072"),
            "县财政局 2026 年第三季度国库资金调度表",
            InPerson,
            DaysAgo(12),
            Drafted("disclosed", "", "电子邮件"),
        ),
        demo(
            Citizen("郑海燕", "430424197208180085"),
            "东财发〔2016〕2号 衡东县财政局关于2016年县本级部门预算公开的通知",
            InPerson,
            On("2026-09-28"),
            Replied("published", "", "衡东县政策文件与解读网“政策文件”栏目"),
        ),
        demo(
            Citizen("黄丽萍", "430424196604040098"),
            "县财政局 2026 年第三季度国库资金调度表",
            InPerson,
            On("2026-09-29"),
            Replied("disclosed", "", "电子邮件"),
        ),
        demo(
            Organisation("衡东县恒达建材有限公司", "91430424MA4P8K2L1R", "business"),
            "2025 年县城道路改造工程的财政评审报告",
            RegisteredPost,
            On("2026-09-30"),
            Replied(
                "partly",
                "third_party",
                "报告附表中施工单位项目负责人的身份证号码和联系电话",
            ),
        ),
        demo(
            Citizen("李卫东", "430424198101010101"),
            "县财政局内部人员考勤记录",
            InPerson,
            On("2026-10-08"),
            Replied("withheld", "internal_affairs", ""),
        ),
        demo(
            Organisation("衡东县助老志愿者协会", "52430424MA4R3N6T2Y", "nonprofit"),
            "2010 年县城老年活动中心建设资金的原始凭证",
            OrdinaryPost,
            On("2026-10-09"),
            Replied(
                "not_held",
                "not_held",
                "本机关 2010 年以来的会计档案和收发文登记",
            ),
        ),
        demo(
            Citizen("杨春花", "430424199207070115"),
            "2026 年本县城区土地出让计划",
            InPerson,
            On("2026-10-10"),
            Replied("not_ours", "", "衡东县自然资源局"),
        ),
        demo(
            Citizen("郑海燕", "430424197208180085"),
            "衡东县财政局关于2016年县本级部门预算公开的通知（东财发〔2016〕2号）",
            InPerson,
            On("2026-10-12"),
            // The letter cites the earlier application's number.
            Replied("repeated", "", ""),
        ),
        demo(
            Organisation("湖南衡信律师事务所", "31430000MD0123456G", "legal"),
            "某房屋的不动产登记簿",
            InPerson,
            On("2026-10-13"),
            Replied("other_law", "", "《不动产登记暂行条例》"),
        ),
        demo(
            Citizen("何建国", "430424198409190129"),
            "要求县财政局撤销对本人所在单位的处罚决定",
            InPerson,
            On("2026-10-14"),
            Replied("not_application", "petition", "实为对行政处理决定的异议"),
        ),
        demo(
            Citizen("罗秋云", "43042419750505013X"),
            "2025 年县本级一般公共预算执行情况",
            InPerson,
            On("2026-02-10"),
            Archived("disclosed", "", "电子邮件"),
        ),
        demo(
            Citizen("谢文斌", "430424199802120148"),
            "2026 年县本级国有资本经营预算",
            InPerson,
            On("2026-10-13"),
            Withdrawn,
        ),
        demo(
            Citizen("邓红梅", "430424198711110150"),
            "有关补贴的文件",
            InPerson,
            On("2026-09-29"),
            Abandoned,
        ),
        demo(
            Citizen("彭志明", "430424199106060014"),
            "本县 2026 年义务教育阶段招生计划",
            InPerson,
            On("2026-10-15"),
            Transferred,
        ),
    ]
}

/// Table 三 for 2026 counted by hand from [`demos`] (the demo loaded in 2026), in the
/// seven columns (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计):
/// received, carried in, every result row that is not zero, and carried out.
///
/// Received: 22 less the one not yet confirmed and the one transferred = 20, of which 15
/// citizens and one each of the kinds of organisation but 其他, save two from the same
/// business. Ended in 2026: 12; still open: 8.
pub fn expected_table() -> ExpectedTable {
    use crate::domain::application::outcome::{NotHandledGround, UnableGround, WithholdGround};
    use crate::domain::application::stats::ResultRow as Row;
    ExpectedTable {
        received: [15, 2, 1, 1, 1, 0],
        carried_in: [0; 6],
        results: vec![
            // Already published, disclosed, and the archived disclosure.
            (Row::Disclosed, [3, 0, 0, 0, 0, 0]),
            (Row::Partly, [0, 1, 0, 0, 0, 0]),
            (
                Row::Withheld(WithholdGround::InternalAffairs),
                [1, 0, 0, 0, 0, 0],
            ),
            // To be obtained under another law counts as an administrative query.
            (
                Row::Withheld(WithholdGround::AdministrativeQuery),
                [0, 0, 0, 0, 1, 0],
            ),
            // Not held, and not this body's to disclose.
            (Row::Unable(UnableGround::NotHeld), [1, 0, 0, 1, 0, 0]),
            (
                Row::NotHandled(NotHandledGround::Petition),
                [1, 0, 0, 0, 0, 0],
            ),
            (
                Row::NotHandled(NotHandledGround::Repeated),
                [1, 0, 0, 0, 0, 0],
            ),
            (Row::Other(CloseReason::Abandoned), [1, 0, 0, 0, 0, 0]),
            (Row::Other(CloseReason::Withdrawn), [1, 0, 0, 0, 0, 0]),
        ],
        carried_out: [6, 1, 1, 0, 0, 0],
    }
}

/// A hand count of table 三: each row's six columns, 总计 left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedTable {
    pub received: [u32; 6],
    pub carried_in: [u32; 6],
    pub results: Vec<(crate::domain::application::stats::ResultRow, [u32; 6])>,
    pub carried_out: [u32; 6],
}

/// The account that acts for the demo, of 财政局.
fn staff(login: &str, role: Role, unit: &TaxonomyCode) -> Actor {
    Actor {
        login: login.into(),
        unit: Some(unit.clone()),
        roles: vec![role],
    }
}

/// Loads the demo applications as of `now`; returns how many.
pub async fn load(db: &Db, changes: &Changes, now: DateTime<Utc>) -> Result<usize, AppError> {
    let internal = |e: Words| AppError::internal("demo application", e);
    let unit = TaxonomyCode::parse("czj").map_err(internal)?;
    let elsewhere = TaxonomyCode::parse("jyj").map_err(internal)?;
    let editor = staff("czj-editor", Role::Editor, &unit);
    let reviewer = staff("czj-reviewer", Role::Reviewer, &unit);
    let today = now
        .with_timezone(&crate::domain::policy::china_offset())
        .date_naive();
    let mut count = 0;
    // The number of the first application, which the repeated one repeats.
    let mut earlier: Option<String> = None;
    for demo in demos() {
        let received: NaiveDate = match demo.received {
            Received::On(day) => day
                .parse()
                .map_err(|e| AppError::internal("demo date", e))?,
            Received::DaysAgo(days) => today - chrono::Duration::days(days),
        };
        let form = match demo.who {
            Who::Citizen(name, id) => ApplyForm {
                kind: "citizen".into(),
                name: name.into(),
                id_kind: "resident_id".into(),
                id_number: id.into(),
                ..ApplyForm::default()
            },
            Who::Organisation(name, code, kind) => ApplyForm {
                kind: "organisation".into(),
                org_kind: kind.into(),
                name: name.into(),
                id_kind: "credit_code".into(),
                id_number: code.into(),
                ..ApplyForm::default()
            },
        };
        let parsed = NewApplication::parse(
            &ApplyForm {
                phone: "0734-5221234".into(),
                description: demo.description.into(),
                form: "electronic".into(),
                delivery: "email".into(),
                email: "applicant@example.cn".into(),
                ..form
            },
            received,
        )
        .map_err(|e| AppError::internal("demo application", format!("{e:?}")))?;
        let source = match demo.channel {
            Channel::Online => Source::Online {
                address: "192.0.2.10",
            },
            channel => Source::Desk {
                channel,
                received_on: received,
                reason: crate::words!(
                    "由本机关登记（条例第三十一条），以 {received} 为收到申请之日",
                    "Registered by the office (Art. 31): received on {received}"
                ),
                actor: "czj-editor",
            },
        };
        let Applied::New(code) = application::apply(db, &parsed, &unit, source, now).await? else {
            continue;
        };
        count += 1;
        let fate = demo.fate;
        if matches!(fate, Fate::Replied("published", ..)) {
            earlier = Some(code.clone());
        }
        // Each step on the second day after receipt, unless it says otherwise.
        let on = (received + chrono::Duration::days(2)).min(today);
        let take = async |step: AppStep, actor: &Actor, day: NaiveDate| -> Result<(), AppError> {
            application::step(db, &code, step, actor, now, day)
                .await?
                .publish(changes);
            Ok(())
        };
        let plain = |action| AppStep::Plain(action, None);
        let reply = async |kind: &str, ground: &str, detail: &str| -> Result<(), AppError> {
            let parsed = Reply::parse(&ReplyForm {
                kind: kind.into(),
                ground: ground.into(),
                withheld: vec![ground.to_owned()]
                    .into_iter()
                    .filter(|g| !g.is_empty())
                    .collect(),
                body: detail.into(),
            })
            .map_err(|e| AppError::internal("demo reply", e))?;
            application::draft_reply(
                db,
                &code,
                &parsed,
                ReplyFacts {
                    ground: Some(ground.to_owned()).filter(|g| !g.is_empty()),
                    detail: Some(detail.to_owned()).filter(|d| !d.is_empty()),
                    ..ReplyFacts::default()
                },
                &editor,
                now,
            )
            .await?
            .publish(changes);
            Ok(())
        };
        if matches!(fate, Fate::Submitted) {
            continue;
        }
        if matches!(fate, Fate::Registered) {
            continue;
        }
        if matches!(fate, Fate::Transferred) {
            take(
                AppStep::Transfer {
                    to: elsewhere.clone(),
                    reason: "所申请的招生计划由县教育局制作和保存".into(),
                },
                &editor,
                on,
            )
            .await?;
            continue;
        }
        take(plain(AppAction::Accept), &editor, on).await?;
        let supplement = |what: &str| {
            AppStep::clocked(
                AppAction::RequestSupplement,
                ClockEvent::SupplementRequested { on, days: None },
                Some(what.into()),
            )
        };
        match fate {
            Fate::Reviewing => {}
            Fate::Supplement => {
                take(
                    supplement("请写明所需文件的名称、文号或者发文年份，以及涉及的具体道路"),
                    &editor,
                    on,
                )
                .await?;
            }
            Fate::Abandoned => {
                take(
                    supplement("请写明所需补贴文件的名称、年份或者补贴项目"),
                    &editor,
                    on,
                )
                .await?;
                take(
                    AppStep::Close {
                        reason: CloseReason::Abandoned,
                        note: Some("补正期限届满，申请人未补正".into()),
                    },
                    &editor,
                    today,
                )
                .await?;
            }
            Fate::Withdrawn => {
                take(
                    AppStep::Close {
                        reason: CloseReason::Withdrawn,
                        note: Some("申请人来电撤回申请".into()),
                    },
                    &editor,
                    on,
                )
                .await?;
            }
            _ => {
                take(plain(AppAction::Handle), &editor, on).await?;
                let staff = (&editor, &reviewer);
                handle(fate, &take, &reply, staff, earlier.as_deref(), on).await?;
            }
        }
    }
    Ok(count)
}

/// The steps after 办理 begins.
async fn handle(
    fate: Fate,
    take: &impl AsyncFn(AppStep, &Actor, NaiveDate) -> Result<(), AppError>,
    reply: &impl AsyncFn(&str, &str, &str) -> Result<(), AppError>,
    (editor, reviewer): (&Actor, &Actor),
    earlier: Option<&str>,
    on: NaiveDate,
) -> Result<(), AppError> {
    let plain = |action| AppStep::Plain(action, None);
    match fate {
        Fate::Consulting => {
            take(
                AppStep::Clocked {
                    action: AppAction::Consult,
                    event: ClockEvent::ConsultationSent {
                        on,
                        to: Consulted::ThirdParty,
                    },
                    note: Some("合同涉及供应商的商业秘密，征求供应商意见".into()),
                    notice: NoticeFacts {
                        party: Some("衡东县恒达建材有限公司".into()),
                        ..NoticeFacts::default()
                    },
                },
                editor,
                on,
            )
            .await
        }
        Fate::ExtensionAsked | Fate::Extended => {
            take(
                AppStep::Plain(
                    AppAction::RequestExtension,
                    Some("申请公开的信息跨越多个年度，需要调取档案逐年核对".into()),
                ),
                editor,
                on,
            )
            .await?;
            if matches!(fate, Fate::Extended) {
                take(
                    AppStep::clocked(
                        AppAction::ApproveExtension,
                        ClockEvent::Extended { on, days: 20 },
                        None,
                    ),
                    reviewer,
                    on,
                )
                .await?;
            }
            Ok(())
        }
        Fate::Fee => {
            take(
                AppStep::Clocked {
                    action: AppAction::IssueFeeNotice,
                    event: ClockEvent::FeeNoticeIssued { on },
                    note: Some("复印件共 260 页，按量计收".into()),
                    notice: NoticeFacts {
                        fee: Some((FeeMethod::ByPages, Some(260))),
                        ..NoticeFacts::default()
                    },
                },
                editor,
                on,
            )
            .await
        }
        Fate::Drafted(kind, ground, detail) => reply(kind, ground, detail).await,
        Fate::Replied(kind, ground, detail) | Fate::Archived(kind, ground, detail) => {
            // A repeated application's letter cites the earlier one's number.
            let detail = match kind {
                "repeated" => earlier.unwrap_or(detail),
                _ => detail,
            };
            reply(kind, ground, detail).await?;
            take(plain(AppAction::SignReply), reviewer, on).await?;
            take(plain(AppAction::SendReply), editor, on).await?;
            if matches!(fate, Fate::Archived(..)) {
                take(plain(AppAction::Archive), editor, on).await?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
