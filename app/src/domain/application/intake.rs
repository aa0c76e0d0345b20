//! An application as the public form or the office's intake form types it, and the
//! checks that turn it into one the office can register (条例第二十九条). No purpose is
//! asked for: the regulations do not require one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::identity::{ApplicantKind, IdDocument, IdNumber, OrgKind};
use crate::domain::concern::Contact;
use crate::domain::{FieldError, Words};

string_enum! {
    /// The form the information is wanted in.
    InfoForm {
        Paper = "paper",
        Electronic = "electronic",
        Inspection = "inspection",
    }
}

impl InfoForm {
    pub fn label(self) -> Words {
        match self {
            Self::Paper => words!("纸质", "Paper"),
            Self::Electronic => words!("电子文档", "Electronic"),
            Self::Inspection => words!("当场阅读、抄录", "Inspection on site"),
        }
    }
}

string_enum! {
    /// How the reply and the information reach the applicant.
    Delivery {
        Post = "post",
        Email = "email",
        Collect = "collect",
    }
}

impl Delivery {
    pub fn label(self) -> Words {
        match self {
            Self::Post => words!("邮寄", "By post"),
            Self::Email => words!("电子邮件", "By e-mail"),
            Self::Collect => words!("自行领取", "Collected in person"),
        }
    }
}

/// The longest description of the information sought.
pub const DESCRIPTION_MAX: usize = 2_000;

/// What the applicant typed, every field raw text (kept to show again when something is
/// wrong; the ID number is typed again rather than shown back).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplyForm {
    pub kind: String,
    pub org_kind: String,
    pub name: String,
    pub id_kind: String,
    #[serde(skip_serializing)]
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub description: String,
    pub doc_number: String,
    pub form: String,
    pub delivery: String,
}

/// The applicant of a checked application. Private for ever: its `Debug` shows nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct Applicant {
    pub kind: ApplicantKind,
    pub org_kind: Option<OrgKind>,
    pub name: String,
    pub id: IdNumber,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

impl std::fmt::Debug for Applicant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Applicant(…)")
    }
}

/// An application that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplication {
    pub applicant: Applicant,
    pub description: String,
    pub doc_number: Option<String>,
    pub form: InfoForm,
    pub delivery: Delivery,
}

impl NewApplication {
    /// Checks every field and reports every problem, each by its field. `today` bounds the
    /// birth date in a resident ID number.
    pub fn parse(form: &ApplyForm, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut field = |name: &str, message: Words| errors.push(FieldError::new(name, message));
        let kind = ApplicantKind::parse(&form.kind)
            .map_err(|_| field("kind", words!("请选择申请人类型", "Choose who is applying")))
            .ok();
        let org_kind = match kind {
            Some(ApplicantKind::Organisation) => OrgKind::parse(&form.org_kind)
                .map_err(|_| {
                    field(
                        "org_kind",
                        words!("请选择组织类型", "Choose the kind of organisation"),
                    )
                })
                .ok(),
            _ => None,
        };
        let name = form.name.trim().to_owned();
        let name_chars = name.chars().count();
        if name_chars == 0 || name_chars > 100 || name.chars().any(char::is_control) {
            field(
                "name",
                words!(
                    "请填写姓名或名称（1–100 个字）",
                    "Give the name (1–100 characters)"
                ),
            );
        }
        let document = IdDocument::parse(&form.id_kind)
            .map_err(|_| {
                field(
                    "id_kind",
                    words!("请选择证件类型", "Choose the identity document"),
                )
            })
            .ok();
        if let (Some(kind), Some(document)) = (kind, document)
            && !document.fits(kind)
        {
            field(
                "id_kind",
                match kind {
                    ApplicantKind::Organisation => words!(
                        "法人或者其他组织请填写统一社会信用代码",
                        "An organisation gives its unified social credit code"
                    ),
                    ApplicantKind::Citizen => words!(
                        "公民请填写身份证件，统一社会信用代码用于法人或者其他组织",
                        "A citizen gives an identity document; the credit code is for organisations"
                    ),
                },
            );
        }
        let id = document
            .map(|document| IdNumber::parse(document, &form.id_number, today))
            .transpose()
            .map_err(|message| field("id_number", message))
            .ok()
            .flatten();
        let phone = Some(form.phone.trim())
            .filter(|p| !p.is_empty())
            .map(|p| match Contact::parse(p) {
                Ok(contact) if !contact.as_str().contains('@') => Ok(contact.as_str().to_owned()),
                Ok(_) | Err(_) => Err(()),
            })
            .transpose()
            .map_err(|()| {
                field(
                    "phone",
                    words!(
                        "电话号码格式不正确：手机号 11 位，座机请带区号（如 0734-5212345）",
                        "The telephone number is not valid: a mobile has 11 digits, a landline needs its area code (e.g. 0734-5212345)"
                    ),
                )
            })
            .ok()
            .flatten();
        let email = Some(form.email.trim())
            .filter(|e| !e.is_empty())
            .map(|e| match Contact::parse(e) {
                Ok(contact) if contact.as_str().contains('@') => Ok(contact.as_str().to_owned()),
                Ok(_) | Err(_) => Err(()),
            })
            .transpose()
            .map_err(|()| {
                field(
                    "email",
                    words!(
                        "电子邮箱格式不正确，应形如 name@example.cn",
                        "The e-mail address is not valid; write it like name@example.cn"
                    ),
                )
            })
            .ok()
            .flatten();
        let address = Some(form.address.trim().to_owned()).filter(|a| !a.is_empty());
        if address.as_ref().is_some_and(|a| a.chars().count() > 200) {
            field(
                "address",
                words!(
                    "通信地址不能超过 200 字",
                    "The address may have at most 200 characters"
                ),
            );
        }
        if form.phone.trim().is_empty() && form.email.trim().is_empty() && address.is_none() {
            field(
                "phone",
                words!(
                    "请至少填写一种联系方式（电话、电子邮箱或通信地址）",
                    "Give at least one way to reach you (telephone, e-mail or address)"
                ),
            );
        }
        let description = form.description.trim().to_owned();
        let described = description.chars().count();
        if described < 4 {
            field(
                "description",
                words!(
                    "请说明所需信息的名称、文号或者便于查询的其他特征描述（至少 4 个字）",
                    "Describe the information: its title, document number or other features (at least 4 characters)"
                ),
            );
        } else if described > DESCRIPTION_MAX {
            field(
                "description",
                words!(
                    "所需信息描述不能超过 {DESCRIPTION_MAX} 字（现有 {described} 字）",
                    "The description may have at most {DESCRIPTION_MAX} characters (it has {described})"
                ),
            );
        }
        let doc_number = Some(form.doc_number.trim().to_owned()).filter(|d| !d.is_empty());
        if doc_number.as_ref().is_some_and(|d| d.chars().count() > 60) {
            field(
                "doc_number",
                words!(
                    "文号不能超过 60 字",
                    "The document number may have at most 60 characters"
                ),
            );
        }
        let info_form = InfoForm::parse(&form.form)
            .map_err(|_| {
                field(
                    "form",
                    words!(
                        "请选择获取信息的方式",
                        "Choose the form you want the information in"
                    ),
                )
            })
            .ok();
        let delivery = Delivery::parse(&form.delivery)
            .map_err(|_| {
                field(
                    "delivery",
                    words!("请选择获取方式", "Choose how to receive it"),
                )
            })
            .ok();
        match delivery {
            Some(Delivery::Email) if form.email.trim().is_empty() => field(
                "email",
                words!(
                    "选择电子邮件送达的，请填写电子邮箱",
                    "Delivery by e-mail needs an e-mail address"
                ),
            ),
            Some(Delivery::Post) if address.is_none() => field(
                "address",
                words!(
                    "选择邮寄的，请填写通信地址",
                    "Delivery by post needs an address"
                ),
            ),
            _ => {}
        }
        match (kind, id, info_form, delivery) {
            (Some(kind), Some(id), Some(form), Some(delivery)) if errors.is_empty() => Ok(Self {
                applicant: Applicant {
                    kind,
                    org_kind,
                    name,
                    id,
                    phone,
                    email,
                    address,
                },
                description,
                doc_number,
                form,
                delivery,
            }),
            _ => Err(errors),
        }
    }

