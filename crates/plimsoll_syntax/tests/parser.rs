//! Hand-checked expectations: token spans, shell-source rewriting, errors with BuildKit's texts
//! and lines, CRLF/BOM handling, layer-2 checks, and a never-panic sweep over mutated inputs.

use plimsoll_syntax::dockerfile::{
    self, Args, ErrorLayer, InstructionKind, Item, instructions, instructions::Command,
};
use plimsoll_text::TextRange;

fn nth<'a>(
    parsed: &'a dockerfile::Dockerfile<'a>,
    index: usize,
) -> &'a dockerfile::Instruction<'a> {
    parsed.instructions().nth(index).unwrap()
}

#[test]
fn token_spans_slice_to_their_text() {
    let src = "FROM --platform=linux/amd64 alpine:3 AS build\n\
               RUN --mount=type=cache,target=/root/.cache \\\n    pip install x\n\
               ENV A=1 B=\"two words\"\n\
               ARG V=1 W\n\
               CMD [\"a\", \"b\"]\n\
               HEALTHCHECK --interval=5s CMD curl x\n\
               ONBUILD COPY --from=build a b\n";
    let parsed = dockerfile::parse(src);
    assert!(parsed.error().is_none());

    let from = nth(&parsed, 0);
    assert_eq!(from.keyword.range.slice(src), "FROM");
    assert_eq!(from.flags[0].name_range.slice(src), "platform");
    assert_eq!(from.flags[0].value_range.unwrap().slice(src), "linux/amd64");
    assert_eq!(from.flags[0].name(), "platform");
    assert_eq!(from.flags[0].value(), Some("linux/amd64"));
    let Args::List(words) = &from.args else {
        panic!()
    };
    let texts: Vec<&str> = words.iter().map(|w| w.range.slice(src)).collect();
    assert_eq!(texts, ["alpine:3", "AS", "build"]);

    let run = nth(&parsed, 1);
    assert_eq!(
        run.flags[0].range.slice(src),
        "--mount=type=cache,target=/root/.cache"
    );
    let Args::Text(command) = &run.args else {
        panic!()
    };
    assert_eq!(command.range.slice(src), "pip install x");
    assert_eq!(
        run.range.slice(src),
        "RUN --mount=type=cache,target=/root/.cache \\\n    pip install x"
    );
    assert_eq!((run.start_line, run.end_line), (2, 3));

    let env = nth(&parsed, 2);
    let Args::KeyValues(pairs) = &env.args else {
        panic!()
    };
    assert_eq!(pairs[1].key.range.slice(src), "B");
    assert_eq!(pairs[1].separator.unwrap().slice(src), "=");
    assert_eq!(pairs[1].value.range.slice(src), "\"two words\"");

    let arg = nth(&parsed, 3);
    let Args::Names(names) = &arg.args else {
        panic!()
    };
    assert_eq!(names[0].key.range.slice(src), "V");
    assert_eq!(names[0].value.as_ref().unwrap().range.slice(src), "1");
    assert!(names[1].separator.is_none());

    let cmd = nth(&parsed, 4);
    let Args::Json(strings) = &cmd.args else {
        panic!()
    };
    assert_eq!(strings[1].range.slice(src), "\"b\"");
    assert_eq!(strings[1].value, "b");

    let health = nth(&parsed, 5);
    let Args::Healthcheck { kind, command } = &health.args else {
        panic!()
    };
    assert_eq!(kind.range.slice(src), "CMD");
    let Args::Text(text) = &**command else {
        panic!()
    };
    assert_eq!(text.range.slice(src), "curl x");

    let onbuild = nth(&parsed, 6);
    let trigger = onbuild.trigger().unwrap();
    assert_eq!(trigger.kind, InstructionKind::Copy);
    assert_eq!(trigger.keyword.range.slice(src), "COPY");
    assert_eq!(trigger.flags[0].value_range.unwrap().slice(src), "build");
    assert_eq!(trigger.range.slice(src), "COPY --from=build a b");
    assert_eq!((trigger.start_line, trigger.end_line), (0, 0));
}

