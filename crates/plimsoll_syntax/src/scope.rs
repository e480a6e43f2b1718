//! Which variables exist where in a build: the model the build checks drive while walking the
//! instructions of a Dockerfile (BuildKit's `dockerfile2llb` dispatch, reduced to variables).
//!
//! A build has two kinds of scope:
//!
//! * The **global scope**, used only to expand `FROM` lines (image and `--platform`). It starts
//!   with BuildKit's predefined platform args (`BUILDPLATFORM` … `TARGETSTAGE`, see
//!   [`PREDEFINED_ARGS`]) and grows with the meta `ARG`s written before the first `FROM`. A meta
//!   `ARG`'s default may use earlier meta args and the predefined ones; a `--build-arg` value
//!   replaces the default (which is then not expanded at all).
//! * One **stage scope** per `FROM`. It starts with the base image's environment (an earlier
//!   stage's full scope for `FROM <stage>`), then `ARG` and `ENV` add to it in order:
//!   - `ARG NAME=default` takes the `--build-arg` value, else the default expanded against the
//!     stage's environment so far; `ARG NAME` without either inherits the global value (a meta
//!     arg or a predefined one) or stays **unset but declared**;
//!   - `ENV a=1 b=$a` expands every key and value against the environment *before* the
//!     instruction (`b` sees the old `a`).
//!
//! `PATH` is always defined in a stage: BuildKit adds its default Linux `PATH` when the base
//! image has none. What else the base image defines is unknown to a static linter; by default
//! only `PATH` is assumed ([`BuildOptions::base_image_env`]), and a caller that knows the image
//! config can pass its environment in [`StageBase::Image`].
//!
//! The scopes implement [`Env`], so the [`Lexer`] expands against them directly, and
//! [`BuildScope::undefined_vars`] / [`BuildScope::undefined_args_in_from`] apply BuildKit's
//! filters for the `UndefinedVar` and `UndefinedArgInFrom` checks to the unmatched names.
//!
//! ```
//! use plimsoll_syntax::expand::Lexer;
//! use plimsoll_syntax::scope::{BuildOptions, BuildScope, StageBase};
//!
//! let mut scope = BuildScope::new(Lexer::new('\\'), BuildOptions::default());
//! scope.declare_arg("VERSION", Some("1.0")).unwrap();            // ARG VERSION=1.0
//! let from = scope.expand_in_from("alpine:${VERSION}").unwrap();  // FROM alpine:${VERSION}
//! assert_eq!(from.value, "alpine:1.0");
//! scope.enter_stage(StageBase::Image { env: None }).unwrap();
//! scope.declare_arg("VERSION", None).unwrap();                    // ARG VERSION (inherits)
//! scope.set_env(&[("APP", "/opt/app-$VERSION")]).unwrap();       // ENV APP=/opt/app-$VERSION
//! let word = scope.expand("$APP/bin:$PATH:$NOPE").unwrap();
//! assert!(word.value.starts_with("/opt/app-1.0/bin:/usr/local/sbin:"));
//! assert_eq!(scope.undefined_vars(&word.unmatched), ["NOPE"]);
//! ```

use std::collections::BTreeMap;

use crate::expand::{Env, ExpandError, Expansion, Lexer};

/// The args BuildKit defines before any `ARG`, in its order (`defaultArgs`).
pub const PREDEFINED_ARGS: [&str; 11] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDOSVERSION",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETOSVERSION",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

/// The `PATH` BuildKit adds to a Linux stage whose base image has none.
pub const DEFAULT_LINUX_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Args that BuildKit never puts into a stage's environment (and never reports as undefined).
pub const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// An OCI platform, for the predefined platform args.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    /// e.g. `linux`.
    pub os: String,
    /// e.g. `amd64`, `arm64`.
    pub architecture: String,
    /// e.g. `v7`; empty when none.
    pub variant: String,
    /// Windows build number; empty elsewhere.
    pub os_version: String,
}

impl Default for Platform {
    /// `linux/amd64`, the platform BuildKit's conformance data assumes.
    fn default() -> Self {
        Self {
            os: "linux".to_owned(),
            architecture: "amd64".to_owned(),
            variant: String::new(),
            os_version: String::new(),
        }
    }
}

