//! Dockerfile semantic model, rule registry, rules, pragmas and configuration.
