//! The e-mail-ready copy of each brief a partner portal shows
//! (`<collection>/<slug>/email.html` and `email.txt`): the sections that
//! partner sees, assembled as on its page, then made into mail by
//! `render::email`. Only with a `base_url`, since mail needs absolute links.

use std::collections::BTreeMap;

use super::context::site_view;
use super::routes::{EmailPart as Part, portal_url};
use super::{RenderError, Renderer};
use crate::diagnostics::Diagnostic;
use crate::render::email::{self, EmailColours, EmailView};

/// An item's page under the portal's absolute root.
fn page_url(portal: &url::Url, item: &crate::model::content::Item) -> url::Url {
    portal.join(&item.url()).unwrap_or_else(|_| portal.clone())
}

impl Renderer<'_> {
    /// Every brief's text for the feed, as this portal shows it, with
    /// absolute links (feed readers show it away from the page), by
    /// manifest key; none without a `base_url`.
    pub(super) fn feed_contents(&self) -> BTreeMap<String, String> {
        let Some((portal, briefs)) = self.briefs_online() else {
            return BTreeMap::new();
        };
        briefs
            .into_iter()
            .map(|i| {
                let item = &self.items[i];
                let html =
                    email::absolute(email::body(&self.body(i)).trim(), &page_url(&portal, item));
                (format!("{}/{}", item.collection, item.slug), html)
            })
            .collect()
    }

    /// Brief `i`'s e-mail copy, as HTML or as plain text.
    pub(super) fn email(&self, i: usize, part: Part) -> Result<String, RenderError> {
        let failed = |e: email::EmailError| {
            RenderError::Template(vec![
                Diagnostic::error("E0306", e.to_string())
                    .hint("check the theme's brief-email.html: it must be a whole HTML document"),
            ])
        };
        let html = self
            .email_html(i)
            .and_then(|(filled, page)| email::html(&filled, &page).map_err(failed))?;
        match part {
            Part::Html => Ok(html),
            Part::Text => email::text(&html).map_err(failed),
        }
    }

    /// `brief-email.html` filled for this partner, and the brief page's URL.
    fn email_html(&self, i: usize) -> Result<(String, url::Url), RenderError> {
        let kit = self.kit;
        let item = &self.items[i];
        let portal =
            portal_url(&kit.config.base_url, self.portal, &self.tree).ok_or_else(|| {
                RenderError::Template(vec![
                    Diagnostic::error("E0306", "a brief's e-mail copy needs absolute links")
                        .hint("set `base_url` in kit.yaml to where the portals are hosted"),
                ])
            })?;
        let page = page_url(&portal, item);
        let reader = self.portal.partner.map(|p| &kit.partners[p]);
        let body = self.body(i);
        let palette = super::palette(self.portal);
        let hex = crate::model::brand::hex;
        let view = EmailView {
            title: &item.title,
            summary: item.front.summary.as_deref().unwrap_or(""),
            date: item
                .date
                .map(|d| self.speech.long_date(d))
                .unwrap_or_default(),
            body_html: email::body(&body),
            online_url: page.to_string(),
            portal_url: portal.to_string(),
            partner_name: reader.map_or("", |p| p.name.as_str()),
            colours: EmailColours {
                header: hex(palette.primary.fill),
                on_header: hex(palette.primary.on),
                link: hex(palette.link),
                accent: hex(palette.accent_line),
            },
        };
        let mut ctx = tera::Context::new();
        ctx.insert("site", &site_view(kit));
        super::context::speak(&mut ctx, &self.speech);
        ctx.insert("brief", &view);
        let filled = self
            .theme
            .render("brief-email.html", &ctx)
            .map_err(|d| RenderError::Template(vec![*d]))?;
        Ok((filled, page))
    }
}
