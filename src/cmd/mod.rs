//! The subcommands, one module each: the edge where options come in and a
//! `Report` (or a typed failure) goes back to `main`, which alone prints and
//! picks the exit code. Commands compose the stages below them; they hold
//! no pipeline logic of their own.

pub mod build;
pub mod check;
pub mod diff;
pub mod host_config;
pub mod scaffold;
pub mod serve;
