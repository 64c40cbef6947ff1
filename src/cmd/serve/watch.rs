//! The dev server's eyes on the kit: which saved paths matter
//! ([`classify`]), bursts of file events gathered into one batch, and the
//! watches on the kit's folders. It only says what changed; it must not
//! load, render or serve anything.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

/// What a changed path means for the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Config,
    Content,
    Partner,
    /// A file of `data/`: figures and values, read with the rest of the kit.
    Data,
    Template,
    ThemeStatic,
    Ignored,
}

/// Classify a changed path of the kit at `root`. Pure; editors' temporary
/// files (`.x.swp`, `x~`, `#x#`) are ignored.
pub fn classify(root: &Path, path: &Path) -> Change {
    let Ok(rel) = path.strip_prefix(root) else {
        return Change::Ignored;
    };
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".tmp")
    {
        return Change::Ignored;
    }
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        ["kit.yaml"] => Change::Config,
        ["content", _, ..] => Change::Content,
        ["partners", ..] => Change::Partner,
        ["data", ..] => Change::Data,
        ["themes", _, "templates", ..] => Change::Template,
        ["themes", _, "static", ..] => Change::ThemeStatic,
        ["content" | "themes"] => Change::Content,
        _ => Change::Ignored,
    }
}

/// The changes of `batch` that matter, in order.
pub(super) fn changes(root: &Path, batch: &[PathBuf]) -> Vec<Change> {
    batch
        .iter()
        .map(|p| classify(root, p))
        .filter(|c| *c != Change::Ignored)
        .collect()
}

/// Quiet time that ends a burst of file events, and the longest a burst
/// may postpone its rebuild (a save that never stops still shows).
const QUIET: Duration = Duration::from_millis(250);
const MAX_WAIT: Duration = Duration::from_secs(2);
/// How long the files of one save take to land (an editor writes a
/// temporary file and renames it over the old one).
const SETTLE: Duration = Duration::from_millis(15);

/// Turns file events into batches to rebuild for. A save after a calm
/// spell (no rebuild for [`QUIET`]) is rebuilt for as soon as its files
/// have landed, so the page shows in tens of milliseconds; while saves keep
/// coming (a formatter, a checkout) batches are trailing-edge: each event
/// extends the wait by QUIET, up to [`MAX_WAIT`] after the first.
#[derive(Default)]
pub(super) struct Debounce {
    last_rebuild: Option<Instant>,
}

impl Debounce {
    /// The batch that starts with `first`.
    pub(super) fn batch(&self, rx: &mpsc::Receiver<PathBuf>, first: PathBuf) -> Vec<PathBuf> {
        let calm = self.last_rebuild.is_none_or(|t| t.elapsed() >= QUIET);
        let wait = if calm { SETTLE } else { QUIET };
        let mut batch = vec![first];
        let deadline = Instant::now() + MAX_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return batch;
            }
            match rx.recv_timeout(wait.min(left)) {
                Ok(p) => batch.push(p),
                Err(_) => return batch,
            }
        }
    }

    /// A rebuild has just finished.
    pub(super) fn rebuilt(&mut self) {
        self.last_rebuild = Some(Instant::now());
    }
}

/// The kit folders watched recursively; the root itself is watched flat.
const WATCHED: [&str; 4] = ["content", "partners", "data", "themes"];

/// The watches on one kit.
pub(super) struct Watch {
    watcher: notify::RecommendedWatcher,
    /// The [`WATCHED`] folders of the kit.
    dirs: Vec<PathBuf>,
}

