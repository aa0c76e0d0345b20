//! Demo data built from the seed notice (东政办发〔2016〕5号): its units with their
//! account codes, its key areas, the notice itself as the first policy, and some forty
//! more policies of the county so that every filter of the library shows something.

use super::transfer::{self, ImportError, ImportReport, Line};
use crate::domain::account::{DisplayName, LoginName, NewPassword};
use crate::domain::markup::escape_html;
use crate::domain::workflow::Role;
use crate::domain::{Attachment, PolicyInput, TaxonomyCode};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Changes;
use crate::ssr::password::PasswordHash;
use crate::ssr::repo::taxonomy::{self, Taxonomy, Term};
use crate::ssr::repo::{audit, user};

pub mod annex;
pub mod applications;
pub mod articles;
pub mod concerns;
pub mod plans;

/// The seed notice as published on the county portal.
const NOTICE: &str = include_str!("../../../demo/hengdong-2016-notice.txt");

/// The id of the seed notice in the demo data.
pub const NOTICE_ID: &str = "xzfb-2016-5";
/// The title of the seed notice.
pub const NOTICE_TITLE: &str = "衡东县人民政府办公室关于进一步加强政府信息公开工作的通知";

/// Units named in the notice and its 分工表, keyed by their account codes.
const UNITS: &[(&str, &str)] = &[
    ("xzfb", "衡东县人民政府办公室"),
    ("czj", "衡东县财政局"),
    ("jsj", "衡东县住房和城乡建设局"),
    ("gtj", "衡东县国土资源局"),
    ("fgj", "衡东县发展和改革局"),
    ("rsj", "衡东县人力资源和社会保障局"),
    ("mzj", "衡东县民政局"),
    ("wsj", "衡东县卫生和计划生育局"),
    ("hbj", "衡东县环境保护局"),
    ("gsj", "衡东县市场和质量监督管理局"),
    ("ajj", "衡东县安全生产监督管理局"),
    ("bb", "衡东县机构编制委员会办公室"),
    ("fzb", "衡东县人民政府法制办公室"),
    ("dzzwb", "衡东县电子政务办公室"),
    ("dcs", "衡东县人民政府督查室"),
    ("jcj", "衡东县监察局"),
];

/// 公开目录 as the notice lists it.
const DIRECTORIES: &[(&str, &str)] = &[
    ("jgxx", "机构信息"),
    ("ldxx", "领导信息"),
    ("ghjh", "规划计划"),
    ("fgwj", "法规文件"),
    ("gzjz", "工作进展"),
    ("rsxx", "人事信息"),
    ("czxx", "财政信息"),
];

/// 重点领域 from the 分工表, with the group each belongs to.
const KEY_AREAS: &[(&str, &str, &str)] = &[
    ("sqd", "三清单一目录", "行政权力运行"),
    ("czzj", "财政资金信息", "财政资金信息"),
    ("ajgc", "安居工程", "公共资源配置"),
    ("zfcg", "政府采购", "公共资源配置"),
    ("zdxx", "征地信息", "公共资源配置"),
    ("gcjs", "工程建设", "公共资源配置"),
    ("shbx", "社会保险", "公共服务信息"),
    ("shjz", "社会救助", "公共服务信息"),
    ("ylws", "医疗卫生", "公共服务信息"),
    ("hjbh", "环境保护", "公共监管信息"),
    ("spyp", "食品药品安全", "公共监管信息"),
    ("aqsc", "安全生产", "公共监管信息"),
    ("wjxx", "物价信息", "公共监管信息"),
    ("shzz", "社会组织中介机构", "公共监管信息"),
];

fn terms(pairs: &[(&str, &str)]) -> Vec<Term> {
    pairs
        .iter()
        .zip(1..)
        .map(|((code, name), position)| Term {
            code: (*code).into(),
            name: (*name).into(),
            category: None,
            position,
        })
        .collect()
}

fn key_areas() -> Vec<Term> {
    KEY_AREAS
        .iter()
        .zip(1..)
        .map(|((code, name, category), position)| Term {
            code: (*code).into(),
            name: (*name).into(),
            category: Some((*category).into()),
            position,
        })
        .collect()
}

