//! Heredoc detection: BuildKit's `heredocsFromLine` and `ParseHeredoc`.
//!
//! BuildKit finds heredoc words by running its shell lexer (`shell.NewLex('\\')` with
//! `RawQuotes`, `RawEscapes` and `SkipUnsetEnv`, empty environment, `ProcessWords`) over the
//! whole logical line, and then lexes each candidate's delimiter twice more (with and without
//! `RawQuotes`) to get the name and the expand flag.
//!
//! This is a private, position-tracking copy of exactly that lexer configuration, kept here
//! rather than using `plimsoll_syntax::expand` because the parser needs two things the general
//! lexer does not give: the byte span of every word (for heredoc marker ranges) and BuildKit's
//! HEAD rule that whitespace directly after `<<` does not end the word (`<<  EOF` is one word,
//! `<<- EOF` is two). With an empty environment and `SkipUnsetEnv`, every `$` form is returned
//! as written, so no expansion code is needed; the error cases (`${}`, unsupported modifiers,
//! unterminated quotes or braces) are reproduced with BuildKit's messages.
//!
//! BuildKit's word-buffer quirk is kept as in [`crate::expand`]: a `${...}` with an operator
//! clears the text of the word being built (`<<${X:-y}` is the word `${X:-y}`, not a heredoc).
//!
//! Known approximation: `N<< EOF` (digits before `<<`, then a space) is glued like `<< EOF`;
//! BuildKit's source for the glue rule was not available, only its behaviour on `<<  EOF` and
//! `<<- EOF`.

use crate::gocompat::{is_digit, is_letter};

use super::go;

/// A word of the logical line and the byte span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineWord {
    pub(crate) text: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// The words BuildKit's heredoc scan sees; a lexer error means no words (BuildKit ignores it).
pub(crate) fn line_words(line: &str) -> Vec<LineWord> {
    let mut lexer = Lexer::new(line, true, true);
    lexer.glue_heredoc = true;
    match lexer.process_stop_on(None, true) {
        Ok((_, words)) => words,
        Err(_) => Vec::new(),
    }
}

/// A heredoc word's meaning (BuildKit's `Heredoc` without content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeredocSpec {
    pub(crate) name: String,
    pub(crate) file_descriptor: u64,
    pub(crate) chomp: bool,
    pub(crate) expand: bool,
}

/// BuildKit's `ParseHeredoc`: `Ok(None)` when `word` is not a heredoc, `Err` with BuildKit's
/// message when lexing the delimiter fails.
pub(crate) fn parse_heredoc(word: &str) -> Result<Option<HeredocSpec>, String> {
    // ^(\d*)<<(-?)\s*([^<]*)$
    let bytes = word.as_bytes();
    let digits = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    if !bytes[digits..].starts_with(b"<<") {
        return Ok(None);
    }
    let mut pos = digits + 2;
    let chomp = bytes.get(pos) == Some(&b'-');
    if chomp {
        pos += 1;
    }
    while matches!(bytes.get(pos), Some(b'\t' | b'\n' | 0x0C | b'\r' | b' ')) {
        pos += 1;
    }
    let rest = &word[pos..];
    if rest.contains('<') || rest.is_empty() {
        return Ok(None);
    }
    // strconv.ParseUint(match[1], 10, 0) with the error ignored: empty is 0, overflow saturates.
    let file_descriptor = word[..digits].bytes().fold(0u64, |acc, digit| {
        acc.checked_mul(10)
            .and_then(|acc| acc.checked_add(u64::from(digit - b'0')))
            .unwrap_or(u64::MAX)
    });

    let wrap = |error: String| format!("failed to process {}: {error}", go::quote(rest));
    let words = Lexer::new(rest, false, false)
        .process_stop_on(None, false)
        .map_err(wrap)?
        .1;
    if words.len() != 1 {
        return Ok(None);
    }
    let raw_words = Lexer::new(rest, true, false)
        .process_stop_on(None, false)
        .map_err(wrap)?
        .1;
    if raw_words.len() != words.len() {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {rest}"
        ));
    }
    let quotes = |text: &str| text.bytes().filter(|b| *b == b'\'' || *b == b'"').count();
    let name = words[0].text.clone();
    let expand = quotes(&name) == quotes(&raw_words[0].text);
    Ok(Some(HeredocSpec {
        name,
        file_descriptor,
        chomp,
        expand,
    }))
}

