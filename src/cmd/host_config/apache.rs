//! The Apache `<VirtualHost>` for single sign-on: mod_auth_openidc
//! authenticates each person with the identity provider, and each portal's
//! `<Location>` authorises them by the claims [`sign_in::rules`] allows.
//! The same headers, cache rules and uniform answers as the nginx block.
//! Pure: rendered from `apache.conf.tera`; reads and writes no file.
//!
//! [`sign_in::rules`]: super::sign_in::rules

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::Serialize;

use super::portals::Portal;
use super::problems::{HostError, HostWarning};
use super::server_text::{
    CACHE_IMMUTABLE, CACHE_REVALIDATE, CONTENT_SECURITY_POLICY, EMAIL_CONTENT_SECURITY_POLICY,
    Header, Template, quote_path, security_headers,
};
use super::sign_in::Rule;

/// Where the identity provider sends people back: a path mod_auth_openidc
/// answers itself, outside every portal.
pub const REDIRECT_PATH: &str = "/oidc/callback";

/// The file, beside the htpasswd files, that holds the client secret and
/// the session passphrase; the config includes it, so Apache refuses to
/// start without it (an unset variable would have left a guessable
/// literal in its place).
pub const SECRETS_FILE: &str = "enablekit-oidc.secrets.conf";

/// The session passphrase protects every session cookie.
const MIN_PASSPHRASE_LEN: usize = 32;

/// The identity provider and this server's registration with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oidc {
    /// The issuer URL; its discovery document is below it.
    pub issuer: String,
    pub client_id: String,
}

impl Oidc {
    /// Check both values: they go into the config verbatim.
    pub fn new(issuer: &str, client_id: &str) -> Result<Oidc, HostError> {
        let issuer = issuer.trim_end_matches('/');
        let plain = |s: &str| {
            !s.is_empty()
                && !s
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || "\"'\\$<>`".contains(c))
        };
        let scheme_ok = issuer
            .strip_prefix("https://")
            .or_else(|| issuer.strip_prefix("http://"))
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
        if !scheme_ok || !plain(issuer) || issuer.contains(['?', '#']) {
            return Err(HostError::BadOidc {
                what: "an issuer URL",
                value: issuer.to_string(),
            });
        }
        let id_ok = client_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c));
        if client_id.is_empty() || !id_ok {
            return Err(HostError::BadOidc {
                what: "a client ID",
                value: client_id.to_string(),
            });
        }
        Ok(Oidc {
            issuer: issuer.to_string(),
            client_id: client_id.to_string(),
        })
    }
}

/// The client secret and the session passphrase, from the secrets file.
/// `Debug` shows neither.
pub struct OidcSecrets {
    client_secret: String,
    passphrase: String,
}

impl std::fmt::Debug for OidcSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OidcSecrets { … }")
    }
}

impl OidcSecrets {
    /// `oidc_client_secret` and `oidc_crypto_passphrase` from the secrets
    /// file's YAML; its other keys (people's passwords for an nginx host)
    /// are not read. No message quotes a value.
    pub fn parse(path: &Path, text: &str) -> Result<OidcSecrets, HostError> {
        let bad = |message: String| HostError::OidcSecrets {
            path: path.to_path_buf(),
            message,
        };
        let value: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!("line {}, column {}", l.line(), l.column()))
                .unwrap_or_default();
            bad(format!("is not YAML ({at})"))
        })?;
        let get = |key: &str| -> Result<String, HostError> {
            let text = value
                .get(key)
                .ok_or_else(|| bad(format!("has no `{key}`")))?
                .as_str()
                .ok_or_else(|| bad(format!("`{key}` is not written as text")))?;
            if text.is_empty() || text.chars().any(|c| c.is_control() || "\"\\$".contains(c)) {
                return Err(bad(format!(
                    "`{key}` is empty or holds a quote, backslash, `$` or control character"
                )));
            }
            Ok(text.to_string())
        };
        let secrets = OidcSecrets {
            client_secret: get("oidc_client_secret")?,
            passphrase: get("oidc_crypto_passphrase")?,
        };
        if secrets.passphrase.chars().count() < MIN_PASSPHRASE_LEN {
            return Err(bad(format!(
                "`oidc_crypto_passphrase` is shorter than {MIN_PASSPHRASE_LEN} characters"
            )));
        }
        Ok(secrets)
    }

    /// The file the config includes.
    pub fn include_text(&self) -> String {
        format!(
            "# Written by `enablekit host-config`: single sign-on's secrets. Keep it\n\
             # readable by root (and Apache's group) only.\n\
             OIDCClientSecret \"{}\"\nOIDCCryptoPassphrase \"{}\"\n",
            self.client_secret, self.passphrase
        )
    }
}

