//! Partner profiles: validation with located errors, `--portal` selection,
//! and co-branding (brand.css, logo, featured items, partnership page,
//! the staff portal's partner directory).

use crate::common::{
    EXAMPLE_PORTALS, KitTest, built_small, fails_without_touching_output, position, versions,
};

// ---------------------------------------------------------------- validation

#[test]
fn unknown_tier() {
    let kit = built_small();
    kit.edit("partners/southwind.yaml", |s| {
        s.replace("tier: silver", "tier: titanium")
    });
    fails_without_touching_output(&kit)
        .expect_stderr("error[E0203]: unknown tier `titanium`")
        .expect_stderr(" --> partners/southwind.yaml:2:7")
        .expect_stderr("registered, silver, gold, platinum");
}

#[test]
fn unknown_partner_type() {
    let kit = built_small();
    kit.edit("partners/southwind.yaml", |s| {
        s.replace("type: referral", "type: vendor")
    });
    fails_without_touching_output(&kit)
        .expect_stderr("error[E0204]: unknown partner type `vendor`")
        .expect_stderr(" --> partners/southwind.yaml:3:7")
        .expect_stderr("referral, reseller, integration, strategic");
}

#[test]
fn allow_list_naming_a_partner_without_a_profile() {
    let kit = built_small();
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace(
            "owner: \"Marketing\"\n",
            "owner: \"Marketing\"\npartners: [northstar, westgate]\n",
        )
    });
    fails_without_touching_output(&kit)
        .expect_stderr("error[E0122]: `partners` names `westgate`, which has no profile")
        .expect_stderr(" --> content/one-pagers/overview.md:6:23")
        .expect_stderr("partners/");
}

#[test]
fn duplicate_partner_slug() {
    let kit = built_small();
    let northstar = kit.read("partners/northstar.yaml");
    kit.write(
        "partners/zeta.yaml",
        northstar.replace(
            "name: \"Northstar Partners\"\n",
            "name: \"Zeta\"\nslug: northstar\n",
        ),
    );
    fails_without_touching_output(&kit)
        .expect_stderr("error[E0210]: two partner profiles have the slug `northstar`")
        .expect_stderr(" --> partners/zeta.yaml")
        .expect_stderr("northstar.yaml");
}

#[test]
fn duplicate_partner_slug_points_at_the_slug_line() {
    let kit = built_small();
    let northstar = kit.read("partners/northstar.yaml");
    kit.write(
        "partners/zeta.yaml",
        northstar.replace(
            "name: \"Northstar Partners\"\n",
            "name: \"Zeta\"\nslug: northstar\n",
        ),
    );
    fails_without_touching_output(&kit).expect_stderr(" --> partners/zeta.yaml:2:7");
}

#[test]
fn unsafe_partner_slugs() {
    let kit = built_small();
    let southwind = kit.read("partners/southwind.yaml");
    kit.write(
        "partners/escape.yaml",
        format!("slug: \"../x\"\n{southwind}"),
    );
    kit.write(
        "partners/staff.yaml",
        format!("slug: internal\n{southwind}"),
    );
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0202]: partner slug `../x` cannot be a portal folder")
        .expect_stderr(" --> partners/escape.yaml:1:7")
        .expect_stderr("error[E0202]: partner slug `internal` cannot be a portal folder")
        .expect_stderr(" --> partners/staff.yaml:1:7");
    assert!(!kit.out_path("x").exists() && !kit.out_path("partners/x").exists());
}

#[test]
fn missing_logo_file() {
    let kit = built_small();
    kit.edit("partners/northstar.yaml", |s| {
        s.replace("logo: logos/northstar.svg", "logo: logos/gone.svg")
    });
    fails_without_touching_output(&kit)
        .expect_stderr("error[E0206]: logo file `logos/gone.svg` does not exist")
        .expect_stderr(" --> partners/northstar.yaml:4:7");
}

#[test]
fn colour_that_is_not_a_colour() {
    let kit = built_small();
    kit.edit("partners/northstar.yaml", |s| {
        s.replace("primary: \"#1b2a4a\"", "primary: \"blue\"")
    });
    fails_without_touching_output(&kit)
        .expect_stderr("error[E0205]: `colors.primary` is not a colour: `blue`")
        .expect_stderr(" --> partners/northstar.yaml:5:20")
        .expect_stderr("hex");
}

