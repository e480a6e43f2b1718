//! hadolint's argument grammar, instruction by instruction, as observed on the 2.15.1 binary.
//!
//! Every function starts at the first character after the keyword's blanks and returns where
//! the top level goes on (normally the instruction's final line break) or the failure. The
//! expected-item lists and positions are the ones hadolint prints; the module documentation of
//! [`super`] and `docs/hadolint-differences.md` describe what is covered.

use super::megaparsec::{Failure, escape_item};
use super::{KEYWORDS, LONGEST_KEYWORD, Parsed, Parser};

const NEXT_INSTRUCTION: &str = "a new line followed by the next instruction";
const SPACE: &str = "at least one space";

/// The parts of a `--name[=value]` word.
struct FlagWord<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    value: Option<&'a str>,
}

impl<'a> Parser<'a> {
    /// One instruction whose keyword starts at `pos`.
    pub(super) fn instruction(&self, keyword: &'static str, pos: usize) -> Parsed {
        let mut after = pos + keyword.len();
        if !self.at_space(after) {
            // The failure is where the blank is missing, after any continuation lines.
            while let Some(next) = self.continuation(after) {
                after = next;
            }
            return Err(Failure::custom(self.source, after, "missing whitespace"));
        }
        let args = self.skip_space(after);
        match keyword {
            "RUN" => {
                let args = self.run_flags(args)?;
                self.shell_or_json(args)
            }
            "CMD" | "ENTRYPOINT" | "SHELL" => self.shell_or_json(args),
            "COPY" => self.copy(args),
            "ADD" => self.add(args),
            "ENV" | "LABEL" => self.pairs(args),
            "ARG" => {
                if self.at_end(args) {
                    return Err(Failure::custom(
                        self.source,
                        args,
                        "expecting the argument name",
                    ));
                }
                self.rest_of_instruction(args, &["the arg name"])
            }
            "EXPOSE" => self.expose(args),
            "HEALTHCHECK" => self.healthcheck(args),
            "FROM" => self.from(args),
            "ONBUILD" => match self.keyword(args) {
                Some(trigger) => self.instruction(trigger, args),
                None => {
                    let mut expected: Vec<&str> = KEYWORDS.to_vec();
                    expected.extend(["'#'", escape_item(self.escape), "a pragma", SPACE]);
                    Err(Failure::unexpected(
                        self.source,
                        args,
                        LONGEST_KEYWORD,
                        &expected,
                    ))
                }
            },
            _ => {
                let what = match keyword {
                    "USER" => "the user",
                    "WORKDIR" => "the workdir path",
                    "VOLUME" => "the volume path",
                    "STOPSIGNAL" => "the stop signal",
                    _ => "the maintainer name",
                };
                if self.at_end(args) {
                    return Err(Failure::custom(
                        self.source,
                        args,
                        format!("expecting {what}"),
                    ));
                }
                self.rest_of_instruction(args, &[])
            }
        }
    }

    // RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK CMD.

    /// The exec form (a JSON array of strings) or the shell form, with a heredoc.
    fn shell_or_json(&self, pos: usize) -> Parsed {
        if self.at_end(pos) {
            return Err(Failure::custom(
                self.source,
                pos,
                "expecting the shell arguments",
            ));
        }
        if let Some((end, _)) = self.json_array(pos) {
            return self.after_json(end);
        }
        self.shell(pos)
    }

    /// Shell-form text to the end of the instruction. The first `<<NAME` starts a heredoc when
    /// a line equal to `NAME` follows; otherwise the text is plain shell.
    fn shell(&self, mut pos: usize) -> Parsed {
        let mut marker: Option<String> = None;
        loop {
            if self.at_end(pos) {
                break;
            }
            let byte = self.bytes[pos];
            if byte == self.escape {
                let run = self.escape_run(pos);
                if run >= 2
                    && let Some(len) = self.eol_len(pos + run)
                {
                    // After a heredoc marker the line simply ends there.
                    if marker.is_some() {
                        pos += run;
                        break;
                    }
                    return Err(self.shell_after_double_escape(pos + run + len));
                }
                if run == 1
                    && let Some(next) = self.continuation(pos)
                {
                    pos = next;
                    continue;
                }
                pos += run;
                if run % 2 == 1 && !self.at_end(pos) {
                    pos += self.char_len(pos);
                }
                continue;
            }
            if byte == b'<' && marker.is_none() {
                if let Some((name, end)) = self.heredoc_marker(pos) {
                    marker = Some(name);
                    pos = end;
                    continue;
                }
                while self.bytes.get(pos) == Some(&b'<') {
                    pos += 1;
                }
                continue;
            }
            pos += self.char_len(pos);
        }
        match marker.and_then(|name| self.heredoc_body(pos, &name)) {
            Some(terminator) => self.after_heredoc(terminator),
            None => Ok(pos),
        }
    }

