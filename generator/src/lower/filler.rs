//! Filler: what collections (and the tools that write them) put where a real value goes:
//! lorem ipsum, type placeholders (`<string>`), unresolved `{{variable}}` references and numbers
//! that are obviously random (`15403087`). Types learn from every value; examples and docs show
//! only real ones.

/// Words of lorem ipsum, the filler text collections (and the tools that write them) put where
/// a real value goes.
const LOREM: &[&str] = &[
    "ad",
    "adipiscing",
    "aliqua",
    "aliquip",
    "adipisicing",
    "amet",
    "anim",
    "aute",
    "cillum",
    "commodo",
    "consectetur",
    "consequat",
    "culpa",
    "cupidatat",
    "deserunt",
    "do",
    "dolor",
    "dolore",
    "duis",
    "ea",
    "eiusmod",
    "elit",
    "enim",
    "esse",
    "est",
    "et",
    "eu",
    "ex",
    "excepteur",
    "exercitation",
    "fugiat",
    "id",
    "in",
    "incididunt",
    "ipsum",
    "irure",
    "labore",
    "laboris",
    "laborum",
    "lorem",
    "magna",
    "minim",
    "mollit",
    "nisi",
    "non",
    "nostrud",
    "nulla",
    "occaecat",
    "officia",
    "pariatur",
    "proident",
    "qui",
    "quis",
    "reprehenderit",
    "sed",
    "sint",
    "sit",
    "sunt",
    "tempor",
    "ullamco",
    "ut",
    "velit",
    "veniam",
    "voluptate",
];

/// Whether text is lorem ipsum: every word a word of it, the last maybe cut short (`magna
/// irur`, `enim p`, as tools that fill a length limit cut it); one token that holds a long word
/// of it (`laboris3764763ull`, `dolore43tr4u`); or a paragraph with two or more of its long
/// words (the "Duis posuere augue…" that generators write for text bodies).
pub fn is_lorem(text: &str) -> bool {
    let words: Vec<String> =
        text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()).map(str::to_ascii_lowercase).collect();
    let Some((last, rest)) = words.split_last() else { return false };
    let whole = |word: &str| LOREM.contains(&word);
    let cut = || !rest.is_empty() && LOREM.iter().any(|lorem| lorem.starts_with(last.as_str()));
    if rest.iter().all(|word| whole(word)) && (whole(last) || cut()) {
        return true;
    }
    let mut long: Vec<&String> = words.iter().filter(|word| word.len() >= 5 && whole(word)).collect();
    long.sort();
    long.dedup();
    let one_token = !text.trim().contains(char::is_whitespace);
    (one_token && !long.is_empty()) || (words.len() >= 8 && long.len() >= 2)
}

/// Whether an example value is filler rather than a value to send: lorem ipsum, a type
/// placeholder (`<string>`, `<long>`) or an unresolved `{{variable}}`.
pub fn is_filler(text: &str) -> bool {
    let text = text.trim();
    // `<string>`, `<Error: Too many levels of nesting>`; not markup such as `<a><b/></a>`.
    let inner = text.strip_prefix('<').and_then(|rest| rest.strip_suffix('>'));
    let placeholder = inner.is_some_and(|inner| !inner.contains(['<', '>']));
    is_lorem(text) || placeholder || text.contains("{{")
}

/// Whether a number, as written, is obviously random rather than a value a person chose: at
/// least four digits before the point, neither round (a multiple of 100) nor a year, or five or
/// more after it.
pub fn is_random_number(text: &str) -> bool {
    let text = text.trim();
    let Ok(number) = text.parse::<f64>() else { return false };
    let (whole, fraction) =
        text.trim_start_matches(['-', '+']).split_once('.').unwrap_or((text.trim_start_matches(['-', '+']), ""));
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let whole_number = number.trunc().abs();
    let year = (1900.0..=2100.0).contains(&whole_number) && fraction.is_empty();
    let round = whole_number % 100.0 == 0.0;
    (whole.len() >= 4 && !round && !year) || fraction.len() >= 5
}

