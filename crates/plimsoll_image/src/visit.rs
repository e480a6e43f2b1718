//! Hooks into the single streaming pass over the layers: a content scanner that sees selected
//! file contents while the layer is read (so secret and package scanners need no second pass),
//! and a progress sink for long reads.

use std::io::Read;

use crate::layer::LayerEntry;

/// Identifies one layer blob during the read. A blob that several layers share (the same
/// `diff_id` referenced twice) is read, and scanned, once; [`crate::Image::layers_of_blob`]
/// maps it back to layer positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobId(pub u32);

/// Looks at file contents during the layer read.
///
/// Layers are read in parallel, so one scanner is shared between threads; implementations keep
/// their results behind a `Mutex` (or per-thread and merged). Every regular file of every layer
/// is offered, including files that later layers delete or overwrite, which is what a secret
/// scanner needs (deleted secrets stay recoverable from the image).
pub trait ContentScanner: Sync {
    /// Whether the scanner wants the content of this regular file. Called for every regular file
    /// entry; keep it cheap (a name or size test). Returning `false` lets the reader skip the
    /// bytes (by seeking when the layer is an uncompressed file).
    fn wants(&self, blob: BlobId, entry: &LayerEntry) -> bool;

    /// Receives the content of a wanted file. Whatever the scanner leaves unread is skipped. Read
    /// errors here are also seen by the layer reader, which reports them.
    fn scan(&self, blob: BlobId, entry: &LayerEntry, content: &mut dyn Read);
}

/// Receives the number of input bytes read so far, for progress bars.
pub trait Progress: Send + Sync {
    /// The number of bytes the read will cover, when known up front.
    fn set_total(&self, _total: u64) {}

    /// `bytes` more bytes of the image source were read (or skipped).
    fn advance(&self, bytes: u64);
}
