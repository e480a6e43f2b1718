use std::collections::BTreeSet;

use plimsoll_syntax::dockerfile::{Args, InstructionKind};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

use super::serving::listen_addresses;

declare_rule! {
    /// ## What it does
    /// Checks that the port the server in `CMD`/`ENTRYPOINT` listens on is one the stage
    /// `EXPOSE`s, when the stage (or a stage it is built on) exposes any.
    ///
    /// ## Why is this bad?
    /// `EXPOSE` documents where the app answers; `docker run -P`, Compose and orchestrators
    /// read it. A server on another port is published nowhere, and the next person trusts the
    /// wrong number.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 8000
    /// CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "80"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 8000
    /// CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
    /// ```
    pub struct ServerPortNotExposed {
        code: "PL003",
        name: "server-port-not-exposed",
        origin: Plimsoll,
        severity: Warning,
        fix: None,
    }
}

impl Rule for ServerPortNotExposed {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if !matches!(
            node.kind(),
            InstructionKind::Cmd | InstructionKind::Entrypoint
        ) {
            return;
        }
        let Some(stage) = node.stage else { return };
        let mut exposed = BTreeSet::new();
        let mut any_expose = false;
        for stage in checker.model.stage_and_ancestors(stage) {
            for other in checker.model.stage_nodes(stage.id) {
                if other.kind() != InstructionKind::Expose {
                    continue;
                }
                any_expose = true;
                let Args::List(words) = &other.instruction.args else {
                    continue;
                };
                for word in words {
                    let port = word.as_str().split('/').next().unwrap_or_default();
                    if port.contains('$') {
                        // A variable could be anything: do not guess.
                        return;
                    }
                    match port.split_once('-') {
                        Some((low, high)) => {
                            if let (Ok(low), Ok(high)) = (low.parse::<u16>(), high.parse::<u16>()) {
                                exposed.extend(low..=high);
                            }
                        }
                        None => {
                            if let Ok(port) = port.parse::<u16>() {
                                exposed.insert(port);
                            }
                        }
                    }
                }
            }
        }
        if !any_expose {
            return;
        }
        for listen in listen_addresses(node.instruction) {
            let Some((port, range)) = listen.port else {
                continue;
            };
            if !exposed.contains(&port) {
                let list = if exposed.len() <= 8 {
                    let ports: Vec<String> = exposed.iter().map(u16::to_string).collect();
                    ports.join(", ")
                } else {
                    format!("{} other ports", exposed.len())
                };
                checker.report(
                    node,
                    range,
                    format!("The server listens on port {port}, but the image exposes {list}"),
                );
            }
        }
    }
}
