//! Every Rust identifier the generator emits is made here: case conversion (heck), one keyword
//! policy, and collision resolution within a scope.

pub mod paths;
pub mod reserved;

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words dropped from method names: `Add a user's TSP account` → `add_users_tsp_account`.
const ARTICLES: &[&str] = &["a", "an", "the"];

/// Strict and reserved keywords of every edition, plus the 2024 `gen`.
pub(crate) const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// File names Windows refuses; module names become file names.
const RESERVED_FILE_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Splits text into ASCII words: apostrophes are dropped (so `user's` stays one word), `&`
/// reads as `and` (`Q&A` → `Q and A`) and every other non-alphanumeric character separates
/// words. An acronym with a lowercase letter in it (`IDs`, `URLs`, `QoS`, `IoT`) is made one
/// lowercase word, which heck would otherwise split at the case change (`i_ds`, `qo_s`).
fn words(text: &str) -> String {
    let text = if text.is_ascii() { std::borrow::Cow::Borrowed(text) } else { deunicode::deunicode(text).into() };
    let mut spaced = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\'' | '\u{2018}' | '\u{2019}' | '`' => {}
            '&' => spaced.push_str(" and "),
            c if c.is_ascii_alphanumeric() => spaced.push(c),
            _ => spaced.push(' '),
        }
    }
    spaced
        .split(' ')
        .map(|word| if is_mixed_acronym(word) { word.to_ascii_lowercase() } else { word.to_string() })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `IDs`, `URLs`, `APIs` (capitals and a plural `s`) and `QoS`, `IoT`, `iOS` (three letters, one
/// of them lowercase).
fn is_mixed_acronym(word: &str) -> bool {
    let upper = word.bytes().filter(u8::is_ascii_uppercase).count();
    let lower = word.bytes().filter(u8::is_ascii_lowercase).count();
    let plural = upper >= 2 && lower == 1 && upper + 1 == word.len() && word.ends_with('s');
    let short = word.len() == 3 && upper == 2 && lower == 1;
    plural || short
}

fn finish(ident: String, fallback: &str, digit_prefix: &str) -> String {
    let ident = if ident.is_empty() { fallback.to_string() } else { ident };
    let ident = if ident.starts_with(|c: char| c.is_ascii_digit()) { format!("{digit_prefix}{ident}") } else { ident };
    if KEYWORDS.contains(&ident.as_str()) { format!("{ident}_") } else { ident }
}

/// A snake_case identifier (fields, parameters, modules); `fallback` when nothing is left.
pub fn snake(text: &str, fallback: &str) -> String {
    finish(words(text).to_snake_case(), fallback, "n")
}

/// A snake_case method name from an item name, without articles: `a`, `an` and `the` before
/// another word, capitalized only as the first word (`Get Q&A` keeps its `A`).
pub fn method(text: &str) -> String {
    let words = words(text);
    let words: Vec<&str> = words.split_whitespace().collect();
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(at, word)| {
            let article =
                ARTICLES.contains(word) || (*at == 0 && ARTICLES.contains(&word.to_ascii_lowercase().as_str()));
            !(article && at + 1 < words.len())
        })
        .map(|(_, word)| *word)
        .collect();
    if kept.is_empty() {
        return snake(text, "operation");
    }
    snake(&kept.join(" "), "operation")
}

/// The name of a host's base URL setting: the variable its origin is written with (`{{auth_url}}`
/// → `auth`, `https://{{region}}.example.com` → `region`), else its host name (`files.example.com`
/// → `files_example_com`); a trailing `url`, `base_url` or `host` is dropped.
pub fn host(template: &str, origin: &str) -> String {
    let variable = template.split_once("{{").and_then(|(_, rest)| rest.split_once("}}")).map(|(name, _)| name);
    let text = match variable {
        Some(name) => name.to_string(),
        None => {
            let host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            host.split([':', '/']).next().unwrap_or_default().to_string()
        }
    };
    let name = snake(&text, "host");
    let trimmed = ["_base_url", "_url", "_host"].iter().find_map(|suffix| name.strip_suffix(suffix));
    trimmed.filter(|name| !name.is_empty()).unwrap_or(&name).to_string()
}