/// The password of every demo account. Demo data only: never on a real installation.
pub const DEMO_PASSWORD: &str = "jiedu-demo-2016";

/// Demo accounts: an editor per unit (`{unit}-editor`), two county-wide reviewers, the
/// reviewers of four units' answers, the experts and an administrator.
fn demo_accounts() -> Vec<(String, String, Option<&'static str>, Vec<Role>)> {
    let mut accounts: Vec<_> = UNITS
        .iter()
        .map(|(code, name)| {
            let short = name.trim_start_matches("衡东县");
            (
                format!("{code}-editor"),
                format!("{short}编辑"),
                Some(*code),
                vec![Role::Editor],
            )
        })
        .collect();
    // County-wide reviewers (no unit of their own) sign off every unit's policies, plans
    // and interpretations.
    accounts.push((
        "dzzwb-reviewer".into(),
        "欧艳波".into(),
        None,
        vec![Role::Reviewer],
    ));
    // Reviewers of the units that answer most of the public's questions.
    for (code, name) in [
        ("xzfb", "县政府办审签人"),
        ("czj", "财政局审签人"),
        ("jsj", "住建局审签人"),
        ("fgj", "发改局审签人"),
    ] {
        accounts.push((
            format!("{code}-reviewer"),
            name.into(),
            Some(code),
            vec![Role::Reviewer],
        ));
    }
    accounts.push((
        "dcs-reviewer".into(),
        "督查室审签人".into(),
        None,
        vec![Role::Reviewer],
    ));
    accounts.extend(
        articles::experts()
            .into_iter()
            .map(|(login, profile)| (login.to_owned(), profile.name, None, vec![Role::Expert])),
    );
    accounts.push((
        "admin".into(),
        "彭新兰".into(),
        Some("dzzwb"),
        vec![Role::Admin],
    ));
    accounts
}

/// Creates the demo accounts, all with `DEMO_PASSWORD`.
pub async fn load_accounts(db: &Db) -> Result<usize, AppError> {
    let invalid = |e: crate::domain::Words| AppError::internal("demo account", e);
    let password = PasswordHash::new(&NewPassword::parse(DEMO_PASSWORD).map_err(invalid)?).await?;
    let accounts = demo_accounts();
    for (login, name, unit, roles) in &accounts {
        let account = user::NewAccount {
            login: LoginName::parse(login).map_err(invalid)?,
            display_name: DisplayName::parse(name).map_err(invalid)?,
            unit: unit.map(TaxonomyCode::parse).transpose().map_err(invalid)?,
            roles: roles.clone(),
            password: password.clone(),
        };
        user::create(db, &account, audit::CLI_ACTOR).await?;
    }
    Ok(accounts.len())
}

/// Writes the units and both taxonomies.
pub async fn load_taxonomies(db: &Db, changes: &Changes) -> Result<(), AppError> {
    for (taxonomy, list) in [
        (Taxonomy::Unit, terms(UNITS)),
        (Taxonomy::Directory, terms(DIRECTORIES)),
        (Taxonomy::KeyArea, key_areas()),
    ] {
        for term in &list {
            taxonomy::upsert(db, taxonomy, term).await?.publish(changes);
        }
    }
    Ok(())
}

/// Turns the notice's plain text into HTML: numbered headings, paragraphs, and the
/// 分工表 (lines with `|` separators) as a table.
pub fn notice_body() -> String {
    let mut html = String::new();
    let mut table: Vec<&str> = Vec::new();
    let flush = |table: &mut Vec<&str>, html: &mut String| {
        if let Some((header, rows)) = table.split_first() {
            let header: Vec<&str> = header
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            html.push_str(&annex::render(&header, &annex::parse(rows.iter().copied())));
        }
        table.clear();
    };
    // The first two lines are the portal's source line and the 文号: they are metadata.
    for line in NOTICE
        .lines()
        .skip(2)
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if line.contains('|') {
            table.push(line);
            continue;
        }
        flush(&mut table, &mut html);
        let heading = ["一、", "二、", "三、", "四、"]
            .iter()
            .any(|p| line.starts_with(p))
            || line == "附件1"
            || line == "衡东县重点领域信息公开分工表";
        if heading {
            html.push_str(&format!("<h2>{}</h2>", escape_html(line)));
        } else {
            html.push_str(&format!("<p>{}</p>", escape_html(line)));
        }
    }
    flush(&mut table, &mut html);
    html
}