    /// After a line ending in two escape characters hadolint's shell reader never accepts the
    /// end of a line again: it skips empty and comment lines and lines ending in a
    /// continuation, and fails at the first other line's end (or at the end of the input).
    fn shell_after_double_escape(&self, mut pos: usize) -> Failure {
        let escape = escape_item(self.escape);
        loop {
            if pos >= self.bytes.len() {
                return Failure::unexpected(
                    self.source,
                    pos,
                    1,
                    &["\"<<\"", "'#'", escape, SPACE, "spaces"],
                );
            }
            if let Some(len) = self.eol_len(pos) {
                pos += len;
                continue;
            }
            let text = self.skip_blanks(pos);
            let end = self.line_end(pos);
            if self.bytes.get(text) == Some(&b'#') {
                pos = self.after_line(pos);
                continue;
            }
            let content_end = {
                let mut end = end;
                while end > pos && matches!(self.bytes[end - 1], b' ' | b'\t') {
                    end -= 1;
                }
                end
            };
            if content_end > pos
                && self.bytes[content_end - 1] == self.escape
                && end < self.bytes.len()
            {
                pos = self.after_line(pos);
                continue;
            }
            return Failure::unexpected(self.source, end, 1, &["\"<<\"", escape, SPACE]);
        }
    }

    /// A heredoc marker at `pos` (`<<NAME`, `<<-NAME`, `<<"NAME"`, `<<'NAME'`): its name and
    /// where the marker word ends. `<<<` and `<< NAME` are not markers.
    fn heredoc_marker(&self, pos: usize) -> Option<(String, usize)> {
        let mut at = pos + 2;
        if self.bytes.get(pos..at) != Some(b"<<") {
            return None;
        }
        if self.bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        match self.bytes.get(at)? {
            quote @ (b'"' | b'\'') => {
                let start = at + 1;
                let mut end = start;
                while !self.at_end(end) && self.bytes[end] != *quote {
                    end += 1;
                }
                if self.at_end(end) || end == start {
                    return None;
                }
                Some((self.source[start..end].to_owned(), self.word_end(end + 1)))
            }
            b' ' | b'\t' | b'<' | b'-' | b'\n' | b'\r' => None,
            _ => {
                let end = self.word_end(at);
                Some((self.source[at..end].to_owned(), end))
            }
        }
    }

    /// The line that ends a heredoc named `name` whose body starts after the instruction line
    /// ending at `line_end`: where that terminator line ends, if there is one. hadolint stops at
    /// the first line that starts with the name: if more follows on it, there is no heredoc.
    fn heredoc_body(&self, line_end: usize, name: &str) -> Option<usize> {
        let mut pos = line_end + self.eol_len(line_end)?;
        while pos < self.bytes.len() {
            let end = self.line_end(pos);
            if self.source[pos..end].starts_with(name) {
                return (end - pos == name.len()).then_some(end);
            }
            pos = end + self.eol_len(end).unwrap_or(0);
        }
        None
    }

    /// After a heredoc's terminator line hadolint wants an empty (or blank) line or the end of
    /// the input before the next instruction.
    fn after_heredoc(&self, terminator_end: usize) -> Parsed {
        let Some(len) = self.eol_len(terminator_end) else {
            return Ok(terminator_end);
        };
        let next = terminator_end + len;
        if next >= self.bytes.len()
            || self.eol_len(next).is_some()
            || self.is_blank(next)
            || self.bytes[next] == self.escape
        {
            return Ok(next);
        }
        Err(Failure::unexpected(
            self.source,
            next,
            1,
            &[NEXT_INSTRUCTION],
        ))
    }

    /// A JSON array of strings as hadolint reads it: its end and how many strings it holds.
    /// A string ends at the first `"` not preceded by a backslash (`"a\\"` is unterminated),
    /// and a `\"` after another backslash (`"a\\"b"`) makes it no array (checked on all 121
    /// strings of up to four `a`, `\` and `"`).
    fn json_array(&self, pos: usize) -> Option<(usize, usize)> {
        if self.bytes.get(pos) != Some(&b'[') {
            return None;
        }
        let mut pos = self.skip_space(pos + 1);
        let mut count = 0;
        if self.bytes.get(pos) == Some(&b']') {
            return Some((pos + 1, 0));
        }
        loop {
            if self.bytes.get(pos) != Some(&b'"') {
                return None;
            }
            pos += 1;
            loop {
                if self.at_end(pos) {
                    return None;
                }
                match self.bytes[pos] {
                    // `\"` after another backslash makes the array no JSON for hadolint.
                    b'\\' if self.bytes.get(pos + 1) == Some(&b'"') => {
                        if self.bytes[pos - 1] == b'\\' {
                            return None;
                        }
                        pos += 2;
                    }
                    b'"' => break,
                    _ => pos += self.char_len(pos),
                }
            }
            count += 1;
            pos = self.skip_space(pos + 1);
            match self.bytes.get(pos) {
                Some(b',') => pos = self.skip_space(pos + 1),
                Some(b']') => return Some((pos + 1, count)),
                _ => return None,
            }
        }
    }

    /// After the exec form only blanks and continuations may follow on the instruction.
    fn after_json(&self, end: usize) -> Parsed {
        let escape = escape_item(self.escape);
        let pos = self.skip_blanks(end);
        if self.at_end(pos) {
            return Ok(pos);
        }
        let Some(mut next) = self.continuation(pos) else {
            if self.bytes[pos] == self.escape {
                // An escape character must start a continuation: the failure is at what
                // follows it and its blanks; blanks before it are offered again.
                let after = self.skip_blanks(pos + 1);
                let expected: &[&str] = if pos > end {
                    &[NEXT_INSTRUCTION, SPACE]
                } else {
                    &[NEXT_INSTRUCTION]
                };
                return Err(Failure::unexpected(self.source, after, 1, expected));
            }
            return Err(Failure::unexpected(
                self.source,
                pos,
                1,
                &[escape, NEXT_INSTRUCTION, SPACE],
            ));
        };
        loop {
            next = self.skip_blanks(next);
            if self.at_end(next) {
                return Ok(next);
            }
            match self.continuation(next) {
                Some(after) => next = after,
                None => {
                    return Err(Failure::unexpected(
                        self.source,
                        next,
                        1,
                        &["'#'", escape, NEXT_INSTRUCTION, SPACE, "spaces"],
                    ));
                }
            }
        }
    }

