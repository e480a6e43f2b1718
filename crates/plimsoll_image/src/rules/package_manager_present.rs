use plimsoll_text::Severity;

use super::shell_present::report_present;
use super::{CheckContext, Emitter};

image_rule! {
    /// ## What it does
    /// Looks for a package manager in the final filesystem: `apt`, `apt-get`, `dpkg`, `apk`,
    /// `yum`, `dnf`, `microdnf`, `rpm`, `zypper`, `pip`, `pip3` and `pip3.N` in `/bin`,
    /// `/sbin`, `/usr/bin`, `/usr/sbin`, `/usr/local/bin` and `/usr/local/sbin` (symlinks
    /// followed). Together with PI101 this is the "distroless" check.
    ///
    /// ## Why is this bad?
    /// A package manager lets whoever gets a foothold in the container install tools
    /// (compilers, scanners, reverse shells), and it adds megabytes and CVEs that the
    /// application never uses. It usually means the build stage and the runtime stage are the
    /// same image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends python3
    /// ```
    ///
    /// ## Fix
    /// Install in a build stage and copy only the result into a runtime image without a
    /// package manager (distroless, scratch, or a slim image with `apt`/`dpkg` removed):
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY --from=build /venv /venv
    /// ```
    pub(crate) static PACKAGE_MANAGER_PRESENT = {
        code: "PI102",
        name: "package-manager-present",
        summary: "The image ships no package manager",
        severity: Severity::Info,
        check: check,
    };
}

const MANAGERS: [&str; 11] = [
    "apt", "apt-get", "dpkg", "apk", "yum", "dnf", "microdnf", "rpm", "zypper", "pip", "pip3",
];
const DIRS: [&str; 6] = [
    "bin",
    "sbin",
    "usr/bin",
    "usr/sbin",
    "usr/local/bin",
    "usr/local/sbin",
];

/// `pip3.11` and the like.
fn is_versioned_pip(name: &[u8]) -> bool {
    name.strip_prefix(b"pip3.")
        .is_some_and(|rest| !rest.is_empty() && rest.iter().all(u8::is_ascii_digit))
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    let mut names: Vec<String> = MANAGERS.iter().map(|s| (*s).to_owned()).collect();
    for dir in DIRS {
        for entry in context.fs.read_dir(dir) {
            let name = entry.path.file_name();
            if is_versioned_pip(name) {
                let name = String::from_utf8_lossy(name).into_owned();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    report_present(context, out, &DIRS, &names, |found, paths| {
        let mut tools: Vec<String> = Vec::new();
        for path in found {
            let tool = String::from_utf8_lossy(path.file_name()).into_owned();
            if !tools.contains(&tool) {
                tools.push(tool);
            }
        }
        format!(
            "the image ships a package manager: {} ({paths})",
            tools.join(", ")
        )
    });
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn finds_package_managers() {
        let layer = Tar::new()
            .symlink("bin", "usr/bin")
            .file_mode("usr/bin/apt-get", b"ELF", 0o755)
            .file_mode("usr/bin/dpkg", b"ELF", 0o755)
            .file_mode("usr/local/bin/pip3.12", b"#!py", 0o755)
            .file_mode("sbin/apk", b"ELF", 0o755)
            .finish();
        let checked = run(&ImageSpec::new(vec![layer]));
        let messages = checked.messages("PI102");
        assert_eq!(
            messages,
            [
                "the image ships a package manager: apt-get, dpkg, apk, pip3.12 (/bin/apt-get, /bin/dpkg, /sbin/apk, /usr/local/bin/pip3.12)"
            ]
        );
    }

    #[test]
    fn none_in_a_distroless_image() {
        let layer = Tar::new()
            .file_mode("usr/bin/python3.11", b"ELF", 0o755)
            .file("var/lib/dpkg/status.d/libc6", b"Package: libc6\n")
            .finish();
        assert!(run(&ImageSpec::new(vec![layer])).of("PI102").is_empty());
    }
}