#[test]
fn single_contact_builds_with_a_warning() {
    let kit = KitTest::fixture("small");
    kit.edit("partners/southwind.yaml", |s| {
        s.replace(
            "  - {name: \"Dev Patel\", role: \"Channel lead\", email: \"dev@kit.example\"}\n",
            "",
        )
    });
    let run = kit.build(&[]);
    run.expect_success()
        .expect_stderr("warning[W0201]: `Southwind Referrals` has a single contact")
        .expect_stderr(" --> partners/southwind.yaml:5:1")
        .expect_stderr("1 warning");
    assert!(kit.out_exists("partners/southwind/1.0.0/index.html"));
    let directory = kit.read_out("internal/1.0.0/partners/index.html");
    let card = partner_card(&directory, "southwind");
    assert!(card.contains("Single point of contact"), "{card}");
    assert!(
        !partner_card(&directory, "northstar").contains("Single point of contact"),
        "two contacts are not a risk"
    );
}

// ---------------------------------------------------------- portal selection

fn existing_portals(kit: &KitTest) -> Vec<&'static str> {
    EXAMPLE_PORTALS
        .iter()
        .copied()
        .filter(|p| kit.out_exists(p))
        .collect()
}

#[test]
fn portal_flag_builds_only_the_named_partner() {
    let kit = KitTest::example();
    let run = kit.build(&["--portal", "sunbeam-advisory"]);
    run.expect_success().expect_stderr("into 1 portal in");
    assert_eq!(existing_portals(&kit), ["partners/sunbeam-advisory"]);
    assert_eq!(
        versions(&kit, "partners/sunbeam-advisory"),
        [("1.0.0".to_string(), true)]
    );
    assert!(kit.out_exists("partners/sunbeam-advisory/1.0.0/partnership/index.html"));
}

#[test]
fn portal_internal_builds_only_the_staff_portal() {
    let kit = KitTest::example();
    kit.build(&["--portal", "internal"])
        .expect_success()
        .expect_stderr("into 1 portal in");
    assert_eq!(existing_portals(&kit), ["internal"]);
    assert!(!kit.out_path("partners").exists());
    assert!(kit.out_exists("internal/1.0.0/partners/index.html"));
}

#[test]
fn portal_flag_repeats() {
    let kit = KitTest::example();
    kit.build(&["--portal", "internal", "--portal", "pipewise-labs"])
        .expect_success()
        .expect_stderr("into 2 portals in");
    assert_eq!(
        existing_portals(&kit),
        ["internal", "partners/pipewise-labs"]
    );
}

// ---------------------------------------------------------------- co-branding

/// The first `<img …>` tag whose `src` is `src`.
fn img_tag<'a>(html: &'a str, src: &str) -> &'a str {
    let at = position(html, &format!(" src=\"{src}\""), "img");
    let start = html[..at].rfind("<img").expect("an <img> tag");
    let end = at + html[at..].find('>').expect("tag end");
    &html[start..=end]
}

/// The `<article class="partner-card…">` of `slug` in the partner directory.
fn partner_card<'a>(directory: &'a str, slug: &str) -> &'a str {
    let id = format!("aria-labelledby=\"ek-partner-{slug}\"");
    let at = position(directory, &id, "partner directory");
    let rest = &directory[at..];
    &rest[..rest.find("</article>").expect("card ends")]
}

#[test]
fn brand_css_carries_the_partner_colours_with_readable_text() {
    let kit = KitTest::example();
    kit.build(&[]).expect_success();
    for (slug, primary, on_primary, accent) in [
        ("sunbeam-advisory", "#ffd23f", "#111827", "#1d3557"),
        ("atlas-cloud-group", "#2d1b69", "#ffffff", "#ff6b6b"),
    ] {
        let css = kit.read_out(&format!("partners/{slug}/1.0.0/static/brand.css"));
        assert!(
            css.contains(&format!("--brand-primary: {primary};")),
            "{slug}: {css}"
        );
        assert!(
            css.contains(&format!("--brand-on-primary: {on_primary};")),
            "{slug}: {css}"
        );
        assert!(
            css.contains(&format!("--brand-accent: {accent};")),
            "{slug}: {css}"
        );
        assert!(css.contains("--brand-on-accent: #"), "{slug}: {css}");
    }
    let staff = kit.read_out("internal/1.0.0/static/brand.css");
    assert!(
        staff.contains("--brand-primary: #3b3fd8;"),
        "staff portal: {staff}"
    );
    // Every page loads it.
    let page = kit.read_out("partners/sunbeam-advisory/1.0.0/objections/too-expensive/index.html");
    assert!(page.contains("href=\"../../static/brand.css\""));
}

