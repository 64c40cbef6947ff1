//! What can go wrong in `host-config`: the errors that stop it (`E08xx`)
//! and the warnings that do not (`W08xx`), each with its code and hint.
//! Messages name paths, portals and users, never a password or a line of
//! the secrets file. Nothing here reads, writes or decides anything.

use std::io;
use std::path::PathBuf;

use crate::paths::FileError;

/// Passwords shorter than this draw a warning (the hash is fast on purpose).
pub const MIN_PASSWORD_LEN: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum HostError {
    #[error("no built output in {0}")]
    NoOutput(PathBuf),
    #[error("no portals in {0}")]
    NoPortals(PathBuf),
    #[error("{0} is a draft preview, not a release")]
    Preview(PathBuf),
    #[error("portal folder `{0}` cannot be put into a server config")]
    BadPortalName(String),
    #[error("{what} {path} cannot be written into an nginx config")]
    UnsafePath { what: &'static str, path: PathBuf },
    #[error("`{0}` is not an ADDRESS:PORT to listen on")]
    BadListen(String),
    #[error("`{0}` is not a server name")]
    BadServerName(String),
    #[error("no folder for the files that hold secrets (htpasswd files, single sign-on's secrets)")]
    NoHtpasswdDir,
    #[error("refusing to use {what} {path}: it is inside {inside} {container}")]
    Inside {
        what: &'static str,
        path: PathBuf,
        inside: &'static str,
        container: PathBuf,
    },
    #[error("cannot read secrets file {path}: {source}")]
    ReadSecrets {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path}{at}: {message}")]
    Secrets {
        path: PathBuf,
        /// `:line:column` when known.
        at: String,
        message: String,
    },
    #[error("{source_name}: {message}")]
    BadCredentials {
        /// The environment variable or `<secrets file>: <portal>`.
        source_name: String,
        message: String,
    },
    #[error("portal `{portal}` has no credentials")]
    MissingCredentials { portal: String, env_var: String },
    #[error("portals {} share the environment variable {env_var}", portals.join(" and "))]
    AmbiguousEnv {
        portals: Vec<String>,
        env_var: String,
    },
    #[error("`{email}` is named for two sides: {first} and {second}")]
    SamePerson {
        email: String,
        first: String,
        second: String,
    },
    #[error("{what} would open two portals: `{first}` and `{second}`")]
    TwoPortals {
        what: String,
        first: String,
        second: String,
    },
    #[error("`{value}` is not {what}")]
    BadOidc { what: &'static str, value: String },
    #[error("{0}")]
    SsoServer(&'static str),
    #[error("single sign-on needs the kit: no kit.yaml in {0}")]
    SsoNeedsKit(PathBuf),
    #[error("single sign-on needs the client secret and the session passphrase")]
    NoOidcSecrets,
    #[error("{path}: {message}")]
    OidcSecrets { path: PathBuf, message: String },
    /// A problem in the kit's profiles or kit.yaml, reported as `check` would.
    #[error("{}", .0.message)]
    Kit(Box<crate::diagnostics::Diagnostic>),
    #[error("cannot hash a password: {0}")]
    Hash(String),
    #[error(transparent)]
    Io(#[from] FileError),
}

impl HostError {
    /// The diagnostic code (`E08xx`: hosting).
    pub fn code(&self) -> &'static str {
        match self {
            HostError::NoOutput(_) | HostError::NoPortals(_) | HostError::Preview(_) => "E0801",
            HostError::BadPortalName(_) | HostError::UnsafePath { .. } => "E0802",
            HostError::BadListen(_) | HostError::BadServerName(_) | HostError::NoHtpasswdDir => {
                "E0803"
            }
            HostError::Inside { .. } => "E0804",
            HostError::ReadSecrets { .. } | HostError::Secrets { .. } => "E0805",
            HostError::BadCredentials { .. } => "E0806",
            HostError::MissingCredentials { .. } | HostError::AmbiguousEnv { .. } => "E0807",
            HostError::Hash(_) | HostError::Io(_) => "E0808",
            HostError::SamePerson { .. } | HostError::TwoPortals { .. } => "E0809",
            HostError::BadOidc { .. }
            | HostError::SsoServer(_)
            | HostError::SsoNeedsKit(_)
            | HostError::NoOidcSecrets => "E0810",
            HostError::OidcSecrets { .. } => "E0805",
            HostError::Kit(d) => d.code,
        }
    }

    pub fn hint(&self) -> String {
        match self {
            HostError::NoOutput(_) => {
                "build first (`enablekit build`), or pass the built folder with `--out-dir DIR`".into()
            }
            HostError::NoPortals(_) => "a built output folder holds `internal/` and `partners/<slug>/`, each with a versions.json: build first, or check `--out-dir`".into(),
            HostError::Preview(_) => "a preview built with `--drafts` holds unpublished drafts and is for reviewers only: host the release output (`enablekit build` without `--drafts`)".into(),
            HostError::BadPortalName(_) => "portal folders are made by `enablekit build` (letters, digits, `-`, `_`); remove or rename the stray folder".into(),
            HostError::UnsafePath { .. } => "use a path without `\"`, `\\`, `$` or control characters".into(),
            HostError::BadListen(_) => "for example `--listen 127.0.0.1:8080` or `--listen [::1]:8080`".into(),
            HostError::BadServerName(_) => "a host name such as `partners.example.com` (letters, digits, `.`, `-`, `*`)".into(),
            HostError::NoHtpasswdDir => "pass `--htpasswd-dir DIR` for the files that hold secrets (outside the kit and the output folder), or `--config FILE` to put them beside the config".into(),
            HostError::Inside { .. } => "credentials must never be published or committed: keep them outside the kit and the output folder, e.g. `--htpasswd-dir /etc/nginx/enablekit`".into(),
            HostError::ReadSecrets { .. } => "check the path given to `--secrets`".into(),
            HostError::Secrets { .. } => "the secrets file maps each person's e-mail address to their password (`dana@partner.example: \"…\"`), and portals to shared users: `internal: alice:password`, or a list (`- alice:pw` lines under `internal:`), or a map (`alice: pw`); quote passwords that YAML would misread".into(),
            HostError::BadCredentials { .. } => "write users as `user:password` (the user without `:` or spaces); in an environment variable, separate users with commas".into(),
            HostError::MissingCredentials { portal, env_var } => format!(
                "every portal must be protected: give one of its people a password in the `--secrets` file (`dana@partner.example: <password>`), or, shared by everyone, set {env_var}=user:password[,user:password…] or add `{portal}: user:password` to it"
            ),
            HostError::AmbiguousEnv { portals, .. } => format!(
                "the same users would open both portals: leave the variable unset and give {} their own entries in the `--secrets` file",
                portals.join(" and ")
            ),
            HostError::SamePerson { .. } => "one address is one login, and a login opens one portal: keep the person on one side (a partner's `people:`, or kit.yaml `staff:` and contacts in `staff.domains`), or give them an address per side".into(),
            HostError::TwoPortals { .. } => "an e-mail domain, a group or an address belongs to one partner (or to staff): remove it from one of the two (`sign_in:` in a profile, `staff:` in kit.yaml)".into(),
            HostError::BadOidc { what, .. } => match *what {
                "an issuer URL" => "give the identity provider's issuer, e.g. `--oidc-issuer https://login.example.com/realms/partners` (http(s), no quotes, spaces or `$`)".into(),
                _ => "the client ID the identity provider registered for this server (letters, digits, `-`, `_`, `.`, `:`)".into(),
            },
            HostError::SsoServer(_) => "single sign-on is generated for Apache with mod_auth_openidc: `--server apache --sso oidc --oidc-issuer URL --oidc-client-id ID`; passwords for nginx: `--server nginx`".into(),
            HostError::NoOidcSecrets | HostError::OidcSecrets { .. } => "pass `--secrets FILE` (outside the kit and the output) holding `oidc_client_secret: \"…\"` (from the identity provider) and `oidc_crypto_passphrase: \"…\"` (32 characters or more, e.g. `openssl rand -base64 48`; keep it: changing it ends every session); quote both".into(),
            HostError::SsoNeedsKit(_) => "pass the kit folder with `--root`: who may open which portal comes from its profiles and kit.yaml `staff:`".into(),
            HostError::Kit(d) => d.hint.clone().unwrap_or_else(|| "run `enablekit check` for the whole report".into()),
            HostError::Hash(_) => "the system's random number generator failed; try again".into(),
            HostError::Io(_) => "check that the folder exists and is writable".into(),
        }
    }
}

/// A problem worth knowing that does not stop the command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostWarning {
    ShortPassword {
        portal: String,
        user: String,
    },
    UnknownPortal {
        key: String,
        known: Vec<String>,
    },
    NotLoopback(String),
    /// A sunset partner's grace period is over: nobody can open its portal.
    AccessEnded {
        portal: String,
        since: String,
    },
    EndedWithoutDate(String),
    /// Users no profile names open the portal: whoever knew the password
    /// keeps access after leaving.
    SharedPassword {
        portal: String,
        users: Vec<String>,
        source: String,
    },
    /// Someone the kit names has no password yet.
    NoPassword {
        emails: Vec<String>,
        portal: String,
    },
    /// A password for someone no profile names (any longer): not granted.
    NotNamed {
        email: String,
    },
    /// Single sign-on lets nobody into this portal.
    NobodyNamed(String),
    /// Single sign-on without kit.yaml `base_url`.
    NoBaseUrl,
    /// An `http://` URL that is not on this machine.
    PlainHttp {
        what: &'static str,
        url: String,
    },
    /// Passwords for people, but no kit to say who they are.
    NoKit(PathBuf),
}

impl HostWarning {
    pub fn code(&self) -> &'static str {
        match self {
            HostWarning::ShortPassword { .. } => "W0801",
            HostWarning::UnknownPortal { .. } => "W0802",
            HostWarning::NotLoopback(_) => "W0803",
            HostWarning::AccessEnded { .. } => "W0804",
            HostWarning::EndedWithoutDate(_) => "W0805",
            HostWarning::SharedPassword { .. } => "W0806",
            HostWarning::NoPassword { .. } => "W0807",
            HostWarning::NotNamed { .. } => "W0808",
            HostWarning::NobodyNamed(_) => "W0809",
            HostWarning::NoBaseUrl => "W0810",
            HostWarning::PlainHttp { .. } => "W0811",
            HostWarning::NoKit(_) => "W0812",
        }
    }

    pub fn message(&self) -> String {
        match self {
            HostWarning::ShortPassword { portal, user } => format!(
                "the password of `{user}` for portal `{portal}` is shorter than {MIN_PASSWORD_LEN} characters"
            ),
            HostWarning::UnknownPortal { key, .. } => {
                format!("the secrets file names `{key}`, which is not a portal in the output")
            }
            HostWarning::NotLoopback(addr) => {
                format!("listening on {addr}: plain HTTP sends passwords and session cookies readably")
            }
            HostWarning::AccessEnded { portal, since } => {
                format!(
                    "the partnership with `{portal}` has ended: nobody can open its portal since {since}"
                )
            }
            HostWarning::EndedWithoutDate(portal) => {
                format!(
                    "the partnership with `{portal}` has ended, but its profile gives no `ended` date: access stays open"
                )
            }
            HostWarning::SharedPassword {
                portal,
                users,
                source,
            } => format!(
                "portal `{portal}` opens with a shared password ({} from {source})",
                users
                    .iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            HostWarning::NoPassword { emails, portal } => format!(
                "{} of portal `{portal}` {} no password in the secrets file: {}",
                if emails.len() == 1 {
                    "one person".to_string()
                } else {
                    format!("{} people", emails.len())
                },
                if emails.len() == 1 { "has" } else { "have" },
                emails
                    .iter()
                    .map(|e| format!("`{e}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            HostWarning::NotNamed { email } => format!(
                "the secrets file has a password for `{email}`, whom the kit does not name: not granted"
            ),
            HostWarning::NobodyNamed(portal) => format!(
                "nobody can sign in to portal `{portal}`: the kit names no one for it, and no domain or group"
            ),
            HostWarning::NoBaseUrl => "kit.yaml has no `base_url`: the address the identity provider sends people back to is built from each request's Host".into(),
            HostWarning::PlainHttp { what, url } => format!("the {what} `{url}` is plain http on another machine: sign-ins and sessions would cross the network readably"),
            HostWarning::NoKit(root) => format!("no kit.yaml in {}: nobody is named, so no person's password opens anything", root.display()),
        }
    }

    pub fn hint(&self) -> String {
        match self {
            HostWarning::ShortPassword { .. } => {
                "use long random passwords, e.g. `openssl rand -base64 18`".into()
            }
            HostWarning::UnknownPortal { key, known } => {
                let names: Vec<&str> = known.iter().map(String::as_str).collect();
                match crate::yaml::did_you_mean(key, &names) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("portals: {}", known.join(", ")),
                }
            }
            HostWarning::AccessEnded { .. } => "its files stay in the output; its credentials can be removed from the secrets".into(),
            HostWarning::EndedWithoutDate(_) => "set `ended: YYYY-MM-DD` (and `grace_days`) in the partner's profile and build again".into(),
            HostWarning::SharedPassword { .. } => "whoever knew it keeps access after leaving, and nobody can say who that is: name each person (a partner's `people:`, kit.yaml `staff:`), give each their own password in the secrets file under their e-mail address, then remove the shared one".into(),
            HostWarning::NoPassword { .. } => "they cannot sign in until the secrets file gives each their own (`dana@partner.example: <password>`, e.g. from `openssl rand -base64 18`); `host-config --report` lists who can".into(),
            HostWarning::NotNamed { .. } => "if they left, delete the line; if not, add them to their partner's `people:` (or kit.yaml `staff:`) and run `host-config` again".into(),
            HostWarning::NobodyNamed(portal) => if portal == "internal" {
                "add kit.yaml `staff:` (`people:`, `domains:` or `groups:`)".into()
            } else {
                "add the partner's `people:`, or `sign_in: {domains: [...], groups: [...]}`, to its profile".into()
            },
            HostWarning::NoBaseUrl => "set `base_url: https://partners.example.com` in kit.yaml (where the output is served), and register `<base_url>/oidc/callback` at the identity provider".into(),
            HostWarning::PlainHttp { .. } => "use https".into(),
            HostWarning::NoKit(_) => "pass the kit folder with `--root` (its profiles and kit.yaml `staff:` say who is who)".into(),
            HostWarning::NotLoopback(_) => "terminate TLS in front of the server and keep the default loopback address (or add TLS with certificates to the generated server block or virtual host)".into(),
        }
    }
}
