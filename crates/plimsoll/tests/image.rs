//! `plimsoll image` end to end: the terminal report (snapshot), the JSON schema, stdin, and
//! errors with exit status 2.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use plimsoll_testing::images::{Comp, ImageSpec, Tar};

fn plimsoll(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plimsoll"));
    command
        .args(args)
        .env_remove("DOCKER_HOST")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// A small image with a bit of everything: an overwrite, a deleted file, a directory whiteout.
fn image() -> ImageSpec {
    let l0 = Tar::new()
        .dir("etc/")
        .file("etc/passwd", &[b'p'; 30])
        .file_mode("usr/bin/tool", &[b't'; 4_000], 0o755)
        .symlink("bin", "usr/bin")
        .file("var/cache/pkg/a.bin", &[b'a'; 50_000])
        .file("data/big.bin", &[b'b'; 200_000])
        .finish();
    let l1 = Tar::new()
        .file("etc/passwd", &[b'P'; 65])
        .file("data/.wh.big.bin", b"")
        .file("var/cache/.wh.pkg", b"")
        .file("app/main.py", &[b'm'; 120])
        .finish();
    let mut spec = ImageSpec::new(vec![l0, l1]);
    spec.layers[0].created_by = "/bin/sh -c #(nop) ADD file:abc in / ".into();
    spec.layers[1].created_by =
        "RUN /bin/sh -c rm -rf /data/big.bin /var/cache/pkg # buildkit".into();
    spec.config = serde_json::json!({
        "User": "1000",
        "WorkingDir": "/app",
        "Env": ["PATH=/usr/bin:/bin"],
        "Cmd": ["python3", "/app/main.py"],
        "ExposedPorts": {"8000/tcp": {}},
        "Labels": {"org.opencontainers.image.title": "demo"},
        "Healthcheck": {"Test": ["CMD", "true"], "Interval": 30_000_000_000i64},
    });
    spec
}

fn write(dir: &Path) -> String {
    image()
        .write_legacy(&dir.join("demo.tar"))
        .display()
        .to_string()
}

#[test]
fn terminal_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path());
    let output = plimsoll(&["image", &path, "--dive"], None);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let pattern = regex_escape(&path);
    insta::with_settings!({filters => vec![(pattern.as_str(), "[IMAGE]")]}, {
        insta::assert_snapshot!(stdout);
    });
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '/' || c == '_' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

#[test]
fn json_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path());
    let output = plimsoll(&["image", &path, "--format", "json"], None);
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["schema_version"], 1);
    // content 30+4000+50000+200000 = 254030, then 65+120 = 185; final 4000+65+120 = 4185.
    assert_eq!(report["size"]["content"], 254_215);
    assert_eq!(report["size"]["final"], 4_185);
    assert_eq!(report["wasted_bytes"], 250_030);
    assert_eq!(report["efficiency"], 4_185.0 / 254_215.0);
    assert_eq!(report["layers"].as_array().unwrap().len(), 2);
    assert_eq!(
        report["layers"][1]["instruction"],
        "RUN rm -rf /data/big.bin /var/cache/pkg"
    );
    assert_eq!(report["layers"][1]["deleted"], 250_000);
    assert_eq!(report["layers"][1]["overwritten"], 30);
    assert_eq!(report["config"]["user"], "1000");
    assert_eq!(report["config"]["exposed_ports"][0], "8000/tcp");
    assert_eq!(report["config"]["healthcheck"]["Test"][1], "true");
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(report["packages"], serde_json::json!([]));
    assert!(
        report.get("dive").is_none(),
        "dive numbers only with --dive"
    );
    assert_eq!(report["wasted_files"][0]["path"], "/data/big.bin");
    assert_eq!(report["source"]["format"], "docker-archive");

    let output = plimsoll(&["image", &path, "--format", "json", "--top", "1"], None);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for list in [
        "wasted_files",
        "biggest_files",
        "biggest_directories",
        "removals",
    ] {
        assert_eq!(report[list].as_array().unwrap().len(), 1, "{list}");
    }
    assert_eq!(report["biggest_files"][0]["path"], "/usr/bin/tool");
}