#[test]
fn tokens_across_continuations_map_to_source() {
    let src = "RUN --mo\\\nunt=x ec\\\n  ho";
    let parsed = dockerfile::parse(src);
    let run = nth(&parsed, 0);
    assert_eq!(run.original, "RUN --mount=x ec  ho");
    assert_eq!(run.flags[0].text, "--mount=x");
    assert_eq!(run.flags[0].range.slice(src), "--mo\\\nunt=x");
    assert_eq!(run.flags[0].name_range.slice(src), "mo\\\nunt");
    let Args::Text(text) = &run.args else {
        panic!()
    };
    assert_eq!(text.value, "ec  ho");
    assert_eq!(text.range.slice(src), "ec\\\n  ho");
}

#[test]
fn heredoc_ranges() {
    let src = "FROM a\nCOPY <<-EOF /x\n\tbody\n\tEOF\nRUN x\n";
    let parsed = dockerfile::parse(src);
    let copy = nth(&parsed, 1);
    let heredoc = &copy.heredocs[0];
    assert_eq!(heredoc.marker.slice(src), "<<-EOF");
    assert_eq!(heredoc.body.slice(src), "\tbody\n");
    assert_eq!(heredoc.content, "\tbody\n");
    assert_eq!(heredoc.terminator.unwrap().slice(src), "EOF");
    assert_eq!(heredoc.range.slice(src), "\tbody\n\tEOF\n");
    assert_eq!((copy.start_line, copy.end_line), (2, 4));
    assert_eq!(
        copy.full_range().slice(src),
        "COPY <<-EOF /x\n\tbody\n\tEOF\n"
    );
    let stages = instructions::parse(&parsed).unwrap();
    let Command::Copy { inline_files, .. } = &stages.stages[0].commands[0].command else {
        panic!()
    };
    assert_eq!(inline_files[0].data, "body\n");
}

#[test]
fn crlf_bom_and_lone_cr() {
    let src = "\u{feff}# escape=`\r\nFROM a\r\nRUN a `\r\n b\r\nRUN x\ry\r\n";
    let parsed = dockerfile::parse(src);
    assert_eq!(parsed.to_source(), src);
    assert_eq!(parsed.bom(), Some(TextRange::new(0, 3)));
    assert_eq!(parsed.escape(), '`');
    assert!(matches!(parsed.items()[0], Item::Directive(_)));
    let run = nth(&parsed, 1);
    assert_eq!(run.original, "RUN a  b");
    assert_eq!(run.shell_source().unwrap().text, "a  \\\n b");
    let lone = nth(&parsed, 2);
    assert_eq!(lone.original, "RUN x\ry");
    assert_eq!(
        parsed.dump(),
        "(from \"a\")\n(run \"a  b\")\n(run \"x\\ry\")\n"
    );
}

#[test]
fn shell_source_rewrites_only_docker_trivia() {
    let src = "RUN a \\\n  # note\n\n  b \\  \n  c\nCMD [\"x\"]\n";
    let parsed = dockerfile::parse(src);
    let run = nth(&parsed, 0);
    let shell = run.shell_source().unwrap();
    assert_eq!(shell.range.slice(src), "a \\\n  # note\n\n  b \\  \n  c");
    // 9 spaces for "  # note\n", 1 for the empty line, then "  b " and the moved blanks.
    assert_eq!(shell.text, format!("a \\\n{}  b   \\\n  c", " ".repeat(10)));
    assert_eq!(shell.text.len(), shell.range.len() as usize);
    assert_eq!(shell.base_offset, 4);
    assert!(nth(&parsed, 1).shell_source().is_none());
}

