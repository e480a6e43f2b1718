//! An independent reader for the shared test images, built on the `tar` crate, `flate2` and
//! `zstd` (plimsoll's own reader uses neither `tar` nor the same layout code): it lists every
//! layer's entries with their contents, so tests can work out expected findings and packages
//! without going through plimsoll.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// One tar entry of one layer.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: String,
    pub kind: u8,
    pub mode: u32,
    pub size: u64,
    pub link: String,
    /// Contents of regular files up to 4 MiB (enough for package databases and metadata).
    pub data: Vec<u8>,
}

fn clean(name: &str) -> String {
    name.trim_start_matches("./")
        .trim_start_matches('/')
        .trim_end_matches('/')
        .to_owned()
}

fn read_layer(blob: &[u8]) -> Vec<Entry> {
    let decoded: Vec<u8> = if blob.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(blob)
            .read_to_end(&mut out)
            .unwrap();
        out
    } else if blob.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        zstd::decode_all(blob).unwrap()
    } else {
        blob.to_vec()
    };
    let mut archive = tar::Archive::new(decoded.as_slice());
    let mut entries = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let header = entry.header().clone();
        let path = clean(&entry.path().unwrap().to_string_lossy());
        let link = entry
            .link_name()
            .unwrap()
            .map(|l| l.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = header.size().unwrap();
        let mut data = Vec::new();
        if header.entry_type().is_file() && size <= 4 * 1024 * 1024 {
            entry.read_to_end(&mut data).unwrap();
        }
        entries.push(Entry {
            path,
            kind: header.entry_type().as_byte(),
            mode: header.mode().unwrap() & 0o7777,
            size,
            link,
            data,
        });
    }
    entries
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

/// The layers of an OCI layout directory (first manifest of `index.json`) or of a tarball
/// with `manifest.json` (legacy `docker save`, Docker 25+) or only `index.json` (OCI archive).
pub fn layers(image: &Path) -> Vec<Vec<Entry>> {
    let files: BTreeMap<String, Vec<u8>> = if image.is_dir() {
        let mut files = BTreeMap::new();
        files.insert(
            "index.json".to_owned(),
            std::fs::read(image.join("index.json")).unwrap(),
        );
        for blob in std::fs::read_dir(image.join("blobs/sha256")).unwrap() {
            let blob = blob.unwrap();
            files.insert(
                format!("blobs/sha256/{}", blob.file_name().to_string_lossy()),
                std::fs::read(blob.path()).unwrap(),
            );
        }
        files
    } else {
        let bytes = std::fs::read(image).unwrap();
        let mut archive = tar::Archive::new(bytes.as_slice());
        let mut files = BTreeMap::new();
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let name = clean(&entry.path().unwrap().to_string_lossy());
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            files.insert(name, data);
        }
        files
    };
    let layer_names: Vec<String> = if let Some(manifest) = files.get("manifest.json") {
        json(manifest)[0]["Layers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_owned())
            .collect()
    } else {
        let index = json(&files["index.json"]);
        let digest = index["manifests"][0]["digest"].as_str().unwrap();
        let manifest = json(&files[&format!("blobs/sha256/{}", &digest[7..])]);
        manifest["layers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| format!("blobs/sha256/{}", &l["digest"].as_str().unwrap()[7..]))
            .collect()
    };
    layer_names
        .iter()
        .map(|name| read_layer(&files[name]))
        .collect()
}

/// The last version of each path over all layers, with the index of the layer that wrote it.
/// Whiteouts are not applied: callers use it for paths no whiteout touches.
pub fn last_versions(layers: &[Vec<Entry>]) -> BTreeMap<String, (usize, Entry)> {
    let mut last = BTreeMap::new();
    for (index, layer) in layers.iter().enumerate() {
        for entry in layer {
            last.insert(entry.path.clone(), (index, entry.clone()));
        }
    }
    last
}
