//! Checking the `{{ … }}` values of pages and partner profiles once, at
//! load: each must parse, name something that exists, and be filled for
//! every partner that can see the page, or the build stops at the place it
//! is written. The scorecard's results are never quotable: a page is seen
//! by many partners, the rows belong to one.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, Location, Report};
use crate::load::bodies::body_location;
use crate::markdown::{Rendered, ValueRef};
use crate::model::config::Config;
use crate::model::content::Draft;
use crate::model::data::DataFile;
use crate::model::partners::{Audience, Partner};
use crate::model::values::{Expr, Filled, Key, Problem};

/// What the checks need of the kit.
pub struct Context<'a> {
    pub config: &'a Config,
    pub data: &'a [DataFile],
    pub partners: &'a [Partner],
}

/// A page's values, checked; problems reported at their place.
pub fn page(cx: &Context, draft: &Draft, body: &Rendered, report: &mut Report) -> Vec<Filled> {
    front_matter(draft, report);
    let at = |r: &Range<usize>| body_location(draft, r);
    for v in &body.misplaced_values {
        report.push(misplaced(v, at(&v.range)));
    }
    let readers: Vec<&Partner> = cx
        .partners
        .iter()
        .filter(|p| Audience::Partner(p).can_see(&draft.visibility, cx.config))
        .collect();
    body.values
        .iter()
        .map(|v| match checked(cx, v, &readers) {
            Ok(filled) => filled,
            Err(d) => {
                report.push((*d).at(at(&v.range)));
                Filled::Text(String::new())
            }
        })
        .collect()
}

/// Titles, summaries and answers are shared by every reader (cards, nav,
/// search, the feed): a value written there would stay braces.
fn front_matter(draft: &Draft, report: &mut Report) {
    let front = &draft.text[..draft.body_offset.min(draft.text.len())];
    let mut from = 0;
    while let Some(i) = front[from..].find("{{") {
        let at = from + i;
        from = at + 2;
        let inner = front[at + 2..]
            .split("}}")
            .next()
            .unwrap_or("")
            .trim_start();
        if inner.starts_with("partner.") || inner.starts_with("data.") {
            let len = front[at..].find("}}").map_or(2, |e| e + 2);
            report.push(
                Diagnostic::error("E0934", "a value in front matter is not filled")
                    .at(Location::at_offset(&draft.path, &draft.text, at, len))
                    .label("front matter is the same for every reader")
                    .hint("values are filled in a page's text: move it below the closing `---`"),
            );
        }
    }
}

/// Every partner profile's prose fields, checked for their own partner.
pub fn profiles(cx: &Context, report: &mut Report) {
    for p in cx.partners {
        let fields = [
            &p.welcome,
            &p.rules_of_engagement,
            &p.deal_registration,
            &p.payout,
        ]
        .into_iter()
        .chain(p.start_here.iter().map(|s| &s.body));
        for src in fields.filter(|s| s.contains("{{")) {
            profile(cx, p, src, &crate::markdown::render_prose(src), report);
        }
    }
}

/// kit.yaml's `first_win_plan`, shown to every partner without a first
/// win, checked for each of them.
pub fn first_win_plan(cx: &Context, root: &std::path::Path, report: &mut Report) {
    let src = &cx.config.first_win_plan;
    if !src.contains("{{") {
        return;
    }
    let body = crate::markdown::render_prose(src);
    let at = |v: &ValueRef| {
        let raw = &src[v.range.clone()];
        crate::load::files::in_kit_yaml(root, |doc| doc.value_location("first_win_plan", raw))
    };
    for v in &body.misplaced_values {
        report.push(misplaced(v, at(v)));
    }
    let readers: Vec<&Partner> = cx
        .partners
        .iter()
        .filter(|p| p.first_win.is_none())
        .collect();
    for v in &body.values {
        if let Err(d) = checked(cx, v, &readers) {
            report.push((*d).at(at(v)));
        }
    }
}

/// The values of a partner's own profile prose (`src`, one field, as
/// rendered into `body`), checked for that partner alone.
fn profile(cx: &Context, p: &Partner, src: &str, body: &Rendered, report: &mut Report) {
    // A value sits on one line of a field, and YAML keeps a line as written.
    let at = |v: &ValueRef| {
        let raw = &src[v.range.clone()];
        let offset = p.text.find(raw).unwrap_or(0);
        Location::at_offset(&p.path, &p.text, offset, raw.len())
    };
    for v in &body.misplaced_values {
        report.push(misplaced(v, at(v)));
    }
    for v in &body.values {
        if let Err(d) = checked(cx, v, &[p]) {
            report.push((*d).at(at(v)));
        }
    }
}

fn misplaced(v: &ValueRef, at: Location) -> Diagnostic {
    Diagnostic::error("E0930", format!("`{{{{ {} }}}}` stands in a heading, a link or an image", v.expr))
        .at(at)
        .label("a value cannot stand here")
        .hint("headings, links and alt text read the same for every reader: put the value in the sentence around it")
}

/// One value: parsed, not the scorecard's rows, and filled for `readers`
/// when it differs by reader.
fn checked(cx: &Context, v: &ValueRef, readers: &[&Partner]) -> Result<Filled, Box<Diagnostic>> {
    let expr = Expr::parse(&v.expr).map_err(|p| error(&p))?;
    if let (Expr::Data { file, .. }, Some(sc)) = (&expr, &cx.config.scorecard)
        && crate::paths::slugify(
            sc.data
                .rsplit_once('.')
                .map_or(sc.data.as_str(), |(s, _)| s),
        ) == *file
    {
        return Err(Box::new(Diagnostic::error("E0932", format!("`data.{file}` holds the scorecard's partner results, which content cannot quote"))
            .label("another partner's figures could show here")
            .hint("each partner sees its own figures on its scorecard page; quote program figures from another data file")));
    }
    if let Some(d) = names_one_partner(cx, &expr, readers) {
        return Err(d);
    }
    if !expr.per_partner() {
        return expr
            .eval(cx.data, None)
            .map(Filled::Text)
            .map_err(|p| error(&p));
    }
    for p in readers {
        expr.eval(cx.data, Some(*p)).map_err(|problem| {
            let mut d = error(&problem);
            d.message = format!(
                "{} for `{}` ({}), who can see this page",
                d.message, p.slug, p.tier
            );
            d
        })?;
    }
    Ok(Filled::PerPartner(expr))
}

/// A value that names one partner's own row (`data.accounts.alpha.mdf`)
/// on a page other partners read would show them that partner's data.
fn names_one_partner(cx: &Context, expr: &Expr, readers: &[&Partner]) -> Option<Box<Diagnostic>> {
    let Expr::Data { file, path } = expr else {
        return None;
    };
    let owner = path.iter().find_map(|k| match k {
        Key::Name(n) => cx.partners.iter().find(|p| p.slug == *n),
        Key::Partner(_) => None,
    })?;
    let other = readers.iter().find(|p| p.slug != owner.slug)?;
    Some(Box::new(
        Diagnostic::error(
            "E0933",
            format!("`data.{file}…` quotes `{}`'s own row on a page `{}` can see", owner.slug, other.slug),
        )
        .label("another partner's data would show here")
        .hint(format!(
            "write `[partner.slug]` instead of `{}` so each reader sees its own row, or limit the page with `partners: [{}]`",
            owner.slug, owner.slug
        )),
    ))
}

fn error(p: &Problem) -> Box<Diagnostic> {
    Box::new(Diagnostic::error("E0931", p.message.clone()).hint(p.hint.clone()))
}
