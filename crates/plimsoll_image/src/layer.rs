//! One layer, read in one streaming pass: decompression picked by magic bytes, tar headers
//! parsed, whiteouts separated from entries, nothing written to disk. Memory grows with the
//! number of entries, never with their bytes.

use std::io::{self, BufRead, BufReader, Read};

use serde::Serialize;

use crate::blob::{HashingReader, SeekableInput, StreamSummary, Window};
use crate::error::ImageError;
use crate::path::{ImagePath, Normalized};
use crate::tar::{EntryKind, TarError, TarInput, TarReader};
use crate::visit::{BlobId, ContentScanner};

const STREAM_BUFFER: usize = 256 * 1024;

/// How a layer blob is compressed, found from its first bytes (media types lie, and legacy
/// `layer.tar` files have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Gzip => "gzip",
            Self::Zstd => "zstd",
        }
    }
}

/// What the first bytes of a blob say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    Layer(Compression),
    Xz,
    Bzip2,
    Json,
}

pub(crate) fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(&[0x1f, 0x8b]) {
        Sniffed::Layer(Compression::Gzip)
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Sniffed::Layer(Compression::Zstd)
    } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        Sniffed::Xz
    } else if head.starts_with(b"BZh") {
        Sniffed::Bzip2
    } else if head.trim_ascii_start().first() == Some(&b'{') {
        Sniffed::Json
    } else {
        Sniffed::Layer(Compression::None)
    }
}

/// One entry of a layer (not a whiteout), as the tar header describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerEntry {
    pub path: ImagePath,
    pub kind: EntryKind,
    /// The header's size: the content length for regular files, usually 0 otherwise.
    pub size: u64,
    /// Permission bits plus setuid/setgid/sticky (`0o7777` mask of the header mode).
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub mtime: i64,
    /// Link target, raw bytes: a symlink's text as written, or a hardlink's archive path.
    pub link: Option<Box<[u8]>>,
}

impl LayerEntry {
    /// Content bytes this entry adds to the layer (regular files only).
    pub fn content_size(&self) -> u64 {
        if self.kind == EntryKind::File {
            self.size
        } else {
            0
        }
    }
}

/// A whiteout in a layer: hides a path of the lower layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whiteout {
    /// For a file whiteout (`dir/.wh.name`): the hidden path `dir/name`. For an opaque whiteout
    /// (`dir/.wh..wh..opq`): the directory `dir` whose lower contents are hidden.
    pub path: ImagePath,
    pub opaque: bool,
    /// The header size of the whiteout entry (0 in practice; dive counts it).
    pub header_size: u64,
}

/// Something odd in a layer that did not stop the read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LayerWarning {
    /// An entry whose name climbs above the root (`../`); it was left out of the filesystem.
    PathEscapesRoot { name: String },
    /// A bare `.wh.` entry, which the OCI spec calls invalid.
    InvalidWhiteout { name: String },
    /// A hardlink whose target does not exist when the link is applied.
    DanglingHardlink { path: String, target: String },
}

impl std::fmt::Display for LayerWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PathEscapesRoot { name } => {
                write!(f, "entry `{name}` escapes the root; left out")
            }
            Self::InvalidWhiteout { name } => write!(f, "invalid whiteout entry `{name}`; ignored"),
            Self::DanglingHardlink { path, target } => {
                write!(f, "hardlink `{path}` points to missing `{target}`")
            }
        }
    }
}

/// Counts and byte totals of one layer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LayerStats {
    /// Length of the blob as stored (`None` for a legacy uncompressed `layer.tar`, where it is
    /// the same as `tar_size`).
    pub compressed_size: Option<u64>,
    /// Length of the uncompressed tar stream (what the `diff_id` covers).
    pub tar_size: u64,
    /// Σ header size of regular files.
    pub content_size: u64,
    /// Σ header size of every entry, dive's `layer.Size`.
    pub dive_size: u64,
    pub entries: u64,
    pub files: u64,
    pub dirs: u64,
    pub symlinks: u64,
    pub hardlinks: u64,
    pub other: u64,
    pub whiteouts: u64,
    pub opaque_whiteouts: u64,
}

/// Everything one streaming pass learns about a layer.
#[derive(Debug, Clone, Default)]
pub struct LayerIndex {
    /// Entries in tar order (whiteouts and AUFS metadata excluded).
    pub entries: Vec<LayerEntry>,
    pub whiteouts: Vec<Whiteout>,
    pub warnings: Vec<LayerWarning>,
    pub stats: LayerStats,
    pub compression: Option<Compression>,
    /// `sha256:` of the decompressed tar, when `--verify` hashed it.
    pub computed_diff_id: Option<String>,
    /// `sha256:` of the blob as stored, when `--verify` hashed it.
    pub computed_digest: Option<String>,
}

