//! Layer 2, BuildKit's `instructions.Parse`: typed instructions, flag validation (`BFlags`),
//! argument counts, stage names, HEALTHCHECK options, ONBUILD restrictions and stage assembly,
//! with BuildKit's exact error texts.

use std::borrow::Cow;

use super::error::{ErrorLayer, ParseError};
use super::go;
use super::heredoc;
use super::tree::{Args, Dockerfile, Flag, Heredoc, Instruction, InstructionKind};
use crate::suggest;

/// The type of a declared flag (BuildKit's `FlagType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagType {
    /// `--link`, `--link=true|false` (any case).
    Bool,
    /// `--from=x`: needs `=`, may appear once.
    String,
    /// `--mount=x`: needs `=`, may repeat.
    Strings,
}

/// The flags BuildKit declares for an instruction, in declaration order (used for "did you
/// mean"). `None` when BuildKit never validates the flags (ARG, STOPSIGNAL, HEALTHCHECK NONE,
/// unknown instructions).
#[must_use]
pub fn declared_flags(kind: InstructionKind) -> Option<&'static [(&'static str, FlagType)]> {
    use FlagType::{Bool, String as Str, Strings};
    use InstructionKind as K;
    Some(match kind {
        K::From => &[("platform", Str)],
        K::Run => &[
            ("device", Strings),
            ("mount", Strings),
            ("network", Str),
            ("security", Str),
        ],
        K::Add => &[
            ("exclude", Strings),
            ("chown", Str),
            ("chmod", Str),
            ("link", Bool),
            ("keep-git-dir", Bool),
            ("checksum", Str),
            ("unpack", Bool),
        ],
        K::Copy => &[
            ("exclude", Strings),
            ("parents", Bool),
            ("chown", Str),
            ("from", Str),
            ("chmod", Str),
            ("link", Bool),
        ],
        K::Healthcheck => &[
            ("interval", Str),
            ("timeout", Str),
            ("start-period", Str),
            ("start-interval", Str),
            ("retries", Str),
        ],
        K::Env
        | K::Label
        | K::Maintainer
        | K::Onbuild
        | K::Workdir
        | K::Cmd
        | K::Entrypoint
        | K::Expose
        | K::User
        | K::Volume
        | K::Shell => &[],
        K::Arg | K::Stopsignal | K::Unknown => return None,
    })
}

/// Validated flags of one instruction (BuildKit's `BFlags` after `Parse`).
#[derive(Debug, Clone, Default)]
pub struct ParsedFlags<'a> {
    used: Vec<(&'static str, &'a Flag<'a>)>,
}

impl<'a> ParsedFlags<'a> {
    /// The last occurrence of flag `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&'a Flag<'a>> {
        self.used
            .iter()
            .rev()
            .find(|(used, _)| *used == name)
            .map(|(_, flag)| *flag)
    }

    /// Every occurrence of flag `name` (strings flags may repeat).
    pub fn all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a Flag<'a>> + 's {
        self.used
            .iter()
            .filter(move |(used, _)| *used == name)
            .map(|(_, flag)| *flag)
    }

    /// A string flag's value (`None` when not given).
    #[must_use]
    pub fn string(&self, name: &str) -> Option<&'a str> {
        self.get(name).and_then(Flag::value)
    }

    /// A bool flag: `Some(true|false)` when given, `None` otherwise.
    #[must_use]
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.get(name).map(|flag| {
            !flag
                .value()
                .is_some_and(|v| v.eq_ignore_ascii_case("false"))
        })
    }

    /// The names of the flags given, in order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.used.iter().map(|(name, _)| *name)
    }
}

