//! What a `host-config` run decides before it writes anything: the
//! portals, who the kit names, their passwords or sign-in rules, the files
//! holding secrets and the config, all in memory. It reads the output
//! folder, the kit's profiles and the secrets file; it writes nothing, so a
//! refusal anywhere leaves no half-done work behind.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use super::apache::{self, Oidc, OidcSecrets, SsoSite, apache_config};
use super::credentials::{Access, PortalUsers, credentials, parse_secrets};
use super::htpasswd::{NO_PARTNER_HTPASSWD, htpasswd};
use super::nginx::{self, Site, nginx_config};
use super::people::{Person, people};
use super::places::{self, Places};
use super::portals::{Portal, close_ended, find_portals};
use super::problems::{HostError, HostWarning};
use super::sign_in::{self, Rule, SignIns};
use super::{HostOptions, Server};

/// Write the files, or only review who can open what (no secret is
/// hashed, no folder for them needed, a portal nobody opens yet allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Write,
    Review,
}

/// Everything a run decides.
pub(super) struct Plan {
    pub places: Places,
    pub portals: Vec<Portal>,
    pub people: Vec<Person>,
    pub access: Access,
    /// Files that hold secrets (htpasswd files, single sign-on's secrets),
    /// path and text: written readable by owner and group only.
    pub files: Vec<(PathBuf, String)>,
    /// Empty in a review.
    pub config: String,
    pub warnings: Vec<HostWarning>,
    /// Single sign-on's rule per open portal.
    pub rules: Option<BTreeMap<String, Rule>>,
}

/// What both kinds of plan start from.
struct Found {
    listen: SocketAddr,
    portals: Vec<Portal>,
    warnings: Vec<HostWarning>,
}

/// Check the values, find the portals, then plan passwords (nginx) or
/// single sign-on (Apache). `env` reads environment variables (injected
/// so tests need not touch the process environment).
pub(super) fn plan(
    opts: &HostOptions,
    env: &dyn Fn(&str) -> Option<String>,
    mode: Mode,
) -> Result<Plan, Vec<HostError>> {
    let sso = sso_of(opts)?;
    let listen = nginx::parse_listen(&opts.listen).map_err(one)?;
    if let Some(name) = &opts.server_name {
        nginx::check_server_name(name).map_err(one)?;
        if sso.is_some() {
            apache::check_server_name(name).map_err(one)?;
        }
    }
    let mut portals = find_portals(&opts.out).map_err(one)?;
    let mut warnings = close_ended(
        &opts.out,
        &mut portals,
        crate::cmd::build::build_time().date(),
    );
    if !listen.ip().is_loopback() {
        warnings.push(HostWarning::NotLoopback(listen.to_string()));
    }
    let found = Found {
        listen,
        portals,
        warnings,
    };
    match sso {
        Some(oidc) => plan_sso(opts, found, oidc, mode),
        None => plan_passwords(opts, found, env, mode),
    }
}

/// Single sign-on when asked for, checked against the server.
fn sso_of(opts: &HostOptions) -> Result<Option<Oidc>, Vec<HostError>> {
    match (opts.server, &opts.sso) {
        (Server::Nginx, None) => Ok(None),
        (Server::Apache, Some(sso)) => {
            Ok(Some(Oidc::new(&sso.issuer, &sso.client_id).map_err(one)?))
        }
        (Server::Nginx, Some(_)) => Err(one(HostError::SsoServer(
            "nginx has no OpenID Connect of its own (that takes NGINX Plus or a proxy in front)",
        ))),
        (Server::Apache, None) => Err(one(HostError::SsoServer(
            "enablekit configures Apache for single sign-on only (`--sso oidc`)",
        ))),
    }
}

/// nginx with a password per person (and shared logins, warned about).
fn plan_passwords(
    opts: &HostOptions,
    Found {
        listen,
        portals,
        mut warnings,
    }: Found,
    env: &dyn Fn(&str) -> Option<String>,
    mode: Mode,
) -> Result<Plan, Vec<HostError>> {
    let places = places::locate(opts, mode == Mode::Write)?;
    let named = named(&opts.root)?;
    let secrets = match &places.secrets {
        Some(path) => Some(parse_secrets(path, &read_secrets(path)?).map_err(one)?),
        None => None,
    };
    if !named.kit && secrets.as_ref().is_some_and(|s| !s.people.is_empty()) {
        warnings.push(HostWarning::NoKit(opts.root.clone()));
    }
    let people = named.people;
    let require = mode == Mode::Write;
    let (access, found) = credentials(&portals, (secrets.as_ref(), &people), env, require)?;
    warnings.splice(0..0, found);
    let (files, config) = match (&places.htpasswd_dir, mode) {
        (Some(dir), Mode::Write) => {
            let files = htpasswd_files(&portals, &access.users, dir).map_err(one)?;
            let site = Site {
                root: places.out_abs.clone(),
                listen,
                server_name: opts.server_name.clone(),
                portals: portals
                    .iter()
                    .cloned()
                    .zip(files.iter().map(|(path, _)| path.clone()))
                    .collect(),
                no_partner_htpasswd: dir.join(NO_PARTNER_HTPASSWD),
            };
            let config = nginx_config(&site).map_err(one)?;
            (files, config)
        }
        _ => (Vec::new(), String::new()),
    };
    Ok(Plan {
        places,
        portals,
        people,
        access,
        files,
        config,
        warnings,
        rules: None,
    })
}

