//! Two-core inflate of one gzip member, for the big base layer that otherwise keeps one core
//! busy while the other waits (the approach of rapidgzip, reduced to two halves).
//!
//! The first half is inflated by zlib-rs from the start. The second half starts at a deflate
//! block boundary found near the middle of the compressed bytes: candidate bit offsets are
//! tested for a valid dynamic-Huffman block header (or, at byte boundaries, a stored block's
//! `LEN`/`NLEN` pair, which is what incompressible data gets), then decoded by a small inflater
//! of our own
//! that cannot know the 32 KiB of output before the boundary, so back-references into it
//! produce *markers* (the index into that unknown window) instead of bytes. As soon as the last
//! 32 KiB of the second half's output hold no marker and a block ends on a byte boundary (zlib
//! cannot start mid-byte, and stored blocks align to the original bytes), the rest is handed to
//! zlib-rs with that window as its dictionary. When the first half reaches the boundary, its
//! last 32 KiB resolve the markers. On the python-slim-flask base layer (148 MB) the boundary
//! is found 11 kB past the middle and the window is clean after 3.7 MB of output, so zlib does
//! 95 % of the work on both cores.
//!
//! The first half streams into the tar reader as it is inflated (only the second half is held in
//! memory, compressed and inflated). Nothing can produce wrong output silently: if the second
//! half fails anywhere, the first half simply goes on inflating past the boundary; and at the
//! end the CRC-32 and length of everything read must match the gzip trailer, or reading fails
//! (the layer reader then inflates the layer again the ordinary way, which also reports real
//! corruption properly).

use std::io::{self, BufRead, Read};
use std::sync::mpsc;

use flate2::{Crc, Decompress, FlushDecompress, Status};

use crate::tar::{TarInput, skip_by_reading};

const WINDOW: usize = 32 * 1024;
/// How far past the middle to look for a block boundary (compressed bytes).
const SEARCH_BYTES: usize = 1024 * 1024;
/// Output of the marker decoder before giving up on a clean window (symbols).
const MARKER_BUDGET: usize = 16 * 1024 * 1024;

/// Streams one gzip member inflated on two cores (see the module docs). Build it with
/// [`ParallelGunzip::start`]; reading it yields the member's content, and the end of the
/// stream is an error when the trailer's CRC-32 or length disagree.
pub struct ParallelGunzip<R: Read> {
    /// The compressed stream, positioned after the gzip header.
    input: R,
    inbuf: Box<[u8]>,
    in_pos: usize,
    in_len: usize,
    /// Compressed bytes handed to the decoder so far (from the start of the deflate data).
    fed: usize,
    /// The decoder may be fed up to here (the middle, then the boundary, then the end).
    limit: usize,
    deflate_len: usize,
    decoder: Decompress,
    /// Inflated bytes; the last 32 KiB stay in front when it is refilled, as the window the
    /// second half's markers refer to.
    out: Vec<u8>,
    out_pos: usize,
    crc: Crc,
    total: u64,
    expected_crc: u32,
    expected_len: u32,
    messages: mpsc::Receiver<Message>,
    second: Option<std::thread::JoinHandle<Option<SecondHalf>>>,
    /// Once the first half is done: the second half's parts.
    tail: Option<Parts>,
    state: State,
    split: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Inflating the first half; the boundary is not known yet.
    BeforeBoundary,
    /// Inflating up to the boundary; the second half is still working.
    ToBoundary,
    /// Inflating everything (no second half).
    Alone,
    /// Reading the second half's parts.
    Tail,
    Checked,
}

enum Message {
    /// The second half starts at this bit of the deflate data, or there is no second half.
    Boundary(Option<usize>),
    /// Whether the second half succeeded.
    Done(bool),
}

const OUT_BUFFER: usize = 256 * 1024;
const IN_BUFFER: usize = 256 * 1024;

