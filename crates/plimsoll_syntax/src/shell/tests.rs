//! Real-world RUN snippets: command extraction, context, flags and exact Dockerfile ranges.

use plimsoll_text::TextRange;

use super::*;

const PREFIX: &str = "FROM debian:12\nRUN ";

/// A Dockerfile holding `run` after `RUN `, and the offset where `run` starts.
fn dockerfile(run: &str) -> (String, u32) {
    (format!("{PREFIX}{run}\n"), PREFIX.len() as u32)
}

/// The RUN text of a [`dockerfile`].
fn run_text(dockerfile: &str) -> &str {
    &dockerfile[PREFIX.len()..dockerfile.len() - 1]
}

/// Every word the model exposes, nested commands and compound redirects included.
fn all_words<'a, 'src>(script: &'a Script<'src>) -> Vec<&'a Word<'src>> {
    let mut words = Vec::new();
    for command in script.commands() {
        words.extend(command.assignments().iter().filter_map(Assignment::value));
        words.extend(command.name());
        words.extend(command.args());
        words.extend(command.redirects().iter().filter_map(Redirect::target_word));
    }
    for scope in script.scopes() {
        words.extend(scope.redirects().iter().filter_map(Redirect::target_word));
    }
    words
}

/// The span invariant: every range the model hands out slices the Dockerfile to the text it
/// describes, and nested ranges stay inside the script.
fn assert_exact(script: &Script<'_>, dockerfile: &str) {
    let whole = script.range();
    for word in all_words(script) {
        assert_eq!(word.range().slice(dockerfile), word.text(), "word {word:?}");
        assert!(
            whole.contains_range(word.range()),
            "word {word:?} outside {whole:?}"
        );
        for part in word.parts() {
            assert!(
                word.range().contains_range(part.range),
                "part {part:?} of {word:?}"
            );
        }
    }
    for command in script.commands() {
        let text = command.range().slice(dockerfile);
        let first = command
            .assignments()
            .first()
            .map(|assignment| assignment.range())
            .or(command.name().map(Word::range));
        if let Some(first) = first
            && command
                .redirects()
                .iter()
                .all(|redirect| redirect.range().start > first.start)
        {
            assert!(
                text.starts_with(first.slice(dockerfile)),
                "command {text:?}"
            );
        }
        for assignment in command.assignments() {
            let text = assignment.range().slice(dockerfile);
            assert!(text.starts_with(assignment.name()), "assignment {text:?}");
        }
        for redirect in command.redirects() {
            assert!(command.range().contains_range(redirect.range()));
        }
    }
    for pipeline in script.pipelines() {
        assert!(
            whole.contains_range(pipeline.range()),
            "pipeline {pipeline:?}"
        );
        for pipe in pipeline.pipes() {
            assert_eq!(pipe.range.slice(dockerfile), pipe.kind.as_str());
        }
        for operator in pipeline.before().into_iter().chain(pipeline.after()) {
            let text = operator.range.slice(dockerfile);
            assert!(
                text.is_empty() || text == operator.kind.as_str(),
                "{operator:?} = {text:?}"
            );
        }
    }
    for scope in script.scopes() {
        assert!(whole.contains_range(scope.range()), "scope {scope:?}");
    }
    for heredoc in script.heredocs() {
        assert_eq!(heredoc.body_range().slice(dockerfile), heredoc.body());
    }
    for diagnostic in script.diagnostics() {
        assert!(whole.contains_range(diagnostic.range), "{diagnostic:?}");
    }
}

fn names<'a>(script: &'a Script<'_>) -> Vec<&'a str> {
    script
        .commands()
        .iter()
        .map(|command| command.name().map_or("", Word::text))
        .collect()
}

fn values<'a>(words: impl IntoIterator<Item = &'a Word<'a>>) -> Vec<&'a str> {
    words.into_iter().map(Word::value).collect()
}

