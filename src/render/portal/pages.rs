//! One function per kind of page: home, collection list, item, start
//! here, search, the partner directory (staff), the partnership page
//! (partners) and 404; what's new is with the other changes. Each gathers
//! its views and fills its template; which pages exist is `routes`'s
//! business.

use std::collections::BTreeMap;

use super::context::{NOT_FOUND_DEPTH, ROOTS, Spec};
use super::routes::{Page, logo_file};
use super::{RenderError, Renderer, shows};
use crate::model::config::StaffField;
use crate::model::kit::Kit;
use crate::model::partners::Audience;
use crate::render::views::{ItemView, PartnerView, StepView};

/// How many items the home page shows per collection.
const HOME_ITEMS: usize = 6;

impl Renderer<'_> {
    pub(super) fn page(&self, page: Page) -> Result<String, RenderError> {
        match page {
            Page::Home => self.home(),
            Page::NotFound => {
                let spec = Spec::new("404.html", NOT_FOUND_DEPTH, "not_found", "");
                self.fill(spec, |_| {})
            }
            Page::WhatsNew => self.whats_new(),
            Page::List(c) => self.list(c),
            Page::Item(i) => self.item(i),
            Page::Partners => self.partners(),
            Page::StartHere => self.start_here(),
            Page::Search => self.search(),
            Page::Partnership => self.partnership(),
            Page::Scorecard => self.scorecard(),
            Page::Portfolio => self.portfolio(),
            Page::Refer => self.refer(),
        }
    }

    /// The partnership page: the profile (in every page's `partner`) and
    /// where the partnership stands.
    fn partnership(&self) -> Result<String, RenderError> {
        let kit = self.kit;
        let standing = self.portal.partner.map(|p| {
            crate::render::standing::StandingView::new(&kit.partners[p], &kit.config, &kit.data)
        });
        let spec = Spec::new("partnership.html", 1, "partnership", "partnership");
        self.fill(spec, |ctx| ctx.insert("standing", &standing))
    }

    /// "Refer a deal": the steps, the SLA and contacts, the rules, a ready
    /// e-mail and a printable checklist, from the partner's handoff.
    fn refer(&self) -> Result<String, RenderError> {
        let kit = self.kit;
        let view = self
            .portal
            .partner
            .map(|p| crate::render::refer::ReferView::new(&kit.partners[p], &kit.config));
        let spec = Spec::new("refer.html", 1, "refer", "refer");
        self.fill(spec, |ctx| ctx.insert("refer", &view))
    }

    /// The partner's own scorecard: its rows and its tiers' targets only.
    fn scorecard(&self) -> Result<String, RenderError> {
        let kit = self.kit;
        let view = match (&kit.config.scorecard, &kit.figures, self.portal.partner) {
            (Some(sc), Some(figures), Some(p)) => Some(crate::render::scorecard::view(
                kit,
                (sc, figures),
                p,
                &self.speech,
            )),
            _ => None,
        };
        let spec = Spec::new("scorecard.html", 1, "scorecard", "scorecard");
        self.fill(spec, |ctx| ctx.insert("scorecard", &view))
    }

    /// The staff portfolio: every partner's latest figures.
    fn portfolio(&self) -> Result<String, RenderError> {
        let kit = self.kit;
        let view = match (&kit.config.scorecard, &kit.figures, self.portal.audience) {
            (Some(sc), Some(figures), Audience::Internal) => Some(crate::render::portfolio::view(
                kit,
                (sc, figures),
                &self.out_from_depth_one(),
                &self.speech,
            )),
            _ => None,
        };
        let spec = Spec::new("portfolio.html", 1, "portfolio", "portfolio");
        self.fill(spec, |ctx| ctx.insert("portfolio", &view))
    }

    /// The partner's featured items first, then the first items of each
    /// collection shown.
    fn home(&self) -> Result<String, RenderError> {
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
        let spec = Spec::new("home.html", 0, "home", "");
        self.fill(spec, |ctx| {
            ctx.insert("collections", &collections);
            ctx.insert("featured", &featured);
        })
    }

    /// Every item of collection `c` shown here, grouped as its kind says.
    fn list(&self, c: usize) -> Result<String, RenderError> {
        let kind = self.kit.config.collections[c].kind;
        let view = self.grouped(self.collection_view(c, 1, usize::MAX), kind);
        let spec = Spec::new("list.html", 1, "list", view.dir);
        self.fill(spec, |ctx| ctx.insert("collection", &view))
    }

    fn item(&self, i: usize) -> Result<String, RenderError> {
        let item = &self.items[i];
        let view = self.item_view(i);
        let collection = self.collection_view_header(item);
        let spec = Spec::new("item.html", 2, "item", &item.collection).at(item.url());
        self.fill(spec, |ctx| {
            ctx.insert("item", &view);
            ctx.insert("collection", &collection);
        })
    }

    /// An item as this portal may show it: links to pages it cannot see
    /// turned into text, staff fields as the kit allows, proof (for kinds
    /// that have it) and related items among those it shows.
    fn item_view(&self, i: usize) -> ItemView<'_> {
        let item = &self.items[i];
        let in_view = |n| {
            self.portal
                .audience
                .can_see_section(item, n, &self.kit.config)
        };
        let mut view = ItemView::new(self.card(i, 2), item, self.body(i), in_view);
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
        view.track = self.track(i);
        view.email_copy =
            item.kind == crate::model::kind::Kind::Brief && self.emailed_briefs().contains(&i);
        view
    }

    /// Item `i`'s body as this portal shows it: links to pages it sees,
    /// values filled for its reader, the sections it may see.
    pub(super) fn body(&self, i: usize) -> String {
        let item = &self.items[i];
        let reader = self.portal.partner.map(|p| &self.kit.partners[p]);
        item.body.assemble_sections(
            |t| self.visible[t],
            |t, text| names_item(self.kit, t, text),
            |n, out| crate::render::values::fill(self.kit, reader, &item.values[n], out),
            |n| {
                self.portal
                    .audience
                    .can_see_section(item, n, &self.kit.config)
            },
        )
    }

    /// Item `i`'s study path and knowledge check, when it has questions.
    fn track(&self, i: usize) -> Option<crate::render::views::TrackView<'_>> {
        let item = &self.items[i];
        if item.front.questions.is_empty() {
            return None;
        }
        let pass_percent = item
            .front
            .pass_mark
            .as_ref()
            .and_then(|m| m.percent())
            .unwrap_or(crate::model::knowledge::DEFAULT_PASS_PERCENT)
            .to_string();
        let material_version = self.entries()[i]
            .as_ref()
            .map(|e| e.changed_in.clone())
            .unwrap_or_default();
        Some(crate::render::views::TrackView {
            study: item
                .study
                .iter()
                .filter(|&&s| self.visible[s])
                .map(|&s| self.quiet_card(s, 2))
                .collect(),
            questions: crate::render::views::TrackView::questions(item),
            pass_percent,
            material_version,
            key: format!("{}/{}/{}", self.portal.slug(), item.collection, item.slug),
        })
    }

    /// The staff portal's directory of partners, each linking to its
    /// portal; partnerships that ended are listed apart.
    fn partners(&self) -> Result<String, RenderError> {
        let kit = self.kit;
        let out = self.out_from_depth_one();
        let view = |p| {
            let logo = logo_file(p).map(|l| format!("../{l}")).unwrap_or_default();
            PartnerView::new(p, &kit.data, logo, format!("{out}partners/{}/", p.slug))
        };
        let (ended, current): (Vec<&crate::model::partners::Partner>, Vec<_>) =
            kit.partners.iter().partition(|p| p.is_sunset());
        let partners: Vec<PartnerView> = current.into_iter().map(view).collect();
        let ended: Vec<PartnerView> = ended.into_iter().map(view).collect();
        let spec = Spec::new("partners.html", 1, "partners", "partners");
        self.fill(spec, |ctx| {
            ctx.insert("partners", &partners);
            ctx.insert("ended_partners", &ended);
        })
    }

    fn start_here(&self) -> Result<String, RenderError> {
        let steps = self.start_here_steps();
        let spec = Spec::new("start-here.html", 1, "start_here", "start-here");
        self.fill(spec, |ctx| ctx.insert("steps", &steps))
    }

    /// The kit's steps this portal can see, then the partner's own, numbered
    /// from 1.
    fn start_here_steps(&self) -> Vec<StepView<'_>> {
        let mut steps: Vec<StepView> = self
            .kit
            .start_here
            .iter()
            .filter(|(i, _)| self.visible[*i])
            .map(|(i, learn)| {
                let item = &self.items[*i];
                StepView {
                    number: 0,
                    key: format!("{}/{}", item.collection, item.slug),
                    title: &item.title,
                    url: format!("{}{}", ROOTS[1], item.url()),
                    learn: learn.in_language(self.portal.lang, self.kit.config.default_language()),
                    summary: item.front.summary.as_deref().unwrap_or(""),
                    body_html: String::new(),
                }
            })
            .collect();
        if let Audience::Partner(p) = self.portal.audience {
            let data = &self.kit.data;
            steps.extend(p.start_here.iter().enumerate().map(|(n, step)| StepView {
                number: 0,
                key: format!("partner/{n}-{}", crate::paths::slugify(&step.title)),
                title: &step.title,
                url: String::new(),
                learn: &step.learn,
                summary: "",
                body_html: crate::render::views::profile_markdown(&step.body, p, data),
            }));
        }
        for (n, step) in steps.iter_mut().enumerate() {
            step.number = n + 1;
        }
        steps
    }

    fn search(&self) -> Result<String, RenderError> {
        let collections: Vec<_> = self
            .shown
            .iter()
            .map(|&c| self.collection_view(c, 1, 0))
            .collect();
        let spec = Spec::new("search.html", 1, "search", "").at("search/".to_string());
        let examples = self.search_examples();
        self.fill(spec, |ctx| {
            ctx.insert("collections", &collections);
            ctx.insert("search_examples", &examples);
        })
    }

    /// What to suggest typing in the search box: the kit's own words
    /// (`search_examples` in kit.yaml), else this portal's most used tags.
    fn search_examples(&self) -> Vec<String> {
        if !self.kit.config.search_examples.is_empty() {
            return self.kit.config.search_examples.clone();
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (item, _) in self.items.iter().zip(&self.visible).filter(|(_, v)| **v) {
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
}

/// Whether link text would name hidden item `t` (its title in any
/// language, or its slug): a translation's link may quote the original's
/// title, and the other way round. Compared as slugs, so typographic
/// punctuation ("’", "–") and case do not hide a match.
fn names_item(kit: &Kit, t: usize, text: &str) -> bool {
    let text = crate::paths::slugify(text);
    let mut each = std::iter::once(&kit.items[t]).chain(kit.translations.values().map(|v| &v[t]));
    each.any(|item| {
        let title = crate::paths::slugify(&item.title);
        (!title.is_empty() && text.contains(&title)) || text.contains(&item.slug)
    })
}
