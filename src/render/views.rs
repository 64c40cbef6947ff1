//! What templates see: serialisable view structs built from the model, never
//! the model itself. The field list is the contract in `docs/THEMES.md`.
//!
//! Views are built per portal and page depth because every URL carries the
//! page's `root` prefix (relative links keep pages version-independent).

use serde::Serialize;

use crate::markdown::{Rendered, TocEntry};
use crate::model::config::Collection;
use crate::model::content::{Item, Metric};
use crate::model::data::DataFile;
use crate::model::partners::{Contact, Partner};

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub name: &'a str,
    /// Whose product it is ("Lumora"), where the kit's name would read oddly.
    pub company: &'a str,
    pub tagline: &'a str,
    pub base_url: &'a str,
    /// Whether `offline.zip` is published beside the pages.
    pub offline_zip: bool,
    /// The favicon's URL from the version root, and its MIME type.
    pub favicon: &'static str,
    pub favicon_type: &'static str,
}

#[derive(Serialize)]
pub struct PortalView<'a> {
    pub slug: &'a str,
    pub kind: &'static str,
    pub title: String,
    /// A sunset partner's portal: the notice every page shows.
    pub ended: Option<EndedView>,
}

/// "This partnership has ended", and whom to ask.
#[derive(Serialize)]
pub struct EndedView {
    pub date: String,
    pub contact_name: String,
    pub contact_email: String,
}

#[derive(Serialize)]
pub struct NavEntry {
    pub title: String,
    pub url: String,
    pub active: bool,
}

/// One entry of the language switcher: the same page in another language.
#[derive(Serialize, Clone, Debug)]
pub struct LanguageLink {
    pub lang: String,
    /// The language's name in itself (`Français`), from its words.
    pub name: String,
    pub url: String,
    pub current: bool,
}

#[derive(Serialize, Clone)]
pub struct ItemCard<'a> {
    pub title: &'a str,
    pub url: String,
    pub summary: &'a str,
    pub collection: &'a str,
    pub collection_title: &'a str,
    /// What one item of the collection is called ("Case study"), for a
    /// card shown on its own.
    pub item_label: &'a str,
    pub kind: &'static str,
    pub tags: &'a [String],
    pub objection: &'a str,
    pub short_answer: &'a str,
    pub category: &'a str,
    pub customer: &'a str,
    pub industry: &'a str,
    /// The field list pages group this kind by (its `Spec::group_by`).
    #[serde(skip)]
    pub group: &'a str,
    pub review_by: String,
    pub stale: bool,
    pub internal: bool,
    /// `draft: true`, shown only in a preview (`--drafts`).
    pub draft: bool,
    /// A brief's issue date (YYYY-MM-DD), else empty.
    pub date: String,
    /// The same date as people read it ("30 November 2026").
    pub date_text: String,
    /// When the item last changed, unless unchanged since the portal's first version.
    pub changed: Option<Changed>,
    /// The language the item is written in, and its direction: for `lang`
    /// and `dir` where the page's own language differs.
    pub lang: &'a str,
    pub dir: &'static str,
    /// ` lang="…" dir="…"` for each element holding the item's own text
    /// where the page's language differs, else empty: theme words around
    /// that text stay in the page's language. (Tags are checked BCP 47.)
    pub lang_attr: String,
}

#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    pub version: String,
    pub added: bool,
}

fn text(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("")
}

impl<'a> ItemCard<'a> {
    pub fn new(
        item: &'a Item,
        collection: &'a Collection,
        root: &str,
        stale: bool,
        changed: Option<Changed>,
    ) -> Self {
        let f = &item.front;
        ItemCard {
            title: &item.title,
            url: format!("{root}{}", item.url()),
            summary: text(&f.summary),
            collection: &item.collection,
            collection_title: &collection.title,
            item_label: &collection.item_label,
            kind: item.kind.as_str(),
            tags: &f.tags,
            objection: text(&f.objection),
            short_answer: text(&f.short_answer),
            category: text(&f.category),
            customer: text(&f.customer),
            industry: text(&f.industry),
            group: item
                .kind
                .spec()
                .group_by
                .and_then(|key| f.text(key))
                .unwrap_or(""),
            review_by: item.review_by.map(|d| d.to_string()).unwrap_or_default(),
            stale,
            internal: item.visibility.internal,
            draft: item.front.draft,
            date: item.date.map(iso).unwrap_or_default(),
            // In the portal's language: the renderer fills it.
            date_text: String::new(),
            changed,
            lang: &item.lang,
            dir: crate::model::language::direction(&item.lang),
            lang_attr: String::new(),
        }
    }
}

