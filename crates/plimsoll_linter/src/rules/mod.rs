//! Every rule, one file each, registered in [`RULES`].
//!
//! Each rule file declares its struct with [`declare_rule!`](crate::declare_rule) (the doc
//! comment is the rule's documentation: what it checks, why, an example, the fix) and implements
//! [`Rule`](crate::Rule). Its fixture is `resources/test/fixtures/<CODE>.Dockerfile` (plus
//! `<CODE>.hadolint.Dockerfile` when the hadolint drop-in behaves differently), snapshotted by
//! the `rule_tests!` list below.

use crate::registry::Rule;

mod image_ref;
mod label_values;
mod labels;
mod package_commands;
mod serving;
mod spdx;
mod stage_names;
mod words;

// BuildKit build checks.
pub mod consistent_instruction_casing;
pub mod copy_ignored_file;
pub mod duplicate_stage_name;
pub mod expose_invalid_format;
pub mod expose_proto_casing;
pub mod from_as_casing;
pub mod from_platform_flag_const_disallowed;
pub mod invalid_default_arg_in_from;
pub mod invalid_definition_description;
pub mod json_args_recommended;
pub mod legacy_key_value_format;
pub mod maintainer_deprecated;
pub mod multiple_instructions_disallowed;
pub mod no_empty_continuation;
pub mod redundant_target_platform;
pub mod reserved_stage_name;
pub mod secrets_used_in_arg_or_env;
pub mod stage_name_casing;
pub mod undefined_arg_in_from;
pub mod undefined_var;
pub mod workdir_relative_path;

// hadolint rules.
pub mod dl1001;
pub mod dl3000;
pub mod dl3001;
pub mod dl3002;
pub mod dl3003;
pub mod dl3004;
pub mod dl3006;
pub mod dl3007;
pub mod dl3008;
pub mod dl3009;
pub mod dl3010;
pub mod dl3011;
pub mod dl3012;
pub mod dl3013;
pub mod dl3014;
pub mod dl3015;
pub mod dl3016;
pub mod dl3018;
pub mod dl3019;
pub mod dl3020;
pub mod dl3021;
pub mod dl3022;
pub mod dl3023;
pub mod dl3024;
pub mod dl3025;
pub mod dl3026;
pub mod dl3027;
pub mod dl3028;
pub mod dl3029;
pub mod dl3030;
pub mod dl3032;
pub mod dl3033;
pub mod dl3034;
pub mod dl3035;
pub mod dl3036;
pub mod dl3037;
pub mod dl3038;
pub mod dl3040;
pub mod dl3041;
pub mod dl3042;
pub mod dl3043;
pub mod dl3044;
pub mod dl3045;
pub mod dl3046;
pub mod dl3047;
pub mod dl3048;
pub mod dl3049;
pub mod dl3050;
pub mod dl3051;
pub mod dl3052;
pub mod dl3053;
pub mod dl3054;
pub mod dl3055;
pub mod dl3056;
pub mod dl3057;
pub mod dl3058;
pub mod dl3059;
pub mod dl3060;
pub mod dl3061;
pub mod dl3062;
pub mod dl3063;
pub mod dl3064;
pub mod dl3065;
pub mod dl3066;
pub mod dl3067;
pub mod dl4000;
pub mod dl4001;
pub mod dl4003;
pub mod dl4004;
pub mod dl4005;
pub mod dl4006;
pub mod pl001;
pub mod pl002;
pub mod pl003;
pub mod pl004;
pub mod pl005;
pub(crate) mod rpm_packages;