impl Watch {
    /// Watch the kit at `root`, sending every changed path to `tx`.
    pub(super) fn start(root: &Path, tx: mpsc::Sender<PathBuf>) -> notify::Result<Watch> {
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                // Reading files (our own rebuild does) raises access events: only
                // creations, writes, renames and removals mean a change.
                if let Some(event) = event
                    .ok()
                    .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
                {
                    for path in event.paths {
                        let _ = tx.send(path);
                    }
                }
            })?;
        let _ = watcher.watch(root, RecursiveMode::NonRecursive);
        let dirs: Vec<PathBuf> = WATCHED.iter().map(|d| root.join(d)).collect();
        arm(&mut watcher, &dirs);
        Ok(Watch { watcher, dirs })
    }

    /// A top folder that was itself created, removed or renamed in `batch`
    /// lost its watch (inotify watches the inode, not the name): watch again.
    pub(super) fn rearm(&mut self, batch: &[PathBuf]) {
        let touched: Vec<PathBuf> = self
            .dirs
            .iter()
            .filter(|d| batch.contains(d))
            .cloned()
            .collect();
        arm(&mut self.watcher, &touched);
    }
}

/// (Re-)watch each existing folder of `dirs`. Unwatching first drops a
/// watch on a deleted folder's old inode, so the new folder is watched.
fn arm(watcher: &mut notify::RecommendedWatcher, dirs: &[PathBuf]) {
    for dir in dirs {
        let _ = watcher.unwatch(dir);
        if dir.is_dir() {
            let _ = watcher.watch(dir, RecursiveMode::Recursive);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_table() {
        let root = Path::new("/kit");
        let cases = [
            ("/kit/kit.yaml", Change::Config),
            ("/kit/content/objections/price.md", Change::Content),
            (
                "/kit/content/case-studies/images/chart.svg",
                Change::Content,
            ),
            ("/kit/partners/acme.yaml", Change::Partner),
            ("/kit/partners/logos/acme.svg", Change::Partner),
            ("/kit/data/scorecard.csv", Change::Data),
            ("/kit/themes/default/templates/item.html", Change::Template),
            ("/kit/themes/default/static/style.css", Change::ThemeStatic),
            ("/kit/content/objections/.price.md.swp", Change::Ignored),
            ("/kit/content/objections/price.md~", Change::Ignored),
            ("/kit/public/internal/1.0.0/index.html", Change::Ignored),
            ("/kit/README.md", Change::Ignored),
            ("/elsewhere/kit.yaml", Change::Ignored),
        ];
        for (path, want) in cases {
            assert_eq!(classify(root, Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn a_batch_keeps_only_the_changes_that_matter() {
        let batch = [
            PathBuf::from("/kit/README.md"),
            PathBuf::from("/kit/partners/acme.yaml"),
            PathBuf::from("/kit/kit.yaml"),
        ];
        assert_eq!(
            changes(Path::new("/kit"), &batch),
            [Change::Partner, Change::Config]
        );
    }

    /// The batch of a save (two events), with another save `after` later.
    fn batch_with_a_later_event(debounce: &Debounce, after: Duration) -> Vec<PathBuf> {
        let (tx, rx) = mpsc::channel();
        tx.send(PathBuf::from("/kit/content/a.md")).unwrap();
        tx.send(PathBuf::from("/kit/content/.a.md.swp")).unwrap();
        let sender = std::thread::spawn(move || {
            std::thread::sleep(after);
            let _ = tx.send(PathBuf::from("/kit/content/b.md"));
        });
        let first = rx.recv().unwrap();
        let batch = debounce.batch(&rx, first);
        sender.join().unwrap();
        batch
    }

    #[test]
    fn a_calm_save_is_rebuilt_for_once_its_files_land() {
        // Nothing rebuilt yet: calm. The save's two events are one batch;
        // a save 80 ms later is the next one.
        let batch = batch_with_a_later_event(&Debounce::default(), Duration::from_millis(80));
        assert_eq!(batch.len(), 2, "{batch:?}");
    }

    #[test]
    fn saves_right_after_a_rebuild_wait_for_the_burst_to_end() {
        let mut debounce = Debounce::default();
        debounce.rebuilt();
        let batch = batch_with_a_later_event(&debounce, Duration::from_millis(50));
        assert_eq!(batch.len(), 3, "{batch:?}");
    }
}
