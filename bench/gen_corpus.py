#!/usr/bin/env python3
"""Write a synthetic partner enablement kit for enablekit's benchmarks.

    python3 bench/gen_corpus.py --pages 2000 --partners 50 --out DIR --format kit
    python3 bench/gen_corpus.py --pages 2000 --out DIR --format hugo
    python3 bench/gen_corpus.py --pages 2000 --out DIR --format zola

Python 3.11 standard library only. The output depends only on the arguments:
the same --pages/--partners/--seed give the same bytes on every machine.

--format kit   an enablekit kit: kit.yaml, content/<collection>/<slug>.md and
               partners/<slug>.yaml (+ partners/logos/<slug>.svg). With
               --quarters N also data/scorecard.csv (N quarters per partner),
               data/price-book.csv, a scorecard with tier criteria in
               kit.yaml, and one page in 20 quoting the reader's price book.
--format hugo  a Hugo site with the SAME pages: config.toml, content/ with the
               same titles, summaries, tags and markdown bodies, and
               layouts/ that render a comparable page (collection nav,
               breadcrumb, title, summary, table of contents, body, tags),
               list pages, a home page, a 404 page and a 50-entry RSS feed.
               No related-items box: Hugo's .Related scoring roughly doubled
               Hugo's time here, and leaving it out keeps the comparison
               conservative (enablekit's pages do carry related items, proof
               boxes and change hashes). Hugo has no partner portals, so
               --partners is ignored there.
--format zola  a Zola (0.22) site with the same pages and the same page
               layout as the Hugo one: config.toml, content/ (+++ TOML front
               matter: title, description = the summary, tags under [extra]),
               templates/ (base, page, section, index, 404 and an atom.xml
               of 50 entries with the summary, like Hugo's RSS items) and the
               same stylesheet. Code blocks are highlighted with classes
               (giallo, `style = "class"`). Zola's feed leaves out undated
               pages, so every Zola page has the same fixed `date` (shown
               nowhere). No taxonomies, search index or Sass; --partners is
               ignored.

The bodies are byte-identical between the three formats except for the link
destinations: the kit links to files as enablekit authors write them
(`../objections/<slug>.md#anchor`), Hugo gets the plain relative URL of the
same page (`../../objections/<slug>/#anchor`, correct from the page's own
URL `/<collection>/<slug>/`), so no shortcode is needed, and Zola gets its
internal-link form (`@/objections/<slug>.md#anchor`), which it resolves to
the page's permalink and checks at build time, anchors included.

Every link points at a page that exists, and every `#anchor` names a heading of
the target page. Headings use only letters, digits and spaces, so enablekit's
heading ids, Hugo's GitHub-style ids and Zola's slugified ids agree
(lowercase, spaces to hyphens).

Content does not depend on --partners: the 2,000-page kits with 10, 50 and 200
partners have identical content/ folders.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import sys

# --------------------------------------------------------------------------
# Vocabulary. The kit is for "Corvane", a fictional revenue-operations
# software company selling through partners.

COMPANY = "Corvane"
PRODUCTS = [
    "Corvane Ledger", "Corvane Relay", "Corvane Insight", "Corvane Guard",
    "Corvane Connect", "Corvane Forms", "Corvane Quota", "Corvane Pulse",
]
COMPETITORS = [
    "Stackwise", "Omnibase", "Trellis Cloud", "Quarry Suite", "Bellwether CRM",
    "an in-house spreadsheet process", "the incumbent ERP module",
]
INDUSTRIES = [
    "banking", "insurance", "logistics", "retail", "healthcare", "utilities",
    "manufacturing", "higher education", "government", "media", "travel",
    "telecommunications", "pharmaceuticals", "agriculture",
]
SEGMENTS = ["mid-market", "enterprise", "small business", "public sector", "multinational"]
ROLES = [
    "CFO", "controller", "head of revenue operations", "CIO", "procurement lead",
    "security architect", "sales director", "finance systems manager",
    "VP of customer success", "data protection officer", "operations analyst",
]
WORKFLOWS = [
    "quote-to-cash", "commission payouts", "territory planning", "renewal tracking",
    "contract approvals", "revenue recognition", "deal desk reviews",
    "partner rebates", "usage billing", "forecast roll-ups", "credit checks",
    "audit preparation",
]
BENEFITS = [
    "a shorter close", "fewer billing disputes", "cleaner audit evidence",
    "a forecast the board trusts", "less manual reconciliation",
    "faster onboarding of new sellers", "predictable payouts",
    "one source of truth for pricing", "fewer escalations to finance",
]
QUALITIES = [
    "measurable", "phased", "low-risk", "well-governed", "reversible", "modest",
    "clearly owned", "time-boxed", "documented", "reviewable",
]
FIRST_NAMES = [
    "Amara", "Bruno", "Chiara", "Dmitri", "Esther", "Farid", "Greta", "Hiro",
    "Ines", "Jonas", "Kavya", "Lukas", "Mei", "Nadia", "Oskar", "Priya",
    "Quentin", "Rosa", "Sven", "Talia", "Umar", "Vera", "Wim", "Yusuf", "Zofia",
]
LAST_NAMES = [
    "Abbott", "Baptiste", "Castillo", "Dunmore", "Eklund", "Fontaine", "Garza",
    "Halvorsen", "Iwasaki", "Jovanovic", "Kowalczyk", "Lindqvist", "Moreau",
    "Nakamura", "Okafor", "Petrov", "Quinlan", "Rahman", "Sorensen", "Tanaka",
    "Uchenna", "Valdez", "Whitfield", "Yilmaz", "Zimmer",
]
TEAMS = ["Product Marketing", "Channel Sales", "Partner Enablement", "Solutions Engineering",
         "Deal Desk", "Customer Success", "Security Office", "Pricing Council"]
CUSTOMER_FIRST = [
    "Harbourline", "Kestrelgate", "Marlow", "Pinecrest", "Quayside", "Redwater",
    "Saltmarsh", "Thornbury", "Upland", "Vantage", "Wexford", "Yarrow", "Ashgrove",
    "Briarcliff", "Coldstream", "Dovetail",
]
CUSTOMER_LAST = [
    "Mutual", "Freight", "Health Partners", "Energy", "Outfitters", "Bank",
    "Logistics", "Pharma", "Foods", "University", "Transit", "Telecom",
]
TAGS = [
    "pricing", "security", "compliance", "discovery", "renewals", "competition",
    "integration", "onboarding", "roi", "procurement", "legal", "executive",
    "finance", "forecasting", "payouts", "migration", "pilot", "support",
    "analytics", "api", "co-sell", "marketplace", "services", "training",
    "healthcare", "banking", "retail", "public-sector", "emea", "apac",
]
TIERS = ["registered", "silver", "gold", "platinum"]
PARTNER_TYPES = ["referral", "reseller", "integration", "strategic"]

# (dir, title, kind or None for generic, share of pages)
COLLECTIONS = [
    ("one-pagers", "One-pagers", "one-pager", 0.25),
    ("objections", "Objection handling", "objection", 0.30),
    ("case-studies", "Case studies", "case-study", 0.20),
    ("playbooks", "Playbooks", None, 0.25),
]

# Sentence templates for the prose. Fields in braces are filled per use.
SENTENCES = [
    "{product} takes {workflow} out of email threads and puts it in one reviewable queue.",
    "Most {segment} buyers in {industry} already feel the cost of {workflow} at quarter end.",
    "Open with the problem the {role} owns, not with a feature tour of {product}.",
    "A {quality} first phase is easier to approve than a platform replacement.",
    "Customers who start with {workflow} usually report {benefit} within two quarters.",
    "Ask the {role} how many people touch {workflow} today and how long one cycle takes.",
    "The strongest proof in {industry} is {benefit}, because regulators ask for it.",
    "Keep the first call to thirty minutes and send the summary the same day.",
    "If the {role} asks about data residency, share the security pack before the next meeting.",
    "{product} connects to the systems the customer already runs, so nothing is ripped out.",
    "Partners at the gold tier and above can request a funded proof of value.",
    "Write down the success criteria for the pilot and have the {role} sign them.",
    "Do not discount before the economic buyer has seen the business case.",
    "Our own numbers show {pct} percent less time spent on {workflow} after ninety days.",
    "When a deal stalls, bring a solutions engineer rather than another slide deck.",
    "Competing against {competitor} is about the cost of change, not the feature list.",
    "Register the opportunity early; protection starts on the day of approval.",
    "A {quality} rollout gives the {role} something to report upward every month.",
    "Most objections about {workflow} are really questions about risk and ownership.",
    "Reference calls work best with a customer from the same industry and size.",
    "Budget conversations go better when {benefit} is expressed in hours and headcount.",
    "Renewal risk shows up early as falling usage of {product} in the finance team.",
    "Bring the implementation plan to the second meeting, not the first.",
    "The {role} will want to know who owns the data and how long it is kept.",
    "Quote the customer's own numbers back to them when you summarise the case.",
    "Procurement in {industry} often needs {n} weeks, so start the paperwork in parallel.",
    "Every handover to delivery should include the notes from discovery and the signed criteria.",
    "{product} keeps an audit trail of every change, which shortens the security review.",
    "Price is rarely the real blocker; a missing sponsor usually is.",
    "Partners that co-present with our team close {pct} percent more of their registered deals.",
]

HEADINGS = {
    "one-pager": [
        "At a glance", "Who it is for", "The problem it solves", "How it works",
        "Why customers choose it", "Packaging and pricing", "What to say first",
        "Questions to ask", "Proof points", "Next steps",
    ],
    "objection": [
        "What they really mean", "Talk track", "Questions to ask back",
        "When the objection is valid", "Proof to send afterwards",
        "How to follow up", "Common mistakes", "When to escalate",
    ],
    "case-study": [
        "The customer", "The challenge", "Why they chose Corvane", "The rollout",
        "Results", "What the team says now", "How to use this story",
        "Lessons for partners",
    ],
    "generic": [
        "Goal", "Before you start", "Step 1 Qualify the opportunity",
        "Step 2 Run discovery", "Step 3 Agree the pilot", "Step 4 Close and hand over",
        "Talk track", "Measuring success", "Common pitfalls", "Checklist",
    ],
}
SUBHEADINGS = [
    "For {industry} buyers", "If the {role} pushes back", "Working with {competitor}",
    "Timing in {industry}", "Sizing the first phase", "What good looks like",
]

OBJECTIONS = [
    ("too-expensive", "It is too expensive", "Your price is well above what we budgeted for {workflow}."),
    ("have-a-vendor", "We already have a vendor", "We already use {competitor} for {workflow}."),
    ("security-review", "Security will not approve it", "Our security team will never approve another cloud vendor."),
    ("no-budget", "There is no budget this year", "We have no budget left until next fiscal year."),
    ("build-in-house", "We can build it ourselves", "Our engineers can build this in a quarter."),
    ("bad-timing", "Now is not the right time", "We are in the middle of an ERP migration."),
    ("too-small", "You are too small to trust", "How do we know Corvane will be around in five years?"),
    ("integration-risk", "The integration looks risky", "Connecting this to our billing system sounds risky."),
    ("change-fatigue", "Our teams are tired of change", "Our finance team has had three new tools in two years."),
    ("contract-terms", "The contract terms are too rigid", "We cannot sign a three-year commitment."),
]
SHORT_ANSWERS = [
    "Compare the price with the hours spent on {workflow} today: most {segment} customers recover the cost within {months} months.",
    "Keep what works. {product} sits beside {competitor} and removes the manual steps around it.",
    "We pass reviews in {industry} routinely: send the security pack and offer a call with our security office.",
    "Start with a {quality} pilot funded from the operations budget, and size the full rollout for next year.",
    "You can, but you will own it forever; {product} costs less than one engineer and ships with the audit trail.",
    "Phase it: {workflow} can go live before the migration ends and moves with it afterwards.",
]

CODE_PYTHON = [
    '''import requests

API = "https://api.corvane.example/v2"


def register_deal(token: str, customer: str, amount: float) -> str:
    """Register a deal for {partner_kind} partners and return its id."""
    response = requests.post(
        f"{API}/deals",
        headers={"Authorization": f"Bearer {token}"},
        json={"customer": customer, "amount": amount, "currency": "EUR"},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["id"]
''',
    '''from dataclasses import dataclass


@dataclass
class Payout:
    partner: str
    tier: str
    booked: float

    def amount(self) -> float:
        rates = {"registered": 0.05, "silver": 0.10, "gold": 0.15, "platinum": 0.20}
        return round(self.booked * rates.get(self.tier, 0.0), 2)


print(Payout("{partner_kind}-example", "gold", {n}2000.0).amount())
''',
]
CODE_BASH = [
    '''# Export this quarter's registered deals as CSV
corvane deals export \\
  --partner "$PARTNER_ID" \\
  --since 2026-01-01 \\
  --format csv > deals.csv
wc -l deals.csv
''',
    '''# Check that the webhook endpoint answers before enabling it
curl -fsS -X POST "https://hooks.{partner_kind}.example/corvane" \\
  -H 'Content-Type: application/json' \\
  -d '{"event": "ping", "attempt": {n}}' && echo "webhook reachable"
''',
]

PARTNER_WORDS_A = [
    "Aurora", "Basalt", "Cobalt", "Driftwood", "Ember", "Fjord", "Granite", "Halcyon",
    "Indigo", "Juniper", "Keystone", "Lantern", "Meridian", "Nimbus", "Obsidian",
    "Pillar", "Quartz", "Riverbend", "Summit", "Tessellate", "Umbra", "Vireo",
    "Willow", "Zenith",
]
PARTNER_WORDS_B = [
    "Advisory", "Consulting", "Digital", "Systems", "Partners", "Labs", "Group",
    "Solutions", "Analytics", "Integrations", "Cloud", "Networks",
]


# --------------------------------------------------------------------------
# Helpers


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens (enablekit's rule)."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def heading_id(text: str) -> str:
    """The id enablekit and Hugo both give a heading made of letters, digits
    and spaces."""
    return slugify(text.replace("'", ""))


def q(value: str) -> str:
    """A double-quoted scalar, valid YAML and TOML (JSON string syntax)."""
    return json.dumps(value, ensure_ascii=False)


_A_VOWEL = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")


def an(text: str) -> str:
    """Fix "a" before a vowel in generated prose."""
    return _A_VOWEL.sub(r"\1n ", text)


def rng_for(seed: int, *parts: object) -> random.Random:
    # String seeds are hashed with SHA-512 by random.seed: stable across runs
    # and Python versions, unaffected by PYTHONHASHSEED.
    return random.Random(":".join(str(p) for p in (seed, *parts)))


class _Fields(dict):
    """Template fields drawn on first use, so a sentence only pays for the
    fields it names."""

    def __init__(self, rng: random.Random, extra: dict):
        super().__init__(extra)
        self.rng = rng

    def __missing__(self, key):
        value = Filler.DRAW[key](self.rng)
        self[key] = value
        return value


class Filler:
    """Fills template fields with random vocabulary."""

    DRAW = {
        "product": lambda r: r.choice(PRODUCTS),
        "competitor": lambda r: r.choice(COMPETITORS),
        "industry": lambda r: r.choice(INDUSTRIES),
        "segment": lambda r: r.choice(SEGMENTS),
        "role": lambda r: r.choice(ROLES),
        "workflow": lambda r: r.choice(WORKFLOWS),
        "benefit": lambda r: r.choice(BENEFITS),
        "quality": lambda r: r.choice(QUALITIES),
        "pct": lambda r: r.randint(11, 58),
        "months": lambda r: r.randint(3, 15),
        "n": lambda r: r.randint(2, 9),
        "partner_kind": lambda r: r.choice(PARTNER_TYPES),
    }

    def __init__(self, rng: random.Random):
        self.rng = rng

    def values(self) -> dict:
        return {k: draw(self.rng) for k, draw in self.DRAW.items()}

    def fill(self, template: str, **extra) -> str:
        text = template.format_map(_Fields(self.rng, extra))
        return an(text[0].upper() + text[1:])

    def sentence(self) -> str:
        return self.fill(self.rng.choice(SENTENCES))


def person(rng: random.Random) -> str:
    return "%s %s" % (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))


# --------------------------------------------------------------------------
# Planning: every page's identity and headings, before any body is written,
# so links can target real pages and real heading ids.


class Page:
    __slots__ = ("index", "dir", "kind", "slug", "title", "summary", "tags",
                 "headings", "front", "code")

    def __init__(self, index, dir_, kind):
        self.index = index
        self.dir = dir_
        self.kind = kind
        self.slug = ""
        self.title = ""
        self.summary = ""
        self.tags = []
        self.headings = []   # [(level, text)]
        self.front = []      # extra front matter lines (kit format only)
        self.code = None     # None, "python" or "bash"


def collection_counts(pages: int) -> list[int]:
    counts = [int(pages * share) for (_, _, _, share) in COLLECTIONS]
    i = 0
    while sum(counts) < pages:
        counts[i % len(counts)] += 1
        i += 1
    # Objections need at least one case study to cite.
    cs = [c[0] for c in COLLECTIONS].index("case-studies")
    if pages >= 2 and counts[cs] == 0:
        donor = max(range(len(counts)), key=lambda k: counts[k])
        counts[donor] -= 1
        counts[cs] += 1
    return counts


def pick_headings(rng: random.Random, kind: str, fill: Filler) -> list[tuple[int, str]]:
    pool = HEADINGS[kind]
    n = rng.randint(5, min(7, len(pool)))
    chosen = sorted(rng.sample(range(len(pool)), n))
    heads = [(2, pool[k]) for k in chosen]
    # One or two h3 subheadings under random sections, made unique per page.
    seen = {heading_id(t) for _, t in heads}
    out = []
    for level, text in heads:
        out.append((level, text))
        if rng.random() < 0.3:
            sub = fill.fill(rng.choice(SUBHEADINGS))
            sub = re.sub(r"[^A-Za-z0-9 ]", "", sub)
            if heading_id(sub) not in seen:
                seen.add(heading_id(sub))
                out.append((3, sub))
    return out


def visibility_lines(rng: random.Random) -> list[str]:
    """Front matter visibility: most items open, some gated."""
    roll = rng.random()
    if roll < 0.55:
        return []
    if roll < 0.75:
        return ["min_tier: %s" % rng.choice(TIERS[1:])]
    if roll < 0.88:
        lo = rng.randint(0, 2)
        return ["tiers: [%s]" % ", ".join(TIERS[lo:lo + rng.randint(1, 4 - lo)])]
    if roll < 0.96:
        kinds = sorted(rng.sample(PARTNER_TYPES, rng.randint(1, 2)))
        lines = ["partner_types: [%s]" % ", ".join(kinds)]
        if rng.random() < 0.5:
            lines.append("min_tier: silver")
        return lines
    return ["internal: true"]


def plan(pages: int, seed: int) -> list[Page]:
    plan_: list[Page] = []
    counts = collection_counts(pages)
    index = 0
    for (dir_, _, kind, _), count in zip(COLLECTIONS, counts):
        for _ in range(count):
            rng = rng_for(seed, "page", index)
            fill = Filler(rng)
            page = Page(index, dir_, kind or "generic")
            v = fill.values()
            if page.kind == "one-pager":
                title = rng.choice([
                    "{product} for {industry} teams",
                    "{product} in one page",
                    "Why {segment} buyers pick {product}",
                    "{product} packaging for {segment} deals",
                    "{product} and {workflow}",
                    "Selling {product} into {industry}",
                ]).format(**v)
            elif page.kind == "objection":
                key, short, _ = rng.choice(OBJECTIONS)
                title = "%s (%s, %s)" % (short, v["industry"], v["segment"])
            elif page.kind == "case-study":
                customer = "%s %s" % (rng.choice(CUSTOMER_FIRST), rng.choice(CUSTOMER_LAST))
                title = rng.choice([
                    "{customer} cuts {workflow} time by {pct} percent",
                    "How {customer} moved {workflow} to {product}",
                    "{customer} gets {benefit} with {product}",
                    "{customer} replaces {competitor}",
                ]).format(customer=customer, **v)
            else:
                title = rng.choice([
                    "Co-selling {product} into {industry}",
                    "Running a {workflow} discovery workshop",
                    "Taking a {product} pilot to production",
                    "Defending a renewal against {competitor}",
                    "Launching {product} with a {segment} partner",
                ]).format(**v)
            page.title = an(title[0].upper() + title[1:])
            page.slug = "%s-%05d" % (slugify(page.title)[:48].strip("-"), index)
            page.summary = fill.sentence()
            page.tags = sorted(rng.sample(TAGS, rng.randint(1, 4)))
            page.headings = pick_headings(rng, page.kind, fill)
            if rng.random() < 0.05:
                page.code = rng.choice(["python", "bash"])
                page.headings.append((2, "Worked example"))
            front = []
            front.append("owner: %s" % q("%s, %s" % (person(rng), rng.choice(TEAMS))))
            # About 8% are overdue (2025: stale in the internal portal); the
            # rest are due from 2030 on, so the share does not drift with the
            # date the benchmark runs.
            if rng.random() < 0.08:
                review = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
            else:
                review = datetime.date(2030, 1, 1) + datetime.timedelta(days=rng.randint(0, 1000))
            front.append("review_by: %s" % review.isoformat())
            if rng.random() < 0.2:
                front.append("weight: %d" % rng.randint(1, 20))
            front.extend(visibility_lines(rng))
            if page.kind == "objection":
                _, _, said = [o for o in OBJECTIONS if o[0] == key][0]
                front.append("category: %s" % key)
                front.append("objection: %s" % q(fill.fill(said)))
                front.append("short_answer: %s" % q(fill.fill(rng.choice(SHORT_ANSWERS))))
            elif page.kind == "case-study":
                front.append("customer: %s" % q(customer))
                front.append("industry: %s" % v["industry"])
                front.append("metrics:")
                for label, value in [
                    ("Time saved on %s" % v["workflow"], "%d%%" % v["pct"]),
                    ("Payback", "%d months" % v["months"]),
                    ("Users live", "%d" % rng.randint(40, 4000)),
                ]:
                    front.append("  - {label: %s, value: %s}" % (q(label), q(value)))
                if rng.random() < 0.6:
                    front.append("quote: %s" % q(fill.sentence()))
                    front.append("quote_author: %s" % q("%s, %s" % (person(rng), rng.choice(ROLES))))
            page.front = front
            plan_.append(page)
            index += 1
    # Objections cite case studies as proof; those are planned after them.
    case_slugs = [p.slug for p in plan_ if p.kind == "case-study"]
    if case_slugs:
        for p in plan_:
            if p.kind == "objection":
                rng = rng_for(seed, "proof", p.index)
                k = min(len(case_slugs), rng.randint(1, 2))
                p.front.append("proof: [%s]" % ", ".join(rng.sample(case_slugs, k)))
    return plan_


# --------------------------------------------------------------------------
# Bodies


def emphasise(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    if len(words) > 7 and rng.random() < 0.45:
        k = rng.randint(1, len(words) - 3)
        if words[k].isalpha() and len(words[k]) >= 5:
            words[k] = ("**%s**" if rng.random() < 0.4 else "*%s*") % words[k]
    return " ".join(words)


def paragraph(fill: Filler, rng: random.Random) -> list[str]:
    templates = rng.sample(SENTENCES, rng.randint(2, 5))
    return [emphasise(fill.fill(t), rng) for t in templates]


def table(page: Page, fill: Filler, rng: random.Random) -> str:
    if page.kind == "case-study":
        rows = ["| Measure | Before | After |", "|---|---:|---:|"]
        for label in rng.sample(["Days to close the books", "Disputed invoices per month",
                                 "Hours on reconciliation per week", "Forecast error (%)",
                                 "Manual approvals per deal", "Tools in the process"], 4):
            before = rng.randint(8, 90)
            rows.append("| %s | %d | %d |" % (label, before, max(1, before - rng.randint(3, before - 1))))
    elif page.kind == "objection":
        rows = ["| If you hear | It usually means | Offer |", "|---|---|---|"]
        for _ in range(rng.randint(3, 5)):
            v = fill.values()
            rows.append("| The %s mentions %s | Worry about %s | %s |" % (
                v["role"], v["workflow"], rng.choice(["risk", "cost", "effort", "ownership", "timing"]),
                rng.choice(["A reference call", "A scoped pilot", "The security pack",
                            "A phased plan", "An ROI worksheet"])))
    else:
        rows = ["| Tier | Margin | Support | Co-marketing funds |", "|---|---:|---|---|"]
        for i, tier in enumerate(TIERS):
            rows.append("| %s | %d%% | %s | %s |" % (
                tier.capitalize(), 8 + 4 * i + rng.randint(0, 2),
                ["Business hours", "Next business day", "8 hours", "4 hours, named engineer"][i],
                ["None", "On request", "Quarterly", "Dedicated"][i]))
    return "\n".join(rows)


def bullets(fill: Filler, rng: random.Random, numbered: bool) -> str:
    lines = []
    for n in range(rng.randint(3, 5)):
        marker = "%d." % (n + 1) if numbered else "-"
        lines.append("%s %s" % (marker, emphasise(fill.sentence(), rng)))
    return "\n".join(lines)


def code_block(lang: str, fill: Filler, rng: random.Random) -> str:
    source = rng.choice(CODE_PYTHON if lang == "python" else CODE_BASH)
    v = fill.values()
    source = source.replace("{partner_kind}", v["partner_kind"]).replace("{n}", str(v["n"]))
    return "```%s\n%s```" % (lang, source)


def link_text(target: Page, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return target.title
    if roll < 0.8:
        return "*%s*" % target.title
    return {"one-pager": "the one-pager", "objection": "the objection handler",
            "case-study": "this customer story", "generic": "the playbook"}[target.kind]


def body(page: Page, pages: list[Page], cases: list[Page], seed: int, link) -> str:
    """The markdown body. `link(target_page, anchor_or_None)` returns the
    link destination, which is the only thing that differs between formats.
    `cases` is every case-study page."""
    rng = rng_for(seed, "body", page.index)
    fill = Filler(rng)
    target_words = rng.randint(620, 780)

    # 2-3 links to other pages; objections point at a case study first.
    links = []
    if len(pages) > 1:
        wanted = rng.randint(2, 3)
        chosen: list[Page] = []
        if page.kind == "objection" and cases:
            chosen.append(rng.choice(cases))
        while len(chosen) < min(wanted, len(pages) - 1):
            t = pages[rng.randrange(len(pages))]
            if t.index != page.index and t not in chosen:
                chosen.append(t)
        for t in chosen:
            anchor = None
            if t.headings and rng.random() < 0.4:
                anchor = heading_id(rng.choice(t.headings)[1])
            links.append("See [%s](%s) for %s." % (
                link_text(t, rng), link(t, anchor),
                rng.choice(["the details", "the full talk track", "the numbers",
                            "how other partners handled it", "the background"])))

    blocks: list[str] = []
    blocks.append(" ".join(paragraph(fill, rng)))
    paragraphs = [0]  # indices into blocks of prose paragraphs
    extras = ["bullets", "table", "numbered", "quote"]
    rng.shuffle(extras)
    words = len(blocks[0].split())
    sections = len(page.headings)
    for n, (level, text) in enumerate(page.headings):
        blocks.append("%s %s" % ("#" * level, text))
        words += len(text.split())
        if text == "Worked example" and page.code:
            blocks.append("The snippet below shows the call most %s partners automate first."
                          % rng.choice(PARTNER_TYPES))
            blocks.append(code_block(page.code, fill, rng))
            continue
        # One paragraph per section, a second one while behind the budget.
        budget = target_words * (n + 1) / (sections + 1)
        while True:
            p = " ".join(paragraph(fill, rng))
            paragraphs.append(len(blocks))
            blocks.append(p)
            words += len(p.split())
            if words >= budget:
                break
        if extras and n >= 1:
            extra = extras.pop()
            if extra == "bullets":
                blocks.append(bullets(fill, rng, numbered=False))
            elif extra == "numbered":
                blocks.append(bullets(fill, rng, numbered=True))
            elif extra == "table":
                blocks.append(table(page, fill, rng))
            else:
                blocks.append("> %s\n>\n> — %s" % (
                    fill.sentence(), fill.fill("{role}, {industry} customer")))
            words += len(blocks[-1].split())
    # Top up short pages with prose under the last heading.
    while words < target_words:
        p = " ".join(paragraph(fill, rng))
        paragraphs.append(len(blocks))
        blocks.append(p)
        words += len(p.split())
    # Put each link sentence at the end of a different prose paragraph.
    spots = rng.sample(paragraphs, min(len(links), len(paragraphs)))
    for spot, sentence in zip(spots, links):
        blocks[spot] = blocks[spot] + " " + sentence
    return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------
# Kit format


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def kit_yaml(pages: int) -> str:
    lines = [
        "name: %s" % q("%s Partner Kit" % COMPANY),
        "tagline: %s" % q("Synthetic benchmark kit: %d pages of enablement material." % pages),
        "version: 1.0.0",
        "base_url: https://partners.corvane.example",
        "theme: default",
        "tiers: [%s]" % ", ".join(TIERS),
        "partner_types: [%s]" % ", ".join(PARTNER_TYPES),
        "collections:",
    ]
    for dir_, title, kind, _ in COLLECTIONS:
        kind_part = ", kind: %s" % kind if kind else ""
        lines.append("  - {dir: %s, title: %s%s}" % (dir_, q(title), kind_part))
    return "\n".join(lines) + "\n"


def kit_page(page: Page, text: str) -> str:
    lines = ["---",
             "title: %s" % q(page.title),
             "slug: %s" % page.slug,
             "summary: %s" % q(page.summary),
             "tags: [%s]" % ", ".join(page.tags)]
    lines.extend(page.front)
    lines.append("---")
    return "\n".join(lines) + "\n\n" + text


def partner_profiles(partners: int, pages: list[Page], seed: int) -> list[tuple[str, str, str]]:
    """(slug, yaml text, svg logo) per partner."""
    rng = rng_for(seed, "partners")
    combos = [(a, b) for a in PARTNER_WORDS_A for b in PARTNER_WORDS_B]
    rng.shuffle(combos)
    out = []
    used = set()
    for j in range(partners):
        a, b = combos[j % len(combos)]
        name = "%s %s" % (a, b)
        if j >= len(combos):
            name += " %d" % (j // len(combos) + 1)
        slug = slugify(name)
        while slug in used:  # cannot happen with the scheme above; be safe
            slug += "-x"
        used.add(slug)
        prng = rng_for(seed, "partner", j)
        tier = prng.choices(TIERS, [0.35, 0.30, 0.25, 0.10])[0]
        kind = prng.choice(PARTNER_TYPES)
        primary = "#%06x" % prng.randint(0, 0xFFFFFF)
        accent = "#%06x" % prng.randint(0, 0xFFFFFF)
        contacts = []
        for c in range(prng.randint(2, 3)):
            who = person(prng)
            role = ["Partner manager (Corvane)", "Solutions engineer (Corvane)",
                    "Alliance lead (%s)" % name][c]
            email = "%s@%s.example" % (slugify(who).replace("-", "."),
                                       "corvane" if c < 2 else slug)
            contacts.append("  - {name: %s, role: %s, email: %s}" % (q(who), q(role), q(email)))
        featured = prng.sample(pages, min(3, len(pages)))
        text = "\n".join([
            "name: %s" % q(name),
            "tier: %s" % tier,
            "type: %s" % kind,
            "logo: logos/%s.svg" % slug,
            "colors: {primary: %s, accent: %s}" % (q(primary), q(accent)),
            "welcome: |",
            "  Welcome, **%s**. As a %s %s partner you see the material" % (name, tier, kind),
            "  your tier unlocks, with your featured items first.",
            "contacts:",
            *contacts,
            "rules_of_engagement: |",
            "  - Register every opportunity before the first customer meeting.",
            "  - Registered deals are protected for %d days." % prng.choice([60, 90, 120]),
            "  - Escalate conflicts to your partner manager within two business days.",
            "deal_registration: |",
            "  1. Open the deal portal and choose *New registration*.",
            "  2. Give the customer name, region, products and expected annual value.",
            "  3. Corvane approves or declines within %d business days." % prng.choice([1, 2, 3]),
            "lead_sla_hours: %d" % prng.choice([4, 8, 24, 48]),
            "payout: |",
            "  **%d%%** margin on new annual value and **%d%%** on renewals, settled monthly." % (
                prng.choice([10, 15, 20, 25, 30]), prng.choice([5, 8, 10, 12])),
            "featured: [%s]" % ", ".join("%s/%s" % (p.dir, p.slug) for p in featured),
        ]) + "\n"
        initials = "".join(w[0] for w in name.split()[:2])
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" '
               'viewBox="0 0 120 40" role="img" aria-label="%s">'
               '<rect width="120" height="40" rx="6" fill="%s"/>'
               '<text x="60" y="26" font-family="sans-serif" font-size="18" '
               'text-anchor="middle" fill="%s">%s</text></svg>\n') % (name, primary, accent, initials)
        out.append((slug, text, svg))
    return out


SCORECARD_YAML = """scorecard:
  data: scorecard.csv
  period: quarter
  note: note
  metrics:
    - {key: referrals, label: "Referrals submitted", unit: count}
    - {key: qualified, label: "Qualified referrals", unit: count}
    - {key: won, label: "Deals won", unit: count}
    - {key: pipeline, label: "Open pipeline", unit: currency}
    - {key: health, label: "Account health", unit: score}
    - {key: qualification_rate, label: "Qualification rate", unit: percent, formula: "qualified / referrals"}
    - {key: win_rate, label: "Win rate", unit: percent, formula: "won / qualified"}
