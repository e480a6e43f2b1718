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