#[test]
fn layer_one_errors_have_buildkit_lines_and_real_ranges() {
    let cases: [(&str, &str, &[u32], &str); 6] = [
        (
            "# escape=x\nFROM a\n",
            "invalid escape token 'x' does not match ` or \\",
            &[0],
            "x",
        ),
        (
            "FROM a\nENV a\n",
            "ENV must have two arguments",
            &[2],
            "ENV a",
        ),
        (
            "FROM a\nRUN [\"a\", \\\n  1]\n",
            "when using JSON array syntax, arrays must be comprised of strings only",
            &[2, 3],
            "RUN [\"a\", \\\n  1]",
        ),
        (
            "FROM a\nLABEL a=b c\n",
            "Syntax error - can't find = in \"c\". Must be of the form: name=value",
            &[2],
            "LABEL a=b c",
        ),
        ("# only\n\n", "file with no instructions", &[2], ""),
        (
            "FROM a\nRUN <<EOF\nx\n",
            "unterminated heredoc",
            &[2, 3],
            "RUN <<EOF\nx\n",
        ),
    ];
    for (src, message, lines, text) in cases {
        let parsed = dockerfile::parse(src);
        let error = parsed
            .error()
            .unwrap_or_else(|| panic!("{src:?} must fail"));
        assert_eq!(error.layer, ErrorLayer::Parse);
        assert_eq!(error.message, message, "{src:?}");
        assert_eq!(error.lines, lines, "{src:?}");
        assert_eq!(error.range.slice(src), text, "{src:?}");
        assert_eq!(parsed.to_source(), src);
    }
    // BuildKit's word buffer quirk: `${X:-...}` right after `<<` drops the `<<`, no heredoc.
    let parsed = dockerfile::parse("FROM a\nRUN <<${x:-a b}\n");
    assert!(parsed.error().is_none());
    assert!(nth(&parsed, 1).heredocs.is_empty());

    let long = format!("FROM a\nRUN {}\nRUN b\n", "x".repeat(70_000));
    let parsed = dockerfile::parse(&long);
    assert_eq!(
        parsed.error().unwrap().message,
        "dockerfile line greater than max allowed size of 65535"
    );
    assert_eq!(parsed.error().unwrap().lines, [1]);
    assert_eq!(parsed.to_source(), long);
}

#[test]
fn layer_two_errors() {
    let cases = [
        (
            "FROM a\nCOPY --chowm=1 a b\n",
            "dockerfile parse error on line 2: unknown flag: --chowm (did you mean chown?)",
        ),
        (
            "FROM a\nRUN --network=bridge x\n",
            "dockerfile parse error on line 2: invalid network mode \"bridge\"",
        ),
        (
            "FROM a\nRUN --security=x y\n",
            "dockerfile parse error on line 2: security \"x\" is not valid",
        ),
        (
            "FROM a\nRUN --mount=from=$X,target=/x y\n",
            "dockerfile parse error on line 2: 'from' doesn't support variable expansion, define alias stage instead",
        ),
        (
            "FROM a\nRUN --mount= y\n",
            "dockerfile parse error on line 2: failed to parse csv mounts: EOF",
        ),
        (
            "FROM a\nHEALTHCHECK --timeout=10 CMD x\n",
            "dockerfile parse error on line 2: time: missing unit in duration \"10\"",
        ),
        (
            "FROM a\nHEALTHCHECK --retries=-1 CMD x\n",
            "dockerfile parse error on line 2: --retries cannot be negative (-1)",
        ),
        (
            "FROM a\nHEALTHCHECK NONE x\n",
            "dockerfile parse error on line 2: HEALTHCHECK NONE takes no arguments",
        ),
        (
            "FROM a\nHEALTHCHECK CMD\n",
            "dockerfile parse error on line 2: Missing command after HEALTHCHECK CMD",
        ),
        (
            "FROM a\nonbuild from b\n",
            "dockerfile parse error on line 2: FROM isn't allowed as an ONBUILD trigger",
        ),
        (
            "FROM a\nVOLUME [\"\"]\n",
            "dockerfile parse error on line 2: VOLUME specified can not be an empty string",
        ),
        (
            "FROM a\nSHELL []\n",
            "dockerfile parse error on line 2: SHELL requires at least one argument",
        ),
        (
            "FROM a a\n",
            "dockerfile parse error on line 1: FROM requires either one or three arguments",
        ),
        (
            "FROM a AS B/c\n",
            "dockerfile parse error on line 1: invalid name for build stage: \"B/c\", name can't start with a number or contain symbols",
        ),
        (
            "FROM a\nCOPY --link=yes a b\n",
            "dockerfile parse error on line 2: expecting boolean value for flag --link, not: yes",
        ),
        (
            "FROM a\nCOPY --link= a b\n",
            "dockerfile parse error on line 2: missing a value on flag: --link",
        ),
        (
            "FROM a\nRUN --device=a,b x\n",
            "dockerfile parse error on line 2: invalid field 'b' must be a key=value pair",
        ),
        (
            "FROM a\nCOPY a <<EOF\nx\nEOF\n",
            "dockerfile parse error on line 2: COPY cannot accept a heredoc as a destination",
        ),
        (
            "FROM a\ncopyy a b\n",
            "dockerfile parse error on line 2: unknown instruction: copyy (did you mean copy?)",
        ),
        ("ENV a=b\nFROM a\n", "no build stage in current context"),
    ];
    for (src, message) in cases {
        let parsed = dockerfile::parse(src);
        assert!(parsed.error().is_none(), "{src:?}");
        let error = instructions::parse(&parsed).unwrap_err();
        assert_eq!(error.layer, ErrorLayer::Instructions);
        assert_eq!(error.message, message, "{src:?}");
    }
    // ARG and STOPSIGNAL flags are never validated; ONBUILD triggers are not either.
    for src in [
        "ARG --x a\nFROM a\n",
        "FROM a\nSTOPSIGNAL --x y\n",
        "FROM a\nONBUILD RUN --bogus x\n",
    ] {
        let parsed = dockerfile::parse(src);
        assert!(instructions::parse(&parsed).is_ok(), "{src:?}");
    }
}