tier_criteria:
  silver: {qualified: ">= 2"}
  gold: {qualified: ">= 6", win_rate: ">= 25%"}
  platinum: {qualified: ">= 10", win_rate: ">= 30%", health: ">= 8"}
"""


def program_data(out: str, slugs: list[str], quarters: int, seed: int) -> None:
    """data/scorecard.csv (one row per partner per quarter, oldest first)
    and data/price-book.csv (one row per tier), for --quarters."""
    rng = rng_for(seed, "scorecard")
    rows = ["partner,quarter,referrals,qualified,won,pipeline,health,note"]
    for k in range(quarters):
        quarter = "Q%d %d" % (k % 4 + 1, 2024 + k // 4)
        for slug in slugs:
            referrals = rng.randint(0, 30)
            qualified = rng.randint(0, referrals)
            won = rng.randint(0, qualified)
            rows.append('%s,%s,%d,%d,%d,"$%s",%.1f,%s' % (
                slug, quarter, referrals, qualified, won, format(rng.randint(0, 2000) * 1000, ","),
                rng.randint(40, 100) / 10, rng.choice(["", "", "Joint webinar", "New lead"])))
    write(os.path.join(out, "data", "scorecard.csv"), "\n".join(rows) + "\n")
    book = ["tier,discount,deal_protection_days"]
    book += ["%s,%d%%,%d" % (t, 5 * i, 60 + 30 * i) for i, t in enumerate(TIERS)]
    write(os.path.join(out, "data", "price-book.csv"), "\n".join(book) + "\n")


VALUE_LINE = ("\n\nAs a {{ partner.tier }} partner, {{ partner.name }} may offer up to "
              "{{ data.price-book[partner.tier].discount }} off list; registered deals are "
              "protected for {{ data.price-book[partner.tier].deal_protection_days }} days.\n")


def generate_kit(out: str, n_pages: int, n_partners: int, seed: int, quarters: int = 0) -> None:
    pages = plan(n_pages, seed)
    write(os.path.join(out, "kit.yaml"), kit_yaml(n_pages) + (SCORECARD_YAML if quarters else ""))

    def link(target: Page, anchor):
        return "../%s/%s.md%s" % (target.dir, target.slug, "#" + anchor if anchor else "")

    cases = [p for p in pages if p.kind == "case-study"]
    for n, page in enumerate(pages):
        text = body(page, pages, cases, seed, link)
        # With program data, one page in 20 quotes the reader's price book.
        if quarters and n % 20 == 0:
            text += VALUE_LINE
        write(os.path.join(out, "content", page.dir, page.slug + ".md"), kit_page(page, text))
    slugs = []
    for slug, text, svg in partner_profiles(n_partners, pages, seed):
        slugs.append(slug)
        write(os.path.join(out, "partners", slug + ".yaml"), text)
        write(os.path.join(out, "partners", "logos", slug + ".svg"), svg)
    if quarters:
        program_data(out, slugs, quarters, seed)


# --------------------------------------------------------------------------
# Hugo format

HUGO_CONFIG = """baseURL = "https://partners.corvane.example/"
languageCode = "en"
title = {title}
disableKinds = ["taxonomy", "term"]
enableRobotsTXT = false
# enablekit's Atom feed lists 50 entries; keep Hugo's home RSS to the same.
rssLimit = 50

