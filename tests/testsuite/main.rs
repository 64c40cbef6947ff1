//! Integration tests for the `enablekit` binary: real kits in temporary
//! folders, the real binary, real output files.
//!
//! - `build`: the example kit builds; layout, links, highlighting, escaping, drafts.
//! - `errors`: every kind of bad input fails with a located diagnostic and
//!   leaves earlier output untouched; JSON diagnostics; usage errors.
//! - `partners`: partner profile validation, `--portal`, co-branding.
//! - `data`: scorecards, the portfolio, values in prose, bad-data messages,
//!   and the leak scan with a marker in every partner's rows.
//! - `lifecycle`: stages, gating by stage, where a partnership stands.
//! - `leak`: no gated content or partner data reaches a portal that may not see it.
//! - `versions`: immutable versions, `latest/`, `versions.json`, refusals.
//! - `whatsnew`: manifests, "what's new" pages, change badges, the Atom feed,
//!   reproducible output, hard-linked storage, gated changes across versions.
//! - `authoring`: `init`, `new`, `check` (author warnings, JSON, external
//!   links) and golden snapshots of human diagnostics (`tests/snapshots/`).
//! - `hosting`: `host-config` (nginx server block, htpasswd files, refusals
//!   to put secrets under `<out>` or the kit) and the default theme under
//!   the CSP; `tests/nginx.sh` checks the config against a real nginx.

mod common;

mod authoring;
mod build;
mod data;
mod errors;
mod hosting;
mod languages;
mod layout;
mod leak;
mod lifecycle;
mod partners;
mod quality;
mod releases;
mod search;
mod serve;
mod shards;
mod versions;
mod whatsnew;
mod written;