#[test]
fn typed_commands() {
    let src = "ARG BASE=a\nFROM ${BASE} AS Build\nEXPOSE 8080 443\nHEALTHCHECK --interval=1m30s CMD [\"a\"]\nRUN --mount=type=cache,target=/c --network=none x\n";
    let parsed = dockerfile::parse(src);
    let stages = instructions::parse(&parsed).unwrap();
    assert_eq!(stages.meta_args.len(), 1);
    let Command::From {
        stage_name,
        base_name,
        ..
    } = &stages.stages[0].from.command
    else {
        panic!()
    };
    assert_eq!(stage_name.as_deref(), Some("build"));
    assert_eq!(*base_name, "${BASE}");
    let commands = &stages.stages[0].commands;
    assert_eq!(commands[0].command, Command::Expose(vec!["443", "8080"]));
    let Command::Healthcheck(instructions::Healthcheck::Cmd { test, interval, .. }) =
        &commands[1].command
    else {
        panic!()
    };
    assert_eq!(test, &["CMD", "a"]);
    assert_eq!(*interval, 90_000_000_000);
    let Command::Run {
        mounts,
        network,
        command,
        ..
    } = &commands[2].command
    else {
        panic!()
    };
    assert_eq!(mounts, &["type=cache,target=/c"]);
    assert_eq!(*network, Some("none"));
    assert!(command.prepend_shell);
    assert_eq!(commands[2].flags.get("mount").unwrap().name(), "mount");
}

#[test]
fn warnings_and_comments() {
    let src = "# describes a\n\n# more\nARG a\nRUN x \\\n\n  y\n";
    let parsed = dockerfile::parse(src);
    let arg = nth(&parsed, 0);
    assert_eq!(arg.comments, ["describes a", "more"]);
    let warning = &parsed.warnings()[0];
    assert_eq!(warning.short, "Empty continuation line found in: RUN x   y");
    assert_eq!(warning.line, 7);
    assert_eq!(warning.empty_lines[0].slice(src), "\n");
}

