//! Builds small images in code: tar layers written header by header (so tests can make hostile
//! names, PAX and GNU long names, missing trailers), compressed or not, packed as an OCI layout
//! directory, an OCI archive, a Docker 25+ archive or a legacy `docker save` tarball.
//!
//! Used by the image reader's tests, the CLI tests and any check that needs a small image.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

fn hex_of(digest: &str) -> &str {
    digest.strip_prefix("sha256:").unwrap()
}

/// A tar stream written by hand.
#[derive(Default, Clone)]
pub struct Tar {
    buf: Vec<u8>,
    /// End of the last entry's data (before its padding).
    data_end: usize,
}

const MTIME: u64 = 1_700_000_000;

impl Tar {
    pub fn new() -> Self {
        Self::default()
    }

    fn octal(field: &mut [u8], value: u64) {
        let text = format!("{value:0width$o}", width = field.len() - 1);
        field[..text.len()].copy_from_slice(text.as_bytes());
        field[text.len()] = 0;
    }

    /// Writes one raw header block (plus data and padding).
    pub fn raw_entry(
        &mut self,
        name: &[u8],
        typeflag: u8,
        data: &[u8],
        mode: u32,
        link: &[u8],
        uid: u32,
    ) {
        let mut h = [0u8; 512];
        let n = name.len().min(100);
        h[..n].copy_from_slice(&name[..n]);
        Self::octal(&mut h[100..108], u64::from(mode));
        Self::octal(&mut h[108..116], u64::from(uid));
        Self::octal(&mut h[116..124], u64::from(uid));
        Self::octal(&mut h[124..136], data.len() as u64);
        Self::octal(&mut h[136..148], MTIME);
        h[156] = typeflag;
        let l = link.len().min(100);
        h[157..157 + l].copy_from_slice(&link[..l]);
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        let text = format!("{sum:06o}\0 ");
        h[148..156].copy_from_slice(text.as_bytes());
        self.buf.extend_from_slice(&h);
        self.buf.extend_from_slice(data);
        self.data_end = self.buf.len();
        let pad = (512 - data.len() % 512) % 512;
        self.buf.extend(std::iter::repeat_n(0, pad));
    }

    /// An entry; names over 100 bytes get a PAX `path` record first.
    fn entry(mut self, name: &str, typeflag: u8, data: &[u8], mode: u32, link: &str) -> Self {
        if name.len() > 100 {
            let record_body = format!(" path={name}\n");
            let mut len = record_body.len() + 1;
            while format!("{len}{record_body}").len() != len {
                len += 1;
            }
            let record = format!("{len}{record_body}");
            self.raw_entry(b"././@PaxHeader", b'x', record.as_bytes(), 0o644, b"", 0);
        }
        self.raw_entry(name.as_bytes(), typeflag, data, mode, link.as_bytes(), 0);
        self
    }

    pub fn file(self, name: &str, data: &[u8]) -> Self {
        self.entry(name, b'0', data, 0o644, "")
    }

    pub fn file_mode(self, name: &str, data: &[u8], mode: u32) -> Self {
        self.entry(name, b'0', data, mode, "")
    }

    pub fn dir(self, name: &str) -> Self {
        self.entry(name, b'5', b"", 0o755, "")
    }

    /// A directory with the given mode bits (sticky, setgid, world-writable…).
    pub fn dir_mode(self, name: &str, mode: u32) -> Self {
        self.entry(name, b'5', b"", mode, "")
    }

    pub fn symlink(self, name: &str, target: &str) -> Self {
        self.entry(name, b'2', b"", 0o777, target)
    }

    pub fn hardlink(self, name: &str, target: &str) -> Self {
        self.entry(name, b'1', b"", 0o644, target)
    }

    /// A GNU `L` long-name entry followed by the file.
    pub fn gnu_long_file(mut self, name: &str, data: &[u8]) -> Self {
        let mut long = name.as_bytes().to_vec();
        long.push(0);
        self.raw_entry(b"././@LongLink", b'L', &long, 0o644, b"", 0);
        self.raw_entry(
            &name.as_bytes()[..100.min(name.len())],
            b'0',
            data,
            0o644,
            b"",
            0,
        );
        self
    }

    /// An entry with arbitrary name bytes (hostile or non-UTF-8 names).
    pub fn raw_file(mut self, name: &[u8], data: &[u8]) -> Self {
        self.raw_entry(name, b'0', data, 0o644, b"", 0);
        self
    }

    /// The archive with its end marker (two zero blocks).
    pub fn finish(mut self) -> Vec<u8> {
        self.buf.extend(std::iter::repeat_n(0, 1024));
        self.buf
    }

