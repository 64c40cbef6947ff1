//! enablekit: a static-site generator for partner enablement kits.
//!
//! The folders are the pipeline, and imports only point down it:
//! [`load`] reads the kit folder into an immutable [`model::kit::Kit`]
//! (markdown rendered once per page by [`markdown`]); [`render`] fills the
//! theme's templates for each audience; [`publish`] stages and swaps the
//! result into the output folder; [`cmd`] holds one module per subcommand.
//! [`diagnostics`], [`paths`] and [`yaml`] are the ground every stage
//! stands on. `tests/testsuite/layout.rs` keeps the order.

pub mod cmd;
pub mod diagnostics;
pub mod load;
pub mod markdown;
pub mod model;
pub mod paths;
pub mod publish;
pub mod render;
pub mod yaml;
