//! Declarative helpers for the small value types of the domain.

/// [`Words`](crate::domain::Words) from a Chinese and an English format string, side by
/// side: `words!("不能超过 {max} 字", "at most {max} characters")`.
#[macro_export]
macro_rules! words {
    ($zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        $crate::domain::Words::new(format!($zh $(, $arg)*), format!($en $(, $arg)*))
    };
}

/// Declares a closed set of values stored and sent as short ASCII strings.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and wire form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored form; the error lists what would have been accepted.
            pub fn parse(input: &str) -> Result<Self, $crate::domain::Words> {
                match input.trim() {
                    $($text => Ok($name::$variant),)+
                    other => Err($crate::words!(
                        "“{other}”不是可选值（可选：{}）",
                        "“{other}” is not one of the choices ({})",
                        [$($text),+].join("、")
                    )),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::domain::Words;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for &'static str {
            fn from(value: $name) -> Self {
                value.as_str()
            }
        }

        #[cfg(feature = "ssr")]
        impl surrealdb::types::SurrealValue for $name {
            fn kind_of() -> surrealdb::types::Kind {
                String::kind_of()
            }
            fn into_value(self) -> surrealdb::types::Value {
                surrealdb::types::Value::String(self.as_str().to_owned())
            }
            fn from_value(value: surrealdb::types::Value) -> Result<Self, surrealdb::Error> {
                let text = String::from_value(value)?;
                Self::parse(&text).map_err(|e| surrealdb::Error::internal(e.zh))
            }
        }
    };
}

/// Declares a short, URL-safe identifier newtype with its own pattern and message.
macro_rules! code_newtype {
    ($(#[$meta:meta])* $name:ident, $min:literal..=$max:literal, $what:literal, $what_en:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Lower-case ASCII letters, digits, `-` and `_`, starting with a letter or digit.
            pub fn parse(input: &str) -> Result<Self, $crate::domain::Words> {
                let code = input.trim().to_ascii_lowercase();
                let len = code.len();
                let well_formed = code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
                    && code.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
                if !($min..=$max).contains(&len) || !well_formed {
                    return Err($crate::domain::Words::new(
                        format!(
                            "“{}”不是有效的{}（{}–{} 位小写字母、数字、- 或 _）",
                            input.trim(), $what, $min, $max
                        ),
                        format!(
                            "“{}” is not a valid {} ({}–{} lower-case letters, digits, - or _)",
                            input.trim(), $what_en, $min, $max
                        ),
                    ));
                }
                Ok(Self(code))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::domain::Words;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}
