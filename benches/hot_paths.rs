//! Micro-benchmarks of enablekit's hot paths, with criterion.
//!
//! criterion runs without default features (no plotting, no rayon of its
//! own), which keeps the build short on small machines.
//!
//! Run: `cargo bench --bench hot_paths` (one group: `cargo bench --bench
//! hot_paths -- markdown`). These are for comparing before/after a change on
//! one machine; no test asserts a timing. Whole-build numbers come from
//! `bench/run.sh`.
//!
//! What is measured, each on realistic input:
//! - `content/parse_objection`: front matter split + YAML + checks of one
//!   objection handler (`content::parse`), the per-file cost of loading.
//! - `markdown/render_objection_body`: the same file's ~650-word body through
//!   `markdown::render` (tables, lists, emphasis, three page links that a
//!   resolver which resolves nothing reports as broken). No fenced code, so
//!   highlighting is measured on its own:
//! - `highlight/python_40_lines`: `highlight::code_block("python", …)`.
//! - `visibility/can_see_2000/*`: `partners::Audience::can_see` over 2,000
//!   mixed visibilities, as a portal does once per build.

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

use enablekit::markdown::highlight;
use enablekit::markdown::{self, Resolver, Target};
use enablekit::model::config::Config;
use enablekit::model::content::{self, Visibility};
use enablekit::model::kind::Kind;
use enablekit::model::partners::{self, Audience};

const KIT_YAML: &str = r#"name: "Corvane Partner Kit"
tagline: "Everything partners need to sell, defend and prove Corvane."
version: 1.0.0
base_url: https://partners.corvane.example
theme: default
tiers: [registered, silver, gold, platinum]
partner_types: [referral, reseller, integration, strategic]
collections:
  - {dir: one-pagers, title: "One-pagers", kind: one-pager}
  - {dir: objections, title: "Objection handling", kind: objection}
  - {dir: case-studies, title: "Case studies", kind: case-study}
  - {dir: playbooks, title: "Playbooks"}
"#;

const OBJECTION_PATH: &str = "content/objections/too-expensive.md";
const OBJECTION_REL: &str = "objections/too-expensive.md";

/// A realistic objection handler: full front matter and a ~650-word body.
const OBJECTION: &str = r#"---
title: "It is too expensive"
slug: too-expensive
summary: "Reframe price as the cost of the manual work Corvane removes, then prove it with the customer's own numbers."
tags: [pricing, roi, finance, competition]
owner: "Amara Okafor, Product Marketing"
review_by: 2030-03-31
weight: 1
min_tier: silver
category: pricing
objection: "Your price is well above what we budgeted for quote-to-cash."
short_answer: "Compare the price with the hours your team spends on quote-to-cash today: most mid-market customers recover the cost within seven months, and the pilot is priced so you can check that before you commit."
proof: [harbourline-mutual, pinecrest-freight]
---

Price objections rarely mean the buyer has compared features line by line. Most of the time the **economic buyer** has not seen a business case yet, and the figure on the quote is the only number in the room. Your job is to put a second number next to it: what the current process costs.

## What they really mean

"Too expensive" usually hides one of three concerns. The buyer may not believe the savings, may not own the budget, or may be comparing us with a tool that solves a *smaller* problem. Ask before you answer:

- Who else has to approve a purchase of this size?
- Which line of the budget would this come from, and what else competes for it?
- Which alternative are you comparing us with, and what does it leave out?
- How many people touch a quote between the first draft and the signed order?

If the answer to the last question is more than three, you have a business case.

## Talk track

Start from the customer's process, not from our price list. "You told me that a quote goes through sales, the deal desk and finance before it reaches the customer, and that one round takes about four days. If we take two of those days out for every deal, what is that worth to your sales team at quarter end?"

Then make the comparison explicit. Corvane replaces the spreadsheet checks, the e-mail approvals and the manual re-keying into billing, so the fair comparison is the *total* cost of that work, not the licence of the tool they already have.

### Numbers to bring

