//! Offline container image reader and analysis: layers, merged filesystem, waste, findings, packages.
