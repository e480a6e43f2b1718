//! A streaming tar header reader, written for image layers.
//!
//! Why not the `tar` crate: layers written by some tools (umoci 0.4) end without the final
//! padding and the two zero blocks, which `tar` rejects ("unexpected EOF during skip"); we also
//! want to skip file contents with a seek when the layer is an uncompressed file, and to hand
//! selected contents to a scanner in the same pass. This reader does exactly that: ustar, GNU
//! (`L`/`K` long names, base-256 numbers) and PAX (`path`, `linkpath`, `size`, `uid`, `gid`,
//! `mtime`) headers, and a lenient end of archive.

use std::io::{self, BufRead, Read};

const BLOCK: u64 = 512;
/// PAX and GNU long-name records larger than this are treated as corrupt, so a hostile header
/// cannot make us allocate gigabytes.
const MAX_META_LEN: u64 = 16 * 1024 * 1024;

/// A byte stream the tar reader can skip through: by seeking when the layer is an uncompressed
/// file, by reading and discarding otherwise.
pub trait TarInput: BufRead {
    /// Skips `n` bytes; returns how many were skipped (fewer only at end of input).
    fn skip(&mut self, n: u64) -> io::Result<u64>;
}

/// Skips by reading and discarding, for streams that cannot seek.
pub fn skip_by_reading<R: BufRead + ?Sized>(input: &mut R, mut n: u64) -> io::Result<u64> {
    let wanted = n;
    while n > 0 {
        let available = match input.fill_buf() {
            Ok(buf) => buf.len(),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available == 0 {
            break;
        }
        let step = usize::try_from(n).map_or(available, |n| n.min(available));
        input.consume(step);
        n -= step as u64;
    }
    Ok(wanted - n)
}

impl<R: Read> TarInput for io::BufReader<R> {
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        skip_by_reading(self, n)
    }
}

impl TarInput for &[u8] {
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        skip_by_reading(self, n)
    }
}

/// The type of a tar entry, as far as an image filesystem cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    File,
    Dir,
    Symlink,
    Hardlink,
    CharDevice,
    BlockDevice,
    Fifo,
    /// A typeflag this reader does not interpret (GNU sparse, vendor types); its data is skipped.
    Other,
}

impl EntryKind {
    fn from_typeflag(flag: u8, name: &[u8]) -> Self {
        match flag {
            b'0' | b'7' => Self::File,
            // Old tars mark directories only with a trailing slash on a "regular" entry.
            0 if name.ends_with(b"/") => Self::Dir,
            0 => Self::File,
            b'1' => Self::Hardlink,
            b'2' => Self::Symlink,
            b'3' => Self::CharDevice,
            b'4' => Self::BlockDevice,
            b'5' => Self::Dir,
            b'6' => Self::Fifo,
            _ => Self::Other,
        }
    }

    /// Whether the tar stream carries data after the header (POSIX: not for links, devices,
    /// directories and FIFOs, whatever their size field says).
    fn has_data(self) -> bool {
        matches!(self, Self::File | Self::Other)
    }
}

/// One tar entry's header, with PAX and GNU extensions applied.
#[derive(Debug, Clone)]
pub struct TarEntry {
    /// The raw name (not normalized).
    pub name: Vec<u8>,
    /// The raw link target for symlinks and hardlinks.
    pub link: Vec<u8>,
    pub kind: EntryKind,
    pub typeflag: u8,
    /// The header's size field (the data length for files; usually 0 for the rest).
    pub size: u64,
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub mtime: i64,
    /// Offset of the entry's data in the tar stream.
    pub data_offset: u64,
}

/// What went wrong reading a tar stream.
#[derive(Debug, thiserror::Error)]
pub enum TarError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("invalid tar header at offset {offset}: {reason}")]
    BadHeader { offset: u64, reason: String },
    #[error("truncated tar: {what} at offset {offset} ends early")]
    Truncated { offset: u64, what: String },
}

/// Reads tar headers one after the other; the caller may read the current entry's data with
/// [`TarReader::data`] before asking for the next header, or leave it to be skipped.
pub struct TarReader<R> {
    input: R,
    /// Bytes of the stream consumed so far.
    offset: u64,
    /// Data bytes of the current entry not consumed yet.
    data_left: u64,
    /// Padding after the current entry's data.
    padding_left: u64,
    finished: bool,
    header: [u8; 512],
}