/// A module name: snake_case, never a file name Windows reserves.
pub fn module(text: &str) -> String {
    let name = snake(text, "folder");
    if RESERVED_FILE_NAMES.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// An UpperCamelCase type or variant name; `fallback` when nothing is left. The one
/// UpperCamelCase keyword, `Self`, becomes `SelfValue`.
pub fn camel(text: &str, fallback: &str) -> String {
    let name = camel_prefix(text, fallback);
    if KEYWORDS.contains(&name.as_str()) { format!("{name}Value") } else { name }
}

/// UpperCamelCase for the start of a longer name (`self` → `Self`, as in `SelfRequest`).
pub fn camel_prefix(text: &str, fallback: &str) -> String {
    let name = words(text).to_upper_camel_case();
    let name = if name.is_empty() { fallback.to_string() } else { name };
    if name.starts_with(|c: char| c.is_ascii_digit()) { format!("V{name}") } else { name }
}

/// A package name from a collection title: `Zoom API` → `zoom-api`.
pub fn crate_name(title: &str) -> String {
    snake(title, "api_client").trim_end_matches('_').replace('_', "-")
}

/// The name without its ordinal prefix (`1. Authentication`, `01 - Setup`, `2) Cards`,
/// `Step 3: Pay`, `1.2. Refunds`, `2a. Authorisation`), when what follows starts with a letter; `None` when the name
/// has no such prefix.
pub fn without_ordinal(name: &str) -> Option<&str> {
    let text = name.trim_start();
    let step = text.get(..4).filter(|word| word.eq_ignore_ascii_case("step")).map(|_| text[4..].trim_start());
    let number = step.unwrap_or(text);
    let digits = |text: &str| text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut rest = number.get(digits(number)..).filter(|_| digits(number) > 0)?;
    // Sub-ordinals: `1.2`, `1.2.3`.
    while let Some(after) = rest.strip_prefix('.').filter(|after| digits(after) > 0) {
        rest = &after[digits(after)..];
    }
    // A lettered one: `2a.`, `4b)`.
    let lettered = rest.strip_prefix(|c: char| c.is_ascii_alphabetic()).filter(|after| after.starts_with(['.', ')']));
    let rest = lettered.unwrap_or(rest).trim_start();
    // A separator after the number; `Step 3` needs none.
    let rest = match rest.strip_prefix(['.', ')', ':', '-', '\u{2013}', '\u{2014}']) {
        Some(after) => after.trim_start(),
        None if step.is_some() => rest,
        None => return None,
    };
    rest.starts_with(char::is_alphabetic).then_some(rest)
}

/// The names a list of sibling items (folders and requests of one folder) are named from: each
/// without its ordinal prefix (so that inserting an item does not rename those after it),
/// unless the rest would name it like a sibling, in which case it keeps its number.
pub fn sibling_names<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let stripped: Vec<Option<&str>> = names.iter().map(|name| without_ordinal(name)).collect();
    let candidate = |at: usize| method(stripped[at].unwrap_or(names[at]));
    (0..names.len())
        .map(|at| match stripped[at] {
            Some(rest) if (0..names.len()).all(|other| other == at || candidate(other) != candidate(at)) => rest,
            _ => names[at],
        })
        .collect()
}

