//! Which files one portal version has and at which paths: its pages (only
//! those of items and collections it shows), the theme's files, the kit
//! files its pages use, logos, favicon, manifest and feed. It names files;
//! producing their bytes is [`Renderer::produce`]'s business.

use super::{Portal, Renderer};
use crate::model::kind::Kind;
use crate::model::kit::Kit;
use crate::model::partners::{Audience, Partner};

/// The portal's offline copy, which publishing writes into `latest/` only
/// (every version's pages link to it there).
pub const OFFLINE_ZIP: &str = "offline.zip";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    NotFound,
    WhatsNew,
    StartHere,
    Search,
    List(usize),
    Item(usize),
    Partners,
    Partnership,
    /// A partner's own scorecard.
    Scorecard,
    /// The staff portfolio of every partner's figures.
    Portfolio,
    /// "Refer a deal": the partner's referral handoff.
    Refer,
}

/// The two files of an e-mail copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailPart {
    Html,
    Text,
}

impl EmailPart {
    pub fn file(self) -> &'static str {
        match self {
            EmailPart::Html => "email.html",
            EmailPart::Text => "email.txt",
        }
    }
}

/// The portal's root as an absolute URL, when the kit has a `base_url`.
pub(super) fn portal_url(base_url: &str, portal: Portal<'_>, tree: &str) -> Option<url::Url> {
    if base_url.is_empty() {
        return None;
    }
    let root = format!(
        "{}/{}/latest/{tree}",
        base_url.trim_end_matches('/'),
        portal.dir()
    );
    url::Url::parse(&root).ok()
}

/// One file of a portal version, before it is produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Page(Page),
    /// A file of the theme's `static/`, by index in `Theme::statics`.
    ThemeStatic(usize),
    HighlightCss,
    BrandCss,
    /// A file under `content/`, by its path relative to it.
    Asset(String),
    /// A partner's logo, by index in `kit.partners`.
    Logo(usize),
    /// kit.yaml's `favicon`.
    Favicon,
    Manifest,
    Feed,
    SearchIndex,
    /// A brief's e-mail copy (item number), as HTML or text.
    Email(usize, EmailPart),
    /// `static/strings.js`: the browser script's words in the portal's language.
    Strings,
}

/// A partner portal has a "Refer a deal" page when kit.yaml or its profile
/// describes the handoff.
pub(super) fn has_referral_page(kit: &Kit, audience: Audience<'_>) -> bool {
    match audience {
        Audience::Partner(p) => {
            kit.config.handoff != Default::default() || p.handoff != Default::default()
        }
        Audience::Internal => false,
    }
}

/// The portal's scorecard page and its folder, when the kit keeps a
/// scorecard: a partner's own, or the staff portfolio.
pub(super) fn scorecard_page(kit: &Kit, audience: Audience<'_>) -> Option<(&'static str, Page)> {
    kit.figures.as_ref()?;
    Some(match audience {
        Audience::Internal => ("portfolio", Page::Portfolio),
        Audience::Partner(_) => ("scorecard", Page::Scorecard),
    })
}

/// Where a partner's logo is published, if it has one.
pub(super) fn logo_file(p: &Partner) -> Option<String> {
    let ext = p.logo.as_ref()?.extension()?.to_str()?.to_ascii_lowercase();
    Some(format!("static/partners/{}.{ext}", p.slug))
}

/// Where the favicon is published and its type: the kit's own, or the
/// theme's `static/favicon.svg`.
pub(super) fn favicon_route(kit: &Kit) -> (&'static str, &'static str) {
    let ext = kit
        .favicon
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("png") => ("static/kit-favicon.png", "image/png"),
        Some("ico") => ("static/kit-favicon.ico", "image/x-icon"),
        Some(_) => ("static/kit-favicon.svg", "image/svg+xml"),
        None => ("static/favicon.svg", "image/svg+xml"),
    }
}

