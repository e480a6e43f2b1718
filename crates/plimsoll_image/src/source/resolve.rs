//! Finding the image in a container of named files: `manifest.json` (docker save, all
//! versions), or `index.json` → (nested index →) manifest (OCI layouts and archives), with
//! platform selection for multi-platform indexes.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::store::Store;
use crate::error::ImageError;
use crate::path::{ImagePath, Normalized};

/// The container format an image was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// `docker save` with `<id>/layer.tar` files (Docker ≤ 24, skopeo `docker-archive:`).
    DockerArchive,
    /// Docker 25+ `docker save`: an OCI layout plus `manifest.json`.
    DockerArchiveOci,
    /// An OCI layout in a tar, without `manifest.json` (skopeo/buildah `oci-archive:`).
    OciArchive,
    /// An OCI layout directory.
    OciLayout,
}

impl SourceFormat {
    pub fn name(self) -> &'static str {
        match self {
            Self::DockerArchive => "docker-archive",
            Self::DockerArchiveOci => "docker-archive-oci",
            Self::OciArchive => "oci-archive",
            Self::OciLayout => "oci-layout",
        }
    }
}

/// `os/arch[/variant]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

impl Platform {
    pub fn parse(text: &str) -> Result<Self, ImageError> {
        let parts: Vec<&str> = text.split('/').collect();
        if parts.iter().any(|part| part.is_empty()) {
            return Err(ImageError::InvalidPlatform(text.to_owned()));
        }
        match parts.as_slice() {
            [os, arch] => Ok(Self {
                os: (*os).to_owned(),
                architecture: (*arch).to_owned(),
                variant: None,
            }),
            [os, arch, variant] => Ok(Self {
                os: (*os).to_owned(),
                architecture: (*arch).to_owned(),
                variant: Some((*variant).to_owned()),
            }),
            _ => Err(ImageError::InvalidPlatform(text.to_owned())),
        }
    }

    /// The platform this binary runs on, in Go's architecture names.
    pub fn host() -> Self {
        let architecture = match std::env::consts::ARCH {
            "x86_64" => "amd64",
            "aarch64" => "arm64",
            "x86" => "386",
            "powerpc64" => "ppc64le",
            other => other,
        };
        Self {
            os: "linux".into(),
            architecture: architecture.into(),
            variant: None,
        }
    }

    fn matches(&self, other: &DescriptorPlatform) -> bool {
        other.os == self.os
            && other.architecture == self.architecture
            && (self.variant.is_none() || other.variant == self.variant)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(variant) = &self.variant {
            write!(f, "/{variant}")?;
        }
        Ok(())
    }
}

/// A layer as the manifest names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerRef {
    /// Name of the blob inside the container (`blobs/sha256/…`, `<id>/layer.tar`).
    pub name: String,
    /// The blob digest when the manifest (or the blob's name) gives one.
    pub digest: Option<String>,
    pub media_type: Option<String>,
}

/// The image found in a container.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub format: SourceFormat,
    pub tags: Vec<String>,
    pub manifest_digest: Option<String>,
    pub platform: Option<Platform>,
    pub config_name: String,
    pub config_digest: Option<String>,
    pub config_bytes: Vec<u8>,
    pub layers: Vec<LayerRef>,
    /// Blobs to check with `--verify` besides the layers: (what, expected digest, bytes).
    pub checked_json: Vec<(String, String, Vec<u8>)>,
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DockerManifestEntry {
    config: String,
    #[serde(default)]
    repo_tags: Option<Vec<String>>,
    #[serde(default)]
    layers: Option<Vec<String>>,
}

#[derive(Deserialize, Default, Clone)]
struct DescriptorPlatform {
    #[serde(default)]
    os: String,
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    variant: Option<String>,
}

impl fmt::Display for DescriptorPlatform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(variant) = &self.variant {
            write!(f, "/{variant}")?;
        }
        Ok(())
    }
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    #[serde(default)]
    media_type: Option<String>,
    digest: String,
    #[serde(default)]
    platform: Option<DescriptorPlatform>,
    #[serde(default)]
    annotations: Option<BTreeMap<String, String>>,
}

/// An OCI index or image manifest (the two share a document shape closely enough).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OciDocument {
    #[serde(default)]
    manifests: Option<Vec<Descriptor>>,
    #[serde(default)]
    config: Option<Descriptor>,
    #[serde(default)]
    layers: Option<Vec<Descriptor>>,
}