| Cost line | Typical mid-market figure | Where to find it |
|---|---:|---|
| Hours per quote on approvals | 3.5 | Deal desk ticket history |
| Quotes per month | 420 | CRM opportunity report |
| Billing corrections per month | 35 | Finance dispute log |
| Days from verbal yes to signed order | 9 | CRM stage timestamps |

Fill the table with the customer's own figures in the first meeting. Numbers they gave you are numbers they trust.

## Questions to ask back

1. What happens today when a discount needs approval on the last day of the quarter?
2. How often does finance correct an invoice because the quote was wrong?
3. If nothing changes, what does next year's process cost with twice the deal volume?

## Proof to send afterwards

Send the [Harbourline Mutual story](../case-studies/harbourline-mutual.md#results) to finance-led buyers: they cut quote approvals from four days to one and paid the licence back in seven months. For logistics and distribution buyers, [Pinecrest Freight](../case-studies/pinecrest-freight.md) is closer to home. If the buyer asks how pricing is structured, share [the pricing one-pager](../one-pagers/pricing-and-packaging.md#packaging) rather than a discount.

## When to discount, and when not to

Do **not** discount before the economic buyer has seen the business case: a discount given early anchors the whole negotiation and signals that the first price was not serious. A *modest* concession is reasonable when the customer commits to a reference call, a multi-year term or a case study. Anything above fifteen percent needs the deal desk, and anything above twenty-five percent needs the regional vice president.

## Common mistakes

- Matching a competitor's price without asking what the competitor leaves out.
- Presenting the return on investment with our numbers instead of theirs.
- Letting procurement set the agenda before the business owner has agreed the value.
- Sending a revised quote by e-mail instead of walking the buyer through it.

## When to escalate

Bring in your partner manager when the customer asks for a price below the floor in the partner price list, when a competitor offers the product for free as part of a larger suite, or when the buyer requests contract terms outside our standard agreement. See the [pricing council guidance](https://partners.corvane.example/pricing-council) for the escalation form.
"#;

const PYTHON: &str = r#"import json
import logging
from dataclasses import dataclass, field
from typing import Iterable

import requests

API = "https://api.corvane.example/v2"
log = logging.getLogger(__name__)


@dataclass
class Deal:
    customer: str
    amount: float
    currency: str = "EUR"
    products: list[str] = field(default_factory=list)


def register_deals(token: str, deals: Iterable[Deal]) -> list[str]:
    """Register deals through the partner API and return their ids."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    ids = []
    for deal in deals:
        payload = {"customer": deal.customer, "amount": round(deal.amount, 2),
                   "currency": deal.currency, "products": deal.products}
        response = session.post(f"{API}/deals", json=payload, timeout=10)
        if response.status_code == 409:
            log.warning("already registered: %s", deal.customer)
            continue
        response.raise_for_status()
        ids.append(response.json()["id"])
    return ids


if __name__ == "__main__":
    deals = [Deal("Harbourline Mutual", 48_000.0, products=["ledger"])]
    print(json.dumps(register_deals("token", deals), indent=2))
"#;

const PARTNER_YAML: &str = r##"name: "Northwind Digital"
tier: gold
type: reseller
colors: {primary: "#0b5fff", accent: "#ffd23f"}
welcome: |
  Welcome, **Northwind Digital**.
contacts:
  - {name: "Elena Marsh", role: "Partner manager (Corvane)", email: "elena.marsh@corvane.example"}
  - {name: "Samuel Adeyemi", role: "Solutions engineer (Corvane)", email: "samuel.adeyemi@corvane.example"}
lead_sla_hours: 8
payout: "**20%** margin on new annual value."
"##;

/// Resolves no link: every relative link becomes a broken link, so render
/// cost is measured without a kit index.
struct NoLinks;

impl Resolver for NoLinks {
    fn resolve(&self, _target: &str) -> Target {
        Target::Missing
    }
}

fn config() -> Config {
    Config::parse(Path::new("kit.yaml"), KIT_YAML)
        .expect("benchmark kit.yaml parses")
        .0
}

fn parse_objection(config: &Config) -> content::Draft {
    let (draft, warnings) = content::parse(
        Path::new(OBJECTION_PATH),
        OBJECTION_REL,
        OBJECTION.to_string(),
        config,
    )
    .expect("benchmark objection parses");
    assert!(warnings.is_empty(), "fixture drifted: {warnings:?}");
    assert_eq!(draft.kind, Kind::Objection);
    draft
}

fn bench_front_matter(c: &mut Criterion) {
    let config = config();
    parse_objection(&config);
    let mut group = c.benchmark_group("content");
    group.throughput(Throughput::Bytes(OBJECTION.len() as u64));
    group.bench_function("parse_objection", |b| {
        b.iter_batched(
            || OBJECTION.to_string(),
            |text| {
                content::parse(
                    black_box(Path::new(OBJECTION_PATH)),
                    black_box(OBJECTION_REL),
                    text,
                    &config,
                )
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn bench_markdown(c: &mut Criterion) {
    let config = config();
    let draft = parse_objection(&config);
    let body = draft.body().to_string();
    let check = markdown::render(&body, OBJECTION_REL, &NoLinks);
    assert_eq!(
        check.broken.len(),
        3,
        "the three page links resolve to nothing"
    );
    assert!(check.toc.len() >= 6);
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("render_objection_body", |b| {
        b.iter(|| markdown::render(black_box(&body), black_box(OBJECTION_REL), &NoLinks))
    });
    group.finish();
}

fn bench_highlight(c: &mut Criterion) {
    // The syntax set loads once per process; load it before measuring.
    let first = highlight::code_block("python", PYTHON);
    assert!(first.contains("class=\"hl-"), "python is highlighted");
    let mut group = c.benchmark_group("highlight");
    group.throughput(Throughput::Bytes(PYTHON.len() as u64));
    group.bench_function("python_40_lines", |b| {
        b.iter(|| highlight::code_block(black_box("python"), black_box(PYTHON)))
    });
    group.finish();
}

/// 2,000 visibilities in a realistic mix: half open, the rest gated by
/// `min_tier`, `tiers`, `partner_types` or `internal`.
fn visibilities(n: usize) -> Vec<Visibility> {
    let tiers = ["registered", "silver", "gold", "platinum"];
    let types = ["referral", "reseller", "integration", "strategic"];
    (0..n)
        .map(|i| {
            let mut v = Visibility::default();
            match i % 10 {
                0..=4 => {}
                5 | 6 => v.min_tier = Some(tiers[1 + i % 3].to_string()),
                7 => v.tiers = Some(tiers[i % 3..].iter().map(|t| t.to_string()).collect()),
                8 => {
                    v.partner_types = Some(vec![types[i % 4].to_string()]);
                    v.min_tier = Some("silver".to_string());
                }
                _ => v.internal = true,
            }
            v
        })
        .collect()
}

fn bench_visibility(c: &mut Criterion) {
    let config = config();
    let (partner, _) = partners::parse(
        Path::new("partners/northwind-digital.yaml"),
        "northwind-digital",
        PARTNER_YAML.to_string(),
    )
    .and_then(|p| p.check(&config, None))
    .expect("benchmark partner parses");
    let items = visibilities(2000);
    let gold = Audience::Partner(&partner);
    let visible = items.iter().filter(|v| gold.can_see(v, &config)).count();
    assert!(
        visible > 0 && visible < items.len(),
        "the mix gates some items"
    );

    let mut group = c.benchmark_group("visibility");
    group.throughput(Throughput::Elements(items.len() as u64));
    for (name, audience) in [
        ("partner_gold_reseller", gold),
        ("internal", Audience::Internal),
    ] {
        group.bench_function(format!("can_see_2000/{name}"), |b| {
            b.iter(|| {
                black_box(&items)
                    .iter()
                    .map(|v| audience.can_see(v, &config))
                    .collect::<Vec<bool>>()
            })
        });
    }
    group.finish();
}

criterion_group!(
    hot_paths,
    bench_front_matter,
    bench_markdown,
    bench_highlight,
    bench_visibility
);
criterion_main!(hot_paths);
