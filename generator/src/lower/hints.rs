//! Hints that collections write in prose: `(Required)`, `(This can only be one of a,b,c)`,
//! per-value text such as ``` `1` - Basic.```, `**deprecated**`, and the status and error codes
//! in example response names.

use super::docs;
use crate::ir::ErrorCode;

/// `(Required)` anywhere in the description.
pub fn is_required(description: &str) -> bool {
    description.contains("(Required)")
}

/// Where `needle` (lowercase ASCII) first occurs in `text`, ignoring ASCII case.
fn find_ignore_ascii_case(text: &str, needle: &str) -> Option<usize> {
    text.to_ascii_lowercase().find(needle)
}

/// The values of `(This can only be one of a,b,c)`, deduplicated, empty ones dropped, in order.
pub fn enum_values(description: &str) -> Option<Vec<String>> {
    const MARKER: &str = "(this can only be one of ";
    let start = find_ignore_ascii_case(description, MARKER)? + MARKER.len();
    let end = description[start..].find(')')? + start;
    let mut values: Vec<String> = Vec::new();
    for value in description[start..end].split(',') {
        let value = value.trim();
        if !value.is_empty() && !values.iter().any(|seen| seen == value) {
            values.push(value.to_string());
        }
    }
    (!values.is_empty()).then_some(values)
}

/// The text a description gives for one value: `` `1` - Basic.`` or `` * `create` — The user…``.
pub fn value_doc(description: &str, value: &str) -> Option<String> {
    let needle = format!("`{value}`");
    let mut search = 0;
    while let Some(found) = description[search..].find(&needle) {
        let after = search + found + needle.len();
        search = after;
        let rest = description[after..].trim_start_matches([' ', '\t']);
        let Some(rest) = ["—", "–", "-", ":"].iter().find_map(|dash| rest.strip_prefix(dash)) else {
            continue;
        };
        // The text runs to the next line break (or `<br>`) or the next listed value.
        let mut end = rest.len();
        for stop in ["\n", "<br", "</br", "* `", "(This can only be one of"] {
            if let Some(pos) = rest.find(stop) {
                end = end.min(pos);
            }
        }
        let text = docs::clean_inline(&rest[..end]);
        if !text.is_empty() {
            return Some(text);
        }
    }
    None
}

/// A short variant label from a value's text (`Basic.` → `Basic`, `On-prem.` → `On-prem`), when
/// the text is short enough to be a name.
pub fn value_label(value_doc: &str) -> Option<String> {
    let label = value_doc.split(['.', '(', ',', ';', ':']).next()?.trim();
    let words = label.split_whitespace().count();
    (words > 0 && words <= 3 && label.chars().any(|c| c.is_ascii_alphabetic())).then(|| label.to_string())
}

/// The deprecation note when a description says `**deprecated**`: its first paragraph.
pub fn deprecation(description: &str) -> Option<String> {
    const MARKER: &str = "**deprecated**";
    find_ignore_ascii_case(description, MARKER)?;
    let paragraph = description.split("\n\n").find(|part| find_ignore_ascii_case(part, MARKER).is_some())?;
    let note = docs::clean_inline(paragraph).replace("**", "");
    Some(note.trim_start_matches("Note:").trim().to_string())
}

/// Whether the description supports reading an integer example as an integer: it says
/// "integer", or lists integer codes (`` `0` — Facebook``).
pub fn describes_integer(description: &str) -> bool {
    if find_ignore_ascii_case(description, "integer").is_some() {
        return true;
    }
    let mut codes = 0;
    let mut rest = description;
    while let Some(start) = rest.find('`') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('`') else { break };
        let inside = &after[..end];
        if !inside.is_empty() && inside.chars().all(|c| c.is_ascii_digit()) {
            codes += 1;
        }
        rest = &after[end + 1..];
    }
    codes >= 2
}

/// An integer the way a typed field would write it back: no sign tricks, no leading zeros.
pub fn is_canonical_integer(text: &str) -> bool {
    text.parse::<i64>().is_ok_and(|n| n.to_string() == text)
}

/// Reads `**HTTP Status Code:** `400`<br>Bad Request.<br>**Error Code:** `2024`<br>Account…`
/// into its summary and error codes.
pub fn response_summary(name: &str) -> (String, Vec<ErrorCode>) {
    const STATUS: &str = "**HTTP Status Code:**";
    const CODE: &str = "**Error Code:**";
    let mut parts = name.split(CODE);
    let head = parts.next().unwrap_or_default();
    let head = match head.find(STATUS) {
        Some(pos) => skip_code_span(&head[pos + STATUS.len()..]),
        None => head,
    };
    let summary = docs::clean_inline(head);
    let codes = parts
        .filter_map(|part| {
            let part = part.trim_start();
            let code = part.strip_prefix('`')?;
            let end = code.find('`')?;
            let message = docs::clean_inline(&code[end + 1..]);
            Some(ErrorCode { code: code[..end].trim().to_string(), message })
        })
        .collect();
    (summary, codes)
}