impl<R: TarInput> TarReader<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            offset: 0,
            data_left: 0,
            padding_left: 0,
            finished: false,
            header: [0; 512],
        }
    }

    /// Bytes of the stream consumed so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Gives back the input, positioned after the last thing read.
    pub fn into_inner(self) -> R {
        self.input
    }

    /// The next entry, or `None` at the end of the archive. A missing end-of-archive marker or a
    /// missing final padding is accepted as the end.
    pub fn next_entry(&mut self) -> Result<Option<TarEntry>, TarError> {
        if self.finished {
            return Ok(None);
        }
        self.skip_rest_of_entry()?;
        let mut long_name: Option<Vec<u8>> = None;
        let mut long_link: Option<Vec<u8>> = None;
        let mut pax = PaxOverrides::default();
        loop {
            let header_offset = self.offset;
            if !self.read_header()? {
                self.finished = true;
                return Ok(None);
            }
            if self.header.iter().all(|&b| b == 0) {
                // The first zero block ends the archive; the second one (and any record
                // padding) is left unread for the caller to drain or ignore.
                self.finished = true;
                return Ok(None);
            }
            self.check_checksum(header_offset)?;
            let typeflag = self.header[156];
            let size = parse_number(&self.header[124..136]).ok_or_else(|| TarError::BadHeader {
                offset: header_offset,
                reason: "unreadable size field".into(),
            })?;
            let size = u64::try_from(size).map_err(|_| TarError::BadHeader {
                offset: header_offset,
                reason: "negative size".into(),
            })?;
            match typeflag {
                b'x' | b'g' | b'L' | b'K' => {
                    if size > MAX_META_LEN {
                        return Err(TarError::BadHeader {
                            offset: header_offset,
                            reason: format!("extended header of {size} bytes"),
                        });
                    }
                    let data = self.read_meta(size, header_offset)?;
                    match typeflag {
                        b'x' => pax.apply_records(&data, header_offset)?,
                        // Global PAX headers carry defaults that image tools never use for
                        // names; they are read past.
                        b'g' => {}
                        b'L' => long_name = Some(trim_nul(&data).to_vec()),
                        _ => long_link = Some(trim_nul(&data).to_vec()),
                    }
                }
                _ => {
                    let entry =
                        self.build_entry(typeflag, size, long_name, long_link, pax, header_offset)?;
                    self.data_left = if entry.kind.has_data() { entry.size } else { 0 };
                    self.padding_left = padding(self.data_left);
                    return Ok(Some(entry));
                }
            }
        }
    }

    /// A reader over the current entry's data (what has not been read of it yet).
    pub fn data(&mut self) -> EntryData<'_, R> {
        EntryData { reader: self }
    }

    /// Reads and returns the rest of the input after the end of the archive (the second zero
    /// block, record padding). Used to hash the whole stream.
    pub fn drain(&mut self) -> io::Result<u64> {
        let mut total = 0;
        loop {
            let len = {
                let buf = self.input.fill_buf()?;
                buf.len()
            };
            if len == 0 {
                break;
            }
            self.input.consume(len);
            total += len as u64;
        }
        self.offset += total;
        Ok(total)
    }

    fn skip_rest_of_entry(&mut self) -> Result<(), TarError> {
        if self.data_left > 0 {
            let wanted = self.data_left;
            let skipped = self.input.skip(wanted)?;
            self.offset += skipped;
            self.data_left = 0;
            if skipped < wanted {
                return Err(TarError::Truncated {
                    offset: self.offset,
                    what: "entry data".into(),
                });
            }
        }
        if self.padding_left > 0 {
            let wanted = self.padding_left;
            let skipped = self.input.skip(wanted)?;
            self.offset += skipped;
            self.padding_left = 0;
            if skipped < wanted {
                // The last entry's padding is missing: umoci writes layers like this, and their
                // diff_ids are computed over exactly these bytes. Treat it as the end.
                self.finished = true;
            }
        }
        Ok(())
    }

    /// Reads one 512-byte block into `self.header`. `false` at a clean end of input.
    fn read_header(&mut self) -> Result<bool, TarError> {
        if self.finished {
            return Ok(false);
        }
        let mut filled = 0;
        while filled < self.header.len() {
            match self.input.read(&mut self.header[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error.into()),
            }
        }
        let start = self.offset;
        self.offset += filled as u64;
        match filled {
            0 => Ok(false),
            512 => Ok(true),
            _ => Err(TarError::Truncated {
                offset: start,
                what: "tar header".into(),
            }),
        }
    }

    fn check_checksum(&self, offset: u64) -> Result<(), TarError> {
        let stored = parse_octal(&self.header[148..156]).ok_or_else(|| TarError::BadHeader {
            offset,
            reason: "not a tar header (unreadable checksum)".into(),
        })?;
        // The checksum field counts as eight spaces. Plain sums over slices vectorize; a
        // per-byte range test did not (it was a fifth of reading an uncompressed image).
        let (before, after) = (&self.header[..148], &self.header[156..]);
        let unsigned_sum = |bytes: &[u8]| bytes.iter().map(|&b| u64::from(b)).sum::<u64>();
        let unsigned = unsigned_sum(before) + unsigned_sum(after) + 8 * 32;
        // Some old writers summed signed chars; accept either.
        let signed_sum = |bytes: &[u8]| {
            bytes
                .iter()
                .map(|&b| i64::from(b.cast_signed()))
                .sum::<i64>()
        };
        let signed = signed_sum(before) + signed_sum(after) + 8 * 32;
        if stored == unsigned || i64::try_from(stored).is_ok_and(|s| s == signed) {
            Ok(())
        } else {
            Err(TarError::BadHeader {
                offset,
                reason: "checksum mismatch (not a tar stream, or corrupt)".into(),
            })
        }
    }

    fn read_meta(&mut self, size: u64, header_offset: u64) -> Result<Vec<u8>, TarError> {
        let len = usize::try_from(size).unwrap_or(usize::MAX);
        let mut data = vec![0; len];
        let mut filled = 0;
        while filled < len {
            match self.input.read(&mut data[filled..]) {
                Ok(0) => {
                    return Err(TarError::Truncated {
                        offset: header_offset,
                        what: "extended header".into(),
                    });
                }
                Ok(n) => filled += n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error.into()),
            }
        }
        self.offset += size;
        let pad = padding(size);
        let skipped = self.input.skip(pad)?;
        self.offset += skipped;
        if skipped < pad {
            return Err(TarError::Truncated {
                offset: header_offset,
                what: "extended header padding".into(),
            });
        }
        Ok(data)
    }

    fn build_entry(
        &self,
        typeflag: u8,
        size: u64,
        long_name: Option<Vec<u8>>,
        long_link: Option<Vec<u8>>,
        pax: PaxOverrides,
        header_offset: u64,
    ) -> Result<TarEntry, TarError> {
        let h = &self.header;
        let is_ustar = &h[257..263] == b"ustar\0";
        let name = if let Some(path) = pax.path {
            path
        } else if let Some(name) = long_name {
            name
        } else {
            let name = trim_nul(&h[0..100]);
            let prefix = trim_nul(&h[345..500]);
            if is_ustar && !prefix.is_empty() {
                let mut full = prefix.to_vec();
                full.push(b'/');
                full.extend_from_slice(name);
                full
            } else {
                name.to_vec()
            }
        };
        let link = pax
            .linkpath
            .or(long_link)
            .unwrap_or_else(|| trim_nul(&h[157..257]).to_vec());
        let bad = |field: &str| TarError::BadHeader {
            offset: header_offset,
            reason: format!("unreadable {field} field"),
        };
        let mode = parse_number(&h[100..108]).ok_or_else(|| bad("mode"))?;
        let uid = match pax.uid {
            Some(uid) => uid,
            None => non_negative(parse_number(&h[108..116]).ok_or_else(|| bad("uid"))?),
        };
        let gid = match pax.gid {
            Some(gid) => gid,
            None => non_negative(parse_number(&h[116..124]).ok_or_else(|| bad("gid"))?),
        };
        let mtime = match pax.mtime {
            Some(mtime) => mtime,
            None => {
                i64::try_from(parse_number(&h[136..148]).ok_or_else(|| bad("mtime"))?).unwrap_or(0)
            }
        };
        let kind = EntryKind::from_typeflag(typeflag, &name);
        Ok(TarEntry {
            kind,
            typeflag,
            size: pax.size.unwrap_or(size),
            mode: u32::try_from(mode & 0o7777_7777).unwrap_or(0),
            uid,
            gid,
            mtime,
            data_offset: self.offset,
            name,
            link,
        })
    }
}

