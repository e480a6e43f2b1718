//! Reading a Python web project: its dependency file, framework, entry point, port and Python
//! version. Only reads files; never runs anything.

use std::fs;
use std::path::{Path, PathBuf};

use crate::python_version::{PythonVersion, RequiresPython};

/// Files that declare dependencies, in the order they are preferred.
pub const DEPENDENCY_FILES: [&str; 3] = ["requirements.txt", "pyproject.toml", "Pipfile"];

/// Directories never searched for the entry point.
const SKIPPED_DIRS: [&str; 14] = [
    "node_modules",
    "__pycache__",
    "venv",
    "env",
    "site-packages",
    "build",
    "dist",
    "migrations",
    "test",
    "tests",
    "docs",
    "assets",
    "static",
    "templates",
];

/// Python files that usually hold the app object, most likely first.
const ENTRY_FILE_NAMES: [&str; 8] = [
    "app.py",
    "main.py",
    "wsgi.py",
    "asgi.py",
    "server.py",
    "application.py",
    "api.py",
    "__init__.py",
];

/// Pinned server packages installed when the framework needs a server the project does not
/// list (pinned so the image is reproducible and hadolint's DL3013 stays quiet).
pub const GUNICORN_REQUIREMENT: &str = "gunicorn==23.0.0";
pub const UVICORN_REQUIREMENT: &str = "uvicorn==0.34.0";

#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error("{}: no such directory", .0.display())]
    MissingDir(PathBuf),
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: no Python dependency file (looked for {}){}",
        dir.display(),
        DEPENDENCY_FILES.join(", "),
        hint(candidates)
    )]
    NoDependencyFile {
        dir: PathBuf,
        /// Subdirectories that do have one (the project may live one level down).
        candidates: Vec<PathBuf>,
    },
    #[error("{}: invalid TOML: {message}", path.display())]
    InvalidToml { path: PathBuf, message: String },
    #[error(
        "{}: no web framework found (looked for Flask, FastAPI or Django in the dependencies, `Flask(`/`FastAPI(` in Python files and manage.py)",
        .0.display()
    )]
    NoFramework(PathBuf),
    #[error(
        "{}: found {framework} in the dependencies but not the app (looked for {looked_for})",
        dir.display()
    )]
    NoEntryPoint {
        dir: PathBuf,
        framework: Framework,
        looked_for: &'static str,
    },
    #[error(
        "{}: Pipfile projects are not supported yet; export the lock with `pipenv requirements > requirements.txt` and run again",
        .0.display()
    )]
    PipfileOnly(PathBuf),
}

fn hint(candidates: &[PathBuf]) -> String {
    match candidates {
        [] => String::new(),
        [one] => format!(
            "; {} has one: run `plimsoll init {}`",
            one.display(),
            one.display()
        ),
        many => format!(
            "; these subdirectories have one: {}",
            many.iter()
                .map(|path| path.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    Flask,
    FastApi,
    Django,
}

impl std::fmt::Display for Framework {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Flask => "Flask",
            Self::FastApi => "FastAPI",
            Self::Django => "Django",
        })
    }
}

/// How the dependencies get into the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dependencies {
    /// `pip install -r <file>` (relative path, `/`-separated).
    Requirements { file: String },
    /// pyproject.toml `[project].dependencies`, installable before the sources are copied.
    /// `package`: the project has a `[build-system]` and is installed itself afterwards.
    ProjectTable { package: bool },
    /// `pip install .` after copying the sources (Poetry, dynamic dependencies).
    PipInstallProject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    Gunicorn,
    Uvicorn,
    /// `flask run`: Flask's development server, used only when gunicorn is not a dependency.
    FlaskRun,
}

