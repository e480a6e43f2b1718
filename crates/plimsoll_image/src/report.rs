//! The analysis result as data: what `plimsoll image --format json` prints, and what the
//! terminal renderer draws. The schema is documented in `docs/image-json.md`; fields are only
//! ever added, never renamed, within a `schema_version`.

use std::collections::{BTreeMap, HashMap};

use plimsoll_text::Severity;
use serde::Serialize;

use crate::config::{Healthcheck, instruction_from_created_by};
use crate::dive::{DiveMetrics, dive_metrics};
use crate::fs::{MergedFs, Removal, RemovalReason};
use crate::gates::GateResult;
use crate::image::{Image, SourceInfo};
use crate::layer::{Compression, LayerIndex};
use crate::path::ImagePath;
use crate::tar::EntryKind;

pub const SCHEMA_VERSION: u32 = 1;

/// What to compute and how much to list.
#[derive(Debug, Clone, Copy)]
pub struct AnalysisOptions {
    /// Length of the "biggest"/"wasted" lists; 0 = everything.
    pub top: usize,
    /// Also compute dive's numbers.
    pub dive: bool,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        Self {
            top: 20,
            dive: false,
        }
    }
}

/// The merged filesystem plus optional dive numbers: everything later checks need.
pub struct Analysis {
    pub fs: MergedFs,
    pub dive: Option<DiveMetrics>,
}

