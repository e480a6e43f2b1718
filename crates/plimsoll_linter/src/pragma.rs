//! Inline pragmas: hadolint's comment grammar, and plimsoll's spelling with a reason.
//!
//! hadolint (verified against 2.15.1): `#`, optional blanks, `hadolint`, at least one blank,
//! then `ignore=`, `global ignore=`, `stage ignore=` or `shell=`. Codes are `[DLSC0-9]+`
//! (upper case only) separated by commas, blanks allowed around `=` and `,`; after the list only
//! blanks or a `#` comment may follow, anything else makes the whole comment not a pragma.
//!
//! plimsoll: `# plimsoll ignore=CODE[,CODE...] [reason]` (also `global ignore=`,
//! `stage ignore=`). Codes are any rule codes (`DL3008`, `StageNameCasing`, `PL1001`); the text
//! after the list is the reason, kept for the reader.

/// Where an ignore applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IgnoreScope {
    /// hadolint: the line right after the comment. plimsoll: the next instruction.
    Next,
    /// From here to the end of the stage.
    Stage,
    /// The whole file.
    Global,
}

/// Who wrote the pragma, which decides its placement rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PragmaSyntax {
    Hadolint,
    Plimsoll,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pragma {
    Ignore {
        syntax: PragmaSyntax,
        scope: IgnoreScope,
        codes: Vec<String>,
    },
    /// `# hadolint shell=pwsh`: the shell ShellCheck would assume.
    Shell(String),
}

/// Parses the text of a comment line, starting at its `#`.
#[must_use]
pub fn parse_pragma(comment: &str) -> Option<Pragma> {
    let rest = comment.strip_prefix('#')?;
    let rest = rest.trim_start_matches([' ', '\t']);
    if let Some(rest) = rest.strip_prefix("hadolint") {
        parse_hadolint(rest)
    } else if let Some(rest) = rest.strip_prefix("plimsoll") {
        parse_plimsoll(rest)
    } else {
        None
    }
}

fn blanks(text: &str) -> &str {
    text.trim_start_matches([' ', '\t'])
}

fn parse_hadolint(rest: &str) -> Option<Pragma> {
    let after = blanks(rest);
    if after.len() == rest.len() {
        return None;
    }
    let (scope, after) = if let Some(after) = after.strip_prefix("global") {
        (IgnoreScope::Global, blanks(after).strip_prefix("ignore")?)
    } else if let Some(after) = after.strip_prefix("stage") {
        (IgnoreScope::Stage, blanks(after).strip_prefix("ignore")?)
    } else if let Some(after) = after.strip_prefix("ignore") {
        (IgnoreScope::Next, after)
    } else if let Some(after) = after.strip_prefix("shell") {
        let shell = blanks(blanks(after).strip_prefix('=')?);
        let shell: String = shell.chars().take_while(|ch| !ch.is_whitespace()).collect();
        return (!shell.is_empty()).then_some(Pragma::Shell(shell));
    } else {
        return None;
    };
    let mut rest = blanks(blanks(after).strip_prefix('=')?);
    let mut codes = Vec::new();
    loop {
        let end = rest
            .find(|ch: char| !matches!(ch, 'D' | 'L' | 'S' | 'C' | '0'..='9'))
            .unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        codes.push(rest[..end].to_owned());
        rest = blanks(&rest[end..]);
        match rest.strip_prefix(',') {
            Some(next) => rest = blanks(next),
            None => break,
        }
    }
    let rest = rest.trim_end_matches(['\r', '\n', ' ', '\t']);
    if !rest.is_empty() && !rest.starts_with('#') {
        return None;
    }
    Some(Pragma::Ignore {
        syntax: PragmaSyntax::Hadolint,
        scope,
        codes,
    })
}

fn parse_plimsoll(rest: &str) -> Option<Pragma> {
    let rest = blanks(rest.strip_prefix(':').unwrap_or(rest));
    let (scope, after) = if let Some(after) = rest.strip_prefix("global") {
        (IgnoreScope::Global, blanks(after).strip_prefix("ignore")?)
    } else if let Some(after) = rest.strip_prefix("stage") {
        (IgnoreScope::Stage, blanks(after).strip_prefix("ignore")?)
    } else {
        (IgnoreScope::Next, rest.strip_prefix("ignore")?)
    };
    let list = blanks(blanks(after).strip_prefix('=')?);
    let end = list
        .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == ',' || ch == '-' || ch == '_'))
        .unwrap_or(list.len());
    let codes: Vec<String> = list[..end]
        .split(',')
        .filter(|code| !code.is_empty())
        .map(str::to_owned)
        .collect();
    (!codes.is_empty()).then_some(Pragma::Ignore {
        syntax: PragmaSyntax::Plimsoll,
        scope,
        codes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignore(scope: IgnoreScope, syntax: PragmaSyntax, codes: &[&str]) -> Option<Pragma> {
        Some(Pragma::Ignore {
            syntax,
            scope,
            codes: codes.iter().map(|code| (*code).to_owned()).collect(),
        })
    }

    #[test]
    fn hadolint_grammar() {
        use IgnoreScope::*;
        use PragmaSyntax::Hadolint as H;
        assert_eq!(
            parse_pragma("# hadolint ignore=DL3006"),
            ignore(Next, H, &["DL3006"])
        );
        assert_eq!(
            parse_pragma("#hadolint ignore = DL3003 , SC2086 # why"),
            ignore(Next, H, &["DL3003", "SC2086"])
        );
        assert_eq!(
            parse_pragma("# hadolint global ignore=DL3003"),
            ignore(Global, H, &["DL3003"])
        );
        assert_eq!(
            parse_pragma("# hadolint stage ignore=DL3011"),
            ignore(Stage, H, &["DL3011"])
        );
        assert_eq!(
            parse_pragma("# hadolint shell=powershell"),
            Some(Pragma::Shell("powershell".into()))
        );
        // What hadolint silently does not accept.
        assert_eq!(parse_pragma("# hadolint ignore=DL3003 reason"), None);
        assert_eq!(parse_pragma("# hadolint ignore=dl3003"), None);
        assert_eq!(parse_pragma("# hadolintignore=DL3003"), None);
        assert_eq!(parse_pragma("# hadolint ignore="), None);
        assert_eq!(parse_pragma("# a comment"), None);
    }

    #[test]
    fn plimsoll_grammar_takes_any_code_and_a_reason() {
        use IgnoreScope::*;
        use PragmaSyntax::Plimsoll as P;
        assert_eq!(
            parse_pragma("# plimsoll ignore=DL3008,StageNameCasing pinned by the base image"),
            ignore(Next, P, &["DL3008", "StageNameCasing"])
        );
        assert_eq!(
            parse_pragma("# plimsoll: stage ignore=PL1001"),
            ignore(Stage, P, &["PL1001"])
        );
        assert_eq!(
            parse_pragma("# plimsoll global ignore=DL3059"),
            ignore(Global, P, &["DL3059"])
        );
        assert_eq!(parse_pragma("# plimsoll ignore="), None);
    }
}