#[test]
fn stdin_and_every_format_agree() {
    let dir = tempfile::tempdir().unwrap();
    let legacy = image().legacy_bytes();
    let from_stdin = plimsoll(&["image", "-", "--format", "json", "--dive"], Some(&legacy));
    assert!(
        from_stdin.status.success(),
        "{}",
        String::from_utf8_lossy(&from_stdin.stderr)
    );
    let stdin_report: serde_json::Value = serde_json::from_slice(&from_stdin.stdout).unwrap();
    assert_eq!(stdin_report["source"]["kind"], "stdin");
    let layout = image()
        .compressed(Comp::Zstd)
        .write_oci_dir(&dir.path().join("layout"))
        .display()
        .to_string();
    let from_dir = plimsoll(
        &["image", &layout, "--format", "json", "--dive", "--verify"],
        None,
    );
    let dir_report: serde_json::Value = serde_json::from_slice(&from_dir.stdout).unwrap();
    for key in ["size", "wasted_bytes", "efficiency", "dive", "config"] {
        let (a, b) = (&stdin_report[key], &dir_report[key]);
        if key == "size" {
            assert_eq!(a["content"], b["content"]);
            assert_eq!(a["final"], b["final"]);
        } else {
            assert_eq!(a, b, "{key}");
        }
    }
    assert_eq!(dir_report["image"]["verified"], true);
}

#[test]
fn errors_exit_with_status_2_and_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.tar").display().to_string();
    let output = plimsoll(&["image", &missing], None);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("missing.tar"), "{stderr}");

    let junk = dir.path().join("junk.tar");
    std::fs::write(&junk, b"this is not a tarball").unwrap();
    let output = plimsoll(&["image", junk.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a container image"));

    let output = plimsoll(&["image", "x.tar", "--platform", "linux"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid platform"));

    let mut command = Command::new(env!("CARGO_BIN_EXE_plimsoll"));
    let socket = dir.path().join("nothing.sock");
    let output = command
        .args(["image", "docker://alpine:3"])
        .env("DOCKER_HOST", format!("unix://{}", socket.display()))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot reach the Docker Engine"),
        "{stderr}"
    );
}

/// An image with something for several image rules: no user, a shell, a key added then
/// deleted, a token in `.npmrc`, a secret in the environment.
fn risky_image() -> ImageSpec {
    let key = b"-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----\n";
    let l0 = Tar::new()
        .file_mode("bin/sh", &[b's'; 1_500], 0o755)
        .file("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n")
        .finish();
    let l1 = Tar::new()
        .file_mode("root/.ssh/id_rsa", key, 0o600)
        .file(
            "root/.npmrc",
            b"//registry.npmjs.org/:_authToken=npm_secret\n",
        )
        .finish();
    let l2 = Tar::new()
        .file("root/.ssh/.wh.id_rsa", b"")
        .file("app/main.py", b"print()\n")
        .finish();
    let mut spec = ImageSpec::new(vec![l0, l1, l2]);
    spec.config = serde_json::json!({"Env": ["PATH=/bin", "API_TOKEN=abc123"], "Cmd": ["/bin/sh"]});
    spec
}

#[test]
fn findings_in_terminal_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = risky_image()
        .write_oci_archive(&dir.path().join("risky.tar"), false)
        .display()
        .to_string();
    let output = plimsoll(&["image", &path], None);
    assert!(output.status.success(), "findings alone do not fail");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let findings = &stdout[stdout.find("Findings").unwrap()..];
    insta::assert_snapshot!(findings);

    let output = plimsoll(&["image", &path, "--format", "json"], None);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let key = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "PI201")
        .unwrap();
    assert_eq!(key["name"], "private-key");
    assert_eq!(key["severity"], "error");
    assert_eq!(key["path"], "/root/.ssh/id_rsa");
    assert_eq!(key["layer"], 1);
    assert_eq!(key["removed_in"], 2);

    let output = plimsoll(
        &[
            "image",
            &path,
            "--format",
            "json",
            "--ignore",
            "PI201,no-healthcheck",
            "--severity",
            "shell-present=error",
        ],
        None,
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            ("PI101", "error"),
            ("PI204", "error"),
            ("PI205", "error"),
            ("PI001", "warning")
        ]
    );

    for bad in [
        &["--ignore", "PI999"][..],
        &["--severity", "PI001"],
        &["--severity", "PI001=fatal"],
    ] {
        let mut args = vec!["image", path.as_str()];
        args.extend_from_slice(bad);
        let output = plimsoll(&args, None);
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(bad[1].split('=').next().unwrap()),
            "{stderr}"
        );
    }
}

