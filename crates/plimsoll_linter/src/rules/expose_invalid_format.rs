use crate::buildkit::report;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks for `EXPOSE` ports with an IP address or a host port
    /// (`127.0.0.1:80:80`, `8080:80`).
    ///
    /// ## Why is this bad?
    /// `EXPOSE` only documents which container ports the image listens on; publishing (host
    /// port, address) is decided by `docker run -p`. BuildKit ignores those parts today and
    /// announces they will become an error.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 8080:80
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 80
    /// ```
    ///
    /// ## See also
    /// <https://docs.docker.com/go/dockerfile/rule/expose-invalid-format/>.
    pub struct ExposeInvalidFormat {
        code: "ExposeInvalidFormat",
        name: "expose-invalid-format",
        origin: BuildKit,
        severity: Warning,
        fix: None,
    }
}

impl Rule for ExposeInvalidFormat {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        for step in build.steps() {
            for port in &step.ports {
                if port.ip.is_empty() && port.host_port.is_empty() {
                    continue;
                }
                let message = format!(
                    "EXPOSE instruction should not define an IP address or host-port mapping, found '{}'",
                    port.raw
                );
                report(checker, step.location, port.token, message);
            }
        }
    }
}
