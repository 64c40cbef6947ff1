//! One portal version as bytes: routes, template data, pages, the search
//! index, the feed and the manifest, produced from an immutable `Kit` and
//! handed to a `Sink`. `render` never touches the disk except to copy kit
//! assets through the sink, and it never decides where output goes.

pub mod chart;
pub mod email;
pub mod feed;
pub mod portal;
pub mod portfolio;
pub mod refer;
pub mod scorecard;
pub mod search;
pub mod standing;
pub mod values;
pub mod views;
pub mod words;
