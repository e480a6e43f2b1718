//! One module per subcommand.

pub mod debug;
pub mod image;
mod image_render;