/// BuildKit's `BFlags.Parse`; the error is the inner message (no line prefix).
fn parse_flags<'a>(
    flags: &'a [Flag<'a>],
    declared: &'static [(&'static str, FlagType)],
) -> Result<ParsedFlags<'a>, String> {
    let mut parsed = ParsedFlags::default();
    for flag in flags {
        let text = flag.text.as_ref();
        if text == "--" {
            break;
        }
        let Some(after) = text.strip_prefix("--") else {
            return Err(format!("arg should start with -- : {text}"));
        };
        let (name, value) = match after.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (after, None),
        };
        let flag_name = &text[..2 + name.len()];
        let Some(&(declared_name, flag_type)) =
            declared.iter().find(|(declared, _)| *declared == name)
        else {
            let hint =
                suggest::did_you_mean(name, declared.iter().map(|(declared, _)| *declared), true);
            return Err(format!("unknown flag: {flag_name}{hint}"));
        };
        if flag_type != FlagType::Strings && parsed.used.iter().any(|(used, _)| *used == name) {
            return Err(format!("duplicate flag specified: {flag_name}"));
        }
        match flag_type {
            FlagType::Bool => {
                if value == Some("") {
                    return Err(format!("missing a value on flag: {flag_name}"));
                }
                let value = value.unwrap_or("");
                if !matches!(go::to_lower(value).as_ref(), "" | "true" | "false") {
                    return Err(format!(
                        "expecting boolean value for flag {flag_name}, not: {value}"
                    ));
                }
            }
            FlagType::String | FlagType::Strings => {
                if value.is_none() {
                    return Err(format!("missing a value on flag: {flag_name}"));
                }
            }
        }
        parsed.used.push((declared_name, flag));
    }
    Ok(parsed)
}

/// A command line of RUN, CMD or ENTRYPOINT after BuildKit's `handleJSONArgs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandLine<'a> {
    /// Exec form: the JSON strings; shell form: one string (the arguments joined by spaces).
    pub args: Vec<Cow<'a, str>>,
    /// True for the shell form (`/bin/sh -c` is prepended at build time).
    pub prepend_shell: bool,
}

/// A `KEY=value` of ENV or LABEL (BuildKit's `KeyValuePair`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValuePair<'a> {
    /// The key, quotes still in.
    pub key: &'a str,
    /// The value, quotes and escapes still in.
    pub value: &'a str,
    /// True for the legacy `KEY value` form.
    pub no_delim: bool,
}

/// One ARG name with its optional default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgPair<'a> {
    /// The name.
    pub key: &'a str,
    /// The default, when `=` was given.
    pub value: Option<&'a str>,
}

/// A `--device` of RUN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// The device name.
    pub name: String,
    /// Whether it is required.
    pub required: bool,
}

/// HEALTHCHECK options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Healthcheck {
    /// `HEALTHCHECK NONE`.
    None,
    /// `HEALTHCHECK [options] CMD ...`.
    Cmd {
        /// BuildKit's `Test`: `["CMD-SHELL", cmd]` or `["CMD", args...]`.
        test: Vec<String>,
        /// `--interval` in nanoseconds (0 when not given).
        interval: i64,
        /// `--timeout` in nanoseconds.
        timeout: i64,
        /// `--start-period` in nanoseconds.
        start_period: i64,
        /// `--start-interval` in nanoseconds.
        start_interval: i64,
        /// `--retries`.
        retries: i64,
    },
}

/// A source or destination that is a heredoc in COPY/ADD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineFile<'a> {
    /// The heredoc name (the file name).
    pub path: String,
    /// The body, chomped for `<<-`.
    pub data: Cow<'a, str>,
    /// Whether variables in the body are expanded.
    pub expand: bool,
}