/// Reader over the current entry's remaining data.
pub struct EntryData<'a, R> {
    reader: &'a mut TarReader<R>,
}

impl<R: TarInput> Read for EntryData<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.reader.data_left;
        if left == 0 || buf.is_empty() {
            return Ok(0);
        }
        let want = usize::try_from(left).map_or(buf.len(), |left| left.min(buf.len()));
        let n = self.reader.input.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "tar entry data ends early",
            ));
        }
        self.reader.data_left -= n as u64;
        self.reader.offset += n as u64;
        Ok(n)
    }
}

#[derive(Default)]
struct PaxOverrides {
    path: Option<Vec<u8>>,
    linkpath: Option<Vec<u8>>,
    size: Option<u64>,
    uid: Option<u64>,
    gid: Option<u64>,
    mtime: Option<i64>,
}

impl PaxOverrides {
    /// Parses PAX records: `"<len> <key>=<value>\n"`, where `<len>` counts the whole record.
    fn apply_records(&mut self, mut data: &[u8], offset: u64) -> Result<(), TarError> {
        let bad = |reason: &str| TarError::BadHeader {
            offset,
            reason: format!("PAX header: {reason}"),
        };
        while !data.is_empty() && data[0] != 0 {
            let space = data
                .iter()
                .position(|&b| b == b' ')
                .ok_or_else(|| bad("record without length"))?;
            let len: usize = std::str::from_utf8(&data[..space])
                .ok()
                .and_then(|text| text.parse().ok())
                .ok_or_else(|| bad("bad record length"))?;
            if len <= space + 1 || len > data.len() {
                return Err(bad("record length out of range"));
            }
            let record = &data[space + 1..len];
            let record = record.strip_suffix(b"\n").unwrap_or(record);
            if let Some(eq) = record.iter().position(|&b| b == b'=') {
                let (key, value) = (&record[..eq], &record[eq + 1..]);
                let number = || std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
                match key {
                    b"path" => self.path = Some(value.to_vec()),
                    b"linkpath" => self.linkpath = Some(value.to_vec()),
                    b"size" => self.size = Some(number().ok_or_else(|| bad("bad size"))?),
                    b"uid" => self.uid = number(),
                    b"gid" => self.gid = number(),
                    b"mtime" => {
                        // PAX times may carry a fraction: "1700000000.123456".
                        self.mtime = std::str::from_utf8(value)
                            .ok()
                            .and_then(|v| v.split('.').next())
                            .and_then(|v| v.parse().ok());
                    }
                    _ => {}
                }
            }
            data = &data[len..];
        }
        Ok(())
    }
}