/// Apache with OpenID Connect: who opens which portal comes from the kit
/// alone; the secrets file gives only the client secret and the session
/// passphrase, written to a file of their own that the config includes.
fn plan_sso(
    opts: &HostOptions,
    Found {
        listen,
        portals,
        mut warnings,
    }: Found,
    oidc: Oidc,
    mode: Mode,
) -> Result<Plan, Vec<HostError>> {
    let named = named(&opts.root)?;
    if !named.kit {
        return Err(one(HostError::SsoNeedsKit(opts.root.clone())));
    }
    let places = places::locate(opts, mode == Mode::Write)?;
    let rules = sign_in::rules(&portals, &named.people, &named.sign_ins)?;
    warnings.extend(
        portals
            .iter()
            .filter(|p| rules.get(&p.key).is_some_and(Rule::is_empty))
            .map(|p| HostWarning::NobodyNamed(p.key.clone())),
    );
    let redirect_uri = apache::redirect_uri(&named.base_url);
    warnings.extend(apache::url_warnings(&oidc, &named.base_url));
    let (files, config) = match (&places.htpasswd_dir, mode) {
        (Some(dir), Mode::Write) => {
            let Some(path) = &places.secrets else {
                return Err(one(HostError::NoOidcSecrets));
            };
            let secrets = OidcSecrets::parse(path, &read_secrets(path)?).map_err(one)?;
            let include = dir.join(apache::SECRETS_FILE);
            let site = SsoSite {
                root: places.out_abs.clone(),
                listen,
                server_name: opts.server_name.clone(),
                oidc,
                redirect_uri,
                secrets_include: include.clone(),
                portals: portals.clone(),
                rules: rules.clone(),
            };
            let config = apache_config(&site).map_err(one)?;
            (vec![(include, secrets.include_text())], config)
        }
        _ => (Vec::new(), String::new()),
    };
    Ok(Plan {
        places,
        portals,
        people: named.people,
        access: Access::default(),
        files,
        config,
        warnings,
        rules: Some(rules),
    })
}

/// Who the kit at the root names, for hosting.
struct Named {
    /// The root holds a kit.
    kit: bool,
    people: Vec<Person>,
    /// Each portal's `sign_in` (the internal portal's from `staff:`).
    sign_ins: SignIns,
    /// kit.yaml's `base_url`: where the output is served.
    base_url: String,
}

/// Everyone the kit at `root` names; nobody when `root` holds no kit (a
/// server given only the output and shared passwords).
fn named(root: &Path) -> Result<Named, Vec<HostError>> {
    if !root.join("kit.yaml").is_file() {
        return Ok(Named {
            kit: false,
            people: Vec::new(),
            sign_ins: SignIns::new(),
            base_url: String::new(),
        });
    }
    let (config, partners) = crate::load::profiles(root).map_err(|report| {
        report
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| HostError::Kit(Box::new(d)))
            .collect::<Vec<_>>()
    })?;
    Ok(Named {
        kit: true,
        people: people(&config, &partners, &root.join("kit.yaml"))?,
        sign_ins: sign_in::sign_ins(&config, &partners),
        base_url: config.base_url,
    })
}

fn read_secrets(path: &Path) -> Result<String, Vec<HostError>> {
    std::fs::read_to_string(path).map_err(|source| {
        one(HostError::ReadSecrets {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// Each portal's htpasswd file, path and text, in the order of the
/// portals, then the empty one that slugs which are no portal check.
fn htpasswd_files(
    portals: &[Portal],
    users: &PortalUsers,
    dir: &Path,
) -> Result<Vec<(PathBuf, String)>, HostError> {
    let mut files = portals
        .iter()
        .zip(users)
        .map(|(portal, users)| Ok((dir.join(portal.htpasswd_name()), htpasswd(users)?)))
        .collect::<Result<Vec<_>, HostError>>()?;
    // Written like the others (same folder, same mode): an unreadable
    // file would answer 500, not 401, and tell unknown slugs apart.
    files.push((dir.join(NO_PARTNER_HTPASSWD), String::new()));
    Ok(files)
}

pub(super) fn one(e: HostError) -> Vec<HostError> {
    vec![e]
}