/// Parses `run` as a RUN's text, checks the span invariant, and hands the script to `check`.
fn with_run(run: &str, check: impl FnOnce(&Script<'_>, &str)) {
    let (dockerfile, base) = dockerfile(run);
    let script = parse_script(run_text(&dockerfile), base);
    assert_exact(&script, &dockerfile);
    check(&script, &dockerfile);
}

// ---- command extraction ---------------------------------------------------------------------

#[test]
fn apt_get_chain_with_continuations() {
    with_run(
        "apt-get update && \\\n    apt-get install -y --no-install-recommends \\\n        curl=7.* ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*",
        |script, dockerfile| {
            assert_eq!(script.status(), ParseStatus::Clean);
            assert_eq!(names(script), ["apt-get", "apt-get", "rm"]);
            let install = &script.commands()[1];
            assert!(install.is("apt-get"));
            assert!(install.has_subcommand("install", &[]));
            assert!(install.has_any_flag(&["y", "yes", "assume-yes"]));
            assert!(install.has_flag("no-install-recommends"));
            assert_eq!(
                values(install.args_without_flags(&[])),
                ["install", "curl=7.*", "ca-certificates"]
            );
            assert_eq!(
                install.range().slice(dockerfile),
                "apt-get install -y --no-install-recommends \\\n        curl=7.* ca-certificates"
            );
            let rm = &script.commands()[2];
            assert!(rm.has_arg("-rf") && rm.has_arg("/var/lib/apt/lists/*"));
            assert_eq!(rm.context().before, Some(OperatorKind::And));
            assert_eq!(rm.context().after, None);
            assert_eq!(script.pipelines().len(), 3);
            assert!(!script.has_pipe());
            // Insertion point for a fix: right after `install`.
            let subcommand = install.subcommand(&[]).unwrap();
            assert_eq!(&dockerfile[subcommand.range().end as usize..][..4], " -y ");
        },
    );
}

#[test]
fn set_eux_semicolon_style() {
    with_run(
        "set -eux; \\\n    apt-get update; \\\n    apt-get install -y git; \\\n    rm -rf /var/lib/apt/lists/*",
        |script, _| {
            assert_eq!(names(script), ["set", "apt-get", "apt-get", "rm"]);
            let set = &script.commands()[0];
            assert!(set.is_builtin());
            let changes: Vec<(String, bool)> = set
                .shell_option_changes()
                .into_iter()
                .map(|change| (change.name.into_owned(), change.enabled))
                .collect();
            let expected: Vec<(String, bool)> = ["errexit", "nounset", "xtrace"]
                .iter()
                .map(|name| ((*name).to_owned(), true))
                .collect();
            assert_eq!(changes, expected);
            for command in &script.commands()[..3] {
                assert_eq!(command.context().after, Some(OperatorKind::Semicolon));
            }
            // Four top-level lists joined by `;`.
            assert_eq!(script.pipelines_in(ScopeId::ROOT).count(), 4);
        },
    );
}

#[test]
fn pipes_and_pipefail() {
    with_run(
        "set -o pipefail && curl -fsSL https://x/install.sh | bash -s -- --yes\nwget -qO- https://y |& tee log",
        |script, dockerfile| {
            assert!(script.has_pipe());
            let curl = script.commands_named("curl").next().unwrap();
            assert!(curl.context().is_piped());
            assert_eq!(curl.context().position, 0);
            assert_eq!(curl.context().after, Some(OperatorKind::Pipe));
            let pipeline = script.pipeline(curl.context().pipeline);
            assert_eq!(pipeline.len(), 2);
            assert_eq!(
                pipeline.range().slice(dockerfile),
                "curl -fsSL https://x/install.sh | bash -s -- --yes"
            );
            assert_eq!(pipeline.pipes()[0].kind, OperatorKind::Pipe);
            let bash = script.commands_named("bash").next().unwrap();
            assert_eq!(bash.context().position, 1);
            assert_eq!(bash.context().after, Some(OperatorKind::Newline));
            // `--` ends the options: `--yes` is positional.
            assert!(bash.has_flag("s") && !bash.has_flag("yes"));
            assert_eq!(values(bash.args_without_flags(&[])), ["--yes"]);
            assert!(script.option_enabled_at("pipefail", pipeline.range().start));
            let tee = script.commands_named("tee").next().unwrap();
            assert_eq!(tee.context().before, Some(OperatorKind::PipeAll));
            // The `set` ran before, at top level: it still holds on the next line.
            assert!(script.option_enabled_at("pipefail", tee.range().start));
            assert!(!script.option_enabled_at("errexit", tee.range().start));
        },
    );
}

#[test]
fn or_true_and_negation() {
    with_run(
        "apt-get purge -y foo || true; ! grep -q x /etc/y",
        |script, _| {
            let purge = &script.commands()[0];
            assert_eq!(purge.context().after, Some(OperatorKind::Or));
            let truth = &script.commands()[1];
            assert!(truth.is("true") && truth.is_builtin());
            assert_eq!(truth.context().before, Some(OperatorKind::Or));
            assert_eq!(truth.context().after, Some(OperatorKind::Semicolon));
            let grep = &script.commands()[2];
            assert!(grep.context().negated);
            assert!(script.pipeline(grep.context().pipeline).is_negated());
            assert_eq!(
                script.text(script.pipeline(grep.context().pipeline).range()),
                "! grep -q x /etc/y"
            );
        },
    );
}

#[test]
fn heredoc_inside_run_text() {
    with_run(
        "cat <<EOF > /etc/app.conf && echo done\nkey=$HOME $(id -u)\nEOF\ncat <<-'X' | tee /x\n\tliteral $(no)\n\tX",
        |script, dockerfile| {
            assert_eq!(script.status(), ParseStatus::Clean);
            assert_eq!(names(script), ["cat", "echo", "id", "cat", "tee"]);
            let [first, second] = script.heredocs() else {
                panic!("two heredocs expected: {:?}", script.heredocs());
            };
            assert_eq!(first.delimiter(), "EOF");
            assert!(!first.is_quoted() && !first.strips_tabs());
            assert_eq!(first.body(), "key=$HOME $(id -u)\n");
            assert_eq!(first.owner(), Some(script.commands()[0].id()));
            assert_eq!(second.delimiter(), "X");
            assert_eq!(second.delimiter_range().slice(dockerfile), "'X'");
            assert!(second.is_quoted() && second.strips_tabs());
            assert_eq!(second.body(), "\tliteral $(no)\n");
            let cat = &script.commands()[0];
            let kinds: Vec<RedirectKind> = cat.redirects().iter().map(Redirect::kind).collect();
            assert_eq!(kinds, [RedirectKind::HereDoc, RedirectKind::Output]);
            assert_eq!(
                cat.redirects()[1].target_word().unwrap().value(),
                "/etc/app.conf"
            );
            let id = &script.commands()[2];
            let scope = script.scope(id.context().scope);
            assert_eq!(scope.kind(), ScopeKind::CommandSubstitution);
            assert_eq!(scope.owner(), Some(cat.id()));
            assert_eq!(scope.range().slice(dockerfile), "$(id -u)");
        },
    );
}

#[test]
fn commands_are_in_text_order_even_through_heredocs() {
    with_run("cat <<E | grep x\n$(date)\nE", |script, _| {
        assert_eq!(names(script), ["cat", "grep", "date"]);
        for (index, command) in script.commands().iter().enumerate() {
            assert_eq!(command.id().index(), index);
        }
        let cat = &script.commands()[0];
        let pipeline = script.pipeline(cat.context().pipeline);
        assert_eq!(
            pipeline.elements(),
            [
                PipelineElement::Command(CommandId(0)),
                PipelineElement::Command(CommandId(1))
            ]
        );
        for (index, pipeline) in script.pipelines().iter().enumerate() {
            assert_eq!(pipeline.id().index(), index);
        }
        let date = &script.commands()[2];
        assert_eq!(
            script.pipeline(date.context().pipeline).elements(),
            [PipelineElement::Command(date.id())]
        );
    });
}

#[test]
fn nested_substitutions_and_scopes() {
    with_run(
        "echo \"$(dirname \"$(readlink -f `which java`)\")\" ${JAVA:-$(default)} $((1 + $(nproc)))",
        |script, dockerfile| {
            assert_eq!(
                names(script),
                ["echo", "dirname", "readlink", "which", "default", "nproc"]
            );
            let which = script.commands_named("which").next().unwrap();
            let chain: Vec<ScopeKind> = script
                .scope_chain(which.context().scope)
                .map(Scope::kind)
                .collect();
            assert_eq!(
                chain,
                [
                    ScopeKind::CommandSubstitution,
                    ScopeKind::CommandSubstitution,
                    ScopeKind::CommandSubstitution,
                    ScopeKind::Script
                ]
            );
            assert_eq!(
                script
                    .scope(which.context().scope)
                    .range()
                    .slice(dockerfile),
                "`which java`"
            );
            let echo = &script.commands()[0];
            assert!(echo.args().iter().all(Word::has_expansion));
            assert_eq!(echo.args()[1].value(), "${JAVA:-$(default)}");
        },
    );
}

#[test]
fn compound_commands() {
    with_run(
        "(cd /src && make) | gzip > out.gz; { a; b; } > log\nif [[ -f /a ]]; then echo yes; elif test -d /b; then :; else exit 1; fi\nfor f in $(ls /x); do rm \"$f\"; done\nwhile read -r l; do echo \"$l\"; done < <(find / -name x)\ncase \"$ARCH\" in amd64) A=x86_64 ;; *) exit 2 ;; esac\nf() { cd /tmp; }\n( a # comment )\n)",
        |script, dockerfile| {
            assert_eq!(script.status(), ParseStatus::Clean);
            assert_eq!(
                names(script),
                [
                    "cd", "make", "gzip", "a", "b", "echo", "test", ":", "exit", "ls", "rm",
                    "read", "echo", "find", "", "exit", "cd", "a"
                ]
            );
            let compound_text = |kind: ScopeKind| -> Vec<&str> {
                script
                    .scopes()
                    .iter()
                    .filter(|scope| scope.kind() == kind)
                    .map(|scope| scope.range().slice(dockerfile))
                    .collect()
            };
            assert_eq!(
                compound_text(ScopeKind::Subshell),
                ["(cd /src && make)", "( a # comment )\n)"]
            );
            assert_eq!(
                compound_text(ScopeKind::BraceGroup),
                ["{ a; b; }", "{ cd /tmp; }"]
            );
            assert_eq!(
                compound_text(ScopeKind::If),
                ["if [[ -f /a ]]; then echo yes; elif test -d /b; then :; else exit 1; fi"]
            );
            assert_eq!(compound_text(ScopeKind::Conditional), ["[[ -f /a ]]"]);
            assert_eq!(
                compound_text(ScopeKind::For),
                ["for f in $(ls /x); do rm \"$f\"; done"]
            );
            assert_eq!(
                compound_text(ScopeKind::While),
                ["while read -r l; do echo \"$l\"; done"]
            );
            assert_eq!(
                compound_text(ScopeKind::ProcessSubstitution),
                ["<(find / -name x)"]
            );
            assert_eq!(compound_text(ScopeKind::Function), ["f() { cd /tmp; }"]);
            assert!(compound_text(ScopeKind::Case)[0].ends_with("esac"));

            let first = script.pipeline(script.commands()[0].context().pipeline);
            let outer = script.pipelines().iter().find(|p| p.is_piped()).unwrap();
            assert_eq!(
                outer.range().slice(dockerfile),
                "(cd /src && make) | gzip > out.gz"
            );
            assert_ne!(first.id(), outer.id());
            assert!(matches!(outer.elements()[0], PipelineElement::Compound(_)));

            let brace = script
                .scopes()
                .iter()
                .find(|scope| scope.kind() == ScopeKind::BraceGroup)
                .unwrap();
            assert_eq!(brace.redirects()[0].range().slice(dockerfile), "> log");
            let while_scope = script
                .scopes()
                .iter()
                .find(|s| s.kind() == ScopeKind::While)
                .unwrap();
            assert_eq!(
                while_scope.redirects()[0].range().slice(dockerfile),
                "< <(find / -name x)"
            );

            // The assignment-only command in the case arm has no name.
            let assignment_only = script
                .commands()
                .iter()
                .find(|c| c.name().is_none())
                .unwrap();
            assert_eq!(assignment_only.assignments()[0].name(), "A");
            assert_eq!(
                assignment_only.assignments()[0].value().unwrap().value(),
                "x86_64"
            );

            let cd_in_function = script.commands_named("cd").nth(1).unwrap();
            assert!(
                script
                    .scope_chain(cd_in_function.context().scope)
                    .any(|scope| scope.kind() == ScopeKind::Function)
            );
        },
    );
}

#[test]
fn assignments_declarations_and_control_builtins() {
    with_run(
        "DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1 apt-get install -y x; export PATH=\"/opt/bin:$PATH\" LANG; exit 0",
        |script, dockerfile| {
            assert_eq!(names(script), ["apt-get", "export", "exit"]);
            let apt = &script.commands()[0];
            let assignments: Vec<(&str, &str)> = apt
                .assignments()
                .iter()
                .map(|a| (a.name(), a.value().unwrap().value()))
                .collect();
            assert_eq!(
                assignments,
                [
                    ("DEBIAN_FRONTEND", "noninteractive"),
                    ("PIP_NO_CACHE_DIR", "1")
                ]
            );
            assert!(
                apt.range()
                    .slice(dockerfile)
                    .starts_with("DEBIAN_FRONTEND=")
            );
            let export = &script.commands()[1];
            assert_eq!(export.kind(), CommandKind::Declaration);
            assert!(export.is_builtin());
            assert_eq!(values(export.args()), ["PATH=/opt/bin:$PATH", "LANG"]);
            assert!(export.args()[0].has_expansion());
            assert_eq!(export.args()[0].static_prefix(), "PATH=/opt/bin:");
            let exit = &script.commands()[2];
            assert_eq!(exit.kind(), CommandKind::Control);
            assert_eq!(exit.name_str(), Some("exit"));
            assert_eq!(values(exit.args()), ["0"]);
        },
    );
}

#[test]
fn words_quote_removal_and_flags() {
    with_run(
        r#"pip install --no-cache-dir "requests==2.*" 'é' a\ b --index-url="$URL" -r req.txt ~/x {a,b} "$(x)"y"#,
        |script, _| {
            let pip = script.commands_named("pip").next().unwrap();
            let args = pip.args();
            assert_eq!(args[2].value(), "requests==2.*");
            assert!(args[2].is_quoted() && !args[2].has_expansion());
            assert_eq!(args[3].literal(), Some("é"));
            assert_eq!(args[4].text(), r"a\ b");
            assert_eq!(args[4].value(), "a b");
            assert!(!args[4].is_quoted());
            assert_eq!(args[5].value(), "--index-url=$URL");
            assert_eq!(args[5].literal(), None);
            assert_eq!(args[5].static_prefix(), "--index-url=");
            let index_url = pip.flag_value("index-url").unwrap();
            assert_eq!(index_url.value, "$URL");
            assert_eq!(script.text(index_url.range), "\"$URL\"");
            assert_eq!(pip.flag_value("r").unwrap().value, "req.txt");
            assert_eq!(args[8].literal(), Some("~/x"));
            assert_eq!(args[9].literal(), Some("{a,b}"));
            let kinds: Vec<WordPartKind> = args[10].parts().iter().map(|part| part.kind).collect();
            assert_eq!(kinds, [WordPartKind::DoubleQuoted, WordPartKind::Literal]);
            assert_eq!(args[10].value(), "$(x)y");
            assert_eq!(
                values(pip.args_without_flags(&["r", "index-url"])),
                [
                    "install",
                    "requests==2.*",
                    "é",
                    "a b",
                    "~/x",
                    "{a,b}",
                    "$(x)y"
                ]
            );
        },
    );
}

#[test]
fn non_ascii_and_ansi_c_quotes() {
    with_run(
        "echo \"héllo ${NAME:-wörld}\" $'tab\\there' ünïcode && printf '%s' \"ß\"",
        |script, _| {
            assert_eq!(names(script), ["echo", "printf"]);
            let echo = &script.commands()[0];
            assert_eq!(echo.args()[1].value(), "tab\there");
            assert_eq!(echo.args()[2].literal(), Some("ünïcode"));
        },
    );
}

#[test]
fn commented_and_blanked_continuation_lines() {
    // The Dockerfile parser blanks a comment line inside a continuation (newline included)
    // before handing the text over; everything else must still map 1:1.
    let dockerfile =
        "FROM x\nRUN apt-get update \\\n# install tools\n  && apt-get install -y curl\n";
    let start = dockerfile.find("apt-get").unwrap();
    let end = dockerfile.len() - 1;
    let mut source = dockerfile[start..end].to_owned();
    let comment = source.find("# install tools\n").unwrap();
    source.replace_range(
        comment..comment + "# install tools\n".len(),
        &" ".repeat(16),
    );
    let script = parse_script(&source, start as u32);
    assert_exact(&script, dockerfile);
    assert_eq!(names(&script), ["apt-get", "apt-get"]);
    assert_eq!(
        script.commands()[1].args()[2].range().slice(dockerfile),
        "curl"
    );
}

#[test]
fn inline_scripts_reparse_with_exact_ranges() {
    with_run(
        "sh -c 'apt-get update && apt-get install -y vim' && bash -ec \"cd /x\" && sh -c \"$CMD\"",
        |script, dockerfile| {
            let sh = &script.commands()[0];
            let (text, offset) = sh.inline_script().unwrap();
            assert_eq!(text, "apt-get update && apt-get install -y vim");
            let inner = parse_script(text, offset);
            assert_exact(&inner, dockerfile);
            assert_eq!(
                inner.commands()[1].args()[2].range().slice(dockerfile),
                "vim"
            );
            let bash = script.commands_named("bash").next().unwrap();
            assert_eq!(bash.inline_script().map(|(text, _)| text), Some("cd /x"));
            let dynamic = script.commands().last().unwrap();
            assert_eq!(dynamic.inline_script(), None);
        },
    );
}

#[test]
fn python_module_pip() {
    with_run(
        "python3 -m pip install --upgrade pip && python -u -mpip install x && python3 setup.py install && /usr/bin/python3.11 -m venv /v",
        |script, _| {
            let commands = script.commands();
            let pip = commands[0].python_module("pip").unwrap();
            assert_eq!(pip.subcommand(&[]).unwrap().value(), "install");
            assert!(pip.has_flag("upgrade"));
            assert_eq!(
                commands[1]
                    .python_module("pip")
                    .map(|argv| values(argv.words())),
                Some(vec!["install", "x"])
            );
            assert!(commands[2].python_module("pip").is_none());
            assert!(commands[3].python_module("pip").is_none());
            assert!(commands[3].python_module("venv").is_some());
            assert!(commands[3].is("python3.11"));
        },
    );
}

#[test]
fn redirects_and_fds() {
    with_run(
        "make 2>/dev/null >> build.log &> all; cat < in <<< \"here\"",
        |script, dockerfile| {
            let make = &script.commands()[0];
            let redirects: Vec<(RedirectKind, Option<i32>, &str)> = make
                .redirects()
                .iter()
                .map(|r| (r.kind(), r.fd(), r.range().slice(dockerfile)))
                .collect();
            assert_eq!(
                redirects,
                [
                    (RedirectKind::Output, Some(2), "2>/dev/null"),
                    (RedirectKind::Append, None, ">> build.log"),
                    (RedirectKind::OutputBoth, None, "&> all")
                ]
            );
            assert!(make.args().is_empty());
            let cat = &script.commands()[1];
            assert_eq!(cat.redirects()[1].kind(), RedirectKind::HereString);
            assert_eq!(cat.redirects()[1].target_word().unwrap().value(), "here");
        },
    );
}

#[test]
fn operators_and_newlines() {
    with_run("a\nb # comment\nc & d", |script, dockerfile| {
        let pipelines = script.pipelines();
        assert_eq!(pipelines.len(), 4);
        assert_eq!(pipelines[0].after().unwrap().kind, OperatorKind::Newline);
        assert_eq!(pipelines[0].after().unwrap().range.slice(dockerfile), "\n");
        assert_eq!(pipelines[1].after().unwrap().range.slice(dockerfile), "\n");
        assert_eq!(pipelines[2].after().unwrap().kind, OperatorKind::Background);
        assert_eq!(
            pipelines[3].before().unwrap().kind,
            OperatorKind::Background
        );
        assert_eq!(pipelines[3].after(), None);
    });
}

// ---- set options ------------------------------------------------------------------------------

#[test]
fn shell_option_changes_in_all_spellings() {
    let script = parse_script(
        "set -euxo pipefail; set +o pipefail -o errexit; set -- -o x; echo -o y",
        0,
    );
    let changes: Vec<Vec<(String, bool)>> = script
        .commands()
        .iter()
        .map(|command| {
            command
                .shell_option_changes()
                .into_iter()
                .map(|change| (change.name.into_owned(), change.enabled))
                .collect()
        })
        .collect();
    let owned = |pairs: &[(&str, bool)]| -> Vec<(String, bool)> {
        pairs
            .iter()
            .map(|(name, on)| ((*name).to_owned(), *on))
            .collect()
    };
    assert_eq!(
        changes,
        [
            owned(&[
                ("errexit", true),
                ("nounset", true),
                ("xtrace", true),
                ("pipefail", true)
            ]),
            owned(&[("pipefail", false), ("errexit", true)]),
            owned(&[]),
            owned(&[]),
        ]
    );
}

#[test]
fn option_enabled_respects_child_shells_and_order() {
    let text = "(set -o pipefail); a | b; $(set -o pipefail) ; c | d; set -o pipefail; e | f; set +o pipefail; g | h";
    let script = parse_script(text, 100);
    let at = |name: &str| script.commands_named(name).next().unwrap().range().start;
    assert!(!script.option_enabled_at("pipefail", at("a")));
    assert!(!script.option_enabled_at("pipefail", at("c")));
    assert!(script.option_enabled_at("pipefail", at("e")));
    assert!(!script.option_enabled_at("pipefail", at("g")));
    let inside = parse_script("(set -o pipefail; a | b)", 0);
    assert!(inside.option_enabled_at("pipefail", inside.commands()[1].range().start));
    let piped = parse_script("set -o pipefail | cat; a | b", 0);
    assert!(!piped.option_enabled_at("pipefail", piped.commands()[2].range().start));
    let inherited = parse_script("set -o pipefail && (a | b) && echo \"$(c | d)\"", 0);
    for command in &inherited.commands()[1..] {
        assert!(inherited.option_enabled_at("pipefail", command.range().start));
    }
}

#[test]
fn odd_but_valid_shell() {
    let cases: &[(&str, &[&str])] = &[
        // shuck limitation: an escaped backtick inside backticks stays a literal, so the
        // innermost `date` is not seen as a command (bash would run it).
        ("echo `echo \\`date\\``", &["echo", "echo"]),
        (
            "x=$(cat <<EOF\nbody $(inner)\nEOF\n); echo \"$x\"",
            &["", "cat", "inner", "echo"],
        ),
        ("cat <<E\"O\"F | sh\n$(not run)\nEOF", &["cat", "sh"]),
        (
            "for ((i=0; i<$(nproc); i++)); do make -j$i; done",
            &["nproc", "make"],
        ),
        ("(( n = $(id -u) + 1 )) && echo $[n + 1]", &["id", "echo"]),
        (
            "[[ $(uname -m) == x86_64 && -f /x ]] || exit 1",
            &["uname", "exit"],
        ),
        (
            "case $(arch) in x86_64|amd64) a ;; *) b ;; esac",
            &["arch", "a", "b"],
        ),
        (
            "time make all; coproc cat; select x in a b; do break; done",
            &["make", "cat", "break"],
        ),
        (
            "function setup { apt-get update; }; setup",
            &["apt-get", "setup"],
        ),
        (
            "diff <(sort a) >(tee b) 2>&1 | less",
            &["diff", "sort", "tee", "less"],
        ),
        (
            "arr=(one $(two) three); echo \"${arr[@]}\" ${#arr[@]} ${x/$(pat)/$(rep)}",
            &["", "two", "echo", "pat", "rep"],
        ),
        (
            "echo ${x#$(a)} ${x%%*$(b)} ${x:-$(c)} ${!x:-$(d)} ${x:1:$(e)}",
            &["echo", "a", "b", "c", "d", "e"],
        ),
    ];
    for (text, expected) in cases {
        with_run(text, |script, _| {
            assert_eq!(
                script.status(),
                ParseStatus::Clean,
                "{text}: {:?}",
                script.diagnostics()
            );
            assert_eq!(names(script), *expected, "{text}");
        });
    }
}

// ---- errors ----------------------------------------------------------------------------------

#[test]
fn unterminated_quote_is_fatal_but_keeps_earlier_commands() {
    with_run(
        "apt-get update && echo \"unterminated",
        |script, dockerfile| {
            assert_eq!(script.status(), ParseStatus::Fatal);
            let diagnostic = &script.diagnostics()[0];
            assert_eq!(
                diagnostic.message,
                "syntax error: unterminated double quote"
            );
            assert_eq!(diagnostic.range.slice(dockerfile), "\"unterminated");
            assert_eq!(names(script), ["apt-get", "echo"]);
        },
    );
}

#[test]
fn weird_inputs_surface_as_diagnostics() {
    let cases: &[(&str, ParseStatus, &str)] = &[
        (
            "echo 'unterm",
            ParseStatus::Fatal,
            "syntax error: unterminated single quote",
        ),
        (
            "echo $((1+",
            ParseStatus::Fatal,
            "syntax error: unterminated command substitution",
        ),
        (
            "echo `date",
            ParseStatus::Fatal,
            "syntax error: unterminated backtick substitution",
        ),
        (
            "echo $(foo",
            ParseStatus::Fatal,
            "syntax error: unterminated command substitution",
        ),
        ("a && ", ParseStatus::Recovered, "expected command after &&"),
        (
            "( a",
            ParseStatus::Recovered,
            "expected ')' to close subshell",
        ),
        (
            "if true; then echo",
            ParseStatus::Recovered,
            "expected 'fi'",
        ),
        ("a | | b", ParseStatus::Fatal, "expected command after |"),
        ("fi", ParseStatus::Fatal, "expected command"),
    ];
    for (text, status, message) in cases {
        with_run(text, |script, _| {
            assert_eq!(script.status(), *status, "{text}");
            assert_eq!(script.diagnostics()[0].message, *message, "{text}");
        });
    }
    // Salvage keeps what came before and after the error.
    with_run("a | | b", |script, _| assert_eq!(names(script), ["a", "b"]));
    with_run("echo `date", |script, _| {
        assert_eq!(names(script), ["echo"])
    });
    // Accepted leniently (bash would complain at run time): a heredoc without its terminator,
    // an unterminated `${`, a trailing backslash.
    for text in ["cat <<EOF\nno end", "echo ${x", "echo a\\"] {
        with_run(text, |script, _| {
            assert_eq!(script.status(), ParseStatus::Clean, "{text}")
        });
    }
    with_run("cat <<-EOF\n\tx\n\tEOF\necho after", |script, _| {
        assert_eq!(names(script), ["cat", "echo"]);
        assert_eq!(script.heredocs()[0].body(), "\tx\n");
    });
}

#[test]
fn empty_and_blank_scripts() {
    for text in ["", "   ", "\\\n  ", "# only a comment", ";"] {
        let script = parse_script(text, 7);
        assert!(script.commands().is_empty(), "{text:?}");
        assert_eq!(script.range(), TextRange::new(7, 7 + text.len() as u32));
    }
}

// ---- rule sketches: the hadolint checks the model must express directly -----------------------

/// DL3008: an `apt-get install` package without `=` or `/` that is not a `.deb`.
fn unpinned_apt_packages<'a>(script: &'a Script<'_>) -> Vec<&'a str> {
    script
        .commands_named("apt-get")
        .filter(|command| {
            command
                .args_without_flags(&["t", "target-release"])
                .iter()
                .any(|w| w.is("install"))
        })
        .flat_map(|command| command.args_without_flags(&["t", "target-release"]))
        .map(Word::value)
        .filter(|package| {
            *package != "install"
                && !package.contains('=')
                && !package.contains('/')
                && !package.ends_with(".deb")
        })
        .collect()
}

#[test]
fn sketch_dl3008_dl3014_dl3015_apt_get_install() {
    let script = parse_script(
        "apt-get update && apt-get -t bookworm-backports install -qq curl=7.* $PKGS ./x.deb git \
         && apt-get install --no-install-recommends -o APT::Install-Recommends=false vim",
        0,
    );
    assert_eq!(unpinned_apt_packages(&script), ["$PKGS", "git", "vim"]);
    let installs: Vec<&Command<'_>> = script
        .commands_named("apt-get")
        .filter(|command| command.has_arg("install"))
        .collect();
    // DL3014: `-y`, `--yes`, `--assume-yes`, `-qq` (q twice) or `-q=2`.
    let assumes_yes = |command: &Command<'_>| {
        command.has_any_flag(&["y", "yes", "assume-yes"])
            || command.flag_count("q") >= 2
            || command.flag_count("quiet") >= 2
            || command
                .argv()
                .flag_values("q")
                .any(|value| value.value == "2")
    };
    assert_eq!(
        installs.iter().map(|c| assumes_yes(c)).collect::<Vec<_>>(),
        [true, false]
    );
    // DL3015: `--no-install-recommends` or the apt option.
    let no_recommends = |command: &Command<'_>| {
        command.has_flag("no-install-recommends")
            || command.has_arg("APT::Install-Recommends=false")
    };
    assert_eq!(
        installs
            .iter()
            .map(|c| no_recommends(c))
            .collect::<Vec<_>>(),
        [false, true]
    );
}