/// How to read one layer.
#[derive(Clone, Copy)]
pub struct LayerReadOptions<'a> {
    /// Hash the blob and the uncompressed stream (forces reading every byte).
    pub verify: bool,
    pub scanner: Option<&'a dyn ContentScanner>,
    pub blob: BlobId,
    /// Names the blob in errors (`image.tar:blobs/sha256/ab12…`).
    pub name: &'a str,
    /// A big gzip layer that dominates the image: inflate its two halves on two cores
    /// ([`crate::inflate`]), holding it in memory.
    pub parallel_inflate: bool,
}

/// Reads a layer stored in a file window. An uncompressed layer is indexed by reading only its
/// headers (contents are skipped by position) unless hashing is asked for.
pub fn read_layer_window(
    window: Window,
    options: &LayerReadOptions<'_>,
) -> Result<LayerIndex, ImageError> {
    let head = window
        .peek(8)
        .map_err(|source| read_error(options, source))?;
    let blob_len = window.len();
    if sniff(&head) == Sniffed::Layer(Compression::None) && !options.verify {
        let mut index = index_tar(SeekableInput::new(window), options, Compression::None)?;
        index.stats.compressed_size = None;
        index.stats.tar_size = index.stats.tar_size.max(blob_len);
        return Ok(index);
    }
    if options.parallel_inflate
        && !options.verify
        && sniff(&head) == Sniffed::Layer(Compression::Gzip)
        && let Some(index) = read_gzip_on_two_cores(&window, options)?
    {
        return Ok(index);
    }
    read_layer_stream(window, options)
}

/// Reads a gzip layer with [`crate::inflate::ParallelGunzip`]. `None` when that does not apply
/// or fails in any way: the ordinary reader then reads the layer again and reports any real
/// corruption (a scanner may see some files twice; the content collector drops duplicates).
fn read_gzip_on_two_cores(
    window: &Window,
    options: &LayerReadOptions<'_>,
) -> Result<Option<LayerIndex>, ImageError> {
    let len = window.len();
    let head = window
        .read_range(0, usize::try_from(len.min(64 * 1024)).unwrap_or(0))
        .map_err(|source| read_error(options, source))?;
    let Some(start) = crate::inflate::gzip_header_len(&head) else {
        return Ok(None);
    };
    let (Ok(start), Ok(len_usize)) = (u64::try_from(start), usize::try_from(len)) else {
        return Ok(None);
    };
    if len < start + 8 + 1024 * 1024 {
        return Ok(None);
    }
    let deflate_len = len_usize - usize::try_from(start).unwrap_or(0) - 8;
    // A little past the middle: the second half first decodes a few MB with the slower marker
    // inflater and loads its own input, so an even split would leave the first half waiting.
    let middle = deflate_len / 100 * 51;
    let trailer: [u8; 8] = window
        .read_range(len - 8, 8)
        .map_err(|source| read_error(options, source))?
        .try_into()
        .unwrap_or_default();
    let second_window = window.fresh();
    let load_second = move || {
        let bytes = second_window
            .read_range(start + middle as u64, deflate_len - middle)
            .ok()?;
        second_window.report_progress(bytes.len() as u64);
        Some(bytes)
    };
    let mut input = window.fresh();
    io::copy(&mut (&mut input).take(start), &mut io::sink())
        .map_err(|source| read_error(options, source))?;
    let reader =
        crate::inflate::ParallelGunzip::start(input, deflate_len, middle, load_second, trailer);
    match index_tar(reader, options, Compression::Gzip) {
        Ok(mut index) => {
            index.stats.compressed_size = Some(len);
            Ok(Some(index))
        }
        Err(_) => Ok(None),
    }
}

