//! Generated files for synthetic Flask, FastAPI and Django projects: snapshots, and a clean
//! bill of health from plimsoll's own linter in both modes.

use std::path::Path;

use plimsoll_init::{Generated, Project, detect, render};
use plimsoll_linter::{LinterSettings, Mode, lint};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A temporary project named `name` holding `files`.
fn new_project(name: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, Project, Generated) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join(name);
    for (file, text) in files {
        write(&dir, file, text);
    }
    let project = detect(&dir).unwrap_or_else(|error| panic!("{error}"));
    let generated = render(&project);
    (temp, project, generated)
}

/// Every finding of every default rule, in both modes, as readable lines.
fn findings(source: &str) -> Vec<String> {
    [Mode::Plimsoll, Mode::Hadolint]
        .into_iter()
        .flat_map(|mode| {
            lint(source, &LinterSettings::new(mode))
                .into_iter()
                .map(move |diagnostic| {
                    format!(
                        "{mode:?} {} at {:?}: {}",
                        diagnostic.code, diagnostic.range, diagnostic.message
                    )
                })
        })
        .collect()
}

fn assert_lints_clean(generated: &Generated) {
    for file in generated
        .files
        .iter()
        .filter(|file| file.name.starts_with("Dockerfile"))
    {
        let findings = findings(&file.contents);
        assert!(
            findings.is_empty(),
            "{} is not clean:\n{}\n---\n{}",
            file.name,
            findings.join("\n"),
            file.contents
        );
    }
}

/// The real hadolint 2.15.1 (with its ShellCheck) agrees: no findings, exit 0. Covers the DL
/// rules plimsoll does not implement yet.
fn assert_hadolint_clean(generated: &Generated) {
    let Some(hadolint) = plimsoll_testing::hadolint_binary("generated files vs hadolint") else {
        return;
    };
    let temp = tempfile::tempdir().unwrap();
    for file in generated
        .files
        .iter()
        .filter(|file| file.name.starts_with("Dockerfile"))
    {
        let path = temp.path().join(file.name);
        std::fs::write(&path, &file.contents).unwrap();
        let output = std::process::Command::new(&hadolint)
            .arg("--no-color")
            .arg(&path)
            .current_dir(temp.path())
            .output()
            .expect("hadolint runs");
        assert!(
            output.status.success() && output.stdout.is_empty(),
            "hadolint on {}:\n{}{}",
            file.name,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn snapshot(name: &str, generated: &Generated) {
    let mut text = String::new();
    for file in &generated.files {
        text.push_str(&format!("=== {}\n{}", file.name, file.contents));
    }
    for note in &generated.notes {
        text.push_str(&format!("note: {note}\n"));
    }
    insta::assert_snapshot!(name, text);
}

const FLASK_APP: &str = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/')\ndef index():\n    return 'hi'\n\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', port=5050)\n";

#[test]
fn flask_with_gunicorn() {
    let (_temp, project, generated) = new_project(
        "flask-shop",
        &[
            ("requirements.txt", "Flask==3.1.0\ngunicorn==23.0.0\n"),
            ("app.py", FLASK_APP),
            (".python-version", "3.12.7\n"),
        ],
    );
    assert_eq!(project.app_target, "app:app");
    assert_eq!(project.port, 5050);
    assert_eq!(project.python.to_string(), "3.12");
    assert_lints_clean(&generated);
    assert_hadolint_clean(&generated);
    snapshot("flask_with_gunicorn", &generated);
}

#[test]
fn flask_without_gunicorn_uses_flask_run() {
    let (_temp, project, generated) = new_project(
        "tiny",
        &[
            ("requirements.txt", "flask\n"),
            (
                "wsgi.py",
                "import flask\napplication = flask.Flask(__name__)\n",
            ),
        ],
    );
    assert_eq!(project.app_target, "wsgi:application");
    assert_eq!(project.port, 5000);
    assert_lints_clean(&generated);
    assert_hadolint_clean(&generated);
    let dockerfile = &generated.files[0].contents;
    assert!(dockerfile.contains(
        r#"CMD ["flask", "--app", "wsgi:application", "run", "--host", "0.0.0.0", "--port", "5000"]"#
    ));
    assert!(
        generated
            .notes
            .iter()
            .any(|note| note.contains("development server"))
    );
}

#[test]
fn fastapi_pyproject_package() {
    let (_temp, project, generated) = new_project(
        "orders",
        &[
            (
                "pyproject.toml",
                "[project]\nname = \"orders\"\nversion = \"1.2.0\"\ndescription = \"Orders \\\"API\\\" for $SHOP\"\nrequires-python = \">=3.10\"\ndependencies = [\"fastapi>=0.115\", \"uvicorn[standard]>=0.30\"]\n\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
            ),
            (
                "src/orders/main.py",
                "from fastapi import FastAPI\n\napi = FastAPI(title='orders')\n\nif __name__ == '__main__':\n    import uvicorn\n    uvicorn.run(api, host='0.0.0.0', port=8080)\n",
            ),
            ("src/orders/__init__.py", ""),
        ],
    );
    assert_eq!(project.app_target, "orders.main:api");
    assert_eq!(project.port, 8080);
    assert_eq!(project.extra_requirement, None);
    assert_lints_clean(&generated);
    assert_hadolint_clean(&generated);
    snapshot("fastapi_pyproject_package", &generated);
}

#[test]
fn django_without_gunicorn() {
    let (_temp, project, generated) = new_project(
        "blog",
        &[
            (
                "requirements.txt",
                "Django==5.1.4\npsycopg[binary]==3.2.3\n",
            ),
            (
                "manage.py",
                "import os\nimport sys\n\nif __name__ == '__main__':\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'blog.settings')\n",
            ),
            ("blog/__init__.py", ""),
            ("blog/settings.py", "DEBUG = False\n"),
            (
                "blog/wsgi.py",
                "import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'blog.settings')\napplication = get_wsgi_application()\n",
            ),
            ("runtime.txt", "python-3.11.9\n"),
        ],
    );
    assert_eq!(project.app_target, "blog.wsgi:application");
    assert_eq!(project.port, 8000);
    assert!(project.extra_requirement.is_some());
    assert_lints_clean(&generated);
    assert_hadolint_clean(&generated);
    snapshot("django_without_gunicorn", &generated);
}

/// The clean verdicts above mean something only if the same settings do find problems.
#[test]
fn the_lint_settings_do_find_problems() {
    let findings = findings("FROM python:3.12\nRUN pip install flask\nCOPY . .\nCMD flask run\n");
    for code in ["DL3045", "PL001", "PL004", "PL005"] {
        assert!(
            findings.iter().any(|finding| finding.contains(code)),
            "{code} missing from {findings:#?}"
        );
    }
}

fn file<'a>(generated: &'a Generated, name: &str) -> Option<&'a str> {
    generated
        .files
        .iter()
        .find(|file| file.name == name)
        .map(|file| file.contents.as_str())
}

