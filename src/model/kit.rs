//! The loaded kit as every later stage sees it: one immutable value, built
//! by `load` and shared (read-only, across threads) by rendering and
//! publishing. Nothing here reads files or knows about portals.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::model::config::Config;
use crate::model::content::Item;
use crate::model::data::DataFile;
use crate::model::partners::Partner;
use crate::model::scorecard::figures::Figures;

#[derive(Debug)]
pub struct Kit {
    pub root: PathBuf,
    pub config: Config,
    /// Sorted by collection (kit.yaml order), then weight, then title.
    pub items: Vec<Item>,
    /// Sorted by slug.
    pub partners: Vec<Partner>,
    /// For each partner (same order), its `featured` items, resolved.
    pub featured: Vec<Vec<usize>>,
    /// `kit.yaml`'s "Start here" path, resolved: (item, what the reader learns).
    pub start_here: Vec<(usize, crate::model::config::Said)>,
    /// Files under `content/` that are not markdown, by path relative to it.
    pub assets: BTreeMap<String, PathBuf>,
    /// kit.yaml's `favicon`, resolved inside the kit.
    pub favicon: Option<PathBuf>,
    /// `data/`'s files, by name.
    pub data: Vec<DataFile>,
    /// The scorecard's figures, when kit.yaml declares a scorecard.
    pub figures: Option<Figures>,
    /// Per language other than the default: every item in kit order, its
    /// translation where there is one, else the original (whose `lang`
    /// says so), so item numbers mean the same page in every language.
    pub translations: BTreeMap<String, Vec<Item>>,
}

impl Kit {
    /// The items as a portal speaking `lang` shows them.
    pub fn items_in(&self, lang: &str) -> &[Item] {
        self.translations
            .get(lang)
            .map_or(&self.items, Vec::as_slice)
    }
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Kit>();
};
