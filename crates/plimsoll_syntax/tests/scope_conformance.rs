//! Cross-check of the variable-scope model against BuildKit's `UndefinedVar` and
//! `UndefinedArgInFrom` findings in `../shared/conformance/expected/edge__*.json`.
//!
//! This is a deliberately small walk (FROM, ARG, ENV, LABEL, COPY, ADD, WORKDIR, USER, VOLUME,
//! STOPSIGNAL), enough to exercise the scoping rules: meta args, predefined args, stage args
//! inheriting globals, declared-but-unset args, ENV ordering, `FROM <stage>` inheritance and
//! the PATH-only base image the data was produced with. The real checks live in the linter.

use std::collections::BTreeSet;

use plimsoll_syntax::dockerfile::instructions::{Command, TypedInstruction};
use plimsoll_syntax::dockerfile::{self, instructions};
use plimsoll_syntax::expand::{Expansion, Lexer};
use plimsoll_syntax::scope::{BuildOptions, BuildScope, StageBase};
use plimsoll_syntax::suggest::suggest;
use serde_json::Value;

type Finding = (String, String, u32);

/// The findings of the two rules for one Dockerfile, stopping at the first expansion error
/// like BuildKit's conversion does.
/// `None` when the file does not get past BuildKit's parser (no dispatch, no findings).
fn findings(source: &str) -> Option<BTreeSet<Finding>> {
    let tree = dockerfile::parse(source);
    let stages = instructions::parse(&tree).ok()?;
    let mut out = BTreeSet::new();
    // `None` from the walk is an expansion error: the findings so far stand.
    let _ = walk(&stages, Lexer::new(tree.escape()), &mut out);
    Some(out)
}

fn walk(
    stages: &instructions::BuildStages<'_>,
    lexer: Lexer,
    out: &mut BTreeSet<Finding>,
) -> Option<()> {
    // Meta args; an error here fails the build before any stage.
    let mut scope = BuildScope::new(lexer, BuildOptions::default());
    for typed in &stages.meta_args {
        if let Command::Arg(pairs) = &typed.command {
            for pair in pairs {
                scope.declare_arg(pair.key, pair.value).ok()?;
            }
        }
    }

    // FROM lines are all expanded against the global args first.
    let mut names: Vec<Option<String>> = Vec::new();
    let mut bases = Vec::new();
    for stage in &stages.stages {
        let Command::From {
            base_name,
            stage_name,
            platform,
        } = &stage.from.command
        else {
            return None;
        };
        let line = stage.from.instruction.start_line;
        let from = scope.expand_in_from(base_name);
        let unmatched = match &from {
            Ok(expansion) => expansion.unmatched.clone(),
            Err(err) => err.unmatched().to_vec(),
        };
        report_from(&scope, &unmatched, line, out);
        let from = from.ok()?;
        if let Some(platform) = platform {
            let expansion = scope.expand_in_from(platform);
            let unmatched = match &expansion {
                Ok(expansion) => expansion.unmatched.clone(),
                Err(err) => err.unmatched().to_vec(),
            };
            report_from(&scope, &unmatched, line, out);
            expansion.ok()?;
        }
        if from.value.is_empty() {
            return None; // "base name (...) should not be blank"
        }
        let base = from.value.to_lowercase();
        let earlier = names.iter().position(|n| n.as_deref() == Some(&base));
        bases.push(match earlier {
            Some(index) => StageBase::Stage(index),
            None if base == "scratch" => StageBase::Scratch,
            None => StageBase::Image { env: None },
        });
        names.push(stage_name.clone());
    }

    // Stages in order (every stage is dispatched: AllStages).
    for (stage, base) in stages.stages.iter().zip(bases) {
        scope.enter_stage(base).ok()?;
        for typed in &stage.commands {
            dispatch(&mut scope, typed, out)?;
        }
    }
    Some(())
}

fn report_from(scope: &BuildScope, unmatched: &[String], line: u32, out: &mut BTreeSet<Finding>) {
    for name in scope.undefined_args_in_from(unmatched) {
        let mut detail = format!("FROM argument '{name}' is not declared");
        if let Some(hint) = suggest(&name, scope.from_arg_candidates(), true) {
            detail.push_str(&format!(" (did you mean {hint}?)"));
        }
        out.insert(("UndefinedArgInFrom".to_owned(), detail, line));
    }
}

fn report_vars(scope: &BuildScope, unmatched: &[String], line: u32, out: &mut BTreeSet<Finding>) {
    let keys: Vec<&str> = scope
        .current_stage()
        .map(|stage| stage.env().keys().collect())
        .unwrap_or_default();
    for name in scope.undefined_vars(unmatched) {
        let mut detail = format!("Usage of undefined variable '${name}'");
        if let Some(hint) = suggest(&name, keys.iter().copied(), true) {
            detail.push_str(&format!(" (did you mean ${hint}?)"));
        }
        out.insert(("UndefinedVar".to_owned(), detail, line));
    }
}

