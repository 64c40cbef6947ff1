//! The portals found in a built output folder, and the names each one
//! gives its credentials (environment variable, htpasswd file). Only
//! folders `build` itself would create are accepted: their names end up in
//! the nginx config. It reads folder listings, never file contents.

use std::path::Path;

use time::Date;

use super::problems::{HostError, HostWarning};
use crate::model::versions::Manifest;
use crate::paths::file_error;

/// Prefix of the environment variables that carry credentials.
pub const ENV_PREFIX: &str = "ENABLEKIT_AUTH_";

/// One portal folder of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portal {
    /// `internal` or the partner's slug: the key in the secrets file and
    /// the htpasswd file's name.
    pub key: String,
    /// The folder relative to the output, with forward slashes.
    pub dir: String,
    /// When a sunset partner's access ended (its grace period is over):
    /// the portal keeps its place in the config but lets nobody in.
    pub closed_since: Option<String>,
}

impl Portal {
    pub fn internal() -> Self {
        Portal {
            key: "internal".into(),
            dir: "internal".into(),
            closed_since: None,
        }
    }

    pub fn partner(slug: &str) -> Self {
        Portal {
            key: slug.into(),
            dir: format!("partners/{slug}"),
            closed_since: None,
        }
    }

    /// The URL prefix, with both slashes: `/partners/acme/`.
    pub fn url(&self) -> String {
        format!("/{}/", self.dir)
    }

    /// `ENABLEKIT_AUTH_<KEY>`: upper case, `-` as `_`.
    pub fn env_var(&self) -> String {
        let key: String = self
            .key
            .chars()
            .map(|c| match c {
                '-' | '.' => '_',
                c => c.to_ascii_uppercase(),
            })
            .collect();
        format!("{ENV_PREFIX}{key}")
    }

    pub fn htpasswd_name(&self) -> String {
        format!("{}.htpasswd", self.key)
    }
}

/// The portals built into `out`: `internal/` and `partners/<slug>/`, each
/// recognised by its `versions.json`. Sorted, internal first.
/// Close every sunset partner's portal whose grace period is over by
/// `today`: its latest manifest says when the partnership ended and for how
/// many days its people keep access. One that ended without a date stays
/// open, with a warning.
pub fn close_ended(out: &Path, portals: &mut [Portal], today: Date) -> Vec<HostWarning> {
    let mut warnings = Vec::new();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    for p in portals.iter_mut() {
        let manifest = std::fs::read(out.join(&p.dir).join("latest").join("manifest.json"));
        let Some(ended) = manifest
            .ok()
            .and_then(|b| Manifest::parse(&b).ok())
            .and_then(|m| m.ended)
        else {
            continue;
        };
        let Ok(date) = Date::parse(&ended.date, format) else {
            warnings.push(HostWarning::EndedWithoutDate(p.key.clone()));
            continue;
        };
        let until = date.saturating_add(time::Duration::days(i64::from(ended.grace_days)));
        if today > until {
            p.closed_since = Some(until.format(format).unwrap_or_default());
            warnings.push(HostWarning::AccessEnded {
                portal: p.key.clone(),
                since: p.closed_since.clone().unwrap_or_default(),
            });
        }
    }
    warnings
}

/// The first draft preview at or below `out`: one put inside a portal
/// folder would be served behind that portal's login, drafts, staff
/// portal and every other partner's portal included.
fn preview_inside(out: &Path) -> Option<std::path::PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .find(|dir| crate::publish::is_preview(dir))
}

pub fn find_portals(out: &Path) -> Result<Vec<Portal>, HostError> {
    if !out.is_dir() {
        return Err(HostError::NoOutput(out.to_path_buf()));
    }
    if let Some(preview) = preview_inside(out) {
        return Err(HostError::Preview(preview));
    }
    let mut portals = Vec::new();
    if out.join("internal").join("versions.json").is_file() {
        portals.push(Portal::internal());
    }
    let partners = out.join("partners");
    if partners.is_dir() {
        let entries = std::fs::read_dir(&partners)
            .map_err(file_error::<HostError>("cannot read", &partners))?;
        let mut slugs = Vec::new();
        for entry in entries {
            let entry = entry.map_err(file_error::<HostError>("cannot read", &partners))?;
            if !entry.path().join("versions.json").is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            // The slug goes into location blocks and file names: only what
            // `build` itself would create is accepted.
            if !crate::paths::is_safe_segment(&name) || name.contains('.') || name == "internal" {
                return Err(HostError::BadPortalName(format!("partners/{name}")));
            }
            slugs.push(name);
        }
        slugs.sort();
        portals.extend(slugs.iter().map(|s| Portal::partner(s)));
    }
    if portals.is_empty() {
        return Err(HostError::NoPortals(out.to_path_buf()));
    }
    Ok(portals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_names() {
        assert_eq!(Portal::internal().env_var(), "ENABLEKIT_AUTH_INTERNAL");
        assert_eq!(
            Portal::partner("atlas-cloud-group").env_var(),
            "ENABLEKIT_AUTH_ATLAS_CLOUD_GROUP"
        );
    }
}