/// BuildKit's `shellWord` for escape `\`, `SkipUnsetEnv` and an empty environment.
struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    raw_quotes: bool,
    raw_escapes: bool,
    glue_heredoc: bool,
    /// Counts `processStopOn` calls: a nested one resets BuildKit's shared word buffer.
    generation: u64,
}

/// Go's `wordsStruct`, plus the span of each word.
struct Words {
    words: Vec<LineWord>,
    buf: String,
    in_word: bool,
    start: usize,
    end: usize,
    glue_heredoc: bool,
}

impl Words {
    fn new(glue_heredoc: bool) -> Self {
        Self {
            words: Vec::new(),
            buf: String::new(),
            in_word: false,
            start: 0,
            end: 0,
            glue_heredoc,
        }
    }

    fn touch(&mut self, start: usize, end: usize) {
        if !self.in_word {
            self.start = start;
        }
        self.in_word = true;
        self.end = end;
    }

    fn add_char(&mut self, ch: char, start: usize, end: usize) {
        if go::is_space(ch) && self.in_word {
            if !self.buf.is_empty() {
                if self.glue_heredoc && self.buf.ends_with("<<") {
                    self.end = end;
                    return;
                }
                self.flush();
            }
        } else if !go::is_space(ch) {
            self.add_raw_char(ch, start, end);
        }
    }

    fn add_raw_char(&mut self, ch: char, start: usize, end: usize) {
        self.touch(start, end);
        self.buf.push(ch);
    }

    fn add_string(&mut self, text: &str, start: usize, end: usize) {
        for ch in text.chars() {
            self.add_char(ch, start, end);
        }
    }

    fn add_raw_string(&mut self, text: &str, start: usize, end: usize) {
        self.touch(start, end);
        self.buf.push_str(text);
    }

    fn flush(&mut self) {
        self.words.push(LineWord {
            text: std::mem::take(&mut self.buf),
            start: self.start,
            end: self.end,
        });
        self.in_word = false;
    }