/// Applies the layers and computes the waste (and dive's numbers when asked).
#[must_use]
pub fn analyze(image: &Image, options: &AnalysisOptions) -> Analysis {
    // dive's trees are built from the layer indexes, not from the merged filesystem, so the
    // two run side by side.
    let (fs, dive) = rayon::join(
        || MergedFs::build(image.layer_indexes()),
        || {
            options.dive.then(|| {
                let layers: Vec<&LayerIndex> = image.layer_indexes().collect();
                dive_metrics(&layers)
            })
        },
    );
    Analysis { fs, dive }
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub source: SourceInfo,
    pub image: ImageSummary,
    pub size: SizeSummary,
    pub layers: Vec<LayerReport>,
    pub config: ConfigReport,
    pub history: Vec<HistoryReport>,
    /// Bytes in the layers that the final filesystem does not show (one copy of each file is
    /// kept; deleted directories and opaque whiteouts count).
    pub wasted_bytes: u64,
    /// `size.final / size.content` (1.0 for an empty image).
    pub efficiency: f64,
    pub wasted_files: Vec<WastedFile>,
    /// Whiteouts and overwrites that hid the most bytes.
    pub removals: Vec<Removal>,
    pub biggest_files: Vec<FileSize>,
    pub biggest_directories: Vec<DirSize>,
    /// dive 0.13's numbers, with `--dive` (its inefficient-files list cut to the top).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dive: Option<DiveMetrics>,
    pub warnings: Vec<String>,
    /// Image checks (filled by the image rules; empty until they run).
    pub findings: Vec<Finding>,
    /// Installed packages (filled by the package inventory; empty until it runs).
    pub packages: Vec<Package>,
    /// CI gate verdicts (`--fail-on`, `--max-size`, …, `--dive-ci`); absent when none was
    /// asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gates: Vec<GateResult>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageSummary {
    pub config_digest: Option<String>,
    pub os: Option<String>,
    pub architecture: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub created: Option<String>,
    /// Digests and diff_ids were checked (`--verify`).
    pub verified: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SizeSummary {
    /// Σ stored blob lengths of compressed layers; `null` when no layer is compressed.
    pub compressed: Option<u64>,
    /// Σ uncompressed layer tar lengths (what `docker images` shows).
    pub uncompressed: u64,
    /// Σ regular-file bytes over all layers.
    pub content: u64,
    /// Σ regular-file bytes visible in the final filesystem (hardlinks once).
    #[serde(rename = "final")]
    pub final_size: u64,
    /// Regular files in the final filesystem (hardlinked paths once).
    pub files: u64,
    /// All paths in the final filesystem.
    pub entries: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct LayerReport {
    pub index: usize,
    pub digest: Option<String>,
    pub diff_id: Option<String>,
    pub media_type: Option<String>,
    pub compression: Option<Compression>,
    pub compressed_size: Option<u64>,
    pub tar_size: u64,
    pub content_size: u64,
    pub entries: u64,
    pub files: u64,
    pub dirs: u64,
    pub symlinks: u64,
    pub hardlinks: u64,
    pub whiteouts: u64,
    pub opaque_whiteouts: u64,
    pub added: u64,
    pub modified: u64,
    pub overwritten: u64,
    pub deleted: u64,
    pub live: u64,
    /// This layer's bytes that later layers hid.
    pub wasted: u64,
    /// The instruction that made the layer (`RUN …`, `COPY …`), from the history.
    pub instruction: Option<String>,
    pub created_by: Option<String>,
    pub created: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ConfigReport {
    pub user: Option<String>,
    pub working_dir: Option<String>,
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub env: Vec<String>,
    pub exposed_ports: Vec<String>,
    pub volumes: Vec<String>,
    pub labels: BTreeMap<String, String>,
    pub healthcheck: Option<Healthcheck>,
    pub stop_signal: Option<String>,
    pub shell: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryReport {
    pub created: Option<String>,
    pub created_by: Option<String>,
    pub instruction: Option<String>,
    pub comment: Option<String>,
    pub empty_layer: bool,
    /// The layer this entry made.
    pub layer: Option<usize>,
}

/// All hidden versions of one path.
#[derive(Debug, Clone, Serialize)]
pub struct WastedFile {
    pub path: String,
    pub wasted_bytes: u64,
    /// Hidden versions of the path.
    pub versions: usize,
    /// Layers that added the hidden versions.
    pub added_in: Vec<usize>,
    /// Layers that hid them.
    pub removed_in: Vec<usize>,
    /// How the last hidden version was hidden.
    pub reason: RemovalReason,
    /// Whether the path still exists in the final filesystem (with newer content).
    pub visible: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileSize {
    pub path: String,
    pub size: u64,
    pub layer: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DirSize {
    pub path: String,
    pub size: u64,
    pub files: u64,
}

/// A check result about the image (written by the image rules, see [`crate::rules`]).
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The rule code, `PI001`.
    pub code: &'static str,
    /// The rule name, `runs-as-root`.
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The path inside the image the finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The layer that wrote the path (or that the history entry made).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<usize>,
    /// The layer that later deleted or overwrote this version of the path: it is gone from the
    /// final filesystem but still shipped in `layer`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_in: Option<usize>,
}

/// An installed package (written by the package inventory, see [`crate::packages`]).
#[derive(Debug, Clone, Serialize)]
pub struct Package {
    /// `deb`, `apk`, `python`.
    pub ecosystem: String,
    pub name: String,
    pub version: String,
    /// Installed size in bytes: dpkg's `Installed-Size` × 1024, apk's `I:`, or the sum of the
    /// files a Python package's `RECORD` lists; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// The database file (or `.dist-info` directory) that lists the package.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The layer that installed this version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<usize>,
}

/// Sizes in SI units with one decimal (`26.8 MB`), as dive and `docker images` print them.
#[must_use]
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

fn take_top<T>(mut items: Vec<T>, top: usize) -> Vec<T> {
    if top > 0 {
        items.truncate(top);
    }
    items
}

/// Builds the report from an image and its analysis.
#[must_use]
pub fn build_report(image: &Image, analysis: &Analysis, options: &AnalysisOptions) -> Report {
    let fs = &analysis.fs;
    let layers = layer_reports(image, fs);
    let content: u64 = layers.iter().map(|l| l.content_size).sum();
    let final_size = fs.final_size();
    let any_compressed = layers.iter().any(|l| l.compressed_size.is_some());
    let (biggest_files, biggest_directories, files, entries) = sizes(fs, options.top);
    let mut warnings = image.warnings.clone();
    warnings.extend(
        fs.warnings
            .iter()
            .map(|(layer, warning)| format!("layer {layer}: {warning}")),
    );
    let mut removals = fs.removals.clone();
    removals.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
    Report {
        schema_version: SCHEMA_VERSION,
        source: image.source.clone(),
        image: ImageSummary {
            config_digest: image.config_digest.clone(),
            os: image.config.os.clone(),
            architecture: image.config.architecture.clone(),
            variant: image.config.variant.clone(),
            created: image.config.created.clone(),
            verified: image.verified,
        },
        size: SizeSummary {
            compressed: any_compressed
                .then(|| layers.iter().filter_map(|l| l.compressed_size).sum()),
            uncompressed: layers.iter().map(|l| l.tar_size).sum(),
            content,
            final_size,
            files,
            entries,
        },
        config: config_report(image),
        history: history_reports(image),
        wasted_bytes: fs.wasted_bytes(),
        efficiency: if content == 0 {
            1.0
        } else {
            final_size as f64 / content as f64
        },
        wasted_files: take_top(wasted_files(fs), options.top),
        removals: take_top(removals, options.top),
        biggest_files,
        biggest_directories,
        dive: analysis.dive.clone().map(|mut dive| {
            dive.inefficient_files = take_top(dive.inefficient_files, options.top);
            dive
        }),
        warnings,
        findings: Vec::new(),
        packages: Vec::new(),
        gates: Vec::new(),
        layers,
    }
}

fn layer_reports(image: &Image, fs: &MergedFs) -> Vec<LayerReport> {
    image
        .layers
        .iter()
        .map(|layer| {
            let index = image.layer_index(layer.position);
            let stats = &index.stats;
            let attributed = fs
                .layer_stats
                .get(layer.position)
                .cloned()
                .unwrap_or_default();
            let history = layer.history.as_ref();
            let created_by = history.and_then(|h| h.created_by.clone());
            LayerReport {
                index: layer.position,
                digest: layer.digest.clone(),
                diff_id: layer.diff_id.clone(),
                media_type: layer.media_type.clone(),
                compression: index.compression,
                compressed_size: stats.compressed_size,
                tar_size: stats.tar_size,
                content_size: stats.content_size,
                entries: stats.entries,
                files: stats.files,
                dirs: stats.dirs,
                symlinks: stats.symlinks,
                hardlinks: stats.hardlinks,
                whiteouts: stats.whiteouts,
                opaque_whiteouts: stats.opaque_whiteouts,
                added: attributed.added,
                modified: attributed.modified,
                overwritten: attributed.overwritten,
                deleted: attributed.deleted,
                live: attributed.live,
                wasted: attributed.dead,
                instruction: created_by.as_deref().map(instruction_from_created_by),
                created_by,
                created: history.and_then(|h| h.created.clone()),
                comment: history.and_then(|h| h.comment.clone()),
            }
        })
        .collect()
}

fn config_report(image: &Image) -> ConfigReport {
    let Some(config) = &image.config.config else {
        return ConfigReport::default();
    };
    ConfigReport {
        user: config.user.clone(),
        working_dir: config.working_dir.clone(),
        entrypoint: config.entrypoint.clone(),
        cmd: config.cmd.clone(),
        env: config.env.clone(),
        exposed_ports: config.exposed_ports.keys().cloned().collect(),
        volumes: config.volumes.keys().cloned().collect(),
        labels: config.labels.clone(),
        healthcheck: config.healthcheck.clone(),
        stop_signal: config.stop_signal.clone(),
        shell: config.shell.clone(),
    }
}

fn history_reports(image: &Image) -> Vec<HistoryReport> {
    let mut next_layer = 0;
    image
        .config
        .history
        .iter()
        .map(|entry| {
            let layer = (!entry.empty_layer && next_layer < image.layers.len()).then(|| {
                next_layer += 1;
                next_layer - 1
            });
            HistoryReport {
                created: entry.created.clone(),
                created_by: entry.created_by.clone(),
                instruction: entry.created_by.as_deref().map(instruction_from_created_by),
                comment: entry.comment.clone(),
                empty_layer: entry.empty_layer,
                layer,
            }
        })
        .collect()
}

fn wasted_files(fs: &MergedFs) -> Vec<WastedFile> {
    let mut by_path: HashMap<&ImagePath, WastedFile> = HashMap::new();
    for record in &fs.waste {
        let file = by_path.entry(&record.path).or_insert_with(|| WastedFile {
            path: record.path.to_absolute_string(),
            wasted_bytes: 0,
            versions: 0,
            added_in: Vec::new(),
            removed_in: Vec::new(),
            reason: record.reason,
            visible: false,
        });
        file.wasted_bytes += record.bytes;
        file.versions += 1;
        file.added_in.push(record.added_in);
        file.removed_in.push(record.removed_in);
        file.reason = record.reason;
    }
    let mut files: Vec<WastedFile> = by_path
        .into_iter()
        .map(|(path, mut file)| {
            file.visible = fs.lookup(&path.to_relative_string()).is_some();
            file
        })
        .collect();
    files.sort_by(|a, b| {
        b.wasted_bytes
            .cmp(&a.wasted_bytes)
            .then_with(|| a.path.cmp(&b.path))
    });
    files
}

/// Biggest files and directories of the final filesystem; also counts files and entries.
fn sizes(fs: &MergedFs, top: usize) -> (Vec<FileSize>, Vec<DirSize>, u64, u64) {
    // Hardlinked paths share an inode; its bytes count once, under the first path walked.
    let mut seen_inodes: Vec<bool> = Vec::new();
    let mut files = Vec::new();
    let mut dir_sizes = Vec::new();
    // The walk is depth first, so the directories it is inside form a stack; a directory's
    // totals are final when the walk leaves it, and then go to its parent.
    let mut open: Vec<OpenDir> = Vec::new();
    let mut entries = 0;
    for entry in fs.walk() {
        entries += 1;
        close_dirs_outside(&mut open, Some(&entry.path), &mut dir_sizes);
        if entry.kind == EntryKind::Dir {
            open.push(OpenDir {
                path: entry.path,
                size: 0,
                files: 0,
            });
            continue;
        }
        let Some(inode) = entry.inode else { continue };
        let inode = inode as usize;
        if seen_inodes.len() <= inode {
            seen_inodes.resize(inode + 1, false);
        }
        if std::mem::replace(&mut seen_inodes[inode], true) {
            continue;
        }
        if let Some(dir) = open.last_mut() {
            dir.size += entry.size;
            dir.files += 1;
        }
        files.push(FileSize {
            path: entry.path.to_absolute_string(),
            size: entry.size,
            layer: entry.layer,
        });
    }
    close_dirs_outside(&mut open, None, &mut dir_sizes);
    let file_count = files.len() as u64;
    files.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
    dir_sizes.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
    (
        take_top(files, top),
        take_top(dir_sizes, top),
        file_count,
        entries,
    )
}

/// A directory the walk is inside, with the totals of what it has seen under it so far.
struct OpenDir {
    path: ImagePath,
    size: u64,
    files: u64,
}

/// Closes the open directories that do not contain `path` (all of them for `None`): each one's
/// totals are added to its parent's, and it is listed when it holds any bytes.
fn close_dirs_outside(open: &mut Vec<OpenDir>, path: Option<&ImagePath>, out: &mut Vec<DirSize>) {
    while let Some(dir) = open.last() {
        if let Some(path) = path {
            let (dir_bytes, path_bytes) = (dir.path.as_bytes(), path.as_bytes());
            if path_bytes.len() > dir_bytes.len()
                && path_bytes.starts_with(dir_bytes)
                && path_bytes[dir_bytes.len()] == b'/'
            {
                return;
            }
        }
        let dir = open.pop().expect("checked above");
        if let Some(parent) = open.last_mut() {
            parent.size += dir.size;
            parent.files += dir.files;
        }
        if dir.size > 0 {
            out.push(DirSize {
                path: dir.path.to_absolute_string(),
                size: dir.size,
                files: dir.files,
            });
        }
    }
}
