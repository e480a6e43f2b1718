//! Renders lint and image diagnostics in every output format.
