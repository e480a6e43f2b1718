//! Byte ranges, line/column lookup, diagnostics and fixes.
//!
//! Everything downstream speaks in byte offsets into the original source; lines and columns are
//! computed only when a diagnostic is rendered, through [`LineIndex`].

mod diagnostic;
mod fix;
mod line_index;
mod range;

pub use diagnostic::{Diagnostic, Severity};
pub use fix::{Applicability, Edit, Fix, apply_fixes};
pub use line_index::{LineColumn, LineIndex};
pub use range::TextRange;