const INDEX_TYPES: [&str; 2] = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
];

/// Finds the image in `store`. With `platform`, a multi-platform index must have it.
pub fn resolve(
    store: &Store,
    platform: Option<&Platform>,
    is_dir: bool,
) -> Result<Resolved, ImageError> {
    let has_index = store.exists("index.json");
    let has_layout = store.exists("oci-layout");
    if let Some(wanted) = platform
        && !has_index
        && store.exists("manifest.json")
    {
        // A classic `docker save` holds one platform: check it is the one asked for.
        let resolved = resolve_docker_manifest(store, has_layout)?;
        let config: crate::config::ImageConfigFile =
            parse_json(store, &resolved.config_name, &resolved.config_bytes)?;
        let found = DescriptorPlatform {
            os: config.os.unwrap_or_default(),
            architecture: config.architecture.unwrap_or_default(),
            variant: config.variant,
        };
        if wanted.matches(&found) {
            return Ok(resolved);
        }
        return Err(ImageError::NoMatchingPlatform {
            archive: store.display(),
            wanted: wanted.to_string(),
            available: found.to_string(),
        });
    }
    if store.exists("manifest.json") && platform.is_none() {
        let resolved = resolve_docker_manifest(store, has_layout)?;
        let config_has_layers =
            serde_json::from_slice::<crate::config::ImageConfigFile>(&resolved.config_bytes)
                .ok()
                .and_then(|config| config.rootfs)
                .is_some_and(|rootfs| !rootfs.diff_ids.is_empty());
        // Docker 25.0.0 wrote manifest.json entries without layers; index.json is right there.
        if !(resolved.layers.is_empty() && config_has_layers && has_index) {
            return Ok(resolved);
        }
    }
    if has_index {
        let format = if is_dir {
            SourceFormat::OciLayout
        } else if store.exists("manifest.json") {
            SourceFormat::DockerArchiveOci
        } else {
            SourceFormat::OciArchive
        };
        return resolve_oci(store, platform, format);
    }
    Err(ImageError::UnknownFormat {
        source_name: store.display(),
        reason: "found neither manifest.json (docker save) nor index.json (OCI layout)".into(),
    })
}

fn parse_json<T: for<'de> Deserialize<'de>>(
    store: &Store,
    name: &str,
    bytes: &[u8],
) -> Result<T, ImageError> {
    serde_json::from_slice(bytes).map_err(|source| ImageError::Json {
        blob: store.blob_display(name),
        source,
    })
}

fn resolve_docker_manifest(store: &Store, has_layout: bool) -> Result<Resolved, ImageError> {
    let bytes = store.read("manifest.json", "manifest")?;
    let entries: Vec<DockerManifestEntry> = parse_json(store, "manifest.json", &bytes)?;
    let mut warnings = Vec::new();
    let Some(entry) = entries.first() else {
        return Err(ImageError::InvalidManifest {
            blob: store.blob_display("manifest.json"),
            reason: "manifest.json lists no image".into(),
        });
    };
    if entries.len() > 1 {
        warnings.push(format!(
            "the archive holds {} images; analyzing the first ({})",
            entries.len(),
            entry
                .repo_tags
                .as_ref()
                .and_then(|tags| tags.first())
                .map_or("untagged", String::as_str)
        ));
    }
    let config_name = archive_name(store, &entry.config)?;
    let config_bytes = store.read(&config_name, "image config")?;
    let config_digest = digest_from_name(&config_name);
    let mut layers = Vec::new();
    for layer in entry.layers.iter().flatten() {
        let name = archive_name(store, layer)?;
        let digest = digest_from_name(&name).filter(|_| name.starts_with("blobs/"));
        layers.push(LayerRef {
            name,
            digest,
            media_type: None,
        });
    }
    let mut checked_json = Vec::new();
    if let Some(digest) = &config_digest {
        checked_json.push((
            store.blob_display(&config_name),
            digest.clone(),
            config_bytes.clone(),
        ));
    }
    Ok(Resolved {
        format: if has_layout {
            SourceFormat::DockerArchiveOci
        } else {
            SourceFormat::DockerArchive
        },
        tags: entry.repo_tags.clone().unwrap_or_default(),
        manifest_digest: None,
        platform: None,
        config_name,
        config_digest,
        config_bytes,
        layers,
        checked_json,
        warnings,
    })
}

