use plimsoll_text::Severity;

use super::leftovers::{leftovers, report};
use super::{CheckContext, Emitter};
use crate::path::ImagePath;

image_rule! {
    /// ## What it does
    /// Finds apt package lists (`/var/lib/apt/lists/*`, from `apt-get update`) in any layer,
    /// including lists a later layer deletes: those are still shipped in the layer that wrote
    /// them. Empty files and the `lock` file do not count.
    ///
    /// ## Why is this bad?
    /// The lists are tens of megabytes that nothing uses at run time, and they go stale the
    /// day the image is built. Deleting them in a later `RUN` does not help: the earlier layer
    /// still carries them (dockle's DKL-DI-0005).
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// RUN rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Clean up in the same `RUN` that updates, or use a cache mount:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    pub(crate) static APT_LISTS = {
        code: "PI301",
        name: "apt-lists",
        summary: "No layer ships apt package lists",
        severity: Severity::Warning,
        check: check,
    };
}

fn root_of(path: &ImagePath) -> Option<ImagePath> {
    let rest = path.as_bytes().strip_prefix(b"var/lib/apt/lists/")?;
    (rest != b"lock").then(|| ImagePath::from("var/lib/apt/lists"))
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    report(out, leftovers(context, root_of), "apt package lists");
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn lists_deleted_in_a_later_layer_still_count() {
        let update = Tar::new()
            .file("var/lib/apt/lists/lock", b"")
            .file("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4", &[1; 3000])
            .file("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", &[2; 1000])
            .finish();
        let clean = Tar::new().file("var/lib/apt/.wh.lists", b"").finish();
        let checked = run(&ImageSpec::new(vec![update, clean]));
        let found = checked.located("PI301");
        assert_eq!(
            found,
            [(
                Some("/var/lib/apt/lists"),
                Some(0),
                Some(1),
                "`/var/lib/apt/lists`: 2 files (4.0 kB) of apt package lists left by layer 0 (deleted in layer 1, but layer 0 still ships them)"
            )]
        );
    }

    #[test]
    fn empty_lists_are_fine() {
        let layer = Tar::new()
            .dir("var/lib/apt/lists/partial/")
            .file("var/lib/apt/lists/lock", b"")
            .finish();
        assert!(run(&ImageSpec::new(vec![layer])).of("PI301").is_empty());
    }
}
