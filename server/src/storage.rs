//! Where uploaded documents are kept (issue 14, item 4): the local disk (`LocalDisk`, the default,
//! one machine) or an S3-compatible object store (`ObjectStorage`, any number of instances), chosen
//! by `[storage] backend`. Both behind `app::apply::documents::FileStore`; keys are random hex made
//! by the app, never user input.
use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};
use std::time::Duration;

use app::apply::documents::{FileStore, Files, LocalDisk};

use crate::config::Storage;

type IoFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = std::io::Result<T>> + Send + 'a>>;

/// The store `[storage]` names.
pub fn files(config: &Storage) -> Result<Files, String> {
    match config.backend.as_str() {
        "disk" => {
            std::fs::create_dir_all(&config.uploads_dir).map_err(|e| format!("{}: {e}", config.uploads_dir.display()))?;
            Ok(Arc::new(LocalDisk { root: config.uploads_dir.clone() }))
        }
        "s3" => Ok(Arc::new(ObjectStorage::new(config)?)),
        other => Err(format!("storage.backend is \"{other}\": it must be \"disk\" or \"s3\"")),
    }
}

/// An S3-compatible bucket (AWS S3, MinIO, Ceph …); the keys are the objects' names.
pub struct ObjectStorage {
    store: Box<dyn ObjectStore>,
    /// This instance's readiness probe object.
    probe: String,
}

impl ObjectStorage {
    pub fn new(config: &Storage) -> Result<ObjectStorage, String> {
        if config.s3_bucket.trim().is_empty() {
            return Err("storage.backend is \"s3\" but storage.s3_bucket is empty".into());
        }
        // The platform's credentials (AWS_* variables, an instance or pod role) unless keys are given.
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(config.s3_bucket.trim())
            .with_region(config.s3_region.trim())
            // A store that does not answer is told to the reader within seconds (503), not minutes.
            .with_retry(RetryConfig { max_retries: 2, retry_timeout: Duration::from_secs(10), ..Default::default() })
            .with_client_options(ClientOptions::new().with_connect_timeout(Duration::from_secs(3)).with_timeout(Duration::from_secs(20)));
        if !config.s3_access_key_id.trim().is_empty() {
            builder = builder.with_access_key_id(config.s3_access_key_id.trim()).with_secret_access_key(config.s3_secret_access_key.trim());
        }
        let endpoint = config.s3_endpoint.trim();
        if !endpoint.is_empty() {
            // A store of our own (MinIO, …): its address, path-style names, plain HTTP if it says so.
            builder = builder.with_endpoint(endpoint).with_virtual_hosted_style_request(false).with_allow_http(endpoint.starts_with("http://"));
        }
        let store = builder.build().map_err(|e| format!("the S3 store: {e}"))?;
        // Instances sharing the bucket (each may be process 1 in its container) probe apart.
        Ok(ObjectStorage { store: Box::new(store), probe: format!(".ready-{}", app::secrets::random_hex(8)) })
    }
}

fn io(e: object_store::Error) -> std::io::Error {
    match e {
        object_store::Error::NotFound { .. } => std::io::Error::new(std::io::ErrorKind::NotFound, "no such document"),
        other => std::io::Error::other(other.to_string()),
    }
}

impl FileStore for ObjectStorage {
    /// One PUT: the object appears whole or not at all, as the disk's write-and-rename.
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> IoFuture<'a, ()> {
        Box::pin(async move {
            self.store.put(&Path::from(key), PutPayload::from(bytes)).await.map_err(io)?;
            Ok(())
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> IoFuture<'a, Vec<u8>> {
        Box::pin(async move {
            let got = self.store.get(&Path::from(key)).await.map_err(io)?;
            Ok(got.bytes().await.map_err(io)?.to_vec())
        })
    }

    /// Puts, reads back and deletes a small object named for this process.
    fn check(&self) -> IoFuture<'_, ()> {
        Box::pin(async move {
            let probe = Path::from(self.probe.as_str());
            self.store.put(&probe, PutPayload::from_static(b"ready")).await.map_err(io)?;
            let back = self.store.get(&probe).await.map_err(io)?.bytes().await.map_err(io)?;
            self.store.delete(&probe).await.map_err(io)?;
            if &back[..] != b"ready" {
                return Err(std::io::Error::other("the probe object came back changed"));
            }
            Ok(())
        })
    }
}
