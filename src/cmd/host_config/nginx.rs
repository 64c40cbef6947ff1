//! The nginx `server { … }` block: the values it may contain (checked,
//! and quoted where nginx reads them), and its text, rendered from `nginx.conf.tera` with a `View` of
//! the [`Site`]. Pure: it reads and writes no file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::Serialize;

use super::portals::Portal;
use super::problems::HostError;
use super::server_text::{
    CACHE_IMMUTABLE, CACHE_REVALIDATE, CONTENT_SECURITY_POLICY, EMAIL_CONTENT_SECURITY_POLICY,
    Header, Template, quote_path, security_headers,
};

/// The address the generated server listens on unless told otherwise:
/// loopback, because basic auth needs TLS in front of it.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The realm of every partner portal: one for all, so a 401 never says
/// which partners exist.
pub const PARTNER_REALM: &str = "Partner portal";
/// The realm of the staff portal.
pub const STAFF_REALM: &str = "Staff portal";
/// The empty htpasswd file's name: it has a `.` in the stem, which no slug
/// Everything the server block needs; paths absolute.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub listen: SocketAddr,
    pub server_name: Option<String>,
    /// Each portal with the absolute path of its htpasswd file.
    pub portals: Vec<(Portal, PathBuf)>,
    /// An empty htpasswd file: `/partners/<slug>/` for a slug that is no
    /// portal asks for credentials nobody has.
    pub no_partner_htpasswd: PathBuf,
}

pub(super) fn parse_listen(listen: &str) -> Result<SocketAddr, HostError> {
    listen
        .parse::<SocketAddr>()
        .map_err(|_| HostError::BadListen(listen.to_string()))
}

pub(super) fn check_server_name(name: &str) -> Result<(), HostError> {
    let ok = !name.is_empty()
        && !name.starts_with('~')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '*' | '_'));
    if ok {
        Ok(())
    } else {
        Err(HostError::BadServerName(name.to_string()))
    }
}

static TEMPLATE: LazyLock<Template> =
    LazyLock::new(|| Template::new("nginx.conf", include_str!("nginx.conf.tera")));

/// What the template sees: every value final, paths already quoted.
#[derive(Serialize)]
struct View<'a> {
    listen: String,
    server_name: Option<&'a str>,
    root: String,
    headers: Headers,
    partner_realm: &'static str,
    /// The empty htpasswd file, quoted.
    no_partner: String,
    portals: Vec<PortalView>,
}

#[derive(Serialize)]
struct Headers {
    security: Vec<Header>,
    /// The same, with the e-mail copy's policy.
    email: Vec<Header>,
    immutable: &'static str,
    revalidate: &'static str,
}

#[derive(Serialize)]
struct PortalView {
    key: String,
    url: String,
    /// Its htpasswd file, quoted.
    file: String,
    realm: &'static str,
    /// The staff portal sits beside `/partners/`, not inside it.
    staff: bool,
}

impl<'a> View<'a> {
    /// The view of `site`, or the first path nginx would misread.
    fn of(site: &'a Site) -> Result<View<'a>, HostError> {
        let quote = |what, path: &Path| {
            quote_path(path).ok_or_else(|| HostError::UnsafePath {
                what,
                path: path.to_path_buf(),
            })
        };
        let root = quote("output folder", &site.root)?;
        let no_partner = quote("htpasswd file", &site.no_partner_htpasswd)?;
        let portals = site
            .portals
            .iter()
            .map(|(portal, htpasswd)| {
                let staff = portal.key == "internal" && portal.dir == "internal";
                Ok(PortalView {
                    key: portal.key.clone(),
                    url: portal.url(),
                    file: quote("htpasswd file", htpasswd)?,
                    realm: if staff { STAFF_REALM } else { PARTNER_REALM },
                    staff,
                })
            })
            .collect::<Result<_, HostError>>()?;
        Ok(View {
            listen: site.listen.to_string(),
            server_name: site.server_name.as_deref(),
            root,
            headers: Headers {
                security: security_headers(CONTENT_SECURITY_POLICY),
                email: security_headers(EMAIL_CONTENT_SECURITY_POLICY),
                immutable: CACHE_IMMUTABLE,
                revalidate: CACHE_REVALIDATE,
            },
            partner_realm: PARTNER_REALM,
            no_partner,
            portals,
        })
    }
}

/// The nginx `server { … }` block for `site`. Pure text.
pub fn nginx_config(site: &Site) -> Result<String, HostError> {
    let view = View::of(site)?;
    Ok(TEMPLATE.render(&view))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site {
            root: PathBuf::from("/srv/kit/public"),
            listen: DEFAULT_LISTEN.parse().unwrap(),
            server_name: Some("partners.example.com".into()),
            portals: vec![
                (
                    Portal::internal(),
                    PathBuf::from("/etc/ek/internal.htpasswd"),
                ),
                (
                    Portal::partner("acme-co"),
                    PathBuf::from("/etc/ek/acme-co.htpasswd"),
                ),
            ],
            no_partner_htpasswd: PathBuf::from("/etc/ek/no-partner.empty.htpasswd"),
        }
    }