/// The rule table, in code order (BuildKit's checks by name, then hadolint's `DL` codes).
pub static RULES: &[&dyn Rule] = &[
    // BuildKit build checks, by name.
    &consistent_instruction_casing::ConsistentInstructionCasing,
    &copy_ignored_file::CopyIgnoredFile,
    &duplicate_stage_name::DuplicateStageName,
    &expose_invalid_format::ExposeInvalidFormat,
    &expose_proto_casing::ExposeProtoCasing,
    &from_as_casing::FromAsCasing,
    &from_platform_flag_const_disallowed::FromPlatformFlagConstDisallowed,
    &invalid_default_arg_in_from::InvalidDefaultArgInFrom,
    &invalid_definition_description::InvalidDefinitionDescription,
    &json_args_recommended::JsonArgsRecommended,
    &legacy_key_value_format::LegacyKeyValueFormat,
    &maintainer_deprecated::MaintainerDeprecated,
    &multiple_instructions_disallowed::MultipleInstructionsDisallowed,
    &no_empty_continuation::NoEmptyContinuation,
    &redundant_target_platform::RedundantTargetPlatform,
    &reserved_stage_name::ReservedStageName,
    &secrets_used_in_arg_or_env::SecretsUsedInArgOrEnv,
    &stage_name_casing::StageNameCasing,
    &undefined_arg_in_from::UndefinedArgInFrom,
    &undefined_var::UndefinedVar,
    &workdir_relative_path::WorkdirRelativePath,
    // hadolint rules.
    &dl1001::InlineIgnorePragma,
    &dl3000::WorkdirNotAbsolute,
    &dl3001::NonsensicalCommand,
    &dl3002::LastUserRoot,
    &dl3003::CdInRun,
    &dl3004::SudoInRun,
    &dl3006::FromImageWithoutTag,
    &dl3007::FromLatestTag,
    &dl3008::AptGetInstallUnpinned,
    &dl3009::AptListsNotDeleted,
    &dl3010::CopyThenExtract,
    &dl3011::InvalidExposedPort,
    &dl3012::MultipleHealthchecks,
    &dl3013::PipInstallUnpinned,
    &dl3014::AptGetMissingYes,
    &dl3015::AptGetMissingNoInstallRecommends,
    &dl3016::NpmInstallUnpinned,
    &dl3018::ApkAddUnpinned,
    &dl3019::ApkAddMissingNoCache,
    &dl3020::AddInsteadOfCopy,
    &dl3021::CopyMultipleSourcesToFile,
    &dl3022::CopyFromUnknownStage,
    &dl3023::CopyFromOwnStage,
    &dl3024::DuplicateStageName,
    &dl3025::ShellFormCommand,
    &dl3026::UntrustedRegistry,
    &dl3027::AptNotAptGet,
    &dl3028::GemInstallUnpinned,
    &dl3029::FromPlatformFlag,
    &dl3030::YumWithoutYes,
    &dl3032::YumCleanMissing,
    &dl3033::YumPackageUnpinned,
    &dl3034::ZypperWithoutNonInteractive,
    &dl3035::ZypperDistUpgrade,
    &dl3036::ZypperCleanMissing,
    &dl3037::ZypperPackageUnpinned,
    &dl3038::DnfWithoutYes,
    &dl3040::DnfCleanMissing,
    &dl3041::DnfPackageUnpinned,
    &dl3042::PipMissingNoCacheDir,
    &dl3043::ForbiddenOnbuildTrigger,
    &dl3044::EnvSelfReference,
    &dl3045::CopyRelativeWithoutWorkdir,
    &dl3046::UseraddHighUidWithoutL,
    &dl3047::WgetWithoutProgress,
    &dl3048::InvalidLabelKey,
    &dl3049::LabelMissing,
    &dl3050::LabelNotInSchema,
    &dl3051::LabelEmpty,
    &dl3052::LabelNotUrl,
    &dl3053::LabelNotRfc3339,
    &dl3054::LabelNotSpdx,
    &dl3055::LabelNotGitHash,
    &dl3056::LabelNotSemver,
    &dl3057::HealthcheckMissing,
    &dl3058::LabelNotEmail,
    &dl3059::ConsecutiveRun,
    &dl3060::YarnCacheNotCleaned,
    &dl3061::InstructionBeforeFrom,
    &dl3062::GoInstallUnpinned,
    &dl3063::ReservedStageName,
    &dl3064::SecretInArgOrEnv,
    &dl3065::RedundantTargetPlatform,
    &dl3066::NonNumericUser,
    &dl3067::CopyEntireFilesystem,
    &dl4000::MaintainerDeprecated,
    &dl4001::CurlAndWget,
    &dl4003::MultipleCmd,
    &dl4004::MultipleEntrypoint,
    &dl4005::LnBinSh,
    &dl4006::PipeWithoutPipefail,
    &pl001::FinalStageRunsAsRoot,
    &pl002::ServerBoundToLoopback,
    &pl003::ServerPortNotExposed,
    &pl004::FullPythonBaseImage,
    &pl005::MissingOciLabels,
];

#[cfg(test)]
mod tests {
    use crate::test_support::assert_rule_fixtures;

