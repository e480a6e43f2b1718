use super::*;

const ENV: [(&str, &str); 6] = [
    ("HOME", "/root"),
    ("EMPTY", ""),
    ("PATHS", "a/b/c.tar.gz"),
    ("SPACED", "  x  y "),
    ("STARS", "**a*"),
    ("Aé", "accent"),
];

fn word(input: &str) -> String {
    match Lexer::new('\\').process_word(input, &ENV) {
        Ok(out) => out.value,
        Err(err) => format!("ERR {err}"),
    }
}

fn words(input: &str) -> Vec<String> {
    match Lexer::new('\\').process_words(input, &ENV) {
        Ok(out) => out.words,
        Err(err) => vec![format!("ERR {err}")],
    }
}

fn reason(input: &str) -> String {
    Lexer::new('\\')
        .process_word(input, &ENV)
        .unwrap_err()
        .kind()
        .to_string()
}

#[test]
fn quoting_with_backslash() {
    assert_eq!(word(r#"a'b c'd"#), "ab cd");
    assert_eq!(word(r#"'a\'"#), r"a\");
    assert_eq!(word(r#""a\nb""#), r"a\nb");
    assert_eq!(word(r#""a\"b\$c\\d""#), r#"a"b$c\d"#);
    assert_eq!(word(r"a\nb"), "anb");
    assert_eq!(word(r"trailing\"), "trailing");
    assert_eq!(
        word(r#""x\"#),
        "ERR failed to process \"\\\"x\\\\\": unexpected end of statement while looking for matching double-quote"
    );
    assert_eq!(word("'$HOME'"), "$HOME");
    assert_eq!(word("\"$HOME\""), "/root");
}

#[test]
fn quoting_with_backtick() {
    let lexer = Lexer::new('`');
    let expand = |s: &str| lexer.process_word(s, &ENV).unwrap().value;
    assert_eq!(expand(r"C:\dir\$HOME"), r"C:\dir\/root");
    assert_eq!(expand("a`$HOME"), "a$HOME");
    assert_eq!(expand("\"a`\"b`c\""), "a\"b`c");
    assert_eq!(expand("x``y"), "x`y");
}

#[test]
fn names() {
    assert_eq!(word("$HOME/x"), "/root/x");
    assert_eq!(word("$Aé!"), "accent!");
    assert_eq!(word("$1x"), "x");
    assert_eq!(word("$12x"), "x");
    assert_eq!(word("$$x"), "x");
    assert_eq!(word("$@@"), "@");
    assert_eq!(word("$.x"), "$.x");
    assert_eq!(word("a$"), "a$");
    assert_eq!(word("${HOME}x"), "/rootx");
    // A combining mark is not a letter for Go, so it ends the name.
    assert_eq!(word("$HOME\u{301}"), "/root\u{301}");
}

#[test]
fn defaults_and_alternatives() {
    assert_eq!(word("${NOPE-d}|${EMPTY-d}|${HOME-d}"), "d||/root");
    assert_eq!(word("${NOPE:-d}|${EMPTY:-d}|${HOME:-d}"), "d|d|/root");
    assert_eq!(word("${NOPE+a}|${EMPTY+a}|${HOME+a}"), "|a|a");
    assert_eq!(word("${NOPE:+a}|${EMPTY:+a}|${HOME:+a}"), "||a");
    assert_eq!(word("${NOPE:-${ALSO:-$HOME}}"), "/root");
    assert_eq!(word("${NOPE:-'a  b'}"), "a  b");
    assert_eq!(word("${HOME?}|${EMPTY?}|${HOME:?}"), "/root||/root");
}

#[test]
fn required_errors() {
    assert_eq!(reason("${NOPE?}"), "NOPE: is not allowed to be unset");
    assert_eq!(reason("${NOPE:?}"), "NOPE: is not allowed to be unset");
    assert_eq!(reason("${EMPTY:?}"), "EMPTY: is not allowed to be empty");
    assert_eq!(reason("${EMPTY:?set $HOME}"), "EMPTY: set /root");
    let err = Lexer::new('\\')
        .process_word("${U:?must set}", &ENV)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"failed to process "${U:?must set}": U: must set"#
    );
    assert_eq!(err.word(), "${U:?must set}");
    assert_eq!(err.unmatched(), ["U"]);
}

#[test]
fn prefix_and_suffix_removal() {
    assert_eq!(word("${PATHS#*/}"), "b/c.tar.gz");
    assert_eq!(word("${PATHS##*/}"), "c.tar.gz");
    assert_eq!(word("${PATHS%.*}"), "a/b/c.tar");
    assert_eq!(word("${PATHS%%.*}"), "a/b/c");
    assert_eq!(word("${PATHS#?}"), "/b/c.tar.gz");
    assert_eq!(word("${PATHS#x}"), "a/b/c.tar.gz");
    assert_eq!(word("${STARS#\\*\\*}"), "a*");
    assert_eq!(word("${STARS%\\*}"), "**a");
    assert_eq!(word("${NOPE#a}"), "");
    // A `#` after `##`'s marker is part of the pattern.
    assert_eq!(word("${PATHS###}"), "a/b/c.tar.gz");
    // The operand is expanded first.
    assert_eq!(word("${HOME#$HOME}"), "");
}

#[test]
fn replacement() {
    assert_eq!(word("${PATHS/\\//-}"), "a-b/c.tar.gz");
    assert_eq!(word("${PATHS//\\//-}"), "a-b-c.tar.gz");
    assert_eq!(word("${PATHS//[/x}"), "a/b/c.tar.gz");
    assert_eq!(word("${PATHS/#a/x}"), "a/b/c.tar.gz");
    assert_eq!(word("${PATHS/*./}"), "gz");
    // Raw-escape mode keeps the backslash in the replacement (BuildKit quirk).
    assert_eq!(word("${HOME//\\//\\/}"), "\\/root");
    assert_eq!(word("${HOME///}"), "/root");
}

#[test]
fn syntax_errors() {
    assert_eq!(reason("${}"), "syntax error: bad substitution");
    assert_eq!(reason("${:-x}"), "syntax error: bad substitution");
    assert_eq!(reason("${{x}"), "syntax error: bad substitution");
    assert_eq!(reason("${"), "syntax error: missing '}'");
    assert_eq!(reason("${x:-y"), "syntax error: missing '}'");
    assert_eq!(reason("${x:-'y}"), "syntax error: missing '}'");
    assert_eq!(reason("${x/y"), "syntax error: missing '/' in ${}");
    assert_eq!(reason("${x/y/z"), "syntax error: missing '}'");
    assert_eq!(reason("${x:"), "syntax error: missing '}'");
    assert_eq!(
        reason("'abc"),
        "unexpected end of statement while looking for matching single-quote"
    );
    // A nested error that is not at the end of the input is reported as it is.
    assert_eq!(reason("${x:-${}}"), "syntax error: bad substitution");
}

#[test]
fn unsupported_modifiers() {
    for (input, modifier) in [
        ("${x:=y}", ":="),
        ("${x=y}", "="),
        ("${x:3}", ":3"),
        ("${x:#y}", ":#"),
        ("${x:%y}", ":%"),
        ("${x:/a/b}", ":/"),
        ("${x^^}", "^"),
        ("${x,}", ","),
        ("${#x}", "x"),
        ("${x", "\u{fffd}"),
    ] {
        assert_eq!(
            reason(input),
            format!("unsupported modifier ({modifier}) in substitution"),
            "{input}"
        );
    }
}

#[test]
fn pattern_errors() {
    assert_eq!(
        reason("${HOME#\\a}"),
        "invalid pattern (\\a) in substitution: invalid escape '\\a'"
    );
    assert_eq!(
        reason("${HOME%a\\b}"),
        "invalid pattern (\\ba) in substitution: invalid escape '\\b'"
    );
    assert_eq!(
        reason("${HOME/\\x/}"),
        "invalid pattern (\\x) in substitution: invalid escape '\\x'"
    );
    assert_eq!(
        reason("${HOME#'\\'}"),
        "invalid pattern (\\) in substitution: invalid escape '\\\u{fffd}'"
    );
}

#[test]
fn matched_and_unmatched_in_order_of_first_use() {
    let out = Lexer::new('\\')
        .process_word("$B ${A:-$C} $B ${HOME} ${C+$HOME} $EMPTY", &ENV)
        .unwrap();
    // The operand of `${A:-…}` is expanded before `A` is looked up.
    assert_eq!(out.unmatched, ["B", "C", "A"]);
    assert_eq!(out.matched, ["HOME", "EMPTY"]);
}

#[test]
fn skip_unset_env_keeps_references() {
    let lexer = Lexer::new('\\').skip_unset_env(true);
    let expand = |s: &str| lexer.process_word(s, &ENV).unwrap().value;
    assert_eq!(expand("$NOPE $HOME"), "$NOPE /root");
    assert_eq!(expand("${NOPE}"), "${NOPE}");
    assert_eq!(expand("${NOPE:-$HOME}"), "${NOPE:-/root}");
    assert_eq!(expand("${NOPE##a}"), "${NOPE##a}");
    assert_eq!(expand("${NOPE//a/b}"), "${NOPE/a/b}");
    assert_eq!(expand("${HOME:+x}"), "x");
}

#[test]
fn raw_quotes_and_escapes() {
    let lexer = Lexer::new('\\').raw_quotes(true).raw_escapes(true);
    let expand = |s: &str| lexer.process_word(s, &ENV).unwrap().value;
    assert_eq!(expand(r#"'a'"b\"c"\d"#), r#"'a'"b\"c"\d"#);
    // Raw escapes are switched off inside `${v:-…}` but on inside `${v#…}`.
    assert_eq!(expand(r"${NOPE:-a\b}"), "ab");
    assert_eq!(expand(r"${HOME#\*}"), "/root");
}

#[test]
fn heredoc_detection_mode() {
    // The parser runs the whole instruction line through this lexer to find `<<` words.
    let lexer = Lexer::new('\\')
        .raw_quotes(true)
        .raw_escapes(true)
        .skip_unset_env(true);
    let split = |s: &str| lexer.process_words(s, &EmptyEnv).unwrap().words;
    assert_eq!(split("RUN <<EOF cat"), ["RUN", "<<EOF", "cat"]);
    assert_eq!(split("COPY <<\"A B\" /x"), ["COPY", "<<\"A B\"", "/x"]);
    assert_eq!(split("RUN <<EOF$(x)"), ["RUN", "<<EOF$(x)"]);
    assert_eq!(split("RUN cat <<E\\OF"), ["RUN", "cat", "<<E\\OF"]);
    assert!(lexer.process_words("RUN 'x", &EmptyEnv).is_err());
}

#[test]
fn heredoc_body_mode_keeps_quotes() {
    let lexer = Lexer::new('\\').skip_process_quotes(true);
    let out = lexer
        .process_word("echo \"$HOME\" '$HOME' \\$HOME", &ENV)
        .unwrap();
    assert_eq!(out.value, "echo \"/root\" '/root' $HOME");
}

#[test]
fn words_split_on_unquoted_and_expanded_whitespace() {
    assert_eq!(words("a b\tc"), ["a", "b", "c"]);
    assert_eq!(words("x${SPACED}z"), ["x", "x", "y", "z"]);
    assert_eq!(words("x\"${SPACED}\"z"), ["x  x  y z"]);
    assert_eq!(words("a\\ b 'c d'"), ["a b", "c d"]);
    assert_eq!(words("  "), Vec::<String>::new());
    assert_eq!(words("''"), Vec::<String>::new());
}

#[test]
fn words_lose_their_start_before_an_operator_substitution() {
    // BuildKit quirk: `${v<op>…}` clears the shared word buffer.
    assert_eq!(words("a${NOPE:-b}c d"), ["bc", "d"]);
    assert_eq!(words("a ${NOPE:-b}c"), ["a", "bc"]);
    assert_eq!(words("a${HOME}c"), ["a/rootc"]);
    // The single-word result is not affected.
    assert_eq!(word("a${NOPE:-b}c"), "abc");
}

#[test]
fn a_leading_byte_order_mark_is_skipped() {
    assert_eq!(word("\u{feff}$HOME"), "/root");
    assert_eq!(word("a\u{feff}"), "a\u{feff}");
}

#[test]
fn plain_words_skip_the_lexer_with_the_same_result() {
    for escape in ['\\', '`'] {
        let lexer = Lexer::new(escape);
        for input in [
            "",
            "python:3.12-slim",
            "  spaced\tout \u{a0} words\n",
            "/usr/bin/apt-get",
            "a\u{85}b",
            "caf\u{e9} \u{2003}em",
            "\u{feff}bom",
            "x\u{feff}",
        ] {
            let full = lexer.process(input, &ENV).expect("plain words cannot fail");
            let expected_plain = !input.starts_with('\u{feff}');
            assert_eq!(lexer.is_plain(input), expected_plain, "{input:?}");
            let word = lexer.process_word(input, &ENV).expect("word");
            let words = lexer.process_words(input, &ENV).expect("words");
            assert_eq!(word.value, full.0, "{input:?}");
            assert_eq!(words.words, full.1, "{input:?}");
            assert!(word.matched.is_empty() && word.unmatched.is_empty());
        }
        for special in ["$HOME", "'q'", "\"q\"", "a\\b", "a`b"] {
            assert_ne!(
                lexer.is_plain(special),
                special.contains(['$', '\'', '"']) || special.contains(escape),
                "{special:?} with escape {escape:?}"
            );
        }
    }
}
