//! What a regeneration changed for callers: the previous API record compared with the new
//! one, grouped as breaking, added, changed (not breaking) and docs-only, with the version
//! bump that needs by the Cargo book's SemVer rules; and the crate's `CHANGELOG.md`, which
//! gains a section for each regeneration that changed the API.

use std::collections::BTreeMap;

use crate::record::{Entry, Record, Unreadable, code};

/// How much a change set moves the version, by the Cargo book's SemVer rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// No change to the API.
    None,
    /// Only documentation changed.
    Patch,
    /// Something was added or changed without breaking callers.
    Minor,
    /// Code that compiled against the previous crate may not compile, or may call something
    /// else, against the new one.
    Major,
}

/// One change, as a line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed, naming the Rust item (for changes to several members of one struct,
    /// enum or request: all of them).
    pub what: String,
    /// The Postman item it comes from.
    pub item: String,
    /// Changes of one kind to members of one parent are one line: the parent, the kind and
    /// the members so far.
    members: Option<Members>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Members {
    /// `new`, `removed` or `docs`.
    verb: &'static str,
    /// `input`, `field` or `enum value`.
    noun: &'static str,
    parent: String,
    names: Vec<String>,
    /// Why it matters (`a struct literal of it no longer compiles`), or nothing.
    why: String,
}

impl Members {
    fn what(&self) -> String {
        let plural = if self.names.len() == 1 { "" } else { "s" };
        let names: Vec<String> = self.names.iter().map(|name| code(name)).collect();
        let list = match names.as_slice() {
            [one] => one.clone(),
            [first @ .., last] => format!("{} and {last}", first.join(", ")),
            [] => String::new(),
        };
        let parent = code(&self.parent);
        let why = if self.why.is_empty() { String::new() } else { format!(": {}", self.why) };
        match self.verb {
            "new" => format!("new {}{plural} {list} of {parent}{why}", self.noun),
            "removed" => format!("{}{plural} {list} of {parent} removed", self.noun),
            _ => format!("docs of the {}{plural} {list} of {parent}", self.noun),
        }
    }
}

impl Change {
    fn new(what: String, item: String) -> Self {
        Change { what, item, members: None }
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.item.is_empty() { f.write_str(&self.what) } else { write!(f, "{}: {}", self.what, self.item) }
    }
}

/// Adds a change to a member of `path`'s parent to `list`: to the last line when that is of
/// the same kind and parent, else as a new line.
fn push_member(list: &mut Vec<Change>, entry: &Entry, verb: &'static str, why: &str, item: String) {
    let (parent, name) = entry.path().rsplit_once("::").unwrap_or(("", entry.path()));
    let noun = entry.noun();
    if let Some(Change { members: Some(members), what, .. }) = list.last_mut()
        && (members.verb, members.noun, members.parent.as_str(), members.why.as_str()) == (verb, noun, parent, why)
    {
        members.names.push(name.to_string());
        *what = members.what();
        return;
    }
    let members =
        Members { verb, noun, parent: parent.to_string(), names: vec![name.to_string()], why: why.to_string() };
    list.push(Change { what: members.what(), item, members: Some(members) });
}

/// What a regeneration changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// There was no previous record to compare with (a first generation), and why when there
    /// was one that could not be read.
    pub first: Option<Option<String>>,
    /// The previous crate's version, when there was a previous record.
    pub previous_version: Option<String>,
    pub breaking: Vec<Change>,
    pub added: Vec<Change>,
    pub changed: Vec<Change>,
    pub docs: Vec<Change>,
}

impl Changes {
    /// A first generation; `why` says why a record that was there is not compared.
    pub fn first(why: Option<String>) -> Self {
        Changes { first: Some(why), ..Changes::default() }
    }

    /// The bump the changes need.
    pub fn bump(&self) -> Bump {
        if !self.breaking.is_empty() {
            Bump::Major
        } else if !self.added.is_empty() || !self.changed.is_empty() {
            Bump::Minor
        } else if !self.docs.is_empty() {
            Bump::Patch
        } else {
            Bump::None
        }
    }

    /// Whether the API changed at all (docs included).
    pub fn any(&self) -> bool {
        self.bump() != Bump::None
    }
}

