//! Who single sign-on lets into each portal: the people the kit names
//! (by their address), and the e-mail domains and group claims a
//! profile's `sign_in:` (kit.yaml `staff:` for the internal portal) gives.
//! A domain or group opens one portal only, and nobody named for one
//! portal may carry another's domain: each would open two. Pure.

use std::collections::BTreeMap;

use serde::Serialize;

use super::people::Person;
use super::portals::Portal;
use super::problems::HostError;
use crate::model::partners::Partner;
use crate::model::people::SignIn;

/// Each portal's `sign_in`, by portal key (`internal`: kit.yaml `staff:`).
pub type SignIns = BTreeMap<String, SignIn>;

/// Each partner's `sign_in`, and staff's from kit.yaml for `internal`.
pub fn sign_ins(config: &crate::model::config::Config, partners: &[Partner]) -> SignIns {
    let mut sign_ins: SignIns = partners
        .iter()
        .map(|p| (p.slug.clone(), p.sign_in.clone()))
        .collect();
    sign_ins.insert("internal".into(), config.staff.sign_in());
    sign_ins
}

/// What lets a signed-in person into one portal; any one suffices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub emails: Vec<String>,
    pub domains: Vec<String>,
    pub groups: Vec<String>,
}

impl Rule {
    pub fn is_empty(&self) -> bool {
        self.emails.is_empty() && self.domains.is_empty() && self.groups.is_empty()
    }
}

/// Each open portal's rule, by portal key. A closed portal (access ended)
/// gets none: nobody opens it.
pub fn rules(
    portals: &[Portal],
    people: &[Person],
    sign_ins: &SignIns,
) -> Result<BTreeMap<String, Rule>, Vec<HostError>> {
    let mut errors = Vec::new();
    let mut domain_of: BTreeMap<&str, &str> = BTreeMap::new();
    let mut group_of: BTreeMap<&str, &str> = BTreeMap::new();
    for (key, sign_in) in sign_ins {
        for d in &sign_in.domains {
            claim(&mut domain_of, d, key, "domain", &mut errors);
        }
        for g in &sign_in.groups {
            claim(&mut group_of, g, key, "group", &mut errors);
        }
    }
    for person in people {
        let domain = person.email.rsplit_once('@').map_or("", |(_, d)| d);
        if let Some(&other) = domain_of.get(domain)
            && other != person.portal_key()
        {
            errors.push(HostError::TwoPortals {
                what: format!("`{}`", person.email),
                first: person.portal_key().to_string(),
                second: other.to_string(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(portals
        .iter()
        .filter(|p| p.closed_since.is_none())
        .map(|p| (p.key.clone(), rule(p, people, sign_ins)))
        .collect())
}

fn claim<'a>(
    owners: &mut BTreeMap<&'a str, &'a str>,
    value: &'a str,
    key: &'a str,
    what: &str,
    errors: &mut Vec<HostError>,
) {
    match owners.insert(value, key) {
        Some(first) if first != key => errors.push(HostError::TwoPortals {
            what: format!("{what} `{value}`"),
            first: first.to_string(),
            second: key.to_string(),
        }),
        _ => {}
    }
}

fn rule(portal: &Portal, people: &[Person], sign_ins: &SignIns) -> Rule {
    let sign_in = sign_ins.get(&portal.key).cloned().unwrap_or_default();
    let mut domains = sign_in.domains;
    domains.sort();
    domains.dedup();
    let mut groups = sign_in.groups;
    groups.sort();
    groups.dedup();
    Rule {
        emails: people
            .iter()
            .filter(|p| p.portal_key() == portal.key)
            .map(|p| p.email.clone())
            .collect(),
        domains,
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::super::people::Side;
    use super::*;

    fn person(email: &str, side: Side) -> Person {
        Person {
            email: email.into(),
            name: "P".into(),
            role: String::new(),
            side,
            named_in: vec![],
        }
    }

    fn sign_in(domains: &[&str], groups: &[&str]) -> SignIn {
        SignIn {
            domains: domains.iter().map(|s| s.to_string()).collect(),
            groups: groups.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn each_portal_lets_in_its_people_domains_and_groups() {
        let portals = [Portal::internal(), Portal::partner("acme"), {
            let mut p = Portal::partner("gone");
            p.closed_since = Some("2026-01-01".into());
            p
        }];
        let people = [
            person("ida@acme.example", Side::Partner("acme".into())),
            person("pat@us.example", Side::Staff),
        ];
        let sign_ins = BTreeMap::from([
            ("internal".to_string(), sign_in(&["us.example"], &["staff"])),
            ("acme".to_string(), sign_in(&["acme.example"], &[])),
        ]);
        let rules = rules(&portals, &people, &sign_ins).unwrap();
        assert_eq!(rules["acme"].emails, ["ida@acme.example"]);
        assert_eq!(rules["acme"].domains, ["acme.example"]);
        assert_eq!(rules["internal"].groups, ["staff"]);
        assert!(!rules.contains_key("gone"));
    }

    #[test]
    fn a_domain_or_group_opens_one_portal() {
        let portals = [Portal::internal(), Portal::partner("acme")];
        let sign_ins = BTreeMap::from([
            ("internal".to_string(), sign_in(&["acme.example"], &["all"])),
            ("acme".to_string(), sign_in(&["acme.example"], &["all"])),
        ]);
        let errors = rules(&portals, &[], &sign_ins).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        // A staff member at a partner's domain would open both portals.
        let sign_ins = BTreeMap::from([("acme".to_string(), sign_in(&["acme.example"], &[]))]);
        let people = [person("old@acme.example", Side::Staff)];
        let errors = rules(&portals, &people, &sign_ins).unwrap_err();
        assert!(errors[0].to_string().contains("old@acme.example"));
    }
}
