//! One sequential pass over an image archive that cannot seek (a Docker Engine response, a
//! pipe). The manifest comes last in `docker save` output, so every blob that looks like a layer
//! is indexed as it goes by, small JSON files are kept, and the image is assembled at the end.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use super::ReadOptions;
use super::store::{MAX_JSON_LEN, Store};
use crate::blob::ProgressReader;
use crate::error::ImageError;
use crate::layer::{LayerIndex, LayerReadOptions, Sniffed, read_layer_stream, sniff};
use crate::path::{ImagePath, Normalized};
use crate::tar::{EntryKind, TarError, TarReader};
use crate::visit::BlobId;

/// Small files kept from non-layer entries.
const MAX_SMALL_FILE: u64 = 1024 * 1024;

pub struct Captured {
    pub store: Store,
    /// Layer-like blobs by archive name, with the result of reading them.
    pub blobs: HashMap<String, (BlobId, Result<LayerIndex, ImageError>)>,
    /// Archive names by [`BlobId`].
    pub order: Vec<String>,
}

fn looks_like_layer(name: &str) -> bool {
    name.starts_with("blobs/")
        || name.ends_with(".tar")
        || name.ends_with(".tar.gz")
        || name.ends_with(".tgz")
        || name.ends_with(".tar.zst")
}

pub fn read_archive<R: Read>(
    input: R,
    display: &str,
    options: &ReadOptions<'_>,
) -> Result<Captured, ImageError> {
    let input = ProgressReader {
        inner: input,
        progress: options.progress.clone(),
    };
    let mut reader = TarReader::new(BufReader::with_capacity(256 * 1024, input));
    let mut files = HashMap::new();
    let mut links = HashMap::new();
    let mut blobs = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let outer_error = |source: TarError, first: bool| {
        if first {
            ImageError::UnknownFormat {
                source_name: display.to_owned(),
                reason: format!("not a tar stream ({source})"),
            }
        } else {
            ImageError::Tar {
                blob: display.to_owned(),
                source,
            }
        }
    };
    let mut first = true;
    loop {
        let entry = match reader.next_entry() {
            Ok(Some(entry)) => entry,
            Ok(None) => break,
            Err(source) => return Err(outer_error(source, first)),
        };
        first = false;
        let (path, normalized) = ImagePath::normalize(&entry.name);
        if normalized == Normalized::Escaped || path.is_root() {
            continue;
        }
        let name = path.to_relative_string();
        match entry.kind {
            EntryKind::File if looks_like_layer(&name) => {
                let blob_display = format!("{display}:{name}");
                let mut data = BufReader::with_capacity(64 * 1024, reader.data());
                let head = data.fill_buf().map_err(|source| ImageError::Read {
                    blob: blob_display.clone(),
                    source,
                })?;
                if sniff(head) == Sniffed::Json && entry.size <= MAX_JSON_LEN {
                    let mut bytes = Vec::new();
                    data.read_to_end(&mut bytes)
                        .map_err(|source| ImageError::Read {
                            blob: blob_display,
                            source,
                        })?;
                    files.insert(name, bytes);
                } else {
                    let id = BlobId(u32::try_from(order.len()).unwrap_or(u32::MAX));
                    let layer_options = LayerReadOptions {
                        parallel_inflate: false,
                        verify: options.verify,
                        scanner: options.scanner,
                        blob: id,
                        name: &blob_display,
                    };
                    let result = read_layer_stream(&mut data, &layer_options);
                    order.push(name.clone());
                    blobs.insert(name, (id, result));
                }
            }
            EntryKind::File if entry.size <= MAX_SMALL_FILE => {
                let mut bytes = Vec::new();
                reader
                    .data()
                    .read_to_end(&mut bytes)
                    .map_err(|source| ImageError::Tar {
                        blob: display.to_owned(),
                        source: TarError::Io(source),
                    })?;
                files.insert(name, bytes);
            }
            EntryKind::Symlink => {
                let mut joined = path.parent().as_bytes().to_vec();
                if !entry.link.starts_with(b"/") {
                    joined.push(b'/');
                    joined.extend_from_slice(&entry.link);
                } else {
                    joined = entry.link.clone();
                }
                links.insert(name, ImagePath::normalize(&joined).0.to_relative_string());
            }
            EntryKind::Hardlink => {
                links.insert(
                    name,
                    ImagePath::normalize(&entry.link).0.to_relative_string(),
                );
            }
            _ => {}
        }
    }
    // Read what follows the end marker too, so a daemon sees its whole response consumed and a
    // progress bar reaches its end; errors there no longer matter.
    let _ = reader.drain();
    if first {
        return Err(ImageError::UnknownFormat {
            source_name: display.to_owned(),
            reason: "the stream is empty".into(),
        });
    }
    Ok(Captured {
        store: Store::Memory {
            display: display.to_owned(),
            files,
            links,
        },
        blobs,
        order,
    })
}
