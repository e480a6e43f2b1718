//! Every way reading an image can fail, each naming the file or blob and what is wrong with it.

use std::io;
use std::path::PathBuf;

/// An error reading or analyzing an image. `blob` fields name the archive and the entry inside
/// it (`image.tar:blobs/sha256/ab12…`), or the file of an OCI layout directory.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },

    #[error("{source_name}: not a container image: {reason}")]
    UnknownFormat { source_name: String, reason: String },

    #[error("{archive}: missing {what} `{name}`")]
    MissingBlob {
        archive: String,
        what: &'static str,
        name: String,
    },

    #[error("{blob}: invalid JSON: {source}")]
    Json {
        blob: String,
        source: serde_json::Error,
    },

    #[error("{blob}: {reason}")]
    InvalidManifest { blob: String, reason: String },

    #[error("{blob}: corrupt {compression} stream: {source}")]
    Decompress {
        blob: String,
        compression: &'static str,
        source: io::Error,
    },

    #[error(
        "{blob}: unsupported layer compression ({compression}); plimsoll reads gzip, zstd and uncompressed tar"
    )]
    UnsupportedCompression {
        blob: String,
        compression: &'static str,
    },

    #[error("{blob}: not a filesystem layer ({reason})")]
    NotALayer { blob: String, reason: String },

    #[error("{blob}: {source}")]
    Tar {
        blob: String,
        source: crate::tar::TarError,
    },

    #[error("{blob}: read error: {source}")]
    Read { blob: String, source: io::Error },

    #[error("{what}: digest mismatch: expected {expected}, computed {actual}")]
    DigestMismatch {
        what: String,
        expected: String,
        actual: String,
    },

    #[error("{archive}: path `{path}` escapes the image directory")]
    HostilePath { archive: String, path: String },

    #[error("{archive}: no image for platform {wanted}; available: {available}")]
    NoMatchingPlatform {
        archive: String,
        wanted: String,
        available: String,
    },

    #[error("invalid platform `{0}` (expected os/arch[/variant], e.g. linux/amd64)")]
    InvalidPlatform(String),

    #[error(
        "cannot reach the Docker Engine at {socket}: {source} (is the daemon running? set DOCKER_HOST=unix:///path/to/docker.sock)"
    )]
    EngineUnreachable { socket: String, source: io::Error },

    #[error("Docker Engine: {0}")]
    Engine(String),

    #[error("unsupported image source `{0}`")]
    UnsupportedSource(String),
}

pub type Result<T, E = ImageError> = std::result::Result<T, E>;