    // Flags.

    /// A `--name[=value]` word at `pos`, if one starts there.
    fn flag_word(&self, pos: usize) -> Option<FlagWord<'a>> {
        if self.bytes.get(pos..pos + 2) != Some(b"--") {
            return None;
        }
        // The name ends at `=`, a blank, a line break or a continuation; only a value glues
        // continuation lines.
        let mut name_end = pos + 2;
        while !self.at_end(name_end)
            && !self.is_blank(name_end)
            && self.bytes[name_end] != b'='
            && self.continuation(name_end).is_none()
        {
            name_end += self.char_len(name_end);
        }
        let name = &self.source[pos + 2..name_end];
        if self.bytes.get(name_end) != Some(&b'=') {
            return Some(FlagWord {
                start: pos,
                end: name_end,
                name,
                value: None,
            });
        }
        // A boolean value ends at a continuation; other values glue the next line.
        let end = if matches!(name, "link" | "keep-git-dir" | "unpack") {
            let mut end = name_end + 1;
            while !self.at_end(end) && !self.is_blank(end) && self.continuation(end).is_none() {
                end += self.char_len(end);
            }
            end
        } else {
            self.word_end(name_end + 1)
        };
        Some(FlagWord {
            start: pos,
            end,
            name,
            value: Some(&self.source[name_end + 1..end]),
        })
    }

    /// RUN's `--mount=`, `--network=` and `--security=` flags; any other `--word` is part of
    /// the command (ShellCheck then reports it).
    fn run_flags(&self, mut pos: usize) -> Parsed {
        let mut any = false;
        loop {
            let rest = &self.bytes[pos..];
            let end = if rest.starts_with(b"--mount=") {
                self.mount(pos + 8)?
            } else if rest.starts_with(b"--network=") {
                self.choice(pos + 10, &["default", "host", "none"])?
            } else if rest.starts_with(b"--security=") {
                self.choice(pos + 11, &["insecure", "sandbox"])?
            } else if any && rest.starts_with(b"--") {
                // After a flag hadolint reads every `--word` as one.
                return Err(Failure::unexpected(
                    self.source,
                    pos,
                    "--security=".len(),
                    &[
                        "\"--mount=\"",
                        "\"--network=\"",
                        "\"--security=\"",
                        escape_item(self.escape),
                        SPACE,
                    ],
                ));
            } else {
                return Ok(pos);
            };
            any = true;
            if !self.at_space(end) {
                return Err(Failure::custom(self.source, end, "missing whitespace"));
            }
            pos = self.skip_space(end);
        }
    }

    /// One of `words` at `pos` (case-sensitive); where it ends.
    fn choice(&self, pos: usize, words: &[&str]) -> Parsed {
        if let Some(word) = words
            .iter()
            .find(|word| self.bytes[pos..].starts_with(word.as_bytes()))
        {
            return Ok(pos + word.len());
        }
        let quoted: Vec<String> = words.iter().map(|word| format!("\"{word}\"")).collect();
        let expected: Vec<&str> = quoted.iter().map(String::as_str).collect();
        let width = words.iter().map(|word| word.len()).max().unwrap_or(1);
        Err(Failure::unexpected(self.source, pos, width, &expected))
    }

    /// The options of `--mount=`, comma-separated; a bind, cache or tmpfs mount (bind is the
    /// default) needs a target.
    fn mount(&self, mut pos: usize) -> Parsed {
        const EXPECTED: [&str; 27] = [
            "\"env=\"",
            "\"from=\"",
            "\"gid=\"",
            "\"id=\"",
            "\"mode=\"",
            "\"readonly\"",
            "\"readonly=\"",
            "\"readwrite\"",
            "\"readwrite=\"",
            "\"relabel=\"",
            "\"required\"",
            "\"required=False\"",
            "\"required=True\"",
            "\"required=false\"",
            "\"required=true\"",
            "\"ro\"",
            "\"ro=\"",
            "\"rw\"",
            "\"rw=\"",
            "\"sharing=\"",
            "\"size=\"",
            "\"type=\"",
            "\"uid=\"",
            "'Z'",
            "'z'",
            "source=",
            "target=",
        ];
        const VALUED: [(&str, &str); 13] = [
            ("destination=", "target"),
            ("target=", "target"),
            ("dst=", "target"),
            ("source=", "source"),
            ("src=", "source"),
            ("from=", "from"),
            ("env=", "env"),
            ("gid=", "gid"),
            ("uid=", "uid"),
            ("id=", "id"),
            ("mode=", "mode"),
            ("relabel=", "relabel"),
            ("size=", "size"),
        ];
        const SWITCHES: [(&str, &str); 7] = [
            ("readonly", "ro"),
            ("readwrite", "ro"),
            ("required", "required"),
            ("ro", "ro"),
            ("rw", "ro"),
            ("Z", "relabel"),
            ("z", "relabel"),
        ];
        let mut seen: Vec<&str> = Vec::new();
        let mut types = 0;
        let mut mount_type = "bind";
        loop {
            let rest = &self.bytes[pos..];
            if rest.starts_with(b"type=") {
                let value = pos + 5;
                let end = self.choice(value, &["bind", "cache", "secret", "ssh", "tmpfs"])?;
                mount_type = &self.source[value..end];
                types += 1;
                pos = end;
            } else if rest.starts_with(b"sharing=") {
                pos = self.choice(pos + 8, &["locked", "private", "shared"])?;
                seen.push("sharing");
            } else if let Some((key, name)) = VALUED
                .iter()
                .find(|(key, _)| rest.starts_with(key.as_bytes()))
            {
                seen.push(name);
                pos = self.mount_value(pos + key.len());
            } else if let Some((switch, name)) = SWITCHES
                .iter()
                .find(|(switch, _)| rest.starts_with(switch.as_bytes()))
            {
                seen.push(name);
                pos += switch.len();
                let rest = &self.bytes[pos..];
                for value in ["=true", "=false", "=True", "=False"] {
                    if rest.starts_with(value.as_bytes()) {
                        pos += value.len();
                        break;
                    }
                }
            } else {
                return Err(Failure::unexpected(self.source, pos, 14, &EXPECTED));
            }
            if self.bytes.get(pos) == Some(&b',') {
                pos += 1;
                continue;
            }
            break;
        }
        match self.mount_problem(mount_type, types, &seen) {
            Some(message) => Err(Failure::custom(self.source, pos, message)),
            None => Ok(pos),
        }
    }

    /// hadolint's check of a mount's options, in order, the last problem winning: an option
    /// the type does not take, or a repeated one. For bind, cache and tmpfs mounts it reports
    /// any problem but a repeated target as a missing target; for secret and ssh mounts it
    /// names the option (and always calls the type `secret`).
    fn mount_problem(&self, mount_type: &str, types: usize, options: &[&str]) -> Option<String> {
        const MISSING_TARGET: &str = "missing required argument(s) for mount flag: [\"target\"]";
        if types > 1 {
            return Some("--mount with multiple `type` arguments".to_owned());
        }
        let allowed: &[&str] = match mount_type {
            "bind" => &["target", "source", "from", "ro", "relabel"],
            "cache" => &[
                "target", "source", "from", "id", "mode", "uid", "gid", "sharing", "ro",
            ],
            "tmpfs" => &["target", "size"],
            _ => &[
                "target", "source", "id", "mode", "uid", "gid", "env", "required",
            ],
        };
        let secret = matches!(mount_type, "secret" | "ssh");
        let mut problem = None;
        for (index, option) in options.iter().enumerate() {
            if !allowed.contains(option) {
                problem = Some(if secret {
                    format!("unexpected argument '{option}' for mount of type 'secret'")
                } else {
                    MISSING_TARGET.to_owned()
                });
            } else if options[..index].contains(option) {
                problem = Some(if secret || *option == "target" {
                    format!("duplicate argument for mount flag: {option}")
                } else {
                    MISSING_TARGET.to_owned()
                });
            }
        }
        if problem.is_none() && !secret && !options.contains(&"target") {
            problem = Some(MISSING_TARGET.to_owned());
        }
        problem
    }

    /// A mount option's value: up to a comma or a blank; quotes may hold either.
    fn mount_value(&self, mut pos: usize) -> usize {
        while !self.at_end(pos) && !self.is_blank(pos) && self.bytes[pos] != b',' {
            if let Some(next) = self.continuation(pos) {
                pos = self.skip_blanks(next);
                continue;
            }
            if let quote @ (b'"' | b'\'') = self.bytes[pos] {
                let mut end = pos + 1;
                while !self.at_end(end) && self.bytes[end] != quote {
                    end += 1;
                }
                if self.bytes.get(end) == Some(&quote) {
                    pos = end + 1;
                    continue;
                }
            }
            pos += self.char_len(pos);
        }
        pos
    }

    /// Checks collected `--name=value` flags after the last one, at `pos`: the first unknown
    /// or empty one in order, then duplicates (`--exclude` may repeat).
    fn check_flags(
        &self,
        pos: usize,
        flags: &[FlagWord<'_>],
        known: &[&str],
        no_value_ok: &[&str],
    ) -> Parsed<()> {
        for flag in flags {
            if flag.value == Some("") && !no_value_ok.contains(&flag.name) {
                return Err(Failure::custom(
                    self.source,
                    pos,
                    format!("unexpected flag --{} with no value", flag.name),
                ));
            }
            if !known.contains(&flag.name) {
                return Err(Failure::custom(
                    self.source,
                    pos,
                    format!("invalid flag: --{}", flag.name),
                ));
            }
        }
        for (index, flag) in flags.iter().enumerate() {
            if flag.name != "exclude" && flags[..index].iter().any(|seen| seen.name == flag.name) {
                // hadolint's ADD names a repeated --link "--chmod" and a repeated --chmod
                // "--link".
                let name = match (known.contains(&"unpack"), flag.name) {
                    (true, "link") => "chmod",
                    (true, "chmod") => "link",
                    (_, name) => name,
                };
                return Err(Failure::custom(
                    self.source,
                    pos,
                    format!("duplicate flag: --{name}"),
                ));
            }
        }
        Ok(())
    }

    // COPY and ADD.

    fn copy(&self, mut pos: usize) -> Parsed {
        let mut flags = Vec::new();
        while let Some(flag) = self.flag_word(pos) {
            let is_flag = match (flag.name, flag.value) {
                ("link", _) => true,
                ("parents", value) => value != Some(""),
                (_, value) => value.is_some(),
            };
            if !is_flag {
                break;
            }
            pos = self.skip_space(flag.end);
            flags.push(flag);
        }
        self.check_flags(
            pos,
            &flags,
            &["chown", "chmod", "from", "link", "parents", "exclude"],
            &["link"],
        )?;
        if let Some(end) = self.copy_heredocs(pos) {
            return end;
        }
        self.sources_and_destination(pos, "COPY")
    }

    fn add(&self, mut pos: usize) -> Parsed {
        let mut flags = Vec::new();
        while let Some(flag) = self.flag_word(pos) {
            let boolean = matches!(flag.name, "link" | "keep-git-dir" | "unpack");
            if flag.value.is_none() && !boolean {
                return Err(Failure::unexpected(
                    self.source,
                    flag.start,
                    1,
                    &[
                        escape_item(self.escape),
                        SPACE,
                        "only the --checksum, --chown, --chmod, --link, --exclude, --keep-git-dir, --unpack flags or the src and dest paths",
                    ],
                ));
            }
            pos = self.skip_space(flag.end);
            flags.push(flag);
        }
        self.check_flags(
            pos,
            &flags,
            &[
                "checksum",
                "chown",
                "chmod",
                "link",
                "exclude",
                "keep-git-dir",
                "unpack",
            ],
            &["link", "keep-git-dir", "unpack"],
        )?;
        self.sources_and_destination(pos, "ADD")
    }

    /// `COPY <<A <<B dest`: heredoc markers right after the flags. hadolint reads one body that
    /// ends at a line equal to the *last* marker's name. `None` when this is no heredoc COPY.
    fn copy_heredocs(&self, mut pos: usize) -> Option<Parsed> {
        let mut last = None;
        while let Some((name, end)) = self.heredoc_marker(pos) {
            last = Some(name);
            pos = self.skip_space(end);
        }
        let name = last?;
        let line_end = self.rest_of_instruction(pos, &[]).ok()?;
        let terminator = self.heredoc_body(line_end, &name)?;
        Some(self.after_heredoc(terminator))
    }

    /// COPY and ADD paths (exec or shell form): at least two.
    fn sources_and_destination(&self, pos: usize, keyword: &str) -> Parsed {
        if self.at_end(pos) {
            return Err(Failure::custom(self.source, pos, "expecting a file"));
        }
        let too_few = |at: usize| {
            Failure::custom(
                self.source,
                at,
                format!(
                    "unexpected end of line. At least two arguments are required for {keyword}"
                ),
            )
        };
        if let Some((end, count)) = self.json_array(pos) {
            // One path fails before the rest of the line is read.
            if count == 1 {
                return Err(too_few(self.skip_blanks(end)));
            }
            // An empty array passes the parser (hadolint 2.15.1 then crashes in a rule).
            return self.after_json(end);
        }
        let mut pos = pos;
        let mut count = 0;
        // A path that looks like a flag (`--foo`, `--`) ends hadolint's flag alternatives.
        let mut dashed = false;
        while !self.at_end(pos) {
            let mut end = pos;
            dashed |= self.bytes[pos..].starts_with(b"--");
            while !self.at_end(end) && !self.is_blank(end) {
                if self.bytes[end] == self.escape {
                    let run = self.escape_run(end);
                    if run >= 2 && self.eol_len(end + run).is_some() {
                        let bare = end == pos && count == 0;
                        return Err(self.path_list_failure(end + run, keyword, dashed, bare));
                    }
                    if run == 1
                        && let Some(next) = self.continuation(end)
                    {
                        end = self.skip_blanks(next);
                        continue;
                    }
                    end += run;
                    continue;
                }
                end += self.char_len(end);
            }
            if end > pos {
                count += 1;
            }
            pos = self.skip_space(end);
        }
        if count < 2 {
            return Err(too_few(pos));
        }
        Ok(pos)
    }

    /// Two escape characters ending a line of paths, at `pos` (the line break). The expected
    /// items: the escape character unless the word is nothing but escapes, and the flags unless
    /// a path already looked like one.
    fn path_list_failure(&self, pos: usize, keyword: &str, dashed: bool, bare: bool) -> Failure {
        let escape = if bare {
            SPACE
        } else {
            escape_item(self.escape)
        };
        let paths = "a space separated list of file paths";
        if dashed {
            return Failure::unexpected(self.source, pos, 1, &[escape, paths, SPACE]);
        }
        if keyword == "COPY" {
            Failure::unexpected(
                self.source,
                pos,
                1,
                &[
                    escape,
                    "--chmod",
                    "--chown",
                    "--exclude",
                    "--link",
                    "--parents",
                    paths,
                    SPACE,
                    "only one --from",
                    "other flag",
                ],
            )
        } else {
            Failure::unexpected(
                self.source,
                pos,
                1,
                &[
                    escape,
                    "--checksum",
                    "--chmod",
                    "--chown",
                    "--exclude",
                    "--keep-git-dir",
                    "--link",
                    "--unpack",
                    paths,
                    SPACE,
                    "other flag",
                ],
            )
        }
    }

    // ENV and LABEL.

    /// `key=value` pairs; a key without `=` takes the rest of the line as its value (the
    /// legacy `ENV key value` form), which must not be empty.
    fn pairs(&self, mut pos: usize) -> Parsed {
        loop {
            if self.at_end(pos) {
                return Err(Failure::custom(self.source, pos, "missing whitespace"));
            }
            while !self.at_end(pos) && !self.is_blank(pos) && self.bytes[pos] != b'=' {
                if matches!(self.bytes[pos], b'"' | b'\'') {
                    pos = self.quoted(pos)?;
                    continue;
                }
                if let Some(next) = self.continuation(pos) {
                    pos = self.skip_blanks(next);
                    continue;
                }
                if self.bytes[pos] == self.escape {
                    // An escaped character, a blank included, belongs to the key.
                    pos += 1;
                    if !self.at_end(pos) {
                        pos += self.char_len(pos);
                    }
                    continue;
                }
                pos += self.char_len(pos);
            }
            if self.bytes.get(pos) != Some(&b'=') {
                if !self.at_space(pos) {
                    return Err(Failure::custom(self.source, pos, "missing whitespace"));
                }
                let value = self.skip_space(pos);
                if self.at_end(value) {
                    return Err(Failure::custom(self.source, value, "expecting value"));
                }
                return self.rest_of_instruction(value, &[]);
            }
            pos = self.pair_value(pos + 1)?;
            pos = self.skip_space(pos);
            if self.at_end(pos) {
                return Ok(pos);
            }
        }
    }

    /// A value after `=`: up to a blank; quotes (with the escape character escaping the next
    /// character inside them) must close on the instruction.
    fn pair_value(&self, mut pos: usize) -> Parsed {
        while !self.at_end(pos) && !self.is_blank(pos) {
            let byte = self.bytes[pos];
            if byte == self.escape {
                if let Some(next) = self.continuation(pos) {
                    pos = self.skip_blanks(next);
                    continue;
                }
                pos += 1;
                if !self.at_end(pos) {
                    pos += self.char_len(pos);
                }
                continue;
            }
            if byte == b'"' || byte == b'\'' {
                pos = self.quoted(pos)?;
                continue;
            }
            pos += self.char_len(pos);
        }
        Ok(pos)
    }

    fn quoted(&self, start: usize) -> Parsed {
        let quote = self.bytes[start];
        let mut pos = start + 1;
        // Where the last continuation line went on, while only blanks followed it: hadolint
        // then also expects blanks, comment lines and more continuations.
        let mut continued: Option<usize> = None;
        loop {
            if self.at_end(pos) {
                let quote_item = if quote == b'"' { "'\"'" } else { "'''" };
                let escape = escape_item(self.escape);
                let expected: &[&str] = match continued {
                    Some(line) if line == pos && pos >= self.bytes.len() => {
                        &[quote_item, "'#'", escape, SPACE, "spaces"]
                    }
                    Some(_) => &[quote_item, escape, SPACE],
                    None => &[quote_item, escape],
                };
                return Err(Failure::unexpected(self.source, pos, 1, expected));
            }
            let byte = self.bytes[pos];
            if byte == quote {
                return Ok(pos + 1);
            }
            if !self.is_blank(pos) {
                continued = None;
            }
            if byte == self.escape {
                let run = self.escape_run(pos);
                if self.bytes.get(pos + run) == Some(&quote) {
                    // One escape character escapes the quote; after two or more the quote
                    // is unexpected.
                    if run >= 2 {
                        return Err(Failure::unexpected(self.source, pos + run, 1, &[]));
                    }
                    pos += 2;
                    continue;
                }
                if let Some(next) = self.continuation(pos) {
                    pos = next;
                    continued = Some(next);
                    continue;
                }
                pos += 1;
                if !self.at_end(pos) {
                    pos += self.char_len(pos);
                }
                continue;
            }
            pos += self.char_len(pos);
        }
    }

    // EXPOSE.

    /// Ports (`80`, `80/tcp`, `8000-8080/udp`, `$PORT`) separated by blanks.
    fn expose(&self, mut pos: usize) -> Parsed {
        let escape = escape_item(self.escape);
        loop {
            if self.at_end(pos) {
                return Ok(pos);
            }
            let port = pos;
            const PORT: &str = "A port optionally followed by the protocol";
            const RANGE: &str = "A range of ports optionally followed by the protocol";
            pos = match self.bytes[pos] {
                b'0'..=b'9' => self.digits(pos),
                b'$' => self.variable(pos)?,
                byte if byte == self.escape => {
                    // An escape character that starts no continuation: what follows it fails.
                    return Err(Failure::unexpected(
                        self.source,
                        pos + 1,
                        1,
                        &[PORT, RANGE, NEXT_INSTRUCTION, SPACE],
                    ));
                }
                _ => {
                    let mut expected = vec![escape, PORT, RANGE, NEXT_INSTRUCTION, SPACE];
                    if self.right_after_continuation(pos) {
                        expected.extend(["'#'", "spaces"]);
                    }
                    return Err(Failure::unexpected(self.source, pos, 1, &expected));
                }
            };
            let mut after: &[&str] = if self.bytes[port] == b'$' {
                &[]
            } else {
                &[NEXT_INSTRUCTION, "digit"]
            };
            if self.bytes.get(pos) == Some(&b'-') {
                pos += 1;
                pos = match self.bytes.get(pos) {
                    Some(b'0'..=b'9') => self.digits(pos),
                    Some(b'$') => self.variable(pos)?,
                    _ => {
                        return Err(Failure::unexpected(
                            self.source,
                            pos,
                            1,
                            &["A range of ports optionally followed by the protocol"],
                        ));
                    }
                };
                after = &["'/'", NEXT_INSTRUCTION, "digit"];
            }
            if self.bytes.get(pos) == Some(&b'/') {
                pos += 1;
                let protocol = self.bytes.get(pos..pos + 3);
                if !protocol.is_some_and(|protocol| {
                    protocol.eq_ignore_ascii_case(b"tcp") || protocol.eq_ignore_ascii_case(b"udp")
                }) {
                    return Err(Failure::custom(self.source, pos, "invalid protocol"));
                }
                pos += 3;
                after = &[NEXT_INSTRUCTION];
            }
            if !self.at_end(pos) && !self.at_space(pos) {
                if self.bytes[port] == b'$' {
                    // Nothing may follow a variable port: hadolint backs off to its `$`.
                    return Err(Failure::unexpected(
                        self.source,
                        port,
                        1,
                        &[escape, NEXT_INSTRUCTION, SPACE],
                    ));
                }
                if self.bytes[pos] == self.escape && after == [NEXT_INSTRUCTION] {
                    return Err(Failure::unexpected(self.source, pos + 1, 1, after));
                }
                return Err(Failure::unexpected(self.source, pos, 1, after));
            }
            pos = self.skip_space(pos);
        }
    }

    fn digits(&self, mut pos: usize) -> usize {
        while self.bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        pos
    }

    /// `$NAME` or `${...}` in EXPOSE: up to a blank, `-` or `/`; a second `$` right after it
    /// is an error.
    fn variable(&self, pos: usize) -> Parsed {
        let mut end = pos + 1;
        while !self.at_end(end) && !self.is_blank(end) && !matches!(self.bytes[end], b'-' | b'/') {
            if self.bytes[end] == self.escape {
                // A continuation glues the next line's text to the name.
                match self.continuation(end) {
                    Some(next) => {
                        end = self.skip_blanks(next);
                        continue;
                    }
                    None => break,
                }
            }
            if self.bytes[end] == b'$' {
                if end == pos + 1 {
                    break;
                }
                return Err(Failure::unexpected(
                    self.source,
                    end,
                    1,
                    &[
                        escape_item(self.escape),
                        NEXT_INSTRUCTION,
                        "the variable name",
                    ],
                ));
            }
            end += self.char_len(end);
        }
        if end == pos + 1 {
            return Err(Failure::unexpected(
                self.source,
                pos,
                1,
                &[escape_item(self.escape), NEXT_INSTRUCTION, SPACE],
            ));
        }
        Ok(end)
    }

    // HEALTHCHECK.

    fn healthcheck(&self, mut pos: usize) -> Parsed {
        let escape = escape_item(self.escape);
        if self.bytes[pos..].starts_with(b"NONE") {
            return Ok(pos + 4);
        }
        let mut flags = Vec::new();
        while self.bytes[pos..].starts_with(b"--") {
            let name_start = pos + 2;
            let mut eq = name_start;
            while !self.at_end(eq) && !self.is_blank(eq) && self.bytes[eq] != b'=' {
                eq += 1;
            }
            if self.bytes.get(eq) != Some(&b'=') {
                return Err(Failure::unexpected(
                    self.source,
                    eq,
                    1,
                    &["'='", escape, "the flag value"],
                ));
            }
            let name = &self.source[name_start..eq];
            let value = eq + 1;
            let end = match name {
                "interval" | "timeout" | "start-period" | "start-interval" => {
                    self.duration(value)?
                }
                "retries" => {
                    let end = self.digits(value);
                    if end == value {
                        return Err(Failure::unexpected(
                            self.source,
                            value,
                            1,
                            &["the number of retries"],
                        ));
                    }
                    end
                }
                _ => self.word_end(value),
            };
            if !self.at_space(end) {
                return Err(Failure::custom(self.source, end, "missing whitespace"));
            }
            flags.push(FlagWord {
                start: pos,
                end,
                name,
                value: Some(&self.source[value..end]),
            });
            pos = self.skip_space(end);
        }
        self.check_flags(
            pos,
            &flags,
            &[
                "interval",
                "timeout",
                "start-period",
                "start-interval",
                "retries",
            ],
            &[],
        )?;
        let is_cmd = self
            .bytes
            .get(pos..pos + 3)
            .is_some_and(|word| word.eq_ignore_ascii_case(b"CMD"));
        if !is_cmd {
            if flags.is_empty() {
                let mut expected = vec![
                    "\"NONE\"",
                    escape,
                    "--interval",
                    "--retries",
                    "--start-interval",
                    "--start-period",
                    "--timeout",
                    "CMD",
                    SPACE,
                    "no flags",
                ];
                if self.right_after_continuation(pos) {
                    expected.extend(["'#'", "spaces"]);
                }
                return Err(Failure::unexpected(self.source, pos, 4, &expected));
            }
            let mut expected = vec![escape, "CMD", SPACE];
            if self.right_after_continuation(pos) {
                expected.extend(["'#'", "spaces"]);
            }
            return Err(Failure::unexpected(self.source, pos, 3, &expected));
        }
        let after = pos + 3;
        if !self.at_space(after) {
            return Err(Failure::custom(self.source, after, "missing whitespace"));
        }
        self.shell_or_json(self.skip_space(after))
    }

    /// A duration such as `30s`, `1.5m` or `2h`.
    fn duration(&self, pos: usize) -> Parsed {
        let mut end = self.digits(pos);
        if end == pos {
            return Err(Failure::unexpected(
                self.source,
                pos,
                1,
                &["a natural or fractional number"],
            ));
        }
        if self.bytes.get(end) == Some(&b'.')
            && self.bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
        {
            end = self.digits(end + 1);
        }
        if !matches!(self.bytes.get(end), Some(b's' | b'm' | b'h')) {
            return Err(Failure::unexpected(
                self.source,
                end,
                1,
                &["digit", "either 's', 'm' or 'h' as the unit"],
            ));
        }
        Ok(end + 1)
    }

    // FROM.

    /// `FROM [--platform=P] image [AS name]`. hadolint's FROM ends after the image (and the
    /// alias): whatever follows on the line is read as the next instruction.
    fn from(&self, mut pos: usize) -> Parsed {
        let escape = escape_item(self.escape);
        if self.at_end(pos) {
            return Err(Failure::custom(
                self.source,
                pos,
                "expecting the image name with a tag",
            ));
        }
        if self.bytes[pos..].starts_with(b"--platform=") {
            let value = pos + "--platform=".len();
            let platform_end = self.word_end(value);
            // An empty value, or one not followed by a blank (a glued continuation, two escape
            // characters at the line end), fails the flag as a whole.
            if platform_end == value
                || self.continuation(value).is_some()
                || !self.at_space(platform_end)
            {
                return Err(Failure::unexpected(self.source, pos, 1, &[escape, SPACE]));
            }
        }
        if self.bytes[pos..].starts_with(b"--") {
            if !self.bytes[pos..].starts_with(b"--platform=") {
                return Err(Failure::unexpected(
                    self.source,
                    pos,
                    1,
                    &["\"--platform=\"", escape, SPACE],
                ));
            }
            pos = self.skip_space(self.word_end(pos));
            if self.at_end(pos) {
                return Err(Failure::custom(
                    self.source,
                    pos,
                    "expecting the image name with a tag",
                ));
            }
            if self.bytes[pos..].starts_with(b"--") {
                return Err(Failure::unexpected(self.source, pos, 1, &[escape, SPACE]));
            }
        }
        let end = self.word_end(pos);
        self.image(pos, end)?;
        let as_keyword = self.skip_space(end);
        let as_end = self.word_end(as_keyword);
        if self.source[as_keyword..as_end].eq_ignore_ascii_case("as") && self.at_space(as_end) {
            let name = self.skip_space(as_end);
            let name_end = self.word_end(name);
            // A name ending in two escape characters before the line break is no name: the
            // `AS` is then read as the next instruction.
            let run = self.bytes[name..name_end]
                .iter()
                .rev()
                .take_while(|&&byte| byte == self.escape)
                .count();
            let double_escape = run >= 2 && self.eol_len(name_end).is_some();
            if !self.at_end(name) && !double_escape {
                return Ok(name_end);
            }
        }
        Ok(end)
    }

    /// hadolint's image reference: an optional registry (a first path part with a `.`, or
    /// `localhost`, and an optional port), then a name, at most one `:tag` and an `@digest`.
    fn image(&self, start: usize, end: usize) -> Parsed<()> {
        let escape = escape_item(self.escape);
        let word = &self.source[start..end];
        let mut name_start = 0;
        if let Some(slash) = word.find('/') {
            let host = &word[..slash];
            if host.contains('.') || host == "localhost" || host.starts_with("localhost:") {
                name_start = slash + 1;
            }
        }
        let reference = &word[name_start..];
        let name_tag = reference
            .split_once('@')
            .map_or(reference, |(name, _)| name);
        // A `${VAR:-default}` inside the reference is one variable: its colons do not count.
        let mut colons = Vec::new();
        let mut braces = 0usize;
        let bytes = name_tag.as_bytes();
        for (index, &byte) in bytes.iter().enumerate() {
            match byte {
                b'{' if index > 0 && bytes[index - 1] == b'$' => braces += 1,
                b'}' if braces > 0 => braces -= 1,
                b':' if braces == 0 => colons.push(index),
                _ => {}
            }
        }
        let at = |index: usize| start + name_start + index;
        // Two escape characters before the line break: hadolint's image word cannot end there;
        // with a tag it backs off to the tag's colon.
        let run = word
            .bytes()
            .rev()
            .take_while(|&byte| byte == self.escape)
            .count();
        let double_escape = run >= 2 && self.eol_len(end).is_some();
        if double_escape && colons.is_empty() {
            return Err(Failure::unexpected(self.source, end, 1, &[]));
        }
        let empty_tag = colons
            .first()
            .is_some_and(|&colon| colons.get(1) == Some(&(colon + 1)));
        if let Some(&second) = colons.get(1).filter(|_| !empty_tag) {
            return Err(Failure::unexpected(
                self.source,
                at(second),
                1,
                &["'@'", escape, NEXT_INSTRUCTION, "the image tag"],
            ));
        }
        if let Some(&colon) = colons.first()
            && (colon + 1 == name_tag.len() || empty_tag || double_escape)
        {
            let example = format!(
                "no ':' or a valid image tag string (example: {}:valid-tag)",
                &name_tag[..colon]
            );
            return Err(Failure::unexpected(
                self.source,
                at(colon),
                1,
                &[
                    "'@'",
                    escape,
                    NEXT_INSTRUCTION,
                    &example,
                    "the image name with a tag",
                ],
            ));
        }
        if reference.ends_with('@') && colons.is_empty() {
            return Err(Failure::unexpected(
                self.source,
                at(reference.len() - 1),
                1,
                &["':'", escape, NEXT_INSTRUCTION, "the image name with a tag"],
            ));
        }
        Ok(())
    }
}
