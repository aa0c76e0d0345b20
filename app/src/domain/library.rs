//! The public policy library's query: filters and page, as typed in a URL and as parsed.

use serde::{Deserialize, Serialize};

use super::{FieldError, TaxonomyCode, Validity};

/// The library's filters as they arrive in the query string, unparsed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyFilter {
    pub dir: Option<String>,
    pub area: Option<String>,
    pub unit: Option<String>,
    pub year: Option<String>,
    pub validity: Option<String>,
    pub page: Option<String>,
}

impl PolicyFilter {
    /// Builds the filters from query-string pairs; unknown keys are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut filter = Self::default();
        for (key, value) in pairs {
            let slot = match key {
                "dir" => &mut filter.dir,
                "area" => &mut filter.area,
                "unit" => &mut filter.unit,
                "year" => &mut filter.year,
                "validity" => &mut filter.validity,
                "page" => &mut filter.page,
                _ => continue,
            };
            *slot = Some(value.to_owned());
        }
        filter
    }

    /// The query string for these filters on another page (empty values left out).
    pub fn to_query(&self, page: Option<u32>) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("dir", &self.dir),
            ("area", &self.area),
            ("unit", &self.unit),
            ("year", &self.year),
            ("validity", &self.validity),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| (k, v.clone())))
        .collect();
        if let Some(page) = page.filter(|p| *p > 1) {
            pairs.push(("page", page.to_string()));
        }
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        query_string(&pairs)
    }
}

/// A URL query string from pairs, each value percent-encoded.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes a query value (codes and numbers in practice; anything else is escaped).
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The library's filters once parsed; invalid values are errors naming the filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LibraryQuery {
    pub directory: Option<TaxonomyCode>,
    pub key_area: Option<TaxonomyCode>,
    pub unit: Option<TaxonomyCode>,
    pub year: Option<u16>,
    pub validity: Option<Validity>,
    /// One-based page number.
    pub page: u32,
}

impl LibraryQuery {
    pub const PER_PAGE: u32 = 20;
    /// Deeper pages are refused rather than scanned: nobody reads page 5,000.
    pub const MAX_PAGE: u32 = 5_000;

    pub fn parse(filter: &PolicyFilter) -> Result<Self, FieldError> {
        fn given(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        let code = |name: &str, v: &Option<String>| {
            given(v)
                .map(|s| TaxonomyCode::parse(s).map_err(|m| FieldError::new(name, m)))
                .transpose()
        };
        let year = given(&filter.year)
            .map(|s| match s.parse::<u16>() {
                Ok(y) if (1949..=2100).contains(&y) => Ok(y),
                _ => Err(FieldError::new(
                    "year",
                    words!("“{s}”不是有效年份", "“{s}” is not a valid year"),
                )),
            })
            .transpose()?;
        let page = given(&filter.page)
            .map(|s| match s.parse::<u32>() {
                Ok(p) if (1..=Self::MAX_PAGE).contains(&p) => Ok(p),
                _ => Err(FieldError::new(
                    "page",
                    words!("“{s}”不是有效页码", "“{s}” is not a valid page number"),
                )),
            })
            .transpose()?
            .unwrap_or(1);
        Ok(Self {
            directory: code("dir", &filter.dir)?,
            key_area: code("area", &filter.area)?,
            unit: code("unit", &filter.unit)?,
            year,
            validity: given(&filter.validity)
                .map(|s| Validity::parse(s).map_err(|m| FieldError::new("validity", m)))
                .transpose()?,
            page,
        })
    }

    /// How many records to skip for this page.
    pub fn offset(&self) -> u32 {
        (self.page - 1) * Self::PER_PAGE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(pairs: &[(&str, &str)]) -> PolicyFilter {
        PolicyFilter::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn empty_values_mean_no_filter() {
        let q = LibraryQuery::parse(&filter(&[("dir", ""), ("year", " ")])).expect("ok");
        assert_eq!(
            q,
            LibraryQuery {
                page: 1,
                ..LibraryQuery::default()
            }
        );
    }

    #[test]
    fn values_are_parsed() {
        let q = LibraryQuery::parse(&filter(&[
            ("dir", "fgwj"),
            ("year", "2016"),
            ("validity", "repealed"),
            ("page", "3"),
        ]))
        .expect("ok");
        assert_eq!(q.directory.as_ref().map(TaxonomyCode::as_str), Some("fgwj"));
        assert_eq!(q.year, Some(2016));
        assert_eq!(q.validity, Some(Validity::Repealed));
        assert_eq!(q.offset(), 40);
    }

    #[test]
    fn bad_values_name_their_filter() {
        for (k, v) in [
            ("year", "abc"),
            ("year", "20160"),
            ("page", "0"),
            ("page", "-1"),
            ("validity", "old"),
            ("dir", "法规"),
        ] {
            let err = LibraryQuery::parse(&filter(&[(k, v)])).expect_err(v);
            let expected = if k == "dir" { "dir" } else { k };
            assert_eq!(err.field, expected, "{k}={v}");
        }
    }

    #[test]
    fn query_strings_keep_filters_and_drop_page_one() {
        let f = filter(&[("dir", "fgwj"), ("year", "2016")]);
        assert_eq!(f.to_query(Some(1)), "dir=fgwj&year=2016");
        assert_eq!(f.to_query(Some(2)), "dir=fgwj&year=2016&page=2");
    }
}
