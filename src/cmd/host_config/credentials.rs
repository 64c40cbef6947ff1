//! Each portal's users: the people the kit names who have a password of
//! their own in the secrets file (under their e-mail address), and the
//! shared users of a portal from the secrets file or an
//! `ENABLEKIT_AUTH_<PORTAL>` variable (the variable wins). Checked and
//! decided per portal. Pure: the caller reads the file, the environment
//! and the profiles. No message may quote a password or a secrets line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::people::Person;
use super::portals::Portal;
use super::problems::{HostError, HostWarning, MIN_PASSWORD_LEN};

/// The secrets file: each portal's shared users, and each person's own
/// password under their address (in lower case).
#[derive(Debug, Default, Clone)]
pub struct Secrets {
    pub portals: BTreeMap<String, Vec<User>>,
    pub people: BTreeMap<String, User>,
}

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
        // Not quoted: `alice secret:more` would show part of a password.
        return Err("a user name contains a colon, space or control character".into());
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

/// The secrets file: a YAML mapping from e-mail address to that person's
/// password, and from portal key to its shared users, each portal written
/// in one of three ways:
///
/// ```yaml
/// grace.okafor@northwind.example: her-own-long-password
/// internal: alice:correct-horse-battery        # one user
/// northwind-digital:                           # several users
///   - nina:first-long-password
///   - omar:second-long-password
/// atlas-cloud-group: {ada: "p@ss: with colon"} # user → password
/// ```
///
/// A key with `@` is an address (no slug has one). Errors point at a line
/// and column but never show the line: it holds a password.
pub fn parse_secrets(path: &Path, text: &str) -> Result<Secrets, HostError> {
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
        yaml_serde::Value::Null => return Ok(Secrets::default()),
        _ => {
            return Err(secrets_error(
                String::new(),
                "expected a mapping from portal to users".into(),
            ));
        }
    };
    let mut out = Secrets::default();
    for (key, users) in mapping {
        let Some(key) = key.as_str().map(str::to_string) else {
            return Err(secrets_error(
                String::new(),
                "a key is not a portal name or an e-mail address".into(),
            ));
        };
        let source_name = format!("{}: {key}", path.display());
        if key.contains('@') {
            let user = person_entry(&key, &users, &source_name)?;
            if out.people.insert(user.name.clone(), user).is_some() {
                return Err(secrets_error(
                    String::new(),
                    format!("`{key}` is given twice (addresses are compared in lower case)"),
                ));
            }
        } else {
            out.portals.insert(key, secrets_entry(&users, source_name)?);
        }
    }
    Ok(out)
}

/// A person's own password: the value of their address.
fn person_entry(
    email: &str,
    password: &yaml_serde::Value,
    source_name: &str,
) -> Result<User, HostError> {
    let bad = |message: String| HostError::BadCredentials {
        source_name: source_name.to_string(),
        message,
    };
    let Some(password) = password.as_str() else {
        return Err(bad(
            "a person's password is not written as text (write `address: password`; quote passwords that look like numbers, booleans or dates)".into(),
        ));
    };
    check_user(&email.trim().to_lowercase(), password).map_err(bad)
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

/// Users of a portal whom no profile names: a shared password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub portal: String,
    pub users: Vec<String>,
    /// The environment variable or the secrets file.
    pub source: String,
}

/// Who opens what: the htpasswd files' users, and what a review needs.
#[derive(Debug, Default)]
pub struct Access {
    pub users: PortalUsers,
    pub shared: Vec<Shared>,
    /// The addresses of the people with a password of their own.
    pub with_password: BTreeSet<String>,
}