#[test]
fn sketch_dl3009_dl3032_dl3060_cleanup_after_install() {
    // DL3009: an `apt-get update` and no `rm` with `-rf` or the lists (any-of, as hadolint).
    let dl3009 = |text: &str| {
        let script = parse_script(text, 0);
        let updates = script
            .commands()
            .iter()
            .any(|c| c.is_any(&["apt-get", "apt", "aptitude"]) && c.has_arg("update"));
        let cleans = script
            .commands_named("rm")
            .any(|c| c.has_arg("-rf") || c.has_arg("/var/lib/apt/lists/*"));
        updates && !cleans
    };
    assert!(dl3009("apt-get update && apt-get install -y x"));
    assert!(!dl3009(
        "apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*"
    ));
    assert!(!dl3009("apt-get update && rm -rf /tmp/x"));
    // DL3060: `yarn install` with no later `yarn cache clean`.
    let dl3060 = |text: &str| {
        let script = parse_script(text, 0);
        let commands = script.commands();
        commands.iter().enumerate().any(|(index, c)| {
            c.is("yarn")
                && c.has_subcommand("install", &[])
                && !commands[index + 1..].iter().any(|later| {
                    later.is("yarn") && later.has_arg("cache") && later.has_arg("clean")
                })
        })
    };
    assert!(dl3060("yarn cache clean && yarn install"));
    assert!(!dl3060("yarn install && yarn cache clean"));
}

