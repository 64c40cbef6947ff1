//! Portals: which pages each audience gets, and filling the theme's
//! templates for them. Markdown was rendered once at load; here a page costs
//! a visibility-aware link pass, a template fill and a write.
//!
//! Output goes to a [`Sink`] with paths relative to the portal version's
//! root; this module knows nothing about staging or disks. It knows the
//! [`Release`] it renders (version, the portal's previous manifest) because
//! "what's new", change badges, the manifest and the feed depend on it.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use tera::{Context, Value};
use time::Date;

use crate::diagnostics::Diagnostic;
use crate::load::theme::Theme;
use crate::model::config::{Collection, StaffField};
use crate::model::content::Item;
use crate::model::kind::Kind;
use crate::model::kit::Kit;
use crate::model::partners::{Audience, Partner};
use crate::model::versions::{self, Entry, Manifest, PageFacts};
use crate::render::feed;
use crate::render::views::{
    Changed, ChangesView, CollectionView, GroupView, ItemCard, ItemView, NavEntry, PartnerView,
    PortalView, RemovedView, SiteView, StepView,
};

/// How many items the home page shows per collection.
const HOME_ITEMS: usize = 6;
/// How many related items an item page shows.
const RELATED: usize = 4;

/// One portal to build: the staff portal or one partner's.
#[derive(Debug, Clone, Copy)]
pub struct Portal<'k> {
    pub audience: Audience<'k>,
    /// Index into `kit.partners` for partner portals.
    pub partner: Option<usize>,
}

impl Portal<'_> {
    pub fn slug(&self) -> &str {
        match self.audience {
            Audience::Internal => "internal",
            Audience::Partner(p) => &p.slug,
        }
    }

    /// The portal's folder under `<out>`.
    pub fn dir(&self) -> String {
        match self.audience {
            Audience::Internal => "internal".to_string(),
            Audience::Partner(p) => format!("partners/{}", p.slug),
        }
    }
}

/// The portals to build: all of them, or those named (`internal` for staff).
pub fn select<'k>(kit: &'k Kit, only: &[String]) -> Result<Vec<Portal<'k>>, Box<Diagnostic>> {
    let mut all = vec![Portal {
        audience: Audience::Internal,
        partner: None,
    }];
    all.extend(kit.partners.iter().enumerate().map(|(i, p)| Portal {
        audience: Audience::Partner(p),
        partner: Some(i),
    }));
    if only.is_empty() {
        return Ok(all);
    }
    for name in only {
        if !all.iter().any(|p| p.slug() == name) {
            let names: Vec<&str> = all.iter().map(|p| p.slug()).collect();
            let d = Diagnostic::error("E0401", format!("no portal named `{name}`"));
            return Err(Box::new(match crate::yaml::did_you_mean(name, &names) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("portals: {}", names.join(", "))),
            }));
        }
    }
    all.retain(|p| only.iter().any(|o| o == p.slug()));
    Ok(all)
}

/// Where a portal's files go.
pub trait Sink: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()>;
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template errors")]
    Template(Vec<Diagnostic>),
    #[error("cannot write `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Computed once per build and shared by all portals.
pub struct Shared {
    /// Search indexes by the set of visible items: portals that see the same
    /// items (most partners of a tier) share one index, built once.
    search: std::sync::Mutex<HashMap<blake3::Hash, std::sync::Arc<String>>>,
    /// Every page's words, weighed once, on first need.
    terms: OnceLock<crate::render::search::Terms>,
    pub highlight_css: &'static str,
    pub today: Date,
    /// Tag → items carrying it, in item order.
    tags: HashMap<String, Vec<usize>>,
}

impl Shared {
    pub fn new(kit: &Kit, today: Date) -> Self {
        let mut tags: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, item) in kit.items.iter().enumerate() {
            for t in &item.front.tags {
                tags.entry(t.clone()).or_default().push(i);
            }
        }
        Shared {
            search: std::sync::Mutex::new(HashMap::new()),
            terms: OnceLock::new(),
            highlight_css: crate::markdown::highlight::stylesheet(),
            today,
            tags,
        }
    }
}

