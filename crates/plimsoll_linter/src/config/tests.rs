//! Configuration tests. The hadolint behaviours asserted here were each checked against the
//! hadolint 2.15.1 binary (`hadolint -V`, `-c FILE`); the expected texts are its output.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use plimsoll_text::Severity;

use super::hadolint::{Decoded, Dialect, decode};
use super::*;
use crate::settings::{LabelType, LinterSettings, Mode};

fn hadolint_error(yaml: &str) -> String {
    match decode(yaml, Dialect::Hadolint) {
        Decoded::HadolintError(detail) => detail,
        other => panic!("expected a hadolint error for {yaml:?}, got {other:?}"),
    }
}

fn hadolint_ok(yaml: &str) -> HadolintConfig {
    match decode(yaml, Dialect::Hadolint) {
        Decoded::Config(config) => config,
        other => panic!("expected {yaml:?} to decode, got {other:?}"),
    }
}

fn plimsoll_problems(yaml: &str) -> Vec<String> {
    match decode(yaml, Dialect::Plimsoll) {
        Decoded::Problems(problems) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems for {yaml:?}, got {other:?}"),
    }
}

#[test]
fn hadolint_yaml_reads_every_key() {
    let config = hadolint_ok(
        "failure-threshold: warning\nformat: json\nformats: [gnu, sarif]\nignored: [DL3006, SC1010]\n\
override:\n  error: [DL3001]\n  warning: [DL3042]\n  info: [DL3032]\n  style: [DL3015]\n\
trustedRegistries: [docker.io, \"my-company.com:5000\"]\nlabel-schema:\n  author: text\n  url: url\n  empty: \"\"\n\
strict-labels: true\nno-fail: true\nno-color: true\nverbose: true\ndisable-ignore-pragma: true\n",
    );
    assert_eq!(config.failure_threshold, Some(FailureThreshold::Warning));
    // `formats` first, then `format` (hadolint -V lists them so).
    assert_eq!(config.formats, ["gnu", "sarif", "json"]);
    assert_eq!(config.ignored, ["DL3006", "SC1010"]);
    assert_eq!(config.overrides.error, ["DL3001"]);
    assert_eq!(config.overrides.warning, ["DL3042"]);
    assert_eq!(config.overrides.info, ["DL3032"]);
    assert_eq!(config.overrides.style, ["DL3015"]);
    assert_eq!(
        config.trusted_registries,
        ["docker.io", "my-company.com:5000"]
    );
    assert_eq!(
        config.label_schema,
        [
            ("author".to_owned(), LabelType::Text),
            ("url".to_owned(), LabelType::Url),
            ("empty".to_owned(), LabelType::Text),
        ]
    );
    assert_eq!(config.strict_labels, Some(true));
    assert_eq!(config.no_fail, Some(true));
    assert_eq!(config.no_color, Some(true));
    assert_eq!(config.verbose, Some(true));
    assert_eq!(config.disable_ignore_pragma, Some(true));
}

#[test]
fn hadolint_ignores_unknown_keys_and_nulls() {
    assert_eq!(
        hadolint_ok("foo: bar\n1: [DL3006]\noverride:\n  fatal: [DL3006]\n  error: ~\n"),
        HadolintConfig::default()
    );
    assert_eq!(
        hadolint_ok("ignored:\nformat: ~\nno-fail:\n"),
        HadolintConfig::default()
    );
    assert_eq!(hadolint_ok("{}"), HadolintConfig::default());
    // Codes are kept exactly: `dl3006` does not ignore DL3006 in hadolint.
    assert_eq!(hadolint_ok("ignored: [dl3006]\n").ignored, ["dl3006"]);
}

#[test]
fn hadolint_type_errors_use_its_wording() {
    let cases = [
        ("ignored: DL3006\n", "expected !!seq instead of !!str"),
        ("ignored: [1]\n", "expected !!str instead of !!int"),
        ("ignored: [~]\n", "expected !!str instead of !!null"),
        (
            "ignored: {a: 1}\n",
            "expected !!seq instead of tag:yaml.org,2002:map tagged mapping",
        ),
        (
            "ignored: !foo [DL3000]\n",
            "expected !!seq instead of !foo tagged sequence",
        ),
        ("no-fail: yes\n", "expected !!bool instead of !!str"),
        ("no-fail: \"true\"\n", "expected !!bool instead of !!str"),
        (
            "no-fail: !foo true\n",
            "expected !!bool instead of (unsupported) !foo taggedscalar",
        ),
        ("strict-labels: 1\n", "expected !!bool instead of !!int"),
        ("verbose: 1.5\n", "expected !!bool instead of !!float"),
        (
            "no-color: [1]\n",
            "expected !!bool instead of tag:yaml.org,2002:seq tagged sequence",
        ),
        (
            "failure-threshold: bogus\n",
            "expected severity instead of !!str",
        ),
        (
            "failure-threshold: Error\n",
            "expected severity instead of !!str",
        ),
        (
            "failure-threshold: 1\n",
            "expected severity instead of !!int",
        ),
        (
            "failure-threshold: !!binary aGVsbG8=\n",
            "expected severity instead of (unsupported) tag:yaml.org,2002:binary taggedscalar",
        ),
        ("format: JSON\n", "expected output format instead of !!str"),
        ("formats: json\n", "expected !!seq instead of !!str"),
        ("formats: [1]\n", "expected output format instead of !!int"),
        ("override: x\n", "expected OverrideConfig instead of !!str"),
        (
            "override:\n  error: DL3006\n",
            "expected !!seq instead of !!str",
        ),
        (
            "trustedRegistries: docker.io\n",
            "expected !!seq instead of !!str",
        ),
        (
            "label-schema: [a]\n",
            "expected !!map instead of tag:yaml.org,2002:seq tagged sequence",
        ),
        (
            "label-schema:\n  a: bogus\n",
            "expected labeltype instead of !!str",
        ),
        (
            "label-schema:\n  a:\n",
            "expected labeltype instead of !!null",
        ),
        (
            "label-schema: {1: text}\n",
            "expected !!str instead of !!int",
        ),
        (
            "- a\n",
            "expected Configuration instead of tag:yaml.org,2002:seq tagged sequence",
        ),
        ("x\n", "expected Configuration instead of !!str"),
        ("~\n", "expected Configuration instead of !!null"),
        ("---\n", "expected Configuration instead of !!null"),
        ("", "empty YAML stream"),
        ("# only a comment\n", "empty YAML stream"),
        ("a: 1\n---\nb: 2\n", "unexpected multiple YAML documents"),
        (
            "ignored: [DL3006]\nignored: [DL3003]\n",
            "Duplicate key in mapping: Scalar (Pos {posByteOffset = 18, posCharOffset = 18, posLine = 2, posColumn = 0}) (SStr \"ignored\")",
        ),
        (
            "é: 1\n\"é\": 3\n",
            "Duplicate key in mapping: Scalar (Pos {posByteOffset = 6, posCharOffset = 5, posLine = 2, posColumn = 0}) (SStr \"\\233\")",
        ),
        (
            "1: 1\n1: 3\n",
            "Duplicate key in mapping: Scalar (Pos {posByteOffset = 5, posCharOffset = 5, posLine = 2, posColumn = 0}) (SInt 1)",
        ),
        (
            "override:\n  error: [a]\n  error: [b]\n",
            "Duplicate key in mapping: Scalar (Pos {posByteOffset = 25, posCharOffset = 25, posLine = 3, posColumn = 2}) (SStr \"error\")",
        ),
    ];
    for (yaml, expected) in cases {
        assert_eq!(hadolint_error(yaml), expected, "for {yaml:?}");
    }
}

