//! Portals: which pages each audience gets, and filling the theme's
//! templates for them. Markdown was rendered once at load; here a page costs
//! a visibility-aware link pass, a template fill and a write.
//!
//! Output goes to a [`Sink`] with paths relative to the portal version's
//! root; this module knows nothing about staging or disks. It knows the
//! [`Release`] it renders (version, the portal's previous manifest) because
//! "what's new", change badges, the manifest and the feed depend on it.
//!
//! Here: the portal, its [`Renderer`] and [`Renderer::produce`]. Which
//! files exist is in `routes`, the frame every page shares in `context`,
//! cards and collection views in `cards`, the pages in `pages`, and what
//! changed (manifest, feed, what's new) in `changes`.

mod briefs;
mod cards;
mod changes;
mod context;
mod pages;
mod routes;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use tera::Context;
use time::Date;

use crate::diagnostics::Diagnostic;
use crate::load::theme::Theme;
use crate::model::config::StaffField;
use crate::model::kit::Kit;
use crate::model::partners::Audience;
use crate::model::versions::Manifest;
use crate::render::views::PartnerView;
use crate::render::words::Speech;
use context::{ROOTS, base_context, not_found_root};
pub use routes::{OFFLINE_ZIP, Page, Route};

/// One portal to build: the staff portal or one partner's, in one of the
/// languages it is read in.
#[derive(Debug, Clone, Copy)]
pub struct Portal<'k> {
    pub audience: Audience<'k>,
    /// Index into `kit.partners` for partner portals.
    pub partner: Option<usize>,
    /// The language this tree of the portal speaks (see [`Portal::tree`]).
    pub lang: &'k str,
}

impl<'k> Portal<'k> {
    pub fn slug(&self) -> &str {
        match self.audience {
            Audience::Internal => "internal",
            Audience::Partner(p) => &p.slug,
        }
    }

