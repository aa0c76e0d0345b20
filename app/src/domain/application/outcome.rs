//! How an application ends: a reply of one of the kinds of 条例第三十六条 (with the ground
//! where the kind needs one, as table 三 of the annual report counts them), or closed
//! without a reply.

use serde::{Deserialize, Serialize};

use super::stats::ResultRow;
use crate::domain::{FieldError, PlainText, Words};

string_enum! {
    /// The kind of a reply; the letter templates key on these codes.
    ReplyKind {
        /// ① 已主动公开: where to find it.
        Published = "published",
        /// ② 予以公开.
        Disclosed = "disclosed",
        /// 部分公开 (第三十七条): the rest withheld, with the reasons.
        PartlyDisclosed = "partly",
        /// ③ 不予公开.
        Withheld = "withheld",
        /// ④ 信息不存在 / 无法提供.
        NotHeld = "not_held",
        /// ⑤ 非本机关负责公开: the responsible body, if known.
        NotOurs = "not_ours",
        /// ⑥ 重复申请.
        Repeated = "repeated",
        /// ⑦ 按其他法律法规办理 (工商、不动产登记资料等).
        OtherLaw = "other_law",
        /// 不作为政府信息公开申请处理 (第三十九条).
        NotAnApplication = "not_application",
    }
}

impl ReplyKind {
    /// How the interface names it.
    pub fn label(self) -> Words {
        match self {
            Self::Published => words!("已主动公开", "Already published"),
            Self::Disclosed => words!("予以公开", "Disclosed"),
            Self::PartlyDisclosed => words!("部分公开", "Partly disclosed"),
            Self::Withheld => words!("不予公开", "Withheld"),
            Self::NotHeld => words!("信息不存在或无法提供", "Not held or cannot be provided"),
            Self::NotOurs => words!("非本机关负责公开", "Not this body's to disclose"),
            Self::Repeated => words!(
                "重复申请，不予重复处理",
                "Repeated application, not handled again"
            ),
            Self::OtherLaw => words!(
                "依照有关法律、行政法规的规定办理",
                "To be obtained under the laws that govern it"
            ),
            Self::NotAnApplication => words!(
                "不作为政府信息公开申请处理",
                "Not handled as an application for disclosure"
            ),
        }
    }

    /// The provision of the regulations the reply rests on.
    pub fn article(self) -> Words {
        match self {
            Self::Published => words!("第三十六条第一项", "Art. 36(1)"),
            Self::Disclosed => words!("第三十六条第二项", "Art. 36(2)"),
            Self::PartlyDisclosed => words!("第三十七条", "Art. 37"),
            Self::Withheld => words!("第三十六条第三项", "Art. 36(3)"),
            Self::NotHeld => words!("第三十六条第四项", "Art. 36(4)"),
            Self::NotOurs => words!("第三十六条第五项", "Art. 36(5)"),
            Self::Repeated => words!("第三十六条第六项", "Art. 36(6)"),
            Self::OtherLaw => words!("第三十六条第七项", "Art. 36(7)"),
            Self::NotAnApplication => words!("第三十九条", "Art. 39"),
        }
    }
}

string_enum! {
    /// Why information is withheld: the rows of 三（三）不予公开, in order.
    WithholdGround {
        StateSecret = "state_secret",
        ProhibitedByLaw = "prohibited_by_law",
        Security = "security",
        ThirdParty = "third_party",
        InternalAffairs = "internal_affairs",
        ProcessInformation = "process_information",
        EnforcementFile = "enforcement_file",
        AdministrativeQuery = "administrative_query",
    }
}

