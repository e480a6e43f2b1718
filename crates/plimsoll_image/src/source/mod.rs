//! Image sources: `docker save` tarballs (all flavours), OCI layout directories and archives,
//! a Docker Engine over its socket, or a tar stream on stdin. File sources are indexed once and
//! their layers read in parallel; streams are read in one sequential pass.

mod engine;
mod resolve;
mod store;
mod stream;

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

pub use engine::{ChunkedReader, socket_path};
pub use resolve::{Platform, SourceFormat};

use crate::config::ImageConfigFile;
use crate::error::ImageError;
use crate::image::{Image, Layer, SourceInfo, SourceKind, match_history};
use crate::layer::{LayerIndex, LayerReadOptions, read_layer_window};
use crate::visit::{BlobId, ContentScanner, Progress};
use resolve::Resolved;
use store::Store;

/// What the user named as the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceSpec {
    /// A tarball or a directory.
    Path(PathBuf),
    /// An image in a running Docker Engine (`docker://NAME`).
    Engine(String),
    /// A `docker save` stream on standard input (`-`).
    Stdin,
}

impl SourceSpec {
    /// Parses `docker://NAME`, `docker-daemon:NAME`, `-`, optional transport prefixes
    /// (`docker-archive:`, `oci:`, `oci-archive:`, `oci-dir:`) and plain paths.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        if text == "-" {
            return Self::Stdin;
        }
        for prefix in ["docker://", "docker-daemon:", "daemon://"] {
            if let Some(name) = text.strip_prefix(prefix) {
                return Self::Engine(name.to_owned());
            }
        }
        for prefix in [
            "docker-archive://",
            "docker-archive:",
            "oci-archive:",
            "oci-dir:",
            "oci:",
        ] {
            if let Some(path) = text.strip_prefix(prefix) {
                return Self::Path(PathBuf::from(path));
            }
        }
        Self::Path(PathBuf::from(text))
    }
}

/// How to read an image.
#[derive(Clone, Default)]
pub struct ReadOptions<'a> {
    /// Check blob digests, diff_ids and the config digest (reads every byte).
    pub verify: bool,
    /// Pick this platform from a multi-platform index.
    pub platform: Option<Platform>,
    /// Sees selected file contents during the read.
    pub scanner: Option<&'a dyn ContentScanner>,
    pub progress: Option<Arc<dyn Progress>>,
    /// `DOCKER_HOST` for `docker://` sources.
    pub docker_host: Option<String>,
}

/// Reads the image named by `spec`.
pub fn read_image(spec: &SourceSpec, options: &ReadOptions<'_>) -> Result<Image, ImageError> {
    match spec {
        SourceSpec::Path(path) => {
            let metadata = std::fs::metadata(path).map_err(|source| ImageError::Io {
                path: path.clone(),
                source,
            })?;
            let name = path.display().to_string();
            if metadata.is_dir() {
                read_store(&Store::open_dir(path), name, SourceKind::Directory, options)
            } else {
                read_store(&Store::open_tar(path)?, name, SourceKind::File, options)
            }
        }
        SourceSpec::Engine(name) => {
            let socket = socket_path(options.docker_host.as_deref())?;
            let (body, size) = engine::save_stream(&socket, name)?;
            if let (Some(progress), Some(size)) = (&options.progress, size) {
                progress.set_total(size);
            }
            read_stream(
                body,
                format!("docker://{name}"),
                SourceKind::DockerEngine,
                options,
            )
        }
        SourceSpec::Stdin => read_stream(
            std::io::stdin().lock(),
            "-".into(),
            SourceKind::Stdin,
            options,
        ),
    }
}

/// Reads a `docker save` / OCI archive from any byte stream, in one pass.
pub fn read_stream<R: Read>(
    input: R,
    name: String,
    kind: SourceKind,
    options: &ReadOptions<'_>,
) -> Result<Image, ImageError> {
    let captured = stream::read_archive(input, &name, options)?;
    let resolved = resolve::resolve(&captured.store, options.platform.as_ref(), false)?;
    let mut blob_of_layer = Vec::new();
    for layer in &resolved.layers {
        let key = captured.store.resolve(&layer.name);
        match captured.blobs.get(&key) {
            Some((id, _)) => blob_of_layer.push(*id),
            None => return Err(captured.store.missing(&layer.name, "layer blob")),
        }
    }
    let mut indexes: Vec<Option<Arc<LayerIndex>>> = vec![None; captured.order.len()];
    let mut blobs = captured.blobs;
    for id in &blob_of_layer {
        if indexes[id.0 as usize].is_none() {
            let key = &captured.order[id.0 as usize];
            let (_, result) = blobs.remove(key).expect("blob read once");
            indexes[id.0 as usize] = Some(Arc::new(result?));
        }
    }
    // Blobs no layer uses stay empty placeholders so that ids keep their positions.
    let indexes = indexes.into_iter().map(Option::unwrap_or_default).collect();
    assemble(resolved, name, kind, indexes, &blob_of_layer, options)
}