    /// The request reduced for recognising a repeat: no spaces or punctuation, lower case.
    pub fn normalised(&self) -> String {
        request_key(&self.description, self.doc_number.as_deref())
    }
}

/// A request as compared with others (repeats, the same information asked by several):
/// its letters and digits, lower-cased, of the description and then the 文号.
pub fn request_key(description: &str, doc_number: Option<&str>) -> String {
    description
        .chars()
        .chain(doc_number.unwrap_or_default().chars())
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).expect("date")
    }

    fn citizen() -> ApplyForm {
        ApplyForm {
            kind: "citizen".into(),
            name: "张小明".into(),
            id_kind: "resident_id".into(),
            id_number: "11010519491231002X".into(),
            phone: "13807341234".into(),
            description: "2026 年县级财政预算公开表".into(),
            form: "electronic".into(),
            delivery: "collect".into(),
            ..ApplyForm::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_complete_application_passes_without_a_purpose() {
        let parsed = NewApplication::parse(&citizen(), today()).expect("valid");
        assert_eq!(parsed.applicant.name, "张小明");
        assert_eq!(parsed.form, InfoForm::Electronic);
        assert!(
            !format!("{parsed:?}").contains("张小明"),
            "private in Debug"
        );
    }

    #[test]
    fn every_wrong_field_is_named() {
        let form = ApplyForm {
            kind: "robot".into(),
            id_kind: "resident_id".into(),
            id_number: "110105194912310021".into(),
            form: "fax".into(),
            ..ApplyForm::default()
        };
        let errors = NewApplication::parse(&form, today()).expect_err("invalid");
        let named = fields(&errors);
        for expected in [
            "kind",
            "name",
            "id_number",
            "phone",
            "description",
            "form",
            "delivery",
        ] {
            assert!(named.contains(&expected), "{expected} in {named:?}");
        }
        assert!(
            errors
                .iter()
                .all(|e| !e.message.zh.is_empty() && !e.message.en.is_empty())
        );
    }

    #[test]
    fn an_organisation_gives_its_credit_code_and_delivery_needs_its_contact() {
        let mut form = citizen();
        form.kind = "organisation".into();
        form.org_kind = "business".into();
        let errors = NewApplication::parse(&form, today()).expect_err("id card for a firm");
        assert_eq!(fields(&errors), ["id_kind"]);
        form.id_kind = "credit_code".into();
        form.id_number = "91350100M000100Y43".into();
        form.delivery = "email".into();
        let errors = NewApplication::parse(&form, today()).expect_err("no e-mail");
        assert_eq!(fields(&errors), ["email"]);
        form.email = "office@example.cn".into();
        let parsed = NewApplication::parse(&form, today()).expect("valid");
        assert_eq!(parsed.applicant.org_kind, Some(OrgKind::Business));
    }
}