impl WithholdGround {
    /// The label of its row in table 三.
    pub fn label(self) -> Words {
        match self {
            Self::StateSecret => words!("属于国家秘密", "State secret"),
            Self::ProhibitedByLaw => words!(
                "其他法律行政法规禁止公开",
                "Disclosure prohibited by other laws or administrative regulations"
            ),
            Self::Security => words!(
                "危及“三安全一稳定”",
                "Endangers national, public or economic security or social stability"
            ),
            Self::ThirdParty => words!(
                "保护第三方合法权益",
                "Protects a third party's lawful rights"
            ),
            Self::InternalAffairs => words!(
                "属于三类内部事务信息",
                "Internal affairs (personnel, logistics, internal procedure)"
            ),
            Self::ProcessInformation => words!(
                "属于四类过程性信息",
                "Process information (discussions, drafts, consultations, requests)"
            ),
            Self::EnforcementFile => words!("属于行政执法案卷", "Administrative enforcement file"),
            Self::AdministrativeQuery => words!("属于行政查询事项", "Administrative query"),
        }
    }

    /// The provision it rests on, as a letter cites it.
    pub fn article(self) -> Words {
        match self {
            Self::StateSecret | Self::ProhibitedByLaw | Self::Security => {
                words!("第十四条", "Art. 14")
            }
            Self::ThirdParty => words!("第十五条", "Art. 15"),
            Self::InternalAffairs => words!("第十六条第一款", "Art. 16(1)"),
            Self::ProcessInformation | Self::EnforcementFile => {
                words!("第十六条第二款", "Art. 16(2)")
            }
            Self::AdministrativeQuery => words!("第三十六条第七项", "Art. 36(7)"),
        }
    }
}

string_enum! {
    /// Why information cannot be provided: the rows of 三（四）无法提供.
    UnableGround {
        NotHeld = "not_held",
        NeedsCreating = "needs_creating",
        StillUnclear = "still_unclear",
    }
}

impl UnableGround {
    /// How the interface names it.
    pub fn label(self) -> Words {
        match self {
            Self::NotHeld => words!(
                "本机关不掌握相关政府信息",
                "This body does not hold the information"
            ),
            Self::NeedsCreating => words!(
                "没有现成信息需要另行制作",
                "No existing information; it would have to be made"
            ),
            Self::StillUnclear => words!(
                "补正后申请内容仍不明确",
                "Still unclear after the supplement"
            ),
        }
    }

    /// The provision it rests on, as a letter cites it.
    pub fn article(self) -> Words {
        match self {
            Self::NotHeld => words!("第三十六条第四项、第五项", "Art. 36(4), (5)"),
            Self::NeedsCreating => words!("第三十八条", "Art. 38"),
            Self::StillUnclear => words!("第三十条", "Art. 30"),
        }
    }
}

string_enum! {
    /// Why an application is not handled: the rows of 三（五）不予处理.
    NotHandledGround {
        Petition = "petition",
        Repeated = "repeated",
        Publication = "publication",
        Excessive = "excessive",
        Confirmation = "confirmation",
    }
}

impl NotHandledGround {
    /// How the interface names it.
    pub fn label(self) -> Words {
        match self {
            Self::Petition => words!("信访举报投诉类申请", "A petition, report or complaint"),
            Self::Repeated => words!("重复申请", "Repeated application"),
            Self::Publication => words!("要求提供公开出版物", "Asks for a publication"),
            Self::Excessive => words!(
                "无正当理由大量反复申请",
                "Many repeated applications without good reason"
            ),
            Self::Confirmation => words!(
                "要求行政机关确认或重新出具已获取信息",
                "Asks to confirm or issue again information already obtained"
            ),
        }
    }

    /// The provision it rests on, as a letter cites it.
    pub fn article(self) -> Words {
        match self {
            Self::Petition | Self::Confirmation => words!("第三十九条第一款", "Art. 39(1)"),
            Self::Repeated => words!("第三十六条第六项", "Art. 36(6)"),
            Self::Publication => words!("第三十九条第二款", "Art. 39(2)"),
            Self::Excessive => words!("第三十五条", "Art. 35"),
        }
    }
}

