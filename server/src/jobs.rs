//! Background jobs of a serving instance.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use app::ssr::Db;
use app::ssr::changes::Changes;
use app::ssr::clock::Clock;
use app::ssr::repo::article;

/// Publishes scheduled articles as they fall due, for as long as the server runs. The
/// first pass runs at once, so what fell due while the server was down goes out (and is
/// recorded as late) right after a restart. `holder` names this instance in the lease
/// that keeps several instances from publishing the same item ([`instance_name`]). Each
/// article published or withdrawn goes to the stream of committed `changes`.
pub async fn publish_scheduled(
    db: Db,
    changes: Changes,
    clock: Arc<dyn Clock>,
    holder: String,
    tick: StdDuration,
) {
    let every = chrono::Duration::from_std(tick).unwrap_or(chrono::Duration::seconds(5));
    let mut interval = tokio::time::interval(tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match article::publish_due(&db, &changes, clock.now(), &holder, every).await {
            Ok(published) => {
                for item in published {
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

/// A name for this instance in job leases: the host and the address it listens on. Only
/// one process at a time can listen there, so a process restarted in the same place is
/// the same instance and takes over the lease its predecessor held at once, instead of
/// waiting for a dead process's lease to run out.
pub fn instance_name(listening_on: std::net::SocketAddr) -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".into());
    format!("{host}@{listening_on}")
}
