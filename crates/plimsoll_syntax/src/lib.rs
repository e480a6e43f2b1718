//! Lossless, BuildKit-exact Dockerfile parser, variable expansion, .dockerignore matching and the RUN shell model.

pub mod dockerfile;
pub mod dockerignore;
pub mod expand;
pub mod gocompat;
pub mod scope;
pub mod shell;
pub mod suggest;