/// The version after `bump`: for `1.2.3`, major → `2.0.0`, minor → `1.3.0`, patch → `1.2.4`;
/// while the major version is 0 a breaking change bumps the minor (`0.3.1` → `0.4.0`) and
/// any other change the patch, and while it is `0.0.z` every change bumps the patch.
pub fn next_version(version: &semver::Version, bump: Bump) -> semver::Version {
    let (major, minor, patch) = (version.major, version.minor, version.patch);
    let (major, minor, patch) = match (bump, major, minor) {
        (Bump::None, ..) => (major, minor, patch),
        (_, 0, 0) => (0, 0, patch + 1),
        (Bump::Major, 0, _) => (0, minor + 1, 0),
        (_, 0, _) => (0, minor, patch + 1),
        (Bump::Major, ..) => (major + 1, 0, 0),
        (Bump::Minor, ..) => (major, minor + 1, 0),
        (Bump::Patch, ..) => (major, minor, patch + 1),
    };
    semver::Version::new(major, minor, patch)
}

/// What the previous record (or the reason it cannot be read) and the new one differ in.
pub fn compare(previous: Option<Result<Record, Unreadable>>, new: &Record) -> Changes {
    let previous = match previous {
        None => return Changes::first(None),
        Some(Err(why)) => return Changes::first(Some(format!("the previous `{}` {why}", crate::record::FILE))),
        Some(Ok(previous)) => previous,
    };
    let old: BTreeMap<&str, &Entry> = previous.entries.iter().map(|e| (e.path(), e)).collect();
    let now: BTreeMap<&str, &Entry> = new.entries.iter().map(|e| (e.path(), e)).collect();
    let mut changes = Changes { previous_version: Some(previous.header.version.clone()), ..Changes::default() };
    let context = Context { old: &old, now: &now };
    // In the order of the new record, then what was removed in the order of the old one.
    for entry in &new.entries {
        match old.get(entry.path()) {
            None => context.added(entry, &mut changes),
            Some(before) => context.changed(before, entry, &mut changes),
        }
    }
    for entry in &previous.entries {
        if !now.contains_key(entry.path()) {
            context.removed(entry, &mut changes);
        }
    }
    changes
}

/// Both records by path.
struct Context<'a> {
    old: &'a BTreeMap<&'a str, &'a Entry>,
    now: &'a BTreeMap<&'a str, &'a Entry>,
}

