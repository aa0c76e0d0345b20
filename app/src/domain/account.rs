//! Accounts: login names and the rules a new password must meet.

use serde::{Deserialize, Serialize};

use super::Words;

code_newtype!(
    /// The name an account signs in with (`czj-editor`); also the record key of the account.
    LoginName, 3..=32, "登录名", "login name"
);

/// A password a person chose, checked against the rules but never stored or shown:
/// it is neither `Serialize` nor `Debug`-printable in full.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<Self, Words> {
        let len = input.chars().count();
        if len < Self::MIN_CHARS {
            return Err(words!(
                "密码至少 {} 个字符",
                "The password needs at least {} characters",
                Self::MIN_CHARS
            ));
        }
        if len > Self::MAX_CHARS {
            return Err(words!(
                "密码不能超过 {} 个字符",
                "The password may have at most {} characters",
                Self::MAX_CHARS
            ));
        }
        let mut distinct: Vec<char> = input.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 4 {
            return Err(words!(
                "密码过于简单：请使用更多不同的字符",
                "The password is too simple: use more different characters"
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// A display name: trimmed, 1–50 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(input: &str) -> Result<Self, Words> {
        let name = input.trim();
        let len = name.chars().count();
        if len == 0 || len > 50 || name.chars().any(char::is_control) {
            return Err(words!("姓名须为 1–50 个字", "A name has 1–50 characters"));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names_are_short_codes() {
        assert_eq!(
            LoginName::parse(" CZJ-Editor ").expect("ok").as_str(),
            "czj-editor"
        );
        assert!(LoginName::parse("ab").is_err());
        assert!(LoginName::parse("张三").is_err());
        assert!(LoginName::parse("a b c").is_err());
    }

    #[test]
    fn passwords_need_length_and_variety() {
        assert!(
            NewPassword::parse("short")
                .expect_err("short")
                .zh
                .contains("至少")
        );
        assert!(
            NewPassword::parse("aaaaaaaaaaaa")
                .expect_err("same")
                .zh
                .contains("过于简单")
        );
        assert!(
            NewPassword::parse(&"ab1!".repeat(40))
                .expect_err("long")
                .zh
                .contains("不能超过")
        );
        let p = NewPassword::parse("hengdong-2016!").expect("ok");
        assert_eq!(format!("{p:?}"), "NewPassword(…)", "never printed");
    }

    #[test]
    fn display_names_are_bounded() {
        assert_eq!(
            DisplayName::parse(" 彭新兰 ").expect("ok").as_str(),
            "彭新兰"
        );
        assert!(DisplayName::parse("").is_err());
        assert!(DisplayName::parse(&"名".repeat(51)).is_err());
    }
}
