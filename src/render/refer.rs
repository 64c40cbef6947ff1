//! "Refer a deal" as template data: the partner's handoff (its profile's
//! keys over kit.yaml's) as steps, its SLA and contacts, the registration
//! rules, and a `mailto:` link whose subject and body carry the required
//! fields as a template to fill in, so a referral needs no server.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::model::config::Config;
use crate::model::handoff::Handoff;
use crate::model::partners::{Contact, Partner};

/// RFC 6068: everything but unreserved characters is escaped in a mailto
/// query (spaces as `%20`, which every mail client reads; `+` is not a space).
const MAILTO: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// The address itself keeps its `@`; anything that could start a query
/// (`?`, `&`, `#`) or end the URL is still escaped.
const ADDRESS: &AsciiSet = &MAILTO.remove(b'@');

#[derive(Serialize)]
pub struct ReferView {
    /// The handoff's own keys (email, owner, sla_hours, fields, …) as they are.
    #[serde(flatten)]
    pub handoff: Handoff,
    /// `mailto:` with subject and body, `""` without an address.
    pub mailto: String,
    pub subject: String,
    pub body: String,
    pub contacts: Vec<Contact>,
}

impl ReferView {
    pub fn new(p: &Partner, config: &Config) -> Self {
        let handoff = p.handoff(config);
        let (subject, body) = handoff.mail(&p.name);
        let mailto = match handoff.email.is_empty() {
            true => String::new(),
            false => format!(
                "mailto:{}?subject={}&body={}",
                utf8_percent_encode(&handoff.email, ADDRESS),
                utf8_percent_encode(&subject, MAILTO),
                utf8_percent_encode(&body.replace('\n', "\r\n"), MAILTO)
            ),
        };
        ReferView {
            handoff,
            mailto,
            subject,
            body,
            contacts: p.contacts.clone(),
        }
    }
}
