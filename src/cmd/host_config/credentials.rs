//! Each portal's users: parsed from the secrets file or an
//! `ENABLEKIT_AUTH_<PORTAL>` variable, checked, and decided per portal
//! (the variable wins). Pure: the caller reads the file and the
//! environment. No message may quote a password or a secrets line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::portals::Portal;
use super::problems::{HostError, HostWarning, MIN_PASSWORD_LEN};

/// One user of a portal. `Debug` does not show the password.
#[derive(Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub password: String,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("name", &self.name)
            .field("password", &"…")
            .finish()
    }
}

/// Check one `user:password` pair; `source_name` says where it came from.
/// Messages never include the password (nor the whole entry, which might be
/// a password with the colon missing).
fn user_from(entry: &str, source_name: &str, position: usize) -> Result<User, HostError> {
    let bad = |message: String| HostError::BadCredentials {
        source_name: source_name.to_string(),
        message,
    };
    let Some((name, password)) = entry.split_once(':') else {
        return Err(bad(format!(
            "entry {position} has no `:` between user and password"
        )));
    };
    check_user(name, password).map_err(bad)
}

fn check_user(name: &str, password: &str) -> Result<User, String> {
    if name.is_empty() {
        return Err("a user name is empty".into());
    }
    if name
        .chars()
        .any(|c| c == ':' || c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "user name `{}` contains a colon, space or control character",
            name.escape_default()
        ));
    }
    if password.is_empty() {
        return Err(format!("the password of `{name}` is empty"));
    }
    if password.chars().any(char::is_control) {
        return Err(format!(
            "the password of `{name}` contains a control character"
        ));
    }
    Ok(User {
        name: name.to_string(),
        password: password.to_string(),
    })
}

/// Users from an environment variable's value: `alice:pw1,bob:pw2`.
/// Spaces around entries are ignored; a password cannot contain a comma
/// here (use the secrets file for that).
pub fn parse_user_list(value: &str, source_name: &str) -> Result<Vec<User>, HostError> {
    let entries: Vec<&str> = value
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    if entries.is_empty() {
        return Err(HostError::BadCredentials {
            source_name: source_name.to_string(),
            message: "is set but names no users".into(),
        });
    }
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| user_from(e, source_name, i + 1))
        .collect()
}

/// The secrets file: a YAML mapping from portal key to its users, each
/// portal written in one of three ways:
///
/// ```yaml
/// internal: alice:correct-horse-battery        # one user
/// northwind-digital:                           # several users
///   - nina:first-long-password
///   - omar:second-long-password
/// atlas-cloud-group: {ada: "p@ss: with colon"} # user → password
/// ```
///
/// Errors point at a line and column but never show the line: it holds a
/// password.
pub fn parse_secrets(path: &Path, text: &str) -> Result<BTreeMap<String, Vec<User>>, HostError> {
    let secrets_error = |at: String, message: String| HostError::Secrets {
        path: path.to_path_buf(),
        at,
        message,
    };
    let value: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default();
        // libyaml's messages name constructs and positions, never values.
        secrets_error(at, e.to_string())
    })?;
    let mapping = match value {
        yaml_serde::Value::Mapping(m) => m,
        yaml_serde::Value::Null => return Ok(BTreeMap::new()),
        _ => {
            return Err(secrets_error(
                String::new(),
                "expected a mapping from portal to users".into(),
            ));
        }
    };
    let mut out = BTreeMap::new();
    for (key, users) in mapping {
        let Some(key) = key.as_str().map(str::to_string) else {
            return Err(secrets_error(
                String::new(),
                "a key is not a portal name".into(),
            ));
        };
        let source_name = format!("{}: {key}", path.display());
        out.insert(key, secrets_entry(&users, source_name)?);
    }
    Ok(out)
}