/// A text value that says what goes there, made from the input's name: `user_id` →
/// `"user-id"`, an email address for an `email`, a URL for a `url`.
pub fn explained_text(name: &str) -> String {
    let name = name.trim_start_matches("r#").trim_end_matches('_');
    let words: Vec<&str> = name.split('_').filter(|word| !word.is_empty()).collect();
    match words.last().copied() {
        Some("email") => "user@example.com".to_string(),
        Some("url" | "uri" | "website") => "https://example.com".to_string(),
        _ if words.is_empty() => "value".to_string(),
        _ => words.join("-"),
    }
}

/// A number that says what goes there: `30` for a page size or a limit, `1` otherwise (a page,
/// a count of one).
pub fn explained_count(name: &str) -> i64 {
    let sized = ["size", "limit", "per_page", "count", "max"].iter().any(|word| name.ends_with(word));
    if sized { 30 } else { 1 }
}

/// JSON with its filler replaced by values that explain themselves, each named after its
/// member (`name` for the top level): lorem ipsum always; with `all`, placeholders, unresolved
/// references and random numbers too.
pub fn explained_json(json: serde_json::Value, name: &str, all: bool) -> serde_json::Value {
    use serde_json::Value;
    match json {
        // A JSON document saved as a string: its own members are named.
        Value::String(text) if matches!(serde_json::from_str(&text), Ok(Value::Object(_) | Value::Array(_))) => {
            let inner: Value = serde_json::from_str(&text).unwrap_or_default();
            Value::String(explained_json(inner, name, all).to_string())
        }
        Value::String(text) if is_lorem(&text) || all && (is_filler(&text) || is_random_number(&text)) => {
            Value::String(explained_text(name))
        }
        Value::Number(number) if all && is_random_number(&number.to_string()) => Value::from(explained_count(name)),
        Value::Array(items) => Value::Array(items.into_iter().map(|item| explained_json(item, name, all)).collect()),
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .map(|(key, value)| {
                    let value = explained_json(value, &crate::naming::snake(&key, name), all);
                    (key, value)
                })
                .collect(),
        ),
        other => other,
    }
}

/// Whether JSON text holds filler anywhere (a string or a number of it).
pub fn holds_filler(text: &str) -> bool {
    use serde_json::Value;
    fn holds(value: &Value) -> bool {
        match value {
            Value::String(text) => is_filler(text) || is_random_number(text),
            Value::Number(number) => is_random_number(&number.to_string()),
            Value::Array(items) => items.iter().any(holds),
            Value::Object(members) => members.values().any(holds),
            _ => false,
        }
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value @ (Value::Array(_) | Value::Object(_))) => holds(&value),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_is_told_from_real_values() {
        for filler in [
            "ut amet",
            "Excepteur proident in",
            "<string>",
            "{{userId}}",
            "  dolor  ",
            "magna irur",
            "in nu",
            "laboris3764763ull",
            "dolore43tr4u",
            "Duis posuere augue vel cursus pharetra. In luctus a ex nec pretium. Maecenas consectetur commodo",
        ] {
            assert!(is_filler(filler), "{filler}");
        }
        for real in [
            "ada@example.com",
            "2024-01-31",
            "me",
            "Berlin",
            "in progress",
            "p",
            "",
            "represdf324fe",
            "<note><to>Ada</to></note>",
            "In the dolorous ending, the id is set in magna carta style by the admin",
        ] {
            assert!(!is_filler(real), "{real}");
        }
    }

    #[test]
    fn random_numbers_are_told_from_chosen_ones() {
        for random in ["15403087", "-25518892", "92475658.5", "0.123456", "1234"] {
            assert!(is_random_number(random), "{random}");
        }
        for chosen in ["30", "100", "300", "1000", "2024", "12.5", "-1", "ab12345", "1e10", ""] {
            assert!(!is_random_number(chosen), "{chosen}");
        }
    }
}