impl Context<'_> {
    /// The Postman item an entry comes from, looked up in `records` (its own, its type's or its
    /// operation's).
    fn item(&self, entry: &Entry, records: &BTreeMap<&str, &Entry>) -> String {
        match entry {
            Entry::Operation { item, http, .. } => format!("{item} ({http})"),
            Entry::Type { origin, .. } => origin.clone(),
            Entry::Input { operation, .. } => match records.get(operation.as_str()) {
                Some(Entry::Operation { item, .. }) => item.clone(),
                _ => String::new(),
            },
            Entry::Field { path, .. } | Entry::Variant { path, .. } => {
                records.get(parent(path)).map(|parent| self.item(parent, records)).unwrap_or_default()
            }
            Entry::Host { template, .. } => format!("requests to {template}"),
            Entry::Environment { base_url, .. } => format!("environment at {base_url}"),
            Entry::Credential { .. } | Entry::Feature { .. } => String::new(),
        }
    }

    /// Whether the struct or enum that holds `path` (a field, value or input) can be built
    /// or matched exhaustively outside the crate, in `records`.
    fn exhaustive(path: &str, records: &BTreeMap<&str, &Entry>) -> bool {
        matches!(records.get(parent(path)), Some(Entry::Type { exhaustive: true, .. }))
    }

    fn added(&self, entry: &Entry, changes: &mut Changes) {
        let is_member = matches!(entry, Entry::Field { .. } | Entry::Variant { .. } | Entry::Input { .. });
        // A member of a new type or operation is reported with it.
        if is_member && !self.old.contains_key(parent(entry.path())) {
            return;
        }
        // The request of a new operation too.
        if let Entry::Type { operation: Some(operation), .. } = entry
            && !self.old.contains_key(operation.as_str())
        {
            return;
        }
        let item = self.item(entry, self.now);
        match entry {
            Entry::Input { ty, .. } if !ty.starts_with("Option<") => {
                push_member(&mut changes.breaking, entry, "new", "required: existing calls do not give it", item);
            }
            Entry::Field { ty, .. } if !ty.starts_with("Option<") => {
                push_member(&mut changes.breaking, entry, "new", "required: its `new` takes it", item);
            }
            _ if is_member && Self::exhaustive(entry.path(), self.now) => {
                let why = if matches!(entry, Entry::Variant { .. }) {
                    "an exhaustive `match` on it no longer compiles"
                } else {
                    "a struct literal of it no longer compiles"
                };
                push_member(&mut changes.breaking, entry, "new", why, item);
            }
            _ if is_member => push_member(&mut changes.added, entry, "new", "", item),
            _ => changes.added.push(Change::new(format!("{} {}", entry.noun(), code(entry.path())), item)),
        }
    }

    fn removed(&self, entry: &Entry, changes: &mut Changes) {
        // A member of a removed type or operation is reported with it.
        if matches!(entry, Entry::Field { .. } | Entry::Variant { .. } | Entry::Input { .. })
            && !self.now.contains_key(parent(entry.path()))
        {
            return;
        }
        // So is the request of a removed operation.
        if let Entry::Type { operation: Some(operation), .. } = entry
            && !self.now.contains_key(operation.as_str())
        {
            return;
        }
        let item = self.item(entry, self.old);
        if matches!(entry, Entry::Field { .. } | Entry::Variant { .. } | Entry::Input { .. }) {
            push_member(&mut changes.breaking, entry, "removed", "", item);
        } else {
            changes.breaking.push(Change::new(format!("{} {} removed", entry.noun(), code(entry.path())), item));
        }
    }

    fn changed(&self, before: &Entry, now: &Entry, changes: &mut Changes) {
        let item = self.item(now, self.now);
        let path = code(now.path());
        let counted = changes.breaking.len() + changes.added.len() + changes.changed.len();
        let mut breaking = Vec::new();
        let mut changed = Vec::new();
        let docs_differ = match (before, now) {
            (
                Entry::Operation { http: h0, signature: s0, streams: t0, docs: d0, .. },
                Entry::Operation { http: h1, signature: s1, streams: t1, docs: d1, .. },
            ) => {
                if s0 != s1 {
                    breaking.push(format!("{path} is now `{s1}` (was `{s0}`)"));
                }
                if h0 != h1 {
                    breaking.push(format!("{path} now sends `{h1}` (was `{h0}`): the same call makes another request"));
                }
                for stream in t0.iter().filter(|s| !t1.contains(s)) {
                    breaking.push(format!("page stream {} removed", code(stream)));
                }
                for stream in t1.iter().filter(|s| !t0.contains(s)) {
                    changes.added.push(Change::new(format!("page stream {}", code(stream)), item.clone()));
                }
                d0 != d1
            }
            (
                Entry::Input { wire: w0, location: l0, ty: t0, docs: d0, .. },
                Entry::Input { wire: w1, location: l1, ty: t1, docs: d1, .. },
            ) => {
                if t0 != t1 {
                    breaking.push(format!("{path} is now `{t1}` (was `{t0}`)"));
                }
                if (w0, l0) != (w1, l1) {
                    breaking.push(format!("{path} is now sent as {l1} `{w1}` (was {l0} `{w0}`)"));
                }
                d0 != d1
            }
            (Entry::Field { wire: w0, ty: t0, docs: d0, .. }, Entry::Field { wire: w1, ty: t1, docs: d1, .. }) => {
                if t0 != t1 {
                    breaking.push(format!("{path} is now `{t1}` (was `{t0}`)"));
                }
                if w0 != w1 {
                    breaking.push(format!("{path} is now the JSON member `{w1}` (was `{w0}`)"));
                }
                d0 != d1
            }
            (Entry::Variant { wire: w0, docs: d0, .. }, Entry::Variant { wire: w1, docs: d1, .. }) => {
                if w0 != w1 {
                    breaking.push(format!("{path} now stands for `{w1}` (was `{w0}`)"));
                }
                d0 != d1
            }
            (
                Entry::Type { of: o0, exhaustive: e0, serialize: s0, deserialize_feature: f0, docs: d0, .. },
                Entry::Type { of: o1, exhaustive: e1, serialize: s1, deserialize_feature: f1, docs: d1, .. },
            ) => {
                if o0 != o1 {
                    breaking.push(format!("{path} is now a {} (was a {})", now.noun(), before.noun()));
                }
                if *e0 && !e1 {
                    breaking.push(format!("{path} is now `#[non_exhaustive]`"));
                }
                if *e1 && !e0 {
                    changed.push(format!("{path} is no longer `#[non_exhaustive]`"));
                }
                if *s0 && !s1 {
                    breaking
                        .push(format!("{path} no longer implements `Serialize` (only with the `serialize` feature)"));
                }
                if *s1 && !s0 {
                    changed.push(format!("{path} now implements `Serialize`"));
                }
                if *f1 && !f0 {
                    breaking.push(format!(
                        "{path} no longer implements `Deserialize` (only with the `deserialize` feature)"
                    ));
                }
                if *f0 && !f1 {
                    changed.push(format!("{path} now implements `Deserialize`"));
                }
                d0 != d1
            }
            (Entry::Credential { signature: s0, .. }, Entry::Credential { signature: s1, .. }) => {
                if s0 != s1 {
                    breaking.push(format!("{path} is now `{s1}` (was `{s0}`)"));
                }
                false
            }
            (Entry::Host { template: t0, .. }, Entry::Host { template: t1, .. }) => {
                if t0 != t1 {
                    changed.push(format!("{path} now sets the base URL of `{t1}` (was `{t0}`)"));
                }
                false
            }
            (Entry::Environment { base_url: b0, .. }, Entry::Environment { base_url: b1, .. }) => {
                if b0 != b1 {
                    changed.push(format!("{path} now sends to <{b1}> (was <{b0}>)"));
                }
                false
            }
            (Entry::Feature { .. }, Entry::Feature { .. }) => false,
            _ => {
                breaking.push(format!("{path} is now a {} (was a {})", now.noun(), before.noun()));
                false
            }
        };
        changes.breaking.extend(breaking.into_iter().map(|what| Change::new(what, item.clone())));
        changes.changed.extend(changed.into_iter().map(|what| Change::new(what, item.clone())));
        let changed_otherwise = changes.breaking.len() + changes.added.len() + changes.changed.len() > counted;
        if docs_differ && !changed_otherwise {
            if matches!(now, Entry::Field { .. } | Entry::Variant { .. } | Entry::Input { .. }) {
                push_member(&mut changes.docs, now, "docs", "", item);
            } else {
                changes.docs.push(Change::new(format!("docs of {} {path}", now.noun()), item));
            }
        }
    }
}