/// The seed notice itself, the first policy of the demo.
fn notice() -> PolicyInput {
    PolicyInput {
        id: Some(NOTICE_ID.into()),
        title: NOTICE_TITLE.into(),
        doc_number: Some("东政办发〔2016〕5号".into()),
        unit: "xzfb".into(),
        signed_on: "2016-04-05".into(),
        published_at: Some("2016-05-19T09:00:00+08:00".into()),
        status: "published".into(),
        directory: "fgwj".into(),
        key_area: None,
        disclosure: "proactive".into(),
        disclosure_reason: None,
        validity: "effective".into(),
        replaced_by: None,
        major: true,
        body: notice_body(),
        attachments: vec![
            Attachment {
                name: "附件1：衡东县重点领域信息公开分工表（见正文）".into(),
                url: None,
            },
            Attachment {
                name: "附件2：2016年全县信息公开报送任务表.xls".into(),
                url: None,
            },
        ],
        index_no: None,
    }
}

/// One demo policy: (id, title, 文号, unit, signed, published, directory, key area,
/// validity, replaced by, disclosure, status, major).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

#[rustfmt::skip]
const POLICIES: &[Row] = &[
    ("xzfb-2016-3", "衡东县人民政府办公室关于印发《2016年衡东县政务公开工作要点》的通知", "东政办发〔2016〕3号", "xzfb", "2016-03-02", "2016-03-08", "ghjh", "", "effective", "", "proactive", "published", true),
    ("czj-2016-2", "衡东县财政局关于2016年县本级部门预算公开的通知", "东财发〔2016〕2号", "czj", "2016-02-18", "2016-02-25", "czxx", "czzj", "effective", "", "proactive", "published", true),
    ("czj-2016-6", "衡东县2015年县本级“三公”经费决算情况说明", "", "czj", "2016-04-20", "2016-04-28", "czxx", "czzj", "effective", "", "proactive", "published", false),
    ("czj-2015-9", "衡东县政府采购管理暂行办法", "东财发〔2015〕9号", "czj", "2015-06-10", "2015-06-18", "fgwj", "zfcg", "repealed", "czj-2016-4", "proactive", "published", false),
    ("czj-2016-4", "衡东县政府采购管理办法", "东财发〔2016〕4号", "czj", "2016-03-15", "2016-03-22", "fgwj", "zfcg", "effective", "", "proactive", "published", true),
    ("jsj-2016-1", "衡东县2016年棚户区改造工作实施方案", "东建发〔2016〕1号", "jsj", "2016-01-12", "2016-01-20", "ghjh", "ajgc", "effective", "", "proactive", "published", true),
    ("jsj-2015-7", "衡东县国有土地上房屋征收与补偿实施办法", "东政发〔2015〕7号", "jsj", "2015-05-08", "2015-05-15", "fgwj", "ajgc", "amended", "jsj-2016-2", "proactive", "published", true),
    ("jsj-2016-2", "衡东县国有土地上房屋征收与补偿实施办法（2016年修订）", "东政发〔2016〕2号", "jsj", "2016-02-26", "2016-03-04", "fgwj", "ajgc", "effective", "", "proactive", "published", true),
    ("jsj-2015-12", "衡东县保障性住房分配管理细则", "东建发〔2015〕12号", "jsj", "2015-09-01", "2015-09-09", "fgwj", "ajgc", "effective", "", "proactive", "published", false),
    ("jsj-2016-5", "衡东县县城重大市政工程设计变更管理规定", "东建发〔2016〕5号", "jsj", "2016-04-11", "2016-04-19", "gzjz", "gcjs", "effective", "", "proactive", "published", false),
    ("gtj-2016-1", "衡东县2016年度国有建设用地供应计划", "东国土发〔2016〕1号", "gtj", "2016-01-25", "2016-02-01", "ghjh", "zdxx", "effective", "", "proactive", "published", false),
    ("gtj-2015-4", "衡东县征地补偿安置标准", "东政发〔2015〕4号", "gtj", "2015-03-20", "2015-03-30", "fgwj", "zdxx", "effective", "", "proactive", "published", true),
    ("gtj-2014-6", "衡东县集体土地征收程序规定", "东政发〔2014〕6号", "gtj", "2014-04-02", "2014-04-10", "fgwj", "zdxx", "repealed", "", "proactive", "published", false),
    ("fgj-2016-3", "衡东县2016年重点建设项目计划", "东发改发〔2016〕3号", "fgj", "2016-02-10", "2016-02-19", "ghjh", "gcjs", "effective", "", "proactive", "published", true),
    ("fgj-2015-11", "衡东县政府投资项目审批管理办法", "东政发〔2015〕11号", "fgj", "2015-08-14", "2015-08-21", "fgwj", "gcjs", "effective", "", "proactive", "published", false),
    ("fgj-2016-7", "衡东县城区居民生活用水阶梯价格调整方案", "东发改发〔2016〕7号", "fgj", "2016-04-25", "2016-05-03", "gzjz", "wjxx", "effective", "", "proactive", "published", true),
    ("fgj-2013-2", "衡东县城区出租车运价调整方案", "东发改发〔2013〕2号", "fgj", "2013-03-06", "2013-03-12", "gzjz", "wjxx", "repealed", "", "proactive", "published", false),
    ("rsj-2016-1", "衡东县2015年度社会保险基金收支情况公告", "", "rsj", "2016-03-28", "2016-04-06", "gzjz", "shbx", "effective", "", "proactive", "published", false),
    ("rsj-2015-8", "衡东县城乡居民基本养老保险实施办法", "东政发〔2015〕8号", "rsj", "2015-06-25", "2015-07-02", "fgwj", "shbx", "effective", "", "proactive", "published", true),
    ("rsj-2016-4", "衡东县2016年公开招聘事业单位工作人员公告", "", "rsj", "2016-04-08", "2016-04-12", "rsxx", "", "effective", "", "proactive", "published", false),
    ("mzj-2016-2", "衡东县城乡最低生活保障对象认定办法", "东民发〔2016〕2号", "mzj", "2016-01-18", "2016-01-26", "fgwj", "shjz", "effective", "", "proactive", "published", true),
    ("mzj-2015-6", "衡东县临时救助实施细则", "东民发〔2015〕6号", "mzj", "2015-07-09", "2015-07-16", "fgwj", "shjz", "effective", "", "proactive", "published", false),
    ("mzj-2016-5", "衡东县2016年第一季度城乡低保资金发放情况", "", "mzj", "2016-04-15", "2016-04-22", "czxx", "shjz", "effective", "", "proactive", "published", false),
    ("mzj-2014-3", "衡东县社会团体登记管理实施办法", "东民发〔2014〕3号", "mzj", "2014-05-12", "2014-05-20", "fgwj", "shzz", "effective", "", "proactive", "published", false),
    ("wsj-2016-3", "衡东县县级公立医院医疗服务价格公示", "", "wsj", "2016-03-01", "2016-03-09", "gzjz", "ylws", "effective", "", "proactive", "published", false),
    ("wsj-2015-10", "衡东县医疗机构信息公开目录", "东卫发〔2015〕10号", "wsj", "2015-11-03", "2015-11-10", "jgxx", "ylws", "effective", "", "proactive", "published", false),
    ("hbj-2016-2", "衡东县2015年环境质量状况公报", "", "hbj", "2016-04-18", "2016-04-26", "gzjz", "hjbh", "effective", "", "proactive", "published", false),
    ("hbj-2016-3", "衡东县重点排污单位名录", "东环发〔2016〕3号", "hbj", "2016-03-10", "2016-03-17", "gzjz", "hjbh", "effective", "", "proactive", "published", false),
    ("gsj-2016-1", "衡东县2016年食品安全监督抽检计划", "东市监发〔2016〕1号", "gsj", "2016-02-22", "2016-03-01", "ghjh", "spyp", "effective", "", "proactive", "published", false),
    ("ajj-2016-2", "衡东县2016年安全生产工作要点", "东安监发〔2016〕2号", "ajj", "2016-02-03", "2016-02-15", "ghjh", "aqsc", "effective", "", "proactive", "published", false),
    ("bb-2016-1", "衡东县人民政府工作部门权力清单和责任清单", "东编发〔2016〕1号", "bb", "2016-04-22", "2016-05-06", "jgxx", "sqd", "effective", "", "proactive", "published", true),
    ("fzb-2015-3", "衡东县规范性文件制定和备案管理办法", "东政办发〔2015〕3号", "fzb", "2015-04-07", "2015-04-15", "fgwj", "", "effective", "", "proactive", "published", false),
    ("xzfb-2016-1", "衡东县人民政府领导工作分工", "东政发〔2016〕1号", "xzfb", "2016-01-06", "2016-01-08", "ldxx", "", "effective", "", "proactive", "published", false),
    ("xzfb-2015-20", "衡东县人民政府工作规则", "东政发〔2015〕20号", "xzfb", "2015-12-01", "2015-12-08", "jgxx", "", "effective", "", "proactive", "published", false),
    ("xzfb-2014-15", "衡东县人民政府关于调整部分县级领导干部职务的通知", "东政任〔2014〕15号", "xzfb", "2014-09-10", "2014-09-15", "rsxx", "", "effective", "", "proactive", "published", false),
    ("dzzwb-2016-1", "衡东县政府门户网站信息发布管理办法", "东政办发〔2016〕2号", "dzzwb", "2016-02-29", "2016-03-07", "fgwj", "", "effective", "", "proactive", "published", false),
    // Not for the public: withheld, on request, and not yet published.
    ("xzfb-2016-8", "衡东县2016年应急物资储备点位布局方案", "东政办函〔2016〕8号", "xzfb", "2016-04-28", "2016-05-05", "ghjh", "", "effective", "", "withheld", "published", false),
    ("hbj-2016-4", "衡东县重点企业污染源在线监测原始数据汇编", "", "hbj", "2016-04-29", "2016-05-10", "gzjz", "hjbh", "effective", "", "on_request", "published", false),
    ("czj-2016-9", "衡东县县直单位2016年公务卡管理办法", "东财发〔2016〕9号", "czj", "2016-05-09", "2016-05-12", "czxx", "czzj", "effective", "", "on_request", "published", false),
    ("jsj-2016-8", "衡东县老旧小区改造三年行动计划（征求意见稿）", "", "jsj", "2016-05-11", "", "ghjh", "ajgc", "effective", "", "proactive", "draft", true),
    ("rsj-2016-6", "衡东县就业创业补贴资金管理办法", "东人社发〔2016〕6号", "rsj", "2016-05-13", "", "fgwj", "shbx", "effective", "", "proactive", "submitted", true),
];