/// Decide each portal's users: its people with a password of their own,
/// and its shared users (the environment variable when set, else the
/// secrets file's entry). With `require`, every open portal must end up
/// with at least one user (a review only reports who has none); all
/// problems are returned together.
pub fn credentials(
    portals: &[Portal],
    (secrets, people): (Option<&Secrets>, &[Person]),
    env: &dyn Fn(&str) -> Option<String>,
    require: bool,
) -> Result<(Access, Vec<HostWarning>), Vec<HostError>> {
    let mut errors: Vec<HostError> = Vec::new();
    let mut warnings = Vec::new();
    let by_var = portals_by_var(portals);
    let mut access = Access::default();
    for p in portals {
        if p.closed_since.is_some() {
            access.users.push(Vec::new());
            continue;
        }
        let mut users = match shared_users(p, &by_var, secrets, env) {
            Ok(Some(shared)) => {
                let names: Vec<String> = shared.1.iter().map(|u| u.name.clone()).collect();
                access.shared.push(Shared {
                    portal: p.key.clone(),
                    users: names.clone(),
                    source: shared.0.clone(),
                });
                warnings.push(HostWarning::SharedPassword {
                    portal: p.key.clone(),
                    users: names,
                    source: shared.0,
                });
                shared.1
            }
            Ok(None) => Vec::new(),
            // Each portal sharing the variable finds the same problem: say it once.
            Err(e @ HostError::AmbiguousEnv { .. })
                if errors.iter().any(|seen| seen.to_string() == e.to_string()) =>
            {
                continue;
            }
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut without = Vec::new();
        for person in people.iter().filter(|person| person.portal_key() == p.key) {
            match secrets.and_then(|s| s.people.get(&person.email)) {
                Some(user) => {
                    access.with_password.insert(person.email.clone());
                    users.push(user.clone());
                }
                None => without.push(person.email.clone()),
            }
        }
        if !without.is_empty() {
            warnings.push(HostWarning::NoPassword {
                emails: without,
                portal: p.key.clone(),
            });
        }
        if users.is_empty() && require {
            errors.push(HostError::MissingCredentials {
                portal: p.key.clone(),
                env_var: p.env_var(),
            });
        }
        errors.extend(repeated_users(p, &users));
        warnings.extend(short_passwords(p, &users));
        access.users.push(users);
    }
    if let Some(secrets) = secrets {
        warnings.extend(unknown_portals(portals, secrets));
        warnings.extend(not_named(secrets, people));
    }
    if errors.is_empty() {
        Ok((access, warnings))
    } else {
        Err(errors)
    }
}

/// Passwords for addresses the kit does not name (any longer): removing a
/// person from a profile is what revokes them, so say what was revoked.
fn not_named(secrets: &Secrets, people: &[Person]) -> Vec<HostWarning> {
    secrets
        .people
        .keys()
        .filter(|email| !people.iter().any(|p| &p.email == *email))
        .map(|email| HostWarning::NotNamed {
            email: email.clone(),
        })
        .collect()
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

/// Portal `p`'s shared users and where they come from: its environment
/// variable's when set, else its entry in the secrets file.
fn shared_users(
    p: &Portal,
    by_var: &BTreeMap<String, Vec<String>>,
    secrets: Option<&Secrets>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<(String, Vec<User>)>, HostError> {
    let var = p.env_var();
    match env(&var) {
        Some(_) if by_var[&var].len() > 1 => Err(HostError::AmbiguousEnv {
            portals: by_var[&var].clone(),
            env_var: var,
        }),
        Some(value) => Ok(Some((var.clone(), parse_user_list(&value, &var)?))),
        None => Ok(secrets
            .and_then(|s| s.portals.get(&p.key))
            .map(|users| ("the secrets file".to_string(), users.clone()))),
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
fn unknown_portals(portals: &[Portal], secrets: &Secrets) -> Vec<HostWarning> {
    let known: Vec<String> = portals.iter().map(|p| p.key.clone()).collect();
    secrets
        .portals
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
        let s = parse_secrets(Path::new("s.yaml"), text).unwrap().portals;
        assert_eq!(s["internal"][0].password, "pw-one");
        assert_eq!(s["northwind"].len(), 2);
        assert_eq!(s["atlas"][0].password, "p@ss: x");
        let people = "Grace@North.example: \"her: own pw\"\ninternal: a:pw-long-enough\n";
        let s = parse_secrets(Path::new("s.yaml"), people).unwrap();
        assert_eq!(s.people["grace@north.example"].password, "her: own pw");
        assert_eq!(s.portals.len(), 1);
        let twice = "a@b.example: pw-one-long\nA@b.example: pw-two-long\n";
        let e = parse_secrets(Path::new("s.yaml"), twice).unwrap_err();
        assert!(!e.to_string().contains("pw-"), "{e}");
        assert!(parse_secrets(Path::new("s.yaml"), "a@b.example: [x]\n").is_err());
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
        let errors = credentials(&portals, (None, &[]), &env, true).unwrap_err();
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
        let (access, warnings) = credentials(&portals, (Some(&secrets), &[]), &env, true).unwrap();
        assert_eq!(access.users[0][0].name, "env");
        assert!(
            warnings
                .iter()
                .any(|w| matches!(w, HostWarning::UnknownPortal { key, .. } if key == "intrenal"))
        );
        let (access, warnings) =
            credentials(&portals, (Some(&secrets), &[]), &|_| None, true).unwrap();
        assert_eq!(access.users[0][0].name, "file");
        assert!(
            warnings
                .iter()
                .any(|w| matches!(w, HostWarning::SharedPassword { .. }))
        );
    }

    #[test]
    fn one_variable_for_two_portals_is_refused() {
        let portals = vec![Portal::partner("a-b"), Portal::partner("a_b")];
        let env = |k: &str| (k == "ENABLEKIT_AUTH_A_B").then(|| "u:long-password-1".into());
        let errors = credentials(&portals, (None, &[]), &env, true).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(matches!(errors[0], HostError::AmbiguousEnv { .. }));
    }

    fn person(email: &str, side: super::super::people::Side) -> Person {
        Person {
            email: email.into(),
            name: "Someone".into(),
            role: String::new(),
            side,
            named_in: vec![],
        }
    }

    #[test]
    fn people_open_their_own_portal_and_only_while_named() {
        use super::super::people::Side;
        let portals = vec![Portal::internal(), Portal::partner("acme")];
        let secrets = parse_secrets(
            Path::new("s"),
            "ida@acme.example: ida-long-password\npat@us.example: pat-long-password\ngone@acme.example: gone-long-password\n",
        )
        .unwrap();
        let people = [
            person("ida@acme.example", Side::Partner("acme".into())),
            person("pat@us.example", Side::Staff),
            person("new@acme.example", Side::Partner("acme".into())),
        ];
        let (access, warnings) =
            credentials(&portals, (Some(&secrets), &people), &|_| None, true).unwrap();
        let names = |i: usize| {
            access.users[i]
                .iter()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(0), ["pat@us.example"]);
        assert_eq!(names(1), ["ida@acme.example"]);
        assert!(access.shared.is_empty());
        let codes: Vec<&str> = warnings.iter().map(HostWarning::code).collect();
        assert_eq!(codes, ["W0807", "W0808"], "{warnings:?}");
        // Nobody left with a password: the portal is refused, not opened.
        let errors =
            credentials(&portals, (Some(&secrets), &people[1..]), &|_| None, true).unwrap_err();
        assert!(
            matches!(&errors[0], HostError::MissingCredentials { portal, .. } if portal == "acme")
        );
    }
}
