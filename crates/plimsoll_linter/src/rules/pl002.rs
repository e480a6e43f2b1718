use plimsoll_text::{Edit, Fix};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

use super::serving::{is_loopback, listen_addresses};

declare_rule! {
    /// ## What it does
    /// Checks that the server started by `CMD` or `ENTRYPOINT` (gunicorn, uvicorn, hypercorn,
    /// waitress, daphne, `flask run`, Django's `runserver`) is not bound to a loopback address
    /// such as `127.0.0.1` or `localhost`.
    ///
    /// ## Why is this bad?
    /// Inside a container, loopback is the container's own: a server bound to it cannot be
    /// reached through a published port, and `docker run -p 8000:8000` answers with a reset
    /// connection. Bind to `0.0.0.0` (all interfaces of the container) instead. `flask run`
    /// binds to `127.0.0.1` unless told otherwise.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD ["gunicorn", "--bind", "127.0.0.1:8000", "app:app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
    /// ```
    ///
    /// ## Fix
    /// Replaces the host with `0.0.0.0`. Unsafe: it makes the server reachable from outside
    /// the container, which is the point, but should be a decision.
    pub struct ServerBoundToLoopback {
        code: "PL002",
        name: "server-bound-to-loopback",
        origin: Plimsoll,
        severity: Error,
        fix: Always,
    }
}

impl Rule for ServerBoundToLoopback {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for listen in listen_addresses(node.instruction) {
            let Some((host, range)) = listen.host else {
                continue;
            };
            if !is_loopback(&host) {
                continue;
            }
            checker.report_with_fix(
                node,
                range,
                format!("The server listens on `{host}`, which is unreachable from outside the container; bind to `0.0.0.0`"),
                Fix::unsafe_edits(
                    "Bind to 0.0.0.0",
                    vec![Edit::replacement("0.0.0.0", range)],
                ),
            );
        }
    }
}