impl<R: Read> ParallelGunzip<R> {
    /// Starts the second half on its own thread. `input` is the compressed stream after the
    /// gzip header; `deflate_len` the length of the deflate data (the member minus header and
    /// 8-byte trailer); `load_second` gives the deflate data from `middle` to its end (`None`
    /// when it cannot: the first half then does everything); `trailer` the last 8 bytes of the
    /// member. The second half loads its own input, so the first starts inflating at once.
    pub fn start(
        input: R,
        deflate_len: usize,
        middle: usize,
        load_second: impl FnOnce() -> Option<Vec<u8>> + Send + 'static,
        trailer: [u8; 8],
    ) -> Self {
        let (sender, messages) = mpsc::channel();
        let handle = std::thread::Builder::new()
            .name("inflate-second-half".to_owned())
            .spawn(move || match load_second() {
                Some(second) => second_half(&second, middle * 8, &sender),
                None => {
                    let _ = sender.send(Message::Boundary(None));
                    None
                }
            })
            .ok();
        Self {
            input,
            inbuf: vec![0; IN_BUFFER].into_boxed_slice(),
            in_pos: 0,
            in_len: 0,
            fed: 0,
            limit: middle,
            deflate_len,
            decoder: Decompress::new(false),
            out: Vec::with_capacity(OUT_BUFFER + WINDOW),
            out_pos: 0,
            crc: Crc::new(),
            total: 0,
            expected_crc: u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]),
            expected_len: u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]),
            messages,
            second: handle,
            tail: None,
            state: State::BeforeBoundary,
            split: false,
        }
    }

    /// Whether the second half's output was used (for tests and measurements).
    #[must_use]
    pub fn used_second_half(&self) -> bool {
        self.split
    }

    fn corrupt(message: &str) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
    }

    /// Inflates more of the first half into `out`; false when the first half has ended.
    fn inflate_more(&mut self) -> io::Result<bool> {
        // Keep the last 32 KiB in front as the window.
        let keep = self.out.len().min(WINDOW);
        let drop = self.out.len() - keep;
        self.out.drain(..drop);
        self.out_pos = keep;
        loop {
            if self.in_pos == self.in_len && self.fed < self.limit {
                let want = (self.limit - self.fed).min(self.inbuf.len());
                let n = self.input.read(&mut self.inbuf[..want])?;
                if n == 0 {
                    return Err(Self::corrupt("the gzip stream ends early"));
                }
                self.in_pos = 0;
                self.in_len = n;
                self.fed += n;
            }
            let before_in = self.decoder.total_in();
            let before_out = self.out.len();
            self.out
                .reserve(OUT_BUFFER.saturating_sub(self.out.capacity() - self.out.len()));
            let status = self
                .decoder
                .decompress_vec(
                    &self.inbuf[self.in_pos..self.in_len],
                    &mut self.out,
                    FlushDecompress::None,
                )
                .map_err(|e| Self::corrupt(&e.to_string()))?;
            self.in_pos += usize::try_from(self.decoder.total_in() - before_in).unwrap_or(0);
            let produced = self.out.len() - before_out;
            if produced > 0 {
                self.crc.update(&self.out[before_out..]);
                self.total += produced as u64;
                return Ok(true);
            }
            if status == Status::StreamEnd {
                return Ok(false);
            }
            if self.in_pos < self.in_len {
                continue;
            }
            if self.fed < self.limit {
                continue;
            }
            // Everything up to the limit is inflated: the next step depends on the second half.
            match self.state {
                State::BeforeBoundary => match self.messages.recv() {
                    Ok(Message::Boundary(Some(bit))) => {
                        self.limit = bit.div_ceil(8);
                        self.state = State::ToBoundary;
                    }
                    _ => {
                        self.limit = self.deflate_len;
                        self.state = State::Alone;
                    }
                },
                State::ToBoundary => {
                    let succeeded = matches!(self.messages.recv(), Ok(Message::Done(true)));
                    let second = self.second.take().and_then(|h| h.join().ok()).flatten();
                    match second.filter(|_| succeeded) {
                        Some(second) => {
                            let window = &self.out[self.out.len().saturating_sub(WINDOW)..];
                            let resolved = resolve_markers(&second.markers, window)
                                .ok_or_else(|| Self::corrupt("unresolvable back-reference"))?;
                            // The second half checksummed its zlib part on its own core.
                            self.crc.update(&resolved);
                            self.crc.combine(&second.bytes_crc);
                            self.total += (resolved.len() + second.bytes.len()) as u64;
                            self.tail = Some(Parts::new(vec![resolved, second.bytes]));
                            self.state = State::Tail;
                            self.split = true;
                            return Ok(false);
                        }
                        None => {
                            // Go on past the boundary: the decoder stopped exactly there.
                            self.limit = self.deflate_len;
                            self.state = State::Alone;
                        }
                    }
                }
                _ => return Err(Self::corrupt("the gzip stream ends early")),
            }
        }
    }

    fn check_trailer(&mut self) -> io::Result<()> {
        if self.state != State::Checked {
            self.state = State::Checked;
            if self.crc.sum() != self.expected_crc
                || (self.total & 0xffff_ffff) != u64::from(self.expected_len)
            {
                return Err(Self::corrupt("gzip CRC or length mismatch"));
            }
        }
        Ok(())
    }
}

