//! The dev server's [`Cache`]: parsed and rendered content kept between
//! loads, and the two pipeline steps that use it (parse every page, render
//! every body), which also run without one. It decides only what may be
//! reused; the parsing and rendering themselves are the model's and
//! markdown's.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::files::read_text;
use crate::load::resolve::Index;
use crate::load::walk::{Page, Stamp};
use crate::markdown::{self, Rendered};
use crate::model::config::Config;
use crate::model::content::{self, Draft};

/// Parsed and rendered content kept between loads by the dev server. A file
/// whose size and modification time are unchanged is neither read nor
/// parsed again, and its markdown is not rendered again while every page it
/// links to still exists at the same URL.
#[derive(Default)]
pub struct Cache {
    inner: Mutex<CacheInner>,
    /// Files read and parsed since the cache was made.
    parses: AtomicUsize,
}

#[derive(Default)]
struct CacheInner {
    /// `kit.yaml`'s text: parsing depends on it, so a change clears the cache.
    config: String,
    files: HashMap<PathBuf, Cached>,
}

/// One page's parse: the draft and its warnings, or every error found.
pub type Parsed = Result<(Draft, Vec<Diagnostic>), Vec<Diagnostic>>;
/// A rendered body with the (rel, url) of every item it links to.
type PriorRender = (Arc<Rendered>, Vec<(String, String)>);

struct Cached {
    stamp: Stamp,
    parsed: Parsed,
    rendered: Option<PriorRender>,
}

impl Cache {
    /// How many content files were read and parsed since the cache was made.
    pub fn parses(&self) -> usize {
        self.parses.load(Ordering::Relaxed)
    }

    /// Note what `kit.yaml` now says; every file is parsed again after a change.
    pub fn config_is(&self, text: &str) {
        if let Ok(mut inner) = self.inner.lock()
            && inner.config != text
        {
            inner.config = text.to_string();
            inner.files.clear();
        }
    }
}

/// One load's use of the cache: the renders it may reuse, and what it
/// leaves for the next load.
pub struct Pass<'c> {
    cache: Option<&'c Cache>,
    /// Renders from the previous load, by page `rel`.
    prior: HashMap<String, PriorRender>,
    next: HashMap<PathBuf, Cached>,
}

/// Parse every page (in parallel), reusing the cache's parse of each file
/// whose stamp is unchanged.
pub fn parse<'c>(
    pages: &[Page],
    config: &Config,
    cache: Option<&'c Cache>,
) -> (Vec<Parsed>, Pass<'c>) {
    let mut previous: HashMap<PathBuf, Cached> = cache
        .and_then(|c| {
            c.inner
                .lock()
                .ok()
                .map(|mut i| std::mem::take(&mut i.files))
        })
        .unwrap_or_default();
    let reused: Vec<Option<Cached>> = pages
        .iter()
        .map(|p| previous.remove(&p.path).filter(|c| c.stamp == p.stamp))
        .collect();
    let results: Vec<(Parsed, Option<PriorRender>)> = pages
        .par_iter()
        .zip(reused)
        .map(|(page, cached)| match cached {
            Some(c) => (c.parsed, c.rendered),
            None => {
                if let Some(c) = cache {
                    c.parses.fetch_add(1, Ordering::Relaxed);
                }
                let parsed = read_text(&page.path)
                    .map_err(|d| vec![*d])
                    .and_then(|text| content::parse(&page.path, &page.rel, text, config));
                (parsed, None)
            }
        })
        .collect();
    let mut pass = Pass {
        cache,
        prior: HashMap::new(),
        next: HashMap::new(),
    };
    let mut parsed = Vec::with_capacity(pages.len());
    for (page, (result, rendered)) in pages.iter().zip(results) {
        if cache.is_some() {
            if let Some(rendered) = rendered {
                pass.prior.insert(page.rel.clone(), rendered);
            }
            pass.next.insert(
                page.path.clone(),
                Cached {
                    stamp: page.stamp,
                    parsed: result.clone(),
                    rendered: None,
                },
            );
        }
        parsed.push(result);
    }
    (parsed, pass)
}