#[test]
fn partner_home_is_co_branded_and_featured_comes_first() {
    let kit = KitTest::example();
    kit.build(&[]).expect_success();
    let home = kit.read_out("partners/sunbeam-advisory/1.0.0/index.html");
    assert!(home.contains("Welcome, Sunbeam Advisory"));
    let logo = img_tag(&home, "static/partners/sunbeam-advisory.svg");
    assert!(
        logo.contains(" alt=\"Sunbeam Advisory\""),
        "logo alt text: {logo}"
    );
    assert!(kit.out_exists("partners/sunbeam-advisory/1.0.0/static/partners/sunbeam-advisory.svg"));
    assert!(home.contains("<strong>"), "welcome markdown is rendered");

    let featured = position(&home, "id=\"ek-featured\"", "featured section");
    let first_collection = position(&home, "id=\"ek-c-one-pagers\"", "one-pagers section");
    assert!(
        featured < first_collection,
        "featured items come before collection sections"
    );
    // In the profile's order.
    let section = &home[featured..first_collection];
    let order: Vec<usize> = [
        "href=\"one-pagers/lumora-in-one-minute/\"",
        "href=\"one-pagers/pricing-and-packaging/\"",
        "href=\"case-studies/carebridge-health/\"",
    ]
    .iter()
    .map(|h| position(section, h, "featured section"))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "featured order: {order:?}"
    );
    let staff_home = kit.read_out("internal/1.0.0/index.html");
    assert!(
        !staff_home.contains("id=\"ek-featured\""),
        "no featured on staff home"
    );
}

#[test]
fn partnership_page_lists_contacts_sla_and_payout() {
    let kit = KitTest::example();
    kit.build(&[]).expect_success();
    let page = kit.read_out("partners/atlas-cloud-group/1.0.0/partnership/index.html");
    for (name, role, email) in [
        (
            "Elena Marsh",
            "Alliance director (Lumora)",
            "elena.marsh@lumora.example",
        ),
        (
            "Samuel Adeyemi",
            "Partner solutions architect (Lumora)",
            "samuel.adeyemi@lumora.example",
        ),
        (
            "Hana Sato",
            "Product management liaison (Lumora)",
            "hana.sato@lumora.example",
        ),
    ] {
        assert!(page.contains(name), "contact {name}");
        assert!(page.contains(&format!(">{role}<")), "role {role}");
        assert!(
            page.contains(&format!("href=\"mailto:{email}\"")),
            "email {email}"
        );
    }
    assert!(page.contains("href=\"tel:+442079460321\""), "phone link");
    assert!(page.contains("<strong>4 hours</strong>"), "SLA hours");
    assert!(
        page.contains("Resale margin of <strong>30%</strong>"),
        "payout text (rendered markdown)"
    );
    assert!(page.contains("id=\"ek-rules\"") && page.contains("id=\"ek-deal-registration\""));

    let sunbeam = kit.read_out("partners/sunbeam-advisory/1.0.0/partnership/index.html");
    assert!(sunbeam.contains("<strong>24 hours</strong>"));
    assert!(sunbeam.contains("referral fee of 12%"));
    assert!(sunbeam.contains("Maya Castellanos") && sunbeam.contains("Ines Carvalho"));
    assert!(
        !sunbeam.contains("Elena Marsh"),
        "another partner's contact"
    );
}

