//! Integration tests for the `enablekit` binary: real kits in temporary
//! folders, the real binary, real output files.
//!
//! - `build`: the example kit builds; layout, links, highlighting, escaping, drafts.
//! - `errors`: every kind of bad input fails with a located diagnostic and
//!   leaves earlier output untouched; JSON diagnostics; usage errors.
//! - `partners`: partner profile validation, `--portal`, co-branding.
//! - `leak`: no gated content or partner data reaches a portal that may not see it.
//! - `versions`: immutable versions, `latest/`, `versions.json`, refusals.

mod common;

mod build;
mod errors;
mod leak;
mod partners;
mod versions;