/// A manifest name from `manifest.json`, normalized; names climbing out are refused.
fn archive_name(store: &Store, raw: &str) -> Result<String, ImageError> {
    let (clean, normalized) = ImagePath::normalize(raw.as_bytes());
    if normalized == Normalized::Escaped || clean.is_root() {
        return Err(ImageError::HostilePath {
            archive: store.display(),
            path: raw.to_owned(),
        });
    }
    Ok(clean.to_relative_string())
}

/// `sha256:<hex>` from names like `blobs/sha256/<hex>`, `<hex>.json`, `<hex>.tar`.
fn digest_from_name(name: &str) -> Option<String> {
    let is_hex = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some(hex) = name.strip_prefix("blobs/sha256/")
        && is_hex(hex)
    {
        return Some(format!("sha256:{hex}"));
    }
    let stem = name
        .strip_suffix(".json")
        .or_else(|| name.strip_suffix(".tar"))?;
    let stem = stem.strip_prefix("sha256:").unwrap_or(stem);
    is_hex(stem).then(|| format!("sha256:{stem}"))
}

/// `blobs/<alg>/<encoded>` for a digest, refusing digests that could name another path.
fn blob_name(store: &Store, digest: &str) -> Result<String, ImageError> {
    let valid = digest.split_once(':').filter(|(alg, encoded)| {
        !alg.is_empty()
            && !encoded.is_empty()
            && alg
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b))
            && encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"=_-".contains(&b))
    });
    match valid {
        Some((alg, encoded)) => Ok(format!("blobs/{alg}/{encoded}")),
        None => Err(ImageError::HostilePath {
            archive: store.display(),
            path: digest.to_owned(),
        }),
    }
}

struct Candidate {
    descriptor: Descriptor,
    tags: Vec<String>,
}

fn resolve_oci(
    store: &Store,
    platform: Option<&Platform>,
    format: SourceFormat,
) -> Result<Resolved, ImageError> {
    let index_bytes = store.read("index.json", "index")?;
    let index: OciDocument = parse_json(store, "index.json", &index_bytes)?;
    let mut candidates = Vec::new();
    let mut checked_json = Vec::new();
    collect_candidates(store, &index, &[], 0, &mut candidates, &mut checked_json)?;
    if candidates.is_empty() {
        return Err(ImageError::InvalidManifest {
            blob: store.blob_display("index.json"),
            reason: "the index lists no image manifest".into(),
        });
    }
    let chosen = choose(store, candidates, platform)?;
    let manifest_name = blob_name(store, &chosen.descriptor.digest)?;
    let manifest_bytes = store.read(&manifest_name, "image manifest")?;
    checked_json.push((
        store.blob_display(&manifest_name),
        chosen.descriptor.digest.clone(),
        manifest_bytes.clone(),
    ));
    let manifest: OciDocument = parse_json(store, &manifest_name, &manifest_bytes)?;
    let config = manifest.config.ok_or_else(|| ImageError::InvalidManifest {
        blob: store.blob_display(&manifest_name),
        reason: "the manifest has no config descriptor".into(),
    })?;
    let config_name = blob_name(store, &config.digest)?;
    let config_bytes = store.read(&config_name, "image config")?;
    checked_json.push((
        store.blob_display(&config_name),
        config.digest.clone(),
        config_bytes.clone(),
    ));
    let mut layers = Vec::new();
    for layer in manifest.layers.unwrap_or_default() {
        layers.push(LayerRef {
            name: blob_name(store, &layer.digest)?,
            digest: Some(layer.digest),
            media_type: layer.media_type,
        });
    }
    Ok(Resolved {
        format,
        tags: chosen.tags,
        manifest_digest: Some(chosen.descriptor.digest.clone()),
        platform: chosen.descriptor.platform.as_ref().map(|p| Platform {
            os: p.os.clone(),
            architecture: p.architecture.clone(),
            variant: p.variant.clone(),
        }),
        config_name,
        config_digest: Some(config.digest),
        config_bytes,
        layers,
        checked_json,
        warnings: Vec::new(),
    })
}

fn tags_of(descriptor: &Descriptor) -> Vec<String> {
    let Some(annotations) = &descriptor.annotations else {
        return Vec::new();
    };
    annotations
        .get("io.containerd.image.name")
        .or_else(|| annotations.get("org.opencontainers.image.ref.name"))
        .map(|name| vec![name.clone()])
        .unwrap_or_default()
}

