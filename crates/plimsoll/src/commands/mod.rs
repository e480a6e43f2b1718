//! One module per subcommand.

pub mod debug;
pub mod hadolint;
pub mod image;
mod image_render;
pub mod init;
pub mod lint;
pub mod rule;
