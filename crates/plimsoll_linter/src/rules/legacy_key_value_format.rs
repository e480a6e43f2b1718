use plimsoll_syntax::dockerfile::instructions::Command;
use plimsoll_syntax::dockerfile::{Args, KeyValue};
use plimsoll_text::{Edit, Fix};

use crate::buildkit::report;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks for `ENV` and `LABEL` in the legacy `KEY value` form (whitespace instead of `=`).
    /// `ARG a b` is not this form: it declares two args.
    ///
    /// ## Why is this bad?
    /// The legacy form takes the whole rest of the line as one value, so `ENV A 1 B 2` sets `A`
    /// to `1 B 2`. It is deprecated, and it cannot set several variables at once.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV PYTHONUNBUFFERED 1
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ENV PYTHONUNBUFFERED=1
    /// ```
    ///
    /// ## Fix
    /// Safe, when the value is one word, quotes included (`KEY=value`, `KEY="two words"`), or
    /// contains no quote or escape character (`KEY="value with spaces"`); otherwise there is no
    /// fix.
    ///
    /// ## See also
    /// <https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/>.
    pub struct LegacyKeyValueFormat {
        code: "LegacyKeyValueFormat",
        name: "legacy-key-value-format",
        origin: BuildKit,
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for LegacyKeyValueFormat {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        let escape = checker.model.dockerfile().escape();
        for step in build.steps() {
            let (Command::Env(pairs) | Command::Label(pairs)) = &step.typed.command else {
                continue;
            };
            if !step.expanded() {
                continue;
            }
            let tree = match &step.instruction.args {
                Args::KeyValues(tree) => tree.as_slice(),
                _ => &[],
            };
            for (index, pair) in pairs.iter().enumerate() {
                if !pair.no_delim {
                    continue;
                }
                let keyword = step.keyword();
                let message = format!(
                    "\"{keyword} key=value\" should be used instead of legacy \"{keyword} key value\" format"
                );
                let Some(written) = tree.get(index) else {
                    continue;
                };
                let token = written.key.range.cover(written.value.range);
                let fix = (step.location.reported_at.is_none())
                    .then(|| key_value_fix(checker.source(), written, escape))
                    .flatten();
                report(checker, step.location, token, message).fix = fix;
            }
        }
    }
}

/// Whether BuildKit reads `value` as one word in the `KEY=value` form: no whitespace outside
/// quotes, no unterminated quote.
fn is_one_word(value: &str, escape: char) -> bool {
    let mut quote = None;
    let mut chars = value.chars();
    while let Some(ch) = chars.next() {
        match quote {
            None if ch.is_whitespace() => return false,
            None if ch == escape => {
                chars.next();
            }
            None if ch == '"' || ch == '\'' => quote = Some(ch),
            Some('"') if ch == escape => {
                chars.next();
            }
            Some(open) if ch == open => quote = None,
            _ => {}
        }
    }
    quote.is_none()
}

/// `KEY value` → `KEY=value` or `KEY="value"`, when that keeps the value.
fn key_value_fix(source: &str, pair: &KeyValue<'_>, escape: char) -> Option<Fix> {
    let key = pair.key.range.slice(source);
    let value = pair.value.range.slice(source);
    if key != pair.key.as_str() || value != pair.value.as_str() || value.contains('\n') {
        return None;
    }
    let replacement = if is_one_word(value, escape) {
        format!("{key}={value}")
    } else if !value.contains(['"', '\'', escape]) {
        format!("{key}=\"{value}\"")
    } else {
        return None;
    };
    Some(Fix::safe(
        "Use the `KEY=value` form",
        vec![Edit::replacement(
            replacement,
            pair.key.range.cover(pair.value.range),
        )],
    ))
}
