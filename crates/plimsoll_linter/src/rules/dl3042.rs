use std::collections::HashMap;

use plimsoll_syntax::dockerfile::{Args, InstructionKind};
use plimsoll_text::Fix;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::dl3013::pip_install;
use crate::rules::package_commands::{
    cache_mount_targets, hadolint_image_name, has_cache_mount_containing,
};
use crate::semantic::{Invocation, Node, SemanticModel, argument_insertion};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that `pip install` runs with `--no-cache-dir`.
    ///
    /// ## Why is this bad?
    /// pip keeps every downloaded package and built wheel in its cache (`~/.cache/pip`); in an
    /// image layer that is dead weight, often as big as what was installed.
    ///
    /// `PIP_NO_CACHE_DIR` set in the environment (`ENV PIP_NO_CACHE_DIR=1` earlier in the stage
    /// or a stage it is built on, an `ARG` default, or on the command) turns the cache off just
    /// as well, and a cache or tmpfs mount on pip's cache directory keeps it out of the layer
    /// (`RUN --mount=type=cache,target=/root/.cache/pip`). `pipx` and `pipenv` are not pip.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install -r requirements.txt
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Fix
    /// Safe: adds `--no-cache-dir` after `install`.
    ///
    /// ## Differences from hadolint
    /// plimsoll recognises `pip` as DL3013 does (basename, `python -m pip` behind interpreter
    /// options, `install` as the sub-command). It reads `PIP_NO_CACHE_DIR` as pip does: any
    /// boolean value turns the cache off (pip has done so for `0` and `false` too since 19.0),
    /// the nearest `ENV` of this stage and its parents counts, an `ARG` default counts (build
    /// arguments are environment variables of `RUN`), and in a `RUN` only a variable set for
    /// pip counts (hadolint looks for the text anywhere, comments included). hadolint instead
    /// keeps its `ENV` memory by stage name: an unnamed stage shares it with earlier stages of
    /// the same image name, and a stage named like an earlier one starts over. plimsoll also
    /// takes a cache mount on a parent of pip's cache directory (`/root/.cache`).
    pub struct PipMissingNoCacheDir {
        code: "DL3042",
        name: "pip-missing-no-cache-dir",
        origin: Hadolint,
        severity: Warning,
        fix: Always,
    }
}

const MESSAGE: &str =
    "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`";
const VARIABLE: &str = "PIP_NO_CACHE_DIR";
/// The values hadolint takes for "on".
const HADOLINT_TRUTHY: &[&str] = &[
    "1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES",
];

impl Rule for PipMissingNoCacheDir {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        let invocations: Vec<_> = node.invocations(mode).collect();
        if invocations.iter().all(|invocation| {
            pip_install(invocation, mode).is_none() || is_pipx_or_pipenv(invocation)
        }) {
            return;
        }
        let cache_off = match mode {
            Mode::Hadolint => {
                hadolint_env_turns_cache_off(checker.model, node)
                    || run_text_turns_cache_off(node)
                    || has_cache_mount_containing(node, ".cache/pip")
            }
            Mode::Plimsoll => env_turns_cache_off(checker.model, node) || has_pip_cache_mount(node),
        };
        if cache_off {
            return;
        }
        for (index, invocation) in invocations.iter().enumerate() {
            let Some(install) = pip_install(invocation, mode) else {
                continue;
            };
            if is_pipx_or_pipenv(invocation) {
                continue;
            }
            let no_cache_dir = match mode {
                Mode::Hadolint => invocation.has_arg("--no-cache-dir"),
                Mode::Plimsoll => {
                    invocation.has_flag("no-cache-dir")
                        || set_for_command(&invocations[..=index], invocation)
                }
            };
            if no_cache_dir {
                continue;
            }
            let fix = Fix::safe(
                "Add `--no-cache-dir`",
                vec![argument_insertion(node, install.install, "--no-cache-dir")],
            );
            checker.report(node, install.install.range(), MESSAGE).fix = Some(fix);
        }
    }
}

/// hadolint reads `pipx install` as a pip install (DL3013) but exempts it here.
fn is_pipx_or_pipenv(invocation: &Invocation<'_, '_>) -> bool {
    invocation.is_any(&["pipx", "pipenv"])
}