/// Mutations of the fixtures (every truncation, and interesting bytes inserted at every
/// character boundary): parsing, printing back and every view must work without panicking.
#[test]
fn never_panics_on_mutated_inputs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seeds: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    seeds.push("FROM a\nRUN <<EOF cat\nx\nEOF\nCOPY --chown=\u{e0}x --a\u{800}b c d\n".to_string());
    let inserts = [
        "\\", "`", "\n", "\r", "\"", "'", "<<", "<<-", "[", "]", "${", "}", "#", "=", " ", "\t",
        "\u{a0}", "\u{85}", "\u{800}", "é", "--", "\0", "\u{feff}", "\\\n", "EOF\n",
    ];
    let check = |text: &str| {
        let parsed = dockerfile::parse(text);
        assert_eq!(parsed.to_source(), text);
        let _ = parsed.dump();
        let _ = parsed.buildkit_json();
        let _ = instructions::parse(&parsed);
        for instruction in parsed.instructions() {
            let _ = instructions::parse_instruction(instruction);
            if let Some(shell) = instruction.shell_source() {
                assert_eq!(shell.text.len(), shell.range.len() as usize);
            }
            let _ = instruction.range.slice(text);
        }
    };
    for seed in &seeds {
        for (cut, _) in seed.char_indices() {
            check(&seed[..cut]);
        }
        let boundaries: Vec<usize> = seed.char_indices().map(|(i, _)| i).step_by(3).collect();
        for at in boundaries {
            for insert in inserts {
                let mut text = seed.clone();
                text.insert_str(at, insert);
                check(&text);
            }
        }
    }
}

#[test]
fn parse_directive_follows_buildkit_parse_directive() {
    use dockerfile::{DirectiveKind, parse_directive};
    let check = |src: &str| {
        parse_directive(src, DirectiveKind::Check).map(|d| (d.first_word.into_owned(), d.line))
    };
    assert_eq!(
        check("# check=skip=all extra\nFROM a\n"),
        Some(("skip=all".into(), 1))
    );
    assert_eq!(
        check("#!/bin/x\n# check = error=true\r\nFROM a\n"),
        Some(("error=true".into(), 2))
    );
    // Not left-trimmed, unlike parser.Parse; a plain comment first ends the scan.
    assert_eq!(check("  # check=skip=all\nFROM a\n"), None);
    assert_eq!(check("# hello\n# check=skip=all\n"), None);
    assert_eq!(check("# syntax=a\n# syntax=b\n# check=x\n"), None);
    assert_eq!(
        check("\u{feff}# syntax=a\n# check=x\n"),
        Some(("x".into(), 2))
    );
    // parser.Parse does not skip the shebang: the escape directive after it is a comment.
    let parsed = dockerfile::parse("#!/bin/x\n# escape=`\nFROM a\n");
    assert_eq!(parsed.escape(), '\\');
    assert_eq!(parsed.directives().count(), 0);
}

#[test]
fn keywords_use_go_lowercasing_and_from_parts() {
    let src = "FROM a a\u{17f} Build\nENTRYPO\u{130}NT x\nWOR\u{212a}DIR /w\nRUN\u{a0}x\n";
    let parsed = dockerfile::parse(src);
    let from = nth(&parsed, 0);
    let parts = from.from_parts().unwrap();
    assert_eq!(parts.image.value, "a");
    let (as_keyword, name) = parts.alias.unwrap();
    assert_eq!(as_keyword.range.slice(src), "a\u{17f}");
    assert_eq!(name.range.slice(src), "Build");
    assert_eq!(nth(&parsed, 1).kind, InstructionKind::Entrypoint);
    assert_eq!(nth(&parsed, 2).kind, InstructionKind::Workdir);
    assert_eq!(nth(&parsed, 3).kind, InstructionKind::Unknown);
    assert_eq!(nth(&parsed, 3).keyword.value, "RUN\u{a0}x");
    assert_eq!(
        parsed.dump(),
        "(from \"a\" \"a\u{17f}\" \"Build\")\n(entrypoint \"x\")\n(workdir \"/w\")\n(run\u{a0}x \"\")\n"
    );
    let error = instructions::parse(&parsed).unwrap_err();
    // Mixed case: BuildKit's matchCase returns the lower-cased option.
    assert_eq!(
        error.message,
        "dockerfile parse error on line 4: unknown instruction: RUN\u{a0}x (did you mean run?)"
    );
}