/// Reads a layer from any byte stream (a decompressor is chosen from the first bytes).
pub fn read_layer_stream<R: Read>(
    raw: R,
    options: &LayerReadOptions<'_>,
) -> Result<LayerIndex, ImageError> {
    let mut buffered =
        BufReader::with_capacity(STREAM_BUFFER, HashingReader::new(raw, options.verify));
    let head = buffered
        .fill_buf()
        .map_err(|source| read_error(options, source))?;
    let compression = match sniff(head) {
        Sniffed::Layer(compression) => compression,
        Sniffed::Xz => return Err(unsupported(options, "xz")),
        Sniffed::Bzip2 => return Err(unsupported(options, "bzip2")),
        Sniffed::Json => {
            return Err(ImageError::NotALayer {
                blob: options.name.to_owned(),
                reason: "the blob is JSON, e.g. an OCI artifact's empty descriptor".into(),
            });
        }
    };
    let (mut index, raw_summary) = match compression {
        Compression::None => {
            // The tar reader works on the raw buffer directly: no second copy of every byte.
            let mut reader = TarReader::new(buffered);
            let mut index = index_entries(&mut reader, options, compression)?;
            let mut input = reader.into_inner();
            crate::tar::skip_by_reading(&mut input, u64::MAX)
                .map_err(|source| stream_error(options, compression, source))?;
            let summary = input.get_ref().summary();
            index.stats.tar_size = summary.bytes;
            (index, summary)
        }
        Compression::Gzip => {
            let decoder = flate2::bufread::MultiGzDecoder::new(buffered);
            let (index, input) = index_stream(decoder, options, compression)?;
            (
                index,
                input.into_inner().get_ref().get_ref().get_ref().summary(),
            )
        }
        Compression::Zstd => {
            let decoder = zstd::stream::read::Decoder::with_buffer(buffered)
                .map_err(|source| decompress_error(options, compression, source))?;
            let (index, input) = index_stream(decoder, options, compression)?;
            (
                index,
                input.into_inner().get_ref().get_ref().get_ref().summary(),
            )
        }
    };
    if compression == Compression::None {
        index.stats.compressed_size = None;
        index.computed_diff_id.clone_from(&raw_summary.digest);
    } else {
        index.stats.compressed_size = Some(raw_summary.bytes);
    }
    index.computed_digest = raw_summary.digest;
    Ok(index)
}

/// Indexes an uncompressed tar stream (already decompressed), hashing it when verifying.
fn index_stream<D: Read>(
    decoded: D,
    options: &LayerReadOptions<'_>,
    compression: Compression,
) -> Result<(LayerIndex, BufReader<HashingReader<D>>), ImageError> {
    // Hash the decompressed stream only when it differs from the raw one.
    let hash = options.verify && compression != Compression::None;
    let input = BufReader::with_capacity(STREAM_BUFFER, HashingReader::new(decoded, hash));
    let mut reader = TarReader::new(input);
    let mut index = index_entries(&mut reader, options, compression)?;
    let mut input = reader.into_inner();
    // Read the trailer too: the diff_id covers it, and a gzip stream checks its CRC at the end.
    crate::tar::skip_by_reading(&mut input, u64::MAX)
        .map_err(|source| stream_error(options, compression, source))?;
    let summary: StreamSummary = input.get_ref().summary();
    index.stats.tar_size = summary.bytes;
    if hash {
        index.computed_diff_id = summary.digest;
    }
    Ok((index, input))
}

fn index_tar<I: TarInput>(
    input: I,
    options: &LayerReadOptions<'_>,
    compression: Compression,
) -> Result<LayerIndex, ImageError> {
    let mut reader = TarReader::new(input);
    let mut index = index_entries(&mut reader, options, compression)?;
    reader
        .drain()
        .map_err(|source| stream_error(options, compression, source))?;
    index.stats.tar_size = reader.offset();
    Ok(index)
}

fn index_entries<I: TarInput>(
    reader: &mut TarReader<I>,
    options: &LayerReadOptions<'_>,
    compression: Compression,
) -> Result<LayerIndex, ImageError> {
    let mut index = LayerIndex {
        compression: Some(compression),
        ..LayerIndex::default()
    };
    let tar_error = |error: TarError| match error {
        TarError::Io(source) => stream_error(options, compression, source),
        other => ImageError::Tar {
            blob: options.name.to_owned(),
            source: other,
        },
    };
    while let Some(raw) = reader.next_entry().map_err(tar_error)? {
        let (path, normalized) = ImagePath::normalize(&raw.name);
        if normalized == Normalized::Escaped {
            index.warnings.push(LayerWarning::PathEscapesRoot {
                name: String::from_utf8_lossy(&raw.name).into_owned(),
            });
            continue;
        }
        if path.is_root() {
            // `./` itself: dive skips it too.
            continue;
        }
        index.stats.dive_size += raw.size;
        let name = path.file_name();
        if let Some(hidden) = name.strip_prefix(b".wh.") {
            if hidden == b".wh..opq" {
                index.stats.opaque_whiteouts += 1;
                index.whiteouts.push(Whiteout {
                    path: path.parent(),
                    opaque: true,
                    header_size: raw.size,
                });
            } else if hidden.starts_with(b".wh.") {
                // AUFS bookkeeping (`.wh..wh.plnk`, `.wh..wh.aufs`): not part of the filesystem.
            } else if hidden.is_empty() {
                index.warnings.push(LayerWarning::InvalidWhiteout {
                    name: String::from_utf8_lossy(&raw.name).into_owned(),
                });
            } else {
                index.stats.whiteouts += 1;
                index.whiteouts.push(Whiteout {
                    path: path.parent().join(hidden),
                    opaque: false,
                    header_size: raw.size,
                });
            }
            continue;
        }
        if path.components().any(|part| part.starts_with(b".wh..wh.")) {
            // Contents of an AUFS metadata directory.
            continue;
        }
        let stats = &mut index.stats;
        stats.entries += 1;
        match raw.kind {
            EntryKind::File => {
                stats.files += 1;
                stats.content_size += raw.size;
            }
            EntryKind::Dir => stats.dirs += 1,
            EntryKind::Symlink => stats.symlinks += 1,
            EntryKind::Hardlink => stats.hardlinks += 1,
            _ => stats.other += 1,
        }
        let link = matches!(raw.kind, EntryKind::Symlink | EntryKind::Hardlink)
            .then(|| raw.link.into_boxed_slice());
        let entry = LayerEntry {
            path,
            kind: raw.kind,
            size: raw.size,
            mode: raw.mode & 0o7777,
            uid: u32::try_from(raw.uid).unwrap_or(u32::MAX),
            gid: u32::try_from(raw.gid).unwrap_or(u32::MAX),
            mtime: raw.mtime,
            link,
        };
        if let Some(scanner) = options.scanner
            && entry.kind == EntryKind::File
            && scanner.wants(options.blob, &entry)
        {
            scanner.scan(options.blob, &entry, &mut reader.data());
        }
        index.entries.push(entry);
    }
    Ok(index)
}