impl<R: Read> BufRead for ParallelGunzip<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        loop {
            match self.state {
                State::Tail => {
                    let tail = self.tail.as_mut().expect("set with the state");
                    if !tail.fill_buf()?.is_empty() {
                        break;
                    }
                    self.check_trailer()?;
                    return Ok(&[]);
                }
                State::Checked => return Ok(&[]),
                _ => {
                    if self.out_pos < self.out.len() {
                        break;
                    }
                    if !self.inflate_more()? && self.state != State::Tail {
                        self.check_trailer()?;
                        return Ok(&[]);
                    }
                }
            }
        }
        if self.state == State::Tail {
            return self.tail.as_mut().expect("set with the state").fill_buf();
        }
        Ok(&self.out[self.out_pos..])
    }

    fn consume(&mut self, amt: usize) {
        match self.tail.as_mut() {
            Some(tail) if self.state == State::Tail => tail.consume(amt),
            _ => self.out_pos += amt,
        }
    }
}

impl<R: Read> Read for ParallelGunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        read_through_buffer(self, buf)
    }
}

impl<R: Read> TarInput for ParallelGunzip<R> {
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        skip_by_reading(self, n)
    }
}

/// `Read::read` for a reader whose data already sits in its own buffer: copy from `fill_buf`.
fn read_through_buffer(reader: &mut impl BufRead, buf: &mut [u8]) -> io::Result<usize> {
    let available = reader.fill_buf()?;
    let n = available.len().min(buf.len());
    buf[..n].copy_from_slice(&available[..n]);
    reader.consume(n);
    Ok(n)
}

/// Reads parts one after the other, for the tar reader.
pub struct Parts {
    parts: Vec<Vec<u8>>,
    part: usize,
    offset: usize,
}

impl Parts {
    #[must_use]
    pub fn new(parts: Vec<Vec<u8>>) -> Self {
        Self {
            parts,
            part: 0,
            offset: 0,
        }
    }
}

impl Read for Parts {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        read_through_buffer(self, buf)
    }
}

impl BufRead for Parts {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.part < self.parts.len() && self.offset >= self.parts[self.part].len() {
            self.part += 1;
            self.offset = 0;
        }
        Ok(self
            .parts
            .get(self.part)
            .map_or(&[][..], |part| &part[self.offset..]))
    }

    fn consume(&mut self, amt: usize) {
        self.offset += amt;
    }
}

impl TarInput for Parts {
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        skip_by_reading(self, n)
    }
}

/// The length of the gzip member header (RFC 1952), if `gz` starts with one.
pub fn gzip_header_len(gz: &[u8]) -> Option<usize> {
    if gz.len() < 10 || gz[0] != 0x1f || gz[1] != 0x8b || gz[2] != 8 {
        return None;
    }
    let flags = gz[3];
    let mut pos = 10;
    if flags & 0x04 != 0 {
        let extra = usize::from(u16::from_le_bytes([*gz.get(pos)?, *gz.get(pos + 1)?]));
        pos += 2 + extra;
    }
    for flag in [0x08, 0x10] {
        if flags & flag != 0 {
            pos += gz.get(pos..)?.iter().position(|&b| b == 0)? + 1;
        }
    }
    if flags & 0x02 != 0 {
        pos += 2;
    }
    (pos <= gz.len()).then_some(pos)
}

/// Feeds all of `input` to the decoder, growing `out`; stops early at the end of the stream.
fn feed(decoder: &mut Decompress, input: &[u8], out: &mut Vec<u8>) -> Option<Status> {
    let mut offset = 0;
    loop {
        if out.capacity() - out.len() < 64 * 1024 {
            out.reserve(out.capacity().max(1024 * 1024));
        }
        let before_in = decoder.total_in();
        let before_out = decoder.total_out();
        let status = decoder
            .decompress_vec(&input[offset..], out, FlushDecompress::None)
            .ok()?;
        offset += usize::try_from(decoder.total_in() - before_in).ok()?;
        if status == Status::StreamEnd {
            return Some(status);
        }
        let stalled = decoder.total_out() == before_out && decoder.total_in() == before_in;
        if (offset >= input.len() || stalled) && out.capacity() > out.len() {
            return Some(status);
        }
    }
}