/// The typed meaning of one instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Command<'a> {
    /// FROM: base image, stage name (lower-cased) and `--platform`.
    From {
        base_name: &'a str,
        stage_name: Option<String>,
        platform: Option<&'a str>,
    },
    Run {
        command: CommandLine<'a>,
        /// The raw `--mount` values.
        mounts: Vec<&'a str>,
        network: Option<&'a str>,
        security: Option<&'a str>,
        devices: Vec<Device>,
    },
    Cmd(CommandLine<'a>),
    /// ENTRYPOINT; an empty one is `None` in BuildKit (`args` empty here).
    Entrypoint(CommandLine<'a>),
    Shell(Vec<&'a str>),
    Env(Vec<KeyValuePair<'a>>),
    Label(Vec<KeyValuePair<'a>>),
    Arg(Vec<ArgPair<'a>>),
    Add {
        sources: Vec<&'a str>,
        inline_files: Vec<InlineFile<'a>>,
        dest: &'a str,
    },
    Copy {
        sources: Vec<&'a str>,
        inline_files: Vec<InlineFile<'a>>,
        dest: &'a str,
    },
    /// ONBUILD: BuildKit's `Expression` (the trigger text plus heredoc bodies).
    Onbuild {
        expression: String,
    },
    Healthcheck(Healthcheck),
    /// EXPOSE: the ports, sorted as BuildKit sorts them.
    Expose(Vec<&'a str>),
    User(&'a str),
    Workdir(&'a str),
    Maintainer(&'a str),
    Stopsignal(&'a str),
    Volume(Vec<&'a str>),
}

/// One instruction after layer 2: the instruction, its validated flags and its meaning.
#[derive(Debug, Clone)]
pub struct TypedInstruction<'a> {
    /// The instruction in the tree.
    pub instruction: &'a Instruction<'a>,
    /// Its validated flags (empty where BuildKit does not validate them).
    pub flags: ParsedFlags<'a>,
    /// What it means.
    pub command: Command<'a>,
}

/// A build stage: its FROM and the instructions after it.
#[derive(Debug, Clone)]
pub struct Stage<'a> {
    /// The FROM instruction.
    pub from: TypedInstruction<'a>,
    /// The instructions of the stage, in order.
    pub commands: Vec<TypedInstruction<'a>>,
}

/// BuildKit's `instructions.Parse` result: the ARGs before the first FROM and the stages.
#[derive(Debug, Clone, Default)]
pub struct BuildStages<'a> {
    /// ARG instructions before the first FROM.
    pub meta_args: Vec<TypedInstruction<'a>>,
    /// The stages.
    pub stages: Vec<Stage<'a>>,
}

/// Layer 2 over the whole file, as `instructions.Parse(ast)`: stops at the first error. Fails
/// with the layer-1 error first when BuildKit's parser rejects the file.
///
/// # Errors
/// BuildKit's error: `dockerfile parse error on line N: ...`, or `no build stage in current
/// context` (no prefix).
pub fn parse<'a>(dockerfile: &'a Dockerfile<'_>) -> Result<BuildStages<'a>, ParseError> {
    if let Some(error) = &dockerfile.error {
        return Err(error.clone());
    }
    let mut stages = BuildStages::default();
    for instruction in dockerfile.instructions() {
        let typed = parse_instruction(instruction)?;
        if stages.stages.is_empty() && matches!(typed.command, Command::Arg(_)) {
            stages.meta_args.push(typed);
            continue;
        }
        if matches!(typed.command, Command::From { .. }) {
            stages.stages.push(Stage {
                from: typed,
                commands: Vec::new(),
            });
            continue;
        }
        let Some(stage) = stages.stages.last_mut() else {
            return Err(ParseError::new(
                ErrorLayer::Instructions,
                "no build stage in current context",
                instruction.start_line,
                instruction.end_line,
                instruction.range,
            ));
        };
        stage.commands.push(typed);
    }
    Ok(stages)
}

/// Layer 2 for one instruction (BuildKit's `ParseInstruction`), error text with BuildKit's
/// `dockerfile parse error on line N: ` prefix.
///
/// # Errors
/// The instruction's layer-2 error.
pub fn parse_instruction<'a>(
    instruction: &'a Instruction<'_>,
) -> Result<TypedInstruction<'a>, ParseError> {
    let instruction: &'a Instruction<'a> = instruction;
    typed(instruction).map_err(|message| {
        ParseError::new(
            ErrorLayer::Instructions,
            format!(
                "dockerfile parse error on line {}: {message}",
                instruction.start_line
            ),
            instruction.start_line,
            instruction.end_line,
            instruction.range,
        )
    })
}

fn at_least_one(keyword: &str) -> String {
    format!("{keyword} requires at least one argument")
}

fn exactly_one(keyword: &str) -> String {
    format!("{keyword} requires exactly one argument")
}

/// `handleJSONArgs`.
fn command_line<'a>(args: &[&'a str], json: bool) -> CommandLine<'a> {
    let args = if args.is_empty() {
        Vec::new()
    } else if json {
        args.iter().map(|arg| Cow::Borrowed(*arg)).collect()
    } else {
        vec![Cow::Owned(args.join(" "))]
    };
    CommandLine {
        args,
        prepend_shell: !json,
    }
}

/// BuildKit's `nodeArgs`: the flat argument strings (an ONBUILD trigger contributes its
/// keyword and its own arguments).
fn node_args<'a>(instruction: &'a Instruction<'a>) -> Vec<&'a str> {
    let mut out = Vec::new();
    push_node_args(instruction, &mut out);
    out
}

fn push_node_args<'a>(instruction: &'a Instruction<'a>, out: &mut Vec<&'a str>) {
    match &instruction.args {
        Args::Trigger(trigger) => {
            out.push(trigger.keyword.as_str());
            push_node_args(trigger, out);
        }
        args => out.extend(args.values()),
    }
}

fn typed<'a>(instruction: &'a Instruction<'a>) -> Result<TypedInstruction<'a>, String> {
    use InstructionKind as K;
    let args = node_args(instruction);
    let json = instruction.args.is_json();
    let flags_of = |kind| -> Result<ParsedFlags<'a>, String> {
        parse_flags(&instruction.flags, declared_flags(kind).unwrap_or(&[]))
    };
    let mut flags = ParsedFlags::default();
    let command = match instruction.kind {
        K::Env | K::Label => {
            flags = flags_of(instruction.kind)?;
            let keyword = instruction.kind.as_str();
            if args.is_empty() {
                return Err(at_least_one(keyword));
            }
            if !args.len().is_multiple_of(3) {
                return Err(format!("Bad input to {keyword}, too many arguments"));
            }
            let mut pairs = Vec::with_capacity(args.len() / 3);
            for triple in args.chunks(3) {
                if triple[0].is_empty() {
                    return Err(format!("{keyword} names can not be blank"));
                }
                pairs.push(KeyValuePair {
                    key: triple[0],
                    value: triple[1],
                    no_delim: triple[2].is_empty(),
                });
            }
            if instruction.kind == K::Env {
                Command::Env(pairs)
            } else {
                Command::Label(pairs)
            }
        }
        K::Maintainer => {
            if args.len() != 1 {
                return Err(exactly_one("MAINTAINER"));
            }
            flags = flags_of(K::Maintainer)?;
            Command::Maintainer(args[0])
        }
        K::Add | K::Copy => {
            let keyword = instruction.kind.as_str();
            if args.len() < 2 {
                return Err(format!(
                    "{keyword} requires at least two arguments, but only one was provided. Destination could not be determined"
                ));
            }
            flags = flags_of(instruction.kind)?;
            let (sources, inline_files, dest) =
                sources_and_dest(&args, &instruction.heredocs, keyword)?;
            if instruction.kind == K::Add {
                Command::Add {
                    sources,
                    inline_files,
                    dest,
                }
            } else {
                Command::Copy {
                    sources,
                    inline_files,
                    dest,
                }
            }
        }
        K::From => {
            let stage_name = match args.len() {
                3 if go::equal_fold_as(args[1]) => {
                    let name = go::to_lower(args[2]).into_owned();
                    if !valid_stage_name(&name) {
                        return Err(format!(
                            "invalid name for build stage: {}, name can't start with a number or contain symbols",
                            go::quote(args[2])
                        ));
                    }
                    Some(name)
                }
                1 => None,
                _ => return Err("FROM requires either one or three arguments".to_string()),
            };
            flags = flags_of(K::From)?;
            Command::From {
                base_name: args[0],
                stage_name,
                platform: flags.string("platform"),
            }
        }
        K::Onbuild => {
            if args.is_empty() {
                return Err(at_least_one("ONBUILD"));
            }
            flags = flags_of(K::Onbuild)?;
            let trigger = go::to_upper(go_trim_space(args[0])).into_owned();
            match trigger.as_str() {
                "ONBUILD" => {
                    return Err("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string());
                }
                "MAINTAINER" | "FROM" => {
                    return Err(format!("{trigger} isn't allowed as an ONBUILD trigger"));
                }
                _ => {}
            }
            let mut expression = strip_onbuild(&instruction.original).to_string();
            for heredoc in &instruction.heredocs {
                expression.push('\n');
                expression.push_str(heredoc.content);
                expression.push_str(&heredoc.name);
            }
            Command::Onbuild { expression }
        }
        K::Workdir => {
            if args.len() != 1 {
                return Err(exactly_one("WORKDIR"));
            }
            flags = flags_of(K::Workdir)?;
            Command::Workdir(args[0])
        }
        K::Run => {
            flags = flags_of(K::Run)?;
            let devices = flags
                .all("device")
                .map(|flag| parse_device(flag.value().unwrap_or("")))
                .collect::<Result<Vec<_>, _>>()?;
            let mounts: Vec<&'a str> = flags
                .all("mount")
                .map(|flag| flag.value().unwrap_or(""))
                .collect();
            for mount in &mounts {
                check_mount(mount)?;
            }
            let network = flags.string("network");
            if let Some(network) = network
                && !matches!(network, "default" | "none" | "host")
            {
                return Err(format!("invalid network mode {}", go::quote(network)));
            }
            let security = flags.string("security");
            if let Some(security) = security
                && !matches!(security, "insecure" | "sandbox")
            {
                return Err(format!("security {} is not valid", go::quote(security)));
            }
            Command::Run {
                command: command_line(&args, json),
                mounts,
                network,
                security,
                devices,
            }
        }
        K::Cmd => {
            flags = flags_of(K::Cmd)?;
            Command::Cmd(command_line(&args, json))
        }
        K::Entrypoint => {
            flags = flags_of(K::Entrypoint)?;
            Command::Entrypoint(command_line(&args, json))
        }
        K::Healthcheck => {
            if args.is_empty() {
                return Err(at_least_one("HEALTHCHECK"));
            }
            let kind = go::to_upper(args[0]).into_owned();
            let rest = &args[1..];
            if kind == "NONE" {
                if !rest.is_empty() {
                    return Err("HEALTHCHECK NONE takes no arguments".to_string());
                }
                Command::Healthcheck(Healthcheck::None)
            } else {
                flags = flags_of(K::Healthcheck)?;
                if kind != "CMD" {
                    return Err(format!(
                        "Unknown type {} in HEALTHCHECK (try CMD)",
                        go::quote(&kind)
                    ));
                }
                let line = command_line(rest, json);
                if line.args.is_empty() {
                    return Err("Missing command after HEALTHCHECK CMD".to_string());
                }
                let mut test = vec![if json { "CMD" } else { "CMD-SHELL" }.to_string()];
                test.extend(line.args.iter().map(ToString::to_string));
                let interval = interval(&flags, "interval")?;
                let timeout = interval_of(&flags, "timeout")?;
                let start_period = interval_of(&flags, "start-period")?;
                let start_interval = interval_of(&flags, "start-interval")?;
                let retries = match flags.string("retries") {
                    Some(value) if !value.is_empty() => {
                        let retries = go::parse_int32(value)?;
                        if retries < 0 {
                            return Err(format!("--retries cannot be negative ({retries})"));
                        }
                        retries
                    }
                    _ => 0,
                };
                Command::Healthcheck(Healthcheck::Cmd {
                    test,
                    interval,
                    timeout,
                    start_period,
                    start_interval,
                    retries,
                })
            }
        }
        K::Expose => {
            if args.is_empty() {
                return Err(at_least_one("EXPOSE"));
            }
            flags = flags_of(K::Expose)?;
            let mut ports = args.clone();
            ports.sort_unstable();
            Command::Expose(ports)
        }
        K::User => {
            if args.len() != 1 {
                return Err(exactly_one("USER"));
            }
            flags = flags_of(K::User)?;
            Command::User(args[0])
        }
        K::Volume => {
            if args.is_empty() {
                return Err(at_least_one("VOLUME"));
            }
            flags = flags_of(K::Volume)?;
            let mut volumes = Vec::with_capacity(args.len());
            for volume in &args {
                let volume = go_trim_space(volume);
                if volume.is_empty() {
                    return Err("VOLUME specified can not be an empty string".to_string());
                }
                volumes.push(volume);
            }
            Command::Volume(volumes)
        }
        K::Stopsignal => {
            if args.len() != 1 {
                return Err(exactly_one("STOPSIGNAL"));
            }
            Command::Stopsignal(args[0])
        }
        K::Arg => {
            if args.is_empty() {
                return Err(at_least_one("ARG"));
            }
            let mut pairs = Vec::with_capacity(args.len());
            for arg in &args {
                match arg.split_once('=') {
                    Some(("", _)) => return Err("ARG names can not be blank".to_string()),
                    Some((key, value)) => pairs.push(ArgPair {
                        key,
                        value: Some(value),
                    }),
                    None => pairs.push(ArgPair {
                        key: arg,
                        value: None,
                    }),
                }
            }
            Command::Arg(pairs)
        }
        K::Shell => {
            flags = flags_of(K::Shell)?;
            let line = command_line(&args, json);
            if line.args.is_empty() {
                return Err(at_least_one("SHELL"));
            }
            if !json {
                return Err("SHELL requires the arguments to be in JSON form".to_string());
            }
            Command::Shell(args.clone())
        }
        K::Unknown => {
            let keyword = instruction.keyword.as_str();
            let hint = suggest::did_you_mean(
                keyword,
                InstructionKind::KNOWN.iter().map(|kind| kind.as_str()),
                false,
            );
            return Err(format!("unknown instruction: {keyword}{hint}"));
        }
    };
    Ok(TypedInstruction {
        instruction,
        flags,
        command,
    })
}

fn go_trim_space(text: &str) -> &str {
    let (start, end) = go::trim_space_range(text.as_bytes());
    &text[start..end]
}

/// `^[a-z][a-z0-9-_.]*$`
fn valid_stage_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|first| first.is_ascii_lowercase())
        && bytes.all(|byte| {
            byte.is_ascii_lowercase() || byte.is_ascii_digit() || matches!(byte, b'-' | b'_' | b'.')
        })
}