impl Platform {
    /// `platforms.Format`: `os/arch[/variant]`.
    #[must_use]
    pub fn format(&self) -> String {
        let mut out = format!("{}/{}", self.os, self.architecture);
        if !self.variant.is_empty() {
            out.push('/');
            out.push_str(&self.variant);
        }
        out
    }

    /// `platforms.FormatAll`: like [`format`](Self::format), with `(os_version)` after the OS.
    #[must_use]
    pub fn format_all(&self) -> String {
        if self.os_version.is_empty() {
            return self.format();
        }
        let mut out = format!("{}({})/{}", self.os, self.os_version, self.architecture);
        if !self.variant.is_empty() {
            out.push('/');
            out.push_str(&self.variant);
        }
        out
    }
}

/// What the build is invoked with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    /// `--build-arg NAME=value` values; they also override predefined args.
    pub build_args: BTreeMap<String, String>,
    /// The platform the build runs on (`BUILD*` args).
    pub build_platform: Platform,
    /// The platform being built for (`TARGET*` args).
    pub target_platform: Platform,
    /// `TARGETSTAGE`: the name of the target stage (BuildKit uses the last stage's name when
    /// there is no `--target`; empty when that stage is unnamed).
    pub target_stage: String,
    /// The environment assumed for an external base image whose config is not known.
    /// Default: only `PATH` (see [`DEFAULT_LINUX_PATH`]).
    pub base_image_env: Vec<(String, String)>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self {
            build_args: BTreeMap::new(),
            build_platform: Platform::default(),
            target_platform: Platform::default(),
            target_stage: String::new(),
            base_image_env: vec![("PATH".to_owned(), DEFAULT_LINUX_PATH.to_owned())],
        }
    }
}

/// An ordered list of variables with add-or-replace semantics (BuildKit's `EnvList`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vars {
    entries: Vec<(String, String)>,
}

impl Vars {
    /// Sets `name`, keeping its position if it already exists.
    pub fn set(&mut self, name: &str, value: &str) {
        match self.entries.iter_mut().find(|(key, _)| key == name) {
            Some(entry) => value.clone_into(&mut entry.1),
            None => self.entries.push((name.to_owned(), value.to_owned())),
        }
    }

    /// The value of `name`, if set.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The names, in order of first definition (BuildKit's `Keys()`, used for suggestions).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(key, _)| key.as_str())
    }

    /// The `(name, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }
}

impl Env for Vars {
    fn get(&self, name: &str) -> Option<&str> {
        Vars::get(self, name)
    }
}

/// The variables of one build stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageScope {
    env: Vars,
    /// Names declared with `ARG` in this stage or a stage it is built on, set or not.
    declared_args: Vec<String>,
}

impl StageScope {
    /// The stage's environment (base image env, set ARGs and ENVs).
    #[must_use]
    pub fn env(&self) -> &Vars {
        &self.env
    }

    /// Names declared with `ARG` (here or in the stage this one is built on), in order.
    #[must_use]
    pub fn declared_args(&self) -> &[String] {
        &self.declared_args
    }

    fn declare(&mut self, name: &str) {
        self.declared_args.push(name.to_owned());
    }
}

impl Env for StageScope {
    fn get(&self, name: &str) -> Option<&str> {
        self.env.get(name)
    }
}

/// What a stage is built on (`FROM …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageBase {
    /// An external image. `env` is its config's environment when known; `None` uses
    /// [`BuildOptions::base_image_env`]. `PATH` is added when missing (except on Windows).
    Image {
        /// The image config's `Env`, when known.
        env: Option<Vec<(String, String)>>,
    },
    /// `FROM scratch`: an empty image, whose environment is only `PATH`.
    Scratch,
    /// `FROM <earlier stage>`, by index as returned by [`BuildScope::enter_stage`]: the new
    /// stage starts with a copy of that stage's environment and declared args.
    Stage(usize),
}

/// Where an `ARG`'s value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgSource {
    /// A `--build-arg` value (the default, if any, was not expanded).
    BuildArg,
    /// The default written in the `ARG`, expanded.
    Default,
    /// `ARG NAME` in a stage, inheriting the global (meta or predefined) value.
    Global,
    /// No value: declared but unset.
    Unset,
}

