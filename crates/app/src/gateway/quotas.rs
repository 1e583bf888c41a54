//! Quotas per connected application: a rate (GCRA, bursts no larger than the rate) and a
//! daily cap. Counting a call must not cost a database write, so each process counts in
//! memory and adds its counts to the database every second and at shutdown; the total it
//! reads back includes what the other processes added.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::{App, AppError, Caller, ClientApplication, QuotaExceeded, QuotaKind};

#[derive(Default)]
pub struct Quotas {
    limiters: RwLock<HashMap<i64, Arc<Limiter>>>,
    days: Mutex<HashMap<(i64, NaiveDate), DayCount>>,
}

struct Limiter {
    per_second: u32,
    gcra: DefaultDirectRateLimiter,
}

#[derive(Default, Clone, Copy)]
struct DayCount {
    /// The database's total when this process last wrote or read it.
    committed: u64,
    /// Calls being written now: still counted, or a call arriving during the write would
    /// find the cap further than it is.
    writing: u64,
    /// Calls this process let through and has not yet written.
    pending: u64,
}

impl DayCount {
    fn counted(&self) -> u64 {
        self.committed + self.writing + self.pending
    }

    fn unwritten(&self) -> u64 {
        self.writing + self.pending
    }
}

/// The quota day is the calendar day in Paris, as Chorus Pro's operator counts it.
pub fn quota_day(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Paris).date_naive()
}

/// The next midnight in Paris, when the daily counts start again.
pub fn next_reset(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = quota_day(now).succ_opt().unwrap_or(NaiveDate::MAX);
    let midnight = tomorrow.and_time(chrono::NaiveTime::MIN);
    Paris
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now + chrono::Duration::days(1))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere while counting leaves counts that are still numbers: carry on.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Quotas {
    fn limiter(&self, app: &ClientApplication) -> Arc<Limiter> {
        let per_second = app.quota.per_second;
        if let Some(l) = self.limiters.read().ok().and_then(|m| m.get(&app.id).cloned())
            && l.per_second == per_second
        {
            return l;
        }
        let rate = NonZeroU32::new(per_second).unwrap_or(NonZeroU32::MIN);
        let limiter = Arc::new(Limiter {
            per_second,
            gcra: RateLimiter::direct(Quota::per_second(rate).allow_burst(rate)),
        });
        if let Ok(mut m) = self.limiters.write() {
            m.insert(app.id, limiter.clone());
        }
        limiter
    }

    pub(crate) fn forget(&self, application_id: i64) {
        if let Ok(mut m) = self.limiters.write() {
            m.remove(&application_id);
        }
    }

    /// Counts a call if the daily cap allows it; `None` when this process has not read the
    /// day's total yet.
    fn count_call(&self, key: (i64, NaiveDate), cap: u64) -> Option<bool> {
        let mut days = lock(&self.days);
        let count = days.get_mut(&key)?;
        if count.counted() >= cap {
            return Some(false);
        }
        count.pending += 1;
        Some(true)
    }

    /// The counts to write, each kept counted until `written` says how its write ended.
    fn start_writing(&self) -> Vec<((i64, NaiveDate), u64)> {
        lock(&self.days)
            .iter_mut()
            .filter(|(_, c)| c.pending > 0 && c.writing == 0)
            .map(|(key, c)| {
                c.writing = std::mem::take(&mut c.pending);
                (*key, c.writing)
            })
            .collect()
    }

    /// Ends a write begun by `start_writing`: the database's new total, or the calls back to
    /// pending for the next try.
    fn written<E>(&self, key: (i64, NaiveDate), total: Result<i64, E>) -> Result<(), E> {
        let mut days = lock(&self.days);
        let count = days.entry(key).or_default();
        let calls = std::mem::take(&mut count.writing);
        match total {
            Ok(total) => {
                count.committed = u64::try_from(total).unwrap_or_default();
                Ok(())
            }
            Err(e) => {
                count.pending += calls;
                Err(e)
            }
        }
    }

    /// Forgets the days before `today` once everything counted for them is written.
    fn forget_past_days(&self, today: NaiveDate) {
        lock(&self.days).retain(|(_, day), c| *day >= today || c.unwritten() > 0);
    }
}

impl App {
    /// Lets a call through or says which quota it exceeds.
    pub async fn check_quota(&self, app: &ClientApplication) -> Result<(), AppError> {
        let quotas = &self.inner.gateway.quotas;
        let now = Utc::now();
        if let Err(not_until) = quotas.limiter(app).gcra.check() {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            return Err(QuotaExceeded {
                kind: QuotaKind::PerSecond,
                limit: u64::from(app.quota.per_second),
                client_id: app.client_id.clone(),
                retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
                resets_at: now + wait,
            }
            .into());
        }
        let key = (app.id, quota_day(now));
        let allowed = match quotas.count_call(key, app.quota.per_day) {
            Some(allowed) => allowed,
            None => {
                let committed = u64::try_from(self.store().quota_usage(key.0, key.1).await?)
                    .unwrap_or_default();
                lock(&quotas.days)
                    .entry(key)
                    .or_insert(DayCount { committed, ..DayCount::default() });
                quotas.count_call(key, app.quota.per_day).unwrap_or(false)
            }
        };
        if allowed {
            return Ok(());
        }
        let resets_at = next_reset(now);
        Err(QuotaExceeded {
            kind: QuotaKind::PerDay,
            limit: app.quota.per_day,
            client_id: app.client_id.clone(),
            retry_after_secs: u64::try_from((resets_at - now).num_seconds()).unwrap_or(0).max(1),
            resets_at,
        }
        .into())
    }

