//! Offline container image reader and analysis: layers, merged filesystem, waste.
//!
//! ```text
//! SourceSpec ──read_image──► Image (config, layers, one LayerIndex per blob)
//!                               │      ▲ ContentScanner sees chosen file contents during the pass
//!                               ▼
//!                        analyze ──► Analysis (MergedFs: final tree, waste records; dive numbers)
//!                               ▼
//!                        build_report ──► Report (serde; `plimsoll image --format json`)
//! ```
//!
//! Each layer is read in one streaming pass (layers in parallel, nothing extracted to disk);
//! memory grows with the number of entries, not their bytes.

pub mod blob;
pub mod config;
pub mod dive;
pub mod error;
pub mod fs;
pub mod image;
pub mod layer;
pub mod path;
pub mod report;
pub mod source;
pub mod tar;
pub mod visit;

pub use config::ImageConfigFile;
pub use dive::{DiveMetrics, dive_metrics};
pub use error::ImageError;
pub use fs::{FsEntry, MergedFs, RemovalReason, WasteRecord};
pub use image::{Image, Layer, SourceInfo, SourceKind};
pub use layer::{Compression, LayerEntry, LayerIndex, LayerStats, Whiteout};
pub use path::ImagePath;
pub use report::{Analysis, AnalysisOptions, Report, analyze, build_report};
pub use source::{Platform, ReadOptions, SourceFormat, SourceSpec, read_image, read_stream};
pub use tar::EntryKind;
pub use visit::{BlobId, ContentScanner, Progress};