/// The effect of one `ARG NAME[=default]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgOutcome {
    /// The value the arg now has; `None` when it is unset.
    pub value: Option<String>,
    /// Where the value came from.
    pub source: ArgSource,
    /// The expansion of the default, when it was expanded (its `unmatched` names are what
    /// `UndefinedVar` looks at for a stage `ARG`).
    pub expansion: Option<Expansion>,
}

/// The effect of one `ENV`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvOutcome {
    /// The expanded `(key, value)` pairs, in order.
    pub pairs: Vec<(String, String)>,
    /// Variables that were set, over all keys and values, in order of first use.
    pub matched: Vec<String>,
    /// Variables that were unset, over all keys and values, in order of first use.
    pub unmatched: Vec<String>,
}

/// Why a [`BuildScope`] operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    /// A word could not be expanded (BuildKit fails the build with this error).
    #[error(transparent)]
    Expand(#[from] ExpandError),
    /// `ENV` before the first `FROM` (BuildKit: `no build stage in current context`).
    #[error("no build stage in current context")]
    NoStage,
    /// [`StageBase::Stage`] names a stage that has not been entered yet.
    #[error("unknown stage index {0}")]
    UnknownStage(usize),
}

/// The variable scopes of a whole build, driven instruction by instruction.
#[derive(Debug, Clone)]
pub struct BuildScope {
    lexer: Lexer,
    options: BuildOptions,
    global: Vars,
    /// Meta `ARG` names, set or not, in order.
    meta_args: Vec<String>,
    stages: Vec<StageScope>,
}

impl BuildScope {
    /// A build before its first instruction: the predefined args are set (with `--build-arg`
    /// overrides), no stage yet. `lexer` carries the Dockerfile's escape token.
    #[must_use]
    pub fn new(lexer: Lexer, options: BuildOptions) -> Self {
        let build = &options.build_platform;
        let target = &options.target_platform;
        let predefined = [
            build.format(),
            build.os.clone(),
            build.os_version.clone(),
            build.architecture.clone(),
            build.variant.clone(),
            target.format_all(),
            target.os.clone(),
            target.os_version.clone(),
            target.architecture.clone(),
            target.variant.clone(),
            options.target_stage.clone(),
        ];
        let mut global = Vars::default();
        for (name, value) in PREDEFINED_ARGS.iter().zip(predefined) {
            let value = options.build_args.get(*name).cloned().unwrap_or(value);
            global.set(name, &value);
        }
        Self {
            lexer,
            options,
            global,
            meta_args: Vec::new(),
            stages: Vec::new(),
        }
    }

    /// The lexer used for every expansion.
    #[must_use]
    pub fn lexer(&self) -> &Lexer {
        &self.lexer
    }

    /// The global args (predefined + meta), which `FROM` lines expand against.
    #[must_use]
    pub fn global_args(&self) -> &Vars {
        &self.global
    }

    /// Meta `ARG` names declared so far, set or not.
    #[must_use]
    pub fn meta_args(&self) -> &[String] {
        &self.meta_args
    }

    /// The current stage, or `None` before the first `FROM`.
    #[must_use]
    pub fn current_stage(&self) -> Option<&StageScope> {
        self.stages.last()
    }

    /// A stage by the index [`enter_stage`](Self::enter_stage) returned.
    #[must_use]
    pub fn stage(&self, index: usize) -> Option<&StageScope> {
        self.stages.get(index)
    }