string_enum! {
    /// Why an application ended without a reply: the rows of 三（六）其他处理.
    CloseReason {
        /// No supplement within the period given (视为放弃, 第三十条).
        Abandoned = "abandoned",
        /// The fee not paid within the period given (国办函〔2020〕109号).
        FeeUnpaid = "fee_unpaid",
        /// Withdrawn by the applicant (counted as 其他).
        Withdrawn = "withdrawn",
    }
}

impl CloseReason {
    /// How the interface names it.
    pub fn label(self) -> Words {
        match self {
            Self::Abandoned => words!(
                "申请人无正当理由逾期不补正，视为放弃申请",
                "No supplement in time: treated as abandoned"
            ),
            Self::FeeUnpaid => words!(
                "申请人逾期未按收费通知要求缴纳费用，视为放弃申请",
                "The fee was not paid in time: treated as abandoned"
            ),
            Self::Withdrawn => words!("申请人撤回申请", "Withdrawn by the applicant"),
        }
    }

    /// The provision it rests on, as a letter cites it.
    pub fn article(self) -> Words {
        match self {
            Self::Abandoned => words!("第三十条", "Art. 30"),
            Self::FeeUnpaid => words!(
                "第四十二条、国办函〔2020〕109号",
                "Art. 42; State Council Office letter [2020] No. 109"
            ),
            Self::Withdrawn => words!("申请人撤回", "withdrawn by the applicant"),
        }
    }
}

/// A reply, with what its kind requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reply {
    Published,
    Disclosed,
    #[serde(rename = "partly")]
    PartlyDisclosed {
        /// Why the rest is withheld (at least one).
        withheld: Vec<WithholdGround>,
    },
    Withheld {
        ground: WithholdGround,
    },
    NotHeld {
        ground: UnableGround,
    },
    NotOurs {
        /// The body responsible, if it can be named (第三十六条第五项).
        body: Option<String>,
    },
    Repeated,
    OtherLaw,
    #[serde(rename = "not_application")]
    NotAnApplication {
        ground: NotHandledGround,
    },
}

/// What the reply form sends (kept to show again when something is wrong).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyForm {
    pub kind: String,
    /// The ground, for a withheld, not-held or not-handled reply.
    pub ground: String,
    /// The grounds for the withheld part of a partial disclosure.
    pub withheld: Vec<String>,
    /// The responsible body, for a not-ours reply.
    pub body: String,
}

impl Reply {
    /// Its kind, the code the letter templates key on.
    pub fn kind(&self) -> ReplyKind {
        match self {
            Self::Published => ReplyKind::Published,
            Self::Disclosed => ReplyKind::Disclosed,
            Self::PartlyDisclosed { .. } => ReplyKind::PartlyDisclosed,
            Self::Withheld { .. } => ReplyKind::Withheld,
            Self::NotHeld { .. } => ReplyKind::NotHeld,
            Self::NotOurs { .. } => ReplyKind::NotOurs,
            Self::Repeated => ReplyKind::Repeated,
            Self::OtherLaw => ReplyKind::OtherLaw,
            Self::NotAnApplication { .. } => ReplyKind::NotAnApplication,
        }
    }

