/// How many calls a connected application may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaPolicy {
    /// Sustained rate, and also the largest burst: PISTE's "20 messages every 1 second".
    pub per_second: u32,
    /// Calls per calendar day in Europe/Paris.
    pub per_day: u64,
}

impl QuotaPolicy {
    /// An application's own limits where the operator set them, the environment's elsewhere.
    pub fn with_overrides(self, per_second: Option<u32>, per_day: Option<u64>) -> Self {
        Self {
            per_second: per_second.unwrap_or(self.per_second),
            per_day: per_day.unwrap_or(self.per_day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Environnement;

    #[test]
    fn environments_set_the_daily_quota() {
        assert_eq!(Environnement::Production.default_quota().per_day, 1_000_000);
        assert_eq!(Environnement::Qualification.default_quota().per_day, 50_000);
        assert_eq!(Environnement::Production.default_quota().per_second, 20);
    }

    #[test]
    fn overrides_replace_only_what_they_name() {
        let q = Environnement::Qualification.default_quota().with_overrides(None, Some(5));
        assert_eq!(q, QuotaPolicy { per_second: 20, per_day: 5 });
    }
}