    /// `ARG name[=default]`: a meta arg before the first `FROM`, a stage arg after it.
    pub fn declare_arg(
        &mut self,
        name: &str,
        default: Option<&str>,
    ) -> Result<ArgOutcome, ScopeError> {
        let build_arg = self.options.build_args.get(name).cloned();
        let Some(stage) = self.stages.last_mut() else {
            // Meta arg (buildMetaArgs).
            let outcome = match (build_arg, default) {
                (Some(value), _) => ArgOutcome {
                    value: Some(value),
                    source: ArgSource::BuildArg,
                    expansion: None,
                },
                (None, Some(default)) => {
                    let expansion = self.lexer.process_word(default, &self.global)?;
                    ArgOutcome {
                        value: Some(expansion.value.clone()),
                        source: ArgSource::Default,
                        expansion: Some(expansion),
                    }
                }
                (None, None) => ArgOutcome {
                    value: None,
                    source: ArgSource::Unset,
                    expansion: None,
                },
            };
            if let Some(value) = &outcome.value {
                self.global.set(name, value);
            }
            self.meta_args.push(name.to_owned());
            return Ok(outcome);
        };

        // Stage arg (dispatchArg).
        let outcome = match (build_arg, default) {
            (Some(value), _) => ArgOutcome {
                value: Some(value),
                source: ArgSource::BuildArg,
                expansion: None,
            },
            (None, Some(default)) => {
                let expansion = self.lexer.process_word(default, &stage.env)?;
                ArgOutcome {
                    value: Some(expansion.value.clone()),
                    source: ArgSource::Default,
                    expansion: Some(expansion),
                }
            }
            (None, None) => match self.global.get(name) {
                Some(value) => ArgOutcome {
                    value: Some(value.to_owned()),
                    source: ArgSource::Global,
                    expansion: None,
                },
                None => ArgOutcome {
                    value: None,
                    source: ArgSource::Unset,
                    expansion: None,
                },
            },
        };
        if let Some(value) = &outcome.value
            && !NON_ENV_ARGS.contains(&name)
        {
            stage.env.set(name, value);
        }
        stage.declare(name);
        Ok(outcome)
    }

    /// `FROM …`: starts a new stage and returns its index (for [`StageBase::Stage`] later).
    pub fn enter_stage(&mut self, base: StageBase) -> Result<usize, ScopeError> {
        let stage = match base {
            StageBase::Stage(index) => self
                .stages
                .get(index)
                .cloned()
                .ok_or(ScopeError::UnknownStage(index))?,
            StageBase::Scratch => self.image_stage(&[]),
            StageBase::Image { env: Some(env) } => self.image_stage(&env),
            StageBase::Image { env: None } => self.image_stage(&self.options.base_image_env),
        };
        self.stages.push(stage);
        Ok(self.stages.len() - 1)
    }

    fn image_stage(&self, env: &[(String, String)]) -> StageScope {
        let mut stage = StageScope::default();
        for (name, value) in env {
            stage.env.set(name, value);
        }
        if stage.env.get("PATH").is_none() && self.options.target_platform.os != "windows" {
            stage.env.set("PATH", DEFAULT_LINUX_PATH);
        }
        stage
    }

    /// `ENV k=v …`: every key and value is expanded against the environment before this
    /// instruction, then all pairs are set in order.
    pub fn set_env<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        pairs: &[(K, V)],
    ) -> Result<EnvOutcome, ScopeError> {
        let Some(stage) = self.stages.last_mut() else {
            return Err(ScopeError::NoStage);
        };
        let mut outcome = EnvOutcome::default();
        for (key, value) in pairs {
            let key = self.lexer.process_word(key.as_ref(), &stage.env)?;
            let value = self.lexer.process_word(value.as_ref(), &stage.env)?;
            for expansion in [&key, &value] {
                merge_names(&mut outcome.matched, &expansion.matched);
                merge_names(&mut outcome.unmatched, &expansion.unmatched);
            }
            outcome.pairs.push((key.value, value.value));
        }
        for (key, value) in &outcome.pairs {
            stage.env.set(key, value);
        }
        Ok(outcome)
    }

    /// Expands a word against the current stage's environment (COPY, WORKDIR, USER, LABEL,
    /// … arguments), or against the global args before the first `FROM`.
    pub fn expand(&self, word: &str) -> Result<Expansion, ExpandError> {
        match self.stages.last() {
            Some(stage) => self.lexer.process_word(word, &stage.env),
            None => self.lexer.process_word(word, &self.global),
        }
    }

    /// Expands a `FROM` image or `--platform` value against the global args.
    pub fn expand_in_from(&self, word: &str) -> Result<Expansion, ExpandError> {
        self.lexer.process_word(word, &self.global)
    }

    /// BuildKit's `UndefinedVar` filter: the unmatched names of an expansion in the current
    /// stage that are neither declared `ARG`s of the stage nor BuildKit-internal args.
    #[must_use]
    pub fn undefined_vars(&self, unmatched: &[String]) -> Vec<String> {
        let declared = self
            .stages
            .last()
            .map_or(&[][..], |stage| stage.declared_args.as_slice());
        unmatched
            .iter()
            .filter(|name| !declared.contains(name) && !NON_ENV_ARGS.contains(&name.as_str()))
            .cloned()
            .collect()
    }

    /// BuildKit's `UndefinedArgInFrom` filter: the unmatched names of a `FROM` expansion that
    /// are neither declared meta args (set or not) nor global args.
    #[must_use]
    pub fn undefined_args_in_from(&self, unmatched: &[String]) -> Vec<String> {
        unmatched
            .iter()
            .filter(|name| !self.meta_args.contains(name) && self.global.get(name).is_none())
            .cloned()
            .collect()
    }

    /// The names a `FROM` argument could have meant (meta args, then global args), for
    /// "did you mean" suggestions.
    #[must_use]
    pub fn from_arg_candidates(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.meta_args.iter().map(String::as_str).collect();
        for key in self.global.keys() {
            if !names.contains(&key) {
                names.push(key);
            }
        }
        names
    }
}