#[test]
fn sketch_dl3013_dl3042_pip() {
    let pip_installs = |text: &str| -> Vec<Vec<String>> {
        let script = parse_script(text, 0);
        script
            .commands()
            .iter()
            .filter_map(|c| {
                let argv = match c.basename()? {
                    name if name.starts_with("pip") && !name.starts_with("pipenv") => c.argv(),
                    _ => c.python_module("pip")?,
                };
                let positional = argv.args_without_flags(&["i", "index-url", "extra-index-url"]);
                (positional.first()?.is("install")).then(|| {
                    let no_cache = argv.has_flag("no-cache-dir");
                    let mut out: Vec<String> = positional[1..]
                        .iter()
                        .map(|w| w.value().to_owned())
                        .collect();
                    out.push(format!("no-cache-dir={no_cache}"));
                    out
                })
            })
            .collect()
    };
    assert_eq!(
        pip_installs(
            "pip3 install -i https://x requests==2.0 flask && python3 -m pip install --no-cache-dir -U pip && pipenv install"
        ),
        [
            vec!["requests==2.0", "flask", "no-cache-dir=false"],
            vec!["pip", "no-cache-dir=true"],
        ]
    );
}

#[test]
fn sketch_commands_anywhere_dl3003_dl3004_dl3027_dl4001_dl4005_dl3046_dl3047() {
    let script = parse_script(
        "if true; then (cd /x && sudo apt update); fi; echo $(curl -s https://x) | wget -O- y; \
         ln -sf /bin/bash /bin/sh; useradd -u 1000000 app; wget -nv z",
        0,
    );
    assert_eq!(script.commands_named("cd").count(), 1); // DL3003
    assert_eq!(script.commands_named("sudo").count(), 1); // DL3004
    // `sudo apt update` is the command `sudo`: hadolint does not see through sudo (DL3027).
    assert_eq!(script.commands_named("apt").count(), 0);
    assert!(script.commands_named("curl").count() > 0 && script.commands_named("wget").count() > 0); // DL4001
    assert!(script.commands_named("ln").any(|c| c.has_arg("/bin/sh"))); // DL4005
    let useradd = script.commands_named("useradd").next().unwrap(); // DL3046
    assert!(
        useradd
            .flag_value("u")
            .is_some_and(|uid| uid.value.len() > 5)
    );
    assert!(!useradd.has_any_flag(&["l", "no-log-init"]));
    let quiet_wget: Vec<bool> = script
        .commands_named("wget")
        .map(|c| c.has_any_flag(&["progress", "q", "quiet", "no-verbose"]) || c.has_arg("-nv"))
        .collect();
    assert_eq!(quiet_wget, [false, true]); // DL3047
}

