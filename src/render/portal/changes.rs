//! What changed for this portal's readers since its previous version: each
//! visible page's manifest entry (a hash of what readers see of it), the
//! what's-new view, `manifest.json` and the Atom feed. It compares with
//! the previous manifest it is given; it never reads one from disk.

use std::collections::HashMap;

use super::context::Spec;
use super::{Portal, RenderError, Renderer, shows};
use crate::model::config::StaffField;
use crate::model::content::Item;
use crate::model::kit::Kit;
use crate::model::partners::Audience;
use crate::model::versions::{self, Ended, Entry, Manifest, PageFacts, Standing};
use crate::render::feed;
use crate::render::views::{ChangesView, ItemCard, RemovedView, ScorecardNews};
use crate::render::words::Speech;
use rayon::prelude::*;

/// An item's identity and a hash of what this portal's readers see of it:
/// its fields and its body as assembled here (a link that turns into text
/// changes the hash), not the theme, so a template change is no "update".
fn page_facts(kit: &Kit, portal: Portal<'_>, item: &Item, visible: &[bool]) -> PageFacts {
    // Links hashed by their text alone: a link that turns into text
    // because its target was gated away (or moved) is no change to this
    // page, and no hidden page's URL goes into the hash.
    let reader = portal.partner.map(|p| &kit.partners[p]);
    let body = item.body.assemble_sections(
        |_| false,
        |_, _| false,
        |n, out| crate::render::values::fill(kit, reader, &item.values[n], out),
        |n| portal.audience.can_see_section(item, n, &kit.config),
    );
    let f = &item.front;
    let proof: Vec<&str> = item
        .proof
        .iter()
        .filter(|&&p| visible[p])
        .map(|&p| kit.items[p].slug.as_str())
        .collect();
    let mut fields = serde_json::json!([
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
        f.study,
        f.questions,
        body
    ]);
    // Added only when set, so pages without a date keep their hashes.
    if let (Some(date), Some(list)) = (&f.date, fields.as_array_mut()) {
        list.push(serde_json::json!(date));
    }
    PageFacts {
        key: format!("{}/{}", item.collection, item.slug),
        title: item.title.clone(),
        collection: item.collection.clone(),
        url: item.url(),
        hash: blake3::hash(fields.to_string().as_bytes())
            .to_hex()
            .to_string(),
        gate: matches!(portal.audience, Audience::Internal).then(|| item.visibility.clone()),
    }
}

/// The scorecard's entry in a partner portal's manifest: hashed from the
/// partner's own figures and targets, titled with the latest period, so a
/// new period's rows announce "Your scorecard: Q3 2026" to that partner only.
fn scorecard_facts(kit: &Kit, portal: Portal<'_>, speech: &Speech) -> Option<PageFacts> {
    let partner = portal.partner?;
    kit.figures.as_ref()?;
    let facts = crate::render::scorecard::facts(kit, partner);
    Some(PageFacts {
        key: SCORECARD_KEY.to_string(),
        title: crate::render::scorecard::title(kit, partner, speech),
        collection: SCORECARD_KEY.to_string(),
        url: format!("{SCORECARD_KEY}/"),
        hash: blake3::hash(facts.as_bytes()).to_hex().to_string(),
        gate: None,
    })
}

/// The scorecard's manifest key: item keys are `collection/slug`, so a key
/// without a slash never meets one.
const SCORECARD_KEY: &str = "scorecard";

/// This version's manifest entries: per item (visible ones only), and the
/// partner's scorecard.
pub(super) struct Entries {
    items: Vec<Option<Entry>>,
    scorecard: Option<Entry>,
}