/// hadolint's memory of `ENV PIP_NO_CACHE_DIR=<truthy>`: a flag per stage name (the alias, or
/// the image name for an unnamed stage), set by the ENV and never cleared; a FROM copies the
/// flag of the name it builds on (the image name, tag removed) to its own name.
fn hadolint_env_turns_cache_off(model: &SemanticModel<'_>, node: &Node<'_>) -> bool {
    let mut flags: HashMap<&str, bool> = HashMap::new();
    let mut current: Option<&str> = None;
    for earlier in model
        .nodes()
        .iter()
        .take_while(|earlier| earlier.id < node.id)
    {
        match earlier.kind() {
            InstructionKind::From => {
                let Some(stage) = earlier.stage.map(|id| model.stage(id)) else {
                    continue;
                };
                let image = stage
                    .image_str()
                    .map(hadolint_image_name)
                    .unwrap_or_default();
                let name = stage.alias_str().unwrap_or(image);
                let inherited = flags.get(image).copied().unwrap_or(false);
                flags.insert(name, inherited);
                current = Some(name);
            }
            InstructionKind::Env => {
                let Some(name) = current else { continue };
                if env_values(earlier)
                    .into_iter()
                    .any(|value| HADOLINT_TRUTHY.contains(&value))
                {
                    flags.insert(name, true);
                }
            }
            _ => {}
        }
    }
    current.is_some_and(|name| flags.get(name).copied().unwrap_or(false))
}

/// The values an `ENV` gives `PIP_NO_CACHE_DIR`, quotes removed.
fn env_values<'n>(node: &'n Node<'_>) -> Vec<&'n str> {
    let Args::KeyValues(pairs) = &node.instruction.args else {
        return Vec::new();
    };
    pairs
        .iter()
        .filter(|pair| pair.key.as_str() == VARIABLE)
        .map(|pair| unquote(pair.value.as_str()))
        .collect()
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

/// hadolint: the RUN's text contains `PIP_NO_CACHE_DIR=<truthy>` anywhere.
fn run_text_turns_cache_off(node: &Node<'_>) -> bool {
    let text = node.instruction.range.slice(node.instruction.source());
    text.match_indices("PIP_NO_CACHE_DIR=").any(|(at, found)| {
        let rest = &text[at + found.len()..];
        HADOLINT_TRUTHY.iter().any(|value| rest.starts_with(value))
    })
}

/// pip's reading of `PIP_NO_CACHE_DIR`: any value `strtobool` accepts turns the cache off.
fn pip_turns_cache_off(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "y" | "yes" | "t" | "true" | "on" | "1" | "n" | "no" | "f" | "false" | "off" | "0"
    )
}

/// plimsoll: the nearest `ENV` naming the variable, in this stage and the stages it is built
/// on, or `ARG` of this stage, gives it a value pip reads as a boolean.
fn env_turns_cache_off(model: &SemanticModel<'_>, node: &Node<'_>) -> bool {
    let found = model
        .earlier_in_stage_and_ancestors(node.id)
        .find_map(|earlier| match &earlier.instruction.args {
            Args::KeyValues(_) if earlier.is(InstructionKind::Env) => env_values(earlier)
                .last()
                .map(|value| pip_turns_cache_off(value)),
            // A build argument is in the environment of its own stage's RUNs only.
            Args::Names(names)
                if earlier.is(InstructionKind::Arg) && earlier.stage == node.stage =>
            {
                names
                    .iter()
                    .filter(|name| name.key.as_str() == VARIABLE)
                    .map(|name| {
                        name.value
                            .as_ref()
                            .is_some_and(|value| pip_turns_cache_off(unquote(value.as_str())))
                    })
                    .next_back()
            }
            _ => None,
        });
    found == Some(true)
}

/// plimsoll: `PIP_NO_CACHE_DIR=…` before the pip command, or exported earlier in the RUN.
fn set_for_command(up_to: &[Invocation<'_, '_>], pip: &Invocation<'_, '_>) -> bool {
    let assigned = |invocation: &Invocation<'_, '_>| {
        invocation.command.assignments().iter().any(|assignment| {
            assignment.name() == VARIABLE
                && assignment
                    .value()
                    .is_some_and(|value| pip_turns_cache_off(value.value()))
        })
    };
    let exported = |invocation: &Invocation<'_, '_>| {
        invocation.is("export")
            && invocation.args.iter().any(|word| {
                word.value()
                    .strip_prefix("PIP_NO_CACHE_DIR=")
                    .is_some_and(pip_turns_cache_off)
            })
    };
    assigned(pip) || up_to.iter().any(exported)
}

/// A cache or tmpfs mount on pip's cache directory (`…/.cache/pip`) or a parent (`…/.cache`).
fn has_pip_cache_mount(node: &Node<'_>) -> bool {
    cache_mount_targets(node).iter().any(|target| {
        let target = target
            .trim_matches(|ch| ch == '"' || ch == '\'')
            .trim_end_matches('/');
        target.contains(".cache/pip") || target.ends_with("/.cache")
    })
}