/// The version being rendered, as far as one portal is concerned.
pub struct Release<'a> {
    pub version: &'a str,
    /// This portal's manifest from the newest older version, if any.
    pub previous: Option<&'a Manifest>,
    /// Build time of every version of this portal, this one included.
    pub built: &'a BTreeMap<String, String>,
    /// This build's time (RFC 3339): the feed's `updated`, a documented stamp.
    pub now: &'a str,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
}

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
}

/// Which template renders a page, and how it sits in the portal.
struct Spec<'a> {
    template: &'a str,
    depth: usize,
    page_kind: &'a str,
    /// The nav entry to mark active.
    active: &'a str,
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
}

/// What a route produces: bytes, or a file to copy as it is.
pub enum Output<'k> {
    Bytes(Vec<u8>),
    File(&'k Path),
}

/// Renders the files of one portal version. `build` renders every route;
/// `serve` renders a route when a browser asks for it. Both go through
/// [`Renderer::produce`], so the dev server shows what a build writes.
pub struct Renderer<'k> {
    kit: &'k Kit,
    theme: &'k Theme,
    shared: &'k Shared,
    portal: Portal<'k>,
    release: &'k Release<'k>,
    visible: Vec<bool>,
    /// Collections with at least one item this portal shows: the others get
    /// no list page, menu entry, home section or search filter, since even
    /// a title can say what a partner is not shown.
    shown: Vec<usize>,
    /// Per item: its manifest entry in this version (visible items only),
    /// computed on first need: hashing every page is the one costly step.
    entries: OnceLock<Vec<Option<Entry>>>,
    first_version: String,
    /// Base template context per page depth (0, 1, 2); index 3 is the 404
    /// page, whose links must work from any URL.
    base: [Context; 4],
}

const ROOTS: [&str; 3] = ["", "../", "../../"];

/// Render one portal into `sink`.
pub fn render(
    kit: &Kit,
    theme: &Theme,
    shared: &Shared,
    portal: Portal<'_>,
    release: &Release<'_>,
    sink: &dyn Sink,
) -> Result<Stats, RenderError> {
    let renderer = Renderer::new(kit, theme, shared, portal, release);
    let routes = renderer.routes();
    let results: Vec<Result<(), RenderError>> = routes
        .par_iter()
        .map(|(rel, route)| match renderer.produce(route)? {
            Output::Bytes(bytes) => sink.write(rel, &bytes).map_err(io_err(rel)),
            Output::File(from) => sink.copy(rel, from).map_err(io_err(rel)),
        })
        .collect();
    let mut diagnostics = Vec::new();
    for r in results {
        match r {
            Ok(()) => {}
            Err(RenderError::Template(ds)) => diagnostics.extend(ds),
            Err(io) => return Err(io),
        }
    }
    if !diagnostics.is_empty() {
        return Err(RenderError::Template(diagnostics));
    }
    Ok(Stats {
        pages: routes
            .iter()
            .filter(|(_, r)| matches!(r, Route::Page(_)))
            .count(),
        files: routes.len(),
    })
}

/// An item's identity and a hash of what this portal's readers see of it:
/// its fields and its body as assembled here (a link that turns into text
/// changes the hash), not the theme, so a template change is no "update".
/// Whether `portal` shows an item's staff field: the internal portal
/// always, partner portals when the kit opted in.
fn shows(kit: &Kit, portal: Portal<'_>, field: StaffField) -> bool {
    matches!(portal.audience, Audience::Internal) || kit.config.partner_metadata.contains(&field)
}