#[derive(Serialize)]
pub struct ItemView<'a> {
    #[serde(flatten)]
    pub card: ItemCard<'a>,
    pub body_html: String,
    /// Headings of the sections this reader sees.
    pub toc: Vec<&'a TocEntry>,
    pub metrics: &'a [Metric],
    pub quote: &'a str,
    pub quote_author: &'a str,
    pub owner: &'a str,
    pub proof: Vec<ItemCard<'a>>,
    pub related: Vec<ItemCard<'a>>,
    /// A certification track's study path and knowledge check.
    pub track: Option<TrackView<'a>>,
    /// A brief's e-mail copy beside the page (`email.html`, `email.txt`),
    /// in partner portals with a `base_url`.
    pub email_copy: bool,
}

/// A track: what to study, in order, and the knowledge check the browser
/// grades (the answers are in the page: see the README on what a check in
/// the browser can prove).
#[derive(Serialize)]
pub struct TrackView<'a> {
    pub study: Vec<ItemCard<'a>>,
    pub questions: Vec<QuestionView<'a>>,
    /// `75`, `66.7`: the pass mark in percent as written.
    pub pass_percent: String,
    /// The version in which the track last changed: printed on the
    /// completion page as the version of the material.
    pub material_version: String,
    /// Where progress is kept in the browser (`<portal>/<collection>/<slug>`).
    pub key: String,
}

#[derive(Serialize)]
pub struct QuestionView<'a> {
    pub number: usize,
    pub question: &'a str,
    pub choices: Vec<&'a str>,
    pub answer: usize,
    pub explanation: &'a str,
}

impl<'a> TrackView<'a> {
    pub fn questions(item: &'a Item) -> Vec<QuestionView<'a>> {
        item.front
            .questions
            .iter()
            .enumerate()
            .map(|(n, q)| QuestionView {
                number: n + 1,
                question: &q.question,
                choices: q.choices.iter().map(String::as_str).collect(),
                answer: crate::model::knowledge::right_choice(q).unwrap_or(0),
                explanation: &q.explanation,
            })
            .collect()
    }
}

impl<'a> ItemView<'a> {
    /// `shows`: which of the body's sections the reader sees (the body
    /// is assembled already; the table of contents follows it).
    pub fn new(
        card: ItemCard<'a>,
        item: &'a Item,
        body_html: String,
        shows: impl Fn(usize) -> bool,
    ) -> Self {
        let f = &item.front;
        ItemView {
            card,
            body_html,
            toc: item.body.toc.iter().filter(|t| shows(t.section)).collect(),
            metrics: &f.metrics,
            quote: text(&f.quote),
            quote_author: text(&f.quote_author),
            owner: text(&f.owner),
            proof: Vec::new(),
            related: Vec::new(),
            track: None,
            email_copy: false,
        }
    }
}

#[derive(Serialize)]
pub struct CollectionView<'a> {
    pub dir: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub count: usize,
    pub items: Vec<ItemCard<'a>>,
    /// List pages of objection handlers (by category) and case studies (by
    /// industry): the same cards, grouped; empty elsewhere.
    pub groups: Vec<GroupView<'a>>,
    /// What `groups` are by: `"category"`, `"industry"` or `""`.
    pub grouped_by: &'static str,
}

#[derive(Serialize)]
pub struct GroupView<'a> {
    pub name: String,
    /// For anchors and filters.
    pub id: String,
    pub items: Vec<ItemCard<'a>>,
}

