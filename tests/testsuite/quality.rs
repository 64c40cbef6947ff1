//! The partner's portal as it loads and reads: images that keep their
//! space, logos that read, brand colours that pass WCAG AA (the colour
//! sweep itself is a unit test in `src/model/brand.rs`).

use crate::authoring::small;

/// Every `<img …>` tag of a page.
fn img_tags(html: &str) -> Vec<&str> {
    html.match_indices("<img ")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .collect()
}

#[test]
fn every_image_carries_its_intrinsic_size() {
    let kit = small();
    // A PNG, a JPEG-less raster check needs real bytes: write a 3×2 PNG.
    let png: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0,
        0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0, 0x12, 0x16, 0xf1, 0x4d,
    ];
    kit.write("content/case-studies/images/team.png", png);
    kit.write(
        "content/case-studies/images/wide.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 180\"><title>w</title></svg>",
    );
    kit.edit("content/case-studies/acme.md", |s| {
        format!(
            "{s}\n![The team](images/team.png \"Acme's team\") ![A wide chart](images/wide.svg)\n"
        )
    });
    kit.build(&[]).expect_success();
    let page = kit.read_out("partners/northstar/latest/case-studies/acme/index.html");
    let imgs = img_tags(&page);
    let body: Vec<&&str> = imgs.iter().filter(|t| t.contains("images/")).collect();
    assert_eq!(body.len(), 3, "{imgs:?}");
    for (file, w, h) in [
        ("incidents.svg", 10, 10),
        ("team.png", 3, 2),
        ("wide.svg", 640, 180),
    ] {
        let tag = body.iter().find(|t| t.contains(file)).unwrap();
        assert!(
            tag.contains(&format!("width=\"{w}\" height=\"{h}\"")),
            "{file}: {tag}"
        );
    }
    let team = body.iter().find(|t| t.contains("team.png")).unwrap();
    assert!(
        team.contains("alt=\"The team\"") && team.contains(" title=\"Acme"),
        "{team}"
    );
    // Logos too, in the header of every page.
    for tag in img_tags(&page).iter().filter(|t| t.contains("brand__logo")) {
        assert!(tag.contains("width=\"40\" height=\"20\""), "{tag}");
    }
}

#[test]
fn a_wordmark_logo_is_not_followed_by_the_name_it_shows() {
    let kit = small();
    kit.write(
        "partners/logos/northstar.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"60\"><title>Northstar Partners</title></svg>",
    );
    kit.build(&[]).expect_success();
    let home = kit.read_out("partners/northstar/latest/index.html");
    let header = &home[..home.find("</header>").unwrap()];
    assert!(header.contains("alt=\"Northstar Partners\""), "{header}");
    assert!(
        !header.contains("brand__partner"),
        "the name repeated beside its wordmark"
    );
    let directory = kit.read_out("internal/latest/partners/index.html");
    let card = &directory[directory.find("ek-partner-northstar").unwrap() - 400..];
    assert!(card.contains("partner-card__logo--wordmark"), "{card}");
    assert!(card.contains("class=\"partner-card__name visually-hidden\">Northstar Partners"));
    // A square logo keeps the name beside it.
    let other = kit.read_out("partners/southwind/latest/index.html");
    assert!(
        other.contains("brand__partner"),
        "southwind has no logo: the name shows"
    );
}

#[test]
fn every_page_names_a_favicon_that_exists() {
    let kit = small();
    kit.build(&[]).expect_success();
    for portal in ["internal", "partners/northstar"] {
        for page in ["index.html", "one-pagers/overview/index.html", "404.html"] {
            let html = kit.read_out(&format!("{portal}/latest/{page}"));
            assert!(html.contains("<link rel=\"icon\""), "{portal}/{page}");
        }
        let svg = kit.read_out(&format!("{portal}/latest/static/favicon.svg"));
        assert!(svg.starts_with("<svg"));
    }
    // A kit's own icon, inside the kit.
    kit.write(
        "brand/icon.png",
        [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a],
    );
    kit.edit("kit.yaml", |s| format!("{s}favicon: brand/icon.png\n"));
    kit.build(&["--version", "1.1.0"]).expect_success();
    let home = kit.read_out("partners/northstar/1.1.0/index.html");
    assert!(
        home.contains("<link rel=\"icon\" href=\"static/kit-favicon.png\" type=\"image/png\">"),
        "{home}"
    );
    assert_eq!(
        kit.read_out_bytes("partners/northstar/1.1.0/static/kit-favicon.png"),
        std::fs::read(kit.path("brand/icon.png")).unwrap()
    );
    kit.edit("kit.yaml", |s| s.replace("brand/icon.png", "../icon.png"));
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("error[E0009]: favicon `../icon.png`");
}

