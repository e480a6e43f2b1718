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
//!
//! Checks built on top (secrets, package databases) ask for file contents during that pass and
//! look at the final filesystem afterwards:
//!
//! ```no_run
//! use std::io::Read;
//! use std::sync::Mutex;
//!
//! use plimsoll_image::{BlobId, ContentScanner, LayerEntry, ReadOptions, SourceSpec};
//!
//! /// Keeps every version of `/var/lib/dpkg/status`, deleted ones included.
//! #[derive(Default)]
//! struct DpkgStatus(Mutex<Vec<(BlobId, String)>>);
//!
//! impl ContentScanner for DpkgStatus {
//!     fn wants(&self, _blob: BlobId, entry: &LayerEntry) -> bool {
//!         entry.path.as_bytes() == b"var/lib/dpkg/status"
//!     }
//!     fn scan(&self, blob: BlobId, _entry: &LayerEntry, content: &mut dyn Read) {
//!         let mut text = String::new();
//!         if content.read_to_string(&mut text).is_ok() {
//!             self.0.lock().unwrap().push((blob, text));
//!         }
//!     }
//! }
//!
//! let scanner = DpkgStatus::default();
//! let options = ReadOptions { scanner: Some(&scanner), ..ReadOptions::default() };
//! let image = plimsoll_image::read_image(&SourceSpec::parse("app.tar"), &options)?;
//! let analysis = plimsoll_image::analyze(&image, &Default::default());
//! for (blob, text) in scanner.0.into_inner().unwrap() {
//!     for layer in image.layers_of_blob(blob) {
//!         let visible = analysis.fs.visible_from_layer(&"var/lib/dpkg/status".into(), layer);
//!         println!("layer {layer}: {} bytes, visible at the end: {visible}", text.len());
//!     }
//! }
//! assert!(analysis.fs.exists("/bin/sh") || image.config.config.is_some());
//! # Ok::<(), plimsoll_image::ImageError>(())
//! ```

pub mod blob;
pub mod config;
pub mod contents;
pub mod dive;
pub mod error;
pub mod fs;
pub mod gates;
pub mod image;
pub mod inflate;
pub mod layer;
pub mod packages;
pub mod path;
pub mod report;
pub mod rules;
pub mod secrets;
pub mod source;
pub mod tar;
pub mod visit;

pub use config::ImageConfigFile;
pub use contents::{ContentCollector, Contents};
pub use dive::{DiveMetrics, dive_metrics};
pub use error::ImageError;
pub use fs::{FsEntry, MergedFs, RemovalReason, WasteRecord};
pub use image::{Image, Layer, SourceInfo, SourceKind};
pub use layer::{Compression, LayerEntry, LayerIndex, LayerStats, Whiteout};
pub use path::ImagePath;
pub use report::{Analysis, AnalysisOptions, Finding, Package, Report, analyze, build_report};
pub use rules::{CheckContext, ImageRule, RULES, RuleSettings};
pub use source::{Platform, ReadOptions, SourceFormat, SourceSpec, read_image, read_stream};
pub use tar::EntryKind;
pub use visit::{BlobId, ContentScanner, Progress};