/// One step of the "Start here" path.
#[derive(Serialize)]
pub struct StepView<'a> {
    pub number: usize,
    /// Stable across versions, for the reader's checklist in the browser.
    pub key: String,
    pub title: &'a str,
    /// The item's URL (with root), or `""` for a partner's own step.
    pub url: String,
    pub learn: &'a str,
    pub summary: &'a str,
    pub body_html: String,
}

/// The what's-new page: this version against the portal's previous one.
#[derive(Serialize)]
pub struct ChangesView<'a> {
    pub version: &'a str,
    /// The previous version, or `""` for a portal's first release.
    pub since: &'a str,
    pub added: Vec<ItemCard<'a>>,
    pub updated: Vec<ItemCard<'a>>,
    pub removed: Vec<RemovedView<'a>>,
    /// The reader's scorecard, when this version brings it new figures.
    pub scorecard: Option<ScorecardNews<'a>>,
}

/// "Your scorecard: Q3 2026 is in".
#[derive(Serialize)]
pub struct ScorecardNews<'a> {
    pub title: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct RemovedView<'a> {
    pub title: &'a str,
    pub collection: &'a str,
}

#[derive(Serialize, Clone)]
pub struct PartnerView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub tier: &'a str,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub logo: String,
    /// The logo's intrinsic size (0 when unknown), for `width`/`height`.
    pub logo_width: u32,
    pub logo_height: u32,
    /// A wide logo (at least 2.5 times as wide as high) is taken to be a
    /// wordmark that shows the name, so the name is not repeated beside it.
    pub logo_is_wordmark: bool,
    pub welcome_html: String,
    pub contacts: &'a [Contact],
    pub single_contact: bool,
    /// The partner's own people.
    pub people: &'a [Contact],
    pub single_person: bool,
    pub rules_of_engagement_html: String,
    pub deal_registration_html: String,
    pub lead_sla_hours: Option<u32>,
    pub payout_html: String,
    pub portal_url: String,
    /// When a sunset partnership ended (`""` when not ended or not said).
    pub ended: String,
}

/// Markdown from a partner profile, its values filled for that partner.
/// Profiles hold prose, not links to pages, so no link resolves.
pub fn profile_markdown(src: &str, p: &Partner, data: &[DataFile]) -> String {
    if src.trim().is_empty() {
        return String::new();
    }
    let rendered: Rendered = crate::markdown::render_prose(src);
    rendered.assemble(
        |_| false,
        |_, _| false,
        |n, out| crate::render::values::own(&rendered.values[n].expr, p, data, out),
    )
}

impl<'a> PartnerView<'a> {
    /// `logo` is the logo's URL (with root) or empty.
    pub fn new(p: &'a Partner, data: &[DataFile], logo: String, portal_url: String) -> Self {
        PartnerView {
            slug: &p.slug,
            name: &p.name,
            tier: &p.tier,
            kind: &p.kind,
            logo,
            logo_width: p.logo_size.map_or(0, |s| s.0),
            logo_height: p.logo_size.map_or(0, |s| s.1),
            logo_is_wordmark: p
                .logo_size
                .is_some_and(|(w, h)| u64::from(w) * 2 >= u64::from(h) * 5),
            welcome_html: profile_markdown(&p.welcome, p, data),
            contacts: &p.contacts,
            single_contact: p.contacts.len() == 1,
            people: &p.people,
            single_person: p.people.len() == 1,
            rules_of_engagement_html: profile_markdown(&p.rules_of_engagement, p, data),
            deal_registration_html: profile_markdown(&p.deal_registration, p, data),
            lead_sla_hours: p.lead_sla_hours,
            payout_html: profile_markdown(&p.payout, p, data),
            portal_url,
            ended: p
                .ended
                .filter(|_| p.is_sunset())
                .map(crate::render::views::iso)
                .unwrap_or_default(),
        }
    }
}

/// A date as `YYYY-MM-DD`.
pub fn iso(d: time::Date) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    d.format(format).unwrap_or_default()
}
