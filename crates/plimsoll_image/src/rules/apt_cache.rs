use plimsoll_text::Severity;

use super::leftovers::{leftovers, report};
use super::{CheckContext, Emitter};
use crate::path::ImagePath;

image_rule! {
    /// ## What it does
    /// Finds apt's package cache in any layer, including caches a later layer deletes:
    /// downloaded packages (`/var/cache/apt/archives/*.deb`) and the binary caches
    /// (`/var/cache/apt/*.bin`).
    ///
    /// ## Why is this bad?
    /// Downloaded `.deb` files duplicate everything that was installed from them; the binary
    /// caches are rebuilt by the next `apt-get update`. Deleting them in a later layer leaves
    /// them in the earlier one. (Docker's `debian` images turn the download cache off with
    /// `/etc/apt/apt.conf.d/docker-clean`; other bases and `apt-get download` do not.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt-get update && apt-get install -y build-essential
    /// ```
    ///
    /// ## Fix
    /// Clean in the same `RUN`, or keep the cache outside the image with a cache mount:
    /// ```dockerfile
    /// RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    ///     apt-get update && apt-get install -y build-essential
    /// ```
    pub(crate) static APT_CACHE = {
        code: "PI302",
        name: "apt-cache",
        summary: "No layer ships apt's package cache",
        severity: Severity::Warning,
        check: check,
    };
}

fn root_of(path: &ImagePath) -> Option<ImagePath> {
    let rest = path.as_bytes().strip_prefix(b"var/cache/apt/")?;
    let archive = rest.starts_with(b"archives/") && rest.ends_with(b".deb");
    let binary_cache = !rest.contains(&b'/') && rest.ends_with(b".bin");
    (archive || binary_cache).then(|| ImagePath::from("var/cache/apt"))
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    report(out, leftovers(context, root_of), "apt's package cache");
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn downloaded_packages() {
        let layer = Tar::new()
            .file(
                "var/cache/apt/archives/curl_7.88.1-10_amd64.deb",
                &[0; 2000],
            )
            .file("var/cache/apt/archives/lock", b"")
            .file("var/cache/apt/pkgcache.bin", &[0; 500])
            .file("var/cache/apt/archives/partial/x.deb.part", &[0; 10])
            .finish();
        let checked = run(&ImageSpec::new(vec![layer]));
        let found = checked.messages("PI302");
        assert_eq!(
            found,
            ["`/var/cache/apt`: 2 files (2.5 kB) of apt's package cache left by layer 0"]
        );
    }
}
