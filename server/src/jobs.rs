//! Background jobs of a serving instance.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use app::ssr::Db;
use app::ssr::clock::Clock;
use app::ssr::page_cache::{Change, PageCache};
use app::ssr::repo::article;

/// Publishes scheduled articles as they fall due, for as long as the server runs. The
/// first pass runs at once, so what fell due while the server was down goes out (and is
/// recorded as late) right after a restart. `holder` names this instance in the lease
/// that keeps several instances from publishing the same item. Each article published or
/// withdrawn is reported to `pages`.
pub async fn publish_scheduled(
    db: Db,
    pages: PageCache,
    clock: Arc<dyn Clock>,
    holder: String,
    tick: StdDuration,
) {
    // The lease outlives a few ticks, so a slow pass does not hand it over mid-way.
    let lease = chrono::Duration::from_std(tick * 6).unwrap_or(chrono::Duration::seconds(30));
    let mut interval = tokio::time::interval(tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match article::publish_due(&db, clock.now(), &holder, lease).await {
            Ok(published) => {
                for item in published {
                    pages.changed(&db, Change::Article(item.id.clone())).await;
                    match item.late_secs {
                        Some(secs) => {
                            tracing::warn!(article = %item.id, late_secs = secs, "published late")
                        }
                        None => tracing::info!(article = %item.id, "published on schedule"),
                    }
                }
            }
            Err(e) => tracing::error!(error = %e, "scheduled publishing failed; retrying"),
        }
    }
}

/// A name for this instance in job leases: host and process id.
pub fn instance_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".into());
    format!("{host}:{}", std::process::id())
}
