//! `plimsoll rule CODE` and `plimsoll rules`: the documentation each rule carries.

use std::io::Write;

use anyhow::Result;
use plimsoll_linter::{FixAvailability, RuleMeta, all_rules, rule_by_code};
use serde::Serialize;

use crate::ExitStatus;
use crate::args::{RuleArgs, RulesArgs};

pub fn run_rule(args: &RuleArgs) -> Result<ExitStatus> {
    let Some(rule) = rule_by_code(&args.code).or_else(|| {
        all_rules().iter().copied().find(|rule| {
            rule.meta().code.eq_ignore_ascii_case(&args.code) || rule.meta().name == args.code
        })
    }) else {
        anyhow::bail!(
            "unknown rule `{}` (`plimsoll rules` lists them all)",
            args.code
        );
    };
    let meta = rule.meta();
    let mut out = std::io::stdout().lock();
    writeln!(out, "# {} ({})", meta.code, meta.name)?;
    writeln!(out)?;
    writeln!(
        out,
        "Origin: {}. Default severity: {}{}. Fix: {}.",
        meta.origin.as_str(),
        meta.default_severity,
        if meta.enabled_by_default {
            ""
        } else {
            " (off by default)"
        },
        fix_text(meta)
    )?;
    if let Some(url) = meta.url() {
        writeln!(out, "Reference: {url}")?;
    }
    writeln!(out)?;
    write!(out, "{}", meta.documentation())?;
    Ok(ExitStatus::Success)
}

fn fix_text(meta: &RuleMeta) -> &'static str {
    match meta.fix {
        FixAvailability::None => "none",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::Always => "always",
    }
}

#[derive(Serialize)]
struct RuleRow {
    code: &'static str,
    name: &'static str,
    origin: &'static str,
    severity: &'static str,
    enabled_by_default: bool,
    fix: &'static str,
    summary: String,
    url: Option<String>,
}

pub fn run_rules(args: &RulesArgs) -> Result<ExitStatus> {
    let rows: Vec<RuleRow> = all_rules()
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            RuleRow {
                code: meta.code,
                name: meta.name,
                origin: meta.origin.as_str(),
                severity: meta.default_severity.as_str(),
                enabled_by_default: meta.enabled_by_default,
                fix: fix_text(meta),
                summary: meta.summary(),
                url: meta.url(),
            }
        })
        .collect();
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(ExitStatus::Success);
    }
    let code_width = rows.iter().map(|row| row.code.len()).max().unwrap_or(4);
    let name_width = rows.iter().map(|row| row.name.len()).max().unwrap_or(4);
    for row in &rows {
        writeln!(
            out,
            "{:code_width$}  {:name_width$}  {:8}  {:7}  {:9}  {}",
            row.code,
            row.name,
            row.origin,
            if row.enabled_by_default {
                row.severity
            } else {
                "off"
            },
            row.fix,
            row.summary
        )?;
    }
    Ok(ExitStatus::Success)
}
