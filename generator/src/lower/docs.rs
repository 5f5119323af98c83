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
    let mut lines = Vec::new();
    let mut in_fence = false;
    for raw_line in strip_tags(text).lines() {
        let line = raw_line.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            // Every fence becomes a plain-text block: descriptions never become doctests.
            let fence = &line[..3];
            lines.push(if in_fence { fence.to_string() } else { format!("{fence}text") });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_string());
        } else {
            lines.push(escape_line(line));
        }
    }
    if in_fence {
        lines.push("```".to_string());
    }
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        if line.is_empty() && out.last().is_none_or(|last| last.is_empty()) {
            continue;
        }
        // Text right after a list item would continue it lazily (indentation is gone): it
        // starts a paragraph of its own instead.
        if !line.is_empty() && !is_list_item(&line) && out.last().is_some_and(|last| is_list_item(last)) {
            out.push(String::new());
        }
        out.push(line);
    }
    while out.last().is_some_and(|last| last.is_empty()) {
        out.pop();
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let ordered = line.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    ordered || line.starts_with("* ") || line.starts_with("- ") || line.starts_with("+ ")
}

/// Cleans a description into one line.
pub fn clean_inline(text: &str) -> String {
    clean(text).into_iter().filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Text that can sit inside a one-backtick code span: no backticks, no line breaks, no
/// invisible controls.
pub fn code_safe(text: &str) -> String {
    if text.bytes().all(|b| b.is_ascii_graphic() && b != b'`' || b == b' ') {
        return text.to_string();
    }
    text.chars()
        .filter(|c| !is_invisible_control(*c))
        .map(|c| match c {
            '`' => '\'',
            '\n' | '\r' | '\t' => ' ',
            other => other,
        })
        .collect()
}

/// "Example: `value`", for short single-line example values.
pub fn example_line(value: &str) -> Option<String> {
    const MAX: usize = 80;
    if value.trim().is_empty() || value.contains(['\n', '\r', '`']) || value.chars().count() > MAX {
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

/// Removes known HTML tags (keeping their text), turning line-breaking ones into newlines.
/// Anything else that looks like a tag is left for `escape_line`.
fn strip_tags(text: &str) -> String {
    if !text.contains(['<', '\r']) && !text.chars().any(is_invisible_control) {
        return text.to_string();
    }
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
fn escape_line(line: &str) -> String {
    // Most lines are plain prose: nothing to escape.
    if !line.contains(['`', '<', '>', '[', ']', '\\']) && !line.contains("http") {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        match ch {
            '`' => {
                let run = chars[i..].iter().take_while(|c| **c == '`').count();
                match find_closing_run(&chars, i + run, run) {
                    Some(close) => {
                        out.extend(&chars[i..close + run]);
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
            '<' => {
                if let Some(len) = autolink_len(&chars[i..]) {
                    out.extend(&chars[i..i + len]);
                    i += len;
                } else {
                    out.push_str("&lt;");
                    i += 1;
                }
            }
            '>' if i > 0 => {
                out.push_str("&gt;");
                i += 1;
            }
            '[' => match link_end(&chars, i) {
                Some(end) => {
                    let link: String = chars[i..end].iter().collect();
                    out.push_str(&link);
                    i = end;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            'h' if starts_url(&chars[i..]) && (i == 0 || !matches!(chars[i - 1], '(' | '<' | '"')) => {
                let len = url_len(&chars[i..]);
                out.push('<');
                out.extend(&chars[i..i + len]);
                out.push('>');
                i += len;
            }
            '\\' => {
                // Keep existing escapes as they are, but never leave a dangling backslash.
                if let Some(next) = chars.get(i + 1) {
                    out.push('\\');
                    out.push(*next);
                    i += 2;
                } else {
                    out.push_str("\\\\");
                    i += 1;
                }
            }
            _ => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

fn find_closing_run(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let len = chars[j..].iter().take_while(|c| **c == '`').count();
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

/// `[text](url)` starting at `start`: the index after its closing `)`.
fn link_end(chars: &[char], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = start;
    while j < chars.len() {
        match chars[j] {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    if j >= chars.len() || chars.get(j + 1) != Some(&'(') {
        return None;
    }
    let close = chars[j + 1..].iter().position(|c| *c == ')')? + j + 1;
    let target: String = chars[j + 2..close].iter().collect();
    if target.is_empty() || target.contains(char::is_whitespace) || target.contains('<') {
        return None;
    }
    // The link text itself must not hold brackets or tags that would need escaping.
    let text: String = chars[start + 1..j].iter().collect();
    if text.contains(['[', ']', '<', '>']) || text.matches('`').count() % 2 == 1 {
        return None;
    }
    Some(close + 1)
}

/// Whether `chars` starts with the ASCII `prefix`.
fn starts_with(chars: &[char], prefix: &str) -> bool {
    chars.len() >= prefix.len() && prefix.chars().zip(chars).all(|(a, b)| a == *b)
}

fn starts_url(chars: &[char]) -> bool {
    starts_with(chars, "http://") || starts_with(chars, "https://")
}

fn url_len(chars: &[char]) -> usize {
    let mut len =
        chars.iter().take_while(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | '`' | '[' | ']')).count();
    while len > 0 && matches!(chars[len - 1], '.' | ',' | ')' | ';' | ':' | '!' | '?' | '\'') {
        len -= 1;
    }
    len
}

/// `<https://…>` autolinks are kept: their length in chars.
fn autolink_len(chars: &[char]) -> Option<usize> {
    if !(starts_with(chars, "<http://") || starts_with(chars, "<https://")) {
        return None;
    }
    let end = chars.iter().position(|c| *c == '>')?;
    if chars[1..end].iter().any(|c| c.is_whitespace() || *c == '<') {
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