/// Everything `init` needs to know about a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// A name for the image title label: the pyproject name or the directory's.
    pub name: String,
    pub description: Option<String>,
    pub version: Option<String>,
    pub python: PythonVersion,
    /// Where `python` came from, for the generated comments (`.python-version`, ...).
    pub python_source: String,
    pub requires_python: Option<RequiresPython>,
    pub dependency_file: String,
    pub dependencies: Dependencies,
    /// Normalised names (PEP 503) of the declared dependencies.
    pub packages: Vec<String>,
    pub framework: Framework,
    pub server: Server,
    /// A pinned server requirement to install besides the project's own, when missing.
    pub extra_requirement: Option<&'static str>,
    /// `module:attribute` as gunicorn/uvicorn/flask take it.
    pub app_target: String,
    /// The file the target was found in (relative, `/`-separated).
    pub app_source: String,
    /// A directory to put on `PYTHONPATH` (`src` of a `src/` layout that pip does not
    /// install), relative to the project.
    pub import_root: Option<String>,
    pub port: u16,
    /// Where the port came from (a file, or the framework default).
    pub port_source: String,
}

/// Detects the project in `dir`.
///
/// # Errors
/// When `dir` is missing or unreadable, or has no dependency file, framework or app.
pub fn detect(dir: &Path) -> Result<Project, DetectError> {
    if !dir.is_dir() {
        return Err(DetectError::MissingDir(dir.to_path_buf()));
    }
    let Some(dependency_file) = DEPENDENCY_FILES
        .into_iter()
        .find(|name| dir.join(name).is_file())
    else {
        return Err(DetectError::NoDependencyFile {
            dir: dir.to_path_buf(),
            candidates: find_project_dirs(dir),
        });
    };
    let pyproject = read_toml(dir, "pyproject.toml")?;
    let project_table = pyproject
        .as_ref()
        .and_then(|doc| doc.get("project"))
        .and_then(toml::Value::as_table);

    let (dependencies, packages) = match dependency_file {
        "requirements.txt" => (
            Dependencies::Requirements {
                file: dependency_file.to_owned(),
            },
            requirement_names(&read(dir, "requirements.txt")?),
        ),
        "pyproject.toml" => pyproject_dependencies(pyproject.as_ref()),
        _ => return Err(DetectError::PipfileOnly(dir.to_path_buf())),
    };

    let (python, python_source, requires_python) = python_version(dir, project_table)?;
    // tomllib (used to read the dependencies before the sources are copied) needs 3.11.
    let dependencies = match dependencies {
        Dependencies::ProjectTable { .. } if python < PythonVersion::new(3, 11) => {
            Dependencies::PipInstallProject
        }
        other => other,
    };

    let sources = python_sources(dir)?;
    let framework = framework(&packages, &sources)
        .ok_or_else(|| DetectError::NoFramework(dir.to_path_buf()))?;
    let (app_target, app_source) = entry_point(dir, framework, &sources)?;
    let has = |name: &str| packages.iter().any(|package| package == name);
    let (server, extra_requirement) = match framework {
        Framework::Flask if has("gunicorn") => (Server::Gunicorn, None),
        Framework::Flask => (Server::FlaskRun, None),
        Framework::Django if has("gunicorn") => (Server::Gunicorn, None),
        Framework::Django => (Server::Gunicorn, Some(GUNICORN_REQUIREMENT)),
        Framework::FastApi if has("uvicorn") || has("fastapi[standard]") || has("fastapi[all]") => {
            (Server::Uvicorn, None)
        }
        Framework::FastApi => (Server::Uvicorn, Some(UVICORN_REQUIREMENT)),
    };
    let (port, port_source) = sources
        .iter()
        .find(|source| source.path == app_source)
        .into_iter()
        .chain(sources.iter())
        .find_map(|source| port_in(&source.text).map(|port| (port, source.path.clone())))
        .unwrap_or_else(|| {
            let port = if server == Server::FlaskRun {
                5000
            } else {
                8000
            };
            (port, format!("the {framework} default"))
        });

    let name = project_table
        .and_then(|table| table.get("name"))
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            dir.canonicalize()
                .ok()?
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "app".to_owned());
    let string_field = |key: &str| {
        project_table
            .and_then(|table| table.get(key))
            .and_then(toml::Value::as_str)
            .map(str::to_owned)
    };
    let installed = matches!(
        dependencies,
        Dependencies::ProjectTable { package: true } | Dependencies::PipInstallProject
    );
    let import_root = (app_source.starts_with("src/") && !installed).then(|| "src".to_owned());
    Ok(Project {
        name,
        description: string_field("description"),
        version: string_field("version"),
        python,
        python_source,
        requires_python,
        dependency_file: dependency_file.to_owned(),
        dependencies,
        packages,
        framework,
        server,
        extra_requirement,
        app_target,
        app_source,
        import_root,
        port,
        port_source,
    })
}