fn padding(size: u64) -> u64 {
    (BLOCK - size % BLOCK) % BLOCK
}

fn trim_nul(field: &[u8]) -> &[u8] {
    match field.iter().position(|&b| b == 0) {
        Some(end) => &field[..end],
        None => field,
    }
}

fn non_negative(value: i128) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// A numeric header field: octal text (spaces and NULs around it), or GNU base-256 when the
/// first byte has its high bit set.
fn parse_number(field: &[u8]) -> Option<i128> {
    if let Some(&first) = field.first()
        && first & 0x80 != 0
    {
        // Base-256, two's complement, big-endian; the marker bit is not part of the value.
        let negative = first & 0x40 != 0;
        let mut value: i128 = i128::from(first & 0x3f);
        if negative {
            value -= 0x40;
        }
        for &b in &field[1..] {
            value = value.checked_mul(256)?.checked_add(i128::from(b))?;
        }
        return Some(value);
    }
    parse_octal(field).map(i128::from)
}

fn parse_octal(field: &[u8]) -> Option<u64> {
    let text = trim_nul(field);
    let text = text.trim_ascii();
    if text.is_empty() {
        return Some(0);
    }
    let mut value: u64 = 0;
    for &b in text {
        if !(b'0'..=b'7').contains(&b) {
            return None;
        }
        value = value.checked_mul(8)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octal_and_base256_numbers() {
        assert_eq!(parse_number(b"0000644\0"), Some(0o644));
        assert_eq!(parse_number(b"   17 \0"), Some(0o17));
        assert_eq!(parse_number(b"\0\0\0\0"), Some(0));
        assert_eq!(parse_number(b"12x"), None);
        // 8 GiB + 1 in base-256 (size field is 12 bytes).
        let mut field = [0u8; 12];
        field[0] = 0x80;
        field[7] = 0x02;
        field[11] = 0x01;
        assert_eq!(parse_number(&field), Some((2i128 << 32) + 1));
    }

    #[test]
    fn padding_rounds_to_blocks() {
        assert_eq!(padding(0), 0);
        assert_eq!(padding(1), 511);
        assert_eq!(padding(512), 0);
        assert_eq!(padding(513), 511);
    }

    #[test]
    fn pax_records() {
        let mut pax = PaxOverrides::default();
        let records = b"20 path=some/long/x\n15 size=123456\n22 mtime=1700000000.5\n";
        pax.apply_records(records, 0).unwrap();
        assert_eq!(pax.path.as_deref(), Some(&b"some/long/x"[..]));
        assert_eq!(pax.size, Some(123_456));
        assert_eq!(pax.mtime, Some(1_700_000_000));
        assert!(
            PaxOverrides::default()
                .apply_records(b"99 path=x\n", 0)
                .is_err()
        );
    }
}