/// One portal's users in the secrets file: a `user:password` string, a
/// list of them, or a map from user to password.
fn secrets_entry(users: &yaml_serde::Value, source_name: String) -> Result<Vec<User>, HostError> {
    let wrong_type = || {
        HostError::BadCredentials {
        source_name: source_name.clone(),
        message: "a user is not written as text (quote passwords that look like numbers, booleans or dates)".into(),
    }
    };
    let list = match users {
        yaml_serde::Value::String(s) => vec![user_from(s, &source_name, 1)?],
        yaml_serde::Value::Sequence(seq) => seq
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str()
                    .ok_or_else(wrong_type)
                    .and_then(|s| user_from(s, &source_name, i + 1))
            })
            .collect::<Result<Vec<_>, _>>()?,
        yaml_serde::Value::Mapping(m) => m
            .iter()
            .map(|(u, p)| match (u.as_str(), p.as_str()) {
                (Some(u), Some(p)) => {
                    check_user(u, p).map_err(|message| HostError::BadCredentials {
                        source_name: source_name.clone(),
                        message,
                    })
                }
                _ => Err(wrong_type()),
            })
            .collect::<Result<Vec<_>, _>>()?,
        _ => return Err(wrong_type()),
    };
    if list.is_empty() {
        return Err(HostError::BadCredentials {
            source_name,
            message: "names no users".into(),
        });
    }
    Ok(list)
}

/// Each portal's users, in the order of the portals.
pub type PortalUsers = Vec<Vec<User>>;

