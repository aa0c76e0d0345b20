//! The application's clock. Everything that depends on the time of day (scheduled
//! publishing, deadlines) asks it, so tests can set the time.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// A source of the current time.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is moved (tests).
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Mutex::new(at))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The system's clock, moved forward by hand: the end-to-end suite runs the server with
/// one (`JIEDU_TEST_CLOCK=1`, see docs/SECURITY.md) so that what is scheduled falls due
/// without the test waiting for it. Time keeps flowing; it only jumps ahead.
#[derive(Debug, Default)]
pub struct MovableClock(Mutex<Duration>);

impl MovableClock {
    /// Moves the clock forward by `by` (a negative duration is ignored).
    pub fn advance(&self, by: Duration) {
        if by > Duration::zero() {
            *self.0.lock().unwrap_or_else(|e| e.into_inner()) += by;
        }
    }
}

impl Clock for MovableClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
