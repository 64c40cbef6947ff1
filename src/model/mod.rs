//! What a kit is: `kit.yaml`'s settings, content kinds, items, partners and
//! the visibility rule between them, brand colours, and the manifest of a
//! published version. Everything here is pure: parsers take text and give
//! typed values or located diagnostics; nothing reads or writes files (that
//! is `load`'s and `publish`'s job) and nothing knows about templates.

pub mod brand;
pub mod config;
pub mod content;
pub mod data;
pub mod handoff;
pub mod kind;
pub mod kit;
pub mod knowledge;
pub mod language;
pub mod partners;
pub mod people;
pub mod release;
pub mod scorecard;
pub mod sections;
pub mod values;
pub mod versions;
