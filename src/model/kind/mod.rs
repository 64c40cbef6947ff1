//! Content kinds: what a collection's items are. Everything that differs
//! between kinds lives in one [`Spec`] per kind, in that kind's own module
//! (its extra front-matter fields, the fields it requires, how list pages
//! group it, what `enablekit new` writes for it); the rest of the pipeline
//! asks [`Kind::spec`] instead of matching on kinds. A new kind is a new
//! module here, a variant below, and its templates.
//!
//! Pure data: no parsing, no rendering, no files.

mod brief;
mod case_study;
mod certification;
mod generic;
mod objection;
mod one_pager;

use serde::{Deserialize, Serialize};

/// What a collection's items are; decides their extra fields and layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    OnePager,
    Objection,
    CaseStudy,
    Certification,
    Brief,
    Generic,
}

/// Everything one kind decides.
pub struct Spec {
    /// The kind's name in `kit.yaml` (`kind: objection`) and in templates.
    pub name: &'static str,
    /// The collection folder that has this kind when `kit.yaml` does not
    /// say (none for the generic kind: every other folder is generic).
    pub folder: Option<&'static str>,
    /// What one item is called; none: the collection's title, singular.
    pub label: Option<&'static str>,
    /// Front-matter keys beyond the common ones.
    pub fields: Fields,
    /// Text fields an item must fill: (key, example value for the hint).
    pub required: &'static [(&'static str, &'static str)],
    /// The text field list pages group cards by ("Other" for blanks).
    pub group_by: Option<&'static str>,
    /// Whether an item's page shows its `proof` (case studies it cites).
    pub shows_proof: bool,
    /// What `enablekit new` writes after the common front matter, on the
    /// day given.
    pub new_item: fn(time::Date) -> NewItem,
    /// Guidance text in [`NewItem`] an author must replace (`check` finds
    /// any left behind), in the order `check` reports them.
    pub guidance: &'static [&'static str],
}

/// The front-matter keys a kind accepts beyond the common ones.
pub enum Fields {
    These(&'static [&'static str]),
    /// A kit's own collections may use any kind's typed field.
    Every,
}

/// The kind-specific part of a new item's file.
pub struct NewItem {
    /// Front-matter lines after the common ones, each ending in `\n`.
    pub fields: String,
    /// The body outline.
    pub body: String,
}

/// An empty list item of a body outline.
pub const ELLIPSIS_ITEM: &str = "- \u{2026}\n";

impl Kind {
    /// Every kind, in the order `check` reports their guidance.
    pub const ALL: [Kind; 6] = [
        Kind::OnePager,
        Kind::Objection,
        Kind::CaseStudy,
        Kind::Certification,
        Kind::Brief,
        Kind::Generic,
    ];

    pub fn spec(self) -> &'static Spec {
        match self {
            Kind::OnePager => &one_pager::SPEC,
            Kind::Objection => &objection::SPEC,
            Kind::CaseStudy => &case_study::SPEC,
            Kind::Certification => &certification::SPEC,
            Kind::Brief => &brief::SPEC,
            Kind::Generic => &generic::SPEC,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.spec().name
    }

    /// The kind a collection folder has when `kit.yaml` does not say.
    pub fn for_dir(dir: &str) -> Kind {
        Kind::ALL
            .into_iter()
            .find(|k| k.spec().folder == Some(dir))
            .unwrap_or(Kind::Generic)
    }

    /// Front-matter keys this kind accepts beyond the common ones.
    pub fn fields(self) -> Vec<&'static str> {
        match self.spec().fields {
            Fields::These(keys) => keys.to_vec(),
            Fields::Every => Kind::ALL
                .into_iter()
                .filter_map(|k| match k.spec().fields {
                    Fields::These(keys) => Some(keys),
                    Fields::Every => None,
                })
                .flatten()
                .copied()
                .collect(),
        }
    }

    /// One item of a collection of this kind, named: the kind's word, or
    /// the collection's title without a plural `s` ("Playbooks" → "Playbook").
    pub fn item_label(self, title: &str) -> String {
        match self.spec().label {
            Some(label) => label.to_string(),
            None => match title.strip_suffix('s') {
                Some(one) if !title.ends_with("ss") && !one.is_empty() => one.to_string(),
                _ => title.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_folders_round_trip() {
        for kind in Kind::ALL {
            let spec = kind.spec();
            let parsed: Kind = yaml_serde::from_str(spec.name).unwrap();
            assert_eq!(parsed, kind);
            if let Some(folder) = spec.folder {
                assert_eq!(Kind::for_dir(folder), kind);
            }
        }
        assert_eq!(Kind::for_dir("playbooks"), Kind::Generic);
    }

    #[test]
    fn generic_accepts_every_typed_field() {
        let every = Kind::Generic.fields();
        for kind in Kind::ALL {
            for field in kind.fields() {
                assert!(every.contains(&field), "{field}");
            }
        }
        assert!(Kind::OnePager.fields().is_empty());
    }

    #[test]
    fn guidance_is_what_new_writes() {
        for kind in Kind::ALL {
            let spec = kind.spec();
            let new = (spec.new_item)(time::macros::date!(2026 - 12 - 04));
            for text in spec.guidance {
                assert!(
                    new.fields.contains(text) || new.body.contains(text),
                    "{}: {text}",
                    spec.name
                );
            }
        }
    }

    #[test]
    fn labels() {
        assert_eq!(Kind::CaseStudy.item_label("Stories"), "Case study");
        assert_eq!(Kind::Generic.item_label("Playbooks"), "Playbook");
        assert_eq!(Kind::Generic.item_label("Process"), "Process");
        assert_eq!(Kind::Generic.item_label("s"), "s");
    }
}