fn page_facts(kit: &Kit, portal: Portal<'_>, item: &Item, visible: &[bool]) -> PageFacts {
    // Links hashed by their text alone: a link that turns into text
    // because its target was gated away (or moved) is no change to this
    // page, and no hidden page's URL goes into the hash.
    let body = item.body.assemble(|_| false, |_, _| false);
    let f = &item.front;
    let proof: Vec<&str> = item
        .proof
        .iter()
        .filter(|&&p| visible[p])
        .map(|&p| kit.items[p].slug.as_str())
        .collect();
    let fields = serde_json::json!([
        item.title,
        f.summary,
        f.tags,
        f.objection,
        f.short_answer,
        f.category,
        f.customer,
        f.industry,
        f.metrics,
        f.quote,
        f.quote_author,
        f.owner
            .as_ref()
            .filter(|_| shows(kit, portal, StaffField::Owner)),
        proof,
        body
    ]);
    PageFacts {
        key: format!("{}/{}", item.collection, item.slug),
        title: item.title.clone(),
        collection: item.collection.clone(),
        url: item.url(),
        hash: blake3::hash(fields.to_string().as_bytes())
            .to_hex()
            .to_string(),
    }
}

fn io_err(path: &str) -> impl FnOnce(std::io::Error) -> RenderError + '_ {
    move |source| RenderError::Io {
        path: path.to_string(),
        source,
    }
}

fn logo_file(p: &Partner) -> Option<String> {
    let ext = p.logo.as_ref()?.extension()?.to_str()?.to_ascii_lowercase();
    Some(format!("static/partners/{}.{ext}", p.slug))
}

