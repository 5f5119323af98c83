//! Collection descriptions → Markdown that rustdoc renders without warnings and never runs.
//!
//! Descriptions mix Markdown with HTML (`<br>`, `</br>`), placeholders that look like tags
//! (`<token>`), bare brackets and bare URLs. Code fences become `text` blocks and indentation is
//! removed, so no description can become a doctest.

use std::sync::LazyLock;

use memchr::memmem;

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

thread_local! {
    /// Descriptions already cleaned on this thread: collections repeat the same descriptions
    /// (Stripe's 7,677 non-empty ones hold 1,509 distinct texts). A text is kept from its
    /// second sighting: most descriptions of a small collection are seen once, and copying
    /// them into the table would cost more than it saves.
    static CLEANED: std::cell::RefCell<Cleaned> = Default::default();
}

#[derive(Default)]
struct Cleaned {
    /// Hashes of the texts seen once.
    seen: rustc_hash::FxHashSet<u64>,
    done: rustc_hash::FxHashMap<String, Vec<String>>,
}

/// Cleans a description into doc lines (no leading or trailing blank lines, no runs of blanks).
pub fn clean(text: &str) -> Vec<String> {
    use std::hash::BuildHasher as _;
    let hash = rustc_hash::FxBuildHasher.hash_one(text);
    let keep = CLEANED.with_borrow_mut(|cleaned| {
        if let Some(lines) = cleaned.done.get(text) {
            return Err(lines.clone());
        }
        // Bounded, for processes that lower many collections.
        if cleaned.seen.len() + cleaned.done.len() >= 1 << 15 {
            *cleaned = Cleaned::default();
        }
        Ok(!cleaned.seen.insert(hash))
    });
    let keep = match keep {
        Ok(keep) => keep,
        Err(lines) => return lines,
    };
    let lines = clean_text(text);
    if keep {
        CLEANED.with_borrow_mut(|cleaned| cleaned.done.insert(text.to_string(), lines.clone()));
    }
    lines
}