fn skip_code_span(text: &str) -> &str {
    let trimmed = text.trim_start();
    if let Some(after) = trimmed.strip_prefix('`')
        && let Some(end) = after.find('`')
    {
        return &after[end + 1..];
    }
    trimmed
}

/// Whether a `Content-Type` or `Accept` value names one binary media type: a file, image,
/// audio, video or font, or an `application/…` type that is not text in disguise (JSON, XML,
/// YAML, JavaScript, forms, GraphQL). Lists, wildcards and `multipart/…` are not.
pub fn is_binary_media_type(value: &str) -> bool {
    let Ok(media) = value.trim().parse::<mime::Mime>() else { return false };
    let textual = |name: &str| {
        ["json", "xml", "yaml", "javascript", "x-www-form-urlencoded", "graphql", "csv", "html"]
            .iter()
            .any(|text| name.contains(text))
    };
    let suffix = media.suffix().map(|s| s.as_str()).unwrap_or_default();
    match media.type_().as_str() {
        "image" | "audio" | "video" | "font" | "model" => {
            media.subtype() != mime::STAR && !textual(media.subtype().as_str())
        }
        "application" => media.subtype() != mime::STAR && !textual(media.subtype().as_str()) && !textual(suffix),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_media_types() {
        for binary in ["application/pdf", "application/octet-stream", "image/png", "audio/mpeg", "application/zip; q=1"]
        {
            assert!(is_binary_media_type(binary), "{binary}");
        }
        for text in [
            "application/json",
            "application/problem+json",
            "application/vnd.api+json",
            "text/csv",
            "application/xml",
            "*/*",
            "image/*",
            "multipart/form-data",
            "application/pdf, image/png",
            "",
        ] {
            assert!(!is_binary_media_type(text), "{text}");
        }
    }

    #[test]
    fn required_marker() {
        assert!(is_required("(Required) Leader PIN: numeric value"));
        assert!(!is_required("List of dial in numbers."));
    }

    #[test]
    fn enum_values_from_description() {
        assert_eq!(
            enum_values("Telephony bridge (This can only be one of US_TSP_TB,EU_TSP_TB)"),
            Some(vec!["US_TSP_TB".into(), "EU_TSP_TB".into()])
        );
        assert_eq!(enum_values("(This can only be one of 1,2,3,99)").map(|v| v.len()), Some(4));
        assert_eq!(enum_values("(This can only be one of a,,a, b)"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(enum_values("(This can only be one of ,)"), None);
        assert_eq!(enum_values("no hint"), None);
    }

    #[test]
    fn value_docs_and_labels() {
        let description = "User types:<br>`1` - Basic.<br>`2` - Licensed.<br>`3` - On-prem.<br>`99` - None (this can only be set with `ssoCreate`). (This can only be one of 1,2,3,99)";
        assert_eq!(value_doc(description, "1").as_deref(), Some("Basic."));
        assert_eq!(value_doc(description, "99").as_deref(), Some("None (this can only be set with `ssoCreate`)."));
        assert_eq!(value_label("On-prem.").as_deref(), Some("On-prem"));
        assert_eq!(value_label("Ask the user every time they join meetings"), None);
        let action = "* `create` \u{2014} The user receives an email.\n* `ssoCreate` \u{2014} This action is provided.";
        assert_eq!(value_doc(action, "create").as_deref(), Some("The user receives an email."));
        assert_eq!(value_doc(action, "autoCreate"), None);
    }

    #[test]
    fn deprecation_note() {
        let description = "**Note:** This field has been **deprecated** and will not be supported in the future.\n\n\nPhone number of the user.";
        assert_eq!(
            deprecation(description).as_deref(),
            Some("This field has been deprecated and will not be supported in the future.")
        );
        assert_eq!(deprecation("Phone number."), None);
    }

    #[test]
    fn integers_need_agreement() {
        assert!(describes_integer("`0` — Facebook OAuth</br>`1` — Google OAuth"));
        assert!(describes_integer("An integer."));
        assert!(!describes_integer("Personal meeting ID: length must be 10."));
        assert!(is_canonical_integer("100"));
        assert!(!is_canonical_integer("0125"));
        assert!(!is_canonical_integer("+5"));
    }

    #[test]
    fn response_names() {
        let (summary, codes) = response_summary(
            "**HTTP Status Code:** `400`<br>\nBad Request.<br>\n**Error Code:**`2024`<br>\nAccount has not enabled TSP.<br>\n**Error Code:** `300`<br>\nYou can add a max of two tsp configs.\n",
        );
        assert_eq!(summary, "Bad Request.");
        assert_eq!(
            codes,
            vec![
                ErrorCode { code: "2024".into(), message: "Account has not enabled TSP.".into() },
                ErrorCode { code: "300".into(), message: "You can add a max of two tsp configs.".into() },
            ]
        );
        let (summary, codes) = response_summary("**HTTP Status Code:**`204` **No Content**<br>\nTSP account updated.");
        assert_eq!(summary, "**No Content** TSP account updated.");
        assert!(codes.is_empty());
    }
}
