//! Collection descriptions → Markdown that rustdoc renders without warnings and never runs.
//!
//! Descriptions mix Markdown with HTML (`<br>`, `</br>`), placeholders that look like tags
//! (`<token>`), bare brackets and bare URLs. Code fences become `text` blocks and indentation is
//! removed, so no description can become a doctest.

/// HTML tags removed (their text is kept); `br`, `p`, `div`, `li` and list tags also break
/// paragraphs.
const STRIPPED_TAGS: &[&str] = &[
    "a",
    "b",
    "i",
    "u",
    "em",
    "strong",
    "code",
    "span",
    "small",
    "sup",
    "sub",
    "font",
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "br",
    "hr",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "script",
    "style",
    "img",
    "iframe",
    "tt",
    "kbd",
    "s",
    "del",
    "ins",
    "mark",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "label",
    "center",
];
const LINE_BREAKING_TAGS: &[&str] = &[
    "br",
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "hr",
    "table",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "section",
];

/// Cleans a description into doc lines (no leading or trailing blank lines, no runs of blanks).
pub fn clean(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Blank lines collapse to one, and none starts the text.
    let mut push = |line: String| {
        if line.is_empty() && out.last().is_none_or(String::is_empty) {
            return;
        }
        // Text right after a list item would continue it lazily (indentation is gone): it
        // starts a paragraph of its own instead.
        if !line.is_empty() && !is_list_item(&line) && out.last().is_some_and(|last| is_list_item(last)) {
            out.push(String::new());
        }
        out.push(line);
    };
    let mut in_fence = false;
    for raw_line in strip_tags(text).lines() {
        let line = raw_line.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            // Every fence becomes a plain-text block: descriptions never become doctests.
            let fence = &line[..3];
            push(if in_fence { fence.to_string() } else { format!("{fence}text") });
            in_fence = !in_fence;
        } else if in_fence {
            push(line.to_string());
        } else {
            push(escape_line(line));
        }
    }
    if in_fence {
        push("```".to_string());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = digits > 0 && line[digits..].starts_with(". ");
    ordered || line.starts_with("* ") || line.starts_with("- ") || line.starts_with("+ ")
}