fn is_attestation(descriptor: &Descriptor) -> bool {
    let annotated = descriptor
        .annotations
        .as_ref()
        .and_then(|a| a.get("vnd.docker.reference.type"))
        .is_some_and(|kind| kind == "attestation-manifest");
    let unknown_platform = descriptor
        .platform
        .as_ref()
        .is_some_and(|p| p.os == "unknown" && p.architecture == "unknown");
    annotated || unknown_platform
}

fn collect_candidates(
    store: &Store,
    index: &OciDocument,
    inherited_tags: &[String],
    depth: usize,
    out: &mut Vec<Candidate>,
    checked: &mut Vec<(String, String, Vec<u8>)>,
) -> Result<(), ImageError> {
    if depth > 4 {
        return Ok(());
    }
    for descriptor in index.manifests.iter().flatten() {
        if is_attestation(descriptor) {
            continue;
        }
        let mut tags = tags_of(descriptor);
        if tags.is_empty() {
            tags = inherited_tags.to_vec();
        }
        let is_index = descriptor
            .media_type
            .as_deref()
            .is_some_and(|t| INDEX_TYPES.contains(&t));
        if is_index {
            let name = blob_name(store, &descriptor.digest)?;
            if !store.exists(&name) {
                continue;
            }
            let bytes = store.read(&name, "image index")?;
            checked.push((
                store.blob_display(&name),
                descriptor.digest.clone(),
                bytes.clone(),
            ));
            let nested: OciDocument = parse_json(store, &name, &bytes)?;
            collect_candidates(store, &nested, &tags, depth + 1, out, checked)?;
        } else {
            out.push(Candidate {
                descriptor: descriptor.clone(),
                tags,
            });
        }
    }
    Ok(())
}

fn choose(
    store: &Store,
    candidates: Vec<Candidate>,
    platform: Option<&Platform>,
) -> Result<Candidate, ImageError> {
    let describe = |candidates: &[Candidate]| {
        candidates
            .iter()
            .map(|c| {
                c.descriptor
                    .platform
                    .as_ref()
                    .map_or_else(|| "unspecified".to_owned(), ToString::to_string)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let present = |c: &Candidate| {
        blob_name(store, &c.descriptor.digest).is_ok_and(|name| store.exists(&name))
    };
    if let Some(wanted) = platform {
        let available = describe(&candidates);
        return candidates
            .into_iter()
            .find(|c| {
                c.descriptor
                    .platform
                    .as_ref()
                    .is_some_and(|p| wanted.matches(p))
            })
            .ok_or_else(|| ImageError::NoMatchingPlatform {
                archive: store.display(),
                wanted: wanted.to_string(),
                available,
            });
    }
    if candidates.len() == 1 {
        return Ok(candidates.into_iter().next().expect("one candidate"));
    }
    let host = Platform::host();
    let host_index = candidates.iter().position(|c| {
        c.descriptor
            .platform
            .as_ref()
            .is_some_and(|p| host.matches(p))
            && present(c)
    });
    let index = host_index
        .or_else(|| candidates.iter().position(present))
        .unwrap_or(0);
    Ok(candidates.into_iter().nth(index).expect("index in range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_from_archive_names() {
        let hex = "a".repeat(64);
        assert_eq!(
            digest_from_name(&format!("blobs/sha256/{hex}")),
            Some(format!("sha256:{hex}"))
        );
        assert_eq!(
            digest_from_name(&format!("{hex}.json")),
            Some(format!("sha256:{hex}"))
        );
        assert_eq!(digest_from_name("abc/layer.tar"), None);
    }

    #[test]
    fn platforms() {
        let p = Platform::parse("linux/arm64/v8").unwrap();
        assert_eq!(p.to_string(), "linux/arm64/v8");
        assert!(Platform::parse("linux").is_err());
        assert!(Platform::parse("linux//v8").is_err());
        let described = DescriptorPlatform {
            os: "linux".into(),
            architecture: "arm64".into(),
            variant: Some("v8".into()),
        };
        assert!(Platform::parse("linux/arm64").unwrap().matches(&described));
        assert!(
            !Platform::parse("linux/arm64/v7")
                .unwrap()
                .matches(&described)
        );
    }
}