#[test]
fn hadolint_reports_the_first_error_in_its_field_order() {
    // Every key wrong: hadolint 2.15.1 names them in this order as each is fixed in turn.
    let mut yaml = String::from(
        "failure-threshold: x\nlabel-schema: x\noverride: x\ntrustedRegistries: 1.5\nignored: x\n\
formats: 1\nformat: x\ndisable-ignore-pragma: {a: 1}\nstrict-labels: [1]\nverbose: x\nno-color: 1.5\nno-fail: 1\n",
    );
    let expected_order = [
        ("no-fail", "expected !!bool instead of !!int"),
        ("no-color", "expected !!bool instead of !!float"),
        ("verbose", "expected !!bool instead of !!str"),
        ("format:", "expected output format instead of !!str"),
        ("formats", "expected !!seq instead of !!int"),
        ("override", "expected OverrideConfig instead of !!str"),
        ("ignored", "expected !!seq instead of !!str"),
        ("trustedRegistries", "expected !!seq instead of !!float"),
        ("label-schema", "expected !!map instead of !!str"),
        (
            "strict-labels",
            "expected !!bool instead of tag:yaml.org,2002:seq tagged sequence",
        ),
        (
            "disable-ignore-pragma",
            "expected !!bool instead of tag:yaml.org,2002:map tagged mapping",
        ),
        ("failure-threshold", "expected severity instead of !!str"),
    ];
    for (key, message) in expected_order {
        assert_eq!(hadolint_error(&yaml), message, "while {key} is wrong");
        yaml = yaml
            .lines()
            .filter(|line| !line.starts_with(key))
            .map(|line| format!("{line}\n"))
            .collect();
    }
    assert_eq!(yaml, "");
    // Within `override`, `error` first; within `label-schema`, by label name.
    assert_eq!(
        hadolint_error("override: {warning: 1, error: x}\n"),
        "expected !!seq instead of !!str"
    );
    assert_eq!(
        hadolint_error("label-schema: {b: 1, a: x}\n"),
        "expected labeltype instead of !!str"
    );
}

