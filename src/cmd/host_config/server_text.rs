//! What the text of both server configs shares: the headers and cache
//! rules they send, how a path is quoted in them, and how their templates
//! are loaded. Pure.

use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

/// The default theme loads only same-origin files (stylesheets, one
/// script, images, `versions.json` and manifests through `fetch`); nothing
/// inline. `data:` images are allowed for authors' markdown.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A brief's e-mail copy (`email.html`): its styles are inline, for mail
/// clients, and it has no script, so the policy allows inline styles only.
pub const EMAIL_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Headers sent with every response (`always`: 401 and 404 too).
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
];

/// Published versions never change, so browsers may keep them for a year.
/// `private`, not `public`: these responses answer authenticated requests,
/// and `public` would allow a shared cache (a CDN or proxy in front of
/// nginx) to store one partner's page and hand it to anyone asking for the
/// same URL.
pub const CACHE_IMMUTABLE: &str = "private, max-age=31536000, immutable";
/// `latest/`, `versions.json` and the portal's `index.html` change with
/// every release: revalidate each time (cheap with ETags). `private` as
/// above: `no-cache` alone still lets a shared cache store the page.
pub const CACHE_REVALIDATE: &str = "private, no-cache";

/// A header as a template writes it.
#[derive(Debug, Serialize)]
pub struct Header {
    pub name: &'static str,
    pub value: &'static str,
}

/// [`SECURITY_HEADERS`] with `policy` as the Content-Security-Policy.
pub fn security_headers(policy: &'static str) -> Vec<Header> {
    SECURITY_HEADERS
        .iter()
        .map(|&(name, value)| Header {
            name,
            value: if name == "Content-Security-Policy" {
                policy
            } else {
                value
            },
        })
        .collect()
}

/// `path` quoted for nginx or Apache, or `None` when either would read it
/// differently (`$` starts a variable even inside quotes; `"` and `\`
/// quote).
pub fn quote_path(path: &Path) -> Option<String> {
    let s = path.to_str()?;
    if s.chars()
        .any(|c| matches!(c, '"' | '\\' | '$') || c.is_control())
    {
        return None;
    }
    Some(format!("\"{s}\""))
}

/// A config template, parsed once by its caller. Its name has no `.html`,
/// and autoescaping is off besides: an HTML escape (`"` as `&quot;`) would
/// break the config.
pub struct Template {
    tera: Tera,
    name: &'static str,
}

impl Template {
    pub fn new(name: &'static str, source: &'static str) -> Template {
        let mut tera = Tera::new();
        tera.autoescape_on(Vec::<&str>::new());
        tera.add_raw_template(name, source)
            .expect("the server templates parse (tested)");
        Template { tera, name }
    }

    /// The config for `view`, whose every value was checked and quoted.
    pub fn render(&self, view: &impl Serialize) -> String {
        let context = Context::from_serialize(view).expect("a view is a map (tested)");
        self.tera
            .render(self.name, &context)
            .expect("the server templates render every view (tested)")
    }
}
