use plimsoll_text::Severity;

use super::leftovers::{leftovers, report};
use super::{CheckContext, Emitter};
use crate::path::ImagePath;

image_rule! {
    /// ## What it does
    /// Finds Python bytecode caches (`__pycache__/*.pyc`) in the application's own
    /// directories, in any layer: outside `/usr` (where the distribution and the interpreter
    /// compile their own modules) and outside `site-packages`/`dist-packages` (where pip
    /// compiles installed packages). Findings are grouped by top-level directory.
    ///
    /// ## Why is this bad?
    /// Bytecode next to the application's sources usually comes from the developer's machine
    /// through `COPY . .`: compiled for another Python version, it is dead weight, and it
    /// shows the build context was not filtered by `.dockerignore`.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY . /app
    /// ```
    /// with `__pycache__/` directories in the build context.
    ///
    /// ## Fix
    /// Add `__pycache__/` and `*.pyc` to `.dockerignore`; compile in the image if start-up
    /// time matters (`RUN python -m compileall /app`), with the image's own interpreter.
    pub(crate) static PYTHON_BYTECODE_IN_APP = {
        code: "PI304",
        name: "python-bytecode-in-app",
        summary: "Application directories ship no __pycache__",
        severity: Severity::Info,
        check: check,
    };
}

fn root_of(path: &ImagePath) -> Option<ImagePath> {
    let bytes = path.as_bytes();
    if !bytes.ends_with(b".pyc") || path.parent().file_name() != b"__pycache__" {
        return None;
    }
    if bytes.starts_with(b"usr/")
        || path
            .components()
            .any(|part| part == b"site-packages" || part == b"dist-packages")
    {
        return None;
    }
    path.components().next().map(ImagePath::from_clean)
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    report(
        out,
        leftovers(context, root_of),
        "Python bytecode in __pycache__",
    );
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn app_bytecode_only() {
        let layer = Tar::new()
            .file("app/__pycache__/main.cpython-312.pyc", &[0; 300])
            .file("app/pkg/__pycache__/util.cpython-312.pyc", &[0; 200])
            .file(
                "usr/lib/python3.12/__pycache__/os.cpython-312.pyc",
                &[0; 900],
            )
            .file(
                "venv/lib/python3.12/site-packages/flask/__pycache__/app.cpython-312.pyc",
                &[0; 900],
            )
            .finish();
        let checked = run(&ImageSpec::new(vec![layer]));
        let found = checked.messages("PI304");
        assert_eq!(
            found,
            ["`/app`: 2 files (500 B) of Python bytecode in __pycache__ left by layer 0"]
        );
    }
}