    /// No end-of-archive blocks.
    pub fn without_trailer(self) -> Vec<u8> {
        self.buf
    }

    /// No end-of-archive blocks and no padding after the last entry (umoci 0.4 layers).
    pub fn without_padding(mut self) -> Vec<u8> {
        self.buf.truncate(self.data_end);
        self.buf
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comp {
    None,
    Gzip,
    Zstd,
}

pub fn compress(tar: &[u8], comp: Comp) -> Vec<u8> {
    match comp {
        Comp::None => tar.to_vec(),
        Comp::Gzip => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(tar).unwrap();
            encoder.finish().unwrap()
        }
        Comp::Zstd => zstd::encode_all(tar, 1).unwrap(),
    }
}

/// One layer: its uncompressed tar and the instruction that made it.
#[derive(Clone)]
pub struct LayerSpec {
    pub tar: Vec<u8>,
    pub created_by: String,
}

/// An image to write in any format.
#[derive(Clone)]
pub struct ImageSpec {
    pub layers: Vec<LayerSpec>,
    /// The runtime `config` object.
    pub config: serde_json::Value,
    /// Replaces the computed diff_ids (to test `--verify`).
    pub diff_ids: Option<Vec<String>>,
    pub compression: Comp,
}

impl ImageSpec {
    pub fn new(layers: Vec<Vec<u8>>) -> Self {
        Self {
            layers: layers
                .into_iter()
                .enumerate()
                .map(|(i, tar)| LayerSpec {
                    tar,
                    created_by: format!("/bin/sh -c step-{i}"),
                })
                .collect(),
            config: serde_json::json!({"User": "1000", "Env": ["PATH=/usr/bin"], "Cmd": ["app"]}),
            diff_ids: None,
            compression: Comp::None,
        }
    }

    pub fn compressed(mut self, comp: Comp) -> Self {
        self.compression = comp;
        self
    }

    pub fn config_json(&self) -> Vec<u8> {
        let diff_ids = self
            .diff_ids
            .clone()
            .unwrap_or_else(|| self.layers.iter().map(|l| sha256(&l.tar)).collect());
        let history: Vec<serde_json::Value> = self
            .layers
            .iter()
            .flat_map(|l| {
                [
                    serde_json::json!({"created_by": l.created_by}),
                    serde_json::json!({"created_by": "/bin/sh -c #(nop) ENV X=1", "empty_layer": true}),
                ]
            })
            .collect();
        serde_json::to_vec(&serde_json::json!({
            "architecture": "amd64",
            "os": "linux",
            "created": "2026-01-01T00:00:00Z",
            "config": self.config,
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": history,
        }))
        .unwrap()
    }