#[test]
fn search_folds_accents_splits_cjk_and_suggests_the_kits_own_words() {
    let kit = small();
    kit.edit("content/one-pagers/overview.md", |s| {
        format!("{s}\nAsk Jürgen Müller about the 価格改定 before the call.\n")
    });
    kit.build(&[]).expect_success();
    let index = kit.read_search_index("partners/northstar/latest");
    for term in [
        "\"jurgen\"",
        "\"muller\"",
        "\"価格\"",
        "\"格改\"",
        "\"改定\"",
    ] {
        assert!(index.contains(term), "{term} not indexed");
    }
    assert!(!index.contains("müller"), "unfolded form indexed");
    let search = kit.read_out("partners/northstar/latest/search/index.html");
    assert!(search.contains("placeholder=\"e.g. pricing, "), "{search}");
    assert!(
        !search.contains("security review"),
        "the example kit's words"
    );
    kit.edit("kit.yaml", |s| {
        format!("{s}search_examples: [renewals, \"SOC 2\"]\n")
    });
    kit.build(&["--version", "1.1.0"]).expect_success();
    let search = kit.read_out("partners/northstar/1.1.0/search/index.html");
    assert!(
        search.contains("placeholder=\"e.g. renewals, SOC 2\""),
        "{search}"
    );
}

#[test]
fn an_unzipped_offline_copy_has_no_broken_link_and_searches_from_disk() {
    let kit = crate::common::KitTest::example();
    kit.build(&[]).expect_success();
    for portal in ["internal", "partners/northwind-digital"] {
        let bytes = kit.read_out_bytes(&format!("{portal}/latest/offline.zip"));
        let dir = tempfile::TempDir::new().unwrap();
        zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .expect("a valid zip")
            .extract(dir.path())
            .expect("unzips");
        let top = std::fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let links = crate::common::check_links(&top);
        assert!(
            links.html_files > 10 && links.checked > 100,
            "{portal}: {links:?}"
        );
        assert!(links.problems.is_empty(), "{portal}: {:#?}", links.problems);
        // What the pages' scripts need is there as a script, not fetched JSON.
        let index = std::fs::read_to_string(top.join("search-index.js")).unwrap();
        assert!(index.starts_with("window.enablekitSearchIndex={\"v\":2,"));
        assert!(top.join("search-index").read_dir().unwrap().count() >= 2);
        assert!(top.join("feed.xml").is_file());
        assert!(!top.join("404.html").exists());
        let home = std::fs::read_to_string(top.join("index.html")).unwrap();
        assert!(
            home.contains(&format!(
                "href=\"https://partners.lumora.example/{portal}/latest/offline.zip\""
            )),
            "{portal}: the copy's download link goes online"
        );
    }
}

#[test]
fn the_home_page_shows_a_featured_item_once_and_names_things_as_people_do() {
    let kit = crate::common::KitTest::example();
    kit.build(&[]).expect_success();
    let home = kit.read_out("partners/atlas-cloud-group/latest/index.html");
    let featured = &home[home.find("ek-featured").unwrap()..home.find("ek-c-").unwrap()];
    let below = &home[home.find("ek-c-").unwrap()..];
    let hrefs = |html: &str| -> Vec<String> {
        crate::common::attr_values(html, "href")
            .into_iter()
            .filter(|h| h.matches('/').count() == 2)
            .map(str::to_string)
            .collect()
    };
    let featured_links = hrefs(featured);
    assert!(!featured_links.is_empty(), "{featured}");
    for link in &featured_links {
        assert!(
            !hrefs(below).contains(link),
            "{link} is featured and listed again below"
        );
    }
    // One card is one item: "Case study", not "Case studies".
    assert!(
        featured.contains("class=\"card__collection\">Case study<")
            || featured.contains("class=\"card__collection\">One-pager<")
            || featured.contains("class=\"card__collection\">Objection handler<"),
        "{featured}"
    );
    assert!(!featured.contains("card__collection\">Case studies<"));
    // The company, not the kit's name, is what a newcomer is new to.
    let start = kit.read_out("partners/atlas-cloud-group/latest/start-here/index.html");
    assert!(start.contains("New to Lumora?"), "{start}");
}
