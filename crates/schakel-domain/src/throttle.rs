//! Sign-in throttling: after a few failures, each further attempt must wait longer.
//!
//! The policy is pure; the web layer keeps the counters per account and per client address.

use chrono::{DateTime, Duration, Utc};

/// Failures allowed before throttling starts.
pub const FREE_FAILURES: u32 = 5;
/// The longest wait.
pub const MAX_WAIT_SECONDS: i64 = 15 * 60;

/// Failed sign-ins seen for one key (account or address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    pub count: u32,
    pub last: Option<DateTime<Utc>>,
}

impl Failures {
    pub fn record(&mut self, now: DateTime<Utc>) {
        self.count = self.count.saturating_add(1);
        self.last = Some(now);
    }

    /// Takes back one recorded failure: an attempt is counted before its (slow) check, so that
    /// parallel attempts cannot all pass the gate, and forgiven when the check succeeds.
    pub fn forgive(&mut self) {
        self.count = self.count.saturating_sub(1);
    }

    /// How long the wait after the last failure is: nothing for the first failures, then doubling
    /// from 30 seconds up to 15 minutes.
    pub fn wait(&self) -> Duration {
        if self.count < FREE_FAILURES {
            return Duration::zero();
        }
        let extra = (self.count - FREE_FAILURES).min(10);
        let secs = (30_i64 << extra).min(MAX_WAIT_SECONDS);
        Duration::seconds(secs)
    }

    /// `Some(until)` when another attempt must wait until then.
    pub fn blocked_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let last = self.last?;
        let until = last + self.wait();
        (until > now).then_some(until)
    }

    /// Failures are forgotten a day after the last one.
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.last.is_none_or(|l| now - l > Duration::hours(24))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_failures_are_free_then_waits_grow_and_cap() {
        let t0 = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let mut f = Failures::default();
        for _ in 0..4 {
            f.record(t0);
        }
        assert_eq!(f.blocked_until(t0), None);
        f.record(t0);
        assert_eq!(f.blocked_until(t0), Some(t0 + Duration::seconds(30)));
        assert_eq!(f.blocked_until(t0 + Duration::seconds(31)), None);
        f.record(t0);
        assert_eq!(f.wait(), Duration::seconds(60));
        for _ in 0..40 {
            f.record(t0);
        }
        assert_eq!(f.wait(), Duration::seconds(MAX_WAIT_SECONDS));
        assert!(f.expired(t0 + Duration::hours(25)));
        assert!(!f.expired(t0 + Duration::hours(1)));
    }

    #[test]
    fn a_forgiven_attempt_does_not_count() {
        let t0 = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let mut f = Failures::default();
        for _ in 0..5 {
            f.record(t0);
        }
        assert!(f.blocked_until(t0).is_some());
        f.forgive();
        assert_eq!(f.count, 4);
        assert_eq!(f.blocked_until(t0), None);
        let mut empty = Failures::default();
        empty.forgive();
        assert_eq!(empty.count, 0);
    }
}