impl Renderer<'_> {
    /// The briefs this portal shows, when it has an absolute URL to link
    /// them from (their e-mail copies and feed text need one).
    pub(super) fn briefs_online(&self) -> Option<(url::Url, Vec<usize>)> {
        let portal = portal_url(&self.kit.config.base_url, self.portal, &self.tree)?;
        let briefs = (0..self.items.len())
            .filter(|&i| self.visible[i] && self.items[i].kind == Kind::Brief)
            .collect();
        Some((portal, briefs))
    }

    /// The briefs with an e-mail copy here: partner portals only (staff
    /// send it, partners receive it).
    pub(super) fn emailed_briefs(&self) -> Vec<usize> {
        match self.portal.audience {
            Audience::Internal => Vec::new(),
            Audience::Partner(_) => self.briefs_online().map(|(_, b)| b).unwrap_or_default(),
        }
    }

    /// Every file of this portal version, by path from the version root.
    pub fn routes(&self) -> Vec<(String, Route)> {
        let mut routes = self.page_routes();
        routes.extend(
            self.theme
                .statics
                .iter()
                .enumerate()
                .map(|(i, (rel, _))| (format!("static/{rel}"), Route::ThemeStatic(i))),
        );
        routes.push(("static/highlight.css".to_string(), Route::HighlightCss));
        routes.push(("static/strings.js".to_string(), Route::Strings));
        routes.push(("static/brand.css".to_string(), Route::BrandCss));
        routes.extend(self.asset_routes());
        routes.extend(self.logo_routes());
        if self.kit.favicon.is_some() {
            routes.push((favicon_route(self.kit).0.to_string(), Route::Favicon));
        }
        routes.push(("manifest.json".to_string(), Route::Manifest));
        routes.push(("feed.xml".to_string(), Route::Feed));
        routes
    }

    /// The portal's pages, and the search index its search page loads.
    fn page_routes(&self) -> Vec<(String, Route)> {
        let kit = self.kit;
        let mut routes = vec![
            ("index.html".to_string(), Route::Page(Page::Home)),
            ("404.html".to_string(), Route::Page(Page::NotFound)),
            (
                "whats-new/index.html".to_string(),
                Route::Page(Page::WhatsNew),
            ),
            (
                "start-here/index.html".to_string(),
                Route::Page(Page::StartHere),
            ),
            ("search/index.html".to_string(), Route::Page(Page::Search)),
            (
                crate::render::search::files::ENTRY.to_string(),
                Route::SearchIndex,
            ),
        ];
        routes.extend(self.shown.iter().map(|&i| {
            let dir = &kit.config.collections[i].dir;
            (format!("{dir}/index.html"), Route::Page(Page::List(i)))
        }));
        routes.extend(
            self.items
                .iter()
                .enumerate()
                .filter(|(i, _)| self.visible[*i])
                .map(|(i, item)| {
                    (
                        format!("{}/{}/index.html", item.collection, item.slug),
                        Route::Page(Page::Item(i)),
                    )
                }),
        );
        routes.push(match self.portal.audience {
            Audience::Internal => (
                "partners/index.html".to_string(),
                Route::Page(Page::Partners),
            ),
            Audience::Partner(_) => (
                "partnership/index.html".to_string(),
                Route::Page(Page::Partnership),
            ),
        });
        if has_referral_page(kit, self.portal.audience) {
            routes.push(("refer/index.html".to_string(), Route::Page(Page::Refer)));
        }
        if let Some((dir, page)) = scorecard_page(kit, self.portal.audience) {
            routes.push((format!("{dir}/index.html"), Route::Page(page)));
        }
        for i in self.emailed_briefs() {
            for part in [EmailPart::Html, EmailPart::Text] {
                let url = self.items[i].url();
                routes.push((format!("{url}{}", part.file()), Route::Email(i, part)));
            }
        }
        routes
    }

    /// The kit files that the pages shown here use, each once, in path
    /// order: a hidden page's (or hidden section's) images are not published.
    fn asset_routes(&self) -> Vec<(String, Route)> {
        let kit = self.kit;
        let audience = self.portal.audience;
        let mut assets: Vec<&String> = self
            .items
            .iter()
            .enumerate()
            .filter(|(i, _)| self.visible[*i])
            .flat_map(|(_, item)| {
                item.body
                    .assets
                    .iter()
                    .filter(|a| audience.can_see_section(item, a.section, &kit.config))
            })
            .map(|a| &a.path)
            .filter(|rel| kit.assets.contains_key(*rel))
            .collect();
        assets.sort();
        assets.dedup();
        assets
            .into_iter()
            .map(|rel| (rel.clone(), Route::Asset(rel.clone())))
            .collect()
    }

    /// Every partner's logo for the staff portal (its partner directory),
    /// a partner portal's own logo only.
    fn logo_routes(&self) -> Vec<(String, Route)> {
        let logos: Vec<usize> = match self.portal.partner {
            None => (0..self.kit.partners.len()).collect(),
            Some(p) => vec![p],
        };
        logos
            .into_iter()
            .filter_map(|p| logo_file(&self.kit.partners[p]).map(|rel| (rel, Route::Logo(p))))
            .collect()
    }
}