    /// An application's calls per day over a period, including the calls this process has
    /// counted but not yet written.
    pub async fn quota_usage(
        &self,
        app: &ClientApplication,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, u64)>, AppError> {
        if to < from {
            return Err(AppError::invalid(format!(
                "the period ends ({to}) before it starts ({from})"
            )));
        }
        if (to - from).num_days() > 366 {
            return Err(AppError::invalid("the period is longer than 366 days"));
        }
        let mut usage: Vec<(NaiveDate, u64)> = self
            .store()
            .quota_usage_between(app.id, from, to)
            .await?
            .into_iter()
            .map(|(day, calls)| (day, u64::try_from(calls).unwrap_or_default()))
            .collect();
        for ((id, day), count) in lock(&self.inner.gateway.quotas.days).iter() {
            let unwritten = count.unwritten();
            if *id != app.id || unwritten == 0 || *day < from || *day > to {
                continue;
            }
            match usage.iter_mut().find(|(d, _)| d == day) {
                Some((_, calls)) => *calls += unwritten,
                None => usage.push((*day, unwritten)),
            }
        }
        usage.sort_unstable();
        Ok(usage)
    }

    /// Every connected application with today's calls, for the operators' page.
    pub async fn applications_du_jour(
        &self,
        caller: &Caller,
    ) -> Result<Vec<(ClientApplication, u64)>, AppError> {
        if !caller.operateur {
            return Err(AppError::Forbidden("only an operator sees every application".into()));
        }
        let today = quota_day(Utc::now());
        let mut out = Vec::new();
        for record in self.store().list_applications().await? {
            let app = self.client_application(record);
            let calls = self.quota_usage(&app, today, today).await?.first().map_or(0, |(_, n)| *n);
            out.push((app, calls));
        }
        Ok(out)
    }

    /// Writes the calls counted since the last flush. Run every second and at shutdown;
    /// a crash loses at most the last second's counts, never an invoice.
    pub async fn flush_quota_usage(&self) -> Result<(), AppError> {
        let quotas = &self.inner.gateway.quotas;
        let mut failure = None;
        for (key, calls) in quotas.start_writing() {
            let total = self.store().add_quota_usage(key.0, key.1, calls as i64).await;
            if let Err(e) = quotas.written(key, total) {
                failure = Some(e);
            }
        }
        quotas.forget_past_days(quota_day(Utc::now()));
        failure.map_or(Ok(()), |e| Err(e.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quota_day_is_the_day_in_paris() {
        // 23:30 UTC on 31 March 2026 is already 1 April in Paris (summer time, UTC+2).
        let late = Utc.with_ymd_and_hms(2026, 3, 31, 23, 30, 0).unwrap();
        assert_eq!(quota_day(late), NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
        // In winter Paris is UTC+1: the count resets at 23:00 UTC.
        let winter = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        assert_eq!(next_reset(winter), Utc.with_ymd_and_hms(2026, 11, 26, 23, 0, 0).unwrap());
    }

    #[test]
    fn calls_being_written_still_count_against_the_cap() {
        let quotas = Quotas::default();
        let key = (7, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
        assert_eq!(quotas.count_call(key, 3), None, "the day's total is read first");
        lock(&quotas.days).insert(key, DayCount::default());
        assert_eq!(quotas.count_call(key, 3), Some(true));
        assert_eq!(quotas.count_call(key, 3), Some(true));

        assert_eq!(quotas.start_writing(), vec![(key, 2)]);
        assert_eq!(quotas.start_writing(), vec![], "one write at a time for a day");
        assert_eq!(quotas.count_call(key, 3), Some(true));
        assert_eq!(quotas.count_call(key, 3), Some(false), "two in the write, one pending");

        // A failed write puts its calls back with the pending one; they are still counted.
        assert_eq!(quotas.written(key, Err("database down")), Err("database down"));
        assert_eq!(quotas.count_call(key, 3), Some(false));
        assert_eq!(quotas.start_writing(), vec![(key, 3)]);
        assert_eq!(quotas.written::<()>(key, Ok(3)), Ok(()));
        assert_eq!(quotas.count_call(key, 3), Some(false));

        // A past day is forgotten only once written.
        let tomorrow = key.1.succ_opt().unwrap();
        assert!(quotas.count_call(key, 4).unwrap());
        quotas.forget_past_days(tomorrow);
        assert!(lock(&quotas.days).contains_key(&key), "one call not yet written");
        quotas.start_writing();
        quotas.written::<()>(key, Ok(4)).unwrap();
        quotas.forget_past_days(tomorrow);
        assert!(lock(&quotas.days).is_empty());
    }
}
