//! The desk's work list: a unit's policies in every state, searched and filtered, as typed
//! in a URL and as parsed.

use serde::{Deserialize, Serialize};

use super::library::query_string;
use super::{FieldError, PolicyStatus, TaxonomyCode};

string_enum! {
    /// How far a policy has been explained to the public.
    Coverage {
        /// Nothing published explains it yet: no interpretation, no issue answered.
        None = "none",
        /// Something is published, but its plan's issues are not all answered (or it has
        /// no approved plan).
        Partial = "partial",
        /// Its approved plan's every issue is answered by a published item.
        Full = "full",
    }
}

impl Coverage {
    /// The coverage of a policy with `published` interpretations and these issues of its
    /// plan (each true when answered), the plan counting only once approved.
    pub fn of(published: u64, plan_approved: bool, issues: &[bool]) -> Self {
        let answered = issues.iter().filter(|a| **a).count();
        if plan_approved && !issues.is_empty() && answered == issues.len() {
            Coverage::Full
        } else if published > 0 || answered > 0 {
            Coverage::Partial
        } else {
            Coverage::None
        }
    }
}

/// The work list's filters as they arrive in the query string, unparsed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkFilter {
    /// Words of the title or 文号.
    pub q: Option<String>,
    pub status: Option<String>,
    pub year: Option<String>,
    pub dir: Option<String>,
    /// `yes` or `no`.
    pub major: Option<String>,
    /// `yes` (a plan in any state) or `no`.
    pub plan: Option<String>,
    pub coverage: Option<String>,
    /// Another unit (county-wide reviewers and admins only).
    pub unit: Option<String>,
    pub page: Option<String>,
}

impl WorkFilter {
    /// The query-string keys, in the order a link writes them.
    pub const KEYS: [&'static str; 9] = [
        "q", "status", "year", "dir", "major", "plan", "coverage", "unit", "page",
    ];

    /// Builds the filters from query-string pairs; unknown keys are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut filter = Self::default();
        for (key, value) in pairs {
            if let Some(slot) = filter.slot(key) {
                *slot = Some(value.to_owned());
            }
        }
        filter
    }

    fn slot(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "q" => &mut self.q,
            "status" => &mut self.status,
            "year" => &mut self.year,
            "dir" => &mut self.dir,
            "major" => &mut self.major,
            "plan" => &mut self.plan,
            "coverage" => &mut self.coverage,
            "unit" => &mut self.unit,
            "page" => &mut self.page,
            _ => return None,
        })
    }

    /// The query string for these filters on another page (empty values left out).
    pub fn to_query(&self, page: Option<u32>) -> String {
        let mut this = self.clone();
        this.page = page.filter(|p| *p > 1).map(|p| p.to_string());
        let pairs: Vec<(&str, String)> = Self::KEYS
            .iter()
            .filter_map(|key| {
                this.slot(key)
                    .and_then(|v| v.clone())
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty())
                    .map(|v| (*key, v))
            })
            .collect();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        query_string(&pairs)
    }
}

/// The work list's filters once parsed; an invalid value is an error naming its filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkQuery {
    /// Lower-cased words of the title or 文号, at most [`WorkQuery::MAX_WORDS`] characters.
    pub words: Option<String>,
    pub status: Option<PolicyStatus>,
    pub year: Option<u16>,
    pub directory: Option<TaxonomyCode>,
    pub major: Option<bool>,
    pub has_plan: Option<bool>,
    pub coverage: Option<Coverage>,
    pub unit: Option<TaxonomyCode>,
    /// One-based page number.
    pub page: u32,
}

impl WorkQuery {
    pub const PER_PAGE: u32 = 30;
    pub const MAX_PAGE: u32 = 1_000;
    pub const MAX_WORDS: usize = 50;