/// `a::B` for `a::B::c`.
fn parent(path: &str) -> &str {
    path.rsplit_once("::").map_or("", |(parent, _)| parent)
}

impl Changes {
    /// The version the changes need after `previous` (`None` without a previous record).
    pub fn needed_version(&self) -> Option<semver::Version> {
        let previous = semver::Version::parse(self.previous_version.as_deref()?).ok()?;
        Some(next_version(&previous, self.bump()))
    }

    /// The report a regeneration prints: the changes grouped, then the version they need
    /// (`version` is the new crate's).
    pub fn report(&self, version: &str) -> String {
        let mut out = String::new();
        if let Some(why) = &self.first {
            out.push_str("API changes: a first generation, no previous API record to compare with");
            if let Some(why) = why {
                out.push_str(&format!(" ({why})"));
            }
            out.push_str(".\n");
            return out;
        }
        let previous = self.previous_version.clone().unwrap_or_default();
        if !self.any() {
            out.push_str(&format!("API changes: none since {previous}.\n"));
            return out;
        }
        out.push_str(&format!("API changes since {previous}:\n"));
        for (title, group) in self.groups() {
            out.push_str(&format!("  {title} ({}):\n", group.len()));
            for change in group {
                out.push_str(&format!("    - {change}\n"));
            }
        }
        out.push_str(&self.verdict(version));
        out.push('\n');
        out
    }

    /// The non-empty groups, in report order.
    fn groups(&self) -> Vec<(&'static str, &[Change])> {
        [("Breaking", &self.breaking), ("Added", &self.added), ("Changed", &self.changed), ("Docs only", &self.docs)]
            .into_iter()
            .filter(|(_, group)| !group.is_empty())
            .map(|(title, group)| (title, group.as_slice()))
            .collect()
    }

    /// `Needs a minor version bump (…): 0.1.0 → 0.2.0; …`.
    fn verdict(&self, version: &str) -> String {
        let (Some(previous), Some(needed)) = (self.previous_version.as_deref(), self.needed_version()) else {
            return String::new();
        };
        let part = match needed {
            ref v if v.major != semver::Version::parse(previous).map_or(v.major, |p| p.major) => "major",
            ref v if v.minor != semver::Version::parse(previous).map_or(v.minor, |p| p.minor) => "minor",
            _ => "patch",
        };
        let why = match self.bump() {
            Bump::Major if needed.major == 0 => "breaking changes, while the version is 0.x",
            Bump::Major => "breaking changes",
            Bump::Minor => "additions that break nothing",
            Bump::Patch | Bump::None => "documentation only",
        };
        let now = semver::Version::parse(version).ok();
        let state = match now {
            Some(now) if now >= needed => format!("the crate is {now}"),
            _ => format!("the crate is still {version}: set `version = \"{needed}\"`, or `version = \"auto\"`"),
        };
        format!("Needs a {part} version bump ({why}): {previous} → {needed}; {state}.")
    }
}