/// The variables every page of a portal shares at one depth. `partner` is
/// the portal's partner view, rendered once; only its logo URL depends on
/// `root`.
/// Where the favicon is published and its type: the kit's own, or the
/// theme's `static/favicon.svg`.
fn favicon_route(kit: &Kit) -> (&'static str, &'static str) {
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

fn base_context(
    kit: &Kit,
    portal: Portal<'_>,
    partner: Option<&PartnerView>,
    root: &str,
) -> Context {
    let mut ctx = Context::new();
    let (favicon, favicon_type) = favicon_route(kit);
    ctx.insert(
        "site",
        &SiteView {
            name: &kit.config.name,
            company: &kit.config.company,
            tagline: &kit.config.tagline,
            base_url: &kit.config.base_url,
            offline_zip: kit.config.offline_zip,
            favicon,
            favicon_type,
        },
    );
    let (kind, title) = match portal.audience {
        Audience::Internal => ("internal", format!("{} (staff)", kit.config.name)),
        Audience::Partner(p) => ("partner", format!("{} for {}", kit.config.name, p.name)),
    };
    ctx.insert(
        "portal",
        &PortalView {
            slug: portal.slug(),
            kind,
            title,
        },
    );
    ctx.insert("root", root);
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

fn nav(kit: &Kit, portal: Portal<'_>, shown: &[usize], root: &str, active: &str) -> Vec<NavEntry> {
    let mut nav = vec![NavEntry {
        title: "Start here".to_string(),
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
        title: "What's new".to_string(),
        url: format!("{root}whats-new/"),
        active: active == "whats-new",
    });
    let (title, dir) = match portal.audience {
        Audience::Internal => ("Partners", "partners"),
        Audience::Partner(_) => ("Your partnership", "partnership"),
    };
    nav.push(NavEntry {
        title: title.to_string(),
        url: format!("{root}{dir}/"),
        active: active == dir,
    });
    nav
}

impl<'k> Renderer<'k> {
    pub fn new(
        kit: &'k Kit,
        theme: &'k Theme,
        shared: &'k Shared,
        portal: Portal<'k>,
        release: &'k Release<'k>,
    ) -> Self {
        let visible: Vec<bool> = kit
            .items
            .iter()
            .map(|i| portal.audience.can_see(&i.visibility, &kit.config))
            .collect();
        let shown = (0..kit.config.collections.len())
            .filter(|&c| {
                let dir = &kit.config.collections[c].dir;
                kit.items
                    .iter()
                    .zip(&visible)
                    .any(|(item, &v)| v && item.collection == *dir)
            })
            .collect();
        let first_version = release
            .previous
            .map_or_else(|| release.version.to_string(), |m| m.first_version.clone());
        // Servers show 404.html for any missing path, so its links must not
        // be relative; root-relative (not absolute) so the page works on
        // any origin under a strict CSP. `base_url`'s path says where the
        // output folder is mounted.
        let mount = kit
            .config
            .base_url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
            .unwrap_or("")
            .trim_end_matches('/');
        let abs_root = format!("{mount}/{}/latest/", portal.dir());
        // Profile markdown is rendered once per portal, not once per depth.
        let partner = match portal.audience {
            Audience::Partner(p) => Some(PartnerView::new(p, String::new(), String::new())),
            Audience::Internal => None,
        };
        let base = [
            base_context(kit, portal, partner.as_ref(), ROOTS[0]),
            base_context(kit, portal, partner.as_ref(), ROOTS[1]),
            base_context(kit, portal, partner.as_ref(), ROOTS[2]),
            base_context(kit, portal, partner.as_ref(), &abs_root),
        ];
        Renderer {
            kit,
            theme,
            shared,
            portal,
            release,
            visible,
            shown,
            entries: OnceLock::new(),
            first_version,
            base,
        }
    }

    fn entries(&self) -> &[Option<Entry>] {
        self.entries.get_or_init(|| {
            let facts: Vec<Option<PageFacts>> = self
                .kit
                .items
                .par_iter()
                .enumerate()
                .map(|(i, item)| {
                    self.visible[i].then(|| page_facts(self.kit, self.portal, item, &self.visible))
                })
                .collect();
            let mut stamped = versions::stamp(
                facts.iter().flatten().cloned().collect(),
                self.release.version,
                self.release.previous,
            )
            .into_iter();
            facts
                .iter()
                .map(|f| f.as_ref().and_then(|_| stamped.next()))
                .collect()
        })
    }

    /// Every file of this portal version, by path from the version root.
    pub fn routes(&self) -> Vec<(String, Route)> {
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
            ("search-index.js".to_string(), Route::SearchIndex),
        ];
        routes.extend(self.shown.iter().map(|&i| {
            let dir = &kit.config.collections[i].dir;
            (format!("{dir}/index.html"), Route::Page(Page::List(i)))
        }));
        routes.extend(
            kit.items
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
        routes.extend(
            self.theme
                .statics
                .iter()
                .enumerate()
                .map(|(i, (rel, _))| (format!("static/{rel}"), Route::ThemeStatic(i))),
        );
        routes.push(("static/highlight.css".to_string(), Route::HighlightCss));
        routes.push(("static/brand.css".to_string(), Route::BrandCss));
        let mut assets: Vec<&String> = kit
            .items
            .iter()
            .enumerate()
            .filter(|(i, _)| self.visible[*i])
            .flat_map(|(_, item)| &item.body.assets)
            .filter(|rel| kit.assets.contains_key(*rel))
            .collect();
        assets.sort();
        assets.dedup();
        routes.extend(
            assets
                .into_iter()
                .map(|rel| (rel.clone(), Route::Asset(rel.clone()))),
        );
        let logos: Vec<usize> = match self.portal.partner {
            None => (0..kit.partners.len()).collect(),
            Some(p) => vec![p],
        };
        for p in logos {
            if let Some(rel) = logo_file(&kit.partners[p]) {
                routes.push((rel, Route::Logo(p)));
            }
        }
        if kit.favicon.is_some() {
            routes.push((favicon_route(kit).0.to_string(), Route::Favicon));
        }
        routes.push(("manifest.json".to_string(), Route::Manifest));
        routes.push(("feed.xml".to_string(), Route::Feed));
        routes
    }

    /// Produce one route's file.
    pub fn produce(&self, route: &Route) -> Result<Output<'k>, RenderError> {
        let bytes = match route {
            Route::Page(page) => self.page(*page)?.into_bytes(),
            Route::ThemeStatic(i) => self.theme.statics[*i].1.clone(),
            Route::HighlightCss => self.shared.highlight_css.as_bytes().to_vec(),
            Route::BrandCss => brand_css(self.portal).into_bytes(),
            Route::Asset(rel) => match self.kit.assets.get(rel) {
                Some(path) => return Ok(Output::File(path)),
                None => Vec::new(),
            },
            Route::Logo(p) => match &self.kit.partners[*p].logo {
                Some(path) => return Ok(Output::File(path)),
                None => Vec::new(),
            },
            Route::Favicon => match &self.kit.favicon {
                Some(path) => return Ok(Output::File(path)),
                None => Vec::new(),
            },
            Route::Manifest => self.manifest().to_json(),
            Route::Feed => self.feed().into_bytes(),
            Route::SearchIndex => self.search_index().as_bytes().to_vec(),
        };
        Ok(Output::Bytes(bytes))
    }

    /// What to suggest typing in the search box: the kit's own words
    /// (`search_examples` in kit.yaml), else this portal's most used tags.
    fn search_examples(&self) -> Vec<String> {
        if !self.kit.config.search_examples.is_empty() {
            return self.kit.config.search_examples.clone();
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (item, _) in self
            .kit
            .items
            .iter()
            .zip(&self.visible)
            .filter(|(_, v)| **v)
        {
            for tag in &item.front.tags {
                *counts.entry(tag.as_str()).or_default() += 1;
            }
        }
        let mut tags: Vec<(&str, usize)> = counts.into_iter().collect();
        tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        tags.into_iter()
            .take(3)
            .map(|(t, _)| t.to_string())
            .collect()
    }

    fn collection(&self, item: &Item) -> &Collection {
        self.kit
            .config
            .collection(&item.collection)
            .expect("items only come from declared collections")
    }

    /// A card without its change badge, for proof and related boxes: an
    /// unchanged page must stay byte-identical when its neighbours change.
    fn quiet_card(&self, i: usize, depth: usize) -> ItemCard<'_> {
        ItemCard {
            changed: None,
            ..self.card(i, depth)
        }
    }

    fn card(&self, i: usize, depth: usize) -> ItemCard<'_> {
        let item = &self.kit.items[i];
        let stale = (matches!(self.portal.audience, Audience::Internal)
            || self.kit.config.review_notes_for_partners)
            && item.review_by.is_some_and(|d| d < self.shared.today);
        // A first release has no changes to badge: skip hashing for it.
        let changed = self
            .release
            .previous
            .and_then(|_| self.entries()[i].as_ref())
            .filter(|e| e.added || e.changed_in != self.first_version)
            .map(|e| Changed {
                version: e.changed_in.clone(),
                added: e.added,
            });
        let mut card = ItemCard::new(item, self.collection(item), ROOTS[depth], stale, changed);
        if !shows(self.kit, self.portal, StaffField::ReviewBy) {
            card.review_by = String::new();
        }
        card
    }

    fn fill(
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
            &nav(self.kit, self.portal, &self.shown, &root, spec.active),
        );
        ctx.insert("page_kind", spec.page_kind);
        extra(&mut ctx);
        self.theme
            .render(spec.template, &ctx)
            .map_err(|d| RenderError::Template(vec![*d]))
    }

    fn collection_view(&self, index: usize, depth: usize, limit: usize) -> CollectionView<'_> {
        self.collection_view_except(index, depth, limit, &[])
    }

    /// A collection's view whose cards leave out `shown` (already on the
    /// page); `count` still counts every item.
    fn collection_view_except(
        &self,
        index: usize,
        depth: usize,
        limit: usize,
        shown: &[usize],
    ) -> CollectionView<'_> {
        let c = &self.kit.config.collections[index];
        let members: Vec<usize> = (0..self.kit.items.len())
            .filter(|&i| self.visible[i] && self.kit.items[i].collection == c.dir)
            .collect();
        CollectionView {
            dir: &c.dir,
            title: &c.title,
            description: &c.description,
            url: format!("{}{}/", ROOTS[depth], c.dir),
            count: members.len(),
            items: members
                .iter()
                .filter(|i| !shown.contains(i))
                .take(limit)
                .map(|&i| self.card(i, depth))
                .collect(),
            groups: Vec::new(),
            grouped_by: "",
        }
    }

    /// Group a list page's cards by the field their kind names (objection
    /// handlers by category, case studies by industry), in order of first
    /// appearance ("Other" last).
    fn grouped(&self, mut view: CollectionView<'k>, kind: Kind) -> CollectionView<'k> {
        let Some(field) = kind.spec().group_by else {
            return view;
        };
        let mut groups: Vec<GroupView> = Vec::new();
        for card in &view.items {
            let name = match card.group.trim() {
                "" => "Other".to_string(),
                n => {
                    let mut chars = n.chars();
                    chars
                        .next()
                        .map(|f| f.to_uppercase().collect::<String>() + chars.as_str())
                        .unwrap_or_default()
                }
            };
            let id = format!("group-{}", crate::paths::slugify(&name));
            match groups.iter_mut().find(|g| g.id == id) {
                Some(g) => g.items.push(card.clone()),
                None => groups.push(GroupView {
                    name,
                    id,
                    items: vec![card.clone()],
                }),
            }
        }
        if let Some(other) = groups.iter().position(|g| g.id == "group-other") {
            let g = groups.remove(other);
            groups.push(g);
        }
        view.groups = groups;
        view.grouped_by = field;
        view
    }

    fn page(&self, page: Page) -> Result<String, RenderError> {
        match page {
            Page::Home => {
                let featured_items: Vec<usize> = match self.portal.partner {
                    Some(p) => self.kit.featured[p]
                        .iter()
                        .copied()
                        .filter(|&i| self.visible[i])
                        .collect(),
                    None => Vec::new(),
                };
                let featured: Vec<_> = featured_items.iter().map(|&i| self.card(i, 0)).collect();
                // Featured cards are not repeated in the sections below.
                let collections: Vec<_> = self
                    .shown
                    .iter()
                    .map(|&c| self.collection_view_except(c, 0, HOME_ITEMS, &featured_items))
                    .collect();
                let spec = Spec {
                    template: "home.html",
                    depth: 0,
                    page_kind: "home",
                    active: "",
                };
                self.fill(spec, |ctx| {
                    ctx.insert("collections", &collections);
                    ctx.insert("featured", &featured);
                })
            }
            Page::NotFound => {
                let spec = Spec {
                    template: "404.html",
                    depth: 3,
                    page_kind: "not_found",
                    active: "",
                };
                self.fill(spec, |_| {})
            }
            Page::WhatsNew => {
                let empty = Vec::new();
                let old = self.release.previous.map_or(&empty, |m| &m.pages);
                let new: Vec<Entry> = self.entries().iter().flatten().cloned().collect();
                let index: HashMap<&str, usize> = self
                    .kit
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (item.rel.as_str(), i))
                    .collect();
                let by_key: HashMap<String, usize> = self
                    .kit
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| self.visible[*i])
                    .map(|(i, item)| (format!("{}/{}", item.collection, item.slug), i))
                    .collect();
                let _ = index;
                let diff = versions::diff(old, &new);
                let cards = |list: &[&Entry]| -> Vec<ItemCard<'_>> {
                    list.iter()
                        .filter_map(|e| by_key.get(&e.key))
                        .map(|&i| self.card(i, 1))
                        .collect()
                };
                let view = ChangesView {
                    version: self.release.version,
                    since: self.release.previous.map_or("", |m| m.version.as_str()),
                    added: if self.release.previous.is_some() {
                        cards(&diff.added)
                    } else {
                        Vec::new()
                    },
                    updated: cards(&diff.updated),
                    removed: diff
                        .removed
                        .iter()
                        .map(|e| RemovedView {
                            title: &e.title,
                            collection: &e.collection,
                        })
                        .collect(),
                };
                let spec = Spec {
                    template: "whats-new.html",
                    depth: 1,
                    page_kind: "whats_new",
                    active: "whats-new",
                };
                self.fill(spec, |ctx| ctx.insert("changes", &view))
            }
            Page::List(c) => {
                let kind = self.kit.config.collections[c].kind;
                let view = self.grouped(self.collection_view(c, 1, usize::MAX), kind);
                let spec = Spec {
                    template: "list.html",
                    depth: 1,
                    page_kind: "list",
                    active: view.dir,
                };
                self.fill(spec, |ctx| ctx.insert("collection", &view))
            }
            Page::Item(i) => {
                let item = &self.kit.items[i];
                let body = item.body.assemble(
                    |t| self.visible[t],
                    |t, text| names_item(&self.kit.items[t], text),
                );
                let mut view = ItemView::new(self.card(i, 2), item, body);
                if !shows(self.kit, self.portal, StaffField::Owner) {
                    view.owner = "";
                }
                if item.kind.spec().shows_proof {
                    view.proof = item
                        .proof
                        .iter()
                        .filter(|&&p| self.visible[p])
                        .map(|&p| self.quiet_card(p, 2))
                        .collect();
                }
                view.related = self
                    .related(i)
                    .into_iter()
                    .map(|r| self.quiet_card(r, 2))
                    .collect();
                let collection = self.collection_view_header(item);
                let spec = Spec {
                    template: "item.html",
                    depth: 2,
                    page_kind: "item",
                    active: &item.collection,
                };
                self.fill(spec, |ctx| {
                    ctx.insert("item", &view);
                    ctx.insert("collection", &collection);
                })
            }
            Page::Partners => {
                let partners: Vec<PartnerView> = self
                    .kit
                    .partners
                    .iter()
                    .map(|p| {
                        let logo = logo_file(p).map(|l| format!("../{l}")).unwrap_or_default();
                        PartnerView::new(p, logo, format!("../../../partners/{}/", p.slug))
                    })
                    .collect();
                let spec = Spec {
                    template: "partners.html",
                    depth: 1,
                    page_kind: "partners",
                    active: "partners",
                };
                self.fill(spec, |ctx| ctx.insert("partners", &partners))
            }
            Page::StartHere => {
                let mut steps: Vec<StepView> = self
                    .kit
                    .start_here
                    .iter()
                    .filter(|(i, _)| self.visible[*i])
                    .map(|(i, learn)| {
                        let item = &self.kit.items[*i];
                        StepView {
                            number: 0,
                            key: format!("{}/{}", item.collection, item.slug),
                            title: &item.title,
                            url: format!("{}{}", ROOTS[1], item.url()),
                            learn,
                            summary: item.front.summary.as_deref().unwrap_or(""),
                            body_html: String::new(),
                        }
                    })
                    .collect();
                if let Audience::Partner(p) = self.portal.audience {
                    steps.extend(p.start_here.iter().enumerate().map(|(n, step)| StepView {
                        number: 0,
                        key: format!("partner/{n}-{}", crate::paths::slugify(&step.title)),
                        title: &step.title,
                        url: String::new(),
                        learn: &step.learn,
                        summary: "",
                        body_html: crate::render::views::profile_markdown(&step.body),
                    }));
                }
                for (n, step) in steps.iter_mut().enumerate() {
                    step.number = n + 1;
                }
                let spec = Spec {
                    template: "start-here.html",
                    depth: 1,
                    page_kind: "start_here",
                    active: "start-here",
                };
                self.fill(spec, |ctx| ctx.insert("steps", &steps))
            }
            Page::Search => {
                let collections: Vec<_> = self
                    .shown
                    .iter()
                    .map(|&c| self.collection_view(c, 1, 0))
                    .collect();
                let spec = Spec {
                    template: "search.html",
                    depth: 1,
                    page_kind: "search",
                    active: "",
                };
                let examples = self.search_examples();
                self.fill(spec, |ctx| {
                    ctx.insert("collections", &collections);
                    ctx.insert("search_examples", &examples);
                })
            }
            Page::Partnership => {
                let spec = Spec {
                    template: "partnership.html",
                    depth: 1,
                    page_kind: "partnership",
                    active: "partnership",
                };
                self.fill(spec, |_| {})
            }
        }
    }

    fn collection_view_header(&self, item: &Item) -> CollectionView<'_> {
        let c = self.collection(item);
        CollectionView {
            dir: &c.dir,
            title: &c.title,
            description: &c.description,
            url: format!("../../{}/", c.dir),
            count: 0,
            items: Vec::new(),
            groups: Vec::new(),
            grouped_by: "",
        }
    }

    /// Items sharing a tag, visible here: for each tag, the items that follow
    /// this one in the tag's list (wrapping), so neighbours differ per page
    /// and the cost stays bounded however large a tag grows.
    fn related(&self, i: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for tag in &self.kit.items[i].front.tags {
            let Some(list) = self.shared.tags.get(tag) else {
                continue;
            };
            let start = list.binary_search(&i).map_or(0, |p| p + 1);
            for &candidate in list.iter().cycle().skip(start).take(list.len().min(64)) {
                if out.len() >= RELATED {
                    return out;
                }
                if candidate != i && self.visible[candidate] && !out.contains(&candidate) {
                    out.push(candidate);
                }
            }
        }
        out
    }

    /// `search-index.js` for this portal, shared with every portal that
    /// sees exactly the same items.
    fn search_index(&self) -> std::sync::Arc<String> {
        let mut key = blake3::Hasher::new();
        for v in &self.visible {
            key.update(&[u8::from(*v)]);
        }
        let key = key.finalize();
        if let Some(hit) = self
            .shared
            .search
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return hit;
        }
        let terms = self
            .shared
            .terms
            .get_or_init(|| crate::render::search::Terms::new(self.kit));
        let json = std::sync::Arc::new(terms.index_json(self.kit, &self.visible));
        if let Ok(mut m) = self.shared.search.lock() {
            m.insert(key, std::sync::Arc::clone(&json));
        }
        json
    }

    /// `manifest.json`: only this portal's visible pages.
    fn manifest(&self) -> Manifest {
        Manifest {
            portal: self.portal.slug().to_string(),
            version: self.release.version.to_string(),
            first_version: self.first_version.clone(),
            pages: self.entries().iter().flatten().cloned().collect(),
        }
    }

    /// `feed.xml`: the Atom feed of this portal's changes.
    fn feed(&self) -> String {
        let pages: Vec<Entry> = self.entries().iter().flatten().cloned().collect();
        let title = match self.portal.audience {
            Audience::Internal => format!("{}: what changed", self.kit.config.name),
            Audience::Partner(p) => {
                format!("{} for {}: what changed", self.kit.config.name, p.name)
            }
        };
        let base = if self.kit.config.base_url.is_empty() {
            String::new()
        } else {
            format!(
                "{}/{}/",
                self.kit.config.base_url.trim_end_matches('/'),
                self.portal.dir()
            )
        };
        let removed = match self.release.previous {
            Some(old) => versions::diff(&old.pages, &pages).removed,
            None => Vec::new(),
        };
        let feed = feed::Feed {
            title: &title,
            author: &self.kit.config.name,
            base: &base,
            portal: self.portal.slug(),
            built: self.release.built,
            now: self.release.now,
            version: self.release.version,
            first_version: &self.first_version,
        };
        feed::atom_feed(&feed, &pages, &removed)
    }
}