fn reason(disclosure: &str) -> Option<String> {
    match disclosure {
        "withheld" => {
            Some("涉及公共安全，依据《中华人民共和国政府信息公开条例》第十四条不予公开".into())
        }
        "on_request" => Some("涉及第三方商业信息，属于依申请公开范围".into()),
        _ => None,
    }
}

fn body(title: &str, unit: &str) -> String {
    format!(
        "<p>各乡镇人民政府、县直相关单位：</p>\
         <p>为贯彻落实上级有关要求，进一步做好相关工作，经研究，现将《{title}》予以公布，请认真遵照执行。</p>\
         <h2>一、总体要求</h2>\
         <p>坚持以公开为常态、不公开为例外，依法依规、突出重点、务求实效，确保各项任务落到实处。</p>\
         <h2>二、主要内容</h2>\
         <p>各责任单位要明确分管领导和具体承办人员，制定进度计划，分解任务，按时完成。</p>\
         <h2>三、工作要求</h2>\
         <p>各单位要加强组织协调，密切配合。执行中遇到的问题，请及时向{unit}反映。</p>",
        title = escape_html(title),
        unit = escape_html(unit),
    )
}

fn unit_name(code: &str) -> &'static str {
    UNITS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("县人民政府办公室", |(_, n)| n)
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// Every demo policy, the seed notice first.
pub fn policies() -> Vec<PolicyInput> {
    let rows = POLICIES.iter().map(
        |&(
            id,
            title,
            doc,
            unit,
            signed,
            published,
            directory,
            area,
            validity,
            replaced,
            disclosure,
            status,
            major,
        )| {
            PolicyInput {
                id: Some(id.into()),
                title: title.into(),
                doc_number: non_empty(doc),
                unit: unit.into(),
                signed_on: signed.into(),
                published_at: non_empty(published).map(|d| format!("{d}T10:00:00+08:00")),
                status: status.into(),
                directory: directory.into(),
                key_area: non_empty(area),
                disclosure: disclosure.into(),
                disclosure_reason: reason(disclosure),
                validity: validity.into(),
                replaced_by: non_empty(replaced),
                major,
                body: body(title, unit_name(unit)),
                attachments: Vec::new(),
                index_no: None,
            }
        },
    );
    std::iter::once(notice()).chain(rows).collect()
}

