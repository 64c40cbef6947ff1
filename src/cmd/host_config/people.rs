//! Who may sign in: the partner's people (each profile's `people:`) and
//! our staff (kit.yaml `staff:`, and every profile contact whose address
//! is in one of `staff.domains`), each with the one portal they open.
//! An address is one person: it may not stand for two partners, or for a
//! partner and staff, since its login would open both. Pure: the caller
//! loads the profiles.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::problems::HostError;
use crate::model::config::Config;
use crate::model::partners::{Contact, Partner};
use crate::model::people::is_email;

/// Whose side a person is on, which decides their portal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    Staff,
    Partner(String),
}

/// Someone the kit names, who may sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The address in lower case: the login.
    pub email: String,
    pub name: String,
    pub role: String,
    pub side: Side,
    /// The files that name them, kit.yaml first (a staff member can be a
    /// contact in several profiles).
    pub named_in: Vec<PathBuf>,
}

impl Person {
    /// The key of the portal they open: `internal` or the partner's slug.
    pub fn portal_key(&self) -> &str {
        match &self.side {
            Side::Staff => "internal",
            Side::Partner(slug) => slug,
        }
    }
}

/// Everyone the kit names, sorted by address; `kit_yaml` is where
/// `staff:` is written.
pub fn people(
    config: &Config,
    partners: &[Partner],
    kit_yaml: &Path,
) -> Result<Vec<Person>, Vec<HostError>> {
    let mut found: BTreeMap<String, Person> = BTreeMap::new();
    let mut errors = Vec::new();
    let staff_domains = &config.staff.domains;
    let mut add = |contact: &Contact, side: Side, file: &Path| {
        let email = contact.email.trim().to_lowercase();
        match found.get_mut(&email) {
            Some(seen) if seen.side == side => seen.named_in.push(file.to_path_buf()),
            Some(seen) => errors.push(HostError::SamePerson {
                email,
                first: describe(&seen.side, &seen.named_in[0]),
                second: describe(&side, file),
            }),
            None => {
                found.insert(
                    email.clone(),
                    Person {
                        email,
                        name: contact.name.trim().to_string(),
                        role: contact.role.trim().to_string(),
                        side,
                        named_in: vec![file.to_path_buf()],
                    },
                );
            }
        }
    };
    for person in &config.staff.people {
        add(person, Side::Staff, kit_yaml);
    }
    for p in partners {
        for contact in p.contacts.iter().filter(|c| is_staff(c, staff_domains)) {
            add(contact, Side::Staff, &p.path);
        }
        for person in &p.people {
            add(person, Side::Partner(p.slug.clone()), &p.path);
        }
    }
    if errors.is_empty() {
        Ok(found.into_values().collect())
    } else {
        Err(errors)
    }
}

/// A contact counts as staff when their address is in one of ours: a
/// profile's contacts are our side, but only a domain kit.yaml claims
/// says so for certain (older kits listed the partner's people there).
fn is_staff(contact: &Contact, staff_domains: &[String]) -> bool {
    let email = contact.email.trim().to_lowercase();
    is_email(&email)
        && email
            .rsplit_once('@')
            .is_some_and(|(_, domain)| staff_domains.iter().any(|d| d == domain))
}

fn describe(side: &Side, file: &Path) -> String {
    match side {
        Side::Staff => format!("staff ({})", file.display()),
        Side::Partner(slug) => format!("partner `{slug}` ({})", file.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, email: &str) -> Contact {
        Contact {
            name: name.into(),
            email: email.into(),
            ..Contact::default()
        }
    }

    fn partner(slug: &str, contacts: Vec<Contact>, people: Vec<Contact>) -> Partner {
        let text = format!(
            "name: {slug}\ntier: gold\ntype: reseller\ncontacts: [{{name: A}}, {{name: B}}]\n"
        );
        let path = PathBuf::from(format!("partners/{slug}.yaml"));
        let config = config("staff: {domains: [us.example]}\n");
        let profile = crate::model::partners::parse(&path, slug, text).unwrap();
        let mut p = match profile.check(&config, None) {
            Ok((p, _)) => p,
            Err(e) => panic!("{e:?}"),
        };
        p.contacts = contacts;
        p.people = people;
        p
    }

    fn config(extra: &str) -> Config {
        let text = format!("name: Kit\n{extra}");
        Config::parse(Path::new("kit.yaml"), &text).unwrap().0
    }

    #[test]
    fn staff_are_contacts_in_our_domains_and_kit_yaml_people() {
        let config = config(
            "staff:\n  domains: [us.example]\n  people: [{name: Ann, email: ann@elsewhere.example}]\n",
        );
        let partners = [
            partner(
                "acme",
                vec![
                    contact("Pat", "Pat@US.example"),
                    contact("Old", "old@acme.example"),
                ],
                vec![contact("Ida", "ida@acme.example")],
            ),
            partner("beta", vec![contact("Pat", "pat@us.example")], vec![]),
        ];
        let people = people(&config, &partners, Path::new("kit.yaml")).unwrap();
        let by: BTreeMap<&str, &Person> = people.iter().map(|p| (p.email.as_str(), p)).collect();
        assert_eq!(by.len(), 3, "{people:?}");
        assert_eq!(by["ann@elsewhere.example"].side, Side::Staff);
        assert_eq!(by["pat@us.example"].named_in.len(), 2);
        assert_eq!(by["ida@acme.example"].portal_key(), "acme");
        assert!(!by.contains_key("old@acme.example"));
    }

    #[test]
    fn one_address_for_two_sides_is_refused() {
        let config = config("staff: {domains: [us.example]}\n");
        let partners = [
            partner("acme", vec![], vec![contact("Ida", "ida@acme.example")]),
            partner("beta", vec![], vec![contact("Ida", "IDA@acme.example")]),
            partner("gamma", vec![], vec![contact("Pat", "pat@us.example")]),
            partner("delta", vec![contact("Pat", "pat@us.example")], vec![]),
        ];
        let errors = people(&config, &partners, Path::new("kit.yaml")).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].to_string().contains("ida@acme.example"));
    }
}