#[test]
fn packages_in_terminal_and_json() {
    let status = "Package: libc6\nStatus: install ok installed\nInstalled-Size: 12000\nVersion: 2.36-9\n\nPackage: curl\nStatus: install ok installed\nInstalled-Size: 500\nVersion: 7.88.1-10\n\nPackage: old\nStatus: deinstall ok config-files\nVersion: 1\n";
    let site = "usr/local/lib/python3.12/site-packages";
    let l0 = Tar::new()
        .file("var/lib/dpkg/status", status.as_bytes())
        .finish();
    let l1 = Tar::new()
        .file(&format!("{site}/flask/app.py"), &[b'x'; 3_000])
        .file(
            &format!("{site}/flask-3.1.3.dist-info/METADATA"),
            b"Metadata-Version: 2.4\nName: Flask\nVersion: 3.1.3\n",
        )
        .file(
            &format!("{site}/flask-3.1.3.dist-info/RECORD"),
            b"flask/app.py,sha256=x,3000\n",
        )
        .finish();
    let dir = tempfile::tempdir().unwrap();
    let path = ImageSpec::new(vec![l0, l1])
        .write_legacy(&dir.path().join("pkgs.tar"))
        .display()
        .to_string();
    let output = plimsoll(&["image", &path, "--top", "2"], None);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let start = stdout.find("Packages").unwrap();
    let end = stdout.find("Findings").unwrap();
    insta::assert_snapshot!(&stdout[start..end]);

    let output = plimsoll(&["image", &path, "--format", "json"], None);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["packages"],
        serde_json::json!([
            {"ecosystem": "deb", "name": "curl", "version": "7.88.1-10", "size": 512_000,
             "path": "/var/lib/dpkg/status", "layer": 0},
            {"ecosystem": "deb", "name": "libc6", "version": "2.36-9", "size": 12_288_000,
             "path": "/var/lib/dpkg/status", "layer": 0},
            {"ecosystem": "python", "name": "Flask", "version": "3.1.3", "size": 3_000,
             "path": "/usr/local/lib/python3.12/site-packages/flask-3.1.3.dist-info", "layer": 1},
        ])
    );
}