/// `(?i)^\s*ONBUILD\s*` removed from the original line.
fn strip_onbuild(original: &str) -> &str {
    let is_space = |byte: &u8| matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | b' ');
    let bytes = original.as_bytes();
    let lead = bytes.iter().take_while(|byte| is_space(byte)).count();
    let word = &bytes[lead..];
    if word.len() >= 7 && word[..7].eq_ignore_ascii_case(b"onbuild") {
        let after = lead + 7;
        let trail = bytes[after..]
            .iter()
            .take_while(|byte| is_space(byte))
            .count();
        return &original[after + trail..];
    }
    original
}

fn interval(flags: &ParsedFlags<'_>, name: &'static str) -> Result<i64, String> {
    interval_of(flags, name)
}

/// `parseOptInterval`: 0 when not given; under 1ms (and not 0) is an error.
fn interval_of(flags: &ParsedFlags<'_>, name: &'static str) -> Result<i64, String> {
    let value = flags.string(name).unwrap_or("");
    if value.is_empty() {
        return Ok(0);
    }
    let duration = go::parse_duration(value)?;
    if duration == 0 {
        return Ok(0);
    }
    if duration < 1_000_000 {
        return Err(format!(
            "Interval {} cannot be less than {}",
            go::quote(name),
            go::format_millis(1)
        ));
    }
    Ok(duration)
}

