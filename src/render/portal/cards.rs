//! Items as this portal shows them in lists: cards (with review and change
//! badges as far as this audience may see them), collection views, groups
//! by the kind's field, and related items. Views only: filling templates
//! and choosing pages are elsewhere.

use super::context::ROOTS;
use super::{Renderer, shows};
use crate::model::config::{Collection, StaffField};
use crate::model::content::Item;
use crate::model::kind::Kind;
use crate::model::partners::Audience;
use crate::render::views::{Changed, CollectionView, GroupView, ItemCard};

/// How many related items an item page shows.
const RELATED: usize = 4;

impl<'k> Renderer<'k> {
    pub(super) fn collection(&self, item: &Item) -> &Collection {
        self.kit
            .config
            .collection(&item.collection)
            .expect("items only come from declared collections")
    }

    /// A card without its change badge, for proof and related boxes: an
    /// unchanged page must stay byte-identical when its neighbours change.
    pub(super) fn quiet_card(&self, i: usize, depth: usize) -> ItemCard<'_> {
        ItemCard {
            changed: None,
            ..self.card(i, depth)
        }
    }

    pub(super) fn card(&self, i: usize, depth: usize) -> ItemCard<'_> {
        let item = &self.items[i];
        let stale = (matches!(self.portal.audience, Audience::Internal)
            || self.kit.config.review_notes_for_partners)
            && item.review_by.is_some_and(|d| d < self.shared.today);
        // A first release has no changes to badge: skip hashing for it.
        let changed = self
            .previous
            .and_then(|_| self.entries()[i].as_ref())
            .filter(|e| e.added || e.changed_in != self.first_version)
            .map(|e| Changed {
                version: e.changed_in.clone(),
                added: e.added,
            });
        let mut card = ItemCard::new(item, self.collection(item), ROOTS[depth], stale, changed);
        if let Some(c) = self
            .kit
            .config
            .collections
            .iter()
            .position(|c| c.dir == item.collection)
        {
            card.item_label = &self.item_labels[c];
        }
        if item.lang != self.speech.lang {
            card.lang_attr = format!(" lang=\"{}\" dir=\"{}\"", item.lang, card.dir);
        }
        card.date_text = item
            .date
            .map(|d| self.speech.long_date(d))
            .unwrap_or_default();
        if !shows(self.kit, self.portal, StaffField::ReviewBy) {
            card.review_by = String::new();
        }
        card
    }

    pub(super) fn collection_view(
        &self,
        index: usize,
        depth: usize,
        limit: usize,
    ) -> CollectionView<'_> {
        self.collection_view_except(index, depth, limit, &[])
    }

    /// A collection's view whose cards leave out `shown` (already on the
    /// page); `count` still counts every item.
    pub(super) fn collection_view_except(
        &self,
        index: usize,
        depth: usize,
        limit: usize,
        shown: &[usize],
    ) -> CollectionView<'_> {
        let c = &self.kit.config.collections[index];
        let members: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.visible[i] && self.items[i].collection == c.dir)
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
    pub(super) fn grouped(&self, mut view: CollectionView<'k>, kind: Kind) -> CollectionView<'k> {
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

    /// The item's collection as an item page names it: title and link
    /// back, no cards.
    pub(super) fn collection_view_header(&self, item: &Item) -> CollectionView<'_> {
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
    pub(super) fn related(&self, i: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for tag in &self.items[i].front.tags {
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
}