    /// Checks the form: the kind, and the ground or grounds it needs. Fields a kind does
    /// not use are ignored.
    pub fn parse(form: &ReplyForm) -> Result<Self, FieldError> {
        let kind = ReplyKind::parse(&form.kind).map_err(|m| FieldError::new("kind", m))?;
        let ground = || -> Result<&str, FieldError> {
            let text = form.ground.trim();
            if text.is_empty() {
                return Err(FieldError::new(
                    "ground",
                    Words::new(
                        format!("答复“{}”须选择理由", kind.label().zh),
                        format!("A reply “{}” needs its ground", kind.label().en),
                    ),
                ));
            }
            Ok(text)
        };
        let field = |m| FieldError::new("ground", m);
        Ok(match kind {
            ReplyKind::Published => Self::Published,
            ReplyKind::Disclosed => Self::Disclosed,
            ReplyKind::Repeated => Self::Repeated,
            ReplyKind::OtherLaw => Self::OtherLaw,
            ReplyKind::Withheld => Self::Withheld {
                ground: WithholdGround::parse(ground()?).map_err(field)?,
            },
            ReplyKind::NotHeld => Self::NotHeld {
                ground: UnableGround::parse(ground()?).map_err(field)?,
            },
            ReplyKind::NotAnApplication => {
                match NotHandledGround::parse(ground()?).map_err(field)? {
                    NotHandledGround::Repeated => {
                        return Err(field(words!(
                            "重复申请请选择答复类型“重复申请，不予重复处理”",
                            "For a repeated application choose the reply “Repeated application”"
                        )));
                    }
                    ground => Self::NotAnApplication { ground },
                }
            }
            ReplyKind::PartlyDisclosed => {
                let mut withheld = Vec::new();
                for text in form
                    .withheld
                    .iter()
                    .map(|t| t.trim())
                    .filter(|t| !t.is_empty())
                {
                    let ground =
                        WithholdGround::parse(text).map_err(|m| FieldError::new("withheld", m))?;
                    if !withheld.contains(&ground) {
                        withheld.push(ground);
                    }
                }
                if withheld.is_empty() {
                    return Err(FieldError::new(
                        "withheld",
                        words!(
                            "部分公开须说明不予公开部分的理由",
                            "A partial disclosure needs the grounds for the part withheld"
                        ),
                    ));
                }
                Self::PartlyDisclosed { withheld }
            }
            ReplyKind::NotOurs => {
                let body = PlainText::parse("body", &form.body, PlainText::LINE)?;
                Self::NotOurs {
                    body: Some(body.into_string()).filter(|b| !b.is_empty()),
                }
            }
        })
    }
}

/// How an application ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Replied(Reply),
    Closed(CloseReason),
}

