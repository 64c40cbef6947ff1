//! What every page of a portal shares: the template variables for the
//! site, the portal and its partner at each page depth, the nav with the
//! current entry marked, and the fill of one template. Relative links are
//! built here from the page's depth; which pages exist is not decided here.

use tera::{Context, Value};

use super::routes::{Page, favicon_route, has_referral_page, logo_file, scorecard_page};
use super::{Portal, RenderError, Renderer};
use crate::model::kit::Kit;
use crate::model::partners::Audience;
use crate::render::views::{EndedView, LanguageLink, NavEntry, PartnerView, PortalView, SiteView};
use crate::render::words::Speech;

/// The way back to the version root from a page at depth 0, 1 and 2.
pub(super) const ROOTS: [&str; 3] = ["", "../", "../../"];

/// The depth of the 404 page in [`Renderer`]'s base contexts: its links
/// are root-relative, since it answers at any URL.
pub(super) const NOT_FOUND_DEPTH: usize = 3;

/// Which template renders a page, and how it sits in the portal.
pub(super) struct Spec<'a> {
    pub(super) template: &'a str,
    pub(super) depth: usize,
    pub(super) page_kind: &'a str,
    /// The nav entry to mark active.
    pub(super) active: &'a str,
    /// The page's folder below the tree root (`objections/price/`), for
    /// the language switcher; `None` for a page at no one place (404).
    pub(super) path: Option<String>,
}

impl<'a> Spec<'a> {
    /// The fields in their order: template, depth, page kind, nav entry.
    pub(super) fn new(
        template: &'a str,
        depth: usize,
        page_kind: &'a str,
        active: &'a str,
    ) -> Self {
        let path = match depth {
            0 => Some(String::new()),
            1 => Some(format!("{active}/")),
            _ => None,
        };
        Spec {
            template,
            depth,
            page_kind,
            active,
            path,
        }
    }

    /// The page's folder, where depth and nav entry do not say it.
    pub(super) fn at(self, path: String) -> Self {
        Spec {
            path: Some(path),
            ..self
        }
    }
}

/// The way from a page's `root` (its language tree's root) to the
/// version's root, where the other languages' trees start.
fn version_root(root: &str, tree: &str) -> String {
    match root.strip_suffix(tree) {
        _ if tree.is_empty() => root.to_string(),
        Some(abs) if root.starts_with('/') => abs.to_string(),
        _ => format!("{root}../"),
    }
}

/// The variables every page of a portal shares at one depth. `partner` is
/// the portal's partner view, rendered once; only its logo URL depends on
/// `root`.
/// The portal's language as every template sees it: `t`, `lang`, `dir`.
pub(super) fn speak(ctx: &mut Context, speech: &Speech) {
    ctx.insert("t", speech.words.as_ref());
    ctx.insert("lang", &speech.lang);
    ctx.insert("dir", speech.dir);
}

/// The kit as every template sees it (`site`).
pub(super) fn site_view(kit: &Kit) -> SiteView<'_> {
    let (favicon, favicon_type) = favicon_route(kit);
    SiteView {
        name: &kit.config.name,
        company: &kit.config.company,
        tagline: &kit.config.tagline,
        base_url: &kit.config.base_url,
        offline_zip: kit.config.offline_zip,
        favicon,
        favicon_type,
    }
}

pub(super) fn base_context(
    kit: &Kit,
    portal: Portal<'_>,
    partner: Option<&PartnerView>,
    root: &str,
    speech: &Speech,
) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site", &site_view(kit));
    speak(&mut ctx, speech);
    let kit_name = ("kit", kit.config.name.as_str());
    let (kind, title) = match portal.audience {
        Audience::Internal => (
            "internal",
            speech.fill("portal_title_staff", "{kit} (staff)", &[kit_name]),
        ),
        Audience::Partner(p) => (
            "partner",
            speech.fill(
                "portal_title_partner",
                "{kit} for {partner}",
                &[kit_name, ("partner", &p.name)],
            ),
        ),
    };
    ctx.insert(
        "portal",
        &PortalView {
            slug: portal.slug(),
            kind,
            title,
            ended: ended_view(kit, portal),
        },
    );
    let tree = portal.tree(kit);
    let version = version_root(root, &tree);
    ctx.insert("root", root);
    ctx.insert("tree", &tree);
    ctx.insert("version_root", &version);
    ctx.insert("offline_copy", &offline_copy(&version));
    match (portal.audience, partner) {
        (Audience::Partner(p), Some(view)) => {
            let logo = logo_file(p)
                .map(|l| format!("{root}{l}"))
                .unwrap_or_default();
            ctx.insert(
                "partner",
                &PartnerView {
                    logo,
                    ..view.clone()
                },
            );
        }
        _ => ctx.insert("partner", &Value::none()),
    }
    ctx
}

/// The notice of a sunset partner's portal: when it ended, and who helps
/// now (the referral owner, else the partner's first contact).
fn ended_view(kit: &Kit, portal: Portal<'_>) -> Option<EndedView> {
    let Audience::Partner(p) = portal.audience else {
        return None;
    };
    if !p.is_sunset() {
        return None;
    }
    let contact = p
        .handoff(&kit.config)
        .owner
        .or_else(|| p.contacts.first().cloned())
        .unwrap_or_default();
    Some(EndedView {
        date: p.ended.map(crate::render::views::iso).unwrap_or_default(),
        contact_name: contact.name,
        contact_email: contact.email,
    })
}

