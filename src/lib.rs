//! enablekit: a static-site generator for partner enablement kits.
//!
//! Data flows one way: [`kit::load`] reads `kit.yaml`, `content/` and
//! `partners/` into an immutable [`kit::Kit`] (markdown rendered once per
//! page); [`portal::render`] fills the theme's templates for each audience;
//! [`publish`] stages and swaps the result into the output folder.

pub mod brand;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod dimensions;
pub mod highlight;
pub mod hosting;
pub mod kit;
pub mod markdown;
pub mod offline;
pub mod partners;
pub mod paths;
pub mod portal;
pub mod publish;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod theme;
pub mod versions;
pub mod views;
pub mod yaml;
