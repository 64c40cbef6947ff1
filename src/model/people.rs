//! A person either side of a partnership names: a contact in a profile,
//! the owner of referrals in the handoff.

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::yaml::Doc;

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct Contact {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// Who single sign-on lets into a portal besides the people named: every
/// verified address in one of `domains`, every member of one of `groups`
/// (the identity provider's `groups` claim).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct SignIn {
    pub domains: Vec<String>,
    pub groups: Vec<String>,
}

impl SignIn {
    pub fn is_empty(&self) -> bool {
        self.domains.is_empty() && self.groups.is_empty()
    }
}

/// Our own people beyond the profiles' contacts (kit.yaml `staff:`): who
/// opens the internal portal, by name or by sign-in.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Staff {
    pub people: Vec<Contact>,
    pub domains: Vec<String>,
    pub groups: Vec<String>,
}

impl Staff {
    pub fn sign_in(&self) -> SignIn {
        SignIn {
            domains: self.domains.clone(),
            groups: self.groups.clone(),
        }
    }
}

/// Domains and groups as a server config can match them: a domain is a
/// host name (`partner.example`, no `@`), a group a word without spaces,
/// quotes or backslashes. A domain written twice is one domain.
pub fn check_sign_in(sign_in: &SignIn, (doc, key): (&Doc, &str), errors: &mut Vec<Diagnostic>) {
    for domain in &sign_in.domains {
        if !is_domain(domain) {
            errors.push(
                Diagnostic::error("E0217", format!("`{domain}` is not an e-mail domain"))
                    .at(doc.value_location(key, domain))
                    .hint("write the part after `@` of the partner's addresses, in lower case: `domains: [partner.example]`"),
            );
        } else if PUBLIC_MAIL.contains(&domain.as_str()) {
            errors.push(
                Diagnostic::error("E0219", format!("`{domain}` is a public mail service: anyone can have an address there"))
                    .at(doc.value_location(key, domain))
                    .hint("name the people who use such an address under `people:` instead; a domain here lets in everyone who signs in with it"),
            );
        }
    }
    for group in &sign_in.groups {
        if group.is_empty()
            || group.chars().any(|c| {
                c.is_whitespace() || c.is_control() || matches!(c, '"' | '\\' | '\'' | '$' | '%')
            })
        {
            errors.push(
                Diagnostic::error("E0218", format!("group `{}` has spaces, quotes, `$` or `%`", group.escape_default()))
                    .at(doc.value_location(key, group))
                    .hint("name the group as the identity provider's `groups` claim carries it, without spaces or quotes"),
            );
        }
    }
}

/// Mail services where anyone can get an address: a domain of theirs
/// would open a portal to the world. The big ones only; the crates that
/// keep such lists download them at build time, which a build here may
/// not do.
const PUBLIC_MAIL: &[&str] = &[
    "126.com",
    "163.com",
    "aol.com",
    "fastmail.com",
    "free.fr",
    "gmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.fr",
    "icloud.com",
    "laposte.net",
    "libero.it",
    "live.com",
    "live.fr",
    "mac.com",
    "mail.com",
    "mail.ru",
    "mailinator.com",
    "me.com",
    "msn.com",
    "naver.com",
    "orange.fr",
    "outlook.com",
    "pm.me",
    "proton.me",
    "protonmail.com",
    "qq.com",
    "sfr.fr",
    "t-online.de",
    "tuta.io",
    "tutanota.com",
    "wanadoo.fr",
    "web.de",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.fr",
    "yandex.com",
    "yandex.ru",
    "ymail.com",
    "zoho.com",
];

/// A lower-case host name of at least two labels.
fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// The partner's own people: each named, with an e-mail address (the
/// person's identity: a login of their own), each address once. One person
/// alone is a warning, as on our side: the tie would not survive them
/// leaving. A profile that names no one yet says nothing.
pub fn check_people(
    people: &[Contact],
    name: &str,
    (doc, key): (&Doc, &str),
    (errors, warnings): (&mut Vec<Diagnostic>, &mut Vec<Diagnostic>),
) {
    if people.len() == 1 {
        warnings.push(
            Diagnostic::warning("W0206", format!("`{name}` names a single person of their own"))
                .at(doc.key_location(key))
                .label("their side rests on one person")
                .hint("add a second person at the partner (name, role, email), so that one departure does not cut the tie"),
        );
    }
    check_addresses(people, (doc, key), errors);
}

/// Each person named, with an address of their own, each address once:
/// the address is the login, so it must say who one person is.
pub fn check_addresses(people: &[Contact], (doc, key): (&Doc, &str), errors: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    for p in people {
        let email = p.email.trim();
        let at = doc.value_location(key, if email.is_empty() { &p.name } else { email });
        if p.name.trim().is_empty() {
            errors.push(
                Diagnostic::error("E0214", format!("a person under `{key}` without `name`"))
                    .at(at.clone())
                    .hint("every person needs `name`, `role` and `email`"),
            );
        }
        if !is_email(email) {
            errors.push(
                Diagnostic::error("E0215", format!("`{}` has no e-mail address one can write to", p.name))
                    .at(at.clone())
                    .hint("give each person their own address (`email: dana@partner.example`): it is who they are when they sign in"),
            );
        } else if !seen.insert(email.to_ascii_lowercase()) {
            errors.push(
                Diagnostic::error("E0216", format!("`{email}` is listed twice under `{key}`"))
                    .at(at)
                    .hint("list each person once"),
            );
        }
    }
}

/// An address of the shape `local@domain.tld`, without spaces or the
/// characters a login or a server config cannot hold (`:`, quotes, `\`,
/// `$`, `%`, `[`, `]`, `^`: Apache reads its `Require` lines as
/// expressions).
pub fn is_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(|c: char| {
                    c.is_whitespace()
                        || c.is_control()
                        || matches!(c, ':' | '"' | '\\' | ',' | '$' | '%' | '[' | ']' | '^')
                })
                && !domain.contains('@')
        }
        None => false,
    }
}