[params]
tagline = {tagline}

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
page = ["HTML"]

[markup.highlight]
# Class-based spans like enablekit's highlighter (no inline styles).
noClasses = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ .Site.Params.tagline }}{{ end }}">
<link rel="stylesheet" href="{{ "static/style.css" | relURL }}">
</head>
<body class="page-{{ .Kind }}">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <a class="brand" href="{{ "" | relURL }}">{{ .Site.Title }}</a>
  <nav class="site-nav" aria-label="Main">
    <ul>
      {{- range .Site.Home.Sections }}
      <li><a href="{{ .RelPermalink }}"{{ if eq .Section $.Section }} class="is-active"{{ end }}>{{ .Title }}</a></li>
      {{- end }}
    </ul>
  </nav>
</header>
<main id="main" class="site-main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <p><strong>{{ .Site.Title }}</strong> · {{ .Site.Params.tagline }}</p>
</footer>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "title" }}{{ .Title }} · {{ .Site.Title }}{{ end }}
{{ define "main" }}
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
    <li><a href="{{ "" | relURL }}">Home</a></li>
    {{- with .Parent }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
    {{- end }}
  </ol>
</nav>
<article class="item">
  <header class="item__header">
    <p class="eyebrow">{{ with .Parent }}{{ .Title }}{{ end }}</p>
    <h1 class="item__title">{{ .Title }}</h1>
    {{- with .Params.summary }}
    <p class="item__lede">{{ . }}</p>
    {{- end }}
  </header>
  <nav class="toc" aria-label="On this page">
    {{ .TableOfContents }}
  </nav>
  <div class="item__body prose">
{{ .Content }}
  </div>
  {{- with .Params.tags }}
  <footer class="item__footer">
    <ul class="tags">
      {{- range . }}<li class="tag">{{ . }}</li>{{ end -}}
    </ul>
  </footer>
  {{- end }}
</article>
{{ end }}
"""

HUGO_LIST = """{{ define "title" }}{{ .Title }} · {{ .Site.Title }}{{ end }}
{{ define "main" }}
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol><li><a href="{{ "" | relURL }}">Home</a></li><li>{{ .Title }}</li></ol>
</nav>
<header class="page-header">
  <h1>{{ .Title }} <span class="count">{{ len .Pages }}</span></h1>
</header>
<ul class="cards">
  {{- range .Pages }}
  <li class="card">
    <a href="{{ .RelPermalink }}">{{ .Title }}</a>
    {{- with .Params.summary }}<p>{{ . }}</p>{{ end }}
    {{- with .Params.tags }}<ul class="tags">{{ range . }}<li class="tag">{{ . }}</li>{{ end }}</ul>{{ end }}
  </li>
  {{- end }}
</ul>
{{ end }}
"""

HUGO_INDEX = """{{ define "main" }}
<header class="page-header">
  <h1>{{ .Site.Title }}</h1>
  <p>{{ .Site.Params.tagline }}</p>
</header>
{{- range .Sections }}
<section class="home-section">
  <h2><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="count">{{ len .Pages }}</span></h2>
  <ul class="cards">
    {{- range first 6 .Pages }}
    <li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>
    {{- end }}
  </ul>
</section>
{{- end }}
{{ end }}
"""

HUGO_404 = """{{ define "main" }}
<h1>Page not found</h1>
<p><a href="{{ "" | relURL }}">Back to the home page</a></p>
{{ end }}
"""

HUGO_CSS = """body { font-family: system-ui, sans-serif; margin: 0; line-height: 1.5; }
.site-header, .site-main, .site-footer { max-width: 60rem; margin: 0 auto; padding: 1rem; }
.site-nav ul, .tags, .cards { list-style: none; padding: 0; }
.site-nav li, .tag { display: inline-block; margin-right: 1rem; }
.is-active { font-weight: bold; }
"""


def write_pages(out: str, pages: list[Page], seed: int, link, front) -> None:
    """Every page of a Hugo or Zola site: its front matter lines, then the
    same body as the kit's, with links in the site's own form."""
    cases = [p for p in pages if p.kind == "case-study"]
    for page in pages:
        text = body(page, pages, cases, seed, link)
        write(os.path.join(out, "content", page.dir, page.slug + ".md"),
              "\n".join(front(page)) + "\n\n" + text)


def generate_hugo(out: str, n_pages: int, seed: int) -> None:
    pages = plan(n_pages, seed)
    write(os.path.join(out, "config.toml"), HUGO_CONFIG.format(
        title=q("%s Partner Kit" % COMPANY),
        tagline=q("Synthetic benchmark kit: %d pages of enablement material." % n_pages)))
    write(os.path.join(out, "layouts", "_default", "baseof.html"), HUGO_BASEOF)
    write(os.path.join(out, "layouts", "_default", "single.html"), HUGO_SINGLE)
    write(os.path.join(out, "layouts", "_default", "list.html"), HUGO_LIST)
    write(os.path.join(out, "layouts", "index.html"), HUGO_INDEX)
    write(os.path.join(out, "layouts", "404.html"), HUGO_404)
    write(os.path.join(out, "static", "static", "style.css"), HUGO_CSS)
    write(os.path.join(out, "content", "_index.md"),
          "---\ntitle: %s\n---\n" % q("%s Partner Kit" % COMPANY))
    for weight, (dir_, title, _, _) in enumerate(COLLECTIONS, start=1):
        write(os.path.join(out, "content", dir_, "_index.md"),
              "---\ntitle: %s\nweight: %d\n---\n" % (q(title), weight))

    def link(target: Page, anchor):
        return "../../%s/%s/%s" % (target.dir, target.slug, "#" + anchor if anchor else "")

    write_pages(out, pages, seed, link, lambda page: [
        "---", "title: %s" % q(page.title), "summary: %s" % q(page.summary),
        "tags: [%s]" % ", ".join(page.tags), "---"])


# --------------------------------------------------------------------------
# Zola format (Zola 0.22: Tera templates, giallo highlighting)

ZOLA_CONFIG = """base_url = "https://partners.corvane.example"
title = {title}
default_language = "en"
compile_sass = false
build_search_index = false
generate_robots_txt = false
generate_sitemap = true
# An Atom feed of 50 entries, like Hugo's home RSS (rssLimit = 50). Zola only
# lists pages that have a date, so every page carries the same fixed one.
generate_feeds = true
feed_filenames = ["atom.xml"]
feed_limit = 50

[markdown.highlighting]
# Class-based spans like enablekit's and Hugo's highlighters (no inline styles).
theme = "github-light"
style = "class"

[extra]
tagline = {tagline}
"""

# One fixed date for every page: Zola's feed skips undated pages, Hugo's
# (undated, year 1) pages all tie too. Not shown on any page.
ZOLA_DATE = "2026-01-01"

# The current section, the body class and the nav are worked out in the base
# template from whichever of page / section is defined (the 404 page has
# neither), as Hugo's baseof does from .Kind, .Section and .Site.Home.Sections.
ZOLA_BASE = """<!DOCTYPE html>
{%- if page is defined %}{% set kind = "page" %}{% set current = page.components | first %}
{%- elif section is defined and section.components | length > 0 %}{% set kind = "section" %}{% set current = section.components | first %}
{%- elif section is defined %}{% set kind = "home" %}{% set current = "" %}
{%- else %}{% set kind = "404" %}{% set current = "" %}{% endif %}
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<meta name="description" content="{% if page is defined and page.description %}{{ page.description }}{% else %}{{ config.extra.tagline }}{% endif %}">
<link rel="stylesheet" href="/static/style.css">
</head>
<body class="page-{{ kind }}">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <a class="brand" href="/">{{ config.title }}</a>
  <nav class="site-nav" aria-label="Main">
    <ul>
      {%- set home = get_section(path="_index.md", metadata_only=true) %}
      {%- for s in home.subsections %}
      {%- set sub = get_section(path=s, metadata_only=true) %}
      {%- set sub_dir = sub.components | first %}
      <li><a href="{{ sub.path | safe }}"{% if sub_dir == current %} class="is-active"{% endif %}>{{ sub.title }}</a></li>
      {%- endfor %}
    </ul>
  </nav>
</header>
<main id="main" class="site-main">
{% block main %}{% endblock main %}
</main>
<footer class="site-footer">
  <p><strong>{{ config.title }}</strong> · {{ config.extra.tagline }}</p>
</footer>
</body>
</html>
"""

ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block main %}
{%- set parent = get_section(path=page.ancestors | last, metadata_only=true) %}
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
    <li><a href="/">Home</a></li>
    <li><a href="{{ parent.path | safe }}">{{ parent.title }}</a></li>
  </ol>
</nav>
<article class="item">
  <header class="item__header">
    <p class="eyebrow">{{ parent.title }}</p>
    <h1 class="item__title">{{ page.title }}</h1>
    {%- if page.description %}
    <p class="item__lede">{{ page.description }}</p>
    {%- endif %}
  </header>
  <nav class="toc" aria-label="On this page">
    <nav id="TableOfContents">
      <ul>
      {%- for h in page.toc %}
        <li><a href="#{{ h.id }}">{{ h.title }}</a>
        {%- if h.children %}
          <ul>
          {%- for c in h.children %}
            <li><a href="#{{ c.id }}">{{ c.title }}</a></li>
          {%- endfor %}
          </ul>
        {%- endif %}
        </li>
      {%- endfor %}
      </ul>
    </nav>
  </nav>
  <div class="item__body prose">
{{ page.content | safe }}
  </div>
  {%- if page.extra.tags %}
  <footer class="item__footer">
    <ul class="tags">
      {%- for t in page.extra.tags %}<li class="tag">{{ t }}</li>{% endfor -%}
    </ul>
  </footer>
  {%- endif %}
</article>
{% endblock main %}
"""

ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block main %}
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol><li><a href="/">Home</a></li><li>{{ section.title }}</li></ol>
</nav>
<header class="page-header">
  <h1>{{ section.title }} <span class="count">{{ section.pages | length }}</span></h1>