/// The portal's offline zip, from a page whose version root is `root`: it
/// is in `latest/` only, so archived versions offer the newest copy.
fn offline_copy(root: &str) -> String {
    if root.ends_with("/latest/") {
        format!("{root}{}", super::OFFLINE_ZIP)
    } else {
        format!("{root}../latest/{}", super::OFFLINE_ZIP)
    }
}

/// Where the 404 page's links start: servers show it for any missing
/// path, so they must not be relative; root-relative (not absolute) so the
/// page works on any origin under a strict CSP. `base_url`'s path says
/// where the output folder is mounted.
pub(super) fn not_found_root(base_url: &str, portal_dir: &str) -> String {
    let mount = base_url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("")
        .trim_end_matches('/');
    format!("{mount}/{portal_dir}/latest/")
}

/// Start here, the collections shown, what's new, and the partner
/// directory (staff) or the partnership page (partners).
fn nav(
    kit: &Kit,
    portal: Portal<'_>,
    (shown, speech): (&[usize], &Speech),
    root: &str,
    active: &str,
) -> Vec<NavEntry> {
    let mut nav = vec![NavEntry {
        title: speech.say("nav_start_here", "Start here"),
        url: format!("{root}start-here/"),
        active: active == "start-here",
    }];
    nav.extend(
        shown
            .iter()
            .map(|&c| &kit.config.collections[c])
            .map(|c| NavEntry {
                title: c.title.clone(),
                url: format!("{root}{}/", c.dir),
                active: c.dir == active,
            }),
    );
    nav.push(NavEntry {
        title: speech.say("whats_new_title", "What's new"),
        url: format!("{root}whats-new/"),
        active: active == "whats-new",
    });
    let (title, dir) = match portal.audience {
        Audience::Internal => (speech.say("partners_title", "Partners"), "partners"),
        Audience::Partner(_) => (
            speech.say("partnership_title", "Your partnership"),
            "partnership",
        ),
    };
    nav.push(NavEntry {
        title,
        url: format!("{root}{dir}/"),
        active: active == dir,
    });
    if has_referral_page(kit, portal.audience) {
        nav.push(NavEntry {
            title: speech.say("refer_title", "Refer a deal"),
            url: format!("{root}refer/"),
            active: active == "refer",
        });
    }
    if let Some((dir, page)) = scorecard_page(kit, portal.audience) {
        let title = match page {
            Page::Portfolio => speech.say("portfolio_title", "Portfolio"),
            _ => speech.say("scorecard_title", "Your scorecard"),
        };
        nav.push(NavEntry {
            title,
            url: format!("{root}{dir}/"),
            active: active == dir,
        });
    }
    nav
}

impl Renderer<'_> {
    /// The way from a page one folder deep to the output folder (through
    /// the version, the portal's folder and `internal/` or `partners/`).
    pub(super) fn out_from_depth_one(&self) -> String {
        format!("{}../../", version_root(ROOTS[1], &self.tree))
    }

    /// The language switcher of a page at `path` (below its tree's root,
    /// which is `root` from the page): the same page in each language of
    /// the portal, every tree having the same pages.
    fn language_links(&self, root: &str, path: Option<&str>) -> Vec<LanguageLink> {
        let (Some(path), true) = (path, self.trees.len() > 1) else {
            return Vec::new();
        };
        let up = version_root(root, &self.tree);
        self.trees
            .iter()
            .map(|(lang, tree, name)| LanguageLink {
                lang: lang.to_string(),
                name: name.clone(),
                url: format!("{up}{tree}{path}"),
                current: *lang == self.portal.lang,
            })
            .collect()
    }

    /// Fill `spec`'s template with the shared variables of its depth, the
    /// nav, and what `extra` adds.
    pub(super) fn fill(
        &self,
        spec: Spec<'_>,
        extra: impl FnOnce(&mut Context),
    ) -> Result<String, RenderError> {
        let mut ctx = self.base[spec.depth].clone();
        let root = if spec.depth < ROOTS.len() {
            ROOTS[spec.depth]
        } else {
            ""
        };
        let root = self.base[spec.depth]
            .get("root")
            .and_then(|v| v.as_str())
            .unwrap_or(root)
            .to_string();
        ctx.insert(
            "nav",
            &nav(
                self.kit,
                self.portal,
                (&self.shown, &self.speech),
                &root,
                spec.active,
            ),
        );
        ctx.insert("page_kind", spec.page_kind);
        ctx.insert(
            "languages",
            &self.language_links(&root, spec.path.as_deref()),
        );
        extra(&mut ctx);
        self.theme
            .render(spec.template, &ctx)
            .map_err(|d| RenderError::Template(vec![*d]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_404_page_links_from_where_the_output_is_mounted() {
        assert_eq!(
            not_found_root("https://x.example/kits/", "partners/a"),
            "/kits/partners/a/latest/"
        );
        assert_eq!(
            not_found_root("https://x.example", "internal"),
            "/internal/latest/"
        );
        assert_eq!(not_found_root("", "internal"), "/internal/latest/");
    }

    #[test]
    fn a_language_tree_reaches_the_version_root() {
        assert_eq!(version_root("../", ""), "../");
        assert_eq!(version_root("", "fr/"), "../");
        assert_eq!(version_root("../../", "fr/"), "../../../");
        assert_eq!(
            version_root("/partners/a/latest/fr/", "fr/"),
            "/partners/a/latest/"
        );
    }
}
