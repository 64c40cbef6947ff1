//! Where `host-config` may put things: every path of a run resolved
//! through symlinks ([`locate`]), and refusals of secrets inside the output
//! folder or a kit. It looks at the file system but never writes to it.

use std::io;
use std::path::{Component, Path, PathBuf};

use super::HostOptions;
use super::problems::HostError;
use crate::paths::file_error;

/// `path` made absolute against the current directory, with `.` and `..`
/// resolved and symlinks followed as far as the path exists (the rest,
/// not yet created, cannot contain symlinks).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest: Vec<Component> = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(mut resolved) => {
                for c in rest.iter().rev() {
                    match c {
                        Component::ParentDir => {
                            resolved.pop();
                        }
                        Component::CurDir => {}
                        other => resolved.push(other.as_os_str()),
                    }
                }
                return Ok(resolved);
            }
            Err(e) => match (existing.parent(), existing.components().next_back()) {
                (Some(parent), Some(last)) => {
                    rest.push(last);
                    existing = parent;
                }
                _ => return Err(e),
            },
        }
    }
}

/// The kit folder `path` is in, if any: the nearest folder at or above it
/// holding a `kit.yaml`.
fn enclosing_kit(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .find(|a| a.join("kit.yaml").is_file())
        .map(Path::to_path_buf)
}

/// Refuse `path` (already resolved) when it is inside the output folder or
/// a kit.
pub(super) fn refuse_inside(
    what: &'static str,
    path: &Path,
    out: &Path,
    kit: Option<&Path>,
) -> Result<(), HostError> {
    let inside = |inside, container: &Path| HostError::Inside {
        what,
        path: path.to_path_buf(),
        inside,
        container: container.to_path_buf(),
    };
    refuse_in_output(what, path, out)?;
    if let Some(kit) = kit
        && path.starts_with(kit)
    {
        return Err(inside("the kit", kit));
    }
    if let Some(kit) = enclosing_kit(path) {
        return Err(inside("the kit", &kit));
    }
    Ok(())
}

/// Refuse `path` (already resolved) when it is inside the output folder,
/// which is published as it is.
pub(super) fn refuse_in_output(
    what: &'static str,
    path: &Path,
    out: &Path,
) -> Result<(), HostError> {
    if path.starts_with(out) {
        return Err(HostError::Inside {
            what,
            path: path.to_path_buf(),
            inside: "the output folder",
            container: out.to_path_buf(),
        });
    }
    Ok(())
}

/// The folder for the htpasswd files: `--htpasswd-dir`, else the folder of
/// `--config` (the current one for a bare file name).
pub(super) fn htpasswd_dir(
    htpasswd_dir: Option<&Path>,
    config: Option<&Path>,
) -> Result<PathBuf, HostError> {
    match (htpasswd_dir, config) {
        (Some(dir), _) => Ok(dir.to_path_buf()),
        (None, Some(config)) => Ok(match config.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }),
        (None, None) => Err(HostError::NoHtpasswdDir),
    }
}

/// Every path a run reads or writes, resolved through symlinks.
pub(crate) struct Places {
    /// The output folder as given, made absolute: what the config names.
    pub out_abs: PathBuf,
    /// The folder for the files that hold secrets; `None` in a review.
    pub htpasswd_dir: Option<PathBuf>,
    pub secrets: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

/// Resolve every path of `opts` and refuse those where secrets (or the
/// config) would be published or committed: every refusal at once.
pub(super) fn locate(opts: &HostOptions, secrets: bool) -> Result<Places, Vec<HostError>> {
    let io = |action, path: &Path| {
        let one = file_error::<HostError>(action, path);
        move |source| vec![one(source)]
    };
    let resolved = |path: &Path| resolve(path).map_err(io("cannot resolve", path));
    // The config names the output folder as given (made absolute), not its
    // resolved form: a deploy that swaps a `current` symlink keeps working.
    let out_abs = std::path::absolute(&opts.out).map_err(io("cannot resolve", &opts.out))?;
    let out = resolved(&opts.out)?;
    let kit = opts
        .root
        .join("kit.yaml")
        .is_file()
        .then(|| resolved(&opts.root))
        .transpose()?;
    let mut refusals = Vec::new();
    let htpasswd_dir = if secrets {
        let dir = htpasswd_dir(opts.htpasswd_dir.as_deref(), opts.config.as_deref())
            .map_err(|e| vec![e])?;
        let dir = resolved(&dir)?;
        refusals.extend(refuse_inside("htpasswd folder", &dir, &out, kit.as_deref()).err());
        Some(dir)
    } else {
        None
    };
    let secrets = opts.secrets.as_deref().map(resolved).transpose()?;
    if let Some(path) = &secrets {
        refusals.extend(refuse_inside("secrets file", path, &out, kit.as_deref()).err());
    }
    let config = opts.config.as_deref().map(resolved).transpose()?;
    if let Some(path) = &config {
        // The config holds no secret, but inside <out> it would be
        // published along with the portals.
        refusals.extend(refuse_in_output("config file", path, &out).err());
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    Ok(Places {
        out_abs,
        htpasswd_dir,
        secrets,
        config,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htpasswd_files_go_beside_the_config_unless_told() {
        let dir = |h: Option<&str>, c: Option<&str>| {
            htpasswd_dir(h.map(Path::new), c.map(Path::new)).map_err(|e| e.to_string())
        };
        assert_eq!(dir(Some("/a"), Some("/b/c.conf")), Ok(PathBuf::from("/a")));
        assert_eq!(dir(None, Some("/b/c.conf")), Ok(PathBuf::from("/b")));
        assert_eq!(dir(None, Some("c.conf")), Ok(PathBuf::from(".")));
        assert!(dir(None, None).is_err());
    }

    #[test]
    fn resolve_handles_missing_tails() {
        let dir = std::env::temp_dir();
        let real = dir.canonicalize().unwrap();
        assert_eq!(
            resolve(&dir.join("no-such-enablekit-dir/x/../y")).unwrap(),
            real.join("no-such-enablekit-dir/y")
        );
    }
}