</header>
<ul class="cards">
  {%- for p in section.pages %}
  <li class="card">
    <a href="{{ p.path | safe }}">{{ p.title }}</a>
    {%- if p.description %}<p>{{ p.description }}</p>{% endif %}
    {%- if p.extra.tags %}<ul class="tags">{% for t in p.extra.tags %}<li class="tag">{{ t }}</li>{% endfor %}</ul>{% endif %}
  </li>
  {%- endfor %}
</ul>
{% endblock main %}
"""

ZOLA_INDEX = """{% extends "base.html" %}
{% block main %}
<header class="page-header">
  <h1>{{ config.title }}</h1>
  <p>{{ config.extra.tagline }}</p>
</header>
{%- for s in section.subsections %}
{%- set sub = get_section(path=s) %}
<section class="home-section">
  <h2><a href="{{ sub.path | safe }}">{{ sub.title }}</a> <span class="count">{{ sub.pages | length }}</span></h2>
  <ul class="cards">
    {%- for p in sub.pages | slice(end=6) %}
    <li class="card"><a href="{{ p.path | safe }}">{{ p.title }}</a>{% if p.description %}<p>{{ p.description }}</p>{% endif %}</li>
    {%- endfor %}
  </ul>
</section>
{%- endfor %}
{% endblock main %}
"""

ZOLA_404 = """{% extends "base.html" %}
{% block main %}
<h1>Page not found</h1>
<p><a href="/">Back to the home page</a></p>
{% endblock main %}
"""

# Like Hugo's default RSS item: title, link, date and the front-matter summary
# (Zola's built-in atom.xml would embed every entry's whole body instead).
ZOLA_ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ lang }}">
    <title>{{ config.title }}</title>
    <link rel="self" type="application/atom+xml" href="{{ feed_url | safe }}"/>
    <link rel="alternate" type="text/html" href="{{ config.base_url | escape_xml | safe }}"/>
    <generator uri="https://www.getzola.org/">Zola</generator>
    {% if last_updated is defined %}<updated>{{ last_updated | date(format="%+") }}</updated>{% endif %}
    <id>{{ feed_url | safe }}</id>
    {%- for page in pages %}
    <entry xml:lang="{{ page.lang }}">
        <title>{{ page.title }}</title>
        <updated>{{ page.date | date(format="%+") }}</updated>
        <link rel="alternate" type="text/html" href="{{ page.permalink | safe }}"/>
        <id>{{ page.permalink | safe }}</id>
        <summary>{{ page.description }}</summary>
    </entry>
    {%- endfor %}
</feed>
"""