/// Where the identity provider sends people back: kit.yaml's `base_url`
/// (where the output is served, behind whatever ends TLS) with the
/// callback path, else the path alone (mod_auth_openidc then builds it
/// from each request).
pub fn redirect_uri(base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let plain = !base
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'\\$<>`?#".contains(c));
    if (base.starts_with("https://") || base.starts_with("http://")) && plain {
        format!("{base}{REDIRECT_PATH}")
    } else {
        REDIRECT_PATH.to_string()
    }
}

/// Warnings about the URLs single sign-on runs over.
pub fn url_warnings(oidc: &Oidc, base_url: &str) -> Vec<HostWarning> {
    let mut warnings = Vec::new();
    if redirect_uri(base_url) == REDIRECT_PATH {
        warnings.push(HostWarning::NoBaseUrl);
    }
    for (what, url) in [("issuer", oidc.issuer.as_str()), ("base_url", base_url)] {
        if let Some(rest) = url.strip_prefix("http://") {
            let host = rest.split(['/', ':']).next().unwrap_or("");
            let host = if rest.starts_with('[') {
                rest.split(']').next().unwrap_or("").trim_start_matches('[')
            } else {
                host
            };
            if !matches!(host, "127.0.0.1" | "localhost" | "::1") {
                warnings.push(HostWarning::PlainHttp {
                    what,
                    url: url.to_string(),
                });
            }
        }
    }
    warnings
}

/// A `ServerName` Apache accepts: a host name, no wildcards.
pub fn check_server_name(name: &str) -> Result<(), HostError> {
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
    {
        Ok(())
    } else {
        Err(HostError::BadServerName(name.to_string()))
    }
}

/// Everything the virtual host needs.
#[derive(Debug, Clone)]
pub struct SsoSite {
    pub root: PathBuf,
    pub listen: SocketAddr,
    pub server_name: Option<String>,
    pub oidc: Oidc,
    /// Absolute, or the callback path alone.
    pub redirect_uri: String,
    /// The file holding the secrets (absolute).
    pub secrets_include: PathBuf,
    pub portals: Vec<Portal>,
    /// The rule of each open portal, by key.
    pub rules: BTreeMap<String, Rule>,
}

static TEMPLATE: LazyLock<Template> =
    LazyLock::new(|| Template::new("apache.conf", include_str!("apache.conf.tera")));

#[derive(Serialize)]
struct View<'a> {
    listen: String,
    server_name: Option<&'a str>,
    /// The output folder, quoted.
    root: String,
    metadata_url: String,
    client_id: &'a str,
    redirect_uri: &'a str,
    redirect_path: &'static str,
    /// The secrets file, quoted.
    secrets_include: String,
    /// `openid email`, and `groups` when a rule reads groups (providers
    /// that know no `groups` scope refuse a request for it).
    scope: &'static str,
    /// The redirect path without its leading slash, as a regex.
    redirect_name: String,
    headers: Headers,
    portals: Vec<PortalView>,
}

#[derive(Serialize)]
struct Headers {
    security: Vec<Header>,
    email_policy: &'static str,
    immutable: &'static str,
    revalidate: &'static str,
}

#[derive(Serialize)]
struct PortalView {
    key: String,
    url: String,
    staff: bool,
    open: bool,
    closed_since: String,
    rule: Rule,
}

