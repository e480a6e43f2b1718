use plimsoll_text::Severity;

use super::setuid_file::report_mode;
use super::{CheckContext, Emitter};
use crate::tar::EntryKind;

image_rule! {
    /// ## What it does
    /// Lists directories of the final filesystem that everyone may write to (mode `o+w`)
    /// without the sticky bit. `/tmp` with mode `1777` is fine; `0777` is not.
    ///
    /// ## Why is this bad?
    /// In a world-writable directory without the sticky bit, any user can delete or replace
    /// any other user's files: a process running as a second user (or a compromised one) can
    /// swap the application's code, configuration or sockets. It is usually the result of a
    /// `chmod -R 777` meant to fix a permission error.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN mkdir /app/uploads && chmod 777 /app/uploads
    /// ```
    ///
    /// ## Fix
    /// Give the directory to the user that writes to it, or add the sticky bit:
    /// ```dockerfile
    /// RUN mkdir /app/uploads && chown 10001 /app/uploads
    /// ```
    pub(crate) static WORLD_WRITABLE_DIRECTORY = {
        code: "PI104",
        name: "world-writable-directory",
        summary: "No directory is world-writable without the sticky bit",
        severity: Severity::Warning,
        check: check,
    };
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    for entry in context.fs.walk() {
        // Directories no layer listed have made-up modes.
        if entry.kind != EntryKind::Dir || entry.implicit {
            continue;
        }
        if entry.mode & 0o002 != 0 && entry.mode & 0o1000 == 0 {
            report_mode(out, &entry, "world-writable without the sticky bit", "");
        }
    }
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn world_writable_directories() {
        let layer = Tar::new()
            .dir_mode("tmp/", 0o1777)
            .dir_mode("app/uploads/", 0o777)
            .dir_mode("app/cache/", 0o775)
            .finish();
        let checked = run(&ImageSpec::new(vec![layer]));
        let found = checked.messages("PI104");
        assert_eq!(
            found,
            ["`/app/uploads` is world-writable without the sticky bit (mode 0777)"]
        );
    }
}
