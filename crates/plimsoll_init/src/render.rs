//! The files `plimsoll init` writes, built from a detected [`Project`].

use std::fmt::Write as _;

use crate::detect::{Dependencies, Project, Server};
use crate::python_version::PythonVersion;

/// The Debian release of the official slim images and of distroless `python3-debian12`.
const DEBIAN: &str = "bookworm";
const DISTROLESS_IMAGE: &str = "gcr.io/distroless/python3-debian12:nonroot";
/// The unprivileged user of the slim image (a number, so `USER` needs no `/etc/passwd`
/// lookup and Kubernetes' `runAsNonRoot` can verify it).
const APP_UID: u32 = 10001;
/// Where the distroless builder installs the dependencies.
const SITE_PACKAGES: &str = "/opt/site-packages";

/// One file to write, relative to the project directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub name: &'static str,
    pub contents: String,
}

/// The generated files, and what the user should know about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub notes: Vec<String>,
}

/// Renders `Dockerfile`, `Dockerfile.distroless` (when the project runs on distroless'
/// Python) and `.dockerignore`.
#[must_use]
pub fn render(project: &Project) -> Generated {
    let mut notes = Vec::new();
    let mut files = vec![GeneratedFile {
        name: "Dockerfile",
        contents: dockerfile(project),
    }];
    match distroless_blocker(project) {
        None => files.push(GeneratedFile {
            name: "Dockerfile.distroless",
            contents: distroless_dockerfile(project),
        }),
        Some(reason) => notes.push(format!("Dockerfile.distroless not generated: {reason}")),
    }
    let distroless = PythonVersion::DISTROLESS_DEBIAN12;
    if project.python != distroless && files.len() == 2 {
        notes.push(format!(
            "Dockerfile uses Python {} ({}), Dockerfile.distroless Python {distroless}: the only one {DISTROLESS_IMAGE} ships",
            project.python, project.python_source
        ));
    }
    files.push(GeneratedFile {
        name: ".dockerignore",
        contents: dockerignore(),
    });
    if let Some(requirement) = project.extra_requirement {
        notes.push(format!(
            "{} is not among the dependencies: the Dockerfiles install `{requirement}` to serve the app; add it to {} instead",
            requirement.split("==").next().unwrap_or(requirement),
            project.dependency_file
        ));
    }
    if project.server == Server::FlaskRun {
        notes.push(
            "gunicorn is not a dependency, so the app runs on Flask's development server (`flask run`); add gunicorn for production"
                .to_owned(),
        );
    }
    Generated { files, notes }
}

/// Why the distroless variant cannot be generated, if it cannot.
fn distroless_blocker(project: &Project) -> Option<String> {
    let distroless = PythonVersion::DISTROLESS_DEBIAN12;
    if let Some(range) = &project.requires_python
        && !range.allows(distroless)
    {
        return Some(format!(
            "{DISTROLESS_IMAGE} ships Python {distroless} and the project requires `{}`",
            range.text
        ));
    }
    None
}

fn header(out: &mut String, project: &Project, variant: &str) {
    let server = match project.server {
        Server::Gunicorn => "gunicorn",
        Server::Uvicorn => "uvicorn",
        Server::FlaskRun => "flask run",
    };
    let _ = writeln!(out, "# syntax=docker/dockerfile:1");
    let _ = writeln!(
        out,
        "# {variant} for a {} app ({}, served by {server} on port {}), written by `plimsoll init`.",
        project.framework, project.app_target, project.port
    );
    let _ = writeln!(
        out,
        "# Dependencies from {}; port from {}. Review before use.",
        project.dependency_file, project.port_source
    );
    out.push('\n');
}

fn labels(out: &mut String, project: &Project) {
    let mut labels = vec![("title", project.name.clone())];
    if let Some(description) = &project.description {
        labels.push(("description", description.clone()));
    }
    if let Some(version) = &project.version {
        labels.push(("version", version.clone()));
    }
    let _ = write!(out, "LABEL");
    for (index, (key, value)) in labels.iter().enumerate() {
        if index > 0 {
            let _ = write!(out, " \\\n     ");
        }
        let _ = write!(out, " org.opencontainers.image.{key}=\"{}\"", quote(value));
    }
    out.push('\n');
}