type SourcesAndDest<'a> = (Vec<&'a str>, Vec<InlineFile<'a>>, &'a str);

/// `parseSourcesAndDest`.
fn sources_and_dest<'a>(
    args: &[&'a str],
    heredocs: &'a [Heredoc<'a>],
    keyword: &str,
) -> Result<SourcesAndDest<'a>, String> {
    let (dest, sources) = args.split_last().unwrap_or((&"", &[]));
    if matches!(heredoc::parse_heredoc(dest), Ok(Some(_))) {
        return Err(format!(
            "{keyword} cannot accept a heredoc as a destination"
        ));
    }
    let mut paths = Vec::new();
    let mut files = Vec::new();
    for source in sources {
        match heredoc::parse_heredoc(source) {
            Ok(Some(spec)) => {
                // BuildKit looks the body up by name; the last heredoc of that name wins.
                let content = heredocs
                    .iter()
                    .rev()
                    .find(|heredoc| heredoc.name == spec.name)
                    .map_or("", |heredoc| heredoc.content);
                let data = if spec.chomp {
                    Cow::Owned(chomp(content))
                } else {
                    Cow::Borrowed(content)
                };
                files.push(InlineFile {
                    path: spec.name,
                    data,
                    expand: spec.expand,
                });
            }
            _ => paths.push(*source),
        }
    }
    Ok((paths, files, dest))
}