/// A rule as the template writes it: addresses and domains as regular
/// expressions matched whatever the case (providers return `Ida@Acme.com`
/// as readily as `ida@acme.com`), anchored at both ends.
fn written(rule: &Rule) -> Rule {
    Rule {
        emails: rule
            .emails
            .iter()
            .map(|e| format!("(?i)^{}$", regex_literal(e)))
            .collect(),
        domains: rule
            .domains
            .iter()
            .map(|d| format!("(?i)^[^@]+@{}$", regex_literal(d)))
            .collect(),
        groups: rule.groups.clone(),
    }
}

/// `text` as a regular expression that matches only itself, without a
/// backslash: Apache reads a `Require` line as an expression string, in
/// which `\.` becomes `.` (any character: `acme-example` would pass for
/// `acme.example`, as the single sign-on test found). So every character
/// but letters, digits and `@` goes into a class of its own (`[.]`); the
/// addresses and domains that get here have no `[`, `]`, `^`, `\` or `%`
/// (`model::people` refuses them).
fn regex_literal(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '@' {
                c.to_string()
            } else {
                format!("[{c}]")
            }
        })
        .collect()
}

/// The `<VirtualHost>` for `site`. Pure text.
pub fn apache_config(site: &SsoSite) -> Result<String, HostError> {
    let quote = |what, path: &Path| {
        quote_path(path).ok_or_else(|| HostError::UnsafePath {
            what,
            path: path.to_path_buf(),
        })
    };
    let root = quote("output folder", &site.root)?;
    let secrets_include = quote("secrets file", &site.secrets_include)?;
    let groups = site.rules.values().any(|r| !r.groups.is_empty());
    let portals = site
        .portals
        .iter()
        .map(|p| {
            let rule = site.rules.get(&p.key);
            PortalView {
                key: p.key.clone(),
                url: p.url(),
                staff: p.key == "internal" && p.dir == "internal",
                open: rule.is_some_and(|r| !r.is_empty()),
                closed_since: p.closed_since.clone().unwrap_or_default(),
                rule: rule.map(written).unwrap_or_default(),
            }
        })
        .collect();
    let view = View {
        listen: site.listen.to_string(),
        server_name: site.server_name.as_deref(),
        root,
        metadata_url: format!("{}/.well-known/openid-configuration", site.oidc.issuer),
        client_id: &site.oidc.client_id,
        redirect_uri: &site.redirect_uri,
        redirect_path: REDIRECT_PATH,
        secrets_include,
        scope: if groups {
            "openid email groups"
        } else {
            "openid email"
        },
        redirect_name: REDIRECT_PATH.trim_start_matches('/').to_string(),
        headers: Headers {
            security: security_headers(CONTENT_SECURITY_POLICY),
            email_policy: EMAIL_CONTENT_SECURITY_POLICY,
            immutable: CACHE_IMMUTABLE,
            revalidate: CACHE_REVALIDATE,
        },
        portals,
    };
    Ok(TEMPLATE.render(&view))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SsoSite {
        let mut gone = Portal::partner("gone-co");
        gone.closed_since = Some("2026-01-31".into());
        SsoSite {
            root: PathBuf::from("/srv/kit/public"),
            listen: "127.0.0.1:8080".parse().unwrap(),
            server_name: None,
            oidc: Oidc::new("https://login.example.com/realms/p/", "enablekit").unwrap(),
            redirect_uri: redirect_uri("https://partners.example.com/"),
            secrets_include: PathBuf::from("/etc/ek/enablekit-oidc.secrets.conf"),
            portals: vec![Portal::internal(), Portal::partner("acme-co"), gone],
            rules: BTreeMap::from([
                (
                    "internal".to_string(),
                    Rule {
                        emails: vec!["pat@us.example".into()],
                        domains: vec!["us.example".into()],
                        groups: vec![],
                    },
                ),
                (
                    "acme-co".to_string(),
                    Rule {
                        emails: vec!["ida@acme.example".into()],
                        domains: vec![],
                        groups: vec!["acme-partners".into()],
                    },
                ),
            ]),
        }
    }

    fn location<'a>(text: &'a str, url: &str) -> &'a str {
        let start = text.find(&format!("<Location \"{url}\">")).unwrap();
        let block = &text[start..];
        &block[..block.find("</Location>").unwrap()]
    }

    #[test]
    fn each_portal_authorises_by_its_own_claims() {
        let text = apache_config(&site()).unwrap();
        assert!(text.contains(
            "OIDCProviderMetadataURL https://login.example.com/realms/p/.well-known/openid-configuration"
        ));
        assert!(text.contains("Include \"/etc/ek/enablekit-oidc.secrets.conf\""));
        assert!(text.contains("OIDCRedirectURI https://partners.example.com/oidc/callback"));
        assert!(text.contains("OIDCScope \"openid email groups\""));
        assert!(!text.contains("OIDCClientSecret") && !text.contains("${"));
        let acme = location(&text, "/partners/acme-co/");
        assert!(
            acme.contains("Require claim \"email~(?i)^ida@acme[.]example$\""),
            "{acme}"
        );
        assert!(acme.contains("Require claim \"groups:acme-partners\""));
        assert!(acme.contains("Require claim email_verified:true"));
        assert!(!acme.contains("pat@us.example"));
        let staff = location(&text, "/internal/");
        assert!(
            staff.contains("Require claim \"email~(?i)^[^@]+@us[.]example$\""),
            "{staff}"
        );
        let gone = location(&text, "/partners/gone-co/");
        assert!(gone.contains("Require claim \"sub~(?!)\"") && !gone.contains("email"));
        // The catch-all comes first: later <Location>s override it.
        assert!(
            text.find("<Location \"/partners/\">").unwrap()
                < text.find("<Location \"/partners/acme-co/\">").unwrap()
        );
        assert!(text.contains("Options None"));
        assert!(!text.contains("public, max-age"));
    }

    #[test]
    fn secrets_stay_out_of_messages_and_need_a_long_passphrase() {
        let path = Path::new("/etc/ek/secrets.yaml");
        let good = "oidc_client_secret: \"client-s3cret\"\noidc_crypto_passphrase: \"0123456789abcdef0123456789abcdef\"\nana@x.example: pw\n";
        let secrets = OidcSecrets::parse(path, good).unwrap();
        assert!(
            secrets
                .include_text()
                .contains("OIDCClientSecret \"client-s3cret\"\n")
        );
        assert!(!format!("{secrets:?}").contains("s3cret"));
        for (text, says) in [
            ("oidc_client_secret: x\n", "has no `oidc_crypto_passphrase`"),
            (
                "oidc_client_secret: x\noidc_crypto_passphrase: short-s3cret\n",
                "shorter than 32",
            ),
            (
                "oidc_client_secret: \"a$b-s3cret\"\noidc_crypto_passphrase: x\n",
                "`$`",
            ),
            ("oidc_client_secret: [s3cret\n", "is not YAML"),
        ] {
            let e = OidcSecrets::parse(path, text).unwrap_err().to_string();
            assert!(e.contains(says) && !e.contains("s3cret"), "{e}");
        }
        // Apache's ServerName takes no wildcard.
        assert!(check_server_name("*.example.com").is_err());
        assert_eq!(redirect_uri(""), REDIRECT_PATH);
        assert_eq!(
            redirect_uri("https://p.example/"),
            "https://p.example/oidc/callback"
        );
        let oidc = Oidc::new("http://login.example.com", "id").unwrap();
        assert_eq!(url_warnings(&oidc, "http://127.0.0.1:8080").len(), 1);
    }

    #[test]
    fn values_apache_would_misread_are_refused() {
        for bad in [
            "login.example.com",
            "https://",
            "https://x/${A}",
            "https://x/\"",
            "https://x y",
            "https://x/?a",
        ] {
            assert!(Oidc::new(bad, "id").is_err(), "{bad}");
        }
        assert!(Oidc::new("http://127.0.0.1:9000", "a b").is_err());
        let mut s = site();
        s.root = PathBuf::from("/srv/${HOME}/public");
        assert!(apache_config(&s).is_err());
    }
}