/// Subdirectories of `dir` (two levels deep at most) holding a dependency file.
#[must_use]
pub fn find_project_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut queue = vec![(dir.to_path_buf(), 0)];
    while let Some((current, depth)) = queue.pop() {
        let Ok(entries) = fs::read_dir(&current) else {
            continue;
        };
        let mut children: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
            .map(|entry| entry.path())
            .filter(|path| !skipped_dir(path))
            .collect();
        children.sort();
        for child in children {
            if DEPENDENCY_FILES
                .iter()
                .any(|name| child.join(name).is_file())
            {
                found.push(child);
            } else if depth < 1 {
                queue.push((child, depth + 1));
            }
        }
    }
    found.sort();
    found
}

fn skipped_dir(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_none_or(|name| name.starts_with('.') || SKIPPED_DIRS.contains(&name))
}

fn read(dir: &Path, name: &str) -> Result<String, DetectError> {
    let path = dir.join(name);
    fs::read(&path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|source| DetectError::Io { path, source })
}

fn read_toml(dir: &Path, name: &str) -> Result<Option<toml::Table>, DetectError> {
    if !dir.join(name).is_file() {
        return Ok(None);
    }
    let text = read(dir, name)?;
    text.parse::<toml::Table>()
        .map(Some)
        .map_err(|error| DetectError::InvalidToml {
            path: dir.join(name),
            message: error.to_string().trim().to_owned(),
        })
}

/// PEP 503 name of a requirement line, extras kept in brackets (`fastapi[standard]`).
fn requirement_name(line: &str) -> Option<String> {
    let line = line.split('#').next()?.trim();
    if line.is_empty() || line.starts_with('-') {
        return None;
    }
    let end = line
        .find(|c: char| {
            !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '[' | ']' | ','))
        })
        .unwrap_or(line.len());
    let name = &line[..end];
    let (base, extras) = name.split_once('[').unwrap_or((name, ""));
    let base = normalise(base);
    if base.is_empty() {
        return None;
    }
    let extras = extras.trim_end_matches(']');
    Some(if extras.is_empty() {
        base
    } else {
        // Keep each extra as its own entry form `name[extra]` so lookups stay simple.
        extras
            .split(',')
            .map(|extra| format!("{base}[{}]", normalise(extra)))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
            + &base
    })
}

