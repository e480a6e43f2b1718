//! Differential tests of the fast path (`simple.rs`): wherever it accepts a script, its model
//! must equal what lowering shuck's AST gives.

use super::Dialect;
use super::lower::parse_with_shuck;
use super::simple::try_parse;

/// Parses `source` both ways at two base offsets; asserts equality when the fast path accepts.
/// Returns whether it accepted.
fn differential(source: &str) -> bool {
    let mut accepted = None;
    for base in [0, 23] {
        let fast = try_parse(source, base, Dialect::Bash);
        if let Some(fast) = &fast {
            let shuck = parse_with_shuck(source, base, Dialect::Bash);
            if fast != &shuck {
                let smallest = shrink(source);
                let fast = try_parse(&smallest, 0, Dialect::Bash);
                let shuck = parse_with_shuck(&smallest, 0, Dialect::Bash);
                panic!(
                    "fast path differs from shuck on {source:?}\nsmallest such input: \
                     {smallest:?}\nfast:  {fast:?}\nshuck: {shuck:?}"
                );
            }
        }
        assert!(
            accepted.is_none_or(|accepted| accepted == fast.is_some()),
            "acceptance depends on the base offset: {source:?}"
        );
        accepted = Some(fast.is_some());
    }
    accepted.unwrap_or_default()
}

/// Whether the fast path accepts `source` and disagrees with shuck.
fn differs(source: &str) -> bool {
    try_parse(source, 0, Dialect::Bash)
        .is_some_and(|fast| fast != parse_with_shuck(source, 0, Dialect::Bash))
}

/// Removes characters from a differing input while it still differs, for a readable report.
fn shrink(source: &str) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    let mut chunk = chars.len().max(1);
    while chunk > 0 {
        let mut start = 0;
        while start < chars.len() {
            let end = (start + chunk).min(chars.len());
            let candidate: String = chars[..start].iter().chain(&chars[end..]).collect();
            if differs(&candidate) {
                chars.drain(start..end);
            } else {
                start += chunk;
            }
        }
        chunk /= 2;
    }
    chars.into_iter().collect()
}

#[track_caller]
fn accepted(source: &str) {
    assert!(differential(source), "fast path should accept {source:?}");
}

#[track_caller]
fn falls_back(source: &str) {
    assert!(
        try_parse(source, 0, Dialect::Bash).is_none(),
        "fast path should leave {source:?} to shuck"
    );
    // The shuck path must still work on it.
    let _ = parse_with_shuck(source, 0, Dialect::Bash);
}

#[test]
fn plain_commands_and_lists() {
    for source in [
        "",
        "   ",
        "# only a comment",
        "\n\n  \n",
        "apt-get update",
        "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*",
        "a || b && c",
        "a; b ;c",
        "a;",
        "a &",
        "a & b",
        "a\nb",
        "a\n\n\nb\n",
        "\na",
        "a | b | c",
        "a |& b",
        "a |\n  b",
        "a &&\n  b",
        "a && \\\n  b",
        "a \\\n  && b",
        "a  # x\n  # y\n\nb",
        "a;# x\n",
        "a # trailing",
        "a &&  # comment\n b",
        "a;\nb",
        "a &\nb",
        "e a\tb\tc",
        "e \\\n  a \\\n  b",
        "e a&&b||c|d;e&f",
        "set -o pipefail && curl x | sh",
        "set -eux; a | b",
        "set +o pipefail\nx | y",
    ] {
        accepted(source);
    }
}

