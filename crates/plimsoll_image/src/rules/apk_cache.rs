use plimsoll_text::Severity;

use super::leftovers::{leftovers, report};
use super::{CheckContext, Emitter};
use crate::path::ImagePath;

image_rule! {
    /// ## What it does
    /// Finds Alpine's package cache (`/var/cache/apk/*`: `APKINDEX.*.tar.gz` indexes and
    /// downloaded `.apk` files) in any layer, deleted ones included.
    ///
    /// ## Why is this bad?
    /// `apk update` and `apk add` without `--no-cache` leave the package indexes (a few MB)
    /// in the layer; nothing uses them at run time (dockle's DKL-DI-0004).
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk update && apk add curl
    /// ```
    ///
    /// ## Fix
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    pub(crate) static APK_CACHE = {
        code: "PI305",
        name: "apk-cache",
        summary: "No layer ships apk's package cache",
        severity: Severity::Warning,
        check: check,
    };
}

fn root_of(path: &ImagePath) -> Option<ImagePath> {
    path.as_bytes()
        .strip_prefix(b"var/cache/apk/")
        .filter(|rest| !rest.is_empty())
        .map(|_| ImagePath::from("var/cache/apk"))
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    report(out, leftovers(context, root_of), "apk's package cache");
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn apk_indexes() {
        let layer = Tar::new()
            .file("var/cache/apk/APKINDEX.d4f1b2.tar.gz", &[0; 1200])
            .file("lib/apk/db/installed", b"P:musl\nV:1.2.5-r0\n\n")
            .finish();
        let checked = run(&ImageSpec::new(vec![layer]));
        let found = checked.messages("PI305");
        assert_eq!(
            found,
            ["`/var/cache/apk`: 1 file (1.2 kB) of apk's package cache left by layer 0"]
        );
    }
}
