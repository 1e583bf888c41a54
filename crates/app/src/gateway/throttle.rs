//! Refusing guesses: after too many failed checks of one credential in a window, further
//! attempts are refused without running Argon2, so that neither a secret nor the server's
//! processors can be worn down by guessing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct FailureThrottle {
    failures: Mutex<HashMap<String, (Instant, u32)>>,
    max_failures: u32,
    window: Duration,
}

impl FailureThrottle {
    pub fn new(max_failures: u32, window: Duration) -> Self {
        Self { failures: Mutex::new(HashMap::new()), max_failures, window }
    }

    /// `Some(wait)` while the key is locked out.
    pub fn locked(&self, key: &str) -> Option<Duration> {
        let failures = self.failures.lock().ok()?;
        let (start, count) = failures.get(key)?;
        let elapsed = start.elapsed();
        (*count >= self.max_failures && elapsed < self.window).then(|| self.window - elapsed)
    }

    pub fn record_failure(&self, key: &str) {
        let Ok(mut failures) = self.failures.lock() else { return };
        if failures.len() > 100_000 {
            failures.retain(|_, (start, _)| start.elapsed() < self.window);
        }
        let entry = failures.entry(key.to_owned()).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= self.window {
            *entry = (Instant::now(), 0);
        }
        entry.1 += 1;
    }

    pub fn record_success(&self, key: &str) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_last_allowed_failure_and_frees_after_the_window() {
        let throttle = FailureThrottle::new(3, Duration::from_millis(50));
        for _ in 0..2 {
            throttle.record_failure("app");
        }
        assert!(throttle.locked("app").is_none());
        throttle.record_failure("app");
        assert!(throttle.locked("app").is_some());
        assert!(throttle.locked("other").is_none());
        std::thread::sleep(Duration::from_millis(60));
        assert!(throttle.locked("app").is_none());
        throttle.record_failure("app");
        throttle.record_success("app");
        assert!(throttle.locked("app").is_none());
    }
}