fn merge_names(into: &mut Vec<String>, names: &[String]) {
    for name in names {
        if !into.contains(name) {
            into.push(name.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope_with(build_args: &[(&str, &str)]) -> BuildScope {
        let options = BuildOptions {
            build_args: build_args
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            target_stage: "final".to_owned(),
            ..BuildOptions::default()
        };
        BuildScope::new(Lexer::new('\\'), options)
    }

    fn value(scope: &BuildScope, word: &str) -> String {
        scope.expand(word).unwrap().value
    }

    #[test]
    fn predefined_args_and_overrides() {
        let scope = scope_with(&[("TARGETARCH", "arm64")]);
        let global = scope.global_args();
        assert_eq!(global.get("BUILDPLATFORM"), Some("linux/amd64"));
        assert_eq!(global.get("TARGETPLATFORM"), Some("linux/amd64"));
        assert_eq!(global.get("TARGETARCH"), Some("arm64"));
        // Empty but set: `${TARGETVARIANT:+…}` patterns rely on that.
        assert_eq!(global.get("TARGETVARIANT"), Some(""));
        assert_eq!(global.get("TARGETSTAGE"), Some("final"));
        assert_eq!(global.keys().collect::<Vec<_>>(), PREDEFINED_ARGS);
    }

    #[test]
    fn platform_formats() {
        let arm = Platform {
            architecture: "arm".to_owned(),
            variant: "v7".to_owned(),
            ..Platform::default()
        };
        assert_eq!(arm.format(), "linux/arm/v7");
        let windows = Platform {
            os: "windows".to_owned(),
            os_version: "10.0.17763".to_owned(),
            ..Platform::default()
        };
        assert_eq!(windows.format(), "windows/amd64");
        assert_eq!(windows.format_all(), "windows(10.0.17763)/amd64");
    }

    #[test]
    fn meta_args_build_on_each_other() {
        let mut scope = scope_with(&[("TAG", "from-cli")]);
        let base = scope.declare_arg("BASE", Some("alpine")).unwrap();
        assert_eq!(base.source, ArgSource::Default);
        let image = scope
            .declare_arg("IMAGE", Some("${BASE}-$TARGETARCH"))
            .unwrap();
        assert_eq!(image.value.as_deref(), Some("alpine-amd64"));
        assert_eq!(image.expansion.unwrap().matched, ["BASE", "TARGETARCH"]);
        // A build arg wins, and the default is not even expanded (no error for ${X:?}).
        let tag = scope.declare_arg("TAG", Some("${X:?unset}")).unwrap();
        assert_eq!(
            (tag.value.as_deref(), tag.source),
            (Some("from-cli"), ArgSource::BuildArg)
        );
        let unset = scope.declare_arg("UNSET", None).unwrap();
        assert_eq!((unset.value, unset.source), (None, ArgSource::Unset));

        let from = scope.expand_in_from("$IMAGE:$TAG$UNSET$NOPE").unwrap();
        assert_eq!(from.value, "alpine-amd64:from-cli");
        assert_eq!(from.unmatched, ["UNSET", "NOPE"]);
        // Declared-but-unset meta args are known; NOPE is not.
        assert_eq!(scope.undefined_args_in_from(&from.unmatched), ["NOPE"]);
        assert_eq!(scope.meta_args(), ["BASE", "IMAGE", "TAG", "UNSET"]);
        assert_eq!(
            scope.from_arg_candidates()[..4],
            ["BASE", "IMAGE", "TAG", "UNSET"]
        );
    }

    #[test]
    fn meta_arg_errors_are_expansion_errors() {
        let mut scope = scope_with(&[]);
        let err = scope.declare_arg("A", Some("${B:?need B}")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "failed to process \"${B:?need B}\": B: need B"
        );
    }

    #[test]
    fn stages_do_not_see_meta_args_unless_redeclared() {
        let mut scope = scope_with(&[]);
        scope.declare_arg("VERSION", Some("1.2")).unwrap();
        scope.enter_stage(StageBase::Image { env: None }).unwrap();
        let word = scope.expand("v$VERSION").unwrap();
        assert_eq!(word.value, "v");
        assert_eq!(scope.undefined_vars(&word.unmatched), ["VERSION"]);

        let inherited = scope.declare_arg("VERSION", None).unwrap();
        assert_eq!(inherited.source, ArgSource::Global);
        assert_eq!(value(&scope, "v$VERSION"), "v1.2");
        // Predefined args are inherited the same way.
        scope.declare_arg("TARGETOS", None).unwrap();
        assert_eq!(value(&scope, "$TARGETOS"), "linux");
    }

    #[test]
    fn declared_but_unset_args_are_not_undefined() {
        let mut scope = scope_with(&[]);
        scope.enter_stage(StageBase::Scratch).unwrap();
        let outcome = scope.declare_arg("TOKEN", None).unwrap();
        assert_eq!(outcome.source, ArgSource::Unset);
        let word = scope.expand("${TOKEN}${OTHER}").unwrap();
        assert_eq!(word.unmatched, ["TOKEN", "OTHER"]);
        assert_eq!(scope.undefined_vars(&word.unmatched), ["OTHER"]);
    }

    #[test]
    fn stage_arg_defaults_see_the_stage_env() {
        let mut scope = scope_with(&[]);
        scope.enter_stage(StageBase::Image { env: None }).unwrap();
        scope.set_env(&[("HOME", "/home/app")]).unwrap();
        let arg = scope
            .declare_arg("CACHE", Some("$HOME/.cache$NOPE"))
            .unwrap();
        assert_eq!(arg.value.as_deref(), Some("/home/app/.cache"));
        assert_eq!(arg.expansion.unwrap().unmatched, ["NOPE"]);
        assert_eq!(value(&scope, "$CACHE"), "/home/app/.cache");
    }

    #[test]
    fn env_words_see_the_env_before_the_instruction() {
        let mut scope = scope_with(&[]);
        scope.enter_stage(StageBase::Scratch).unwrap();
        scope.set_env(&[("abc", "hi")]).unwrap();
        let outcome = scope.set_env(&[("abc", "bye"), ("def", "$abc")]).unwrap();
        assert_eq!(outcome.pairs[1], ("def".to_owned(), "hi".to_owned()));
        assert_eq!(value(&scope, "$abc $def"), "bye hi");
        // Keys are expanded too.
        scope.set_env(&[("${abc}_KEY", "1")]).unwrap();
        assert_eq!(value(&scope, "$bye_KEY"), "1");
        let outcome = scope
            .set_env(&[("X", "$U1 $U2 $U1"), ("Y", "$abc")])
            .unwrap();
        assert_eq!(outcome.unmatched, ["U1", "U2"]);
        assert_eq!(outcome.matched, ["abc"]);
    }

    #[test]
    fn env_before_from_is_an_error() {
        let mut scope = scope_with(&[]);
        assert_eq!(scope.set_env(&[("A", "1")]), Err(ScopeError::NoStage));
    }

    #[test]
    fn path_is_always_present() {
        let mut scope = scope_with(&[]);
        scope.enter_stage(StageBase::Scratch).unwrap();
        assert_eq!(value(&scope, "$PATH"), DEFAULT_LINUX_PATH);
        scope
            .enter_stage(StageBase::Image {
                env: Some(vec![
                    ("PATH".to_owned(), "/custom".to_owned()),
                    ("PYTHON_VERSION".to_owned(), "3.12".to_owned()),
                ]),
            })
            .unwrap();
        assert_eq!(value(&scope, "$PATH $PYTHON_VERSION"), "/custom 3.12");
        scope
            .enter_stage(StageBase::Image {
                env: Some(vec![("LANG".to_owned(), "C".to_owned())]),
            })
            .unwrap();
        assert_eq!(
            value(&scope, "$LANG:$PATH"),
            format!("C:{DEFAULT_LINUX_PATH}")
        );
    }

    #[test]
    fn configurable_base_image_env() {
        let options = BuildOptions {
            base_image_env: vec![("GOPATH".to_owned(), "/go".to_owned())],
            ..BuildOptions::default()
        };
        let mut scope = BuildScope::new(Lexer::new('\\'), options);
        scope.enter_stage(StageBase::Image { env: None }).unwrap();
        assert_eq!(value(&scope, "$GOPATH"), "/go");
        assert_eq!(
            scope
                .current_stage()
                .unwrap()
                .env()
                .keys()
                .collect::<Vec<_>>(),
            ["GOPATH", "PATH"]
        );
    }

    #[test]
    fn stages_built_on_stages_inherit_env_and_declared_args() {
        let mut scope = scope_with(&[]);
        let base = scope.enter_stage(StageBase::Image { env: None }).unwrap();
        scope.set_env(&[("APP", "/app")]).unwrap();
        scope.declare_arg("SECRET", None).unwrap();
        let other = scope.enter_stage(StageBase::Scratch).unwrap();
        assert_eq!(value(&scope, "$APP"), "");
        let child = scope.enter_stage(StageBase::Stage(base)).unwrap();
        assert_eq!(value(&scope, "$APP"), "/app");
        let word = scope.expand("$SECRET").unwrap();
        assert!(scope.undefined_vars(&word.unmatched).is_empty());
        // Changes in the child do not leak back.
        scope.set_env(&[("APP", "/child")]).unwrap();
        assert_eq!(scope.stage(base).unwrap().env().get("APP"), Some("/app"));
        assert_eq!(scope.stage(child).unwrap().env().get("APP"), Some("/child"));
        assert_eq!(other, 1);
        assert_eq!(
            scope.enter_stage(StageBase::Stage(9)),
            Err(ScopeError::UnknownStage(9))
        );
    }

    #[test]
    fn build_args_in_stages() {
        let mut scope = scope_with(&[("MODE", "release")]);
        scope.declare_arg("MODE", Some("debug")).unwrap();
        scope.enter_stage(StageBase::Image { env: None }).unwrap();
        // A --build-arg needs an ARG in the stage to become visible.
        assert_eq!(value(&scope, "$MODE"), "");
        let mode = scope.declare_arg("MODE", Some("$NOPE")).unwrap();
        assert_eq!(
            (mode.value.as_deref(), mode.source, mode.expansion),
            (Some("release"), ArgSource::BuildArg, None)
        );
        assert_eq!(value(&scope, "$MODE"), "release");
    }

    #[test]
    fn buildkit_internal_args_stay_out_of_env() {
        let mut scope = scope_with(&[]);
        scope.enter_stage(StageBase::Scratch).unwrap();
        scope
            .declare_arg("BUILDKIT_SBOM_SCAN_STAGE", Some("true"))
            .unwrap();
        let word = scope.expand("$BUILDKIT_SBOM_SCAN_STAGE").unwrap();
        assert_eq!(word.value, "");
        assert!(scope.undefined_vars(&word.unmatched).is_empty());
    }

    #[test]
    fn expansion_before_any_stage_uses_global_args() {
        let scope = scope_with(&[]);
        assert_eq!(value(&scope, "$BUILDARCH"), "amd64");
        assert!(scope.current_stage().is_none());
    }
}