#[test]
fn pyproject_app_in_src_layout_goes_on_pythonpath() {
    // No [build-system]: pip does not install the project, so `src` goes on PYTHONPATH.
    let (_temp, project, generated) = new_project(
        "svc",
        &[
            (
                "pyproject.toml",
                "[project]\nname = \"svc\"\nversion = \"0.1.0\"\ndependencies = [\"flask==3.1.0\", \"gunicorn==23.0.0\"]\n",
            ),
            (
                "src/svc/app.py",
                "from flask import Flask\n\napp = Flask(__name__)\n",
            ),
        ],
    );
    assert_eq!(project.app_target, "svc.app:app");
    assert_eq!(project.import_root.as_deref(), Some("src"));
    assert_lints_clean(&generated);
    assert_hadolint_clean(&generated);
    let dockerfile = file(&generated, "Dockerfile").unwrap();
    assert!(
        dockerfile.contains("    PYTHONPATH=/app/src\n"),
        "{dockerfile}"
    );
    assert!(
        !dockerfile.contains("--no-deps ."),
        "not a package: {dockerfile}"
    );
    let distroless = file(&generated, "Dockerfile.distroless").unwrap();
    assert!(
        distroless.contains("    PYTHONPATH=/opt/site-packages:/app/src\n"),
        "{distroless}"
    );
    // The builder needs only pyproject.toml: the final stage copies the sources.
    let builder = distroless.split("FROM gcr.io").next().unwrap();
    assert!(!builder.contains("COPY . ."), "{builder}");
}

#[test]
fn poetry_and_old_pythons_install_the_project() {
    let (_temp, project, generated) = new_project(
        "legacy",
        &[
            (
                "pyproject.toml",
                "[tool.poetry]\nname = \"legacy\"\n\n[tool.poetry.dependencies]\npython = \"^3.10\"\nFastAPI = \"^0.110\"\n\n[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n",
            ),
            ("main.py", "from fastapi import FastAPI\napp = FastAPI()\n"),
        ],
    );
    assert_eq!(
        project.dependencies,
        plimsoll_init::Dependencies::PipInstallProject
    );
    assert_eq!(project.packages, ["fastapi"]);
    assert_eq!(project.app_target, "main:app");
    assert_lints_clean(&generated);
    assert_hadolint_clean(&generated);
    let dockerfile = file(&generated, "Dockerfile").unwrap();
    assert!(
        dockerfile.contains("COPY . .\nRUN pip install --no-cache-dir . \"uvicorn==0.34.0\"\n"),
        "{dockerfile}"
    );

    // tomllib arrived in 3.11: older projects install the project as a whole.
    let (_temp, project, generated) = new_project(
        "old",
        &[
            (
                "pyproject.toml",
                "[project]\nname = \"old\"\nrequires-python = \"<3.11\"\ndependencies = [\"flask\"]\n",
            ),
            ("app.py", "from flask import Flask\napp = Flask(__name__)\n"),
        ],
    );
    assert_eq!(project.python.to_string(), "3.10");
    assert_eq!(
        project.dependencies,
        plimsoll_init::Dependencies::PipInstallProject
    );
    assert_lints_clean(&generated);
    assert!(
        file(&generated, "Dockerfile")
            .unwrap()
            .starts_with("# syntax")
    );
}

#[test]
fn no_distroless_variant_when_python_3_11_is_excluded() {
    let (_temp, _project, generated) = new_project(
        "new",
        &[
            (
                "pyproject.toml",
                "[project]\nname = \"new\"\nrequires-python = \">=3.13\"\ndependencies = [\"fastapi[standard]\"]\n",
            ),
            (
                "app/main.py",
                "from fastapi import FastAPI\napp = FastAPI()\n",
            ),
        ],
    );
    let names: Vec<_> = generated.files.iter().map(|file| file.name).collect();
    assert_eq!(names, ["Dockerfile", ".dockerignore"]);
    assert!(
        generated
            .notes
            .iter()
            .any(|note| note.contains("ships Python 3.11 and the project requires `>=3.13`")),
        "{:?}",
        generated.notes
    );
    assert!(
        file(&generated, "Dockerfile")
            .unwrap()
            .contains("FROM python:3.13-slim-bookworm\n")
    );
    assert_lints_clean(&generated);
}
