//! Site search: what a citizen typed, cut into the pieces the full-text index knows.
//!
//! The index (schema 0011) stores character pairs: text is split at changes between
//! letters (Han included), digits and punctuation, lower-cased, and every run is cut into
//! overlapping pairs. [`SearchText::parse`] cuts a query the same way, so "信息公开" asks
//! the index for 信息, 息公 and 公开 together, and keeps the words themselves for an exact
//! check on the candidates.

use serde::{Deserialize, Serialize};

use super::FieldError;
use super::library::{LibraryQuery, PolicyFilter};

/// Queries longer than this are cut: nobody searches with a paragraph, and every character
/// adds a pair the index must intersect.
pub const MAX_QUERY_CHARS: usize = 64;

/// What kind of record a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Policy,
    Interpretation,
    Qa,
}

impl SearchKind {
    pub const ALL: [Self; 3] = [Self::Policy, Self::Interpretation, Self::Qa];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Policy => "policy",
            Self::Interpretation => "interpretation",
            Self::Qa => "qa",
        }
    }

    pub fn parse(s: &str) -> Result<Self, super::Words> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| words!("“{s}”不是有效的类型", "“{s}” is not a valid kind"))
    }
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchOrder {
    #[default]
    Relevance,
    Newest,
}

/// The query as typed, cut for the index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchText {
    /// The query as it is searched for (trimmed, cut to [`MAX_QUERY_CHARS`]).
    pub text: String,
    /// The words every result must contain: the query split at spaces and punctuation.
    pub words: Vec<String>,
    /// The character pairs the index is asked for, space-separated, each once.
    pub pairs: String,
    /// What the title index (single characters and pairs) is asked for: the pairs, or the
    /// single characters of a query too short for pairs.
    pub title_terms: String,
    /// Whether the query was longer than [`MAX_QUERY_CHARS`] and was cut.
    pub truncated: bool,
}

/// The class the tokenizer gives a character; a token is a run of one class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Letter,
    Digit,
    Other,
}

fn class(c: char) -> CharClass {
    if c.is_alphabetic() {
        CharClass::Letter
    } else if c.is_numeric() {
        CharClass::Digit
    } else {
        CharClass::Other
    }
}

impl SearchText {
    pub fn parse(input: &str) -> Self {
        let trimmed = input.trim();
        let truncated = trimmed.chars().count() > MAX_QUERY_CHARS;
        let text: String = trimmed.chars().take(MAX_QUERY_CHARS).collect();
        let words: Vec<String> = text
            .split(|c: char| class(c) == CharClass::Other)
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let mut pairs: Vec<String> = Vec::new();
        for word in &words {
            for run in class_runs(word) {
                let chars: Vec<char> = run.to_lowercase().chars().collect();
                for pair in chars.windows(2) {
                    let pair: String = pair.iter().collect();
                    if !pairs.contains(&pair) {
                        pairs.push(pair);
                    }
                }
            }
        }
        let title_terms = if pairs.is_empty() {
            let mut singles: Vec<String> = Vec::new();
            for c in words.iter().flat_map(|w| w.chars()) {
                let single = c.to_lowercase().collect::<String>();
                if !singles.contains(&single) {
                    singles.push(single);
                }
            }
            singles.join(" ")
        } else {
            pairs.join(" ")
        };
        Self {
            text,
            words,
            pairs: pairs.join(" "),
            title_terms,
            truncated,
        }
    }

    /// Nothing searchable: empty, or only punctuation and spaces.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Searchable, but too short for the pair index (one character, or single characters
    /// separated by punctuation): only titles are scanned.
    pub fn titles_only(&self) -> bool {
        !self.is_empty() && self.pairs.is_empty()
    }
}

/// A word's runs of one character class ("PM2" → "PM", "2").
fn class_runs(word: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut current = None;
    for (i, c) in word.char_indices() {
        let k = class(c);
        if current.is_some_and(|cur| cur != k) {
            runs.push(&word[start..i]);
            start = i;
        }
        current = Some(k);
    }
    if start < word.len() {
        runs.push(&word[start..]);
    }
    runs
}

/// A search as parsed from the URL: the text, the kind of record, the library's filters
/// (directory, unit, year, validity, page) and the order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub text: SearchText,
    pub kind: Option<SearchKind>,
    pub filter: LibraryQuery,
    pub order: SearchOrder,
}

/// The search form's fields as they arrive in the query string, unparsed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub sort: Option<String>,
    pub filter: PolicyFilter,
}

