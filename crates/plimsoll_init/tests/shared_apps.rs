//! Every real app in `shared/apps` gets a detection result, and the files generated for it
//! lint clean. Skips with a message when the shared data is absent.

use std::path::Path;

use plimsoll_init::{DetectError, Framework, Project, Server, detect, render};
use plimsoll_linter::{LinterSettings, Mode, lint};

/// Detects the app in `dir`, or in the one subdirectory holding the dependency file (several
/// apps keep it in `app/`).
fn detect_app(dir: &Path) -> Project {
    match detect(dir) {
        Ok(project) => project,
        Err(DetectError::NoDependencyFile { candidates, .. }) if candidates.len() == 1 => {
            detect(&candidates[0]).unwrap_or_else(|error| panic!("{error}"))
        }
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn every_shared_app_is_detected() {
    let Some(apps) = plimsoll_testing::shared_path("every_shared_app_is_detected", "apps") else {
        return;
    };
    let mut summary = String::new();
    let mut names: Vec<_> = std::fs::read_dir(&apps)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.len() >= 9,
        "expected the nine shared apps, found {names:?}"
    );
    for name in &names {
        let project = detect_app(&apps.join(name));
        let generated = render(&project);
        for file in generated
            .files
            .iter()
            .filter(|file| file.name.starts_with("Dockerfile"))
        {
            for mode in [Mode::Plimsoll, Mode::Hadolint] {
                let findings = lint(&file.contents, &LinterSettings::new(mode));
                assert!(
                    findings.is_empty(),
                    "{name}/{} ({mode:?}): {findings:#?}\n{}",
                    file.name,
                    file.contents
                );
            }
        }
        summary.push_str(&format!(
            "{name}: {} {} via {:?} on port {} (Python {}, {}), files: {}\n",
            project.framework,
            project.app_target,
            project.server,
            project.port,
            project.python,
            project.dependency_file,
            generated
                .files
                .iter()
                .map(|file| file.name)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    insta::assert_snapshot!(summary);
}

#[test]
fn known_apps_get_the_expected_entry_points() {
    let Some(apps) =
        plimsoll_testing::shared_path("known_apps_get_the_expected_entry_points", "apps")
    else {
        return;
    };
    let cases = [
        (
            "awesome-compose__flask",
            Framework::Flask,
            "app:app",
            Server::FlaskRun,
            8000,
        ),
        (
            "awesome-compose__fastapi",
            Framework::FastApi,
            "app.main:app",
            Server::Uvicorn,
            8000,
        ),
        (
            "awesome-compose__django",
            Framework::Django,
            "example.wsgi:application",
            Server::Gunicorn,
            8000,
        ),
        (
            "cloud-run-helloworld",
            Framework::Flask,
            "main:app",
            Server::Gunicorn,
            8080,
        ),
        (
            "docker-flask-example",
            Framework::Flask,
            "hello.app:create_app()",
            Server::Gunicorn,
            8000,
        ),
        (
            "uv-docker-example",
            Framework::FastApi,
            "uv_docker_example:app",
            Server::Uvicorn,
            8000,
        ),
    ];
    for (name, framework, target, server, port) in cases {
        let project = detect_app(&apps.join(name));
        assert_eq!(
            (
                project.framework,
                project.app_target.as_str(),
                project.server,
                project.port
            ),
            (framework, target, server, port),
            "{name}"
        );
    }
}
