use plimsoll_text::Severity;

use super::leftovers::{leftovers, prefix_through, report};
use super::{CheckContext, Emitter};
use crate::path::ImagePath;

image_rule! {
    /// ## What it does
    /// Finds Python package caches in any layer, deleted ones included: pip's
    /// (`~/.cache/pip`, e.g. `/root/.cache/pip`) and uv's (`~/.cache/uv`).
    ///
    /// ## Why is this bad?
    /// The cache holds every downloaded wheel and HTTP response: often as large as the
    /// installed packages themselves, and useless at run time.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install -r requirements.txt
    /// ```
    ///
    /// ## Fix
    /// Turn the cache off, or mount it:
    /// ```dockerfile
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// # or
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
    /// ```
    pub(crate) static PIP_CACHE = {
        code: "PI303",
        name: "pip-cache",
        summary: "No layer ships a pip or uv cache",
        severity: Severity::Warning,
        check: check,
    };
}

fn root_of(path: &ImagePath) -> Option<ImagePath> {
    prefix_through(path, &[b".cache", b"pip"]).or_else(|| prefix_through(path, &[b".cache", b"uv"]))
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    report(out, leftovers(context, root_of), "Python package cache");
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn pip_and_uv_caches() {
        let layer = Tar::new()
            .file("root/.cache/pip/http-v2/a/b/c", &[0; 1500])
            .file("root/.cache/pip/wheels/x.whl", &[0; 500])
            .file("home/app/.cache/uv/archive-v0/y", &[0; 10])
            .file("root/.cache/other/z", &[0; 10])
            .finish();
        let checked = run(&ImageSpec::new(vec![layer]));
        let found = checked.messages("PI303");
        assert_eq!(
            found,
            [
                "`/home/app/.cache/uv`: 1 file (10 B) of Python package cache left by layer 0",
                "`/root/.cache/pip`: 2 files (2.0 kB) of Python package cache left by layer 0",
            ]
        );
    }
}