/// What the second half produced: marker-decoded symbols, then plain bytes.
struct SecondHalf {
    markers: Vec<u16>,
    bytes: Vec<u8>,
    /// CRC-32 of `bytes`.
    bytes_crc: Crc,
}

/// Finds a block boundary in `second` (the deflate data from the middle on; `base_bit` is where
/// it starts), decodes with markers until the window is clean, announces the boundary, inflates
/// the rest with zlib-rs and announces success or failure.
fn second_half(
    second: &[u8],
    base_bit: usize,
    announce: &mpsc::Sender<Message>,
) -> Option<SecondHalf> {
    let search_end = SEARCH_BYTES.min(second.len().saturating_sub(16)) * 8;
    let mut bit = 0;
    while bit < search_end {
        let candidate = if bit.is_multiple_of(8) {
            plausible_stored_header(second, bit / 8)
        } else {
            None
        }
        .or_else(|| plausible_dynamic_header(second, bit).then_some(bit));
        if let Some(start) = candidate
            && let Some(prefix) = decode_until_clean(second, start)
        {
            let _ = announce.send(Message::Boundary(Some(base_bit + start)));
            let result = finish_with_zlib(second, prefix);
            let _ = announce.send(Message::Done(result.is_some()));
            return result;
        }
        bit += 1;
    }
    let _ = announce.send(Message::Boundary(None));
    None
}

/// The marker-decoded start of the second half, ending at a block boundary after which zlib
/// can take over (or at the end of the stream).
struct Prefix {
    markers: Vec<u16>,
    /// Bit offset of the next block, or `None` when the stream ended.
    next_block: Option<usize>,
}

fn decode_until_clean(deflate: &[u8], bit: usize) -> Option<Prefix> {
    let mut decoder = MarkerInflater::new(deflate, bit);
    let mut blocks = 0;
    loop {
        let last = decoder.block()?;
        blocks += 1;
        if last {
            return Some(Prefix {
                markers: decoder.out,
                next_block: None,
            });
        }
        // zlib can only start at a byte boundary of the original stream: stored blocks align
        // to those, so a shifted start would misread them. Once clean, the window stays clean
        // (references reach back 32 KiB at most), so decoding on to such a boundary is safe.
        // Two blocks at least: a stored candidate is only checked by its 16-bit LEN/NLEN, the
        // block after it confirms the start.
        if blocks >= 2 && decoder.window_is_clean() && decoder.bits.position().is_multiple_of(8) {
            let next_block = decoder.bits.position();
            return Some(Prefix {
                markers: decoder.out,
                next_block: Some(next_block),
            });
        }
        if decoder.out.len() > MARKER_BUDGET {
            return None;
        }
    }
}

fn finish_with_zlib(deflate: &[u8], prefix: Prefix) -> Option<SecondHalf> {
    let Some(next_block) = prefix.next_block else {
        // The stream ended inside the marker phase: nothing left for zlib, and the trailer must
        // follow right after the final block.
        return Some(SecondHalf {
            markers: prefix.markers,
            bytes: Vec::new(),
            bytes_crc: Crc::new(),
        });
    };
    // The window is marker-free, so it is plain bytes.
    let window: Vec<u8> = prefix.markers[prefix.markers.len() - WINDOW..]
        .iter()
        .map(|&symbol| u8::try_from(symbol).unwrap_or(0))
        .collect();
    let shifted = &deflate[next_block / 8..];
    let mut decoder = Decompress::new(false);
    decoder.set_dictionary(&window).ok()?;
    let mut bytes = Vec::with_capacity(shifted.len() * 3);
    if feed(&mut decoder, shifted, &mut bytes)? != Status::StreamEnd {
        return None;
    }
    // A second gzip member would follow the trailer; the caller's trailer check needs the
    // stream to end right before the last 8 bytes.
    let end_byte = next_block / 8 + usize::try_from(decoder.total_in()).ok()?;
    if end_byte + 1 < deflate.len() {
        return None;
    }
    let mut bytes_crc = Crc::new();
    bytes_crc.update(&bytes);
    Some(SecondHalf {
        markers: prefix.markers,
        bytes,
        bytes_crc,
    })
}

/// Replaces markers (`256 + index into the window`) with the window's bytes.
fn resolve_markers(symbols: &[u16], window: &[u8]) -> Option<Vec<u8>> {
    // The window is the 32 KiB before the boundary; a shorter first half pads at the front.
    let pad = WINDOW - window.len();
    symbols
        .iter()
        .map(|&symbol| {
            if symbol < 256 {
                u8::try_from(symbol).ok()
            } else {
                let index = usize::from(symbol - 256);
                index.checked_sub(pad).and_then(|i| window.get(i).copied())
            }
        })
        .collect()
}

