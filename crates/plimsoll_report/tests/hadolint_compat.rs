//! The Hadolint flavour against what hadolint 2.15.1 itself prints.
//!
//! `tests/hadolint/expected/` holds the real binary's output for the small Dockerfiles next to it
//! (recorded by `scripts/record-hadolint-report-fixtures.sh`). Each test builds, by hand, the
//! diagnostics plimsoll's linter produces for those files (same codes, messages, severities, and
//! ranges inside the same instructions) and requires the renderer to reproduce the recording
//! byte for byte, for every format.

use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

use plimsoll_report::{FileReport, Flavor, OutputFormat, PARSE_ERROR_CODE, RenderOptions, render};
use plimsoll_text::{Diagnostic, Severity, TextRange};

const HADOLINT_FORMATS: [OutputFormat; 10] = [
    OutputFormat::Tty,
    OutputFormat::Json,
    OutputFormat::Checkstyle,
    OutputFormat::Codeclimate,
    OutputFormat::GitlabCodeclimate,
    OutputFormat::Gnu,
    OutputFormat::Codacy,
    OutputFormat::Sonarqube,
    OutputFormat::Sarif,
    OutputFormat::Junit,
];

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/hadolint")
}

fn read_source(name: &str) -> String {
    std::fs::read_to_string(fixture_dir().join(name)).expect("fixture Dockerfile")
}

fn recorded(scenario: &str, format: &str) -> String {
    let path = fixture_dir()
        .join("expected")
        .join(format!("{scenario}.{format}"));
    String::from_utf8(std::fs::read(&path).expect("recorded output")).expect("UTF-8 recording")
}

/// The byte range of the `nth` (0-based) occurrence of `needle`.
fn find(text: &str, needle: &str, nth: usize) -> TextRange {
    let (start, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in fixture"));
    TextRange::from_usize(start..start + needle.len())
}

fn finding(
    code: &'static str,
    severity: Severity,
    message: &str,
    range: TextRange,
    instruction: TextRange,
) -> Diagnostic {
    Diagnostic::new(code, severity, message, range).with_instruction(instruction)
}

fn parse_error(message: &str, range: TextRange) -> Diagnostic {
    Diagnostic::new(PARSE_ERROR_CODE, Severity::Error, message, range)
}

/// The instant the recordings' junit clock was pinned to: 2026-11-23 19:25:11 UTC.
fn options(color: bool) -> RenderOptions<'static> {
    let mut options = RenderOptions::new(Flavor::Hadolint);
    options.color = color;
    options.now = UNIX_EPOCH + Duration::from_secs(1_795_461_911);
    options
}