/// Decide each portal's users: the environment variable when set, else the
/// secrets file's entry. Every portal must end up with at least one user;
/// all problems are returned together.
pub fn credentials(
    portals: &[Portal],
    secrets: Option<&BTreeMap<String, Vec<User>>>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(PortalUsers, Vec<HostWarning>), Vec<HostError>> {
    let mut errors: Vec<HostError> = Vec::new();
    let mut warnings = Vec::new();
    let by_var = portals_by_var(portals);
    let mut result = Vec::with_capacity(portals.len());
    for p in portals {
        if p.closed_since.is_some() {
            result.push(Vec::new());
            continue;
        }
        match users_of(p, &by_var, secrets, env) {
            Ok(users) => {
                errors.extend(repeated_users(p, &users));
                warnings.extend(short_passwords(p, &users));
                result.push(users);
            }
            // Each portal sharing the variable finds the same problem: say it once.
            Err(e @ HostError::AmbiguousEnv { .. })
                if errors.iter().any(|seen| seen.to_string() == e.to_string()) => {}
            Err(e) => errors.push(e),
        }
    }
    if let Some(secrets) = secrets {
        warnings.extend(unknown_portals(portals, secrets));
    }
    if errors.is_empty() {
        Ok((result, warnings))
    } else {
        Err(errors)
    }
}

/// Each environment variable with the portals that read it. Two slugs can
/// map to one variable (`a-b` and `a_b`): it would open both portals with
/// the same users, so such a variable is refused.
fn portals_by_var(portals: &[Portal]) -> BTreeMap<String, Vec<String>> {
    let mut by_var: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in portals {
        by_var.entry(p.env_var()).or_default().push(p.key.clone());
    }
    by_var
}

/// Portal `p`'s users: its environment variable's when set, else its
/// entry in the secrets file.
fn users_of(
    p: &Portal,
    by_var: &BTreeMap<String, Vec<String>>,
    secrets: Option<&BTreeMap<String, Vec<User>>>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<User>, HostError> {
    let var = p.env_var();
    match env(&var) {
        Some(_) if by_var[&var].len() > 1 => Err(HostError::AmbiguousEnv {
            portals: by_var[&var].clone(),
            env_var: var,
        }),
        Some(value) => parse_user_list(&value, &var),
        None => match secrets.and_then(|s| s.get(&p.key)) {
            Some(users) => Ok(users.clone()),
            None => Err(HostError::MissingCredentials {
                portal: p.key.clone(),
                env_var: var,
            }),
        },
    }
}

/// A user listed twice for one portal (each repetition).
fn repeated_users(p: &Portal, users: &[User]) -> Vec<HostError> {
    let mut seen = BTreeSet::new();
    users
        .iter()
        .filter(|u| !seen.insert(u.name.as_str()))
        .map(|u| HostError::BadCredentials {
            source_name: format!("portal `{}`", p.key),
            message: format!("user `{}` is listed twice", u.name),
        })
        .collect()
}

fn short_passwords(p: &Portal, users: &[User]) -> Vec<HostWarning> {
    users
        .iter()
        .filter(|u| u.password.chars().count() < MIN_PASSWORD_LEN)
        .map(|u| HostWarning::ShortPassword {
            portal: p.key.clone(),
            user: u.name.clone(),
        })
        .collect()
}

/// Secrets file entries for no portal of the output: likely a typo.
fn unknown_portals(portals: &[Portal], secrets: &BTreeMap<String, Vec<User>>) -> Vec<HostWarning> {
    let known: Vec<String> = portals.iter().map(|p| p.key.clone()).collect();
    secrets
        .keys()
        .filter(|key| !known.contains(key))
        .map(|key| HostWarning::UnknownPortal {
            key: key.clone(),
            known: known.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_lists_from_the_environment() {
        let users = parse_user_list("alice:pw1, bob:p:w2", "V").unwrap();
        assert_eq!(users[0].name, "alice");
        assert_eq!(users[1].password, "p:w2");
        assert!(parse_user_list("", "V").is_err());
        let e = parse_user_list("alice:pw1,secretwithoutcolon", "V").unwrap_err();
        assert!(!e.to_string().contains("secretwithoutcolon"), "{e}");
        assert!(parse_user_list("al ice:pw", "V").is_err());
        assert!(parse_user_list(":pw", "V").is_err());
        assert!(parse_user_list("alice:", "V").is_err());
    }

    #[test]
    fn secrets_file_forms() {
        let text = "# staff\ninternal: alice:pw-one\nnorthwind:\n  - nina:pw-two\n  - omar:pw-three\natlas: {ada: \"p@ss: x\"}\n";
        let s = parse_secrets(Path::new("s.yaml"), text).unwrap();
        assert_eq!(s["internal"][0].password, "pw-one");
        assert_eq!(s["northwind"].len(), 2);
        assert_eq!(s["atlas"][0].password, "p@ss: x");
        // A repeated portal is a YAML duplicate key: an error, not a merge.
        let dup = parse_secrets(Path::new("s.yaml"), "internal: a:pw1\ninternal: b:pw2\n");
        assert!(dup.is_err());
        // Numbers are not passwords: YAML would reformat some (`1e3`).
        let num = parse_secrets(Path::new("s.yaml"), "internal: {alice: 123456}\n").unwrap_err();
        assert!(!num.to_string().contains("123456"));
        let bad = parse_secrets(Path::new("s.yaml"), "internal: [a:pw1\n").unwrap_err();
        assert!(!bad.to_string().contains("pw1"), "{bad}");
    }

    #[test]
    fn every_portal_needs_credentials() {
        let portals = vec![Portal::internal(), Portal::partner("acme")];
        let env =
            |k: &str| (k == "ENABLEKIT_AUTH_INTERNAL").then(|| "alice:long-password-1".into());
        let errors = credentials(&portals, None, &env).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(matches!(
            &errors[0],
            HostError::MissingCredentials { portal, env_var }
                if portal == "acme" && env_var == "ENABLEKIT_AUTH_ACME"
        ));
    }

    #[test]
    fn env_overrides_the_secrets_file_and_unknown_keys_warn() {
        let portals = vec![Portal::internal()];
        let secrets = parse_secrets(
            Path::new("s"),
            "internal: file:from-the-file\nintrenal: x:y\n",
        )
        .unwrap();
        let env = |k: &str| (k == "ENABLEKIT_AUTH_INTERNAL").then(|| "env:from-the-env".into());
        let (users, warnings) = credentials(&portals, Some(&secrets), &env).unwrap();
        assert_eq!(users[0][0].name, "env");
        assert!(
            warnings
                .iter()
                .any(|w| matches!(w, HostWarning::UnknownPortal { key, .. } if key == "intrenal"))
        );
        let (users, _) = credentials(&portals, Some(&secrets), &|_| None).unwrap();
        assert_eq!(users[0][0].name, "file");
    }

    #[test]
    fn one_variable_for_two_portals_is_refused() {
        let portals = vec![Portal::partner("a-b"), Portal::partner("a_b")];
        let env = |k: &str| (k == "ENABLEKIT_AUTH_A_B").then(|| "u:long-password-1".into());
        let errors = credentials(&portals, None, &env).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(matches!(errors[0], HostError::AmbiguousEnv { .. }));
    }
}