fn normalise(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        let c = if matches!(c, '_' | '.') {
            '-'
        } else {
            c.to_ascii_lowercase()
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out
}

fn requirement_names(text: &str) -> Vec<String> {
    names(text.lines())
}

fn names<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = lines
        .filter_map(requirement_name)
        .flat_map(|names| names.lines().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn pyproject_dependencies(pyproject: Option<&toml::Table>) -> (Dependencies, Vec<String>) {
    let Some(doc) = pyproject else {
        return (Dependencies::PipInstallProject, Vec::new());
    };
    let project = doc.get("project").and_then(toml::Value::as_table);
    let package = doc.contains_key("build-system");
    let declared: Option<Vec<&str>> = project
        .and_then(|table| table.get("dependencies"))
        .and_then(toml::Value::as_array)
        .map(|items| items.iter().filter_map(toml::Value::as_str).collect());
    let dynamic = project
        .and_then(|table| table.get("dynamic"))
        .and_then(toml::Value::as_array)
        .is_some_and(|items| {
            items
                .iter()
                .any(|item| item.as_str() == Some("dependencies"))
        });
    if let Some(declared) = declared
        && !dynamic
    {
        return (
            Dependencies::ProjectTable { package },
            names(declared.into_iter()),
        );
    }
    // Poetry: [tool.poetry.dependencies] is a table of name = constraint.
    let poetry = doc
        .get("tool")
        .and_then(|tool| tool.get("poetry"))
        .and_then(|poetry| poetry.get("dependencies"))
        .and_then(toml::Value::as_table)
        .map(|table| {
            let mut names: Vec<String> = table
                .keys()
                .filter(|name| name.as_str() != "python")
                .map(|name| normalise(name))
                .collect();
            names.sort();
            names
        })
        .unwrap_or_default();
    (Dependencies::PipInstallProject, poetry)
}

fn python_version(
    dir: &Path,
    project: Option<&toml::Table>,
) -> Result<(PythonVersion, String, Option<RequiresPython>), DetectError> {
    let requires_python = project
        .and_then(|table| table.get("requires-python"))
        .and_then(toml::Value::as_str)
        .and_then(RequiresPython::parse);
    for file in [".python-version", "runtime.txt"] {
        if dir.join(file).is_file()
            && let Some(version) = read(dir, file)?
                .lines()
                .find_map(PythonVersion::parse_loose)
        {
            return Ok((version, format!("`{file}`"), requires_python));
        }
    }
    if let Some(range) = &requires_python
        && let Some(version) = range.pick()
    {
        return Ok((
            version,
            format!("`requires-python = \"{}\"`", range.text),
            requires_python.clone(),
        ));
    }
    Ok((
        PythonVersion::DEFAULT,
        "plimsoll's default".to_owned(),
        requires_python,
    ))
}

/// A Python file of the project.
#[derive(Debug)]
struct Source {
    /// Relative, `/`-separated.
    path: String,
    text: String,
}

impl Source {
    fn depth(&self) -> usize {
        self.path.matches('/').count()
    }

    fn name_rank(&self) -> usize {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        ENTRY_FILE_NAMES
            .iter()
            .position(|candidate| *candidate == name)
            .unwrap_or(ENTRY_FILE_NAMES.len())
    }

    /// The dotted module path, `src/` layouts without the `src`.
    fn module(&self) -> String {
        let path = self.path.strip_prefix("src/").unwrap_or(&self.path);
        let path = path.strip_suffix(".py").unwrap_or(path);
        let path = path.strip_suffix("/__init__").unwrap_or(path);
        path.replace('/', ".")
    }
}

/// The project's Python files up to three directories deep, likeliest entry points first.
fn python_sources(dir: &Path) -> Result<Vec<Source>, DetectError> {
    let mut sources = Vec::new();
    let mut queue = vec![(dir.to_path_buf(), String::new(), 0)];
    while let Some((current, prefix, depth)) = queue.pop() {
        let entries = fs::read_dir(&current).map_err(|source| DetectError::Io {
            path: current.clone(),
            source,
        })?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let Some(name) = path
                .file_name()
                .and_then(|name| name.to_str())
                .map(str::to_owned)
            else {
                continue;
            };
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if depth < 3 && !skipped_dir(&path) {
                    queue.push((path, format!("{prefix}{name}/"), depth + 1));
                }
            } else if kind.is_file()
                && name.ends_with(".py")
                && !name.starts_with("test_")
                && !name.ends_with("_test.py")
                && name != "conftest.py"
                && let Ok(bytes) = fs::read(&path)
            {
                sources.push(Source {
                    path: format!("{prefix}{name}"),
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                });
            }
        }
    }
    sources.sort_by(|a, b| {
        (a.depth(), a.name_rank(), &a.path).cmp(&(b.depth(), b.name_rank(), &b.path))
    });
    Ok(sources)
}

fn framework(packages: &[String], sources: &[Source]) -> Option<Framework> {
    let has = |name: &str| packages.iter().any(|package| package == name);
    if has("django") {
        return Some(Framework::Django);
    }
    if has("fastapi") {
        return Some(Framework::FastApi);
    }
    if has("flask") {
        return Some(Framework::Flask);
    }
    // Dependencies that name no framework (a Poetry table, a requirements file including
    // another): fall back to the sources.
    for source in sources {
        if source.path == "manage.py" && source.text.contains("DJANGO_SETTINGS_MODULE") {
            return Some(Framework::Django);
        }
        if app_assignment(&source.text, "FastAPI").is_some() {
            return Some(Framework::FastApi);
        }
        if app_assignment(&source.text, "Flask").is_some()
            || factory(&source.text, "Flask").is_some()
        {
            return Some(Framework::Flask);
        }
    }
    None
}