/// LSB-first bit reader over a byte slice; reading past the end is an error.
struct Bits<'a> {
    data: &'a [u8],
    /// Next byte to load.
    next: usize,
    buffer: u64,
    count: u32,
}

impl<'a> Bits<'a> {
    fn new(data: &'a [u8], bit: usize) -> Self {
        let mut bits = Self {
            data,
            next: bit / 8,
            buffer: 0,
            count: 0,
        };
        bits.refill();
        let skip = u32::try_from(bit % 8).unwrap_or(0);
        bits.buffer >>= skip;
        bits.count = bits.count.saturating_sub(skip);
        bits
    }

    fn refill(&mut self) {
        while self.count <= 56 && self.next < self.data.len() {
            self.buffer |= u64::from(self.data[self.next]) << self.count;
            self.next += 1;
            self.count += 8;
        }
    }

    fn need(&mut self, n: u32) -> Option<()> {
        if self.count < n {
            self.refill();
            if self.count < n {
                return None;
            }
        }
        Some(())
    }

    fn take(&mut self, n: u32) -> Option<u32> {
        if n == 0 {
            return Some(0);
        }
        self.need(n)?;
        let value = u32::try_from(self.buffer & ((1u64 << n) - 1)).ok()?;
        self.buffer >>= n;
        self.count -= n;
        Some(value)
    }

    /// The bit position of the next unread bit.
    fn position(&self) -> usize {
        self.next * 8 - self.count as usize
    }

    fn align_to_byte(&mut self) {
        let drop = self.count % 8;
        self.buffer >>= drop;
        self.count -= drop;
    }
}

/// A canonical Huffman code as a lookup table indexed by the next `max` bits (reversed):
/// entries are `symbol << 4 | length`, 0 for unused codes.
struct Huffman {
    table: Vec<u16>,
    max: u32,
}

impl Huffman {
    /// `None` for an over-subscribed code, or an incomplete one unless `allow_incomplete`.
    fn new(lengths: &[u8], allow_incomplete: bool) -> Option<Self> {
        let max = u32::from(*lengths.iter().max()?);
        if max == 0 {
            return allow_incomplete.then(|| Self {
                table: vec![0; 2],
                max: 1,
            });
        }
        let mut count = [0u32; 16];
        for &length in lengths {
            count[usize::from(length)] += 1;
        }
        count[0] = 0;
        let mut left: i64 = 1;
        for &c in &count[1..] {
            left = left * 2 - i64::from(c);
            if left < 0 {
                return None;
            }
        }
        if left > 0 && !allow_incomplete {
            return None;
        }
        let mut next = [0u32; 16];
        let mut code = 0;
        for bits in 1..16 {
            code = (code + count[bits - 1]) << 1;
            next[bits] = code;
        }
        let size = 1usize << max;
        let mut table = vec![0u16; size];
        for (symbol, &length) in lengths.iter().enumerate() {
            if length == 0 {
                continue;
            }
            let length = u32::from(length);
            let code = next[length as usize];
            next[length as usize] += 1;
            let reversed = (code.reverse_bits() >> (32 - length)) as usize;
            let entry = u16::try_from(symbol << 4).ok()? | u16::try_from(length).ok()?;
            let mut index = reversed;
            while index < size {
                table[index] = entry;
                index += 1 << length;
            }
        }
        Some(Self { table, max })
    }

    fn decode(&self, bits: &mut Bits<'_>) -> Option<u16> {
        if bits.count < self.max {
            bits.refill();
        }
        let available = bits.count.min(self.max);
        let index = (bits.buffer & ((1u64 << self.max) - 1)) as usize;
        let entry = self.table[index];
        let length = u32::from(entry & 15);
        if length == 0 || length > available {
            return None;
        }
        bits.buffer >>= length;
        bits.count -= length;
        Some(entry >> 4)
    }
}