    fn blobs(&self) -> (Vec<(String, Vec<u8>)>, String, String) {
        let mut blobs = Vec::new();
        let config = self.config_json();
        let config_digest = sha256(&config);
        let media = match self.compression {
            Comp::None => "application/vnd.oci.image.layer.v1.tar",
            Comp::Gzip => "application/vnd.oci.image.layer.v1.tar+gzip",
            Comp::Zstd => "application/vnd.oci.image.layer.v1.tar+zstd",
        };
        let mut layer_descs = Vec::new();
        for layer in &self.layers {
            let blob = compress(&layer.tar, self.compression);
            let digest = sha256(&blob);
            layer_descs.push(
                serde_json::json!({"mediaType": media, "digest": digest, "size": blob.len()}),
            );
            blobs.push((digest, blob));
        }
        let manifest = serde_json::to_vec(&serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config.len()},
            "layers": layer_descs,
        }))
        .unwrap();
        let manifest_digest = sha256(&manifest);
        blobs.push((config_digest.clone(), config));
        blobs.push((manifest_digest.clone(), manifest));
        (blobs, manifest_digest, config_digest)
    }

    fn index_json(manifest_digest: &str, size: usize) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "schemaVersion": 2,
            "manifests": [{
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": manifest_digest,
                "size": size,
                "annotations": {"org.opencontainers.image.ref.name": "test:latest"},
            }],
        }))
        .unwrap()
    }

    /// An OCI layout directory.
    pub fn write_oci_dir(&self, dir: &Path) -> PathBuf {
        let (blobs, manifest_digest, _) = self.blobs();
        std::fs::create_dir_all(dir.join("blobs/sha256")).unwrap();
        let mut manifest_size = 0;
        for (digest, blob) in &blobs {
            if digest == &manifest_digest {
                manifest_size = blob.len();
            }
            std::fs::write(dir.join("blobs/sha256").join(hex_of(digest)), blob).unwrap();
        }
        std::fs::write(dir.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
        std::fs::write(
            dir.join("index.json"),
            Self::index_json(&manifest_digest, manifest_size),
        )
        .unwrap();
        dir.to_owned()
    }

    /// An OCI archive; with `docker_manifest`, a Docker 25+ `docker save` archive.
    pub fn write_oci_archive(&self, path: &Path, docker_manifest: bool) -> PathBuf {
        std::fs::write(path, self.oci_archive_bytes(docker_manifest)).unwrap();
        path.to_owned()
    }

    pub fn oci_archive_bytes(&self, docker_manifest: bool) -> Vec<u8> {
        let (blobs, manifest_digest, config_digest) = self.blobs();
        let mut tar = Tar::new().file("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#);
        let mut manifest_size = 0;
        for (digest, blob) in &blobs {
            if digest == &manifest_digest {
                manifest_size = blob.len();
            }
            tar = tar.file(&format!("blobs/sha256/{}", hex_of(digest)), blob);
        }
        tar = tar.file(
            "index.json",
            &Self::index_json(&manifest_digest, manifest_size),
        );
        if docker_manifest {
            let layers: Vec<String> = blobs
                .iter()
                .take(self.layers.len())
                .map(|(d, _)| format!("blobs/sha256/{}", hex_of(d)))
                .collect();
            let manifest = serde_json::json!([{
                "Config": format!("blobs/sha256/{}", hex_of(&config_digest)),
                "RepoTags": ["test:latest"],
                "Layers": layers,
            }]);
            tar = tar.file("manifest.json", &serde_json::to_vec(&manifest).unwrap());
        }
        tar.finish()
    }

    /// A legacy `docker save` tarball (`<id>/layer.tar`, uncompressed).
    pub fn write_legacy(&self, path: &Path) -> PathBuf {
        std::fs::write(path, self.legacy_bytes()).unwrap();
        path.to_owned()
    }

    /// Layers are `layer.tar` (uncompressed) or, with a compression, `layer.tar.gz` /
    /// `layer.tar.zst` as kaniko and jib write them.
    pub fn legacy_bytes(&self) -> Vec<u8> {
        let config = self.config_json();
        let config_name = format!("{}.json", hex_of(&sha256(&config)));
        let mut tar = Tar::new();
        let mut layer_names = Vec::new();
        let suffix = match self.compression {
            Comp::None => "tar",
            Comp::Gzip => "tar.gz",
            Comp::Zstd => "tar.zst",
        };
        for (i, layer) in self.layers.iter().enumerate() {
            let id = format!("{i:064x}");
            let name = format!("{id}/layer.{suffix}");
            tar = tar
                .dir(&format!("{id}/"))
                .file(&format!("{id}/VERSION"), b"1.0")
                .file(&format!("{id}/json"), b"{}")
                .file(&name, &compress(&layer.tar, self.compression));
            layer_names.push(name);
        }
        tar = tar.file(&config_name, &config);
        let manifest = serde_json::json!([{
            "Config": config_name,
            "RepoTags": ["test:latest"],
            "Layers": layer_names,
        }]);
        tar.file("manifest.json", &serde_json::to_vec(&manifest).unwrap())
            .file("repositories", b"{}")
            .finish()
    }

    /// skopeo's `docker-archive:` layout: top-level `<diffid>.tar` files and `<id>/layer.tar`
    /// symlinks to `../<diffid>.tar`. The manifest names the symlinks when `via_symlinks`,
    /// the top-level files otherwise.
    pub fn skopeo_bytes(&self, via_symlinks: bool) -> Vec<u8> {
        let config = self.config_json();
        let config_name = format!("{}.json", hex_of(&sha256(&config)));
        let mut tar = Tar::new();
        for layer in &self.layers {
            tar = tar.file(&format!("{}.tar", hex_of(&sha256(&layer.tar))), &layer.tar);
        }
        tar = tar.file(&config_name, &config);
        let mut layer_names = Vec::new();
        for (i, layer) in self.layers.iter().enumerate() {
            let id = format!("{:064x}", i + 1000);
            let flat = format!("{}.tar", hex_of(&sha256(&layer.tar)));
            tar = tar
                .symlink(&format!("{id}/layer.tar"), &format!("../{flat}"))
                .file(&format!("{id}/VERSION"), b"1.0");
            layer_names.push(if via_symlinks {
                format!("{id}/layer.tar")
            } else {
                flat
            });
        }
        let manifest = serde_json::json!([{
            "Config": config_name,
            "RepoTags": ["docker.io/library/test:latest"],
            "Layers": layer_names,
        }]);
        tar.file("manifest.json", &serde_json::to_vec(&manifest).unwrap())
            .finish()
    }
}
