//! The directory reads that every call makes (who the caller is to a structure) and every
//! deposit makes (the supplier, the recipient, its service), kept in memory. An entry is
//! dropped as soon as this process writes to the directory, and trusted for at most the
//! credential cache's lifetime otherwise: the delay before another process's change is seen.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use facteur_store::{RattachementRecord, ServiceRecord, StoreError, StructureRecord};

use crate::cache::TtlCache;
use crate::{App, AppError};

const CAPACITY: usize = 100_000;

/// An entry read at a version of the directory.
type Versioned<V> = (u64, V);

pub(crate) struct DirectoryCache {
    structures: TtlCache<i64, Versioned<Option<Arc<StructureRecord>>>>,
    by_identifiant: TtlCache<(String, String), Versioned<Option<Arc<StructureRecord>>>>,
    services: TtlCache<(i64, String), Versioned<Option<Arc<ServiceRecord>>>>,
    rattachements: TtlCache<(i64, i64), Versioned<Option<Arc<RattachementRecord>>>>,
}

impl DirectoryCache {
    pub(crate) fn new(ttl: Duration) -> Self {
        Self {
            structures: TtlCache::new(ttl, CAPACITY),
            by_identifiant: TtlCache::new(ttl, CAPACITY),
            services: TtlCache::new(ttl, CAPACITY),
            rattachements: TtlCache::new(ttl, CAPACITY),
        }
    }
}

impl App {
    async fn cached<K, V>(
        &self,
        cache: &TtlCache<K, Versioned<Option<Arc<V>>>>,
        key: K,
        load: impl Future<Output = Result<Option<V>, StoreError>>,
    ) -> Result<Option<Arc<V>>, AppError>
    where
        K: std::hash::Hash + Eq,
    {
        // The version is read before the load: a write during the load leaves an entry
        // that is already stale.
        let version = self.store().directory_version();
        if let Some((at, value)) = cache.get(&key)
            && at == version
        {
            return Ok(value);
        }
        let value = load.await?.map(Arc::new);
        cache.insert(key, (version, value.clone()));
        Ok(value)
    }

    pub(crate) async fn structure(
        &self,
        id: i64,
    ) -> Result<Option<Arc<StructureRecord>>, AppError> {
        let cache = &self.inner.directory.structures;
        self.cached(cache, id, self.store().find_structure(id)).await
    }

    pub(crate) async fn structure_par_identifiant(
        &self,
        type_identifiant: &str,
        identifiant: &str,
    ) -> Result<Option<Arc<StructureRecord>>, AppError> {
        let cache = &self.inner.directory.by_identifiant;
        let key = (type_identifiant.to_owned(), identifiant.to_owned());
        let load = self.store().find_structure_by_identifiant(type_identifiant, identifiant);
        self.cached(cache, key, load).await
    }

    pub(crate) async fn service_par_code(
        &self,
        structure_id: i64,
        code: &str,
    ) -> Result<Option<Arc<ServiceRecord>>, AppError> {
        let cache = &self.inner.directory.services;
        let load = self.store().find_service_by_code(structure_id, code);
        self.cached(cache, (structure_id, code.to_owned()), load).await
    }

    pub(crate) async fn rattachement(
        &self,
        utilisateur_id: i64,
        structure_id: i64,
    ) -> Result<Option<Arc<RattachementRecord>>, AppError> {
        let cache = &self.inner.directory.rattachements;
        let load = self.store().find_rattachement_of(utilisateur_id, structure_id);
        self.cached(cache, (utilisateur_id, structure_id), load).await
    }
}
