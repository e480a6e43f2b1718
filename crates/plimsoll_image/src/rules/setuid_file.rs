use plimsoll_text::Severity;

use super::{CheckContext, Emitter};
use crate::fs::FsEntry;
use crate::tar::EntryKind;

image_rule! {
    /// ## What it does
    /// Lists the files of the final filesystem with the setuid or setgid bit (dockle's
    /// CIS-DI-0008).
    ///
    /// ## Why is this bad?
    /// A setuid-root program runs as root whoever starts it, so each one is a privilege
    /// escalation path for a non-root container process (`su`, `mount`, `passwd`, `chfn` in
    /// Debian's base). Few applications need any of them.
    ///
    /// ## Example
    /// ```text
    /// -rwsr-xr-x root root /usr/bin/su
    /// ```
    ///
    /// ## Fix
    /// Strip the bits in the last layer, or run with `--security-opt no-new-privileges`:
    /// ```dockerfile
    /// RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +
    /// ```
    pub(crate) static SETUID_FILE = {
        code: "PI103",
        name: "setuid-file",
        summary: "No file has the setuid or setgid bit",
        severity: Severity::Info,
        check: check,
    };
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    for entry in context.fs.walk() {
        if !matches!(entry.kind, EntryKind::File | EntryKind::Hardlink) || entry.mode & 0o6000 == 0
        {
            continue;
        }
        let bits = match (entry.mode & 0o4000 != 0, entry.mode & 0o2000 != 0) {
            (true, true) => "setuid and setgid",
            (true, false) => "setuid",
            _ => "setgid",
        };
        let owner = if entry.mode & 0o4000 != 0 {
            format!(", uid {}", entry.uid)
        } else {
            format!(", gid {}", entry.gid)
        };
        report_mode(out, &entry, bits, &owner);
    }
}

/// Reports a final-filesystem entry, in the layer it comes from, as "`/path` is <what> (mode
/// 4755<detail>)".
pub(super) fn report_mode(out: &mut Emitter, entry: &FsEntry, what: &str, detail: &str) {
    out.path(
        format!(
            "`{}` is {what} (mode {:04o}{detail})",
            entry.path,
            entry.mode & 0o7777
        ),
        &entry.path,
        Some(entry.layer),
    );
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn setuid_and_setgid_files() {
        let base = Tar::new()
            .file_mode("usr/bin/su", b"ELF", 0o4755)
            .file_mode("usr/bin/expiry", b"ELF", 0o2755)
            .file_mode("usr/bin/ls", b"ELF", 0o755)
            .file_mode("usr/bin/mount", b"ELF", 0o4755)
            .finish();
        // The last layer replaces `mount` with a plain copy: only the final mode counts.
        let fix = Tar::new()
            .file_mode("usr/bin/mount", b"ELF", 0o755)
            .finish();
        let checked = run(&ImageSpec::new(vec![base, fix]));
        let found: Vec<(Option<&str>, &str)> = checked
            .of("PI103")
            .iter()
            .map(|f| (f.path.as_deref(), f.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some("/usr/bin/expiry"),
                    "`/usr/bin/expiry` is setgid (mode 2755, gid 0)"
                ),
                (
                    Some("/usr/bin/su"),
                    "`/usr/bin/su` is setuid (mode 4755, uid 0)"
                ),
            ]
        );
    }
}