impl SearchParams {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone) -> Self {
        let mut params = Self {
            filter: PolicyFilter::from_pairs(pairs.clone()),
            ..Self::default()
        };
        for (key, value) in pairs {
            match key {
                "q" => params.q = Some(value.to_owned()),
                "kind" => params.kind = Some(value.to_owned()),
                "sort" => params.sort = Some(value.to_owned()),
                _ => {}
            }
        }
        params
    }

    /// The query string of this search on another page, or in another order.
    pub fn to_query(&self, page: Option<u32>, sort: Option<SearchOrder>) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(q) = self.q.as_deref().filter(|q| !q.trim().is_empty()) {
            pairs.push(("q", q.trim().to_owned()));
        }
        if let Some(kind) = self.kind.as_deref().filter(|k| !k.is_empty()) {
            pairs.push(("kind", kind.to_owned()));
        }
        let sort = sort
            .or_else(|| (self.sort.as_deref() == Some("newest")).then_some(SearchOrder::Newest));
        if sort == Some(SearchOrder::Newest) {
            pairs.push(("sort", "newest".to_owned()));
        }
        let filters = self.filter.to_query(page);
        let own: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let own = super::library::query_string(&own);
        match (own.is_empty(), filters.is_empty()) {
            (true, _) => filters,
            (false, true) => own,
            (false, false) => format!("{own}&{filters}"),
        }
    }

    /// Parses the fields; a bad filter value is an error naming the filter. The text
    /// itself is never an error: any string is a query, perhaps an empty one.
    pub fn parse(&self) -> Result<SearchQuery, FieldError> {
        let kind = self
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| SearchKind::parse(s).map_err(|m| FieldError::new("kind", m)))
            .transpose()?;
        let order = match self.sort.as_deref().map(str::trim) {
            None | Some("") | Some("relevance") => SearchOrder::Relevance,
            Some("newest") => SearchOrder::Newest,
            Some(other) => {
                return Err(FieldError::new(
                    "sort",
                    words!(
                        "“{other}”不是有效的排序方式",
                        "“{other}” is not a valid order"
                    ),
                ));
            }
        };
        Ok(SearchQuery {
            text: SearchText::parse(self.q.as_deref().unwrap_or_default()),
            kind,
            filter: LibraryQuery::parse(&self.filter)?,
            order,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_cut_into_overlapping_pairs() {
        let q = SearchText::parse("  信息公开 ");
        assert_eq!(q.text, "信息公开");
        assert_eq!(q.words, ["信息公开"]);
        assert_eq!(q.pairs, "信息 息公 公开");
        assert!(!q.titles_only());
    }

    #[test]
    fn runs_of_letters_and_digits_are_cut_apart_like_the_index_does() {
        // The index's tokenizer gives 东政办发 / 〔 / 2016 / 〕 / 5 / 号.
        let q = SearchText::parse("东政办发〔2016〕5号");
        assert_eq!(q.words, ["东政办发", "2016", "5号"]);
        assert_eq!(q.pairs, "东政 政办 办发 20 01 16");
        let q = SearchText::parse("PM2.5治理");
        assert_eq!(q.words, ["PM2", "5治理"]);
        assert_eq!(q.pairs, "pm 治理");
    }

    #[test]
    fn spaces_separate_words_and_repeated_pairs_are_asked_once() {
        let q = SearchText::parse("公开 公开　申请");
        assert_eq!(q.words, ["公开", "公开", "申请"]);
        assert_eq!(q.pairs, "公开 申请");
    }

    #[test]
    fn odd_queries_are_empty_or_titles_only_never_errors() {
        for blank in ["", "   ", "，。！？", "《》——", "\u{3000}"] {
            let q = SearchText::parse(blank);
            assert!(q.is_empty(), "{blank:?}");
            assert!(!q.titles_only());
        }
        for short in ["税", "税，费", "a"] {
            let q = SearchText::parse(short);
            assert!(q.titles_only(), "{short:?}");
        }
        assert_eq!(SearchText::parse("税，费 税").title_terms, "税 费");
        assert_eq!(SearchText::parse("信息公开").title_terms, "信息 息公 公开");
        let long = "政".repeat(500);
        let q = SearchText::parse(&long);
        assert!(q.truncated);
        assert_eq!(q.text.chars().count(), MAX_QUERY_CHARS);
        assert_eq!(q.pairs, "政政");
    }

    #[test]
    fn params_round_trip_and_bad_filters_name_the_field() {
        let pairs = [
            ("q", "信息 公开"),
            ("kind", "qa"),
            ("dir", "fgwj"),
            ("sort", "newest"),
        ];
        let params = SearchParams::from_pairs(pairs.iter().copied());
        let query = params.parse().expect("valid");
        assert_eq!(query.kind, Some(SearchKind::Qa));
        assert_eq!(query.order, SearchOrder::Newest);
        assert_eq!(
            params.to_query(Some(2), None),
            "q=%E4%BF%A1%E6%81%AF%20%E5%85%AC%E5%BC%80&kind=qa&sort=newest&dir=fgwj&page=2"
        );
        for (k, v) in [
            ("kind", "blog"),
            ("sort", "oldest"),
            ("year", "x"),
            ("page", "0"),
        ] {
            let params = SearchParams::from_pairs([("q", "公开"), (k, v)]);
            assert_eq!(params.parse().expect_err(v).field, k);
        }
    }
}
