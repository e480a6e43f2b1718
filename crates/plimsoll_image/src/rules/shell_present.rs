use plimsoll_text::Severity;

use super::{CheckContext, Emitter};
use crate::path::ImagePath;

image_rule! {
    /// ## What it does
    /// Looks for a shell in the final filesystem: `sh`, `bash`, `dash`, `ash`, `zsh`, `ksh`,
    /// `mksh` or `busybox` in `/bin`, `/usr/bin`, `/usr/local/bin` or `/busybox`. Symlinks are
    /// followed, so `/bin/sh` is found through Debian 12's `/bin -> usr/bin` link, and a name
    /// that is a dangling link does not count.
    ///
    /// ## Why is this bad?
    /// A shell is the first thing an attacker who gets code execution wants: with it, every
    /// command-injection bug becomes arbitrary commands. Distroless and scratch images leave it
    /// out; a shell in a production image is often only there because the base image had one.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY --from=build /venv /venv
    /// ```
    ///
    /// ## Fix
    /// Build in a full image and copy the result into a distroless or scratch one:
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY --from=build /venv /venv
    /// ```
    /// Use the `:debug` variants (busybox at `/busybox/sh`) only when debugging.
    pub(crate) static SHELL_PRESENT = {
        code: "PI101",
        name: "shell-present",
        summary: "The image ships no shell",
        severity: Severity::Info,
        check: check,
    };
}

const SHELLS: [&str; 8] = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"];
const DIRS: [&str; 4] = ["bin", "usr/bin", "usr/local/bin", "busybox"];

/// The names under `dirs` that exist as files after following symlinks, each file once (by
/// the path the name itself lives at, so `/bin/sh` and `/usr/bin/sh` behind a `/bin` link are
/// one).
fn present(context: &CheckContext<'_>, dirs: &[&str], names: &[String]) -> Vec<ImagePath> {
    let mut found: Vec<ImagePath> = Vec::new();
    let mut seen: Vec<ImagePath> = Vec::new();
    for dir in dirs {
        for name in names {
            let path = format!("{dir}/{name}");
            let Some(resolved) = context.fs.resolve(&path) else {
                continue;
            };
            if !matches!(
                resolved.kind,
                crate::tar::EntryKind::File | crate::tar::EntryKind::Hardlink
            ) {
                continue;
            }
            let Some(itself) = context.fs.lookup(&path) else {
                continue;
            };
            if seen.contains(&itself.path) {
                continue;
            }
            seen.push(itself.path);
            found.push(ImagePath::from(path.as_str()));
        }
    }
    found
}

/// Reports the [`present`] names as one finding at the first of them, in the layer its file
/// comes from; `message` gets them and their absolute paths joined with `, `.
pub(super) fn report_present(
    context: &CheckContext<'_>,
    out: &mut Emitter,
    dirs: &[&str],
    names: &[String],
    message: impl FnOnce(&[ImagePath], &str) -> String,
) {
    let found = present(context, dirs, names);
    let Some(first) = found.first() else { return };
    let paths = found
        .iter()
        .map(ImagePath::to_absolute_string)
        .collect::<Vec<_>>()
        .join(", ");
    let layer = context
        .fs
        .resolve(&first.to_relative_string())
        .map(|e| e.layer);
    out.path(message(&found, &paths), first, layer);
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    let names: Vec<String> = SHELLS.iter().map(|s| (*s).to_owned()).collect();
    report_present(context, out, &DIRS, &names, |_, paths| {
        format!("the image ships a shell: {paths}")
    });
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    fn shells(tar: Tar) -> Vec<String> {
        run(&ImageSpec::new(vec![tar.finish()]))
            .of("PI101")
            .iter()
            .map(|f| f.message.clone())
            .collect()
    }

    #[test]
    fn shells_through_merged_usr() {
        let merged = Tar::new()
            .symlink("bin", "usr/bin")
            .file_mode("usr/bin/dash", b"ELF", 0o755)
            .file_mode("usr/bin/bash", b"ELF", 0o755)
            .symlink("usr/bin/sh", "dash");
        assert_eq!(
            shells(merged),
            ["the image ships a shell: /bin/sh, /bin/bash, /bin/dash"]
        );
    }

    #[test]
    fn busybox_and_dangling_links() {
        let debug = Tar::new().file_mode("busybox/sh", b"ELF", 0o755);
        assert_eq!(shells(debug), ["the image ships a shell: /busybox/sh"]);
        let dangling = Tar::new()
            .symlink("bin/sh", "/nonexistent")
            .file("usr/bin/python3", b"ELF");
        assert!(shells(dangling).is_empty());
    }
}