    fn finish(mut self) -> Vec<LineWord> {
        if !self.buf.is_empty() {
            self.flush();
        }
        self.words
    }
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str, raw_quotes: bool, raw_escapes: bool) -> Self {
        // Go's text/scanner skips a byte-order mark at the very start.
        let pos = if src.starts_with('\u{FEFF}') { 3 } else { 0 };
        Self {
            src,
            pos,
            raw_quotes,
            raw_escapes,
            glue_heredoc: false,
            generation: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    fn process_stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<LineWord>), String> {
        let saved = self.raw_escapes;
        self.raw_escapes = raw_escapes;
        let result = self.stop_on(stop);
        self.raw_escapes = saved;
        result
    }

    fn stop_on(&mut self, stop: Option<char>) -> Result<(String, Vec<LineWord>), String> {
        self.generation += 1;
        let mut result = String::new();
        let mut words = Words::new(self.glue_heredoc);
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.next();
                return Ok((result, words.finish()));
            }
            let start = self.pos;
            let generation = self.generation;
            match ch {
                '$' => {
                    let text = self.process_dollar()?;
                    result.push_str(&text);
                    if self.generation != generation {
                        words.buf.clear();
                    }
                    words.add_string(&text, start, self.pos);
                }
                '\'' => {
                    let text = self.single_quote()?;
                    result.push_str(&text);
                    words.add_raw_string(&text, start, self.pos);
                }
                '"' => {
                    let text = self.double_quote()?;
                    result.push_str(&text);
                    if self.generation != generation {
                        words.buf.clear();
                    }
                    words.add_raw_string(&text, start, self.pos);
                }
                _ => {
                    self.next();
                    if ch == '\\' {
                        if self.raw_escapes {
                            words.add_raw_char('\\', start, self.pos);
                            result.push('\\');
                        }
                        let Some(escaped) = self.next() else {
                            break;
                        };
                        words.add_raw_char(escaped, start, self.pos);
                        result.push(escaped);
                    } else {
                        words.add_char(ch, start, self.pos);
                        result.push(ch);
                    }
                }
            }
        }
        if let Some(stop) = stop {
            return Err(format!(
                "unexpected end of statement while looking for matching {stop}"
            ));
        }
        Ok((result, words.finish()))
    }

    fn single_quote(&mut self) -> Result<String, String> {
        let mut result = String::new();
        self.next();
        if self.raw_quotes {
            result.push('\'');
        }
        loop {
            match self.next() {
                None => {
                    return Err(
                        "unexpected end of statement while looking for matching single-quote"
                            .to_string(),
                    );
                }
                Some('\'') => {
                    if self.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    fn double_quote(&mut self) -> Result<String, String> {
        let mut result = String::new();
        self.next();
        if self.raw_quotes {
            result.push('"');
        }
        loop {
            match self.peek() {
                None => {
                    return Err(
                        "unexpected end of statement while looking for matching double-quote"
                            .to_string(),
                    );
                }
                Some('"') => {
                    self.next();
                    if self.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let text = self.process_dollar()?;
                    result.push_str(&text);
                }
                Some(_) => {
                    let mut ch = self.next().unwrap_or('\0');
                    if ch == '\\' {
                        if self.raw_escapes {
                            result.push('\\');
                        }
                        match self.peek() {
                            None => continue,
                            Some('"' | '$' | '\\') => ch = self.next().unwrap_or('\0'),
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    fn process_dollar(&mut self) -> Result<String, String> {
        self.next(); // '$'
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            return Ok(format!("${name}"));
        }
        self.next(); // '{'
        match self.peek() {
            None => return Err("syntax error: missing '}'".to_string()),
            Some('{' | '}' | ':') => return Err("syntax error: bad substitution".to_string()),
            Some(_) => {}
        }
        let name = self.process_name();
        let mut ch = self.next();
        let mut modifier = String::from(ch.unwrap_or('\u{FFFD}'));
        let mut null_is_unset = false;
        match ch {
            Some('}') => return Ok(format!("${{{name}}}")),
            Some(':') => {
                null_is_unset = true;
                ch = self.next();
                modifier.push(ch.unwrap_or('\u{FFFD}'));
            }
            Some('+' | '-' | '?' | '#' | '%') => {}
            Some('/') => {
                if self.peek() == Some('/') {
                    self.next();
                }
                let pattern = self.nested(Some('/'), true, "syntax error: missing '/' in ${}")?;
                let replacement = self.nested(Some('}'), true, "syntax error: missing '}'")?;
                return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
            }
            _ => return Err(format!("unsupported modifier ({modifier}) in substitution")),
        }
        let raw_escapes = matches!(ch, Some('#' | '%'));
        if null_is_unset && raw_escapes {
            return Err(format!("unsupported modifier ({modifier}) in substitution"));
        }
        let word = self.nested(Some('}'), raw_escapes, "syntax error: missing '}'")?;
        Ok(format!("${{{name}{modifier}{word}}}"))
    }

    /// A nested `processStopOn`; an error at the end of the input becomes `at_eof`.
    fn nested(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        at_eof: &str,
    ) -> Result<String, String> {
        match self.process_stop_on(stop, raw_escapes) {
            Ok((text, _)) => Ok(text),
            Err(_) if self.peek().is_none() => Err(at_eof.to_string()),
            Err(error) => Err(error),
        }
    }

    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && is_digit(ch) {
                while let Some(digit) = self.peek().filter(|ch| is_digit(*ch)) {
                    self.next();
                    name.push(digit);
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.next();
                return ch.to_string();
            }
            if !is_letter(ch) && !is_digit(ch) && ch != '_' {
                break;
            }
            self.next();
            name.push(ch);
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        line_words(line).into_iter().map(|word| word.text).collect()
    }

    fn spec(word: &str) -> HeredocSpec {
        parse_heredoc(word).unwrap().unwrap()
    }

    #[test]
    fn line_words_keep_quotes_and_escapes() {
        assert_eq!(
            texts(r#"RUN <<"EOF" <<E\OF <<E"O"F <<`EOF`"#),
            vec!["RUN", "<<\"EOF\"", "<<E\\OF", "<<E\"O\"F", "<<`EOF`"]
        );
        assert_eq!(texts("RUN <<  EOF x"), vec!["RUN", "<<EOF", "x"]);
        assert_eq!(texts("RUN <<- EOF"), vec!["RUN", "<<-", "EOF"]);
        assert_eq!(texts("RUN echo $(<<EOF)"), vec!["RUN", "echo", "$(<<EOF)"]);
        assert!(texts("RUN 'a <<EOF").is_empty());
        assert!(texts("RUN ${} <<EOF").is_empty());
        assert_eq!(
            texts("RUN a${X:-b}c <<${Y:-z}"),
            vec!["RUN", "${X:-b}c", "${Y:-z}"]
        );
        assert_eq!(texts("RUN a\"${X:-b}\""), vec!["RUN", "\"${X:-b}\""]);
        let words = line_words("RUN  <<  EOF");
        assert_eq!((words[1].start, words[1].end), (5, 12));
    }

    #[test]
    fn heredoc_words() {
        assert_eq!(
            spec("<<\"EOF\""),
            HeredocSpec {
                name: "EOF".into(),
                file_descriptor: 0,
                chomp: false,
                expand: false
            }
        );
        assert!(spec("<<E\\OF").expand);
        assert_eq!(spec("<<E\\OF").name, "EOF");
        assert_eq!(spec("<<eo\\'f").name, "eo'f");
        assert!(spec("<<eo\\'f").expand);
        assert!(!spec("<<eo'f'").expand);
        assert_eq!(spec("<<`EOF`").name, "`EOF`");
        assert_eq!(spec("<<'one two'").name, "one two");
        assert_eq!(spec("<<$EOF").name, "$EOF");
        assert_eq!(spec("<<EOF$(x)").name, "EOF$(x)");
        assert_eq!(spec("10<<-E2").file_descriptor, 10);
        assert!(spec("10<<-E2").chomp);
        assert_eq!(spec("<<EOF>file").name, "EOF>file");
        assert_eq!(spec("<<- EOF").name, "EOF");
        assert_eq!(spec("<<\u{feff}EOF").name, "EOF");
        for word in [
            "cat<<EOF",
            "<<<EOF",
            "<<",
            "<<-",
            "<EOF",
            "\"<<EOF\"",
            "<<''",
        ] {
            assert_eq!(parse_heredoc(word), Ok(None), "{word}");
        }
        assert_eq!(
            parse_heredoc("<<${x:-a"),
            Err("failed to process \"${x:-a\": syntax error: missing '}'".to_string())
        );
        assert_eq!(
            parse_heredoc("<<'a"),
            Err("failed to process \"'a\": unexpected end of statement while looking for matching single-quote".to_string())
        );
    }

    /// The private lexer must agree with the shared one wherever the heredoc glue rule does
    /// not apply (no whitespace right after `<<`).
    #[test]
    fn agrees_with_the_shared_lexer() {
        use crate::expand::{EmptyEnv, Lexer as Shared};
        let lines = [
            "RUN a b  c",
            r#"RUN <<"EOF" <<E\OF <<E"O"F <<`EOF`"#,
            r#"COPY --chown="a b" <<'x y' /d"#,
            "RUN echo $HOME ${X} ${X:-a b} ${X/a/b} ${X//a/b} $1x",
            r#"RUN a${X:-b}c "q${Y#z}" 'l$x'"#,
            r#"RUN "a\b\"c" \ d\"#,
            "RUN ${X:0:2} ${X?m} $ $$ ${@}",
            "RUN ${} x",
            "RUN ${X x",
            "RUN 'open",
            "RUN \"open",
            "RUN ${X^^}",
            "RUN ${X:#a}",
            "RUN \u{feff}é \u{3000} x",
        ];
        for line in lines {
            let shared = Shared::new('\\')
                .raw_quotes(true)
                .raw_escapes(true)
                .skip_unset_env(true)
                .process_words(line, &EmptyEnv)
                .map(|out| out.words)
                .unwrap_or_default();
            assert_eq!(texts(line), shared, "{line}");
        }
        for rest in [
            "EOF", "\"EOF\"", "E\\OF", "'a b'", "${x:-a", "a b", "eo\\'f", "$x", "'a",
        ] {
            for raw in [false, true] {
                let shared = Shared::new('\\')
                    .raw_quotes(raw)
                    .skip_unset_env(true)
                    .process_words(rest, &EmptyEnv)
                    .map(|out| out.words)
                    .map_err(|error| error.to_string());
                let mine = Lexer::new(rest, raw, false)
                    .process_stop_on(None, false)
                    .map(|(_, words)| words.into_iter().map(|w| w.text).collect::<Vec<_>>())
                    .map_err(|error| format!("failed to process {}: {error}", go::quote(rest)));
                assert_eq!(mine, shared, "{rest} raw={raw}");
            }
        }
    }
}