#[test]
fn staff_directory_lists_every_partner_with_tier_type_and_portal_link() {
    let kit = KitTest::example();
    kit.build(&[]).expect_success();
    let rel = "internal/1.0.0/partners/index.html";
    let directory = kit.read_out(rel);
    let partners = [
        (
            "atelier-rhone",
            "Atelier Rhône Conseil",
            "silver",
            "reseller",
            "48 hours",
        ),
        (
            "atlas-cloud-group",
            "Atlas Cloud Group",
            "platinum",
            "strategic",
            "4 hours",
        ),
        (
            "kestrel-consulting",
            "Kestrel Consulting",
            "registered",
            "referral",
            "72 hours",
        ),
        (
            "northwind-digital",
            "Northwind Digital",
            "gold",
            "reseller",
            "24 hours",
        ),
        (
            "pipewise-labs",
            "Pipewise Labs",
            "silver",
            "integration",
            "48 hours",
        ),
        (
            "sunbeam-advisory",
            "Sunbeam Advisory",
            "silver",
            "referral",
            "24 hours",
        ),
    ];
    assert_eq!(
        directory.matches("<article class=\"partner-card").count(),
        partners.len()
    );
    for (slug, name, tier, kind, sla) in partners {
        let card = partner_card(&directory, slug);
        assert!(card.contains(&format!(">{name}</h2>")), "{slug}: name");
        let badges = &card[position(card, "partner-card__badges", slug)..];
        let badges = &badges[..badges.find("</p>").expect("badges end")];
        assert!(
            badges.contains(&format!(">{tier}</span>")),
            "{slug}: tier in {badges}"
        );
        assert!(
            badges.contains(&format!(">{kind}</span>")),
            "{slug}: type in {badges}"
        );
        assert!(card.contains(sla), "{slug}: SLA");
        let link = format!("href=\"../../../partners/{slug}/\"");
        assert!(card.contains(&link), "{slug}: portal link");
        let target = kit.out_path(&format!(
            "internal/1.0.0/partners/../../../partners/{slug}/index.html"
        ));
        assert!(
            target.is_file(),
            "{slug}: portal link target {}",
            target.display()
        );
        let logo = img_tag(card, &format!("../static/partners/{slug}.svg"));
        // The card's heading names the partner; the logo beside it is decoration.
        assert!(logo.contains(" alt=\"\""), "{slug}: logo alt: {logo}");
        assert!(card.contains(&format!("\">{name}</h2>")), "{slug}: heading");
        assert!(kit.out_exists(&format!("internal/1.0.0/static/partners/{slug}.svg")));
    }
    // The directory is staff-only.
    for portal in &EXAMPLE_PORTALS[1..] {
        assert!(!kit.out_exists(&format!("{portal}/1.0.0/partners/index.html")));
    }
}

/// WCAG contrast of two `#rrggbb` colours (an independent copy of the
/// formula, so the test does not trust the code it checks).
fn wcag(a: &str, b: &str) -> f64 {
    let lum = |hex: &str| {
        let ch = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5)
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

fn css_var<'a>(css: &'a str, name: &str) -> &'a str {
    let at = css
        .find(&format!("--{name}: "))
        .unwrap_or_else(|| panic!("no --{name} in {css}"));
    &css[at + name.len() + 4..at + name.len() + 11]
}

#[test]
fn extreme_brand_colours_still_meet_wcag_aa() {
    let kit = KitTest::example();
    for (slug, primary, accent) in [
        ("kestrel-consulting", "#e63946", "#e63946"),
        ("sunbeam-advisory", "#fdfbe8", "#fffffe"),
        ("northwind-digital", "#000000", "#010101"),
    ] {
        kit.edit(&format!("partners/{slug}.yaml"), |s| {
            let start = s.find("colors:").unwrap();
            let end = start + s[start..].find('\n').unwrap();
            format!(
                "{}colors: {{primary: \"{primary}\", accent: \"{accent}\"}}{}",
                &s[..start],
                &s[end..]
            )
        });
    }
    kit.build(&[]).expect_success();
    for slug in [
        "kestrel-consulting",
        "sunbeam-advisory",
        "northwind-digital",
    ] {
        let css = kit.read_out(&format!("partners/{slug}/1.0.0/static/brand.css"));
        let v = |n: &str| css_var(&css, n);
        let pages = [v("brand-tint"), v("accent-tint"), "#ffffff", "#f6f7f9"];
        assert!(
            wcag(v("brand-primary"), v("brand-on-primary")) >= 4.5,
            "{slug}: {css}"
        );
        assert!(
            wcag(v("brand-control"), v("brand-on-control")) >= 4.5,
            "{slug}: {css}"
        );
        assert!(
            wcag(v("brand-accent-fill"), v("brand-on-accent")) >= 4.5,
            "{slug}: {css}"
        );
        for bg in pages {
            assert!(
                wcag(v("brand-control"), bg) >= 3.0,
                "{slug}: button edge on {bg}: {css}"
            );
            assert!(wcag(v("link"), bg) >= 4.5, "{slug}: link on {bg}: {css}");
            assert!(
                wcag(v("brand-accent-line"), bg) >= 3.0,
                "{slug}: marker on {bg}: {css}"
            );
        }
    }
}