/// Expands one word in the current stage, reporting undefined variables; `None` on error.
fn word(
    scope: &BuildScope,
    text: &str,
    line: u32,
    out: &mut BTreeSet<Finding>,
) -> Option<Expansion> {
    match scope.expand(text) {
        Ok(expansion) => {
            report_vars(scope, &expansion.unmatched, line, out);
            Some(expansion)
        }
        Err(err) => {
            report_vars(scope, err.unmatched(), line, out);
            None
        }
    }
}

fn dispatch(
    scope: &mut BuildScope,
    typed: &TypedInstruction<'_>,
    out: &mut BTreeSet<Finding>,
) -> Option<()> {
    let line = typed.instruction.start_line;
    match &typed.command {
        Command::Arg(pairs) => {
            for pair in pairs {
                let outcome = scope.declare_arg(pair.key, pair.value);
                let unmatched = match &outcome {
                    Ok(outcome) => outcome
                        .expansion
                        .as_ref()
                        .map(|e| e.unmatched.clone())
                        .unwrap_or_default(),
                    Err(err) => match err {
                        plimsoll_syntax::scope::ScopeError::Expand(err) => err.unmatched().to_vec(),
                        _ => Vec::new(),
                    },
                };
                report_vars(scope, &unmatched, line, out);
                outcome.ok()?;
            }
        }
        Command::Env(pairs) => {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|p| (p.key, p.value)).collect();
            match scope.set_env(&pairs) {
                Ok(outcome) => report_vars(scope, &outcome.unmatched, line, out),
                Err(_) => {
                    // Report what the failing word looked up, then stop.
                    for (key, value) in &pairs {
                        word(scope, key, line, out)?;
                        word(scope, value, line, out)?;
                    }
                    return None;
                }
            }
        }
        Command::Label(pairs) => {
            for pair in pairs {
                word(scope, pair.key, line, out)?;
                word(scope, pair.value, line, out)?;
            }
        }
        Command::Copy { sources, dest, .. } | Command::Add { sources, dest, .. } => {
            for flag in ["chown", "chmod"] {
                if let Some(value) = typed.flags.string(flag) {
                    word(scope, value, line, out)?;
                }
            }
            for source in sources {
                word(scope, source, line, out)?;
            }
            word(scope, dest, line, out)?;
        }
        Command::Workdir(text) | Command::User(text) | Command::Stopsignal(text) => {
            word(scope, text, line, out)?;
        }
        Command::Volume(volumes) => {
            for volume in volumes {
                word(scope, volume, line, out)?;
            }
        }
        _ => {}
    }
    Some(())
}

#[test]
fn undefined_var_findings_match_buildkit() {
    let Some(dir) =
        plimsoll_testing::shared_path("undefined_var_findings_match_buildkit", "conformance")
    else {
        return;
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir.join("edge"))
        .expect("edge dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    let (mut compared, mut with_findings, mut failures) = (0, 0, Vec::new());
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".Dockerfile") else {
            continue;
        };
        let expected_path = dir.join(format!("expected/edge__{stem}.json"));
        let Ok(expected) = std::fs::read_to_string(&expected_path) else {
            continue;
        };
        let expected: Value = serde_json::from_str(&expected).expect("json");
        let want: BTreeSet<Finding> = expected["lint"]["warnings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|w| {
                matches!(
                    w["rule"].as_str(),
                    Some("UndefinedVar" | "UndefinedArgInFrom")
                )
            })
            .map(|w| {
                (
                    w["rule"].as_str().unwrap().to_owned(),
                    w["detail"].as_str().unwrap().to_owned(),
                    u32::try_from(w["line"].as_u64().unwrap()).unwrap(),
                )
            })
            .collect();
        let source = std::fs::read(&path).expect("readable");
        let Ok(source) = String::from_utf8(source) else {
            continue;
        };
        let Some(got) = findings(&source) else {
            // Parse errors: BuildKit reports no dispatch findings either.
            if !want.is_empty() {
                failures.push(format!("{name}: not walked, expected {want:?}"));
            }
            continue;
        };
        compared += 1;
        if !want.is_empty() {
            with_findings += 1;
        }
        if got != want {
            failures.push(format!("{name}: got {got:?}, expected {want:?}"));
        }
    }
    println!(
        "scope cross-check: {compared} edge files walked ({with_findings} with findings), {} differ",
        failures.len()
    );
    assert!(compared > 50, "only {compared} files walked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