#[test]
fn hadolint_decode_error_text_is_byte_exact() {
    // `hadolint -c c.yaml Dockerfile` with `ignored: x` prints this line on stderr.
    let expected = r#""Error parsing your config file in  'c.yaml':\nIt should contain one of the keys 'override', 'ignored'\nor 'trustedRegistries'. For example:\n\nignored:\n\t- DL3000\n\t- SC1099\n\n\nThe key 'override' should contain only lists with names 'error',\n'warning', 'info' or 'style', which each name rules to override the\nseverity on. For example:\n\noverride:\n\terror:\n\t\t- DL3008\n\n\nThe key 'trustedRegistries' should contain the names of the allowed\ndocker registries:\n\ntrustedRegistries:\n\t- docker.io\n\t- my-company.com\n\nexpected !!seq instead of !!str\n""#;
    assert_eq!(
        hadolint_decode_error_message("c.yaml", "expected !!seq instead of !!str"),
        expected
    );
    assert!(
        hadolint_decode_error_message("é\"1\\x/c.yaml", "x")
            .starts_with(r#""Error parsing your config file in  '\233\"1\\x/c.yaml':"#)
    );
}

#[test]
fn haskell_show_escapes_like_ghc() {
    assert_eq!(haskell_show("a\"b\\c\n\t"), r#""a\"b\\c\n\t""#);
    assert_eq!(haskell_show("é1"), r#""\233\&1""#);
    assert_eq!(haskell_show("éx"), r#""\233x""#);
    assert_eq!(haskell_show("\u{1}\u{7f}"), r#""\SOH\DEL""#);
    assert_eq!(haskell_show("\u{e}H"), r#""\SO\&H""#);
}

#[test]
fn plimsoll_reports_every_problem_with_its_position() {
    assert_eq!(
        plimsoll_problems(
            "ignored: DL3006\nno-fail: yes\nfoo: 1\noverride:\n  fatal: [DL3006]\n  error: [dl3006]\nlabel-schema:\n  a: uri\nformat: xml\nfailure-threshold: fatal\nignord: []\n"
        ),
        [
            "1:10: `ignored` must be a list, found a string",
            "2:10: `no-fail` must be true or false, found `yes` (YAML 1.2 booleans are true and false)",
            "3:1: unknown key `foo` (expected one of: no-fail, no-color, verbose, format, formats, override, ignored, trustedRegistries, label-schema, strict-labels, disable-ignore-pragma, failure-threshold)",
            "5:3: unknown key `fatal` in `override` (expected one of: error, warning, info, style)",
            "6:11: `dl3006` in `override.error` is not a rule code (hadolint codes look like DL3008, ShellCheck codes like SC2086)",
            "8:6: invalid type `uri` for label `a` (expected one of: text, url, semver, hash, rfc3339, spdx, email)",
            "9:9: unknown output format `xml` in `format` (expected one of: tty, json, checkstyle, codeclimate, gitlab_codeclimate, gnu, codacy, sonarqube, sarif, junit)",
            "10:20: invalid failure-threshold `fatal` (expected one of: error, warning, info, style, ignore, none)",
            "11:1: unknown key `ignord`; did you mean `ignored`? (expected one of: no-fail, no-color, verbose, format, formats, override, ignored, trustedRegistries, label-schema, strict-labels, disable-ignore-pragma, failure-threshold)",
        ]
    );
    assert_eq!(
        plimsoll_problems("ignored: [DL3006\n")[0]
            .split(": ")
            .nth(1),
        Some("invalid YAML")
    );
    assert_eq!(
        plimsoll_problems("a: 1\na: 2\n"),
        ["2:1: duplicate key `a`"]
    );
    assert_eq!(
        plimsoll_problems(""),
        ["the file holds no YAML document (write `{}` for an empty configuration)"]
    );
}

#[test]
fn layering_follows_hadolint() {
    // HADOLINT_FORMAT=checkstyle,tty, file formats [sarif, gnu] + format json, -f codacy:
    // hadolint -V lists checkstyle tty sarif gnu json codacy.
    let env = HadolintConfig {
        formats: vec!["checkstyle".into(), "tty".into()],
        ignored: vec!["DL3006".into()],
        failure_threshold: Some(FailureThreshold::Error),
        no_fail: Some(false),
        label_schema: vec![("b".into(), LabelType::Url)],
        ..HadolintConfig::default()
    };
    let file = HadolintConfig {
        formats: vec!["sarif".into(), "gnu".into(), "json".into()],
        ignored: vec!["SC1010".into()],
        failure_threshold: Some(FailureThreshold::Warning),
        no_fail: Some(true),
        label_schema: vec![("b".into(), LabelType::Text), ("d".into(), LabelType::Text)],
        ..HadolintConfig::default()
    };
    let cli = HadolintConfig {
        formats: vec!["codacy".into()],
        ignored: vec!["DL9".into()],
        label_schema: vec![
            ("b".into(), LabelType::Email),
            ("c".into(), LabelType::Email),
            ("c".into(), LabelType::Url),
            ("d".into(), LabelType::Hash),
        ],
        ..HadolintConfig::default()
    };
    let layered = HadolintConfig::layered(env, file, cli);
    assert_eq!(
        layered.formats,
        ["checkstyle", "tty", "sarif", "gnu", "json", "codacy"]
    );
    assert_eq!(layered.ignored, ["DL3006", "SC1010", "DL9"]);
    // The file beats the environment; a missing command-line value changes nothing.
    assert_eq!(layered.failure_threshold, Some(FailureThreshold::Warning));
    assert_eq!(layered.no_fail, Some(true));
    // Labels: environment over file over command line; last wins within a source.
    assert_eq!(
        layered.label_schema,
        [
            ("b".to_owned(), LabelType::Url),
            ("c".to_owned(), LabelType::Url),
            ("d".to_owned(), LabelType::Text),
        ]
    );
}

#[test]
fn verbose_dump_matches_hadolint() {
    let config = HadolintConfig {
        no_color: Some(true),
        formats: vec!["gnu".into(), "json".into()],
        failure_threshold: Some(FailureThreshold::Warning),
        overrides: Overrides {
            error: vec!["DL3001".into(), "DL3002".into()],
            ..Overrides::default()
        },
        ignored: vec!["DL3006".into(), "é\"x".into()],
        label_schema: vec![
            ("aa".into(), LabelType::Spdx),
            ("url".into(), LabelType::Url),
        ],
        trusted_registries: vec!["zz.io".into(), "docker.io".into(), "zz.io".into()],
        ..HadolintConfig::default()
    };
    assert_eq!(
        config.verbose_dump(),
        r#"Configuration:
  no fail: False
  no color: True
  output format:
    - gnu
    - json
  failure threshold: warning
  override error:
    - "DL3001"
    - "DL3002"
  override warning:
    none
  override info:
    none
  override style:
    none
  override ignore:
    - "DL3006"
    - "\233\"x"
  strict labels: False
  label schema:
    - aa: spdx
    - url: url
  disable ignore pragma: False
  allowed registries:
    - - docker.io
    - - zz.io
"#
    );
}

#[test]
fn label_requirements_parse_like_hadolint() {
    assert_eq!(
        parse_label_requirement("maintainer:text"),
        Ok(("maintainer".to_owned(), LabelType::Text))
    );
    assert_eq!(
        parse_label_requirement("c"),
        Ok(("c".to_owned(), LabelType::Text))
    );
    assert_eq!(
        parse_label_requirement("c:"),
        Ok(("c".to_owned(), LabelType::Text))
    );
    // `hadolint --require-label c:bogus`: "option --require-label: invalid label type: bogus".
    assert_eq!(
        parse_label_requirement("c:bogus"),
        Err("invalid label type: bogus".to_owned())
    );
    assert!(parse_label_requirement("d:url:x").is_err());
}

/// A scratch tree: `cwd`, `home` and `xdg` directories.
struct Tree {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Tree {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().to_path_buf();
        for sub in ["cwd", "home/.config", "home/.hadolint", "xdg"] {
            std::fs::create_dir_all(root.join(sub)).expect("mkdir");
        }
        Self { _dir: dir, root }
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        path
    }

    fn dirs(&self, xdg: Option<&str>) -> SearchDirs {
        let env: HashMap<&str, String> = [
            ("HOME", Some(self.root.join("home").display().to_string())),
            ("XDG_CONFIG_HOME", xdg.map(str::to_owned)),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|value| (name, value)))
        .collect();
        SearchDirs::from_env(self.root.join("cwd"), |name| env.get(name).cloned())
    }
}

#[test]
fn hadolint_search_order() {
    let tree = Tree::new();
    let order = [
        "cwd/.hadolint.yaml",
        "cwd/.hadolint.yml",
        "home/.config/hadolint.yaml",
        "home/.config/hadolint.yml",
        "home/.hadolint/hadolint.yaml",
        "home/.hadolint/hadolint.yml",
        "home/.hadolint/config.yaml",
        "home/.hadolint/config.yml",
        "home/.hadolint.yaml",
        "home/.hadolint.yml",
    ];
    for file in order {
        tree.write(file, "{}\n");
    }
    // A directory with a config file's name is skipped.
    std::fs::create_dir_all(tree.root.join("cwd/hadolint.yaml")).expect("mkdir");
    let dirs = tree.dirs(None);
    for file in order {
        assert_eq!(find_hadolint_config(&dirs), Some(tree.root.join(file)));
        std::fs::remove_file(tree.root.join(file)).expect("rm");
    }
    assert_eq!(find_hadolint_config(&dirs), None);
}

#[test]
fn xdg_config_home_must_be_absolute() {
    let tree = Tree::new();
    tree.write("home/.config/hadolint.yaml", "{}\n");
    tree.write("xdg/hadolint.yaml", "{}\n");
    let xdg = tree.root.join("xdg").display().to_string();
    assert_eq!(
        find_hadolint_config(&tree.dirs(Some(&xdg))),
        Some(tree.root.join("xdg/hadolint.yaml"))
    );
    for ignored in ["", ".", "relative"] {
        assert_eq!(
            find_hadolint_config(&tree.dirs(Some(ignored))),
            Some(tree.root.join("home/.config/hadolint.yaml")),
            "XDG_CONFIG_HOME={ignored:?}"
        );
    }
    // An absolute directory without the file: no fallback to ~/.config.
    let missing = tree.root.join("nowhere").display().to_string();
    assert_eq!(find_hadolint_config(&tree.dirs(Some(&missing))), None);
}

fn no_env(_: &str) -> Option<String> {
    None
}

#[test]
fn hadolint_load_layers_env_file_and_cli() {
    let tree = Tree::new();
    tree.write(
        "cwd/.hadolint.yaml",
        "ignored: [DL3000]\noverride:\n  error: [DL3004]\n  style: [DL3004, DL4000]\nfailure-threshold: warning\ntrustedRegistries: [b.io, a.io]\n",
    );
    let env: HashMap<&str, &str> = [
        ("HADOLINT_IGNORE", "DL4000"),
        ("HADOLINT_OVERRIDE_WARNING", "DL3004"),
        ("HADOLINT_FAILURE_THRESHOLD", "error"),
        ("NO_COLOR", ""),
    ]
    .into_iter()
    .collect();
    let cli = HadolintConfig {
        overrides: Overrides {
            info: vec!["DL3000".into()],
            ..Overrides::default()
        },
        ..HadolintConfig::default()
    };
    let load = load_for_hadolint(
        cli,
        None,
        |name| env.get(name).map(|value| (*value).to_owned()),
        &tree.dirs(None),
    )
    .expect("loads");
    assert!(load.stderr.is_empty(), "{:?}", load.stderr);
    assert_eq!(load.settings.mode, Mode::Hadolint);
    // Ignored wins over overrides; error wins over style and warning.
    assert_eq!(load.settings.severity_of("DL3000"), None);
    assert_eq!(load.settings.severity_of("DL4000"), None);
    assert_eq!(load.settings.severity_of("DL3004"), Some(Severity::Error));
    assert_eq!(load.settings.trusted_registries, ["a.io", "b.io"]);
    assert_eq!(load.options.failure_threshold, Some(Severity::Warning));
    assert!(load.options.no_color);
    assert_eq!(
        load.options.config_file,
        Some(tree.root.join("cwd/.hadolint.yaml"))
    );
}

#[test]
fn hadolint_load_drops_a_bad_file_and_says_so() {
    let tree = Tree::new();
    tree.write("cwd/.hadolint.yaml", "ignored: DL3000\nno-fail: true\n");
    let load = load_for_hadolint(HadolintConfig::default(), None, no_env, &tree.dirs(None))
        .expect("loads");
    let shown = tree.root.join("cwd/.hadolint.yaml").display().to_string();
    assert_eq!(
        load.stderr,
        [hadolint_decode_error_message(
            &shown,
            "expected !!seq instead of !!str"
        )]
    );
    assert!(!load.options.no_fail);
    assert_eq!(load.settings.severity_of("DL3000"), Some(Severity::Error));
}

#[test]
fn hadolint_verbose_lines_come_in_hadolint_order() {
    let tree = Tree::new();
    let config = tree.write("cwd/bad.yaml", "ignored: x\n");
    let cli = HadolintConfig {
        verbose: Some(true),
        ..HadolintConfig::default()
    };
    let load = load_for_hadolint(
        cli.clone(),
        Some(Path::new("bad.yaml")),
        no_env,
        &tree.dirs(None),
    )
    .expect("loads");
    assert_eq!(load.stderr.len(), 3);
    assert_eq!(load.stderr[0], r#""Configuration file used: bad.yaml""#);
    assert!(load.stderr[1].starts_with(r#""Error parsing your config file in  'bad.yaml'"#));
    assert!(load.stderr[2].starts_with("Configuration:\n  no fail: False\n"));
    assert!(config.is_file());

    let load = load_for_hadolint(cli, None, no_env, &tree.dirs(None)).expect("loads");
    assert_eq!(
        load.stderr[0],
        r#""No configuration was specified. Using default configuration""#
    );
    // `verbose: true` in the file alone prints the configuration but not the file line.
    tree.write("cwd/.hadolint.yaml", "verbose: true\n");
    let load = load_for_hadolint(HadolintConfig::default(), None, no_env, &tree.dirs(None))
        .expect("loads");
    assert_eq!(load.stderr.len(), 1);
    assert!(load.stderr[0].starts_with("Configuration:"));
    assert!(load.options.verbose);
}

#[test]
fn hadolint_missing_explicit_file_is_fatal() {
    let tree = Tree::new();
    let error = load_for_hadolint(
        HadolintConfig::default(),
        Some(Path::new("./nonexist.yaml")),
        no_env,
        &tree.dirs(None),
    )
    .expect_err("missing file");
    assert!(error.stderr.is_empty());
    assert_eq!(
        error.error.hadolint_message(),
        "hadolint: ./nonexist.yaml: withBinaryFile: does not exist (No such file or directory)"
    );
    // With -V hadolint names the file before it fails to read it.
    let verbose = HadolintConfig {
        verbose: Some(true),
        ..HadolintConfig::default()
    };
    let error = load_for_hadolint(
        verbose,
        Some(Path::new("nonexist.yaml")),
        no_env,
        &tree.dirs(None),
    )
    .expect_err("missing file");
    assert_eq!(
        error.stderr,
        [r#""Configuration file used: nonexist.yaml""#]
    );
}

#[test]
fn hadolint_mode_ignores_codes_exactly() {
    let tree = Tree::new();
    // Prefixes and groups are plimsoll's; hadolint's lists hold exact codes only.
    tree.write(
        "cwd/.hadolint.yaml",
        "override:\n  info: [DL4, hadolint, ALL]\nignored: [DL30, SC2086]\n",
    );
    let load = load_for_hadolint(HadolintConfig::default(), None, no_env, &tree.dirs(None))
        .expect("loads");
    assert_eq!(load.settings.severity_of("DL4000"), Some(Severity::Error));
    assert_eq!(load.settings.severity_of("DL3000"), Some(Severity::Error));
}

fn lint_configs(tree: &Tree, overrides: LintOverrides) -> LintConfigs {
    LintConfigs::new(tree.root.join("cwd"), overrides)
}

#[test]
fn plimsoll_toml_resolves_into_settings() {
    let tree = Tree::new();
    tree.write(
        "cwd/plimsoll.toml",
        r#"[lint]
select = ["hadolint"]
ignore = ["DL3000"]
failure-threshold = "warning"
format = "concise"
trusted-registries = ["docker.io"]
strict-labels = true
disable-ignore-pragma = true
no-fail = true
base-image-env = ["JAVA_HOME"]

[lint.severity]
DL = "info"
DL4000 = "style"
DL3000 = "error"

[lint.label-schema]
maintainer = "email"
"#,
    );
    let configs = lint_configs(&tree, LintOverrides::default());
    let config = configs.for_file(Path::new("Dockerfile")).expect("resolves");
    let settings = &config.settings;
    assert_eq!(settings.mode, Mode::Plimsoll);
    // DL3000 ignored stays off although `[lint.severity]` names it.
    assert_eq!(settings.severity_of("DL3000"), None);
    assert_eq!(settings.severity_of("DL3004"), Some(Severity::Info));
    assert_eq!(settings.severity_of("DL4000"), Some(Severity::Style));
    assert_eq!(settings.trusted_registries, ["docker.io"]);
    assert_eq!(
        settings.label_schema,
        [("maintainer".to_owned(), LabelType::Email)]
    );
    assert!(settings.strict_labels && settings.disable_ignore_pragma);
    assert_eq!(settings.base_image_env, ["JAVA_HOME"]);
    let options = &config.options;
    assert_eq!(options.formats, ["concise"]);
    assert_eq!(options.failure_threshold, Some(Severity::Warning));
    assert!(options.no_fail && !options.no_color);
    assert_eq!(
        options.config_file,
        Some(tree.root.join("cwd/plimsoll.toml"))
    );
    assert!(options.warnings.is_empty());
}

#[test]
fn command_line_overrides_the_file() {
    let tree = Tree::new();
    tree.write(
        "cwd/plimsoll.toml",
        "[lint]\nselect = [\"DL3000\"]\nformat = \"json\"\nno-fail = true\n",
    );
    let overrides = LintOverrides {
        select: Some(vec!["DL4000".into()]),
        extend_select: vec!["DL3004".into()],
        ignore: vec!["DL3004".into()],
        format: Some("sarif".into()),
        no_fail: Some(false),
        failure_threshold: Some(Severity::Error),
        ..LintOverrides::default()
    };
    let config = lint_configs(&tree, overrides)
        .for_file(Path::new("Dockerfile"))
        .expect("resolves");
    assert_eq!(config.settings.severity_of("DL3000"), None);
    assert_eq!(config.settings.severity_of("DL4000"), Some(Severity::Error));
    assert_eq!(config.settings.severity_of("DL3004"), None);
    assert_eq!(config.options.formats, ["sarif"]);
    assert!(!config.options.no_fail);
    assert_eq!(config.options.failure_threshold, Some(Severity::Error));
}

#[test]
fn bad_selectors_are_errors_and_unknown_hadolint_codes_warnings() {
    let tree = Tree::new();
    tree.write(
        "cwd/plimsoll.toml",
        "[lint]\nignore = [\"DL9999\", \"nothing\"]\n[lint.severity]\nZZ = \"info\"\n",
    );
    let error = lint_configs(&tree, LintOverrides::default())
        .for_file(Path::new("Dockerfile"))
        .expect_err("invalid");
    let file = tree.root.join("cwd/plimsoll.toml").display().to_string();
    assert_eq!(
        error.to_string(),
        format!(
            "{file}:2:21: `nothing` selects no rule (expected a rule code, a code prefix such as `DL30`, `ALL`, or an origin: `hadolint`, `buildkit`, `plimsoll`)\n\
{file}:4:1: `ZZ` selects no rule (expected a rule code, a code prefix such as `DL30`, `ALL`, or an origin: `hadolint`, `buildkit`, `plimsoll`)"
        )
    );

    tree.write("cwd/plimsoll.toml", "[lint]\nignore = [\"SC2086\"]\n");
    let config = lint_configs(&tree, LintOverrides::default())
        .for_file(Path::new("Dockerfile"))
        .expect("resolves");
    assert_eq!(
        config.options.warnings,
        [format!(
            "{file}:2:11: `SC2086` is not a rule plimsoll has; ignored"
        )]
    );

    let error = lint_configs(
        &tree,
        LintOverrides {
            ignore: vec!["bogus".into()],
            ..LintOverrides::default()
        },
    )
    .for_file(Path::new("Dockerfile"))
    .expect_err("invalid flag");
    assert_eq!(error.file, None);
    assert!(
        error
            .to_string()
            .starts_with("--ignore: `bogus` selects no rule")
    );
}

#[test]
fn hadolint_yaml_in_plimsoll_lint() {
    let tree = Tree::new();
    tree.write(
        "cwd/.hadolint.yaml",
        "ignored: [DL3000, SC2086]\noverride:\n  warning: [DL4000]\nfailure-threshold: none\nformat: json\n",
    );
    let config = lint_configs(&tree, LintOverrides::default())
        .for_file(Path::new("Dockerfile"))
        .expect("resolves");
    assert_eq!(config.settings.mode, Mode::Plimsoll);
    assert_eq!(config.settings.severity_of("DL3000"), None);
    assert_eq!(
        config.settings.severity_of("DL4000"),
        Some(Severity::Warning)
    );
    assert_eq!(config.options.failure_threshold, Some(Severity::Style));
    assert_eq!(config.options.formats, ["json"]);
    assert_eq!(config.options.warnings.len(), 1);
    assert!(config.options.warnings[0].ends_with("`SC2086` is not a rule plimsoll has; ignored"));

    // Strict in plimsoll: the same unknown key hadolint ignores is an error here.
    tree.write(
        "cwd/.hadolint.yaml",
        "ignored: [DL3000]\nignore: [DL3004]\n",
    );
    let error = lint_configs(&tree, LintOverrides::default())
        .for_file(Path::new("Dockerfile"))
        .expect_err("unknown key");
    assert!(
        error
            .to_string()
            .contains(".hadolint.yaml:2:1: unknown key `ignore`; did you mean `ignored`?"),
        "{error}"
    );
}

#[test]
fn discovery_walks_up_and_prefers_plimsoll_toml() {
    let tree = Tree::new();
    tree.write("cwd/.hadolint.yml", "ignored: [DL3000]\n");
    tree.write("cwd/a/b/Dockerfile", "");
    tree.write("cwd/a/.hadolint.yaml", "ignored: [DL4000]\n");
    tree.write("cwd/c/plimsoll.toml", "[lint]\nignore = [\"DL3004\"]\n");
    tree.write("cwd/c/.hadolint.yaml", "ignored: [DL4000]\n");
    let configs = lint_configs(&tree, LintOverrides::default());
    let cwd = tree.root.join("cwd");
    assert_eq!(
        configs.config_file_for(&cwd.join("a/b")),
        Some(cwd.join("a/.hadolint.yaml"))
    );
    assert_eq!(
        configs.config_file_for(Path::new("c")),
        Some(cwd.join("c/plimsoll.toml"))
    );
    assert_eq!(
        configs.config_file_for(Path::new(".")),
        Some(cwd.join(".hadolint.yml"))
    );
    assert_eq!(
        configs.config_file_for(Path::new("a/b/../../x")),
        Some(cwd.join(".hadolint.yml"))
    );
    assert_eq!(
        find_lint_config(&cwd.join("a/b")),
        Some(cwd.join("a/.hadolint.yaml"))
    );

    let nested = configs.for_file(Path::new("a/b/Dockerfile")).expect("ok");
    assert_eq!(nested.settings.severity_of("DL4000"), None);
    assert_eq!(nested.settings.severity_of("DL3000"), Some(Severity::Error));
    let top = configs.for_file(Path::new("Dockerfile")).expect("ok");
    assert_eq!(top.settings.severity_of("DL3000"), None);
    let c = configs.for_file(&cwd.join("c/Dockerfile")).expect("ok");
    assert_eq!(c.settings.severity_of("DL3004"), None);
    assert_eq!(c.settings.severity_of("DL4000"), Some(Severity::Error));

    // The answer is cached per directory: a file created later is not seen.
    tree.write("cwd/a/b/plimsoll.toml", "[lint]\n");
    assert_eq!(
        configs.config_file_for(&cwd.join("a/b")),
        Some(cwd.join("a/.hadolint.yaml"))
    );
    assert_eq!(
        lint_configs(&tree, LintOverrides::default()).config_file_for(&cwd.join("a/b")),
        Some(cwd.join("a/b/plimsoll.toml"))
    );
}

#[test]
fn explicit_config_file_applies_everywhere() {
    let tree = Tree::new();
    tree.write("cwd/a/plimsoll.toml", "[lint]\nignore = [\"DL3004\"]\n");
    tree.write("cwd/shared.yaml", "ignored: [DL3000]\n");
    let configs = lint_configs(
        &tree,
        LintOverrides {
            config_file: Some("shared.yaml".into()),
            ..LintOverrides::default()
        },
    );
    let config = configs.for_file(Path::new("a/Dockerfile")).expect("ok");
    assert_eq!(config.settings.severity_of("DL3000"), None);
    assert_eq!(config.settings.severity_of("DL3004"), Some(Severity::Error));

    let missing = lint_configs(
        &tree,
        LintOverrides {
            config_file: Some("missing.toml".into()),
            ..LintOverrides::default()
        },
    );
    let error = missing
        .for_file(Path::new("Dockerfile"))
        .expect_err("missing");
    assert_eq!(error.read_error, Some(std::io::ErrorKind::NotFound));
    assert!(
        error
            .to_string()
            .ends_with("missing.toml: No such file or directory")
    );

    tree.write("cwd/config.json", "{}");
    let odd = lint_configs(
        &tree,
        LintOverrides {
            config_file: Some("config.json".into()),
            ..LintOverrides::default()
        },
    );
    assert!(
        odd.for_file(Path::new("Dockerfile"))
            .expect_err("unknown format")
            .to_string()
            .contains("cannot tell the configuration format")
    );
}

#[test]
fn no_config_file_gives_the_defaults() {
    let tree = Tree::new();
    let config = lint_configs(&tree, LintOverrides::default())
        .for_directory(&tree.root.join("cwd"))
        .expect("ok");
    // The temp dir's ancestors might hold a configuration; only check when none does.
    if config.options.config_file.is_none() {
        assert_eq!(config.options, Options::default());
        assert_eq!(
            config.settings.enabled_rules().len(),
            LinterSettings::new(Mode::Plimsoll).enabled_rules().len()
        );
    }
}

#[test]
fn non_utf8_and_bom_files() {
    let tree = Tree::new();
    std::fs::write(tree.root.join("cwd/.hadolint.yaml"), b"ignored: [\xff]\n").expect("write");
    let error = lint_configs(&tree, LintOverrides::default())
        .for_file(Path::new("Dockerfile"))
        .expect_err("not UTF-8");
    assert!(error.to_string().ends_with("the file is not valid UTF-8"));
    let load =
        load_for_hadolint(HadolintConfig::default(), None, no_env, &tree.dirs(None)).expect("ok");
    assert!(load.stderr[0].contains("invalid UTF-8"));

    tree.write("cwd/.hadolint.yaml", "\u{feff}ignored: [DL3000]\n");
    let load =
        load_for_hadolint(HadolintConfig::default(), None, no_env, &tree.dirs(None)).expect("ok");
    assert!(load.stderr.is_empty());
    assert_eq!(load.settings.severity_of("DL3000"), None);
}

#[test]
fn adjust_severity_never_starts_rules() {
    let mut settings = LinterSettings::new(Mode::Plimsoll);
    settings.ignore(&["DL3000".to_owned()]).expect("known");
    settings
        .adjust_severity("DL", Some(Severity::Style))
        .expect("known");
    assert_eq!(settings.severity_of("DL3000"), None);
    assert_eq!(settings.severity_of("DL3004"), Some(Severity::Style));
    settings.adjust_severity("DL3004", None).expect("known");
    assert_eq!(settings.severity_of("DL3004"), None);
    assert!(settings.adjust_severity("XX", None).is_err());
}

#[test]
fn plimsoll_formats_match_the_report_crate() {
    let names: Vec<&str> = plimsoll_report::OutputFormat::ALL
        .iter()
        .map(|format| format.name())
        .collect();
    assert_eq!(names, PLIMSOLL_FORMATS);
    let hadolint: Vec<&str> = plimsoll_report::OutputFormat::ALL
        .iter()
        .filter(|format| format.is_hadolint_format())
        .map(|format| format.name())
        .collect();
    assert_eq!(hadolint, HADOLINT_FORMATS);
}

#[test]
fn code_shapes() {
    assert!(is_hadolint_shaped("DL3008"));
    assert!(is_hadolint_shaped("SC2086"));
    assert!(!is_hadolint_shaped("DL30"));
    assert!(!is_hadolint_shaped("dl3008"));
    assert!(!is_hadolint_shaped("StageNameCasing"));
}

/// The command-line flags of hadolint these tests use, as the CLI turns them into a source.
fn hadolint_flags(args: &[&str]) -> HadolintConfig {
    let mut config = HadolintConfig::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || (*args.next().expect("flag value")).to_owned();
        match *flag {
            "-f" => config.formats.push(value()),
            "-t" => config.failure_threshold = FailureThreshold::parse(&value()),
            "--error" => config.overrides.error.push(value()),
            "--warning" => config.overrides.warning.push(value()),
            "--info" => config.overrides.info.push(value()),
            "--style" => config.overrides.style.push(value()),
            "--ignore" => config.ignored.push(value()),
            "--trusted-registry" => config.trusted_registries.push(value()),
            "--require-label" => config
                .label_schema
                .push(parse_label_requirement(&value()).expect("valid label")),
            "--strict-labels" => config.strict_labels = Some(true),
            "--disable-ignore-pragma" => config.disable_ignore_pragma = Some(true),
            "--no-fail" => config.no_fail = Some(true),
            other => panic!("flag {other} not handled here"),
        }
    }
    config
}

/// Runs hadolint 2.15.1 with `-V` on configurations (files, environment, flags) and checks
/// that [`load_for_hadolint`] prints the same stderr, byte for byte.
#[test]
fn hadolint_stderr_matches_the_binary() {
    let Some(hadolint) = plimsoll_testing::hadolint_binary("hadolint_stderr_matches_the_binary")
    else {
        return;
    };
    struct Case {
        /// `.hadolint.yaml` in the current directory, or `-c c.yaml` when `explicit`.
        yaml: Option<&'static str>,
        explicit: bool,
        env: &'static [(&'static str, &'static str)],
        args: &'static [&'static str],
    }
    let file = |yaml| Case {
        yaml: Some(yaml),
        explicit: true,
        env: &[],
        args: &[],
    };
    let mut cases = vec![
        Case {
            yaml: None,
            explicit: false,
            env: &[],
            args: &[],
        },
        Case {
            yaml: Some(
                "failure-threshold: warning\nformat: json\nformats: [gnu, sarif, gnu]\nignored: [DL3006, SC1010, é]\n\
override:\n  error: [DL3001, DL3002]\n  warning: [DL3042]\n  info: [DL3032]\n  style: [DL3015]\n\
trustedRegistries: [zz.io, docker.io, \"my-company.com:5000\", zz.io]\nlabel-schema:\n  zz: email\n  author: text\n  aa: \"\"\n\
strict-labels: true\nno-fail: true\nno-color: true\ndisable-ignore-pragma: true\nunknown: key\n",
            ),
            explicit: false,
            env: &[],
            args: &[],
        },
        Case {
            yaml: Some(
                "format: json\nformats: [sarif]\nignored: [DL3006]\nlabel-schema:\n  b: text\n  d: text\nfailure-threshold: warning\nno-fail: true\n",
            ),
            explicit: true,
            env: &[
                ("HADOLINT_FORMAT", "checkstyle,bogus,tty"),
                ("HADOLINT_IGNORE", "DL3006, DL1,,x"),
                ("HADOLINT_TRUSTED_REGISTRIES", "a.io"),
                ("HADOLINT_REQUIRE_LABELS", "b:url,c,e:bogus,f:"),
                ("HADOLINT_OVERRIDE_ERROR", "DL3002"),
                ("HADOLINT_FAILURE_THRESHOLD", "error"),
                ("HADOLINT_NOFAIL", "0"),
                ("HADOLINT_STRICT_LABELS", "On"),
                ("NO_COLOR", ""),
            ],
            args: &[
                "-f",
                "codacy",
                "--ignore",
                "DL9",
                "--trusted-registry",
                "cli.io",
                "--require-label",
                "b:email",
                "--require-label",
                "d:hash",
                "--error",
                "DL3003",
                "-t",
                "style",
            ],
        },
        Case {
            yaml: Some("verbose: true\n"),
            explicit: false,
            env: &[
                ("HADOLINT_VERBOSE", "no"),
                ("HADOLINT_FAILURE_THRESHOLD", "none"),
            ],
            args: &[],
        },
    ];
    for yaml in [
        "ignored: x\n",
        "ignored: [1]\n",
        "no-fail: yes\nignored: [1]\n",
        "failure-threshold: Error\n",
        "format: JSON\n",
        "formats: [1]\n",
        "override: x\n",
        "override: {warning: 1, error: x}\n",
        "label-schema: {b: 1, a: x}\n",
        "label-schema: [a]\n",
        "label-schema: {a: \"\", b: ~}\n",
        "trustedRegistries: docker.io\n",
        "strict-labels: !foo true\n",
        "disable-ignore-pragma: !!binary aGVsbG8=\n",
        "- a\n",
        "~\n",
        "# nothing\n",
        "a: 1\n---\nb: 2\n",
        "ignored: [DL3006]\nignored: [DL3003]\n",
        "é: 1\n\"é\": 3\n",
        "1: 1\n0x1: 3\n",
        "no-fail: True\nno-color: FALSE\nformats: [tty]\n",
        "ignored: !!seq [DL3000]\nverbose: !!bool true\n",
    ] {
        cases.push(file(yaml));
    }
    for case in cases {
        let tree = Tree::new();
        let cwd = tree.root.join("cwd");
        tree.write("cwd/Dockerfile", "FROM scratch\n");
        let config_name = if case.explicit {
            "c.yaml"
        } else {
            ".hadolint.yaml"
        };
        if let Some(yaml) = case.yaml {
            tree.write(&format!("cwd/{config_name}"), yaml);
        }
        let mut command = std::process::Command::new(&hadolint);
        command
            .current_dir(&cwd)
            .env_clear()
            .env("HOME", tree.root.join("home"))
            .args(["-V", "--no-color"]);
        if case.explicit {
            command.args(["-c", config_name]);
        }
        command.args(case.args).arg("Dockerfile");
        for (name, value) in case.env {
            command.env(name, value);
        }
        let output = command.output().expect("hadolint runs");
        let expected = String::from_utf8(output.stderr).expect("UTF-8");

        let mut cli = hadolint_flags(case.args);
        cli.verbose = Some(true);
        cli.no_color = Some(true);
        let env: HashMap<&str, &str> = case.env.iter().copied().collect();
        let home = tree.root.join("home").display().to_string();
        let dirs = SearchDirs::from_env(cwd.clone(), |name| (name == "HOME").then(|| home.clone()));
        let load = load_for_hadolint(
            cli,
            case.explicit.then(|| Path::new(config_name)),
            |name| env.get(name).map(|value| (*value).to_owned()),
            &dirs,
        )
        .expect("loads");
        let ours = load.stderr.join("\n") + "\n";
        assert_eq!(
            ours, expected,
            "for {:?} / {:?} / {:?}",
            case.yaml, case.env, case.args
        );
    }
}
