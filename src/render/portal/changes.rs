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
use crate::model::versions::{self, Entry, Manifest, PageFacts};
use crate::render::feed;
use crate::render::views::{ChangesView, ItemCard, RemovedView};
use rayon::prelude::*;

/// An item's identity and a hash of what this portal's readers see of it:
/// its fields and its body as assembled here (a link that turns into text
/// changes the hash), not the theme, so a template change is no "update".
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

impl Renderer<'_> {
    /// Per item, its manifest entry in this version (visible items only).
    pub(super) fn entries(&self) -> &[Option<Entry>] {
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

    /// The what's-new page: pages added, updated and removed since the
    /// previous version (a first version adds nothing: all is published).
    pub(super) fn whats_new(&self) -> Result<String, RenderError> {
        let empty = Vec::new();
        let old = self.release.previous.map_or(&empty, |m| &m.pages);
        let new: Vec<Entry> = self.entries().iter().flatten().cloned().collect();
        let by_key: HashMap<String, usize> = self
            .kit
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
        let spec = Spec::new("whats-new.html", 1, "whats_new", "whats-new");
        self.fill(spec, |ctx| ctx.insert("changes", &view))
    }

    /// `manifest.json`: only this portal's visible pages.
    pub(super) fn manifest(&self) -> Manifest {
        Manifest {
            portal: self.portal.slug().to_string(),
            version: self.release.version.to_string(),
            first_version: self.first_version.clone(),
            pages: self.entries().iter().flatten().cloned().collect(),
        }
    }

    /// `feed.xml`: the Atom feed of this portal's changes.
    pub(super) fn feed(&self) -> String {
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