fn entry_point(
    dir: &Path,
    framework: Framework,
    sources: &[Source],
) -> Result<(String, String), DetectError> {
    let not_found = |looked_for| DetectError::NoEntryPoint {
        dir: dir.to_path_buf(),
        framework,
        looked_for,
    };
    match framework {
        Framework::Django => {
            let settings_package = sources
                .iter()
                .filter(|source| source.path.ends_with("manage.py"))
                .find_map(|source| {
                    django_settings_package(&source.text).map(|package| (source, package))
                });
            let wsgi = match settings_package {
                Some((manage, package)) => {
                    let base = manage.path.strip_suffix("manage.py").unwrap_or("");
                    format!("{base}{}/wsgi.py", package.replace('.', "/"))
                }
                None => sources
                    .iter()
                    .find(|source| {
                        source.path.ends_with("/wsgi.py") && source.text.contains("get_wsgi_application")
                    })
                    .map(|source| source.path.clone())
                    .ok_or_else(|| not_found("manage.py with DJANGO_SETTINGS_MODULE, or a wsgi.py calling get_wsgi_application"))?,
            };
            let source = sources
                .iter()
                .find(|source| source.path == wsgi)
                .ok_or_else(|| {
                    not_found("the wsgi.py next to the settings module manage.py names")
                })?;
            Ok((
                format!("{}:application", source.module()),
                source.path.clone(),
            ))
        }
        Framework::Flask | Framework::FastApi => {
            let class = if framework == Framework::Flask {
                "Flask"
            } else {
                "FastAPI"
            };
            sources
                .iter()
                .find_map(|source| {
                    app_assignment(&source.text, class)
                        .map(|name| (format!("{}:{name}", source.module()), source.path.clone()))
                })
                .or_else(|| {
                    sources.iter().find_map(|source| {
                        factory(&source.text, class)
                            .map(|name| (format!("{}:{name}()", source.module()), source.path.clone()))
                    })
                })
                .ok_or_else(|| {
                    not_found(if framework == Framework::Flask {
                        "`NAME = Flask(...)` or a `def ...` returning `Flask(...)` in app.py, main.py, wsgi.py and the other Python files"
                    } else {
                        "`NAME = FastAPI(...)` in main.py, app.py and the other Python files"
                    })
                })
        }
    }
}

/// `NAME = Flask(` / `NAME = flask.Flask(` at the start of a line (module level): `NAME`.
fn app_assignment(text: &str, class: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (name, value) = line.split_once('=')?;
        let name = name.trim_end();
        if name.is_empty() || name.starts_with(char::is_whitespace) || !is_identifier(name) {
            return None;
        }
        let value = value.trim_start();
        let value = value
            .strip_prefix(&class.to_ascii_lowercase())
            .and_then(|rest| rest.strip_prefix('.'))
            .unwrap_or(value);
        value
            .strip_prefix(class)?
            .trim_start()
            .starts_with('(')
            .then(|| name.to_owned())
    })
}

/// A module-level `def NAME(...)` whose body calls `Flask(`: an app factory.
fn factory(text: &str, class: &str) -> Option<String> {
    let call = format!("{class}(");
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("def ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // A factory with required arguments cannot be called as `module:name()`.
            let arguments = rest[name.len()..].trim_start_matches('(');
            let callable = arguments.starts_with(')')
                || arguments.split(')').next().is_some_and(|list| {
                    list.split(',')
                        .all(|arg| arg.contains('=') || arg.trim().starts_with('*'))
                });
            current = callable.then_some(name);
        } else if !line.is_empty()
            && !line.starts_with(char::is_whitespace)
            && !line.starts_with('#')
        {
            current = None;
        } else if let Some(name) = &current
            && line.contains(&call)
            && !line.trim_start().starts_with('#')
        {
            return Some(name.clone());
        }
    }
    None
}