/// A set of names already taken in one Rust namespace.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Names taken from the start.
    reserved: BTreeSet<String>,
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a (impl AsRef<str> + 'a + ?Sized)>) -> Self {
        Scope { reserved: reserved.into_iter().map(|name| name.as_ref().to_string()).collect(), taken: BTreeSet::new() }
    }

    /// Claims `candidate`, or the first free `candidate2`, `candidate3`, … (`_2` for snake_case).
    pub fn claim(&mut self, candidate: &str) -> String {
        if self.take(candidate) {
            return candidate.to_string();
        }
        let separator = if candidate.contains('_') || candidate.starts_with(char::is_lowercase) { "_" } else { "" };
        let base = candidate.trim_end_matches('_');
        (2..).map(|n| format!("{base}{separator}{n}")).find(|name| self.take(name)).unwrap_or_default()
    }

    /// Takes `name` if it is free.
    fn take(&mut self, name: &str) -> bool {
        !self.reserved.contains(name) && !self.taken.contains(name) && self.taken.insert(name.to_string())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.reserved.contains(name) || self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_are_readable() {
        assert_eq!(method("Add a user's TSP account"), "add_users_tsp_account");
        assert_eq!(method("Update a TSP account"), "update_tsp_account");
        assert_eq!(method("Create an IM directory group"), "create_im_directory_group");
        assert_eq!(method("Create users"), "create_users");
        assert_eq!(method("A"), "a");
        assert_eq!(method("Créer un Ünïcode"), "creer_un_unicode");
        assert_eq!(method("“Quoted” ‘name’"), "quoted_name");
        assert_eq!(method("---"), "operation");
        assert_eq!(method("Get Q&A settings"), "get_q_and_a_settings");
        assert_eq!(method("Update a meeting's Q&A"), "update_meetings_q_and_a");
        assert_eq!(snake("QoS", "field"), "qos");
        assert_eq!(snake("user IDs", "field"), "user_ids");
        assert_eq!(snake("List URLs", "field"), "list_urls");
        assert_eq!(camel("meeting QoS", "T"), "MeetingQos");
        assert_eq!(snake("iOS", "field"), "ios");
        assert_eq!(snake("userId", "field"), "user_id");
        assert_eq!(snake("GETs", "field"), "gets");
    }

    #[test]
    fn keywords_and_digits() {
        assert_eq!(snake("type", "field"), "type_");
        assert_eq!(snake("self", "field"), "self_");
        assert_eq!(camel("self", "T"), "SelfValue");
        assert_eq!(camel_prefix("self_", "T"), "Self");
        assert_eq!(snake("2fa", "field"), "n2fa");
        assert_eq!(camel("1", "V"), "V1");
        assert_eq!(snake("", "field"), "field");
        assert_eq!(snake("userId", "field"), "user_id");
        assert_eq!(camel("tsp_bridge", "T"), "TspBridge");
        assert_eq!(module("CON"), "con_");
    }

    #[test]
    fn ordinal_prefixes_are_not_part_of_a_name() {
        assert_eq!(without_ordinal("1. Authentication"), Some("Authentication"));
        assert_eq!(without_ordinal("3. Set card status"), Some("Set card status"));
        assert_eq!(without_ordinal("01 - Setup"), Some("Setup"));
        assert_eq!(without_ordinal("2) Cards"), Some("Cards"));
        assert_eq!(without_ordinal("Step 3: Pay"), Some("Pay"));
        assert_eq!(without_ordinal("step 4 Refund"), Some("Refund"));
        assert_eq!(without_ordinal("1.2. Refunds"), Some("Refunds"));
        assert_eq!(without_ordinal("10.Push"), Some("Push"));
        assert_eq!(without_ordinal("2a. Authorisation"), Some("Authorisation"));
        assert_eq!(without_ordinal("4b) Reversal"), Some("Reversal"));
        assert_eq!(without_ordinal("2ab. Not one"), None);
        // Not an ordinal, or nothing that stands alone after it.
        assert_eq!(without_ordinal("1st Party"), None);
        assert_eq!(without_ordinal("3rd party"), None);
        assert_eq!(without_ordinal("2.0 API"), None);
        assert_eq!(without_ordinal("404"), None);
        assert_eq!(without_ordinal("1. 2FA"), None);
        assert_eq!(without_ordinal("Users"), None);
        assert_eq!(without_ordinal("Stepper 1: x"), None);
        assert_eq!(
            sibling_names(&["1. Authentication", "2. Cards", "3. Cards", "Disputes", "4. Disputes", "5. List a card"]),
            ["Authentication", "2. Cards", "3. Cards", "Disputes", "4. Disputes", "List a card"]
        );
    }

    #[test]
    fn collisions_are_numbered_in_claim_order() {
        let mut scope = Scope::with_reserved(&["new"]);
        assert_eq!(scope.claim("new"), "new_2");
        assert_eq!(scope.claim("user_id"), "user_id");
        assert_eq!(scope.claim("user_id"), "user_id_2");
        assert_eq!(scope.claim("Users"), "Users");
        assert_eq!(scope.claim("Users"), "Users2");
        assert_eq!(scope.claim("type_"), "type_");
        assert_eq!(scope.claim("type_"), "type_2");
    }
}
