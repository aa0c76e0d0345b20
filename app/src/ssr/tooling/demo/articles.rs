//! Demo interpretations: official and expert articles on several demo policies, taken
//! through the real workflow (so their history is real), one scheduled for the future and
//! one waiting for review; and the demo experts' profiles and assignments.

use chrono::{DateTime, Duration, Utc};

use crate::domain::article::{ArticleAction, ArticleFields, ArticleInput};
use crate::domain::workflow::{Actor, Role};
use crate::domain::{PolicyId, TaxonomyCode};
use crate::dto::article::ExpertProfile;
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Changes;
use crate::ssr::repo::article::{self, Step};
use crate::ssr::repo::expert;

/// The demo experts: login, display name and profile.
pub fn experts() -> Vec<(&'static str, ExpertProfile)> {
    vec![
        (
            "expert",
            ExpertProfile {
                name: "李明华".into(),
                field: "行政法、政府信息公开".into(),
                affiliation: "湘潭大学法学院".into(),
                title: "副教授".into(),
                bio: "长期研究政府信息公开制度与行政程序，参与多地政务公开标准化试点评估。".into(),
            },
        ),
        (
            "expert2",
            ExpertProfile {
                name: "周晓岚".into(),
                field: "财政学、预算管理".into(),
                affiliation: "衡阳师范学院经济与管理学院".into(),
                title: "教授".into(),
                bio: "研究地方财政预算公开与绩效管理，曾为多个县市预算公开提供咨询。".into(),
            },
        ),
    ]
}

/// Which policies each demo expert writes for.
const ASSIGNMENTS: &[(&str, &str)] = &[
    ("expert", super::NOTICE_ID),
    ("expert", "jsj-2016-2"),
    ("expert2", "czj-2016-2"),
];

/// Where a demo article ends up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    Published,
    /// Scheduled this many days after the demo is loaded.
    ScheduledInDays(i64),
    Submitted,
}

struct DemoArticle {
    policy: &'static str,
    author: &'static str,
    kind: &'static str,
    title: &'static str,
    summary: &'static str,
    byline: &'static str,
    body: &'static str,
    fate: Fate,
}

fn demo_articles() -> Vec<DemoArticle> {
    vec![
        DemoArticle {
            policy: super::NOTICE_ID,
            author: "xzfb-editor",
            kind: "department",
            title: "《关于进一步加强政府信息公开工作的通知》政策解读",
            summary: "通知明确了公开目录、重点领域分工和报送任务，要求各单位按“谁制作、谁公开”的原则及时主动公开。",
            byline: "衡东县人民政府办公室",
            body: "<h2>一、出台背景</h2><p>为贯彻落实《中华人民共和国政府信息公开条例》，进一步提高政府工作透明度，县人民政府办公室印发本通知。</p><h2>二、主要内容</h2><ol><li>统一公开目录：机构信息、领导信息、规划计划、法规文件、工作进展、人事信息、财政信息。</li><li>明确重点领域分工，逐项落实到责任单位。</li><li>建立报送任务和通报制度。</li></ol><h2>三、公众如何查询</h2><p>公众可通过县政府门户网站“政府信息公开”栏目，按目录、单位、年份查询。</p>",
            fate: Fate::Published,
        },
        DemoArticle {
            policy: super::NOTICE_ID,
            author: "expert",
            kind: "expert",
            title: "以公开为常态：专家谈县政府办信息公开通知",
            summary: "从“以公开为常态、不公开为例外”的原则出发，解读通知对基层政务公开的意义。",
            byline: "李明华",
            body: "<p>信息公开的关键在于常态化和制度化。这份通知把公开目录和重点领域分工具体到单位，是基层落实条例的有效做法。</p><h2>公开目录统一的意义</h2><p>统一目录让群众在不同部门网站上都能按同样的路径找到信息，降低了查找成本。</p><blockquote>以公开为常态、不公开为例外。</blockquote><h2>还需要注意什么</h2><ul><li>依申请公开的答复时限要严格执行。</li><li>不予公开的信息须说明理由。</li></ul>",
            fate: Fate::Published,
        },
        DemoArticle {
            policy: "czj-2016-2",
            author: "czj-editor",
            kind: "graphic",
            title: "图解：2016年县本级部门预算公开怎么看",
            summary: "一图读懂部门预算公开的范围、时间和内容。",
            byline: "衡东县财政局",
            body: "<h2>公开范围</h2><p>除涉密部门外，所有使用财政资金的县本级部门均须公开部门预算。</p><h2>公开时间</h2><p>预算批复后 20 日内。</p><table><thead><tr><th>公开内容</th><th>说明</th></tr></thead><tbody><tr><td>收支总表</td><td>部门全部收入和支出</td></tr><tr><td>“三公”经费</td><td>因公出国（境）、公务用车、公务接待</td></tr></tbody></table>",
            fate: Fate::Published,
        },
        DemoArticle {
            policy: "czj-2016-2",
            author: "expert2",
            kind: "expert",
            title: "预算公开，公开的是政府的“账本”",
            summary: "部门预算公开让群众看得见、看得懂、能监督。",
            byline: "周晓岚",
            body: "<p>部门预算是政府的“账本”。把账本摊开，是建设透明政府的基础工作。</p><h2>看得懂比看得见更重要</h2><p>建议各部门在公开表格的同时附上文字说明，解释增减变化的原因。</p>",
            fate: Fate::Published,
        },
        DemoArticle {
            policy: "jsj-2016-2",
            author: "jsj-editor",
            kind: "press",
            title: "县住建局负责人就房屋征收与补偿实施办法修订答记者问",
            summary: "修订后的办法在补偿标准、评估程序和安置方式上有哪些变化？",
            byline: "衡东县住房和城乡建设局",
            body: "<h2>问：这次修订的主要原因是什么？</h2><p>答：根据上级新规定和近年征收工作中群众反映的问题，对补偿标准和程序作了完善。</p><h2>问：被征收人的权益如何保障？</h2><p>答：评估机构由被征收人协商选定，评估结果公示，对结果有异议的可以申请复核。</p>",
            fate: Fate::Published,
        },
        DemoArticle {
            policy: "fgj-2016-7",
            author: "fgj-editor",
            kind: "department",
            title: "城区居民生活用水阶梯价格调整方案解读",
            summary: "阶梯水价怎么分档？低保家庭有哪些照顾？",
            byline: "衡东县发展和改革局",
            body: "<h2>一、分档标准</h2><p>第一阶梯每户每月 15 立方米以内，第二阶梯 15 至 25 立方米，第三阶梯 25 立方米以上。</p><h2>二、对困难群众的照顾</h2><p>城乡低保家庭每户每月减免 5 立方米水费。</p>",
            fate: Fate::ScheduledInDays(3),
        },
        DemoArticle {
            policy: "jsj-2016-2",
            author: "expert",
            kind: "expert",
            title: "征收补偿，程序公正是关键",
            summary: "从行政程序角度谈房屋征收与补偿实施办法的修订。",
            byline: "李明华",
            body: "<p>征收补偿涉及群众切身利益，程序公正是取得信任的关键。</p><h2>评估程序</h2><p>修订后的办法把评估机构的选定交给被征收人协商，是一大进步。</p>",
            fate: Fate::Submitted,
        },
    ]
}