    #[test]
    fn config_has_one_protected_location_per_portal() {
        let text = nginx_config(&site()).unwrap();
        assert!(text.contains("root \"/srv/kit/public\";"));
        assert!(text.contains("listen 127.0.0.1:8080;"));
        assert!(text.contains("server_name partners.example.com;"));
        assert!(text.contains("autoindex off;"));
        assert!(text.contains("location / {\n        return 404;"));
        for (url, file) in [
            ("/internal/", "/etc/ek/internal.htpasswd"),
            ("/partners/acme-co/", "/etc/ek/acme-co.htpasswd"),
        ] {
            let start = text.find(&format!("location ^~ {url} {{")).unwrap();
            let block = &text[start..];
            let block = &block[..block.find("\n    }\n").unwrap_or(block.len())];
            assert!(block.contains(&format!("auth_basic_user_file \"{file}\";")));
            assert!(block.contains(&format!("location ^~ {url}latest/ {{")));
            assert!(block.contains(&format!("location = {url}versions.json {{")));
            assert!(block.contains(CACHE_IMMUTABLE));
        }
        assert!(text.contains("return 302 /partners/acme-co/latest/;"));
        // Every block that sets Cache-Control repeats the security headers
        // (the server's and the e-mail block under /partners/ set none).
        assert_eq!(
            text.matches("add_header Cache-Control").count(),
            text.matches("add_header X-Frame-Options \"DENY\" always;")
                .count()
                - 2
        );
    }

    #[test]
    fn partner_portals_look_alike_and_dot_files_are_404_first() {
        let text = nginx_config(&site()).unwrap();
        // One realm for every partner; no slug in any realm.
        assert!(!text.contains("auth_basic \"acme-co\""), "{text}");
        assert_eq!(text.matches("auth_basic \"Partner portal\";").count(), 2);
        assert!(text.contains("auth_basic \"Staff portal\";"));
        // Unknown slugs check the empty file, inside the one /partners/ block.
        let partners = text.find("    location ^~ /partners/ {\n").unwrap();
        let acme = text
            .find("        location ^~ /partners/acme-co/ {\n")
            .unwrap();
        assert!(partners < acme, "partners nest inside /partners/");
        assert!(
            text[partners..]
                .contains("auth_basic_user_file \"/etc/ek/no-partner.empty.htpasswd\";")
        );
        // Dot segments: 404 at server level, before any location's auth.
        let dots = text
            .find("if ($uri ~ \"/\\.\") {\n        return 404;")
            .unwrap();
        assert!(dots < text.find("\n    location ").unwrap());
        assert!(text.contains("disable_symlinks on from=$document_root;"));
        assert!(!text.contains("\"no-cache\""), "no-cache without private");
        assert!(text.contains("location = /partners/acme-co/latest/404.html {"));
    }

    #[test]
    fn values_reach_the_config_verbatim_never_html_escaped() {
        let mut s = site();
        s.root = PathBuf::from("/srv/a&b's <kit>");
        s.server_name = None;
        let text = nginx_config(&s).unwrap();
        assert!(text.contains("    root \"/srv/a&b's <kit>\";\n"), "{text}");
        assert!(text.contains("script-src 'self'"));
        assert!(!text.contains("&amp;") && !text.contains("&#x27;"));
        assert!(!text.contains("server_name"));
        assert!(text.starts_with("# Generated by `enablekit host-config`"));
        assert!(text.ends_with("        return 302 /partners/acme-co/latest/;\n    }\n}\n"));
    }

    #[test]
    fn checked_values_only() {
        assert!(parse_listen("[::1]:8080").is_ok());
        assert!(matches!(
            parse_listen("localhost:80"),
            Err(HostError::BadListen(_))
        ));
        assert!(check_server_name("*.example.com").is_ok());
        for bad in ["", "~^re$", "a b", "a;b", "a\"b"] {
            assert!(check_server_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn paths_nginx_would_misread_are_refused() {
        let mut s = site();
        s.root = PathBuf::from("/srv/$host/public");
        assert!(matches!(
            nginx_config(&s),
            Err(HostError::UnsafePath { .. })
        ));
        s.root = PathBuf::from("/srv/a\"b");
        assert!(nginx_config(&s).is_err());
    }
}