    pub fn parse(filter: &WorkFilter) -> Result<Self, FieldError> {
        fn given(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        let yes_no = |name: &str, v: &Option<String>| match given(v) {
            None => Ok(None),
            Some("yes") => Ok(Some(true)),
            Some("no") => Ok(Some(false)),
            Some(other) => Err(FieldError::new(
                name,
                words!(
                    "“{other}”不是可选值（可选：yes、no）",
                    "“{other}” is not one of the choices (yes, no)"
                ),
            )),
        };
        let code = |name: &str, v: &Option<String>| {
            given(v)
                .map(|s| TaxonomyCode::parse(s).map_err(|m| FieldError::new(name, m)))
                .transpose()
        };
        let number = |name: &str, v: &Option<String>, range: std::ops::RangeInclusive<u32>| {
            given(v)
                .map(|s| match s.parse::<u32>() {
                    Ok(n) if range.contains(&n) => Ok(n),
                    _ => Err(FieldError::new(
                        name,
                        words!("“{s}”不是有效数字", "“{s}” is not a valid number"),
                    )),
                })
                .transpose()
        };
        let words = given(&filter.q).map(str::to_lowercase);
        if let Some(w) = &words
            && w.chars().count() > Self::MAX_WORDS
        {
            return Err(FieldError::new(
                "q",
                words!(
                    "检索词不能超过 {} 字",
                    "at most {} characters",
                    Self::MAX_WORDS
                ),
            ));
        }
        Ok(Self {
            words,
            status: given(&filter.status)
                .map(|s| PolicyStatus::parse(s).map_err(|m| FieldError::new("status", m)))
                .transpose()?,
            year: number("year", &filter.year, 1949..=2100)?.map(|y| y as u16),
            directory: code("dir", &filter.dir)?,
            major: yes_no("major", &filter.major)?,
            has_plan: yes_no("plan", &filter.plan)?,
            coverage: given(&filter.coverage)
                .map(|s| Coverage::parse(s).map_err(|m| FieldError::new("coverage", m)))
                .transpose()?,
            unit: code("unit", &filter.unit)?,
            page: number("page", &filter.page, 1..=Self::MAX_PAGE)?.unwrap_or(1),
        })
    }

    /// How many records to skip for this page.
    pub fn offset(&self) -> u32 {
        (self.page - 1) * Self::PER_PAGE
    }

    /// Whether anything narrows the list (an empty result then says so, not "no policies").
    pub fn narrows(&self) -> bool {
        self.words.is_some()
            || self.status.is_some()
            || self.year.is_some()
            || self.directory.is_some()
            || self.major.is_some()
            || self.has_plan.is_some()
            || self.coverage.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(pairs: &[(&str, &str)]) -> WorkFilter {
        WorkFilter::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn every_filter_parses_and_comes_back_in_a_link() {
        let raw = filter(&[
            ("q", " 补贴 "),
            ("status", "draft"),
            ("year", "2016"),
            ("dir", "gfxwj"),
            ("major", "yes"),
            ("plan", "no"),
            ("coverage", "partial"),
            ("page", "2"),
            ("other", "x"),
        ]);
        let query = WorkQuery::parse(&raw).expect("valid");
        assert_eq!(query.words.as_deref(), Some("补贴"));
        assert_eq!(query.status, Some(PolicyStatus::Draft));
        assert_eq!(query.year, Some(2016));
        assert_eq!(query.major, Some(true));
        assert_eq!(query.has_plan, Some(false));
        assert_eq!(query.coverage, Some(Coverage::Partial));
        assert_eq!(query.offset(), WorkQuery::PER_PAGE);
        assert!(query.narrows());
        let link = raw.to_query(Some(3));
        assert!(link.starts_with("q=%E8%A1%A5"), "{link}");
        assert!(link.ends_with("&coverage=partial&page=3"), "{link}");
        assert!(!raw.to_query(Some(1)).contains("page"));
    }

    #[test]
    fn a_bad_value_names_its_filter() {
        for (key, value) in [
            ("status", "lost"),
            ("year", "16"),
            ("dir", "Not A Code"),
            ("major", "maybe"),
            ("plan", "1"),
            ("coverage", "most"),
            ("page", "0"),
            ("page", "1001"),
        ] {
            let error = WorkQuery::parse(&filter(&[(key, value)])).expect_err(value);
            assert_eq!(error.field, key, "{key}={value}");
        }
        let long = "字".repeat(WorkQuery::MAX_WORDS + 1);
        assert_eq!(
            WorkQuery::parse(&filter(&[("q", &long)]))
                .expect_err("long")
                .field,
            "q"
        );
        assert!(!WorkQuery::parse(&filter(&[])).expect("empty").narrows());
    }

    #[test]
    fn coverage_counts_answered_issues_of_an_approved_plan() {
        assert_eq!(Coverage::of(0, false, &[]), Coverage::None);
        assert_eq!(Coverage::of(0, true, &[false, false]), Coverage::None);
        assert_eq!(Coverage::of(2, false, &[]), Coverage::Partial);
        assert_eq!(Coverage::of(0, true, &[true, false]), Coverage::Partial);
        assert_eq!(Coverage::of(1, false, &[true, true]), Coverage::Partial);
        assert_eq!(Coverage::of(0, true, &[true, true]), Coverage::Full);
    }
}