/// The first line of the crate's `CHANGELOG.md`.
const CHANGELOG_HEADER: &str = "<!-- @generated by postman-codegen from a Postman collection: each regeneration that changes the API adds a section; text you add is kept. -->";

/// The crate's `CHANGELOG.md`: `previous` (the file as it is, if any) with a section for
/// `changes` put first when they change the API; `previous` as it is otherwise. `version` is
/// the new crate's, `auto` whether it was bumped by the changes, `operations` its count.
pub fn changelog(
    previous: Option<&str>,
    changes: &Changes,
    version: &str,
    auto: bool,
    title: &str,
    operations: usize,
) -> String {
    let section = if changes.first.is_some() {
        format!("## [{version}]\n\nFirst generated from the {title} Postman collection: {operations} operations.\n")
    } else if changes.any() {
        let heading = match changes.needed_version() {
            Some(needed) if !auto && semver::Version::parse(version).is_ok_and(|v| v < needed) => {
                format!("## [Unreleased]\n\nNeeds version {needed} or later.\n")
            }
            _ => format!("## [{version}]\n"),
        };
        let mut section = heading;
        for (title, group) in changes.groups() {
            let title = if title == "Docs only" { "Documentation" } else { title };
            section.push_str(&format!("\n### {title}\n\n"));
            for change in group {
                section.push_str(&format!("- {change}\n"));
            }
        }
        section
    } else {
        return previous
            .map_or_else(|| changelog(None, &Changes::first(None), version, auto, title, operations), str::to_string);
    };
    match previous {
        // Changes since the last release add to its `[Unreleased]` section.
        Some(previous) if section.starts_with("## [Unreleased]") && previous.contains("\n## [Unreleased]") => {
            merge_unreleased(previous, &section)
        }
        // The new section goes before the first one; all the rest stays as it is.
        Some(previous) => match previous.find("\n## ") {
            Some(at) => format!("{}{section}\n{}", &previous[..=at], &previous[at + 1..]),
            None => format!("{}\n\n{section}", previous.trim_end()),
        },
        None => format!(
            "{CHANGELOG_HEADER}\n# Changelog\n\nThe changes to this crate's API, newest first, as [Keep a Changelog](https://keepachangelog.com/en/1.1.0/) lists them; the versions follow the Cargo book's SemVer rules.\n\n{section}"
        ),
    }
}

