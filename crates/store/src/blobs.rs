//! Files (invoices as deposited, attachments) live beside the database in a blob store: a
//! local directory by default, any S3-compatible service with the `s3` feature. A file is
//! stored under its SHA-256, so that storing it twice costs nothing and a stored file never
//! changes under the rows that name it.
//!
//! Files up to [`Blobs::inline_max`] bytes go in the database instead (see
//! [`crate::fichiers`]): [`Blobs::keep`] gives them back to be written with the rows that
//! name them.

use std::sync::Arc;

use bytes::Bytes;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use sha2::{Digest, Sha256};

use crate::fichiers::{self, EnBase};
use crate::{Result, StoreError};

/// The blob store. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Blobs {
    store: Arc<dyn ObjectStore>,
    prefix: Path,
    inline_max: u64,
}

/// Files up to this size go in the database unless told otherwise: a deposited invoice
/// (20 KB is typical, a Factur-X PDF a few hundred) is one.
pub const INLINE_MAX: u64 = 256 << 10;

/// A stored file: its key in the store and its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    pub cle: String,
    pub sha256: String,
    pub taille: u64,
}

/// A file [`Blobs::keep`] took: in the blob store already, or `inline`, for the caller to
/// write in the transaction of the rows that name it (under `stored.cle`).
#[derive(Debug, Clone)]
pub struct KeptBlob {
    pub stored: StoredBlob,
    pub inline: Option<EnBase>,
}

impl Blobs {
    /// Opens the store a URL names: `file:///absolute/dir`, `memory:///`, or with the `s3`
    /// feature `s3://bucket/prefix` (credentials and endpoint from the `AWS_*` environment).
    pub fn open(url: &str) -> Result<Self> {
        let parsed =
            url::Url::parse(url).map_err(|e| StoreError::UnsupportedUrl(format!("{url}: {e}")))?;
        if parsed.scheme() == "file" {
            let dir = parsed
                .to_file_path()
                .map_err(|()| StoreError::UnsupportedUrl(format!("{url}: not an absolute path")))?;
            std::fs::create_dir_all(&dir).map_err(|e| StoreError::Blob(e.to_string()))?;
        }
        let options = std::env::vars().filter(|(k, _)| k.starts_with("AWS_"));
        let (store, prefix) = object_store::parse_url_opts(&parsed, options)
            .map_err(|e| StoreError::UnsupportedUrl(format!("{url}: {e}")))?;
        Ok(Self { store: Arc::from(store), prefix, inline_max: INLINE_MAX })
    }

    /// A store in memory, for tests.
    pub fn in_memory() -> Self {
        Self {
            store: Arc::new(object_store::memory::InMemory::new()),
            prefix: Path::default(),
            inline_max: INLINE_MAX,
        }
    }

    /// The same store, keeping files up to `max` bytes in the database (0: none).
    #[must_use]
    pub fn with_inline_max(self, max: u64) -> Self {
        Self { inline_max: max, ..self }
    }

    pub fn inline_max(&self) -> u64 {
        self.inline_max
    }

    fn path(&self, cle: &str) -> Path {
        self.prefix.parts().chain(Path::from(cle).parts()).collect()
    }

    /// Keeps a file: a small one is handed back to go in the database with its rows, a
    /// larger one is stored.
    pub async fn keep(&self, contents: Bytes) -> Result<KeptBlob> {
        if contents.len() as u64 > self.inline_max {
            return Ok(KeptBlob { stored: self.put(contents).await?, inline: None });
        }
        let sha256 = hex(&Sha256::digest(&contents));
        let stored =
            StoredBlob { cle: fichiers::cle(&sha256), sha256, taille: contents.len() as u64 };
        Ok(KeptBlob { stored, inline: Some(EnBase::new(contents)) })
    }

    /// Stores a file in the blob store and answers once it is written.
    pub async fn put(&self, contents: Bytes) -> Result<StoredBlob> {
        let sha256 = hex(&Sha256::digest(&contents));
        let cle = format!("sha256/{}/{sha256}", &sha256[..2]);
        let taille = contents.len() as u64;
        self.store
            .put(&self.path(&cle), PutPayload::from_bytes(contents))
            .await
            .map_err(|e| StoreError::Blob(e.to_string()))?;
        Ok(StoredBlob { cle, sha256, taille })
    }

    pub async fn get(&self, cle: &str) -> Result<Bytes> {
        let read = async { self.store.get(&self.path(cle)).await?.bytes().await };
        read.await.map_err(|e| StoreError::Blob(format!("{cle}: {e}")))
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_is_stored_under_its_fingerprint() {
        let dir = std::env::temp_dir().join(format!("facteur-blobs-{}", std::process::id()));
        let url = format!("file://{}", dir.display());
        let blobs = Blobs::open(&url).unwrap();
        let stored = blobs.put(Bytes::from_static(b"%PDF-1.7 facture")).await.unwrap();
        assert_eq!(stored.taille, 16);
        assert!(stored.cle.ends_with(&stored.sha256));
        assert_eq!(blobs.get(&stored.cle).await.unwrap(), Bytes::from_static(b"%PDF-1.7 facture"));
        assert!(dir.join(&stored.cle).is_file());
        let again = blobs.put(Bytes::from_static(b"%PDF-1.7 facture")).await.unwrap();
        assert_eq!(again, stored);
        assert!(blobs.get("sha256/00/absent").await.is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn a_small_file_is_handed_back_to_go_in_the_database() {
        let blobs = Blobs::in_memory().with_inline_max(8);
        let small = blobs.keep(Bytes::from_static(b"<Invoice")).await.unwrap();
        assert_eq!(small.inline.map(|f| f.contenu), Some(Bytes::from_static(b"<Invoice")));
        assert!(fichiers::en_base(&small.stored.cle));
        assert!(blobs.get(&small.stored.cle).await.is_err(), "not in the blob store");
        let large = blobs.keep(Bytes::from_static(b"<Invoice/>")).await.unwrap();
        assert!(large.inline.is_none());
        assert!(!fichiers::en_base(&large.stored.cle));
        assert_eq!(blobs.get(&large.stored.cle).await.unwrap(), &b"<Invoice/>"[..]);
    }
}
