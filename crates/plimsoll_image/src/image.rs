//! A read image: where it came from, its configuration, and its layers with their indexes.

use std::sync::Arc;

use serde::Serialize;

use crate::config::{History, ImageConfigFile};
use crate::layer::LayerIndex;
use crate::source::{Platform, SourceFormat};
use crate::visit::BlobId;

/// How the image was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    File,
    Directory,
    DockerEngine,
    Stdin,
}

/// Where the image came from.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    /// The source as given (a path, `docker://name`, `-`).
    pub name: String,
    pub kind: SourceKind,
    pub format: SourceFormat,
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifest_digest: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
}

/// One layer in image order.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Position in the image, 0 = base.
    pub position: usize,
    /// The blob holding it (shared when the same blob is used twice).
    pub blob: BlobId,
    /// The blob's name in the archive or layout.
    pub name: String,
    pub digest: Option<String>,
    pub media_type: Option<String>,
    /// `rootfs.diff_ids[position]` from the config.
    pub diff_id: Option<String>,
    /// The history entry that made the layer (non-empty entries matched in order, as dive does).
    pub history: Option<History>,
}

/// An image read from its source.
#[derive(Debug, Clone)]
pub struct Image {
    pub source: SourceInfo,
    pub config_digest: Option<String>,
    pub config: ImageConfigFile,
    pub layers: Vec<Layer>,
    /// Layer indexes by [`BlobId`].
    pub blobs: Vec<Arc<LayerIndex>>,
    /// Oddities that did not stop the read.
    pub warnings: Vec<String>,
    /// Digests and diff_ids were checked (`--verify`).
    pub verified: bool,
}

impl Image {
    /// The index of the layer at `position`.
    #[must_use]
    pub fn layer_index(&self, position: usize) -> &LayerIndex {
        &self.blobs[self.layers[position].blob.0 as usize]
    }

    /// The layer positions that use `blob`.
    #[must_use]
    pub fn layers_of_blob(&self, blob: BlobId) -> Vec<usize> {
        self.layers
            .iter()
            .filter(|layer| layer.blob == blob)
            .map(|layer| layer.position)
            .collect()
    }

    /// Layer indexes in image order.
    pub fn layer_indexes(&self) -> impl Iterator<Item = &LayerIndex> {
        (0..self.layers.len()).map(|position| self.layer_index(position))
    }
}

/// Matches history entries that made a layer to layers, in order, like `docker history` and
/// dive do. Layers beyond the history get `None`.
pub(crate) fn match_history(history: &[History], layers: usize) -> Vec<Option<History>> {
    let mut made_layer = history.iter().filter(|entry| !entry.empty_layer);
    (0..layers).map(|_| made_layer.next().cloned()).collect()
}
