//! Portals: which pages each audience gets, and filling the theme's
//! templates for them. Markdown was rendered once at load; here a page costs
//! a visibility-aware link pass, a template fill and a write.
//!
//! Output goes to a [`Sink`] with paths relative to the portal version's
//! root; this module knows nothing about versions, staging or disks.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use tera::{Context, Value};
use time::Date;

use crate::config::{Collection, Kind};
use crate::content::Item;
use crate::diagnostics::Diagnostic;
use crate::kit::Kit;
use crate::partners::{Audience, Partner, parse_hex, readable_on};
use crate::theme::Theme;
use crate::views::{
    CollectionView, ItemCard, ItemView, NavEntry, PartnerView, PortalView, SiteView,
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
pub fn select<'k>(kit: &'k Kit, only: &[String]) -> Result<Vec<Portal<'k>>, Diagnostic> {
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
            return Err(match crate::yaml::did_you_mean(name, &names) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("portals: {}", names.join(", "))),
            });
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
    pub highlight_css: String,
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
            highlight_css: crate::highlight::stylesheet(),
            today,
            tags,
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
}

enum Page {
    Home,
    NotFound,
    List(usize),
    Item(usize),
    Partners,
    Partnership,
}

struct Ctx<'k> {
    kit: &'k Kit,
    theme: &'k Theme,
    shared: &'k Shared,
    portal: Portal<'k>,
    visible: Vec<bool>,
    /// Base template context per page depth (0, 1, 2).
    base: [Context; 3],
}

const ROOTS: [&str; 3] = ["", "../", "../../"];