fn read_store(
    store: &Store,
    name: String,
    kind: SourceKind,
    options: &ReadOptions<'_>,
) -> Result<Image, ImageError> {
    let resolved = resolve::resolve(
        store,
        options.platform.as_ref(),
        kind == SourceKind::Directory,
    )?;
    // Each distinct blob is read once, even when several layers use it.
    let mut ids: HashMap<String, BlobId> = HashMap::new();
    let mut unique = Vec::new();
    let mut blob_of_layer = Vec::new();
    for layer in &resolved.layers {
        let key = store.resolve(&layer.name);
        let next = BlobId(u32::try_from(unique.len()).unwrap_or(u32::MAX));
        let id = *ids.entry(key).or_insert_with(|| {
            unique.push(layer.name.clone());
            next
        });
        blob_of_layer.push(id);
    }
    let windows = unique
        .iter()
        .map(|blob| store.window(blob, "layer blob"))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(progress) = &options.progress {
        progress.set_total(windows.iter().map(crate::blob::Window::len).sum());
    }
    let displays: Vec<String> = unique.iter().map(|blob| store.blob_display(blob)).collect();
    let parallel = parallel_inflate_layer(&windows);
    let results: Vec<Result<LayerIndex, ImageError>> = windows
        .into_par_iter()
        .enumerate()
        .map(|(i, window)| {
            let layer_options = LayerReadOptions {
                verify: options.verify,
                scanner: options.scanner,
                blob: BlobId(u32::try_from(i).unwrap_or(u32::MAX)),
                name: &displays[i],
                parallel_inflate: parallel == Some(i),
            };
            read_layer_window(
                window.with_progress(options.progress.clone()),
                &layer_options,
            )
        })
        .collect();
    let indexes = results
        .into_iter()
        .map(|result| result.map(Arc::new))
        .collect::<Result<Vec<_>, _>>()?;
    assemble(resolved, name, kind, indexes, &blob_of_layer, options)
}

/// The layer worth inflating on two cores: one that is at least 32 MB and more than half of all
/// layer bytes (otherwise the other layers keep the cores busy), and at most 128 MiB, since its
/// second half is held in memory (compressed and inflated: about 100 MB of RSS for a 54 MB
/// layer, against 10 MB when streaming).
fn parallel_inflate_layer(windows: &[crate::blob::Window]) -> Option<usize> {
    const MIN: u64 = 32 * 1024 * 1024;
    const MAX: u64 = 128 * 1024 * 1024;
    if rayon::current_num_threads() < 2 {
        return None;
    }
    let total: u64 = windows.iter().map(crate::blob::Window::len).sum();
    let (index, biggest) = windows
        .iter()
        .enumerate()
        .max_by_key(|(_, window)| window.len())?;
    let size = biggest.len();
    ((MIN..=MAX).contains(&size) && size * 2 > total).then_some(index)
}

fn assemble(
    resolved: Resolved,
    name: String,
    kind: SourceKind,
    blobs: Vec<Arc<LayerIndex>>,
    blob_of_layer: &[BlobId],
    options: &ReadOptions<'_>,
) -> Result<Image, ImageError> {
    let config: ImageConfigFile =
        serde_json::from_slice(&resolved.config_bytes).map_err(|source| ImageError::Json {
            blob: resolved.config_name.clone(),
            source,
        })?;
    let diff_ids = config
        .rootfs
        .as_ref()
        .map(|rootfs| rootfs.diff_ids.clone())
        .unwrap_or_default();
    let mut warnings = resolved.warnings.clone();
    if diff_ids.len() != resolved.layers.len() {
        let message = format!(
            "the manifest lists {} layers but the config has {} diff_ids",
            resolved.layers.len(),
            diff_ids.len()
        );
        if options.verify {
            return Err(ImageError::InvalidManifest {
                blob: resolved.config_name.clone(),
                reason: message,
            });
        }
        warnings.push(message);
    }
    let history = match_history(&config.history, resolved.layers.len());
    let layers: Vec<Layer> = resolved
        .layers
        .iter()
        .zip(history)
        .enumerate()
        .map(|(position, (layer, history))| Layer {
            position,
            blob: blob_of_layer[position],
            name: layer.name.clone(),
            digest: layer.digest.clone(),
            media_type: layer.media_type.clone(),
            diff_id: diff_ids.get(position).cloned(),
            history,
        })
        .collect();
    if options.verify {
        verify(&resolved, &layers, &blobs)?;
    }
    for layer in &layers {
        for warning in &blobs[layer.blob.0 as usize].warnings {
            warnings.push(format!("layer {}: {warning}", layer.position));
        }
    }
    Ok(Image {
        source: SourceInfo {
            name,
            kind,
            format: resolved.format,
            tags: resolved.tags,
            manifest_digest: resolved.manifest_digest,
            platform: resolved.platform,
        },
        config_digest: resolved.config_digest,
        config,
        layers,
        blobs,
        warnings,
        verified: options.verify,
    })
}

fn verify(
    resolved: &Resolved,
    layers: &[Layer],
    blobs: &[Arc<LayerIndex>],
) -> Result<(), ImageError> {
    let mismatch = |what: String, expected: &str, actual: &str| ImageError::DigestMismatch {
        what,
        expected: expected.to_owned(),
        actual: actual.to_owned(),
    };
    for (what, expected, bytes) in &resolved.checked_json {
        if expected.starts_with("sha256:") {
            let actual = crate::blob::sha256_digest(bytes);
            if &actual != expected {
                return Err(mismatch(what.clone(), expected, &actual));
            }
        }
    }
    for layer in layers {
        let index = &blobs[layer.blob.0 as usize];
        let what = format!("layer {} ({})", layer.position, layer.name);
        if let (Some(expected), Some(actual)) = (&layer.digest, &index.computed_digest)
            && expected.starts_with("sha256:")
            && expected != actual
        {
            return Err(mismatch(format!("{what} blob"), expected, actual));
        }
        match (&layer.diff_id, &index.computed_diff_id) {
            (Some(expected), Some(actual)) if expected != actual => {
                return Err(mismatch(format!("{what} diff_id"), expected, actual));
            }
            _ => {}
        }
    }
    Ok(())
}