/// `previous` with its `[Unreleased]` section and `section` (another one) made one: the later
/// of the versions they need, and under each heading the lines already there (text a user
/// added included), then the new ones.
fn merge_unreleased(previous: &str, section: &str) -> String {
    let start = previous.find("\n## [Unreleased]").map_or(0, |at| at + 1);
    let end = previous[start + 1..].find("\n## ").map_or(previous.len(), |at| start + 1 + at + 1);
    let parse = |text: &str| {
        let (head, groups) = text.split_once("\n### ").map_or((text, ""), |(head, rest)| (head, rest));
        let needs = head.lines().find_map(|line| line.strip_prefix("Needs version ")?.strip_suffix(" or later."));
        let needs = needs.and_then(|v| semver::Version::parse(v).ok());
        let extra: Vec<&str> = head.lines().skip(1).filter(|line| !line.starts_with("Needs version ")).collect();
        let groups: Vec<(String, String)> = if groups.is_empty() {
            Vec::new()
        } else {
            format!("\n### {groups}")
                .split("\n### ")
                .skip(1)
                .map(|group| {
                    let (title, body) = group.split_once('\n').unwrap_or((group, ""));
                    (title.to_string(), body.trim().to_string())
                })
                .collect()
        };
        (needs, extra.join("\n").trim().to_string(), groups)
    };
    let (old_needs, extra, mut groups) = parse(&previous[start..end]);
    let (new_needs, _, new_groups) = parse(section);
    for (title, body) in new_groups {
        match groups.iter_mut().find(|(old, _)| *old == title) {
            Some((_, old)) => *old = format!("{old}\n{body}"),
            None => groups.push((title, body)),
        }
    }
    let order = ["Breaking", "Added", "Changed", "Documentation"];
    groups.sort_by_key(|(title, _)| order.iter().position(|o| o == title).unwrap_or(order.len()));
    let mut merged = String::from("## [Unreleased]\n");
    if let Some(needs) = old_needs.into_iter().chain(new_needs).max() {
        merged.push_str(&format!("\nNeeds version {needs} or later.\n"));
    }
    if !extra.is_empty() {
        merged.push_str(&format!("\n{extra}\n"));
    }
    for (title, body) in groups {
        merged.push_str(&format!("\n### {title}\n\n{body}\n"));
    }
    let rest = &previous[end..];
    let separator = if rest.is_empty() { "" } else { "\n" };
    format!("{}{merged}{separator}{rest}", &previous[..start])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Header;

    #[test]
    fn versions_move_by_the_cargo_books_rules() {
        let next = |version: &str, bump| next_version(&semver::Version::parse(version).unwrap(), bump).to_string();
        assert_eq!(next("1.2.3", Bump::Major), "2.0.0");
        assert_eq!(next("1.2.3", Bump::Minor), "1.3.0");
        assert_eq!(next("1.2.3", Bump::Patch), "1.2.4");
        assert_eq!(next("1.2.3", Bump::None), "1.2.3");
        // While 0.x, what breaks bumps the minor and anything else the patch.
        assert_eq!(next("0.3.1", Bump::Major), "0.4.0");
        assert_eq!(next("0.3.1", Bump::Minor), "0.3.2");
        assert_eq!(next("0.3.1", Bump::Patch), "0.3.2");
        // While 0.0.z, every change is the patch.
        assert_eq!(next("0.0.4", Bump::Major), "0.0.5");
        assert_eq!(next("0.0.4", Bump::Minor), "0.0.5");
    }

    #[test]
    fn a_type_that_only_requests_send_any_more_loses_deserialize_as_a_breaking_change() {
        let record = |line: &str| Record {
            header: Header {
                generated: String::new(),
                format: crate::record::FORMAT,
                crate_name: "shop".to_string(),
                version: "0.1.0".to_string(),
                digest: String::new(),
            },
            entries: vec![serde_json::from_str(line).unwrap()],
        };
        // A record written before the field existed: every type implemented `Deserialize`.
        let old = r#"{"kind":"type","path":"a::Item","of":"struct","origin":"Shop › a › B, request","exhaustive":false,"serialize":true,"docs":""}"#;
        let now = r#"{"kind":"type","path":"a::Item","of":"struct","origin":"Shop › a › B, request","exhaustive":false,"serialize":true,"deserialize_feature":true,"docs":""}"#;
        let lost = compare(Some(Ok(record(old))), &record(now));
        assert_eq!(lost.bump(), Bump::Major);
        assert_eq!(
            lost.breaking[0].what,
            "`a::Item` no longer implements `Deserialize` (only with the `deserialize` feature)"
        );
        let regained = compare(Some(Ok(record(now))), &record(old));
        assert_eq!(regained.bump(), Bump::Minor);
        assert_eq!(regained.changed[0].what, "`a::Item` now implements `Deserialize`");
        assert!(!compare(Some(Ok(record(old))), &record(old)).any());
    }

    #[test]
    fn the_changelog_puts_a_new_section_first_and_keeps_the_rest() {
        let first = changelog(None, &Changes::first(None), "0.1.0", false, "Shop API", 4);
        assert!(first.starts_with(CHANGELOG_HEADER));
        assert!(first.ends_with("## [0.1.0]\n\nFirst generated from the Shop API Postman collection: 4 operations.\n"));
        let edited = format!("{first}\nNotes of ours.\n");
        let changes = Changes {
            previous_version: Some("0.1.0".to_string()),
            added: vec![Change::new("operation `a::Client::b`".to_string(), "Shop API › a › B".to_string())],
            ..Changes::default()
        };
        let next = changelog(Some(&edited), &changes, "0.1.1", true, "Shop API", 5);
        let (new, old) = next.split_once("## [0.1.0]").unwrap();
        assert!(new.ends_with("## [0.1.1]\n\n### Added\n\n- operation `a::Client::b`: Shop API › a › B\n\n"), "{next}");
        assert!(old.ends_with("Notes of ours.\n"), "{next}");
        assert_eq!(
            changelog(
                Some(&edited),
                &Changes { previous_version: Some("0.1.0".into()), ..Changes::default() },
                "0.1.0",
                true,
                "Shop API",
                4
            ),
            edited,
            "no change, no section"
        );
    }
}