#[test]
fn words() {
    for source in [
        r#"echo a\"b "x\"y" 'q' a"b"c --opt="a b" '' "" x$VAR ${VAR}y ${VAR:-x} $1 $@ $? $$ $ a$ $10"#,
        r#"grep " node-v$V.tar.gz" SHASUMS256.txt | sha256sum -c -"#,
        r"e a\$b a\\b a\ b a\'b \'b a\xb x\yz\w",
        r#"e "a"\"b 'a'\$b $X\"y"#,
        "e a$/b $/ a$-x $-x $*x $# $! $0 $_ $a_1b $=x a$=",
        "e \"a$\" \"$\" \"a\\\"b\" \"${X}\" \"$1x\" \"\\$X\" \"a\\xb\" \"$X$Y\" \"a$ b\" x\"$X\"",
        r#"e "a\\\"b" "\\" '\' 'a'"b""#,
        "e ~ ~/x a~ *.c ?x [ab] {a,b} x=~/y A=~/z",
        "e a\\\nb \\\\ \\$x end\\\n",
        "e a\\",
        "e a\\\"\\\nb",
        "e {a,b}x {a} {x}y {} \\;",
        "find . -name '*.pyc' -exec rm -f {} +",
        "e ${X:-a} ${#X} ${X%%.*} ${X/a/b} ${X:0:2} ${!X} ${X^^} ${X-}",
        "e \"${X:-a}\" \"a${#X}b\"",
        "e ]] a]] ! a!b",
        "e foo#",
        "e a#b #c",
        "[ -f x ] && echo y",
        "e é ü\\é \"ß\"",
        "e --opt=\"$HOME/x\" -Dx='y z'",
        "e a=b c+=d",
    ] {
        accepted(source);
    }
}

#[test]
fn assignments_and_redirects() {
    for source in [
        "A=b",
        "A=b B+=c C= cmd",
        "A=b\"c\"$D B=\"x\" C=$E D+=x _a1=x F=b=c x",
        "A=\"x y\" B='z'",
        "A=$X",
        "A=\\\"x B=x\\ y",
        "A=b >out",
        ">f A=b cmd",
        ">f",
        "cmd >out 2>/dev/null >&2 2>&1 <in &>f >|g <>h 10>x",
        "e 2>&1 1>&2 >&2 2>&- >&- 2>&1x 2>& 1 <&0 0<&3 2>>f 2>|f 2<f 2<>f > f >\\\nf",
        "e 2>&1 | tee log",
        "e>f;e<f",
        "a 2>&1\nb 2>/dev/null",
        "curl -fsSL https://x.example/install.sh 2>&1 >/dev/null || true",
    ] {
        accepted(source);
    }
}

#[test]
fn constructs_left_to_shuck() {
    for source in [
        "echo $(date)",
        "echo `date`",
        "echo $((1 + 2))",
        "echo $[1]",
        "echo $'a\\tb'",
        "echo $\"a\"",
        "echo \"$(date)\"",
        "echo \"`date`\"",
        "(cd x && make)",
        "{ a; b; }",
        "if true; then a; fi",
        "for x in a b; do echo $x; done",
        "while true; do :; done",
        "case x in a) b;; esac",
        "! grep x y",
        "time make",
        "f() { a; }",
        "function f { a; }",
        "[[ -f x ]]",
        "cat <<EOF\nx\nEOF",
        "cat <<< x",
        "a=(1 2)",
        "a[1]=x",
        "export A=b",
        "A=1 export B=2",
        "declare -x A",
        "local a",
        "readonly a=1",
        "exit 1",
        "a && exit 0",
        "return",
        "diff <(a) <(b)",
        "a >(b)",
        "a;;",
        "a; ;b",
        "a &&",
        "&& a",
        "a |",
        "a &>> f",
        "a >",
        "a > ;",
        "a >#x",
        "a}b",
        "}",
        "echo \"unterminated",
        "echo 'unterminated",
        "echo ${X",
        "echo ${X:-$Y}",
        "echo ${X:-\"a\"}",
        "echo \"${X:-a b}\"",
        "a\r\nb",
        "echo a{b",
        r#"grep " node-v$V.tar.gz\$" SHASUMS256.txt"#,
        r#"e "a\\$X""#,
        "echo \"a\\\nb\"",
        "echo x{a,b} x{}",
        "e $X{a,b} \"a\"{b,c}",
        "echo x\\{a,b}",
        "alias x=y",
        "shopt -s extglob",
        "echo @(a|b)",
        "A=\\\n",
        "echo $X\\\nb",
    ] {
        falls_back(source);
    }
}