fn gate_run(path: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["image", path];
    all.extend_from_slice(args);
    let output = plimsoll(&all, None);
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn gates_set_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path());
    // The demo image: 254,215 content bytes, 4,185 final, 250,030 wasted; no findings.
    let (code, stdout, _) = gate_run(&path, &["--max-size", "1MB", "--max-wasted", "300kB"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("Gates     PASS"));

    let (code, stdout, stderr) = gate_run(&path, &["--max-wasted", "250,029"]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains(
        "FAIL  max-wasted: wasted 250,030 bytes (250.0 kB) exceeds the limit of 250,029 bytes (250.0 kB)"
    ));
    assert!(
        stderr.is_empty(),
        "the terminal report already says it: {stderr}"
    );

    let (code, stdout, stderr) = gate_run(
        &path,
        &[
            "--format",
            "json",
            "--min-efficiency",
            "0.5",
            "--max-size",
            "0.1MiB",
        ],
    );
    assert_eq!(code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let gates: Vec<(&str, &str)> = report["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["gate"].as_str().unwrap(), g["status"].as_str().unwrap()))
        .collect();
    assert_eq!(gates, [("max-size", "fail"), ("min-efficiency", "fail")]);
    // Machine formats keep stdout clean and name the failed gates with numbers on stderr.
    assert!(
        stderr.contains(
            "plimsoll: gate min-efficiency failed: efficiency 0.0165 is below the minimum of 0.5"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("plimsoll: gate max-size failed: uncompressed size"),
        "{stderr}"
    );
    assert!(
        stderr.contains("exceeds the limit of 104,857 bytes"),
        "{stderr}"
    );

    // --fail-on: the risky image has errors, warnings and infos.
    let risky = risky_image()
        .write_oci_dir(&dir.path().join("risky"))
        .display()
        .to_string();
    assert_eq!(gate_run(&risky, &["--fail-on", "error"]).0, Some(1));
    assert_eq!(
        gate_run(
            &risky,
            &["--fail-on", "error", "--ignore", "PI201,PI204,PI205"]
        )
        .0,
        Some(0)
    );
    assert_eq!(
        gate_run(
            &risky,
            &[
                "--fail-on",
                "error",
                "--ignore",
                "PI201,PI204,PI205",
                "--severity",
                "PI101=error"
            ]
        )
        .0,
        Some(1)
    );
    let (code, stdout, _) = gate_run(
        &risky,
        &["--fail-on", "warning", "--ignore", "PI201,PI204,PI205"],
    );
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("FAIL  fail-on: 1 finding at warning or above (PI001)"),
        "{stdout}"
    );

    for bad in [
        &["--max-size", "12 parsecs"][..],
        &["--min-efficiency", "1.5"],
        &["--fail-on", "fatal"],
        &["--dive-ci=/nonexistent/.dive-ci"],
    ] {
        let (code, _, stderr) = gate_run(&path, bad);
        assert_eq!(code, Some(2), "{bad:?}: {stderr}");
    }
}

/// dive 0.13.1's verdicts on `shared/images/synthetic/legacy.tar` (efficiency 0.0948,
/// wastedBytes 1,000,095, userWastedPercent 3802.64), recorded by running
/// `dive --source docker-archive legacy.tar --ci` with each `.dive-ci` in the working
/// directory: plimsoll's `--dive-ci` must agree.
#[test]
fn dive_ci_rules_match_dive() {
    let Some(image) =
        plimsoll_testing::shared_path("dive_ci_rules_match_dive", "images/synthetic/legacy.tar")
    else {
        return;
    };
    let image = image.display().to_string();
    let cases: [(&str, i32); 6] = [
        // No file: dive's defaults; FAIL lowestEfficiency and highestUserWastedPercent.
        ("", 1),
        (
            "rules:\n  lowestEfficiency: 0.05\n  highestWastedBytes: 2MB\n",
            1,
        ),
        (
            "rules:\n  lowestEfficiency: 0.05\n  highestWastedBytes: 0.9MB\n  highestUserWastedPercent: disabled\n",
            1,
        ),
        (
            "rules:\n  lowestEfficiency: 0.05\n  highestUserWastedPercent: disabled\n",
            0,
        ),
        (
            "rules:\n  lowestEfficiency: disabled\n  highestWastedBytes: disabled\n  highestUserWastedPercent: disabled\n",
            0,
        ),
        (
            "rules:\n  lowestEfficiency: 0\n  highestWastedBytes: 1,000,095\n  highestUserWastedPercent: 1\n",
            1,
        ),
    ];
    for (yaml, dive_exit) in cases {
        let cwd = tempfile::tempdir().unwrap();
        if !yaml.is_empty() {
            std::fs::write(cwd.path().join(".dive-ci"), yaml).unwrap();
        }
        let output = Command::new(env!("CARGO_BIN_EXE_plimsoll"))
            .args(["image", &image, "--dive-ci", "--format", "json"])
            .current_dir(cwd.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(dive_exit), "{yaml}");
    }
    // The messages carry dive's numbers.
    let cwd = tempfile::tempdir().unwrap();
    std::fs::write(cwd.path().join("rules.yaml"), cases[5].0).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_plimsoll"))
        .args(["image", &image, "--dive-ci=rules.yaml", "--format", "json"])
        .current_dir(cwd.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim(),
        "plimsoll: gate dive:highestUserWastedPercent failed: too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=3802.6425855513307 > threshold=1)"
    );
    // What dive calls misconfigured is an error (dive: "CI Misconfigured", exit 1).
    std::fs::write(
        cwd.path().join("bad.yaml"),
        "rules:\n  lowestEfficiency: 1.5\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_plimsoll"))
        .args(["image", &image, "--dive-ci=bad.yaml"])
        .current_dir(cwd.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("lowestEfficiency"));
}

/// SARIF 2.1.0 structure, as GitHub code scanning reads it.
#[test]
fn sarif_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = risky_image()
        .write_oci_dir(&dir.path().join("risky"))
        .display()
        .to_string();
    let (code, stdout, _) = gate_run(&path, &["--format", "sarif"]);
    assert_eq!(code, Some(0));
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "plimsoll");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&gate_run(&path, &["--format", "json"]).1).unwrap();
    assert_eq!(results.len(), report["findings"].as_array().unwrap().len());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert!(id.starts_with("PI"), "{id}");
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        let help = rule["help"]["markdown"].as_str().unwrap();
        assert!(
            help.contains("## What it does") && help.contains("## Fix"),
            "{id}"
        );
        assert!(
            ["error", "warning", "note"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap())
        );
    }
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(!uri.contains(' ') && !uri.is_empty(), "{uri}");
        assert!(result["partialFingerprints"]["plimsoll/v1"].is_string());
    }
    let key = results.iter().find(|r| r["ruleId"] == "PI201").unwrap();
    assert_eq!(key["level"], "error");
    assert_eq!(
        key["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "layer%201%3A%20/root/.ssh/id_rsa"
    );
    let root = results.iter().find(|r| r["ruleId"] == "PI001").unwrap();
    assert_eq!(root["level"], "warning");
    // Image-wide findings are located at the image (temp paths need no escaping).
    assert_eq!(
        root["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        path.as_str()
    );
    // Gates apply to SARIF output too.
    assert_eq!(
        gate_run(&path, &["--format", "sarif", "--fail-on", "error"]).0,
        Some(1)
    );
}

/// `plimsoll image` run in `cwd`: (exit code, stdout, stderr).
fn image_in(cwd: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_plimsoll"))
        .arg("image")
        .args(args)
        .current_dir(cwd)
        .env_remove("DOCKER_HOST")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

type Pairs = Vec<(String, String)>;

/// (code, severity) of each finding and (gate, status) of each gate in a JSON report.
fn findings_and_gates(stdout: &str) -> (Pairs, Pairs) {
    let report: serde_json::Value = serde_json::from_str(stdout).unwrap();
    // Without gates the key is left out.
    let pairs = |key: &str, a: &str, b: &str| -> Pairs {
        let Some(items) = report.get(key) else {
            return Vec::new();
        };
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x[a].as_str().unwrap().into(), x[b].as_str().unwrap().into()))
            .collect()
    };
    (
        pairs("findings", "code", "severity"),
        pairs("gates", "gate", "status"),
    )
}

