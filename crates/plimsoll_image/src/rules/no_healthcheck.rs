use plimsoll_text::Severity;

use super::{CheckContext, Emitter};

image_rule! {
    /// ## What it does
    /// Checks that the image config has a `Healthcheck` (and that it is not `NONE`).
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker and Compose only know whether the main process is
    /// running, not whether it still answers: a deadlocked server stays "up" forever, and
    /// `depends_on: condition: service_healthy` cannot work. (Kubernetes ignores `HEALTHCHECK`
    /// and uses its own probes; there this finding can be ignored.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "app:app"]
    /// ```
    ///
    /// ## Fix
    /// ```dockerfile
    /// HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]
    /// ```
    pub(crate) static NO_HEALTHCHECK = {
        code: "PI003",
        name: "no-healthcheck",
        summary: "The image defines a HEALTHCHECK",
        severity: Severity::Info,
        check: check,
    };
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    let healthcheck = context
        .image
        .config
        .config
        .as_ref()
        .and_then(|config| config.healthcheck.as_ref());
    match healthcheck {
        None => {
            out.image("no HEALTHCHECK: the runtime cannot tell a hung service from a healthy one")
        }
        Some(check) if check.test.first().is_some_and(|t| t == "NONE") => {
            out.image("HEALTHCHECK NONE disables the base image's health check");
        }
        Some(check) if check.test.is_empty() => {
            out.image("the HEALTHCHECK has no test: the runtime cannot tell a hung service from a healthy one");
        }
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    fn findings(config: serde_json::Value) -> usize {
        let mut spec = ImageSpec::new(vec![Tar::new().file("a", b"a").finish()]);
        spec.config = config;
        run(&spec).of("PI003").len()
    }

    #[test]
    fn healthchecks() {
        assert_eq!(findings(serde_json::json!({"User": "1"})), 1);
        assert_eq!(
            findings(serde_json::json!({"Healthcheck": {"Test": ["NONE"]}})),
            1
        );
        assert_eq!(
            findings(serde_json::json!({"Healthcheck": {"Test": ["CMD", "true"]}})),
            0
        );
    }
}