impl Outcome {
    /// The row of table 三 that counts it. A partial disclosure counts only as such; an
    /// already-published reply as disclosed; not ours as not held by this body; one to be
    /// obtained under other laws as an administrative query.
    pub fn row(&self) -> ResultRow {
        match self {
            Self::Replied(Reply::Published | Reply::Disclosed) => ResultRow::Disclosed,
            Self::Replied(Reply::PartlyDisclosed { .. }) => ResultRow::Partly,
            Self::Replied(Reply::Withheld { ground }) => ResultRow::Withheld(*ground),
            Self::Replied(Reply::OtherLaw) => {
                ResultRow::Withheld(WithholdGround::AdministrativeQuery)
            }
            Self::Replied(Reply::NotHeld { ground }) => ResultRow::Unable(*ground),
            Self::Replied(Reply::NotOurs { .. }) => ResultRow::Unable(UnableGround::NotHeld),
            Self::Replied(Reply::Repeated) => ResultRow::NotHandled(NotHandledGround::Repeated),
            Self::Replied(Reply::NotAnApplication { ground }) => ResultRow::NotHandled(*ground),
            Self::Closed(reason) => ResultRow::Other(*reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str, ground: &str) -> ReplyForm {
        ReplyForm {
            kind: kind.into(),
            ground: ground.into(),
            ..ReplyForm::default()
        }
    }

    #[test]
    fn the_codes_the_letter_templates_key_on() {
        let codes: Vec<&str> = ReplyKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            codes,
            [
                "published",
                "disclosed",
                "partly",
                "withheld",
                "not_held",
                "not_ours",
                "repeated",
                "other_law",
                "not_application"
            ]
        );
        for kind in ReplyKind::ALL {
            assert!(!kind.label().zh.is_empty() && !kind.article().en.is_empty());
        }
        assert_eq!(WithholdGround::ALL.len(), 8);
        assert_eq!(UnableGround::ALL.len(), 3);
        assert_eq!(NotHandledGround::ALL.len(), 5);
        assert_eq!(CloseReason::ALL.len(), 3);
        assert_eq!(WithholdGround::ThirdParty.article().zh, "第十五条");
        assert_eq!(
            WithholdGround::EnforcementFile.article().zh,
            "第十六条第二款"
        );
    }

    #[test]
    fn each_kind_gets_the_ground_it_needs() {
        assert_eq!(Reply::parse(&form("disclosed", "")), Ok(Reply::Disclosed));
        assert_eq!(
            Reply::parse(&form("withheld", "state_secret")),
            Ok(Reply::Withheld {
                ground: WithholdGround::StateSecret
            })
        );
        let missing = Reply::parse(&form("withheld", " ")).expect_err("needs a ground");
        assert_eq!(missing.field, "ground");
        assert_eq!(missing.message.zh, "答复“不予公开”须选择理由");
        assert_eq!(
            Reply::parse(&form("withheld", "not_held"))
                .expect_err("not a withholding ground")
                .field,
            "ground"
        );
        assert_eq!(
            Reply::parse(&form("not_held", "needs_creating")),
            Ok(Reply::NotHeld {
                ground: UnableGround::NeedsCreating
            })
        );
        assert!(Reply::parse(&form("not_application", "repeated")).is_err());
        assert_eq!(
            Reply::parse(&form("not_application", "petition")),
            Ok(Reply::NotAnApplication {
                ground: NotHandledGround::Petition
            })
        );
        assert_eq!(
            Reply::parse(&form("refused", ""))
                .expect_err("unknown")
                .field,
            "kind"
        );
    }

    #[test]
    fn a_partial_disclosure_names_why_the_rest_is_withheld() {
        let mut partly = form("partly", "");
        assert_eq!(
            Reply::parse(&partly).expect_err("needs reasons").field,
            "withheld"
        );
        partly.withheld = vec![
            "third_party".into(),
            " third_party".into(),
            "process_information".into(),
        ];
        assert_eq!(
            Reply::parse(&partly),
            Ok(Reply::PartlyDisclosed {
                withheld: vec![
                    WithholdGround::ThirdParty,
                    WithholdGround::ProcessInformation
                ]
            })
        );
        let not_ours = ReplyForm {
            kind: "not_ours".into(),
            body: " 县自然资源局 ".into(),
            ..ReplyForm::default()
        };
        assert_eq!(
            Reply::parse(&not_ours),
            Ok(Reply::NotOurs {
                body: Some("县自然资源局".into())
            })
        );
        assert_eq!(
            Reply::parse(&form("not_ours", "")),
            Ok(Reply::NotOurs { body: None })
        );
    }

    #[test]
    fn replies_are_stored_under_their_kind_code() {
        let reply = Reply::PartlyDisclosed {
            withheld: vec![WithholdGround::ThirdParty],
        };
        let json = serde_json::to_string(&reply).expect("json");
        assert_eq!(json, r#"{"kind":"partly","withheld":["third_party"]}"#);
        assert_eq!(serde_json::from_str::<Reply>(&json).expect("back"), reply);
        let json = serde_json::to_string(&Reply::NotAnApplication {
            ground: NotHandledGround::Publication,
        })
        .expect("json");
        assert_eq!(json, r#"{"kind":"not_application","ground":"publication"}"#);
        assert_eq!(
            serde_json::to_string(&Reply::NotHeld {
                ground: UnableGround::NotHeld
            })
            .expect("json"),
            r#"{"kind":"not_held","ground":"not_held"}"#
        );
    }

    #[test]
    fn outcomes_fall_into_their_rows() {
        assert_eq!(
            Outcome::Replied(Reply::Published).row(),
            ResultRow::Disclosed
        );
        assert_eq!(
            Outcome::Replied(Reply::NotOurs { body: None }).row(),
            ResultRow::Unable(UnableGround::NotHeld)
        );
        assert_eq!(
            Outcome::Replied(Reply::Repeated).row(),
            ResultRow::NotHandled(NotHandledGround::Repeated)
        );
        assert_eq!(
            Outcome::Closed(CloseReason::Withdrawn).row(),
            ResultRow::Other(CloseReason::Withdrawn)
        );
    }
}
