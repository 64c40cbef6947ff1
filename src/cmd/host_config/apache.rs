//! The Apache `<VirtualHost>` for single sign-on: mod_auth_openidc
//! authenticates each person with the identity provider, and each portal's
//! `<Location>` authorises them by the claims [`sign_in::rules`] allows.
//! The same headers, cache rules and uniform answers as the nginx block.
//! Pure: rendered from `apache.conf.tera`; reads and writes no file.
//!
//! [`sign_in::rules`]: super::sign_in::rules

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::LazyLock;

use serde::Serialize;
use tera::{Context, Tera};

use super::nginx::{
    CACHE_IMMUTABLE, CACHE_REVALIDATE, EMAIL_CONTENT_SECURITY_POLICY, SECURITY_HEADERS,
};
use super::portals::Portal;
use super::problems::HostError;
use super::sign_in::Rule;

/// Where the identity provider sends people back: a path mod_auth_openidc
/// answers itself, outside every portal.
pub const REDIRECT_PATH: &str = "/oidc/callback";

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

/// Everything the virtual host needs.
#[derive(Debug, Clone)]
pub struct SsoSite {
    pub root: PathBuf,
    pub listen: SocketAddr,
    pub server_name: Option<String>,
    pub oidc: Oidc,
    pub portals: Vec<Portal>,
    /// The rule of each open portal, by key.
    pub rules: BTreeMap<String, Rule>,
}

const TEMPLATE_NAME: &str = "apache.conf";

static TEMPLATE: LazyLock<Tera> = LazyLock::new(|| {
    let mut tera = Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    tera.add_raw_template(TEMPLATE_NAME, include_str!("apache.conf.tera"))
        .expect("the Apache template parses (tested)");
    tera
});

#[derive(Serialize)]
struct View<'a> {
    listen: String,
    server_name: Option<&'a str>,
    /// The output folder, quoted.
    root: String,
    metadata_url: String,
    client_id: &'a str,
    redirect_path: &'static str,
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
struct Header {
    name: &'static str,
    value: &'static str,
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

/// `path` quoted for Apache, or `None` when Apache would read it
/// differently (`${` starts a variable, `"` and `\` quote).
fn apache_quote(path: &std::path::Path) -> Option<String> {
    let s = path.to_str()?;
    if s.chars()
        .any(|c| matches!(c, '"' | '\\' | '$') || c.is_control())
    {
        return None;
    }
    Some(format!("\"{s}\""))
}

/// A rule as the template writes it: domains as regular expressions.
fn written(rule: &Rule) -> Rule {
    Rule {
        emails: rule.emails.clone(),
        domains: rule.domains.iter().map(|d| d.replace('.', "\\.")).collect(),
        groups: rule.groups.clone(),
    }
}

/// The `<VirtualHost>` for `site`. Pure text.
pub fn apache_config(site: &SsoSite) -> Result<String, HostError> {
    let root = apache_quote(&site.root).ok_or_else(|| HostError::UnsafePath {
        what: "output folder",
        path: site.root.clone(),
    })?;
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
        redirect_path: REDIRECT_PATH,
        redirect_name: REDIRECT_PATH.trim_start_matches('/').to_string(),
        headers: Headers {
            security: SECURITY_HEADERS
                .iter()
                .map(|&(name, value)| Header { name, value })
                .collect(),
            email_policy: EMAIL_CONTENT_SECURITY_POLICY,
            immutable: CACHE_IMMUTABLE,
            revalidate: CACHE_REVALIDATE,
        },
        portals,
    };
    let context = Context::from_serialize(&view).expect("the view is a map (tested)");
    Ok(TEMPLATE
        .render(TEMPLATE_NAME, &context)
        .expect("the Apache template renders every view (tested)"))
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
        assert!(text.contains("OIDCClientSecret \"${ENABLEKIT_OIDC_CLIENT_SECRET}\""));
        let acme = location(&text, "/partners/acme-co/");
        assert!(
            acme.contains("Require claim \"email:ida@acme.example\""),
            "{acme}"
        );
        assert!(acme.contains("Require claim \"groups:acme-partners\""));
        assert!(acme.contains("Require claim email_verified:true"));
        assert!(!acme.contains("pat@us.example"));
        let staff = location(&text, "/internal/");
        assert!(
            staff.contains("Require claim \"email~^[^@]+@us\\.example$\""),
            "{staff}"
        );
        let gone = location(&text, "/partners/gone-co/");
        assert!(
            gone.contains("Require claim \"enablekit_portal:none\"") && !gone.contains("email")
        );
        // The catch-all comes first: later <Location>s override it.
        assert!(
            text.find("<Location \"/partners/\">").unwrap()
                < text.find("<Location \"/partners/acme-co/\">").unwrap()
        );
        assert!(text.contains("Options None"));
        assert!(!text.contains("public, max-age"));
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
