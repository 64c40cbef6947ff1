//! What a portal says in its reader's language: the theme's words
//! (`t` in every template), `lang` and `dir`, dates as people there read
//! them, and the words the browser script needs (`static/strings.js`).

use std::sync::Arc;

use crate::load::theme::Words;

/// One portal's language and the theme's words in it.
#[derive(Debug, Clone)]
pub struct Speech {
    pub lang: String,
    pub dir: &'static str,
    pub words: Arc<Words>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Speech {
    pub fn new(lang: &str, words: Words) -> Self {
        Speech {
            lang: lang.to_string(),
            dir: crate::model::language::direction(lang),
            words: Arc::new(words),
        }
    }

    /// The word `key`, or `english` when the theme has none for it (a
    /// theme of the kit's own may lack the built-in keys).
    pub fn say(&self, key: &str, english: &str) -> String {
        self.words
            .get(key)
            .map_or_else(|| english.to_string(), String::clone)
    }

    /// The word `key` with its `{name}` placeholders filled from `vars`.
    pub fn fill(&self, key: &str, english: &str, vars: &[(&str, &str)]) -> String {
        vars.iter()
            .fold(self.say(key, english), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }

    /// `d` as people read it: the words' `date_long` pattern (`{day}`,
    /// `{month}`, `{month_number}`, `{year}`) with `month_1`…`month_12`,
    /// else `30 November 2026`.
    pub fn long_date(&self, d: time::Date) -> String {
        let n = u8::from(d.month()) as usize;
        let month = self
            .words
            .get(&format!("month_{n}"))
            .map_or(MONTHS[n - 1], String::as_str);
        let pattern = self
            .words
            .get("date_long")
            .map_or("{day} {month} {year}", String::as_str);
        pattern
            .replace("{day}", &d.day().to_string())
            .replace("{month_number}", &n.to_string())
            .replace("{month}", month)
            .replace("{year}", &d.year().to_string())
    }

    /// `static/strings.js`: the words whose keys start with `js_`, as a
    /// script (pages opened from disk cannot fetch JSON), `<` escaped.
    pub fn script(&self) -> String {
        let js: Words = self
            .words
            .iter()
            .filter(|(k, _)| k.starts_with("js_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let json = serde_json::to_string(&js).unwrap_or_else(|_| "{}".into());
        format!(
            "window.enablekitStrings = {};\n",
            json.replace('<', "\\u003c")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_words_and_fall_back_to_english() {
        let d = time::macros::date!(2026 - 11 - 30);
        assert_eq!(
            Speech::new("en", Words::new()).long_date(d),
            "30 November 2026"
        );
        let ja: Words = [
            ("month_11".to_string(), "11月".to_string()),
            (
                "date_long".to_string(),
                "{year}年{month_number}月{day}日".to_string(),
            ),
        ]
        .into();
        let ja = Speech::new("ja", ja);
        assert_eq!(ja.long_date(d), "2026年11月30日");
        assert_eq!(ja.dir, "ltr");
        assert_eq!(Speech::new("ar", Words::new()).dir, "rtl");
        let js: Words = [
            ("js_a".to_string(), "</script>".to_string()),
            ("nav_home".to_string(), "Home".to_string()),
        ]
        .into();
        assert_eq!(
            Speech::new("en", js).script(),
            "window.enablekitStrings = {\"js_a\":\"\\u003c/script>\"};\n"
        );
    }
}