def generate_zola(out: str, n_pages: int, seed: int) -> None:
    pages = plan(n_pages, seed)
    write(os.path.join(out, "config.toml"), ZOLA_CONFIG.format(
        title=q("%s Partner Kit" % COMPANY),
        tagline=q("Synthetic benchmark kit: %d pages of enablement material." % n_pages)))
    write(os.path.join(out, "templates", "base.html"), ZOLA_BASE)
    write(os.path.join(out, "templates", "page.html"), ZOLA_PAGE)
    write(os.path.join(out, "templates", "section.html"), ZOLA_SECTION)
    write(os.path.join(out, "templates", "index.html"), ZOLA_INDEX)
    write(os.path.join(out, "templates", "404.html"), ZOLA_404)
    write(os.path.join(out, "templates", "atom.xml"), ZOLA_ATOM)
    write(os.path.join(out, "static", "static", "style.css"), HUGO_CSS)
    write(os.path.join(out, "content", "_index.md"),
          "+++\ntitle = %s\n+++\n" % q("%s Partner Kit" % COMPANY))
    for weight, (dir_, title, _, _) in enumerate(COLLECTIONS, start=1):
        # Hugo lists a section's pages by weight, date, then title; these
        # pages have neither weight nor date there, so: by title.
        write(os.path.join(out, "content", dir_, "_index.md"),
              "+++\ntitle = %s\nweight = %d\nsort_by = \"title\"\n+++\n" % (q(title), weight))

    def link(target: Page, anchor):
        # Zola's internal links: checked at build time, anchors included.
        return "@/%s/%s.md%s" % (target.dir, target.slug, "#" + anchor if anchor else "")

    write_pages(out, pages, seed, link, lambda page: [
        "+++", "title = %s" % q(page.title), "description = %s" % q(page.summary),
        "date = %s" % ZOLA_DATE, "", "[extra]",
        "tags = [%s]" % ", ".join(q(t) for t in page.tags), "+++"])


# --------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="number of content pages")
    ap.add_argument("--partners", type=int, default=10, help="partner profiles (kit format)")
    ap.add_argument("--out", required=True, help="output folder (must be empty or absent)")
    ap.add_argument("--format", choices=["kit", "hugo", "zola"], default="kit")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quarters", type=int, default=0,
                    help="kit format: program data for this many quarters (a scorecard per "
                         "partner, tier criteria, a price book quoted by one page in 20)")
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("--pages must be at least 1")
    if args.partners < 0:
        ap.error("--partners must not be negative")
    if os.path.isdir(args.out) and os.listdir(args.out):
        print("gen_corpus: %s is not empty; pick a new folder" % args.out, file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    if args.format == "kit":
        generate_kit(args.out, args.pages, args.partners, args.seed, args.quarters)
    elif args.format == "hugo":
        generate_hugo(args.out, args.pages, args.seed)
    else:
        generate_zola(args.out, args.pages, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
