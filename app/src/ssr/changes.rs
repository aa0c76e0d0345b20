//! The one stream of committed changes.
//!
//! Every repository write that touches what the public can see returns a [`Committed`]
//! value: what it wrote, and a [`Change`] naming what the transaction changed, as the
//! transaction itself reported it. The value is `#[must_use]` and can only be taken by
//! handing the change on to the stream ([`Committed::publish`]), so a write path cannot
//! forget to tell the page cache (or, later, a search index or other app instances).
//!
//! The stream hands each change to the page cache at once (the next request sees fresh
//! pages) and then to every subscriber ([`Changes::subscribe`]).

use serde::{Deserialize, Serialize};
use surrealdb::types::SurrealValue;
use tokio::sync::broadcast;

use super::page_cache::PageCache;

/// What one committed write changed that the public may see. An empty change changes
/// nothing public (a draft saved, a question accepted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, SurrealValue)]
#[surreal(default)]
pub struct Change {
    /// Policies whose pages show the change (ids as in `/policies/{id}`).
    #[serde(default)]
    pub policies: Vec<String>,
    /// Interpretations whose pages show it.
    #[serde(default)]
    pub articles: Vec<String>,
    /// Q&A items whose pages show it.
    #[serde(default)]
    pub qa: Vec<String>,
    /// Something every page may show: names of units and directories, experts, files,
    /// an import.
    #[serde(default)]
    pub everything: bool,
}

impl Change {
    /// A change every page may show.
    pub fn everything() -> Self {
        Self {
            everything: true,
            ..Self::default()
        }
    }

    /// Nothing public changed.
    pub fn none() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        !self.everything
            && self.policies.is_empty()
            && self.articles.is_empty()
            && self.qa.is_empty()
    }

    /// Both changes at once (a consumer that batches the stream, such as the search index
    /// committing once a second, folds what it received with it).
    pub fn and(mut self, other: Change) -> Self {
        for (mine, theirs) in [
            (&mut self.policies, other.policies),
            (&mut self.articles, other.articles),
            (&mut self.qa, other.qa),
        ] {
            for id in theirs {
                if !mine.contains(&id) {
                    mine.push(id);
                }
            }
        }
        self.everything |= other.everything;
        self
    }
}

/// The result of a committed write, with what it changed. Take the value with
/// [`Committed::publish`], which hands the change on to the stream.
#[must_use = "a committed write's change must be published: call `.publish(&changes)`"]
#[derive(Debug)]
pub struct Committed<T> {
    value: T,
    change: Change,
}

impl<T> Committed<T> {
    /// What a transaction wrote and reported as changed. Only repositories make these.
    pub(crate) fn new(value: T, change: Change) -> Self {
        Self { value, change }
    }

    /// Hands the change on to the stream and returns what was written.
    pub fn publish(self, changes: &Changes) -> T {
        changes.send(self.change);
        self.value
    }

    /// The same change with another value.
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Committed<U> {
        Committed {
            value: f(self.value),
            change: self.change,
        }
    }
}

/// How many changes a slow subscriber may fall behind before it is told it lagged (and
/// must then rebuild what it derives from scratch).
const BACKLOG: usize = 4096;

/// The stream of committed changes; cheap to clone (shared).
#[derive(Clone, Debug)]
pub struct Changes {
    pages: PageCache,
    subscribers: broadcast::Sender<Change>,
}

impl Changes {
    /// A stream whose first consumer is `pages`.
    pub fn new(pages: PageCache) -> Self {
        let (subscribers, _) = broadcast::channel(BACKLOG);
        Self { pages, subscribers }
    }

    /// A stream nobody follows, for tools that write before any instance serves the store
    /// (the demo data, an import on the command line): an instance that serves it later
    /// starts with an empty cache.
    pub fn unobserved() -> Self {
        Self::new(PageCache::off())
    }

    /// The page cache this stream keeps exact.
    pub fn pages(&self) -> &PageCache {
        &self.pages
    }

    /// Every change committed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.subscribers.subscribe()
    }

    fn send(&self, change: Change) {
        if change.is_empty() {
            return;
        }
        self.pages.drop_changed(&change);
        // No subscriber is not an error: nothing else derives from the store yet.
        let _ = self.subscribers.send(change);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_combine_without_repeats() {
        let a = Change {
            policies: vec!["p1".into()],
            articles: vec!["a1".into()],
            ..Change::none()
        };
        let b = Change {
            policies: vec!["p1".into(), "p2".into()],
            qa: vec!["q1".into()],
            ..Change::none()
        };
        let both = a.and(b);
        assert_eq!(both.policies, ["p1", "p2"]);
        assert_eq!(both.articles, ["a1"]);
        assert_eq!(both.qa, ["q1"]);
        assert!(!both.everything);
        assert!(Change::none().is_empty());
        assert!(!Change::everything().is_empty());
    }

    #[tokio::test]
    async fn a_published_change_reaches_subscribers_and_an_empty_one_does_not() {
        let changes = Changes::new(PageCache::off());
        let mut listener = changes.subscribe();
        let written = Committed::new(7, Change::none()).publish(&changes);
        assert_eq!(written, 7);
        let change = Change {
            policies: vec!["p1".into()],
            ..Change::none()
        };
        assert_eq!(Committed::new((), change.clone()).publish(&changes), ());
        assert_eq!(listener.recv().await.expect("sent"), change);
        assert!(
            listener.try_recv().is_err(),
            "the empty change was not sent"
        );
    }
}