#[test]
fn sketch_dl3059_dl4006_counts_and_pipes() {
    let single = parse_script("apt-get update", 0);
    let chained = parse_script("apt-get update && apt-get install -y x", 0);
    assert_eq!((single.commands().len(), chained.commands().len()), (1, 2));
    assert!(!single.has_pipe());
    assert!(parse_script("curl -s x | sh", 0).has_pipe());
    assert!(parse_script("echo \"$(a | b)\"", 0).has_pipe());
    assert!(!parse_script("echo 'a | b' \"|\" a\\|b", 0).has_pipe());
}

#[test]
fn long_chains_and_deep_nesting_stay_within_limits() {
    // shuck caps operator chains at 1000 links and nesting at 100 levels; the lowering recurses
    // along the same structure, so these are its worst cases.
    for (operator, count) in [(" && ", 1000), (" | ", 1000), ("; ", 3000), (" && ", 5000)] {
        let text = vec!["true"; count].join(operator);
        let script = parse_script(&text, 0);
        assert!(!script.commands().is_empty(), "{operator:?} x{count}");
        assert!(script.commands().len() <= count);
    }
    let mut nested = String::from("x");
    for _ in 0..150 {
        nested = format!("echo $({nested})");
    }
    let script = parse_script(&nested, 0);
    assert!(!script.commands().is_empty());
    let mut subshells = String::from("x");
    for _ in 0..150 {
        subshells = format!("({subshells})");
    }
    let _ = parse_script(&subshells, 0);
}

