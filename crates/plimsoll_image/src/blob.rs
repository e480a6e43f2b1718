//! Byte sources for blobs: a window into a file (an entry of a tar archive, or a whole file of an
//! OCI layout directory) read with positioned reads so many threads can share one descriptor,
//! and a hashing/counting adapter for `--verify`.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::os::unix::fs::FileExt;
use std::sync::Arc;

use sha2::{Digest as _, Sha256};

use crate::tar::TarInput;
use crate::visit::Progress;

/// A byte range of a file, read with `pread` (no shared file position).
#[derive(Clone)]
pub struct Window {
    file: Arc<File>,
    start: u64,
    len: u64,
    pos: u64,
    progress: Option<Arc<dyn Progress>>,
}

impl Window {
    pub fn new(file: Arc<File>, start: u64, len: u64) -> Self {
        Self {
            file,
            start,
            len,
            pos: 0,
            progress: None,
        }
    }

    #[must_use]
    pub fn with_progress(mut self, progress: Option<Arc<dyn Progress>>) -> Self {
        self.progress = progress;
        self
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The first bytes of the window (fewer if it is shorter), without moving the position.
    pub fn peek(&self, n: usize) -> io::Result<Vec<u8>> {
        let want = usize::try_from(self.len).map_or(n, |len| len.min(n));
        let mut buf = vec![0; want];
        self.file.read_exact_at(&mut buf, self.start)?;
        Ok(buf)
    }

    /// `len` bytes from `offset` within the window, without moving the position.
    pub fn read_range(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        if offset.saturating_add(len as u64) > self.len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "range beyond the end of the blob",
            ));
        }
        let mut buf = vec![0; len];
        self.file.read_exact_at(&mut buf, self.start + offset)?;
        Ok(buf)
    }

    /// The same window read from its start again (same progress sink).
    #[must_use]
    pub fn fresh(&self) -> Self {
        Self {
            file: Arc::clone(&self.file),
            start: self.start,
            len: self.len,
            pos: 0,
            progress: self.progress.clone(),
        }
    }

    /// Reports `n` bytes read some other way (positional reads) to the progress sink.
    pub fn report_progress(&self, n: u64) {
        if let Some(progress) = &self.progress {
            progress.advance(n);
        }
    }

    /// Reads the whole window into memory (for small JSON blobs).
    pub fn read_all(&self) -> io::Result<Vec<u8>> {
        let len = usize::try_from(self.len)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "blob too large"))?;
        let mut buf = vec![0; len];
        self.file.read_exact_at(&mut buf, self.start)?;
        Ok(buf)
    }

    fn remaining(&self) -> u64 {
        self.len - self.pos
    }

    fn advance(&mut self, n: u64) {
        self.pos += n;
        if let Some(progress) = &self.progress {
            progress.advance(n);
        }
    }
}

impl Read for Window {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = usize::try_from(self.remaining()).map_or(buf.len(), |r| r.min(buf.len()));
        if want == 0 {
            return Ok(0);
        }
        let n = self.file.read_at(&mut buf[..want], self.start + self.pos)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "file is shorter than the archive index says",
            ));
        }
        self.advance(n as u64);
        Ok(n)
    }
}

/// An uncompressed layer in a file: headers are read through a buffer, file contents are skipped
/// by moving the position, so only the headers are ever read from disk.
pub struct SeekableInput {
    inner: BufReader<Window>,
}

impl SeekableInput {
    pub fn new(window: Window) -> Self {
        Self {
            // Headers are 512 bytes and mostly far apart; a small buffer wastes less on skips.
            inner: BufReader::with_capacity(4 * 1024, window),
        }
    }
}

impl Read for SeekableInput {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

impl BufRead for SeekableInput {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
    }
}

impl TarInput for SeekableInput {
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        let buffered = self.inner.buffer().len() as u64;
        if n <= buffered {
            self.inner.consume(usize::try_from(n).unwrap_or(usize::MAX));
            return Ok(n);
        }
        self.inner
            .consume(usize::try_from(buffered).unwrap_or(usize::MAX));
        // The buffer is empty now, so moving the window underneath it is safe.
        let window = self.inner.get_mut();
        let step = (n - buffered).min(window.remaining());
        window.advance(step);
        Ok(buffered + step)
    }
}

/// Counts the bytes passing through and, when asked, hashes them with SHA-256.
pub struct HashingReader<R> {
    inner: R,
    hasher: Option<Sha256>,
    count: u64,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R, hash: bool) -> Self {
        Self {
            inner,
            hasher: hash.then(Sha256::new),
            count: 0,
        }
    }
}

/// Shared view of a [`HashingReader`]'s results, readable after the reader was moved into a
/// decoder chain.
#[derive(Debug, Clone, Default)]
pub struct StreamSummary {
    pub bytes: u64,
    /// `sha256:<hex>` when hashing was on.
    pub digest: Option<String>,
}

impl<R> HashingReader<R> {
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    pub fn summary(&self) -> StreamSummary {
        StreamSummary {
            bytes: self.count,
            digest: self
                .hasher
                .clone()
                .map(|h| format!("sha256:{}", hex(&h.finalize()))),
        }
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(hasher) = &mut self.hasher {
            hasher.update(&buf[..n]);
        }
        self.count += n as u64;
        Ok(n)
    }
}

/// Reports every read to a progress sink (for stream sources without a [`Window`]).
pub struct ProgressReader<R> {
    pub inner: R,
    pub progress: Option<Arc<dyn Progress>>,
}

impl<R: Read> Read for ProgressReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(progress) = &self.progress {
            progress.advance(n as u64);
        }
        Ok(n)
    }
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// `sha256:<hex>` of a byte slice.
pub fn sha256_digest(bytes: &[u8]) -> String {
    format!("sha256:{}", hex(&Sha256::digest(bytes)))
}