fn is_identifier(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")`: `example`.
fn django_settings_package(text: &str) -> Option<String> {
    let after = &text[text.find("DJANGO_SETTINGS_MODULE")? + "DJANGO_SETTINGS_MODULE".len()..];
    let start = after.find(['"', '\''])? + 1;
    let after = &after[start..];
    let start = after.find(['"', '\''])? + 1;
    let value = &after[start..];
    let value = &value[..value.find(['"', '\''])?];
    let package = value.rsplit_once('.').map_or(value, |(package, _)| package);
    (!package.is_empty() && package.split('.').all(is_identifier)).then(|| package.to_owned())
}

/// The port a `run(...)` call (`app.run`, `uvicorn.run`) passes: `port=5000`,
/// `port=int(os.environ.get("PORT", 8080))`. Other `port=` (a Redis client's) do not count.
fn port_in(text: &str) -> Option<u16> {
    let mut rest = text;
    while let Some(index) = rest.find("run(") {
        let call = &rest[index + 4..];
        let mut depth = 1_i32;
        let end = call
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(call.len(), |(end, _)| end);
        if let Some(port) = port_argument(&call[..end]) {
            return Some(port);
        }
        rest = call;
    }
    None
}

fn port_argument(text: &str) -> Option<u16> {
    let mut rest = text;
    while let Some(index) = rest.find("port") {
        let before = rest[..index].chars().next_back();
        let after = &rest[index + 4..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(value) = after.trim_start().strip_prefix('=') else {
            continue;
        };
        if value.starts_with('=') {
            continue;
        }
        // The first number of the argument.
        let mut depth = 0_i32;
        let mut number = String::new();
        let mut previous = ' ';
        for c in value.chars() {
            match c {
                '(' => depth += 1,
                ')' | ',' if depth == 0 => break,
                ')' => depth -= 1,
                _ => {}
            }
            if c.is_ascii_digit()
                && (number.is_empty() && !(previous.is_alphanumeric() || previous == '_')
                    || !number.is_empty())
            {
                number.push(c);
            } else if !number.is_empty() {
                break;
            }
            previous = c;
        }
        if let Ok(port) = number.parse::<u16>()
            && port >= 1
        {
            return Some(port);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_names_are_normalised() {
        let names = requirement_names(
            "Flask==3.1.3; python_version >= '3.9'\n# comment\n-r base.txt\nFastAPI[standard,all]>=0.1\nzope.interface\npsycopg2_binary\n\n",
        );
        assert_eq!(
            names,
            [
                "fastapi",
                "fastapi[all]",
                "fastapi[standard]",
                "flask",
                "psycopg2-binary",
                "zope-interface"
            ]
        );
    }

    #[test]
    fn app_objects_and_factories() {
        assert_eq!(
            app_assignment("from flask import Flask\napp = Flask(__name__)\n", "Flask"),
            Some("app".into())
        );
        assert_eq!(
            app_assignment("application=flask.Flask(__name__)", "Flask"),
            Some("application".into())
        );
        assert_eq!(app_assignment("    app = Flask(__name__)", "Flask"), None);
        assert_eq!(
            app_assignment("api = FastAPI(title='x')", "FastAPI"),
            Some("api".into())
        );
        assert_eq!(app_assignment("app = FlaskAPI()", "Flask"), None);
        let text = "def helper(x):\n    return Flask(x)\n\ndef create_app(settings=None):\n    app = Flask(__name__)\n    return app\n";
        assert_eq!(factory(text, "Flask"), Some("create_app".into()));
        assert_eq!(
            factory("def make(config):\n    return Flask(config)\n", "Flask"),
            None
        );
    }

    #[test]
    fn ports() {
        assert_eq!(port_in("app.run(host='0.0.0.0', port=8000)"), Some(8000));
        assert_eq!(
            port_in("app.run(debug=True, port=int(os.environ.get(\"PORT\", 8080)))"),
            Some(8080)
        );
        assert_eq!(
            port_in("app.run(port=os.environ.get(\"FLASK_SERVER_PORT\"))"),
            None
        );
        assert_eq!(
            port_in("Redis(host='redis', port=6379)\napp.run(\n    port=5001,\n)"),
            Some(5001)
        );
        assert_eq!(port_in("run(support=5, port == 80)"), None);
        assert_eq!(
            port_in("uvicorn.run(app, host=\"0.0.0.0\", port = 9000)"),
            Some(9000)
        );
    }

    #[test]
    fn django_settings() {
        let text = "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hello_django.settings')";
        assert_eq!(django_settings_package(text), Some("hello_django".into()));
        assert_eq!(django_settings_package("DJANGO_SETTINGS_MODULE"), None);
    }
}