const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Reads a dynamic block's code definitions (after the 3 header bits).
fn read_dynamic_codes(bits: &mut Bits<'_>) -> Option<(Huffman, Huffman)> {
    let literals = bits.take(5)? as usize + 257;
    let distances = bits.take(5)? as usize + 1;
    let code_lengths = bits.take(4)? as usize + 4;
    if literals > 286 || distances > 30 {
        return None;
    }
    let mut lengths = [0u8; 19];
    for &index in &CODE_LENGTH_ORDER[..code_lengths] {
        lengths[index] = u8::try_from(bits.take(3)?).ok()?;
    }
    let code = Huffman::new(&lengths, false)?;
    let mut all = vec![0u8; literals + distances];
    let mut i = 0;
    while i < all.len() {
        let symbol = code.decode(bits)?;
        match symbol {
            0..=15 => {
                all[i] = u8::try_from(symbol).ok()?;
                i += 1;
            }
            16 => {
                let previous = *all.get(i.checked_sub(1)?)?;
                let repeat = 3 + bits.take(2)? as usize;
                all.get_mut(i..i + repeat)?.fill(previous);
                i += repeat;
            }
            17 | 18 => {
                let repeat = if symbol == 17 {
                    3 + bits.take(3)? as usize
                } else {
                    11 + bits.take(7)? as usize
                };
                all.get_mut(i..i + repeat)?.fill(0);
                i += repeat;
            }
            _ => return None,
        }
    }
    if all[256] == 0 {
        return None;
    }
    let literal = Huffman::new(&all[..literals], false)?;
    let distance_lengths = &all[literals..];
    // zlib accepts an incomplete distance code only when it has a single code.
    let used = distance_lengths.iter().filter(|&&l| l > 0).count();
    let distance = Huffman::new(distance_lengths, used <= 1)?;
    Some((literal, distance))
}

/// A quick test of a bit offset: a non-final dynamic block whose code definitions are valid.
fn plausible_dynamic_header(data: &[u8], bit: usize) -> bool {
    // Cheap tests first, on the 64 bits at `bit`, without building anything: BFINAL = 0 and
    // BTYPE = 2 (the three bits read 0b100), HLIT ≤ 29, HDIST ≤ 29, and a complete code for the
    // code lengths (Σ 2^(7-len) = 128). Most offsets fail here.
    let byte = bit / 8;
    let mut word = [0u8; 8];
    if data.len().saturating_sub(byte) < 9 {
        return false;
    }
    word.copy_from_slice(&data[byte..byte + 8]);
    let extra = u64::from(data[byte + 8]);
    let shift = bit % 8;
    let high = if shift == 0 { 0 } else { extra << (64 - shift) };
    let bits = (u64::from_le_bytes(word) >> shift) | high;
    if bits & 0b111 != 0b100 {
        return false;
    }
    let literals = (bits >> 3) & 31;
    let distances = (bits >> 8) & 31;
    if literals > 29 || distances > 29 {
        return false;
    }
    let code_lengths = ((bits >> 13) & 15) as u32 + 4;
    // 17 header bits + up to 57 bits of code lengths may exceed this word: check what fits.
    let mut kraft = 0u32;
    let fitting = code_lengths.min((64 - 17) / 3);
    for i in 0..fitting {
        let length = ((bits >> (17 + 3 * i)) & 7) as u32;
        if length > 0 {
            kraft += 1 << (7 - length);
        }
    }
    if kraft > 128 || (fitting == code_lengths && kraft != 128) {
        return false;
    }
    let mut reader = Bits::new(data, bit + 3);
    read_dynamic_codes(&mut reader).is_some()
}

/// A stored (uncompressed) block whose `LEN`/`NLEN` fields start at byte `byte`: the three
/// bits before that byte must be zero (they are header or padding bits), and `NLEN` must be the
/// complement of `LEN`. Returns the bit to start decoding at (the latest possible header
/// position; any earlier true start has only zero bits in between).
fn plausible_stored_header(data: &[u8], byte: usize) -> Option<usize> {
    if byte == 0 || byte + 4 > data.len() || data[byte - 1] & 0b1110_0000 != 0 {
        return None;
    }
    let len = u16::from_le_bytes([data[byte], data[byte + 1]]);
    let nlen = u16::from_le_bytes([data[byte + 2], data[byte + 3]]);
    (len == !nlen && len > 0).then(|| byte * 8 - 3)
}

/// Inflates with markers for references before its start.
struct MarkerInflater<'a> {
    bits: Bits<'a>,
    out: Vec<u16>,
    /// One past the position of the last marker written.
    last_marker_end: usize,
}

impl<'a> MarkerInflater<'a> {
    fn new(data: &'a [u8], bit: usize) -> Self {
        Self {
            bits: Bits::new(data, bit),
            out: Vec::with_capacity(1024 * 1024),
            last_marker_end: 0,
        }
    }

    fn window_is_clean(&self) -> bool {
        self.out.len() >= WINDOW && self.out.len() - self.last_marker_end >= WINDOW
    }

