//! What BuildKit's build checks (`docker build --check`) need beyond the semantic model: a
//! static replay of BuildKit's conversion ([`Build`]), the `# check=` options ([`CheckOptions`])
//! and the small pieces of Go libraries the checks depend on (image references, platforms,
//! EXPOSE ports, signals).

mod build;
mod options;
pub mod platform;
pub mod ports;
pub mod reference;
pub mod signal;

pub use build::{
    Build, ContextSource, ExpandedWord, FromStep, Location, PlatformStep, Port, Step, WordRole,
    is_git_source, is_http_source,
};
pub use options::{CheckOptions, CheckOptionsError};

use plimsoll_text::{Diagnostic, TextRange};

use crate::checker::Checker;
use crate::semantic::NodeId;

/// Reports a finding of a BuildKit check made while BuildKit processed `location`: on
/// BuildKit's line (the instruction's first line, or for an ONBUILD trigger run in a child
/// stage, that stage's `FROM`), at `token` when it lies on that line, else at the keyword.
/// The instruction's `# check=` comments apply.
pub fn report<'c>(
    checker: &'c mut Checker<'_, '_>,
    location: Location,
    token: TextRange,
    message: impl Into<String>,
) -> &'c mut Diagnostic {
    let model = checker.model;
    let reported = model.node(location.reported_node()).instruction;
    let range = if location.reported_at.is_some() {
        reported.keyword.range
    } else {
        span_on_line(
            model.source(),
            reported.range,
            token,
            reported.keyword.range,
        )
    };
    // A trigger run in a child stage has no comments of its own.
    let owner = location.reported_at.is_none().then_some(location.node);
    checker.report_for(owner, range, Some(reported.range), message)
}

/// [`report`] for an instruction BuildKit reports where it is written.
pub fn report_node<'c>(
    checker: &'c mut Checker<'_, '_>,
    node: NodeId,
    token: TextRange,
    message: impl Into<String>,
) -> &'c mut Diagnostic {
    report(
        checker,
        Location {
            node,
            reported_at: None,
        },
        token,
        message,
    )
}

/// A span for a finding BuildKit reports at the line of `location` (an instruction's range):
/// `token` when it starts on that line, else `fallback` (a token on that line, usually the
/// keyword), so the reported line is BuildKit's.
#[must_use]
pub fn span_on_line(
    source: &str,
    location: TextRange,
    token: TextRange,
    fallback: TextRange,
) -> TextRange {
    let line_start = source[..location.start as usize]
        .rfind('\n')
        .map_or(0, |index| index + 1);
    let line_end = source[location.start as usize..]
        .find('\n')
        .map_or(source.len(), |index| location.start as usize + index);
    if (line_start..=line_end).contains(&(token.start as usize)) {
        token
    } else {
        fallback
    }
}

/// The range of the reference to variable `name` (`$name`, `${name}`, `${name:-…}`) inside
/// `token`, or `token` when it cannot be found.
#[must_use]
pub fn variable_reference(source: &str, token: TextRange, name: &str, escape: char) -> TextRange {
    let text = token.slice(source);
    let is_name = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut escaped = false;
    for (index, ch) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if ch == escape {
            escaped = true;
            continue;
        }
        if ch != '$' {
            continue;
        }
        let rest = &text[index + 1..];
        let (braced, after) = match rest.strip_prefix('{') {
            Some(inner) => (true, inner),
            None => (false, rest),
        };
        let Some(tail) = after.strip_prefix(name) else {
            continue;
        };
        if tail.chars().next().is_some_and(is_name) {
            continue;
        }
        let mut len = 1 + usize::from(braced) + name.len();
        if braced {
            // Up to the matching `}` (operands such as `${A:-${B}}` nest).
            let mut depth = 1;
            for (offset, ch) in tail.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    len += offset + 1;
                    break;
                }
            }
        }
        let start = token.start + u32::try_from(index).unwrap_or(0);
        return TextRange::new(start, start + u32::try_from(len).unwrap_or(0));
    }
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_variable_references() {
        let source = "COPY \\$A ${A}/$AB:$A_ ${A:-x} $A ${B:-${C}}/x .";
        let token = TextRange::new(5, u32::try_from(source.len()).unwrap());
        let found = variable_reference(source, token, "A", '\\');
        assert_eq!(found.slice(source), "${A}");
        let found = variable_reference(source, token, "AB", '\\');
        assert_eq!(found.slice(source), "$AB");
        assert_eq!(variable_reference(source, token, "Z", '\\'), token);
        let found = variable_reference(source, token, "B", '\\');
        assert_eq!(found.slice(source), "${B:-${C}}");
    }

    #[test]
    fn spans_stay_on_the_reported_line() {
        let source = "COPY a \\\n  $B /\n";
        let location = TextRange::new(0, 15);
        let keyword = TextRange::new(0, 4);
        let b = TextRange::new(11, 13);
        assert_eq!(span_on_line(source, location, b, keyword), keyword);
        let a = TextRange::new(5, 6);
        assert_eq!(span_on_line(source, location, a, keyword), a);
    }
}