/// `ChompHeredocContent`: leading tabs removed from every line.
#[must_use]
pub fn chomp(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    for line in content.split_inclusive('\n') {
        out.push_str(line.trim_start_matches('\t'));
    }
    out
}

/// The layer-2 part of `--mount` parsing: CSV syntax and `from=` with a variable.
fn check_mount(value: &str) -> Result<(), String> {
    let fields =
        csv_fields(value).map_err(|error| format!("failed to parse csv mounts: {error}"))?;
    for field in fields {
        if let Some((key, value)) = field.split_once('=')
            && go::to_lower(key) == "from"
        {
            // regexp `\$.`: a `$` followed by any character but a newline.
            let bytes = value.as_bytes();
            let has_variable = bytes.iter().enumerate().any(|(index, byte)| {
                *byte == b'$' && bytes.get(index + 1).is_some_and(|next| *next != b'\n')
            });
            if has_variable {
                return Err(
                    "'from' doesn't support variable expansion, define alias stage instead"
                        .to_string(),
                );
            }
        }
    }
    Ok(())
}

/// `ParseDevice`.
fn parse_device(value: &str) -> Result<Device, String> {
    let fields =
        csv_fields(value).map_err(|error| format!("failed to parse csv devices: {error}"))?;
    let mut device = Device {
        name: String::new(),
        required: false,
    };
    for field in fields {
        match field.split_once('=') {
            None => {
                if go::to_lower(&field) == "required" {
                    device.required = true;
                } else if device.name.is_empty() {
                    device.name = field;
                } else {
                    return Err(format!("invalid field '{field}' must be a key=value pair"));
                }
            }
            Some((key, value)) => match go::to_lower(key).as_ref() {
                "name" => {
                    if !device.name.is_empty() {
                        return Err(format!("device name already set to {}", device.name));
                    }
                    device.name = value.to_string();
                }
                "required" => {
                    device.required = parse_bool(value)
                        .ok_or_else(|| format!("invalid value for required: {value}"))?;
                }
                lower => {
                    if device.name.is_empty() {
                        device.name = field.clone();
                    } else {
                        let hint = suggest::did_you_mean(lower, ["name", "required"], true);
                        return Err(format!("unexpected key '{lower}' in '{field}'{hint}"));
                    }
                }
            },
        }
    }
    Ok(device)
}