/// Cleans a description into one line.
pub fn clean_inline(text: &str) -> String {
    clean(text).into_iter().filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Text that can sit inside a one-backtick code span: no backticks, no line breaks, no
/// invisible controls.
pub fn code_safe(text: &str) -> String {
    text.chars()
        .filter(|c| !is_invisible_control(*c))
        .map(|c| match c {
            '`' => '\'',
            '\n' | '\r' | '\t' => ' ',
            other => other,
        })
        .collect()
}

/// "Example: `value`", for short single-line example values that are not filler (lorem ipsum,
/// a placeholder, a random number).
pub fn example_line(value: &str) -> Option<String> {
    const MAX: usize = 80;
    use super::filler::{holds_filler, is_filler, is_random_number};
    let filler = is_filler(value) || is_random_number(value) || holds_filler(value);
    if filler || value.trim().is_empty() || value.contains(['\n', '\r', '`']) || value.chars().nth(MAX).is_some() {
        return None;
    }
    // A code span trims one space on each side when both are present; pad so none is lost.
    let value = code_safe(value);
    Some(if value.starts_with(' ') || value.ends_with(' ') {
        format!("Example: `` {value} ``")
    } else {
        format!("Example: `{value}`")
    })
}

fn is_invisible_control(ch: char) -> bool {
    matches!(ch, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || (ch.is_control() && ch != '\n' && ch != '\t')
}

/// Removes known HTML tags (keeping their text), turning line-breaking ones into newlines, and
/// invisible controls. Anything else that looks like a tag is left for `escape_line`.
fn strip_tags(text: &str) -> String {
    let text: String = text.replace("\r\n", "\n").chars().filter(|c| !is_invisible_control(*c)).collect();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match known_tag(after) {
            Some((len, breaks)) => {
                // A paragraph break: a single newline would join the lines in Markdown.
                if breaks {
                    out.push_str("\n\n");
                }
                rest = &after[len..];
            }
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// If `text` starts with a known tag (`<br>`, `</p>`, `<a href="…">`), its length and whether it
/// breaks the line.
fn known_tag(text: &str) -> Option<(usize, bool)> {
    let end = text.find('>')?;
    let inner = &text[1..end];
    if inner.contains('<') || inner.contains('\n') {
        return None;
    }
    let inner = inner.trim_start_matches('/').trim_end_matches('/').trim();
    let name: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let name = name.to_ascii_lowercase();
    let rest = &inner[name.len()..];
    if !STRIPPED_TAGS.contains(&name.as_str()) || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((end + 1, LINE_BREAKING_TAGS.contains(&name.as_str())))
}

/// Escapes one line of Markdown outside code fences: code spans are kept verbatim; outside them
/// stray `<`/`>` become entities, bracket pairs that are not links are escaped, and bare URLs
/// are wrapped in `<…>`.
///
/// Every character that matters is ASCII, so the line is walked by byte offsets (which always
/// fall on character boundaries) and the text between them is copied in runs.
fn escape_line(line: &str) -> String {
    // Most lines are plain prose: nothing to escape.
    let markup = |b: u8| matches!(b, b'`' | b'<' | b'>' | b'[' | b']' | b'\\');
    if !line.bytes().any(markup) && !line.contains("http") {
        return line.to_string();
    }
    let special = |b: u8| b == b'h' || markup(b);
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        match bytes[i] {
            b'`' => {
                let run = rest.bytes().take_while(|b| *b == b'`').count();
                match find_closing_run(line, i + run, run) {
                    Some(close) => {
                        out.push_str(&line[i..close + run]);
                        i = close + run;
                    }
                    None => {
                        for _ in 0..run {
                            out.push_str("\\`");
                        }
                        i += run;
                    }
                }
            }
            b'<' => {
                if let Some(len) = autolink_len(rest) {
                    out.push_str(&rest[..len]);
                    i += len;
                } else {
                    out.push_str("&lt;");
                    i += 1;
                }
            }
            b'>' if i > 0 => {
                out.push_str("&gt;");
                i += 1;
            }
            b'[' => match link_end(line, i) {
                Some(end) => {
                    out.push_str(&line[i..end]);
                    i = end;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            b']' => {
                out.push_str("\\]");
                i += 1;
            }
            b'h' if starts_url(rest) && (i == 0 || !matches!(bytes[i - 1], b'(' | b'<' | b'"')) => {
                let len = url_len(rest);
                out.push('<');
                out.push_str(&rest[..len]);
                out.push('>');
                i += len;
            }
            b'\\' => {
                // Keep existing escapes as they are, but never leave a dangling backslash.
                match rest[1..].chars().next() {
                    Some(next) => {
                        out.push('\\');
                        out.push(next);
                        i += 1 + next.len_utf8();
                    }
                    None => {
                        out.push_str("\\\\");
                        i += 1;
                    }
                }
            }
            // a special byte whose case did not apply (ASCII, so one character)
            b if special(b) => {
                out.push(b as char);
                i += 1;
            }
            _ => {
                let run = rest.bytes().position(special).unwrap_or(rest.len());
                out.push_str(&rest[..run]);
                i += run;
            }
        }
    }
    out
}

/// The byte offset of the next run of exactly `run` backticks in `line` from `from`.
fn find_closing_run(line: &str, from: usize, run: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut j = from;
    while j < bytes.len() {
        if bytes[j] == b'`' {
            let len = bytes[j..].iter().take_while(|b| **b == b'`').count();
            if len == run {
                return Some(j);
            }
            j += len;
        } else {
            j += 1;
        }
    }
    None
}

/// `[text](url)` starting at byte `start` of `line`: the offset after its closing `)`.
fn link_end(line: &str, start: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut depth = 0usize;
    let mut j = start;
    while j < bytes.len() {
        match bytes[j] {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    if j >= bytes.len() || bytes.get(j + 1) != Some(&b'(') {
        return None;
    }
    let close = line[j + 1..].find(')')? + j + 1;
    let target = &line[j + 2..close];
    if target.is_empty() || target.contains(char::is_whitespace) || target.contains('<') {
        return None;
    }
    // The link text itself must not hold brackets or tags that would need escaping, unless it
    // is one image (`[![Run in Postman](button.svg)](…)`).
    let text = &line[start + 1..j];
    let image = text.starts_with("![") && link_end(text, 1) == Some(text.len());
    if !image && (text.contains(['[', ']', '<', '>']) || text.matches('`').count() % 2 == 1) {
        return None;
    }
    Some(close + 1)
}

fn starts_url(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://")
}

/// The length in bytes of the bare URL `text` starts with, without trailing punctuation.
fn url_len(text: &str) -> usize {
    let end = text
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
        .map_or(text.len(), |(at, _)| at);
    text[..end].trim_end_matches(['.', ',', ')', ';', ':', '!', '?', '\'']).len()
}

/// `<https://…>` autolinks are kept: their length in bytes.
fn autolink_len(text: &str) -> Option<usize> {
    if !(text.starts_with("<http://") || text.starts_with("<https://")) {
        return None;
    }
    let end = text.find('>')?;
    if text[1..end].contains(|c: char| c.is_whitespace() || c == '<') {
        return None;
    }
    Some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn br_tags_become_line_breaks_and_labels_stay() {
        let text = "Add a user's TSP account.<br><br>\n**Scopes:** `tsp:write:admin` `tsp:write`<br>\n \n **[Rate Limit Label](https://marketplace.zoom.us/docs/api-reference/rate-limits#rate-limits):** `Light`\n";
        assert_eq!(
            clean(text),
            vec![
                "Add a user's TSP account.",
                "",
                "**Scopes:** `tsp:write:admin` `tsp:write`",
                "",
                "**[Rate Limit Label](https://marketplace.zoom.us/docs/api-reference/rate-limits#rate-limits):** `Light`",
            ]
        );
    }

    #[test]
    fn placeholders_brackets_and_urls_are_escaped() {
        assert_eq!(clean_inline("Bearer <token> and `<kept>`"), "Bearer &lt;token&gt; and `<kept>`");
        assert_eq!(clean_inline("rate ({0}) [note] a]b"), "rate ({0}) \\[note\\] a\\]b");
        let badge = "[![Run in Postman](https://run.pstmn.io/button.svg)](https://god.gw.postman.com/run?a=1)";
        assert_eq!(clean_inline(badge), badge);
        assert_eq!(clean_inline("see https://api.zoom.us/v2/users."), "see <https://api.zoom.us/v2/users>.");
        assert_eq!(clean_inline("odd ` tick"), "odd \\` tick");
        assert_eq!(clean_inline("pass [the `me` value](https://x.y/#me)."), "pass [the `me` value](https://x.y/#me).");
        assert_eq!(clean_inline("`0` — Facebook OAuth</br>`1` — Google"), "`0` — Facebook OAuth `1` — Google");
        assert_eq!(clean("a<br>b"), vec!["a", "", "b"]);
        assert_eq!(clean("* one\n* two\ntext"), vec!["* one", "* two", "", "text"]);
    }

    #[test]
    fn code_never_becomes_a_doctest() {
        let lines = clean("Example:\n```rust\nfn main() { panic!() }\n```\n    indented();");
        assert_eq!(lines, vec!["Example:", "```text", "fn main() { panic!() }", "```", "indented();"]);
        assert_eq!(clean("```\nopen fence"), vec!["```text", "open fence", "```"]);
    }

    #[test]
    fn bidi_controls_and_scripts_are_removed() {
        assert_eq!(clean_inline("a\u{202e}b <script>alert(1)</script>"), "ab alert(1)");
    }
}