fn read_error(options: &LayerReadOptions<'_>, source: io::Error) -> ImageError {
    ImageError::Read {
        blob: options.name.to_owned(),
        source,
    }
}

fn decompress_error(
    options: &LayerReadOptions<'_>,
    compression: Compression,
    source: io::Error,
) -> ImageError {
    ImageError::Decompress {
        blob: options.name.to_owned(),
        compression: compression.name(),
        source,
    }
}

/// An I/O error while reading the (possibly decompressed) stream: blame the decompressor when
/// there is one, since raw reads of a file rarely fail.
fn stream_error(
    options: &LayerReadOptions<'_>,
    compression: Compression,
    source: io::Error,
) -> ImageError {
    if compression == Compression::None {
        read_error(options, source)
    } else {
        decompress_error(options, compression, source)
    }
}

fn unsupported(options: &LayerReadOptions<'_>, compression: &'static str) -> ImageError {
    ImageError::UnsupportedCompression {
        blob: options.name.to_owned(),
        compression,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::Arc;

    use plimsoll_testing::images::Tar;

    use super::*;
    use crate::inflate::tests::{gzip, local_repeats};

    /// Reads `blob` as a layer from a temporary file, with or without the two-core inflate.
    fn read_blob(blob: &[u8], parallel_inflate: bool) -> Result<LayerIndex, ImageError> {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(blob).unwrap();
        let options = LayerReadOptions {
            verify: false,
            scanner: None,
            blob: BlobId(0),
            name: "test",
            parallel_inflate,
        };
        read_layer_window(Window::new(Arc::new(file), 0, blob.len() as u64), &options)
    }

    #[test]
    fn parallel_inflate_indexes_like_the_stream_reader() {
        let mut tar = Tar::new().dir("usr/");
        for i in 0..40 {
            tar = tar.file(
                &format!("usr/lib/file{i}.bin"),
                &local_repeats(100_000 + i * 997, i as u64 + 1),
            );
        }
        let tar = tar.finish();
        let gz = gzip(&tar, 6);
        assert!(
            crate::inflate::tests::parallel_gunzip(&gz).unwrap().1,
            "the layer splits"
        );
        let (parallel, sequential) = (
            read_blob(&gz, true).unwrap(),
            read_blob(&gz, false).unwrap(),
        );
        assert_eq!(parallel.entries, sequential.entries);
        assert_eq!(parallel.stats, sequential.stats);
        assert_eq!(parallel.stats.tar_size, tar.len() as u64);
        assert_eq!(parallel.stats.compressed_size, Some(gz.len() as u64));
        assert_eq!(parallel.compression, Some(Compression::Gzip));

        // Two gzip members (allowed in layers): the parallel reader declines, the result is the
        // same.
        let mut two = gz.clone();
        two.extend_from_slice(&gzip(&Tar::new().file("extra.txt", b"x").finish(), 6));
        assert_eq!(
            read_blob(&two, true).unwrap().entries,
            read_blob(&two, false).unwrap().entries
        );

        // A corrupt layer is reported by the sequential reader, with its usual error.
        let mut bad = gz.clone();
        let at = bad.len() / 3;
        bad[at] ^= 0xff;
        let error = read_blob(&bad, true).unwrap_err();
        assert!(error.to_string().contains("test"), "{error}");
    }
}