/// xorshift64*: a tiny deterministic generator, enough to vary scripts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const WORD_PIECES: &[&str] = &[
    // plain
    "a",
    "foo",
    "-y",
    "--opt=",
    "/usr/bin/x",
    "x=1",
    "*.c",
    "?",
    "[ab]",
    "[",
    "]",
    "]]",
    "~",
    "~/x",
    "a#b",
    "#",
    "é",
    "%",
    ":",
    "@",
    ",",
    "+",
    ".",
    "1",
    "22",
    "!",
    "=",
    "-",
    "in",
    "do",
    // quotes
    "'a b'",
    "''",
    "\"\"",
    "\"x y\"",
    "\"a\\\"b\"",
    "\"\\\\\"",
    "\"$X\"",
    "\"${X}\"",
    "\"a$\"",
    "\"$1x\"",
    "\"\\$X\"",
    "\"a\\\\$X\"",
    "\"a\\\nb\"",
    "\"${X:-a}\"",
    "\"$@\"",
    "'\\'",
    "\"a'b\"",
    "'a\"b'",
    "\"$X\\$\"",
    "\"${X}a\\\"b\"",
    "\"a$X\\\\\"",
    "\"é\\é\"",
    "\"$\"",
    "\"a$/\"",
    // escapes and continuations
    "\\\"",
    "\\\\",
    "\\$",
    "\\ ",
    "\\'",
    "\\x",
    "\\\n",
    "\\é",
    "\\#",
    "\\;",
    // parameters
    "$X",
    "${X}",
    "${X:-a}",
    "${#X}",
    "${X%%.*}",
    "${X/a/b}",
    "$1",
    "$@",
    "$?",
    "$$",
    "$",
    "$-",
    "$*",
    "$10",
    "${}",
    "$/",
    "$_a",
    "$é",
    "${!X}",
    "${X[0]}",
    "${X:0:2}",
];

/// Words that only stand alone (a brace or bracket inside a word is left to shuck).
const WHOLE_WORDS: &[&str] = &["{a,b}", "{}", "{x}", "{a,b}x", "]", "]]", "[", "!", "{}/x"];

/// Pieces the fast path leaves to shuck (or that shuck rejects), mixed in now and then.
const RISKY_PIECES: &[&str] = &[
    "$(date)", "`x`", "$((1))", "$'a'", "$\"a\"", "(", ")", "<(a)", "{", "}", "${X", "\\{",
    "${X:-$Y}", "\"$'x'\"", "a{x}", "x{a,b}", "\"`x`\"", "\"$(y)\"", "\r", "\\", "'", "\"", "a{",
    "}b",
];

const NAMES: &[&str] = &[
    "echo", "apt-get", "set", "cd", "[", "\"echo\"", "$X", "eval", "exec", "trap", "let", "test",
    "true", "1", "2x", "]", "'set'", "e\\cho", "~/bin/x", "./run.sh", "rm", "pip", "a$", "x${X}",
];

const RISKY_NAMES: &[&str] = &[
    "export",
    "if",
    "!",
    "exit",
    "time",
    "{",
    "[[",
    "do",
    "in",
    "{a,b}",
    "local",
    "function",
    "\"export\"",
    "'exit'",
];

const REDIRECTS: &[&str] = &[
    ">", ">>", ">|", "<", "<>", "&>", ">&", "<&", "2>", "2>>", "2>&1", "1>&2", ">&2", "2>&-",
    "<&-", "0<&3", "2>&1x", "10>", "2>& ", "3<&0", "2<&-", "2<&-x", ">&-", "> ", "2> ",
];

const RISKY_REDIRECTS: &[&str] = &["&>>", "<<", "<<<", "<(", ">("];

const ASSIGNMENTS: &[&str] = &["A=", "B+=", "_c=", "e1="];

const RISKY_ASSIGNMENTS: &[&str] = &["a[1]=", "D=("];

const BLANKS: &[&str] = &[" ", " ", " ", "\t", " \\\n  ", "  "];

const TERMINATORS: &[&str] = &[
    ";",
    " ; ",
    "\n",
    " &\n",
    " & ",
    "\n\n",
    " # c\n",
    ";\n",
    "\n  # note\n",
    " \\\n# c\n",
];