impl Renderer<'_> {
    /// Per item, its manifest entry in this version (visible items only).
    pub(super) fn entries(&self) -> &[Option<Entry>] {
        &self.all_entries().items
    }

    /// Every page's entry, items first, in manifest order.
    fn pages(&self) -> Vec<Entry> {
        let all = self.all_entries();
        all.items
            .iter()
            .flatten()
            .chain(&all.scorecard)
            .cloned()
            .collect()
    }

    fn all_entries(&self) -> &Entries {
        self.entries.get_or_init(|| {
            let facts: Vec<Option<PageFacts>> = self
                .items
                .par_iter()
                .enumerate()
                .map(|(i, item)| {
                    self.visible[i].then(|| page_facts(self.kit, self.portal, item, &self.visible))
                })
                .collect();
            let scorecard = scorecard_facts(self.kit, self.portal, &self.speech);
            let has_scorecard = scorecard.is_some();
            let mut stamped = versions::stamp(
                facts.iter().flatten().cloned().chain(scorecard).collect(),
                self.release.version,
                self.previous,
            )
            .into_iter();
            let items = facts
                .iter()
                .map(|f| f.as_ref().and_then(|_| stamped.next()))
                .collect();
            Entries {
                items,
                scorecard: stamped.next().filter(|_| has_scorecard),
            }
        })
    }

    /// The what's-new page: pages added, updated and removed since the
    /// previous version (a first version adds nothing: all is published).
    pub(super) fn whats_new(&self) -> Result<String, RenderError> {
        let empty = Vec::new();
        let old = self.previous.map_or(&empty, |m| &m.pages);
        let new = self.pages();
        let by_key: HashMap<String, usize> = self
            .items
            .iter()
            .enumerate()
            .filter(|(i, _)| self.visible[*i])
            .map(|(i, item)| (format!("{}/{}", item.collection, item.slug), i))
            .collect();
        let diff = versions::diff(old, &new);
        let cards = |list: &[&Entry]| -> Vec<ItemCard<'_>> {
            list.iter()
                .filter_map(|e| by_key.get(&e.key))
                .map(|&i| self.card(i, 1))
                .collect()
        };
        let view = ChangesView {
            version: self.release.version,
            since: self.previous.map_or("", |m| m.version.as_str()),
            added: if self.previous.is_some() {
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
            scorecard: diff
                .added
                .iter()
                .chain(&diff.updated)
                .find(|e| e.key == SCORECARD_KEY && self.previous.is_some())
                .map(|e| ScorecardNews {
                    title: &e.title,
                    url: format!("../{}", e.url),
                }),
        };
        let spec = Spec::new("whats-new.html", 1, "whats_new", "whats-new");
        self.fill(spec, |ctx| ctx.insert("changes", &view))
    }

    /// `manifest.json`: only this portal's visible pages.
    pub(super) fn manifest(&self) -> Manifest {
        Manifest {
            portal: self.portal.slug().to_string(),
            version: self.release.version.to_string(),
            first_version: self.first_version.clone(),
            pages: self.pages(),
            ended: match self.portal.audience {
                Audience::Partner(p) if p.is_sunset() => Some(Ended {
                    date: p.ended.map(crate::render::views::iso).unwrap_or_default(),
                    grace_days: p.grace_days,
                }),
                _ => None,
            },
            reader: match self.portal.audience {
                Audience::Partner(p) => Some(Standing {
                    tier: p.tier.clone(),
                    kind: p.kind.clone(),
                    stage: p.stage.clone(),
                }),
                Audience::Internal => None,
            },
        }
    }

    /// `feed.xml`: the Atom feed of this portal's changes.
    pub(super) fn feed(&self) -> String {
        let pages = self.pages();
        let kit_name = ("kit", self.kit.config.name.as_str());
        let title = match self.portal.audience {
            Audience::Internal => {
                self.speech
                    .fill("feed_title_staff", "{kit}: what changed", &[kit_name])
            }
            Audience::Partner(p) => self.speech.fill(
                "feed_title_partner",
                "{kit} for {partner}: what changed",
                &[kit_name, ("partner", &p.name)],
            ),
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
        let removed = match self.previous {
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
            tree: &self.tree,
            speech: &self.speech,
        };
        feed::atom_feed(&feed, &pages, &removed, &self.feed_contents())
    }
}
