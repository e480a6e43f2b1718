//! `plimsoll init`: detects a Python web project (dependency file, framework, entry point,
//! port, Python version) and renders a best-practice `Dockerfile`, a distroless variant and a
//! `.dockerignore`. Library code only reads files; the CLI writes them.

pub mod detect;
pub mod python_version;
pub mod render;

pub use detect::{
    DEPENDENCY_FILES, Dependencies, DetectError, Framework, Project, Server, detect,
    find_project_dirs,
};
pub use python_version::{PythonVersion, RequiresPython};
pub use render::{Generated, GeneratedFile, render};