fn clean_text(text: &str) -> Vec<String> {
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
    for raw_line in crate::lines(&strip_tags(text)) {
        let line = raw_line.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            // Every fence becomes a plain-text block: descriptions never become doctests.
            let fence = &line[..3];
            push(if in_fence { fence.to_string() } else { cat!(fence, "text") });
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
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Runs of printable ASCII are copied; each other character is looked at on its own.
    while let Some(at) = rest.bytes().position(|b| !(b.is_ascii_graphic() && b != b'`' || b == b' ')) {
        out.push_str(&rest[..at]);
        let Some(ch) = rest[at..].chars().next() else { break };
        rest = &rest[at + ch.len_utf8()..];
        match ch {
            '`' => out.push('\''),
            '\n' | '\t' => out.push(' '),
            // `\r` and the other controls, and bidirectional marks
            c if is_invisible_control(c) => {}
            c => out.push(c),
        }
    }
    out.push_str(rest);
    out
}

/// "Example: `value`", for short single-line example values.
pub fn example_line(value: &str) -> Option<String> {
    const MAX: usize = 80;
    if value.trim().is_empty()
        || memchr::memchr3(b'\n', b'\r', b'`', value.as_bytes()).is_some()
        || value.chars().nth(MAX).is_some()
    {
        return None;
    }
    // A code span trims one space on each side when both are present; pad so none is lost.
    let value = code_safe(value);
    Some(if value.starts_with(' ') || value.ends_with(' ') {
        cat!("Example: `` ", value, " ``")
    } else {
        cat!("Example: `", value, "`")
    })
}

fn is_invisible_control(ch: char) -> bool {
    matches!(ch, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || (ch.is_control() && ch != '\n' && ch != '\t')
}

/// Removes known HTML tags (keeping their text), turning line-breaking ones into newlines.
/// Anything else that looks like a tag is left for `escape_line`.
fn strip_tags(text: &str) -> std::borrow::Cow<'_, str> {
    // Only a control byte or a non-ASCII character can be an invisible control.
    let unusual = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b >= 0x7f;
    // (A `\r` is such a control: line endings are normalized whenever this is true.)
    let invisible = any_byte(text, unusual) && text.chars().any(is_invisible_control);
    if !invisible && memchr::memchr(b'<', text.as_bytes()).is_none() {
        return text.into();
    }
    let text: std::borrow::Cow<'_, str> = if invisible {
        text.replace("\r\n", "\n").chars().filter(|c| !is_invisible_control(*c)).collect::<String>().into()
    } else {
        text.into()
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = &*text;
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
    out.into()
}

/// Whether any byte of `text` is one `wanted` accepts. The whole text is always looked at, which
/// lets the compiler compare many bytes at once: faster than stopping early on short texts.
fn any_byte(text: &str, wanted: impl Fn(u8) -> bool) -> bool {
    text.bytes().fold(false, |found, b| found | wanted(b))
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
    let (name, rest) = inner.split_at(inner.bytes().take_while(u8::is_ascii_alphanumeric).count());
    let known = STRIPPED_TAGS.iter().find(|tag| tag.eq_ignore_ascii_case(name))?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((end + 1, LINE_BREAKING_TAGS.contains(known)))
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
    // Built once: building a searcher costs more than a line takes to search.
    static HTTP: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("http"));
    // Where the next `http` starts (the line's length when there is none): only there can a
    // bare URL start, so runs of text are copied up to it or to the next markup byte.
    let http_from = |from: usize| HTTP.find(&line.as_bytes()[from..]).map_or(line.len(), |at| from + at);
    let mut http = http_from(0);
    if !any_byte(line, markup) && http == line.len() {
        return line.to_string();
    }
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < line.len() {
        if http < i {
            http = http_from(i);
        }
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
            b'h' if i == http && starts_url(rest) && (i == 0 || !matches!(bytes[i - 1], b'(' | b'<' | b'"')) => {
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
            // a markup byte whose case did not apply, or an `http` that starts no URL (ASCII,
            // so one character)
            b if markup(b) || i == http => {
                out.push(b as char);
                i += 1;
            }
            _ => {
                let run = rest[..http - i].bytes().position(markup).unwrap_or(http - i);
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
    // The link text itself must not hold brackets or tags that would need escaping.
    let text = &line[start + 1..j];
    if text.contains(['[', ']', '<', '>']) || text.matches('`').count() % 2 == 1 {
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

    proptest::proptest! {
        /// `code_safe` copies runs but treats every character as the plain filter-and-map does.
        #[test]
        fn code_safe_is_the_plain_mapping(text in "([ -~]{0,6}|\\PC{0,3}|[\n\r\t`\u{7f}\u{85}\u{200e}\u{202a}\u{2066}]){0,8}") {
            let plain: String = text
                .chars()
                .filter(|c| !is_invisible_control(*c))
                .map(|c| match c {
                    '`' => '\'',
                    '\n' | '\r' | '\t' => ' ',
                    other => other,
                })
                .collect();
            proptest::prop_assert_eq!(code_safe(&text), plain);
        }
    }

    /// The escaper as it was first written: it stops at every `h` to look for a URL.
    fn escape_line_byte_by_byte(line: &str) -> String {
        // Most lines are plain prose: nothing to escape.
        let markup = |b: u8| matches!(b, b'`' | b'<' | b'>' | b'[' | b']' | b'\\');
        static HTTP: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("http"));
        if !any_byte(line, markup) && HTTP.find(line.as_bytes()).is_none() {
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

    /// `strip_tags` as it was first written: it always copies the text and allocates tag names.
    fn strip_tags_copying(text: &str) -> std::borrow::Cow<'_, str> {
        // Only a control byte or a non-ASCII character can be an invisible control.
        let unusual = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b >= 0x7f;
        let invisible = any_byte(text, unusual) && text.chars().any(is_invisible_control);
        if !invisible && memchr::memchr2(b'<', b'\r', text.as_bytes()).is_none() {
            return text.into();
        }
        let text: String = text.replace("\r\n", "\n").chars().filter(|c| !is_invisible_control(*c)).collect();
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(start) = rest.find('<') {
            out.push_str(&rest[..start]);
            let after = &rest[start..];
            match known_tag_allocating(after) {
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
        out.into()
    }

    fn known_tag_allocating(text: &str) -> Option<(usize, bool)> {
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

    proptest::proptest! {
        /// Stripping tags without copying clean text or allocating tag names strips exactly as
        /// before.
        #[test]
        fn tags_are_stripped_as_before(text in "(<br>|</P>|<a href=\"x\">|<B >|<token>|<li/>|<|>|\r\n|\r|\u{202e}|\u{7}|é|[a-z /]{1,4}){0,10}") {
            proptest::prop_assert_eq!(strip_tags(&text), strip_tags_copying(&text));
        }
    }

    proptest::proptest! {
        /// Copying text in runs up to the next `http` escapes exactly as stopping at every `h`.
        #[test]
        fn escaping_in_runs_matches_byte_by_byte(line in "(h|ht|http|https://a.b/c|http://x |[hpst:/.]{1,4}|[`<>\\[\\]()\"\\\\]|[a-z ]{1,5}|é){0,12}") {
            proptest::prop_assert_eq!(escape_line(&line), escape_line_byte_by_byte(&line));
        }
    }

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
