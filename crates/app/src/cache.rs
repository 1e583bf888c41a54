//! A small map of successful credential checks, so that the gateway does not run Argon2 or
//! ask the database on every call.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Entries live for a fixed time; past `capacity` the map is emptied rather than evicted
/// entry by entry, which costs one more check per credential and keeps the code trivial.
pub struct TtlCache<K, V> {
    entries: RwLock<HashMap<K, (V, Instant)>>,
    ttl: Duration,
    capacity: usize,
}

impl<K: std::hash::Hash + Eq, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self { entries: RwLock::new(HashMap::new()), ttl, capacity }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.read().ok()?;
        let (value, stored) = entries.get(key)?;
        (stored.elapsed() < self.ttl).then(|| value.clone())
    }

    /// The entry even past its lifetime, with whether it is still fresh: a stale entry can
    /// be renewed more cheaply than it was made.
    pub fn get_even_stale(&self, key: &K) -> Option<(V, bool)> {
        let entries = self.entries.read().ok()?;
        let (value, stored) = entries.get(key)?;
        Some((value.clone(), stored.elapsed() < self.ttl))
    }

    pub fn insert(&self, key: K, value: V) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= self.capacity {
                entries.clear();
            }
            entries.insert(key, (value, Instant::now()));
        }
    }

    pub fn remove(&self, key: &K) {
        if let Ok(mut entries) = self.entries.write() {
            entries.remove(key);
        }
    }

    pub fn retain(&self, keep: impl Fn(&V) -> bool) {
        if let Ok(mut entries) = self.entries.write() {
            entries.retain(|_, (value, _)| keep(value));
        }
    }
}

/// One turn at a time per key, for work that concurrent callers should not all repeat.
pub struct Gates<K> {
    gates: std::sync::Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
}

impl<K> Default for Gates<K> {
    fn default() -> Self {
        Self { gates: std::sync::Mutex::new(HashMap::new()) }
    }
}

impl<K: std::hash::Hash + Eq + Clone> Gates<K> {
    pub fn gate(&self, key: K) -> Arc<tokio::sync::Mutex<()>> {
        let mut gates = self.gates.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        gates.entry(key).or_default().clone()
    }

    /// Forgets a key's gate; callers still waiting on it keep their handle.
    pub fn release(&self, key: &K) {
        let mut gates = self.gates.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        gates.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_can_be_dropped() {
        let cache = TtlCache::new(Duration::from_millis(30), 10);
        cache.insert(1, "a");
        cache.insert(2, "b");
        assert_eq!(cache.get(&1), Some("a"));
        cache.retain(|v| *v != "a");
        assert_eq!(cache.get(&1), None);
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(cache.get(&2), None);
        assert_eq!(cache.get_even_stale(&2), Some(("b", false)));
    }

    #[test]
    fn a_full_cache_starts_again() {
        let cache = TtlCache::new(Duration::from_secs(60), 2);
        cache.insert(1, 1);
        cache.insert(2, 2);
        cache.insert(3, 3);
        assert_eq!(cache.get(&1), None);
        assert_eq!(cache.get(&3), Some(3));
    }
}
