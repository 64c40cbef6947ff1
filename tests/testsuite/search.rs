//! The search index of a large portal: a small entry and bounded chunks
//! that together hold exactly the words of the portal's pages, found by
//! the same prefix rule the browser uses, and mostly unchanged (the same
//! files) after a one-page edit.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::common::KitTest;
use crate::versions::inode;

const PAGES: usize = 1200;

/// A made-up word per number: many distinct words, as real kits have.
fn word(n: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "zor", "pel", "dun", "gra", "hos", "bri",
        "qua", "fen",
    ];
    let mut out = String::new();
    let mut n = n + 17;
    while n > 0 {
        out.push_str(SYLLABLES[n % 16]);
        n /= 16;
    }
    out
}

fn page(i: usize) -> String {
    let body: Vec<String> = (0..60)
        .map(|k| word((i * 7919 + k * 104_729) % 40_000))
        .collect();
    format!(
        "---\ntitle: \"Note {i}\"\nsummary: \"Summary of note {i}\"\n---\n\n{}\n",
        body.join(" ")
    )
}

fn large_kit() -> KitTest {
    let kit = KitTest::fixture("small");
    kit.edit("kit.yaml", |s| format!("{s}offline_zip: false\n"));
    for i in 0..PAGES {
        kit.write(&format!("content/one-pagers/note-{i}.md"), page(i));
    }
    kit
}

/// The JSON a script of the index assigns: the entry's
/// `window.enablekitSearchIndex=…;`, a chunk's `(…)["name"]=…;`.
fn assigned(text: &str) -> Value {
    let (_, json) = match text.starts_with('(') {
        true => text.split_once("\"]=").unwrap(),
        false => text.split_once('=').unwrap(),
    };
    serde_json::from_str(json.trim_end().trim_end_matches(';')).unwrap()
}

struct Index {
    entry: Value,
    entry_bytes: usize,
    chunks: BTreeMap<String, (Value, usize)>,
}

fn read_index(dir: &Path) -> Index {
    let entry_text = fs::read_to_string(dir.join("search-index.js")).unwrap();
    let mut chunks = BTreeMap::new();
    for file in fs::read_dir(dir.join("search-index")).unwrap() {
        let path = file.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            text.contains(&format!("[\"{name}\"]=")),
            "{name} registers under its own name"
        );
        chunks.insert(name, (assigned(&text), text.len()));
    }
    Index {
        entry: assigned(&entry_text),
        entry_bytes: entry_text.len(),
        chunks,
    }
}

/// The word chunks the browser loads for prefix `q` (enablekit.js
/// `chunksFor`): the one whose range `q` falls in, and every later one
/// whose first word starts with `q`.
fn chunks_for<'a>(words: &'a [Value], q: &str) -> Vec<&'a str> {
    let first = |i: usize| words[i][0].as_str().unwrap();
    let at = (0..words.len()).rev().find(|&i| first(i) <= q).unwrap_or(0);
    (at..words.len())
        .take_while(|&i| i == at || first(i).starts_with(q))
        .map(|i| words[i][1].as_str().unwrap())
        .collect()
}

#[test]
fn a_large_portal_searches_through_small_chunks_found_by_prefix() {
    let kit = large_kit();
    kit.build(&[]).expect_success();
    let index = read_index(&kit.out_path("internal/latest"));
    let words = index.entry["words"].as_array().unwrap();
    let total: usize = index.chunks.values().map(|(_, n)| n).sum::<usize>() + index.entry_bytes;
    assert!(words.len() > 20, "{} word chunks", words.len());
    assert!(
        index.entry_bytes * 20 < total,
        "entry {} of {total} bytes",
        index.entry_bytes
    );
    for (name, (_, bytes)) in &index.chunks {
        assert!(*bytes < 64 * 1024, "{name}: {bytes} bytes");
    }
    // The chunks hold every word once, in order, each within its range.
    let mut all = BTreeSet::new();
    for (i, pair) in words.iter().enumerate() {
        let chunk = &index.chunks[pair[1].as_str().unwrap()].0;
        let mut here: Vec<&str> = chunk
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        here.sort();
        assert_eq!(
            here[0],
            pair[0].as_str().unwrap(),
            "chunk {i} starts at its first word"
        );
        if let Some(next) = words.get(i + 1) {
            assert!(*here.last().unwrap() < next[0].as_str().unwrap());
        }
        for w in here {
            assert!(all.insert(w.to_string()), "{w} in two chunks");
        }
    }
    for n in [0, 1, 999, 12_345, 39_999] {
        let w = word(n);
        if all.contains(&w) {
            for prefix in [&w[..3], &w[..], &w[..w.len() - 1]] {
                let loaded = chunks_for(words, prefix);
                assert!(
                    loaded.len() * 4 < words.len(),
                    "{prefix}: {} of {} chunks",
                    loaded.len(),
                    words.len()
                );
                let found: BTreeSet<&str> = loaded
                    .iter()
                    .flat_map(|c| index.chunks[*c].0.as_object().unwrap().keys())
                    .map(String::as_str)
                    .filter(|k| k.starts_with(prefix))
                    .collect();
                let expected: BTreeSet<&str> = all
                    .iter()
                    .map(String::as_str)
                    .filter(|k| k.starts_with(prefix))
                    .collect();
                assert_eq!(found, expected, "{prefix}");
            }
        }
    }
    // Docs: every visible page once, in chunks of `per`.
    let per = index.entry["per"].as_u64().unwrap() as usize;
    let n = index.entry["n"].as_u64().unwrap() as usize;
    assert!(n > PAGES);
    let docs: Vec<&Value> = index.entry["docs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| index.chunks[c.as_str().unwrap()].0.as_array().unwrap())
        .collect();
    assert_eq!(docs.len(), n);
    assert_eq!(index.entry["dc"].as_array().unwrap().len(), n);
    assert!(
        docs.iter()
            .any(|d| d["t"] == "Note 777" && d["u"] == "one-pagers/note-777/")
    );
    assert_eq!(
        index.entry["docs"].as_array().unwrap().len(),
        n.div_ceil(per)
    );
}

#[test]
fn after_a_one_page_edit_most_chunks_are_the_same_files() {
    let kit = large_kit();
    kit.build(&[]).expect_success();
    kit.edit("content/one-pagers/note-500.md", |s| {
        s.replace("---\n\n", "---\n\nzzyzx quarterly ")
    });
    kit.build(&["--version", "1.1.0"]).expect_success();
    let (old, new) = (
        kit.out_path("internal/1.0.0/search-index"),
        kit.out_path("internal/1.1.0/search-index"),
    );
    let names = |dir: &Path| -> BTreeSet<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let (before, after) = (names(&old), names(&new));
    let changed: Vec<&String> = after.difference(&before).collect();
    assert!(
        !changed.is_empty() && changed.len() <= 4,
        "{} of {} chunks changed: {changed:?}",
        changed.len(),
        after.len()
    );
    for kept in after.intersection(&before) {
        assert_eq!(inode(&old.join(kept)), inode(&new.join(kept)), "{kept}");
    }
    assert!(
        kit.read_search_index("internal/1.1.0")
            .contains("\"zzyzx\"")
    );
}