impl Pass<'_> {
    /// Render every draft's body (in parallel), reusing the previous
    /// load's render where it is still right.
    pub fn render(&self, drafts: &[Draft], index: &Index<'_>) -> Vec<Arc<Rendered>> {
        drafts
            .par_iter()
            .map(|d| {
                reuse_render(self.prior.get(&d.rel), index)
                    .unwrap_or_else(|| Arc::new(markdown::render(d.body(), &d.rel, index)))
            })
            .collect()
    }

    /// Leave this load's parses and renders in the cache for the next load.
    pub fn keep(mut self, drafts: &[Draft], bodies: &[Arc<Rendered>], index: &Index<'_>) {
        let Some(cache) = self.cache else {
            return;
        };
        for (d, body) in drafts.iter().zip(bodies) {
            if let Some(entry) = self.next.get_mut(&d.path) {
                let targets = body
                    .links
                    .iter()
                    .map(|l| {
                        (
                            drafts[l.target].rel.clone(),
                            index.url(l.target).to_string(),
                        )
                    })
                    .collect();
                entry.rendered = Some((Arc::clone(body), targets));
            }
        }
        if let Ok(mut inner) = cache.inner.lock() {
            inner.files = self.next;
        }
    }
}

/// A previous render is still right when it had no broken links and every
/// page it links to exists at the same URL (only item numbers may change).
fn reuse_render(prior: Option<&PriorRender>, index: &Index<'_>) -> Option<Arc<Rendered>> {
    let (rendered, targets) = prior?;
    if !rendered.broken.is_empty() || !rendered.assets.iter().all(|a| index.has_asset(&a.path)) {
        return None;
    }
    let mut renumber = HashMap::new();
    for (link, (rel, url)) in rendered.links.iter().zip(targets) {
        let now = index.position(rel)?;
        if index.url(now) != url {
            return None;
        }
        renumber.insert(link.target, now);
    }
    // Shared as it is unless items were renumbered (an edit that re-sorted).
    if renumber.iter().all(|(old, new)| old == new) {
        return Some(Arc::clone(rendered));
    }
    let mut body = Rendered::clone(rendered);
    body.remap_targets(|old| renumber.get(&old).copied().unwrap_or(old));
    Some(Arc::new(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    fn draft(rel: &str, front: &str) -> Draft {
        let config = Config::parse(Path::new("kit.yaml"), "name: K\n").unwrap().0;
        let text = format!("---\n{front}\n---\nSee [b](b.md).\n");
        content::parse(Path::new(rel), rel, text, &config)
            .unwrap()
            .0
    }

    /// `a` rendered while it was item 0 and `b` item 1.
    fn prior() -> PriorRender {
        let (drafts, assets) = (vec![draft(A.0, A.1), draft(B.0, B.1)], BTreeMap::new());
        let index = Index::new(&drafts, &assets);
        let body = Arc::new(markdown::render(drafts[0].body(), &drafts[0].rel, &index));
        (
            body,
            vec![("one-pagers/b.md".into(), "one-pagers/b/".into())],
        )
    }

    /// The prior render of `a` reused in a kit of `pages` (rel, front matter).
    fn reuse_in(prior: &PriorRender, pages: &[(&str, &str)]) -> Option<Arc<Rendered>> {
        let drafts: Vec<Draft> = pages.iter().map(|(rel, front)| draft(rel, front)).collect();
        reuse_render(Some(prior), &Index::new(&drafts, &BTreeMap::new()))
    }

    const A: (&str, &str) = ("one-pagers/a.md", "title: A");
    const B: (&str, &str) = ("one-pagers/b.md", "title: B");

    #[test]
    fn unchanged_targets_share_the_render() {
        let prior = prior();
        let reused = reuse_in(&prior, &[A, B]).unwrap();
        assert!(Arc::ptr_eq(&reused, &prior.0));
    }

    #[test]
    fn a_resort_renumbers_the_links() {
        let prior = prior();
        let reused = reuse_in(&prior, &[B, A]).unwrap();
        assert!(!Arc::ptr_eq(&reused, &prior.0));
        assert_eq!(reused.links[0].target, 0);
    }

    #[test]
    fn a_moved_target_renders_again() {
        let prior = prior();
        assert!(reuse_in(&prior, &[A, ("one-pagers/b.md", "title: B\nslug: c")]).is_none());
        assert!(reuse_in(&prior, &[A]).is_none());
    }
}