fn rendered(format: OutputFormat, files: &[FileReport<'_>], options: &RenderOptions<'_>) -> String {
    let mut out = Vec::new();
    render(format, files, options, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("UTF-8 output")
}

fn assert_matches_recording(
    scenario: &str,
    format: OutputFormat,
    files: &[FileReport<'_>],
    options: &RenderOptions<'_>,
) {
    let expected = recorded(scenario, format.name());
    let actual = rendered(format, files, options);
    assert!(
        actual == expected,
        "{scenario}.{format} differs from hadolint 2.15.1\n--- hadolint\n{}\n--- plimsoll\n{}",
        expected.escape_debug(),
        actual.escape_debug()
    );
}

const DL3008: &str = "Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`";

/// `Dockerfile`: a multi-line RUN (findings at its first line), non-ASCII and XML/JSON specials
/// in a LABEL, a ShellCheck finding. `Broken.Dockerfile`: a parse error. `Clean.Dockerfile`:
/// nothing to report.
struct Mixed {
    dockerfile: String,
    broken: String,
    clean: String,
}

impl Mixed {
    fn load() -> Self {
        Self {
            dockerfile: read_source("Dockerfile"),
            broken: read_source("Broken.Dockerfile"),
            clean: read_source("Clean.Dockerfile"),
        }
    }

    fn diagnostics(&self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let text = &self.dockerfile;
        let from = find(text, "FROM debian", 0);
        let run = find(
            text,
            "RUN cd /tmp && \\\n    apt-get update && apt-get install -y curl",
            0,
        );
        let echo = find(text, "RUN echo $HOME", 0);
        let dockerfile = vec![
            finding(
                "DL3006",
                Severity::Warning,
                "Always tag the version of an image explicitly",
                find(text, "debian", 0),
                from,
            ),
            finding(
                "DL3003",
                Severity::Warning,
                "Use WORKDIR to switch to a directory",
                find(text, "cd /tmp", 0),
                run,
            ),
            finding(
                "DL3008",
                Severity::Warning,
                DL3008,
                find(text, "curl", 0),
                run,
            ),
            finding(
                "DL3015",
                Severity::Info,
                "Avoid additional packages by specifying `--no-install-recommends`",
                find(text, "apt-get install -y curl", 0),
                run,
            ),
            finding(
                "DL3009",
                Severity::Info,
                "Delete the apt lists (/var/lib/apt/lists) after installing something",
                find(text, "apt-get update", 0),
                run,
            ),
            finding(
                "SC2086",
                Severity::Info,
                "Double quote to prevent globbing and word splitting.",
                find(text, "$HOME", 0),
                echo,
            ),
        ];
        // `FROMM x`: the parser read `FROM` and wanted whitespace, found the second `M`.
        let missing = find(&self.broken, "M x", 0);
        let broken = vec![parse_error(
            "missing whitespace",
            TextRange::new(missing.start, missing.start + 1),
        )];
        (dockerfile, broken)
    }
}

#[test]
fn mixed_files_in_every_format() {
    let mixed = Mixed::load();
    let (dockerfile, broken) = mixed.diagnostics();
    let files = [
        FileReport {
            path: "Dockerfile",
            source: Some(&mixed.dockerfile),
            diagnostics: &dockerfile,
        },
        FileReport {
            path: "Broken.Dockerfile",
            source: Some(&mixed.broken),
            diagnostics: &broken,
        },
        FileReport {
            path: "Clean.Dockerfile",
            source: Some(&mixed.clean),
            diagnostics: &[],
        },
    ];
    // hadolint colours tty output even into a pipe, which is how these were recorded.
    for format in HADOLINT_FORMATS {
        assert_matches_recording("mixed", format, &files, &options(true));
    }
    assert_matches_recording("mixed-no-color", OutputFormat::Tty, &files, &options(false));
}

#[test]
fn file_path_in_report_applies_where_hadolint_applies_it() {
    let mixed = Mixed::load();
    let (dockerfile, broken) = mixed.diagnostics();
    let files = [
        FileReport {
            path: "Dockerfile",
            source: Some(&mixed.dockerfile),
            diagnostics: &dockerfile,
        },
        FileReport {
            path: "Broken.Dockerfile",
            source: Some(&mixed.broken),
            diagnostics: &broken,
        },
        FileReport {
            path: "Clean.Dockerfile",
            source: Some(&mixed.clean),
            diagnostics: &[],
        },
    ];
    let mut options = options(true);
    options.file_path_in_report = Some("foo/bar");
    for format in HADOLINT_FORMATS {
        assert_matches_recording("path-in-report", format, &files, &options);
    }
}

#[test]
fn stdin_is_dash_for_findings_and_dev_stdin_for_parse_errors() {
    let source = "FROMM\n";
    let diagnostics = [parse_error("missing whitespace", TextRange::new(4, 5))];
    let files = [FileReport {
        path: "-",
        source: Some(source),
        diagnostics: &diagnostics,
    }];
    for format in HADOLINT_FORMATS {
        assert_matches_recording("stdin-parse-error", format, &files, &options(true));
    }

    let source = "FROM a\n";
    let diagnostics = [finding(
        "DL3006",
        Severity::Warning,
        "Always tag the version of an image explicitly",
        find(source, "a", 0),
        find(source, "FROM a", 0),
    )];
    let files = [FileReport {
        path: "-",
        source: Some(source),
        diagnostics: &diagnostics,
    }];
    for format in HADOLINT_FORMATS {
        assert_matches_recording("stdin", format, &files, &options(true));
    }
}

#[test]
fn parse_errors_with_tabs_crlf_and_an_empty_line() {
    let tabs = read_source("Tabs.Dockerfile");
    let crlf = read_source("Crlf.Dockerfile");
    let empty_line = read_source("EmptyLine.Dockerfile");
    assert!(
        crlf.contains("\r\n"),
        "Crlf.Dockerfile must keep its CRLF line endings"
    );

    let tabs_errors = [parse_error(
        "unexpected \"foo<tab>x<newline>\"\nexpecting \"bind\", \"cache\", \"secret\", \"ssh\", or \"tmpfs\"",
        find(&tabs, "foo\tx\n", 0),
    )];
    let crlf_errors = [parse_error(
        "unexpected 'F'\nexpecting '#', '\\', ADD, ARG, CMD, COPY, ENTRYPOINT, ENV, EXPOSE, FROM, HEALTHCHECK, LABEL, MAINTAINER, ONBUILD, RUN, SHELL, STOPSIGNAL, USER, VOLUME, WORKDIR, a pragma, at least one space, or end of input",
        find(&crlf, "F", 1),
    )];
    let end = u32::try_from(empty_line.len()).unwrap();
    let empty_line_errors = [parse_error("expecting a file", TextRange::empty(end))];
    let files = [
        FileReport {
            path: "Tabs.Dockerfile",
            source: Some(&tabs),
            diagnostics: &tabs_errors,
        },
        FileReport {
            path: "Crlf.Dockerfile",
            source: Some(&crlf),
            diagnostics: &crlf_errors,
        },
        FileReport {
            path: "EmptyLine.Dockerfile",
            source: Some(&empty_line),
            diagnostics: &empty_line_errors,
        },
    ];
    for format in HADOLINT_FORMATS {
        assert_matches_recording("parse-errors", format, &files, &options(true));
    }
}

#[test]
fn escaping_of_paths_and_messages() {
    let path = "we\"ird&<é> '%,:.Dockerfile";
    let source = "FROM a:1\n";
    let diagnostics = [finding(
        "DL3049",
        Severity::Info,
        "Label `a\"&<>é'\\/\tx\u{1}\u{8}\u{c}\r\u{7f}` is missing.",
        find(source, "FROM a:1", 0),
        find(source, "FROM a:1", 0),
    )];
    let files = [FileReport {
        path,
        source: Some(source),
        diagnostics: &diagnostics,
    }];
    for format in HADOLINT_FORMATS {
        assert_matches_recording("escaping", format, &files, &options(false));
    }
}