#[test]
fn ranges_drive_fixes_in_the_dockerfile() {
    use plimsoll_text::{Applicability, Edit, Fix, apply_fixes};
    let (dockerfile, base) = dockerfile(
        "apt-get update && apt-get install -y \\\n      curl && pip install \"flask==3.*\" && python3 -m pip install -r req.txt",
    );
    let script = parse_script(run_text(&dockerfile), base);
    let mut fixes = Vec::new();
    for command in script.commands() {
        // DL3015: insert `--no-install-recommends` right after `install`.
        if command.is("apt-get") && command.has_subcommand("install", &[]) {
            let install = command.subcommand(&[]).unwrap();
            fixes.push(Fix::safe(
                "add --no-install-recommends",
                vec![Edit::insertion(
                    " --no-install-recommends",
                    install.range().end,
                )],
            ));
        }
        // DL3042: add `--no-cache-dir` after pip's `install`.
        let pip = if command.is("pip") {
            Some(command.argv())
        } else {
            command.python_module("pip")
        };
        if let Some(install) = pip.and_then(|argv| argv.subcommand(&[]))
            && install.is("install")
        {
            fixes.push(Fix::safe(
                "add --no-cache-dir",
                vec![Edit::insertion(" --no-cache-dir", install.range().end)],
            ));
        }
    }
    let (fixed, applied) = apply_fixes(&dockerfile, &fixes, Applicability::Safe);
    assert_eq!(applied, 3);
    assert_eq!(
        fixed,
        "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y \\\n      curl && pip install --no-cache-dir \"flask==3.*\" && python3 -m pip install --no-cache-dir -r req.txt\n"
    );
    let refixed = parse_script(run_text(&fixed), base);
    assert_exact(&refixed, &fixed);
    assert!(refixed.commands()[1].has_flag("no-install-recommends"));
    assert!(refixed.commands()[2].has_flag("no-cache-dir"));
}