const RISKY_TERMINATORS: &[&str] = &[";;", "\r\n", ";&", "&|", ";|"];

const JOINERS: &[&str] = &[
    " && ",
    " || ",
    " &&\n  ",
    " && \\\n  ",
    "&&",
    " | ",
    "|",
    " |& ",
];

/// Usually from `safe`, now and then from `risky`.
fn pick_mostly<'a>(rng: &mut Rng, safe: &[&'a str], risky: &[&'a str]) -> &'a str {
    if rng.chance(3) {
        rng.pick(risky)
    } else {
        rng.pick(safe)
    }
}

fn random_word(rng: &mut Rng) -> String {
    if rng.chance(5) {
        return rng.pick(WHOLE_WORDS).to_owned();
    }
    let mut word = String::new();
    for _ in 0..=rng.below(3) {
        let pieces = if rng.chance(1) {
            RISKY_PIECES
        } else {
            WORD_PIECES
        };
        word.push_str(rng.pick(pieces));
    }
    word
}

fn random_command(rng: &mut Rng, out: &mut String) {
    for _ in 0..rng.below(3).saturating_sub(1) {
        out.push_str(pick_mostly(rng, ASSIGNMENTS, RISKY_ASSIGNMENTS));
        if rng.chance(80) {
            out.push_str(&random_word(rng));
        }
        out.push_str(rng.pick(BLANKS));
    }
    if rng.chance(10) {
        out.push_str(pick_mostly(rng, REDIRECTS, RISKY_REDIRECTS));
        out.push_str(&random_word(rng));
        out.push(' ');
    }
    if rng.chance(95) {
        let names = if rng.chance(5) { RISKY_NAMES } else { NAMES };
        out.push_str(rng.pick(names));
    }
    for _ in 0..rng.below(5) {
        out.push_str(rng.pick(BLANKS));
        if rng.chance(15) {
            out.push_str(pick_mostly(rng, REDIRECTS, RISKY_REDIRECTS));
            if rng.chance(30) {
                out.push(' ');
            }
        }
        out.push_str(&random_word(rng));
    }
}

fn random_script(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.chance(10) {
        out.push_str("\n# header\n");
    }
    for statement in 0..=rng.below(3) {
        if statement > 0 {
            out.push_str(pick_mostly(rng, TERMINATORS, RISKY_TERMINATORS));
        }
        for pipeline in 0..=rng.below(3) {
            if pipeline > 0 {
                out.push_str(rng.pick(JOINERS));
            }
            random_command(rng, &mut out);
        }
    }
    if rng.chance(20) {
        out.push_str(pick_mostly(rng, TERMINATORS, RISKY_TERMINATORS));
    }
    out
}

/// Scripts from a token grammar biased towards what the fast path accepts, with every tricky
/// token mixed in.
#[test]
fn random_scripts_match_shuck() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let total = 50_000;
    let mut accepted = 0;
    for _ in 0..total {
        let script = random_script(&mut rng);
        accepted += usize::from(differential(&script));
    }
    eprintln!("fast path accepted {accepted} of {total} random scripts");
    assert!(
        accepted * 10 > total,
        "too few random scripts accepted ({accepted} of {total}) for the test to mean much"
    );
}

/// Short scripts of shell-significant characters, to reach corners no grammar thinks of.
#[test]
fn random_character_soup_matches_shuck() {
    const ALPHABET: &[&str] = &[
        "a", "b", "1", "2", "=", "$", "{", "}", "\"", "'", "\\", " ", " ", "\t", "\n", ";", "&",
        "|", "<", ">", "#", "~", "*", "[", "]", "!", "-", "_", "é", "\\\n", "x ", "$X", "A=",
    ];
    let mut rng = Rng(0x0bad_cafe_f00d_beef);
    let total = 50_000;
    let mut accepted = 0;
    for _ in 0..total {
        let mut script = String::new();
        for _ in 0..=rng.below(12) {
            script.push_str(rng.pick(ALPHABET));
        }
        accepted += usize::from(differential(&script));
    }
    eprintln!("fast path accepted {accepted} of {total} character soups");
}
