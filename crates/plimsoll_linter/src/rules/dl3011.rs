use plimsoll_syntax::dockerfile::{Args, InstructionKind};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::words::sub_range;
use crate::semantic::Node;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that `EXPOSE` ports (and both ends of port ranges) are at most 65535.
    ///
    /// ## Why is this bad?
    /// TCP and UDP ports are 16-bit numbers: a larger one is a typo, and the image metadata
    /// it ends up in is wrong.
    ///
    /// Ports given by a variable are not checked.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 80800
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 8080
    /// ```
    pub struct InvalidExposedPort {
        code: "DL3011",
        name: "invalid-exposed-port",
        origin: Hadolint,
        severity: Error,
        fix: None,
    }
}

impl Rule for InvalidExposedPort {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Expose || node.is_trigger {
            return;
        }
        let Args::List(words) = &node.instruction.args else {
            return;
        };
        for word in words {
            let text = word.as_str();
            let ports = text.split_once('/').map_or(text, |(ports, _)| ports);
            let parts: Vec<&str> = ports.split('-').collect();
            if parts.len() > 2
                || !parts
                    .iter()
                    .all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()))
            {
                continue;
            }
            let mut offset = 0;
            let mut invalid = None;
            for part in &parts {
                if port_out_of_range(part) {
                    invalid = Some(sub_range(
                        checker.source(),
                        word,
                        offset,
                        offset + part.len(),
                    ));
                    break;
                }
                offset += part.len() + 1;
            }
            if let Some(range) = invalid {
                checker.report(node, range, "Valid UNIX ports range from 0 to 65535");
                // hadolint reports an instruction once.
                if checker.settings.mode == Mode::Hadolint {
                    return;
                }
            }
        }
    }
}

fn port_out_of_range(digits: &str) -> bool {
    let significant = digits.trim_start_matches('0');
    significant.len() > 5 || significant.parse::<u32>().is_ok_and(|port| port > 65_535)
}