    macro_rules! rule_tests {
        ($($name:ident => $code:literal,)*) => {
            $(
                #[test]
                fn $name() {
                    assert_rule_fixtures($code);
                }
            )*

            /// Every fixture of a hadolint rule, linted by the drop-in, gives the lines
            /// hadolint 2.15.1 itself reports for that rule (when the binary is installed).
            #[test]
            fn hadolint_mode_matches_hadolint_on_fixtures() {
                crate::test_support::assert_fixtures_match_hadolint(&[$($code),*]);
            }

            #[test]
            fn every_rule_has_a_fixture_test() {
                let tested = [$($code),*];
                for rule in super::RULES {
                    let code = crate::registry::RuleMetadata::meta(*rule).code;
                    assert!(tested.contains(&code), "{code} has no entry in rule_tests!");
                }
            }
        };
    }

    rule_tests! {
        consistent_instruction_casing => "ConsistentInstructionCasing",
        copy_ignored_file => "CopyIgnoredFile",
        duplicate_stage_name => "DuplicateStageName",
        expose_invalid_format => "ExposeInvalidFormat",
        expose_proto_casing => "ExposeProtoCasing",
        from_as_casing => "FromAsCasing",
        from_platform_flag_const_disallowed => "FromPlatformFlagConstDisallowed",
        invalid_default_arg_in_from => "InvalidDefaultArgInFrom",
        invalid_definition_description => "InvalidDefinitionDescription",
        json_args_recommended => "JSONArgsRecommended",
        legacy_key_value_format => "LegacyKeyValueFormat",
        maintainer_deprecated => "MaintainerDeprecated",
        multiple_instructions_disallowed => "MultipleInstructionsDisallowed",
        no_empty_continuation => "NoEmptyContinuation",
        redundant_target_platform => "RedundantTargetPlatform",
        reserved_stage_name => "ReservedStageName",
        secrets_used_in_arg_or_env => "SecretsUsedInArgOrEnv",
        stage_name_casing => "StageNameCasing",
        undefined_arg_in_from => "UndefinedArgInFrom",
        undefined_var => "UndefinedVar",
        workdir_relative_path => "WorkdirRelativePath",
        dl1001 => "DL1001",
        dl3000 => "DL3000",
        dl3001 => "DL3001",
        dl3002 => "DL3002",
        dl3003 => "DL3003",
        dl3004 => "DL3004",
        dl3006 => "DL3006",
        dl3007 => "DL3007",
        dl3008 => "DL3008",
        dl3009 => "DL3009",
        dl3010 => "DL3010",
        dl3011 => "DL3011",
        dl3012 => "DL3012",
        dl3013 => "DL3013",
        dl3014 => "DL3014",
        dl3015 => "DL3015",
        dl3016 => "DL3016",
        dl3018 => "DL3018",
        dl3019 => "DL3019",
        dl3020 => "DL3020",
        dl3021 => "DL3021",
        dl3022 => "DL3022",
        dl3023 => "DL3023",
        dl3024 => "DL3024",
        dl3025 => "DL3025",
        dl3026 => "DL3026",
        dl3027 => "DL3027",
        dl3028 => "DL3028",
        dl3029 => "DL3029",
        dl3030 => "DL3030",
        dl3032 => "DL3032",
        dl3033 => "DL3033",
        dl3034 => "DL3034",
        dl3035 => "DL3035",
        dl3036 => "DL3036",
        dl3037 => "DL3037",
        dl3038 => "DL3038",
        dl3040 => "DL3040",
        dl3041 => "DL3041",
        dl3042 => "DL3042",
        dl3043 => "DL3043",
        dl3044 => "DL3044",
        dl3045 => "DL3045",
        dl3046 => "DL3046",
        dl3047 => "DL3047",
        dl3048 => "DL3048",
        dl3049 => "DL3049",
        dl3050 => "DL3050",
        dl3051 => "DL3051",
        dl3052 => "DL3052",
        dl3053 => "DL3053",
        dl3054 => "DL3054",
        dl3055 => "DL3055",
        dl3056 => "DL3056",
        dl3057 => "DL3057",
        dl3058 => "DL3058",
        dl3059 => "DL3059",
        dl3060 => "DL3060",
        dl3061 => "DL3061",
        dl3062 => "DL3062",
        dl3063 => "DL3063",
        dl3064 => "DL3064",
        dl3065 => "DL3065",
        dl3066 => "DL3066",
        dl3067 => "DL3067",
        dl4000 => "DL4000",
        dl4001 => "DL4001",
        dl4003 => "DL4003",
        dl4004 => "DL4004",
        dl4005 => "DL4005",
        dl4006 => "DL4006",
        pl001 => "PL001",
        pl002 => "PL002",
        pl003 => "PL003",
        pl004 => "PL004",
        pl005 => "PL005",
    }
}