    /// Decodes one block; `Some(true)` when it was the final one.
    fn block(&mut self) -> Option<bool> {
        let last = self.bits.take(1)? == 1;
        match self.bits.take(2)? {
            0 => {
                self.bits.align_to_byte();
                let len = self.bits.take(16)?;
                let nlen = self.bits.take(16)?;
                if len != !nlen & 0xffff {
                    return None;
                }
                for _ in 0..len {
                    let byte = self.bits.take(8)?;
                    self.out.push(u16::try_from(byte).ok()?);
                }
            }
            1 => {
                let mut lengths = [0u8; 288];
                lengths[..144].fill(8);
                lengths[144..256].fill(9);
                lengths[256..280].fill(7);
                lengths[280..].fill(8);
                let literal = Huffman::new(&lengths, false)?;
                let distance = Huffman::new(&[5u8; 30], true)?;
                self.codes(&literal, &distance)?;
            }
            2 => {
                let (literal, distance) = read_dynamic_codes(&mut self.bits)?;
                self.codes(&literal, &distance)?;
            }
            _ => return None,
        }
        Some(last)
    }

    fn codes(&mut self, literal: &Huffman, distance: &Huffman) -> Option<()> {
        loop {
            let symbol = literal.decode(&mut self.bits)?;
            if symbol < 256 {
                self.out.push(symbol);
                continue;
            }
            if symbol == 256 {
                return Some(());
            }
            let index = usize::from(symbol - 257);
            let length = usize::from(*LENGTH_BASE.get(index)?)
                + self.bits.take(u32::from(LENGTH_EXTRA[index]))? as usize;
            let code = usize::from(distance.decode(&mut self.bits)?);
            let dist = usize::from(*DIST_BASE.get(code)?)
                + self.bits.take(u32::from(DIST_EXTRA[code]))? as usize;
            let position = self.out.len();
            if dist > position + WINDOW {
                return None;
            }
            if dist <= position && position - dist >= self.last_marker_end {
                // Copying from marker-free output: whole runs at a time (a copy longer than
                // its distance repeats the last `dist` symbols, so it goes `dist` at a time).
                let mut left = length;
                while left > 0 {
                    let from = self.out.len() - dist;
                    let run = left.min(dist);
                    self.out.extend_from_within(from..from + run);
                    left -= run;
                }
                continue;
            }
            for i in 0..length {
                let at = position + i;
                let symbol = if at >= dist {
                    self.out[at - dist]
                } else {
                    u16::try_from(256 + WINDOW + at - dist).ok()?
                };
                if symbol >= 256 {
                    self.last_marker_end = at + 1;
                }
                self.out.push(symbol);
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    pub(crate) fn gzip(data: &[u8], level: u32) -> Vec<u8> {
        let mut encoder =
            flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    /// Text-like data with repeats near and far, and some noise, like a tar of sources.
    fn tarlike(len: usize, seed: u64) -> Vec<u8> {
        let mut state = seed;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let words = [
            &b"import os\n"[..],
            b"def main():\n",
            b"    return None\n",
            b"usr/lib/python3/dist-packages/",
            b"\x00\x00\x00\x00\x00\x00\x00\x00",
            b"ustar\x0000root\x00",
        ];
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            let r = next();
            if r % 5 == 0 {
                out.extend_from_slice(&r.to_le_bytes());
            } else {
                out.extend_from_slice(words[(r % words.len() as u64) as usize]);
            }
        }
        out.truncate(len);
        out
    }

    /// Compressible data whose repeats are all local (within a few kB), like a tar of
    /// binaries: back-references into the unknown window die out quickly.
    pub(crate) fn local_repeats(len: usize, seed: u64) -> Vec<u8> {
        let mut state = seed;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut out: Vec<u8> = Vec::with_capacity(len);
        while out.len() < len {
            let r = next();
            let run = 64 + (r % 512) as usize;
            if r % 3 == 0 && out.len() > 4096 {
                let from = out.len() - 1 - (next() % 4000) as usize;
                for i in 0..run {
                    let byte = out[from + i % (out.len() - from)];
                    out.push(byte);
                }
            } else {
                // Random bytes, some runs from a smaller alphabet (Huffman coding alone helps).
                let alphabet = if r % 5 < 2 { 256 } else { 61 };
                for _ in 0..run {
                    out.push((next() % alphabet) as u8);
                }
            }
        }
        out.truncate(len);
        out
    }

    /// Inflates `gz` with the two-core reader: the content and whether the second half was used.
    pub(crate) fn parallel_gunzip(gz: &[u8]) -> io::Result<(Vec<u8>, bool)> {
        let start = gzip_header_len(gz).ok_or_else(|| io::Error::other("not gzip"))?;
        let deflate_len = gz.len() - start - 8;
        let middle = deflate_len / 2;
        let second = gz[start + middle..gz.len() - 8].to_vec();
        let trailer: [u8; 8] = gz[gz.len() - 8..].try_into().unwrap();
        let mut reader = ParallelGunzip::start(
            &gz[start..],
            deflate_len,
            middle,
            move || Some(second),
            trailer,
        );
        let mut out = Vec::new();
        reader.read_to_end(&mut out)?;
        Ok((out, reader.used_second_half()))
    }

    #[test]
    fn both_halves_give_the_original() {
        for (len, level, seed) in [(3_000_000, 6, 1), (5_000_000, 9, 3), (2_500_000, 4, 5)] {
            let data = local_repeats(len, seed);
            let (out, split) = parallel_gunzip(&gzip(&data, level)).unwrap();
            assert!(split, "the second half did its share (level {level})");
            assert!(out == data, "level {level}");
        }
    }

    #[test]
    fn incompressible_middles_split_at_stored_blocks() {
        // Random bytes in the middle (like mkbig's 60 MB of urandom): zlib writes stored
        // blocks there, and the second half starts at one.
        let mut state = 7u64;
        let mut data = local_repeats(1_000_000, 6);
        data.extend((0..2_000_000).map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        }));
        data.extend(local_repeats(1_000_000, 8));
        for level in [2, 6] {
            let (out, split) = parallel_gunzip(&gzip(&data, level)).unwrap();
            assert!(split, "level {level}");
            assert!(out == data);
        }
    }

    #[test]
    fn fixed_huffman_streams_are_inflated_by_the_first_half() {
        // zlib-rs level 1 writes fixed-Huffman blocks only: there is no dynamic block header to
        // start the second half at, so the first half does it all.
        let data = local_repeats(2_000_000, 2);
        let (out, split) = parallel_gunzip(&gzip(&data, 1)).unwrap();
        assert!(!split);
        assert!(out == data);
    }

    #[test]
    fn markers_that_never_clear_still_resolve() {
        // A small vocabulary repeated everywhere: copies of copies of the unknown window keep
        // markers alive to the end, so the whole second half is resolved from the first half's
        // window.
        let data = tarlike(3_000_000, 9);
        let (out, split) = parallel_gunzip(&gzip(&data, 6)).unwrap();
        assert!(split);
        assert!(out == data);
    }

    #[test]
    fn corruption_is_an_error_and_members_are_not_lost() {
        let data = local_repeats(2_000_000, 4);
        let gz = gzip(&data, 6);
        // Two members: the trailer read up front is the second member's, so the check fails
        // and the caller falls back to the sequential reader.
        let mut two = gz.clone();
        two.extend_from_slice(&gzip(b"second member", 6));
        assert!(parallel_gunzip(&two).is_err());
        for at in [
            gz.len() / 4,
            gz.len() / 2 + 1000,
            gz.len() * 3 / 4,
            gz.len() - 6,
        ] {
            let mut bad = gz.clone();
            bad[at] ^= 0x55;
            assert!(parallel_gunzip(&bad).is_err(), "flipped byte at {at}");
        }
        assert!(parallel_gunzip(&data).is_err(), "not gzip");
    }

    #[test]
    fn huffman_codes_and_bits() {
        assert!(Huffman::new(&[1, 1, 1], false).is_none(), "over-subscribed");
        assert!(Huffman::new(&[1, 2], false).is_none(), "incomplete");
        assert!(Huffman::new(&[1, 2], true).is_some());
        let data = [0b1010_1100u8, 0xff];
        let mut bits = Bits::new(&data, 2);
        assert_eq!(bits.take(3), Some(0b011));
        assert_eq!(bits.position(), 5);
        assert_eq!(gzip_header_len(&gzip(b"x", 6)), Some(10));
    }

    #[test]
    fn parts_read_as_one_stream() {
        let mut parts = Parts::new(vec![b"ab".to_vec(), Vec::new(), b"cdef".to_vec()]);
        assert_eq!(parts.skip(3).unwrap(), 3);
        let mut rest = String::new();
        parts.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "def");
        assert_eq!(parts.skip(5).unwrap(), 0);
    }
}