// ---------------------------------------------------------------- their people

#[test]
fn a_profile_names_the_partners_own_people_beside_ours() {
    let kit = KitTest::fixture("small");
    kit.edit("partners/northstar.yaml", |s| {
        format!(
            "{s}people:\n  - {{name: \"Dana Reyes\", role: \"Sales director\", email: \"dana@northstar.example\"}}\n  - {{name: \"Eli Park\", role: \"Engineer\", email: \"eli@northstar.example\"}}\n"
        )
    });
    kit.edit("partners/southwind.yaml", |s| {
        format!("{s}people:\n  - {{name: \"Fay Lund\", role: \"Owner\", email: \"fay@southwind.example\"}}\n")
    });
    let run = kit.build(&[]);
    run.expect_success()
        .expect_stderr("warning[W0206]: `Southwind Referrals` names a single person of their own")
        .expect_stderr("partners/southwind.yaml:");
    assert!(run.diagnostics("W0206").len() == 1, "{}", run.stderr);
    let page = kit.read_out("partners/northstar/latest/partnership/index.html");
    for text in [
        "Your people on the partnership",
        "Dana Reyes",
        "mailto:eli@northstar.example",
        "Ada Lane",
    ] {
        assert!(page.contains(text), "{text}: {page}");
    }
    assert!(!page.contains("fay@southwind"), "another partner's people");
    let single = kit.read_out("partners/southwind/latest/partnership/index.html");
    assert!(
        single.contains("Only one person on your side is listed"),
        "{single}"
    );
    let staff = kit.read_out("internal/latest/partners/index.html");
    for text in [
        "Their people",
        "dana@northstar.example",
        "fay@southwind.example",
    ] {
        assert!(staff.contains(text), "{text}");
    }
    // Each person has a name and an address of their own, listed once.
    kit.edit("partners/northstar.yaml", |s| {
        s.replace("eli@northstar.example", "dana@northstar.example")
            .replace("\"Dana Reyes\", role", "\"\", role")
    });
    kit.edit("partners/southwind.yaml", |s| {
        s.replace("fay@southwind.example", "fay at southwind")
    });
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("error[E0214]: a person under `people` without `name`")
        .expect_stderr("error[E0216]: `dana@northstar.example` is listed twice under `people`")
        .expect_stderr("error[E0215]: `Fay Lund` has no e-mail address one can write to")
        .expect_stderr("partners/southwind.yaml:");
}

#[test]
fn sign_in_domains_must_be_a_partners_own() {
    let kit = KitTest::fixture("small");
    kit.edit("partners/northstar.yaml", |s| {
        format!("{s}sign_in: {{domains: [northstar.example, Gmail.com, gmail.com], groups: [\"north sales\"]}}\n")
    });
    kit.build(&[])
        .expect_code(1)
        .expect_stderr(
            "error[E0219]: `gmail.com` is a public mail service: anyone can have an address there",
        )
        .expect_stderr("error[E0217]: `Gmail.com` is not an e-mail domain")
        .expect_stderr("error[E0218]: group `north sales` has spaces, quotes, `$` or `%`")
        .expect_stderr("partners/northstar.yaml:");
    kit.edit("partners/northstar.yaml", |s| {
        s.replace(
            ", Gmail.com, gmail.com], groups: [\"north sales\"]",
            "], groups: [north-sales]",
        )
    });
    kit.edit("kit.yaml", |s| {
        format!("{s}staff: {{domains: [outlook.com]}}\n")
    });
    kit.build(&[])
        .expect_code(1)
        .expect_stderr("error[E0219]: `outlook.com` is a public mail service")
        .expect_stderr("kit.yaml:");
    kit.edit("kit.yaml", |s| s.replace("outlook.com", "kit.example"));
    kit.build(&[]).expect_success();
}