/// Escapes a value for a double-quoted Dockerfile word: `\`, `"` and `$` (which BuildKit
/// would expand), and keeps it on one line.
fn quote(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        match c {
            '\\' | '"' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The server command, exec form. `python` is the interpreter to run modules with.
fn command(project: &Project, python: Option<&str>) -> Vec<String> {
    let port = project.port.to_string();
    let bind = format!("0.0.0.0:{port}");
    let mut words: Vec<String> = Vec::new();
    let module = |words: &mut Vec<String>, name: &str| match python {
        Some(python) => words.extend([python.to_owned(), "-m".to_owned(), name.to_owned()]),
        None => words.push(name.to_owned()),
    };
    match project.server {
        Server::Gunicorn => {
            module(&mut words, "gunicorn");
            words.extend(["--bind".to_owned(), bind, project.app_target.clone()]);
        }
        Server::Uvicorn => {
            module(&mut words, "uvicorn");
            words.extend([
                project.app_target.clone(),
                "--host".to_owned(),
                "0.0.0.0".to_owned(),
                "--port".to_owned(),
                port,
            ]);
        }
        Server::FlaskRun => {
            module(&mut words, "flask");
            words.extend([
                "--app".to_owned(),
                project.app_target.clone(),
                "run".to_owned(),
                "--host".to_owned(),
                "0.0.0.0".to_owned(),
                "--port".to_owned(),
                port,
            ]);
        }
    }
    words
}

fn exec_form(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|word| format!("\"{}\"", word.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    format!("[{}]", quoted.join(", "))
}

fn pip_install(target: Option<&str>) -> String {
    match target {
        Some(target) => format!("pip install --no-cache-dir --target {target}"),
        None => "pip install --no-cache-dir".to_owned(),
    }
}

fn extra(project: &Project) -> String {
    project
        .extra_requirement
        .map(|requirement| format!(" \"{requirement}\""))
        .unwrap_or_default()
}

/// The install steps: dependencies first (a layer that survives source edits), then the
/// sources. `target`: install into this directory (the distroless builder, which copies the
/// sources only when pip needs them: the final stage takes them from the build context).
fn install_steps(out: &mut String, project: &Project, target: Option<&str>) {
    let copy_sources = |out: &mut String| {
        if target.is_none() {
            out.push('\n');
            let _ = writeln!(out, "COPY . .");
        }
    };
    let pip = pip_install(target);
    let extra = extra(project);
    match &project.dependencies {
        Dependencies::Requirements { file } => {
            let _ = writeln!(
                out,
                "# Dependencies first: this layer is rebuilt only when {file} changes."
            );
            let _ = writeln!(out, "COPY {file} ./");
            let _ = writeln!(out, "RUN {pip} -r {file}{extra}");
            copy_sources(out);
        }
        Dependencies::ProjectTable { package } => {
            let _ = writeln!(
                out,
                "# Dependencies first, read from pyproject.toml's [project] table (tomllib, Python 3.11+):"
            );
            let _ = writeln!(
                out,
                "# this layer is rebuilt only when pyproject.toml changes."
            );
            let _ = writeln!(out, "COPY pyproject.toml ./");
            let _ = writeln!(
                out,
                "RUN python -c 'import tomllib; print(*tomllib.load(open(\"pyproject.toml\", \"rb\"))[\"project\"].get(\"dependencies\", []), sep=\"\\n\")' > /tmp/requirements.txt \\"
            );
            let _ = writeln!(out, " && {pip} -r /tmp/requirements.txt{extra} \\");
            let _ = writeln!(out, " && rm /tmp/requirements.txt");
            if *package {
                out.push('\n');
                let _ = writeln!(out, "COPY . .");
                let _ = writeln!(out, "RUN {pip} --no-deps .");
            } else {
                copy_sources(out);
            }
        }
        Dependencies::PipInstallProject => {
            let _ = writeln!(
                out,
                "# pip builds the project from its sources, so they are copied first."
            );
            let _ = writeln!(out, "COPY . .");
            let _ = writeln!(out, "RUN {pip} .{extra}");
        }
    }
}

/// No `.pyc` files written at run time, unbuffered logs; `PYTHONPATH` for the distroless
/// packages and for a `src/` layout pip does not install.
fn environment(out: &mut String, project: &Project, site_packages: Option<&str>) {
    let python_path: Vec<String> = site_packages
        .map(str::to_owned)
        .into_iter()
        .chain(
            project
                .import_root
                .iter()
                .map(|root| format!("/app/{root}")),
        )
        .collect();
    let _ = write!(
        out,
        "ENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1"
    );
    if !python_path.is_empty() {
        let _ = write!(out, " \\\n    PYTHONPATH={}", python_path.join(":"));
    }
    out.push('\n');
}

/// The single-stage image on `python:X.Y-slim-bookworm`.
#[must_use]
pub fn dockerfile(project: &Project) -> String {
    let mut out = String::new();
    header(&mut out, project, "Dockerfile");
    let _ = writeln!(
        out,
        "# Python {} from {}; the slim image is ~150 MB against ~1 GB for the full one.",
        project.python, project.python_source
    );
    let _ = writeln!(out, "FROM python:{}-slim-{DEBIAN}", project.python);
    out.push('\n');
    labels(&mut out, project);
    out.push('\n');
    environment(&mut out, project, None);
    out.push('\n');
    let _ = writeln!(out, "WORKDIR /app");
    out.push('\n');
    let _ = writeln!(
        out,
        "# An unprivileged user with a fixed numeric UID to run the app."
    );
    let _ = writeln!(
        out,
        "RUN useradd --uid {APP_UID} --user-group --no-create-home --shell /usr/sbin/nologin app"
    );
    out.push('\n');
    install_steps(&mut out, project, None);
    out.push('\n');
    let _ = writeln!(out, "USER {APP_UID}:{APP_UID}");
    let _ = writeln!(out, "EXPOSE {}", project.port);
    let _ = writeln!(out, "CMD {}", exec_form(&command(project, None)));
    out
}

/// The two-stage image: a slim builder installs the dependencies into a directory that the
/// distroless final stage copies.
#[must_use]
pub fn distroless_dockerfile(project: &Project) -> String {
    let distroless = PythonVersion::DISTROLESS_DEBIAN12;
    let mut out = String::new();
    header(&mut out, project, "Distroless Dockerfile");
    let _ = writeln!(
        out,
        "# {DISTROLESS_IMAGE} runs Debian 12's Python {distroless}, so the builder uses {distroless} too:"
    );
    let _ = writeln!(
        out,
        "# packages installed for another minor version (compiled extensions, version-specific"
    );
    let _ = writeln!(out, "# wheels) would not import in the final image.");
    let _ = writeln!(out, "FROM python:{distroless}-slim-{DEBIAN} AS builder");
    out.push('\n');
    let _ = writeln!(out, "WORKDIR /app");
    out.push('\n');
    install_steps(&mut out, project, Some(SITE_PACKAGES));
    out.push('\n');
    let _ = writeln!(
        out,
        "# No shell, no package manager, runs as the unprivileged `nonroot` user (UID 65532)."
    );
    let _ = writeln!(out, "FROM {DISTROLESS_IMAGE}");
    out.push('\n');
    labels(&mut out, project);
    out.push('\n');
    environment(&mut out, project, Some(SITE_PACKAGES));
    out.push('\n');
    let _ = writeln!(out, "WORKDIR /app");
    let _ = writeln!(out, "COPY --from=builder {SITE_PACKAGES} {SITE_PACKAGES}");
    let _ = writeln!(out, "COPY . .");
    out.push('\n');
    let _ = writeln!(out, "EXPOSE {}", project.port);
    let _ = writeln!(
        out,
        "# The installed console scripts point at the builder's interpreter: run modules instead."
    );
    let _ = writeln!(
        out,
        "ENTRYPOINT {}",
        exec_form(&command(project, Some("python3")))
    );
    out
}

/// Keeps secrets, caches, virtual environments and VCS data out of the build context (and so
/// out of `COPY . .`).
#[must_use]
pub fn dockerignore() -> String {
    "\
# Written by `plimsoll init`: keeps the build context small and secrets out of `COPY . .`.
.git
.gitignore
.dockerignore
Dockerfile*
*.Dockerfile
compose*.y*ml
docker-compose*.y*ml

# Secrets and local settings
.env
.env.*
*.pem
*.key

# Python caches and builds
__pycache__/
*.py[cod]
*.egg-info/
.eggs/
build/
dist/
.pytest_cache/
.mypy_cache/
.ruff_cache/
.tox/
.nox/
.coverage
htmlcov/

# Virtual environments
.venv/
venv/
env/

# Editors and OS files
.idea/
.vscode/
*.swp
.DS_Store

# Front-end build inputs
node_modules/
"
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_values_literal() {
        assert_eq!(quote(r#"a "b" $HOME \ x"#), r#"a \"b\" \$HOME \\ x"#);
        assert_eq!(quote("two\nlines"), "two lines");
    }

    #[test]
    fn exec_form_is_json() {
        let words = ["gunicorn".to_owned(), "a\"b".to_owned()];
        assert_eq!(exec_form(&words), r#"["gunicorn", "a\"b"]"#);
    }
}