    /// The languages the portal is read in, the one at its root first: a
    /// partner's own, else (and for staff) every language of the kit.
    pub fn languages(&self, kit: &'k Kit) -> &'k [String] {
        match self.audience {
            Audience::Partner(p) if !p.languages.is_empty() => &p.languages,
            _ => &kit.config.languages,
        }
    }

    /// This portal in each of its languages, the root's first.
    pub fn in_languages(self, kit: &'k Kit) -> Vec<Portal<'k>> {
        self.languages(kit)
            .iter()
            .map(|lang| Portal {
                lang: lang.as_str(),
                ..self
            })
            .collect()
    }

    /// Where this language's tree sits in a portal version: the first
    /// language at the root (so a page's URL stays what it always was),
    /// every other in a folder named for it (`fr/`).
    pub fn tree(&self, kit: &Kit) -> String {
        match self.languages(kit).first().is_some_and(|l| l != self.lang) {
            true => format!("{}/", self.lang),
            false => String::new(),
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
    let staff = Portal {
        audience: Audience::Internal,
        partner: None,
        lang: kit.config.default_language(),
    };
    let mut all = vec![staff];
    all.extend(kit.partners.iter().enumerate().map(|(i, p)| {
        let partner = Portal {
            audience: Audience::Partner(p),
            partner: Some(i),
            ..staff
        };
        Portal {
            lang: partner
                .languages(kit)
                .first()
                .map_or(staff.lang, String::as_str),
            ..partner
        }
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
    search: std::sync::Mutex<HashMap<blake3::Hash, std::sync::Arc<Files>>>,
    /// Every page's words per language, weighed once, on first need.
    terms: HashMap<String, OnceLock<crate::render::search::Terms>>,
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
            terms: kit
                .config
                .languages
                .iter()
                .map(|l| (l.clone(), OnceLock::new()))
                .collect(),
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
    /// The same version's manifests of the portal's other language trees,
    /// by tree (`fr/`); a tree new in this version compares with `previous`.
    pub previous_trees: &'a BTreeMap<String, Manifest>,
    /// Build time of every version of this portal, this one included.
    pub built: &'a BTreeMap<String, String>,
    /// This build's time (RFC 3339): the feed's `updated`, a documented stamp.
    pub now: &'a str,
}

/// No other language trees: for a release without a previous version's.
pub static NO_TREES: BTreeMap<String, Manifest> = BTreeMap::new();

#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
}

/// What a route produces: bytes, a file to copy as it is, or several
/// files (the search index), by path from the version root.
pub enum Output<'k> {
    Bytes(Vec<u8>),
    File(&'k Path),
    Files(std::sync::Arc<Files>),
}

/// Files by path from the version root.
pub type Files = Vec<(String, Vec<u8>)>;

/// The route of a file that [`Renderer::routes`] does not list by name:
/// one inside a folder a single route produces whole.
pub fn folder_route(rel: &str) -> Option<Route> {
    rel.starts_with(crate::render::search::files::CHUNKS)
        .then_some(Route::SearchIndex)
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
    entries: OnceLock<changes::Entries>,
    first_version: String,
    /// Base template context per page depth (0, 1, 2); index 3
    /// ([`context::NOT_FOUND_DEPTH`]) is the 404 page, whose links must
    /// work from any URL.
    base: [Context; 4],
    /// The portal's language and the theme's words in it.
    speech: Speech,
    /// The items in the portal's language (see [`Kit::items_in`]).
    items: &'k [crate::model::content::Item],
    /// This language's folder in the version (`fr/`), or "" at its root.
    tree: String,
    /// Every language of the portal with its tree and its name in
    /// itself, for the switcher.
    trees: Vec<(&'k str, String, String)>,
    /// This tree's manifest in the previous version.
    previous: Option<&'k Manifest>,
    /// Per collection (kit.yaml order), what one item is called here: the
    /// theme's word for its kind in this language, unless kit.yaml names it.
    item_labels: Vec<String>,
}

/// See [`Renderer::item_labels`].
fn item_labels(kit: &Kit, speech: &Speech) -> Vec<String> {
    kit.config
        .collections
        .iter()
        .map(|c| match c.item_named {
            true => c.item_label.clone(),
            false => {
                let key = format!("item_kind_{}", c.kind.as_str().replace('-', "_"));
                speech.say(&key, &c.item_label)
            }
        })
        .collect()
}

/// The base contexts of every depth (see [`Renderer::base`]).
fn bases(kit: &Kit, portal: Portal<'_>, speech: &Speech) -> [Context; 4] {
    let abs_root = not_found_root(&kit.config.base_url, &portal.dir()) + &portal.tree(kit);
    // Profile markdown is rendered once per portal, not once per depth.
    let partner = match portal.audience {
        Audience::Partner(p) => Some(PartnerView::new(p, &kit.data, String::new(), String::new())),
        Audience::Internal => None,
    };
    let base = |root: &str| base_context(kit, portal, partner.as_ref(), root, speech);
    [
        base(ROOTS[0]),
        base(ROOTS[1]),
        base(ROOTS[2]),
        base(&abs_root),
    ]
}

/// The manifest one portal version would carry, without rendering a page:
/// what `enablekit diff --working` compares with a published version.
pub fn manifest(
    kit: &Kit,
    theme: &Theme,
    shared: &Shared,
    portal: Portal<'_>,
    release: &Release<'_>,
) -> Manifest {
    Renderer::new(kit, theme, shared, portal, release).manifest()
}

/// A sink that puts everything into one folder of another: a language's
/// tree of a portal version.
struct Tree<'s> {
    inner: &'s dyn Sink,
    prefix: &'s str,
}

impl Sink for Tree<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write(&format!("{}{rel}", self.prefix), bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        self.inner.copy(&format!("{}{rel}", self.prefix), from)
    }
}

/// Render one portal, in each of its languages, into `sink`.
pub fn render(
    kit: &Kit,
    theme: &Theme,
    shared: &Shared,
    portal: Portal<'_>,
    release: &Release<'_>,
    sink: &dyn Sink,
) -> Result<Stats, RenderError> {
    let mut stats = Stats::default();
    for tree in portal.in_languages(kit) {
        let prefix = tree.tree(kit);
        let one = render_tree(
            kit,
            theme,
            shared,
            tree,
            release,
            &Tree {
                inner: sink,
                prefix: &prefix,
            },
        )?;
        stats.pages += one.pages;
        stats.files += one.files;
    }
    Ok(stats)
}

/// Render one language's tree of a portal into `sink`.
fn render_tree(
    kit: &Kit,
    theme: &Theme,
    shared: &Shared,
    portal: Portal<'_>,
    release: &Release<'_>,
    sink: &dyn Sink,
) -> Result<Stats, RenderError> {
    let renderer = Renderer::new(kit, theme, shared, portal, release);
    let routes = renderer.routes();
    let results: Vec<Result<usize, RenderError>> = routes
        .par_iter()
        .map(|(rel, route)| match renderer.produce(route)? {
            Output::Bytes(bytes) => sink.write(rel, &bytes).map_err(io_err(rel)).map(|()| 1),
            Output::File(from) => sink.copy(rel, from).map_err(io_err(rel)).map(|()| 1),
            Output::Files(files) => {
                for (rel, bytes) in files.iter() {
                    sink.write(rel, bytes).map_err(io_err(rel))?;
                }
                Ok(files.len())
            }
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut files = 0;
    for r in results {
        match r {
            Ok(n) => files += n,
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
        files,
    })
}

/// Whether `portal` shows an item's staff field: the internal portal
/// always, partner portals when the kit opted in.
fn shows(kit: &Kit, portal: Portal<'_>, field: StaffField) -> bool {
    matches!(portal.audience, Audience::Internal) || kit.config.partner_metadata.contains(&field)
}

fn io_err(path: &str) -> impl FnOnce(std::io::Error) -> RenderError + '_ {
    move |source| RenderError::Io {
        path: path.to_string(),
        source,
    }
}

/// Collections with at least one item visible here.
fn shown_collections(kit: &Kit, visible: &[bool]) -> Vec<usize> {
    (0..kit.config.collections.len())
        .filter(|&c| {
            let dir = &kit.config.collections[c].dir;
            kit.items
                .iter()
                .zip(visible)
                .any(|(item, &v)| v && item.collection == *dir)
        })
        .collect()
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
        let shown = shown_collections(kit, &visible);
        let tree = portal.tree(kit);
        let previous = release.previous_trees.get(&tree).or(release.previous);
        let first_version =
            previous.map_or_else(|| release.version.to_string(), |m| m.first_version.clone());
        let speech = Speech::new(portal.lang, theme.words(portal.lang));
        let trees = portal
            .in_languages(kit)
            .into_iter()
            .map(|p| {
                let name = theme.words(p.lang).get("language_name").cloned();
                (
                    p.lang,
                    p.tree(kit),
                    name.unwrap_or_else(|| p.lang.to_string()),
                )
            })
            .collect();
        let base = bases(kit, portal, &speech);
        let item_labels = item_labels(kit, &speech);
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
            speech,
            items: kit.items_in(portal.lang),
            tree,
            trees,
            previous,
            item_labels,
        }
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
            Route::SearchIndex => return Ok(Output::Files(self.search_index())),
            Route::Email(i, part) => self.email(*i, *part)?.into_bytes(),
            Route::Strings => self.speech.script().into_bytes(),
        };
        Ok(Output::Bytes(bytes))
    }

    /// This portal's search index, shared with every portal that sees
    /// exactly the same items in the same language. A language's index
    /// holds only the pages written in it: an original standing in for a
    /// missing translation is searched in its own language's tree.
    fn search_index(&self) -> std::sync::Arc<Files> {
        let lang = self.portal.lang;
        let visible: Vec<bool> = self
            .items
            .iter()
            .zip(&self.visible)
            .map(|(item, &v)| v && item.lang == lang)
            .collect();
        let mut key = blake3::Hasher::new();
        key.update(lang.as_bytes());
        for v in &visible {
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
        let terms = match self.shared.terms.get(lang) {
            Some(once) => {
                once.get_or_init(|| crate::render::search::Terms::new(self.kit, self.items, lang))
            }
            None => &crate::render::search::Terms::new(self.kit, self.items, lang),
        };
        let files = std::sync::Arc::new(terms.index_files(self.kit, self.items, &visible));
        if let Ok(mut m) = self.shared.search.lock() {
            m.insert(key, std::sync::Arc::clone(&files));
        }
        files
    }
}

/// CSS variables for the portal's brand, with text colours computed for
/// contrast rather than trusted from the profile.
fn brand_css(portal: Portal<'_>) -> String {
    palette(portal).css()
}

/// The portal's colours: the partner's, or the theme's own for staff.
fn palette(portal: Portal<'_>) -> crate::model::brand::Palette {
    let colour = |v: &Option<String>| v.as_deref().and_then(crate::model::brand::parse_hex);
    let (primary, accent) = match portal.audience {
        Audience::Partner(p) => (colour(&p.colors.primary), colour(&p.colors.accent)),
        Audience::Internal => (None, None),
    };
    let primary = primary.unwrap_or(DEFAULT_PRIMARY);
    let accent = accent.unwrap_or(DEFAULT_ACCENT);
    crate::model::brand::Palette::new(primary, accent)
}

/// The default theme's own brand colours (style.css), for a partner that
/// sets only one of its two.
const DEFAULT_PRIMARY: crate::model::brand::Rgb = [0x3b, 0x3f, 0xd8];
const DEFAULT_ACCENT: crate::model::brand::Rgb = [0x0e, 0x9f, 0x8e];