/// Go `strconv.ParseBool`.
fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `csvvalue.Fields` (comma separator, strict quotes), with `encoding/csv`'s error texts: how
/// BuildKit splits `--mount` and `--device` values into fields.
///
/// # Errors
/// The CSV error (`EOF` for an empty value, `bare " in non-quoted-field`, ...).
pub fn csv_fields(line: &str) -> Result<Vec<String>, String> {
    let line = line
        .strip_suffix("\r\n")
        .or_else(|| line.strip_suffix('\n'))
        .unwrap_or(line);
    if line.is_empty() {
        return Err("EOF".to_string());
    }
    let error = |column: usize, message: &str| {
        format!("parse error on line 1, column {}: {message}", column + 1)
    };
    let bytes = line.as_bytes();
    let mut fields = Vec::new();
    let mut pos = 0;
    loop {
        if bytes.get(pos) != Some(&b'"') {
            let end = bytes[pos..]
                .iter()
                .position(|byte| *byte == b',')
                .map(|index| pos + index);
            let field = &line[pos..end.unwrap_or(line.len())];
            if let Some(quote) = field.find('"') {
                return Err(error(pos + quote, "bare \" in non-quoted-field"));
            }
            fields.push(field.to_string());
            match end {
                Some(comma) => pos = comma + 1,
                None => break,
            }
            continue;
        }
        pos += 1;
        let mut field = String::new();
        loop {
            let Some(index) = bytes[pos..].iter().position(|byte| *byte == b'"') else {
                return Err(error(pos, "extraneous or missing \" in quoted-field"));
            };
            field.push_str(&line[pos..pos + index]);
            pos += index + 1;
            match bytes.get(pos) {
                Some(b'"') => {
                    field.push('"');
                    pos += 1;
                }
                Some(b',') => {
                    pos += 1;
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                None => {
                    fields.push(std::mem::take(&mut field));
                    return Ok(fields);
                }
                Some(_) => return Err(error(pos - 1, "extraneous or missing \" in quoted-field")),
            }
        }
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_like_go() {
        assert_eq!(
            csv_fields("type=bind,\"source=a b\",x").unwrap(),
            vec!["type=bind", "source=a b", "x"]
        );
        assert_eq!(
            csv_fields("type=bind,source=\"a b\""),
            Err("parse error on line 1, column 18: bare \" in non-quoted-field".to_string())
        );
        assert_eq!(csv_fields("\"a\"\"b\",c").unwrap(), vec!["a\"b", "c"]);
        assert_eq!(csv_fields("a,").unwrap(), vec!["a", ""]);
        assert_eq!(csv_fields(""), Err("EOF".to_string()));
        assert_eq!(
            csv_fields("a\"b"),
            Err("parse error on line 1, column 2: bare \" in non-quoted-field".to_string())
        );
        assert_eq!(
            csv_fields("\"ab"),
            Err(
                "parse error on line 1, column 2: extraneous or missing \" in quoted-field"
                    .to_string()
            )
        );
        assert_eq!(
            csv_fields("\"a\"b"),
            Err(
                "parse error on line 1, column 3: extraneous or missing \" in quoted-field"
                    .to_string()
            )
        );
    }

    #[test]
    fn stage_names_and_onbuild() {
        assert!(valid_stage_name("a-b_c.d1"));
        assert!(!valid_stage_name("1a"));
        assert!(!valid_stage_name("a/b"));
        assert_eq!(strip_onbuild("onBuild  RUN x"), "RUN x");
        assert_eq!(strip_onbuild("ONBUILDRUN"), "RUN");
        assert_eq!(chomp("\t\ta\n\tb\n c"), "a\nb\n c");
    }
}
