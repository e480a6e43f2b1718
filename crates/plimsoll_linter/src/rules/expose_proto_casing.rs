use plimsoll_syntax::dockerfile::go_to_lower;
use plimsoll_text::{Edit, Fix, TextRange};

use crate::buildkit::report;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks that the protocol of an `EXPOSE` port (`80/tcp`) is lower case.
    ///
    /// ## Why is this bad?
    /// Docker lower-cases it anyway; `80/TCP` next to `80/tcp` in one file looks like two
    /// different ports.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 53/UDP
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 53/udp
    /// ```
    ///
    /// ## Fix
    /// Safe, for ports written without variables: the protocol is lower-cased.
    ///
    /// ## See also
    /// <https://docs.docker.com/go/dockerfile/rule/expose-proto-casing/>.
    pub struct ExposeProtoCasing {
        code: "ExposeProtoCasing",
        name: "expose-proto-casing",
        origin: BuildKit,
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for ExposeProtoCasing {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        for step in build.steps() {
            for port in &step.ports {
                let lower = go_to_lower(&port.proto);
                if lower == port.proto {
                    continue;
                }
                let message = format!(
                    "Defined protocol '{}' in EXPOSE instruction should be lowercase",
                    port.raw
                );
                let written = port.token.slice(checker.source());
                let fix = (written == port.raw && step.location.reported_at.is_none()).then(|| {
                    let proto_len = u32::try_from(port.proto.len()).unwrap_or(0);
                    let proto = TextRange::new(port.token.end - proto_len, port.token.end);
                    Fix::safe(
                        "Lower-case the protocol",
                        vec![Edit::replacement(lower.into_owned(), proto)],
                    )
                });
                report(checker, step.location, port.token, message).fix = fix;
            }
        }
    }
}