/// The whole demo data set as import lines: units, taxonomies, then policies.
pub fn lines() -> Vec<Line> {
    let mut lines: Vec<Line> = terms(UNITS).into_iter().map(Line::Unit).collect();
    lines.extend(terms(DIRECTORIES).into_iter().map(Line::Directory));
    lines.extend(key_areas().into_iter().map(Line::KeyArea));
    lines.extend(policies().into_iter().map(|p| Line::Policy(Box::new(p))));
    lines
}

/// Loads the demo data set if the registry is empty. Returns whether it did.
pub async fn seed_if_empty(db: &Db, changes: &Changes) -> Result<bool, ImportError> {
    if crate::ssr::repo::policy::count_all(db)
        .await
        .map_err(ImportError::Write)?
        > 0
    {
        return Ok(false);
    }
    seed(db, changes).await?;
    Ok(true)
}

/// Loads the demo data set through the same path as `jiedu import`, then the demo accounts.
pub async fn seed(db: &Db, changes: &Changes) -> Result<ImportReport, ImportError> {
    seed_at(db, changes, chrono::Utc::now()).await
}

/// [`seed`] as if loaded at `now` (what the demo's recent questions and applications are
/// counted back from).
pub async fn seed_at(
    db: &Db,
    changes: &Changes,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ImportReport, ImportError> {
    let mut text = String::new();
    for line in lines() {
        let json = serde_json::to_string(&line)
            .map_err(|e| ImportError::Write(AppError::internal("demo", e)))?;
        text.push_str(&json);
        text.push('\n');
    }
    let report = transfer::import(db, changes, &text, &|_| {}).await?;
    load_accounts(db).await.map_err(ImportError::Write)?;
    articles::load(db, changes, now)
        .await
        .map_err(ImportError::Write)?;
    concerns::load(db, changes, now)
        .await
        .map_err(ImportError::Write)?;
    plans::load(db, changes, now)
        .await
        .map_err(ImportError::Write)?;
    applications::load(db, changes, now)
        .await
        .map_err(ImportError::Write)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::NewPolicy;
    use crate::ssr::db::memory_db;
    use transfer::{Progress, export, import};

    fn quiet(_: Progress) {}

    #[test]
    fn every_demo_policy_is_valid() {
        for input in policies() {
            if let Err(errors) = NewPolicy::parse(&input) {
                panic!("{:?}: {errors:?}", input.id);
            }
        }
    }

    #[test]
    fn the_notice_keeps_its_division_of_work_table() {
        let body = notice_body();
        assert!(body.contains(r#"<th scope="col" colspan="2">信息公开内容</th>"#));
        assert!(body.contains("<td>czj</td>"));
        // 公共资源配置 spans its four areas' five rows; 工程建设 has two requirements; an
        // area without a group spans both first columns; accounts stay in their column.
        assert!(
            body.contains(
                r#"<th scope="rowgroup" rowspan="5">公共资源配置</th><th scope="row">安居工程</th>"#
            ),
            "{body}"
        );
        assert!(body.contains(r#"<th scope="row" rowspan="2">工程建设</th>"#));
        assert!(body.contains("<tr><td>重大设计变更、施工管理、合同履约、质量安全检查、验收。</td><td>住建局</td><td>jsj</td></tr>"));
        assert!(body.contains(r#"<th scope="row" colspan="2">“三清单一目录”</th>"#));
        assert!(body.contains(r#"<th scope="rowgroup" rowspan="3">公共服务信息</th>"#));
        assert!(body.contains(r#"<th scope="rowgroup" rowspan="5">公共监管信息</th>"#));
        assert!(body.contains("<td>民政局 市场和质量监督管理局</td><td>Mzj 县工商局</td>"));
        for row in body.split("<tr>").skip(2) {
            let spanned = row.matches("<td").count() + row.matches("<th").count();
            assert!((3..=5).contains(&spanned), "{row}");
        }
        assert!(
            body.contains("<h2>一、统一思想，充分认识政府信息公开的重要性</h2>")
                || body.contains("<h2>一、统一思想,充分认识政府信息公开的重要性</h2>")
        );
        assert!(
            !body.contains("东政办发〔2016〕5号"),
            "the 文号 is metadata, not body text"
        );
    }

    #[test]
    fn demo_covers_every_filter_value() {
        let all = policies();
        for validity in ["effective", "amended", "repealed"] {
            assert!(all.iter().any(|p| p.validity == validity), "{validity}");
        }
        for disclosure in ["proactive", "on_request", "withheld"] {
            assert!(
                all.iter().any(|p| p.disclosure == disclosure),
                "{disclosure}"
            );
        }
        for (code, _) in DIRECTORIES {
            assert!(
                all.iter()
                    .any(|p| p.directory == *code && p.disclosure == "proactive"),
                "{code}"
            );
        }
        assert!(all.len() >= 40);
    }

    #[tokio::test]
    async fn replacements_must_exist_in_the_file_or_the_database() {
        let db = memory_db().await.expect("db");
        seed(&db, &Changes::unobserved()).await.expect("demo");
        let line = |id: &str, replaced_by: &str| {
            format!(
                r#"{{"type":"policy","id":"{id}","title":"衡东县旧办法","unit":"czj","signed_on":"2014-01-01","directory":"czxx","disclosure":"proactive","validity":"repealed","replaced_by":"{replaced_by}"}}"#
            )
        };
        let text = [
            line("old-a", "ghost"),
            line("old-b", "czj-2016-4"),
            line("old-c", "old-b"),
        ]
        .join("\n");
        let Err(ImportError::Invalid(errors)) =
            import(&db, &Changes::unobserved(), &text, &quiet).await
        else {
            panic!("import must fail");
        };
        let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(
            found,
            [(1, "replaced_by")],
            "a database policy and a policy of the file both count"
        );
    }

    #[tokio::test]
    async fn export_then_import_into_an_empty_database_round_trips() {
        let source = memory_db().await.expect("db");
        let report = seed(&source, &Changes::unobserved()).await.expect("demo");
        assert!(report.policies >= 40);
        let exported = export(&source).await.expect("export");

        let target = memory_db().await.expect("db");
        let again = import(&target, &Changes::unobserved(), &exported, &quiet)
            .await
            .expect("import");
        assert_eq!(again, report);
        assert_eq!(export(&target).await.expect("export"), exported);
    }

    #[tokio::test]
    async fn importing_the_same_ids_twice_is_refused() {
        let db = memory_db().await.expect("db");
        seed(&db, &Changes::unobserved()).await.expect("demo");
        let exported = export(&db).await.expect("export");
        let Err(ImportError::Invalid(errors)) =
            import(&db, &Changes::unobserved(), &exported, &quiet).await
        else {
            panic!("second import must fail");
        };
        assert!(errors.iter().all(|e| e.field == "id"));
        assert!(!errors.is_empty());
    }

    #[tokio::test]
    async fn demo_seeds_only_an_empty_database() {
        let db = memory_db().await.expect("db");
        assert!(
            seed_if_empty(&db, &Changes::unobserved())
                .await
                .expect("first")
        );
        assert!(
            !seed_if_empty(&db, &Changes::unobserved())
                .await
                .expect("second")
        );
    }
}