/// Render one portal into `sink`.
pub fn render(
    kit: &Kit,
    theme: &Theme,
    shared: &Shared,
    portal: Portal<'_>,
    sink: &dyn Sink,
) -> Result<Stats, RenderError> {
    let visible: Vec<bool> = kit
        .items
        .iter()
        .map(|i| portal.audience.can_see(&i.visibility, &kit.config))
        .collect();
    let base = [0, 1, 2].map(|depth| base_context(kit, portal, depth));
    let cx = Ctx {
        kit,
        theme,
        shared,
        portal,
        visible,
        base,
    };

    let mut pages = vec![Page::Home, Page::NotFound];
    pages.extend((0..kit.config.collections.len()).map(Page::List));
    pages.extend(
        (0..kit.items.len())
            .filter(|&i| cx.visible[i])
            .map(Page::Item),
    );
    pages.push(match portal.audience {
        Audience::Internal => Page::Partners,
        Audience::Partner(_) => Page::Partnership,
    });

    let results: Vec<Result<(), RenderError>> =
        pages.par_iter().map(|p| cx.page(p, sink)).collect();
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
    let files = cx.statics(sink)?;
    Ok(Stats {
        pages: pages.len(),
        files: files + pages.len(),
    })
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

fn base_context(kit: &Kit, portal: Portal<'_>, depth: usize) -> Context {
    let root = ROOTS[depth];
    let mut ctx = Context::new();
    ctx.insert(
        "site",
        &SiteView {
            name: &kit.config.name,
            tagline: &kit.config.tagline,
            base_url: &kit.config.base_url,
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
    match portal.audience {
        Audience::Internal => ctx.insert("partner", &Value::none()),
        Audience::Partner(p) => {
            let logo = logo_file(p)
                .map(|l| format!("{root}{l}"))
                .unwrap_or_default();
            ctx.insert("partner", &PartnerView::new(p, logo, String::new()));
        }
    }
    ctx
}

fn nav(kit: &Kit, portal: Portal<'_>, depth: usize, active: &str) -> Vec<NavEntry> {
    let root = ROOTS[depth];
    let mut nav: Vec<NavEntry> = kit
        .config
        .collections
        .iter()
        .map(|c| NavEntry {
            title: c.title.clone(),
            url: format!("{root}{}/", c.dir),
            active: c.dir == active,
        })
        .collect();
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

impl Ctx<'_> {
    fn collection(&self, item: &Item) -> &Collection {
        self.kit
            .config
            .collection(&item.collection)
            .expect("items only come from declared collections")
    }

    fn card(&self, i: usize, depth: usize) -> ItemCard<'_> {
        let item = &self.kit.items[i];
        let stale = matches!(self.portal.audience, Audience::Internal)
            && item.review_by.is_some_and(|d| d < self.shared.today);
        ItemCard::new(item, self.collection(item), ROOTS[depth], stale)
    }

    fn fill(
        &self,
        template: &str,
        depth: usize,
        page_kind: &str,
        active: &str,
        rel: &str,
        extra: impl FnOnce(&mut Context),
        sink: &dyn Sink,
    ) -> Result<(), RenderError> {
        let mut ctx = self.base[depth].clone();
        ctx.insert("nav", &nav(self.kit, self.portal, depth, active));
        ctx.insert("page_kind", page_kind);
        extra(&mut ctx);
        let html = self
            .theme
            .render(template, &ctx)
            .map_err(|d| RenderError::Template(vec![d]))?;
        sink.write(rel, html.as_bytes()).map_err(io_err(rel))
    }

    fn collection_view(&self, index: usize, depth: usize, limit: usize) -> CollectionView<'_> {
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
                .take(limit)
                .map(|&i| self.card(i, depth))
                .collect(),
        }
    }

    fn page(&self, page: &Page, sink: &dyn Sink) -> Result<(), RenderError> {
        match *page {
            Page::Home => {
                let collections: Vec<_> = (0..self.kit.config.collections.len())
                    .map(|c| self.collection_view(c, 0, HOME_ITEMS))
                    .collect();
                let featured: Vec<_> = match self.portal.partner {
                    Some(p) => self.kit.featured[p]
                        .iter()
                        .filter(|&&i| self.visible[i])
                        .map(|&i| self.card(i, 0))
                        .collect(),
                    None => Vec::new(),
                };
                self.fill(
                    "home.html",
                    0,
                    "home",
                    "",
                    "index.html",
                    |ctx| {
                        ctx.insert("collections", &collections);
                        ctx.insert("featured", &featured);
                    },
                    sink,
                )
            }
            Page::NotFound => self.fill("404.html", 0, "not_found", "", "404.html", |_| {}, sink),
            Page::List(c) => {
                let view = self.collection_view(c, 1, usize::MAX);
                let rel = format!("{}/index.html", view.dir);
                self.fill(
                    "list.html",
                    1,
                    "list",
                    view.dir,
                    &rel,
                    |ctx| ctx.insert("collection", &view),
                    sink,
                )
            }
            Page::Item(i) => {
                let item = &self.kit.items[i];
                let body = item.body.assemble(
                    |t| self.visible[t],
                    |t, text| names_item(&self.kit.items[t], text),
                );
                let mut view = ItemView::new(self.card(i, 2), item, body);
                if item.kind == Kind::Objection {
                    view.proof = item
                        .proof
                        .iter()
                        .filter(|&&p| self.visible[p])
                        .map(|&p| self.card(p, 2))
                        .collect();
                }
                view.related = self
                    .related(i)
                    .into_iter()
                    .map(|r| self.card(r, 2))
                    .collect();
                let collection = self.collection_view_header(item);
                let rel = format!("{}/{}/index.html", item.collection, item.slug);
                self.fill(
                    "item.html",
                    2,
                    "item",
                    &item.collection,
                    &rel,
                    |ctx| {
                        ctx.insert("item", &view);
                        ctx.insert("collection", &collection);
                    },
                    sink,
                )
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
                self.fill(
                    "partners.html",
                    1,
                    "partners",
                    "partners",
                    "partners/index.html",
                    |ctx| ctx.insert("partners", &partners),
                    sink,
                )
            }
            Page::Partnership => self.fill(
                "partnership.html",
                1,
                "partnership",
                "partnership",
                "partnership/index.html",
                |_| {},
                sink,
            ),
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

    /// Theme statics, generated CSS, assets of visible pages, logos.
    fn statics(&self, sink: &dyn Sink) -> Result<usize, RenderError> {
        let mut count = 0;
        for (rel, bytes) in &self.theme.statics {
            let path = format!("static/{rel}");
            sink.write(&path, bytes).map_err(io_err(&path))?;
            count += 1;
        }
        sink.write("static/highlight.css", self.shared.highlight_css.as_bytes())
            .map_err(io_err("static/highlight.css"))?;
        sink.write("static/brand.css", brand_css(self.portal).as_bytes())
            .map_err(io_err("static/brand.css"))?;
        count += 2;
        let mut assets: Vec<&String> = self
            .kit
            .items
            .iter()
            .enumerate()
            .filter(|(i, _)| self.visible[*i])
            .flat_map(|(_, item)| &item.body.assets)
            .collect();
        assets.sort();
        assets.dedup();
        for rel in assets {
            if let Some(src) = self.kit.assets.get(rel) {
                sink.copy(rel, src).map_err(io_err(rel))?;
                count += 1;
            }
        }
        let logos: Vec<&Partner> = match self.portal.audience {
            Audience::Internal => self.kit.partners.iter().collect(),
            Audience::Partner(p) => vec![p],
        };
        for p in logos {
            if let (Some(rel), Some(src)) = (logo_file(p), &p.logo) {
                sink.copy(&rel, src).map_err(io_err(&rel))?;
                count += 1;
            }
        }
        Ok(count)
    }
}

/// Whether link text would name a hidden item (its title or slug).
fn names_item(item: &Item, text: &str) -> bool {
    let text = text.to_lowercase();
    text.contains(&item.title.to_lowercase()) || text.contains(&item.slug.to_lowercase())
}

/// CSS variables for the portal's brand, with text colours computed for
/// contrast rather than trusted from the profile.
fn brand_css(portal: Portal<'_>) -> String {
    let Audience::Partner(p) = portal.audience else {
        return "/* staff portal: the theme's default colours */\n".to_string();
    };
    let mut css = String::from(":root {\n");
    for (name, value) in [("primary", &p.colors.primary), ("accent", &p.colors.accent)] {
        if let Some(rgb) = value.as_deref().and_then(parse_hex) {
            let hex = format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
            css.push_str(&format!(
                "  --brand-{name}: {hex};\n  --brand-on-{name}: {};\n",
                readable_on(rgb)
            ));
        }
    }
    css.push_str("}\n");
    css
}