fn owned(pairs: &[(&str, &str)]) -> Pairs {
    pairs
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn plimsoll_toml_image_table() {
    let dir = tempfile::tempdir().unwrap();
    let risky = risky_image()
        .write_oci_archive(&dir.path().join("risky.tar"), false)
        .display()
        .to_string();
    // The risky image's findings without configuration: PI201, PI204, PI205 (error), PI001
    // (warning), PI003, PI101 (info).
    let (code, stdout, stderr) = image_in(dir.path(), &[&risky, "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (findings, gates) = findings_and_gates(&stdout);
    assert!(findings.contains(&("PI201".into(), "error".into())));
    assert!(findings.contains(&("PI003".into(), "info".into())));
    assert!(findings.contains(&("PI101".into(), "info".into())));
    assert!(gates.is_empty(), "{gates:?}");

    std::fs::write(
        dir.path().join("plimsoll.toml"),
        "[lint]\nignore = [\"DL3008\"]\n\n[image]\nignore = [\"PI201\", \"no-healthcheck\"]\nfail-on = \"error\"\nmax-size = \"1kB\"\n\n[image.severity]\nshell-present = \"warning\"\n",
    )
    .unwrap();
    // Found walking up from the current directory, past a `.hadolint.yaml` (no image
    // settings there).
    let cwd = dir.path().join("ci/deep");
    std::fs::create_dir_all(&cwd).unwrap();
    std::fs::write(cwd.join(".hadolint.yaml"), "ignored: [DL3008]\n").unwrap();
    let (code, stdout, stderr) = image_in(&cwd, &[&risky, "--format", "json"]);
    assert_eq!(code, Some(1), "the file's gates fail: {stderr}");
    assert_eq!(
        findings_and_gates(&stdout),
        (
            owned(&[
                ("PI204", "error"),
                ("PI205", "error"),
                ("PI001", "warning"),
                ("PI101", "warning"),
            ]),
            owned(&[("fail-on", "fail"), ("max-size", "fail")]),
        )
    );

    // Flags go on top: `--ignore` adds (PI201 stays ignored), a later `--severity` wins, a
    // gate flag replaces the file's value.
    let flags = [
        risky.as_str(),
        "--format",
        "json",
        "--ignore",
        "PI204,PI205",
        "--severity",
        "PI101=style",
        "--max-size",
        "1GB",
    ];
    let (code, stdout, stderr) = image_in(&cwd, &flags);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        findings_and_gates(&stdout),
        (
            owned(&[("PI001", "warning"), ("PI101", "style")]),
            owned(&[("fail-on", "pass"), ("max-size", "pass")]),
        )
    );
    let (code, stdout, _) = image_in(&cwd, &[&flags[..], &["--fail-on", "warning"]].concat());
    assert_eq!(code, Some(1));
    assert_eq!(
        findings_and_gates(&stdout).1,
        owned(&[("fail-on", "fail"), ("max-size", "pass")])
    );

    // `--config FILE` replaces the search.
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "[image]\nmax-wasted = 0\n").unwrap();
    let (code, stdout, stderr) = image_in(
        &cwd,
        &[&risky, "--format", "json", "--config", "../../other.toml"],
    );
    assert_eq!(code, Some(1), "{stderr}");
    let (findings, gates) = findings_and_gates(&stdout);
    assert!(findings.contains(&("PI201".into(), "error".into())));
    assert_eq!(gates, owned(&[("max-wasted", "fail")]));

    // `plimsoll lint` reads the same file and leaves `[image]` alone.
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM alpine:3.19\nUSER app\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_plimsoll"))
        .args(["lint", "Dockerfile"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_ne!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn plimsoll_toml_image_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path());
    let config = dir.path().join("plimsoll.toml");
    let cases = [
        (
            "[image]\nmax-sise = \"1MB\"\n",
            "plimsoll.toml:2:1: unknown field `max-sise`",
        ),
        (
            "[image]\nmax-size = \"12 parsecs\"\n",
            "plimsoll.toml:2:12: max-size: invalid size `12 parsecs`: unknown unit `parsecs`",
        ),
        (
            "[image]\nmin-efficiency = 1.5\n",
            "plimsoll.toml:2:18: min-efficiency: invalid ratio `1.5`: must be between 0 and 1",
        ),
        (
            "[image]\nignore = [\"PI001\", \"PI999\"]\n",
            "plimsoll.toml:2:20: unknown image rule `PI999`",
        ),
        (
            "[image.severity]\nPI101 = \"fatal\"\n",
            "plimsoll.toml:2:9: invalid severity `fatal` for `PI101`",
        ),
    ];
    for (source, expected) in cases {
        std::fs::write(&config, source).unwrap();
        let (code, _, stderr) = image_in(dir.path(), &[&path]);
        assert_eq!(code, Some(2), "{source}: {stderr}");
        assert!(stderr.contains(expected), "{source}: {stderr}");
    }
    // The image command does not judge `[lint]`.
    std::fs::write(&config, "[lint]\nformat = \"xml\"\n").unwrap();
    assert_eq!(image_in(dir.path(), &[&path]).0, Some(0));
}