/// Whether link text would name a hidden item (its title or slug).
/// Compared as slugs, so typographic punctuation ("’", "–") and case do not
/// hide a match.
fn names_item(item: &Item, text: &str) -> bool {
    let text = crate::paths::slugify(text);
    let title = crate::paths::slugify(&item.title);
    (!title.is_empty() && text.contains(&title)) || text.contains(&item.slug)
}

/// CSS variables for the portal's brand, with text colours computed for
/// contrast rather than trusted from the profile.
fn brand_css(portal: Portal<'_>) -> String {
    let colour = |v: &Option<String>| v.as_deref().and_then(crate::model::brand::parse_hex);
    let (primary, accent) = match portal.audience {
        Audience::Partner(p) => (colour(&p.colors.primary), colour(&p.colors.accent)),
        Audience::Internal => (None, None),
    };
    let primary = primary.unwrap_or(DEFAULT_PRIMARY);
    let accent = accent.unwrap_or(DEFAULT_ACCENT);
    crate::model::brand::Palette::new(primary, accent).css()
}

/// The default theme's own brand colours (style.css), for a partner that
/// sets only one of its two.
const DEFAULT_PRIMARY: crate::model::brand::Rgb = [0x3b, 0x3f, 0xd8];
const DEFAULT_ACCENT: crate::model::brand::Rgb = [0x0e, 0x9f, 0x8e];