fn actor(login: &str, unit: Option<&str>, roles: &[Role]) -> Result<Actor, AppError> {
    Ok(Actor {
        login: login.to_owned(),
        unit: unit
            .map(TaxonomyCode::parse)
            .transpose()
            .map_err(|e| AppError::internal("demo unit", e))?,
        roles: roles.to_vec(),
    })
}

/// Gives the demo experts their profiles and assignments, and writes the demo articles
/// through the workflow: drafted by their author, submitted, approved by a reviewer, then
/// published, scheduled or left for review.
pub async fn load(db: &Db, changes: &Changes, now: DateTime<Utc>) -> Result<usize, AppError> {
    let invalid = |e: crate::domain::Words| AppError::internal("demo article", e);
    for (login, profile) in experts() {
        expert::set_profile(db, login, &profile).await?;
    }
    for (login, policy) in ASSIGNMENTS {
        let login = crate::domain::account::LoginName::parse(login).map_err(invalid)?;
        let policy = PolicyId::parse(policy).map_err(invalid)?;
        expert::assign(db, &login, &policy, "xzfb-editor").await?;
    }
    let reviewer = actor("dzzwb-reviewer", None, &[Role::Reviewer])?;
    let articles = demo_articles();
    for a in &articles {
        let policy = PolicyId::parse(a.policy).map_err(invalid)?;
        let expert_writer = a.author.starts_with("expert");
        let input = ArticleInput {
            kind: a.kind.into(),
            title: a.title.into(),
            summary: a.summary.into(),
            byline: a.byline.into(),
            body: a.body.into(),
        };
        let fields = ArticleFields::parse(&input, expert_writer)
            .map_err(|e| AppError::internal("demo article", format!("{e:?}")))?;
        let id = article::create(db, &policy, &fields, a.author)
            .await?
            .publish(changes);
        let author = if expert_writer {
            actor(a.author, None, &[Role::Expert])?
        } else {
            let unit = a.author.trim_end_matches("-editor");
            actor(a.author, Some(unit), &[Role::Editor])?
        };
        // Published a couple of days after the policy, as a county office would.
        let released = crate::ssr::repo::policy::get_public(db, &policy)
            .await?
            .map_or(now, |p| p.published_at + Duration::days(2));
        let step = |action| Step {
            action,
            comment: None,
            at: None,
        };
        article::transition(db, &id, &author, step(ArticleAction::Submit), now)
            .await?
            .publish(changes);
        match a.fate {
            Fate::Submitted => continue,
            Fate::Published => {
                article::transition(db, &id, &reviewer, step(ArticleAction::Approve), released)
                    .await?
                    .publish(changes);
                article::transition(db, &id, &reviewer, step(ArticleAction::Publish), released)
                    .await?
                    .publish(changes);
            }
            Fate::ScheduledInDays(days) => {
                article::transition(db, &id, &reviewer, step(ArticleAction::Approve), now)
                    .await?
                    .publish(changes);
                let schedule = Step {
                    action: ArticleAction::Schedule,
                    comment: None,
                    at: Some(now + Duration::days(days)),
                };
                article::transition(db, &id, &reviewer, schedule, now)
                    .await?
                    .publish(changes);
            }
        }
    }
    Ok(articles.len())
}
