//! `cargo xtask house`: the generator's structure as its code states it. Each source file of
//! `generator/src` is a module; a module that names another (`use crate::ir::Api`,
//! `super::tokens::ident(…)`, `crate::lower::docs::code_safe(…)`) depends on it. The check
//! fails on an import circle, on a module that depends on a later stage of the pipeline, and on
//! a function longer than [`MAX_FUNCTION_LINES`].
//!
//! Imports are read with `syn`; function lengths with rustc's own lexer (the text from `fn` to
//! the closing brace of the body, comments and blank lines included). Test code (`#[cfg(test)]`
//! modules) is left out: it depends on what it tests.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The longest function the house allows, in lines.
pub const MAX_FUNCTION_LINES: usize = 150;

/// The generator's stages in pipeline order, each a top-level module of `generator/src`: a
/// module may depend on its own stage and earlier ones, never on a later one. Modules in one
/// row share a stage. `lib.rs` (the crate root, which runs the stages in turn) comes last.
pub const STAGES: &[&[&str]] = &[
    &["error"],
    &["ir"],
    &["postman"],
    &["config"],
    &["naming"],
    &["lower"],
    &["validate"],
    &["record"],
    &["changes"],
    &["emit"],
    &["output"],
];

/// What the check found.
#[derive(Debug, Default)]
pub struct House {
    /// Each module (its file relative to the source root, `emit/mod.rs`) and the modules it
    /// depends on, with the names it takes from each.
    pub imports: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    /// Every function with its length in lines: `(file, line, name, lines)`.
    pub functions: Vec<(String, usize, String, usize)>,
}

impl House {
    /// Groups of two or more modules that depend on each other, each sorted.
    pub fn circles(&self) -> Vec<Vec<String>> {
        strongly_connected(&self.imports).into_iter().filter(|group| group.len() > 1).collect()
    }

    /// Dependencies from a stage on a later one: `(from, to, names)`.
    pub fn backward(&self) -> Vec<(String, String, Vec<String>)> {
        let mut backward = Vec::new();
        for (from, targets) in &self.imports {
            for (to, names) in targets {
                if let (Some(a), Some(b)) = (stage(from), stage(to))
                    && b > a
                {
                    backward.push((from.clone(), to.clone(), names.iter().cloned().collect()));
                }
            }
        }
        backward
    }

    /// Functions longer than [`MAX_FUNCTION_LINES`], longest first.
    pub fn long_functions(&self) -> Vec<&(String, usize, String, usize)> {
        let mut long: Vec<_> = self.functions.iter().filter(|f| f.3 > MAX_FUNCTION_LINES).collect();
        long.sort_by_key(|f| std::cmp::Reverse(f.3));
        long
    }

    /// What is wrong, one line a problem; empty when the house is in order.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for circle in self.circles() {
            let ties: Vec<String> = circle
                .iter()
                .flat_map(|from| {
                    self.imports[from]
                        .iter()
                        .filter(|(to, _)| circle.contains(to))
                        .map(move |(to, names)| format!("{from} → {to} ({})", join(names)))
                })
                .collect();
            problems.push(format!("import circle: {}", ties.join("; ")));
        }
        for (from, to, names) in self.backward() {
            problems.push(format!("{from} depends on a later stage, {to} ({})", names.join(", ")));
        }
        for (file, line, name, lines) in self.long_functions() {
            problems.push(format!("{file}:{line}: `{name}` is {lines} lines (at most {MAX_FUNCTION_LINES})"));
        }
        problems
    }

    /// The modules and their imports, one module a line, and the longest functions.
    pub fn describe(&self) -> String {
        let mut text = String::new();
        for (from, targets) in &self.imports {
            let targets: Vec<&str> = targets.keys().map(String::as_str).collect();
            let _ = writeln!(text, "{from} → {}", targets.join(", "));
        }
        let mut longest: Vec<_> = self.functions.iter().collect();
        longest.sort_by_key(|f| std::cmp::Reverse(f.3));
        let _ = writeln!(text, "\nlongest functions:");
        for (file, line, name, lines) in longest.into_iter().take(5) {
            let _ = writeln!(text, "  {lines:4} {file}:{line} {name}");
        }
        text
    }
}

fn join(names: &BTreeSet<String>) -> String {
    names.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// The stage of a module file (`lower/types.rs` → the stage of `lower`); `None` for the root.
fn stage(file: &str) -> Option<usize> {
    let top = file.split('/').next()?.trim_end_matches(".rs");
    STAGES.iter().position(|row| row.contains(&top))
}

/// Reads the crate whose root is `src/lib.rs` (`main.rs`, a crate of its own, is left out).
pub fn read(src: &Path) -> Result<House, String> {
    let mut files = Vec::new();
    collect(src, &mut files)?;
    let modules: BTreeMap<Vec<String>, String> = files
        .iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(src).ok()?.to_string_lossy().replace('\\', "/");
            (relative != "main.rs").then(|| (module_of(&relative), relative))
        })
        .collect();
    let mut house = House::default();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(src.join(file)).map_err(|e| format!("{file}: {e}"))?;
        let syntax = syn::parse_file(&text).map_err(|e| format!("{file}: {e}"))?;
        let mut reader =
            Reader { modules: &modules, file, at: module.clone(), aliases: Vec::new(), found: BTreeMap::new() };
        reader.aliases.push(aliases(&syntax.items, module));
        reader.visit_file(&syntax);
        house.imports.insert(file.clone(), reader.found);
        house
            .functions
            .extend(functions(&text).into_iter().map(|(line, name, lines)| (file.clone(), line, name, lines)));
    }
    Ok(house)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|entry| entry.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    Ok(())
}

/// `lib.rs` → `[]`, `emit/mod.rs` → `["emit"]`, `emit/tokens.rs` → `["emit", "tokens"]`.
fn module_of(relative: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative.trim_end_matches(".rs").split('/').map(String::from).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// What each name a module's `use` items bring in stands for, as an absolute path
/// (`use super::tokens::{ident, Place}` in `emit/operation.rs`: `ident` → `emit::tokens::ident`);
/// child modules declared with `mod` stand for themselves.
fn aliases(items: &[syn::Item], module: &[String]) -> BTreeMap<String, Vec<String>> {
    let mut aliases = BTreeMap::new();
    for item in items {
        match item {
            syn::Item::Use(item) => {
                let mut leaves = Vec::new();
                use_leaves(&item.tree, Vec::new(), &mut leaves);
                for (name, path) in leaves {
                    if let Some(absolute) = absolute(&path, module, &BTreeMap::new()) {
                        aliases.insert(name, absolute);
                    }
                }
            }
            syn::Item::Mod(item) if !is_test(&item.attrs) => {
                let mut path = module.to_vec();
                path.push(item.ident.to_string());
                aliases.insert(item.ident.to_string(), path);
            }
            _ => {}
        }
    }
    aliases
}

/// The names a use tree brings in, with the path of each (`*` for a glob).
fn use_leaves(tree: &syn::UseTree, prefix: Vec<String>, leaves: &mut Vec<(String, Vec<String>)>) {
    let with = |segment: String| {
        let mut path = prefix.clone();
        path.push(segment);
        path
    };
    match tree {
        syn::UseTree::Path(path) => use_leaves(&path.tree, with(path.ident.to_string()), leaves),
        syn::UseTree::Name(name) if name.ident == "self" => {
            leaves.push((prefix.last().cloned().unwrap_or_default(), prefix.clone()));
        }
        syn::UseTree::Name(name) => leaves.push((name.ident.to_string(), with(name.ident.to_string()))),
        syn::UseTree::Rename(rename) => leaves.push((rename.rename.to_string(), with(rename.ident.to_string()))),
        syn::UseTree::Glob(_) => leaves.push(("*".to_string(), with("*".to_string()))),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                use_leaves(tree, prefix.clone(), leaves);
            }
        }
    }
}

/// A path as written in module `at` → the absolute path it names inside the crate; `None` for
/// a path outside it (`std::…`, `serde::…`) or a local name.
fn absolute(path: &[String], at: &[String], aliases: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    let (first, rest) = path.split_first()?;
    let mut base = match first.as_str() {
        "crate" => Vec::new(),
        "self" => at.to_vec(),
        "super" => {
            let mut base = at.to_vec();
            base.pop()?;
            let mut rest = rest;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            return Some(base);
        }
        name => aliases.get(name)?.clone(),
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("cfg") && attr.parse_args::<syn::Ident>().is_ok_and(|ident| ident == "test"))
}

/// Walks one file, noting each module of the crate that a path names.
struct Reader<'a> {
    modules: &'a BTreeMap<Vec<String>, String>,
    file: &'a str,
    /// The module the walk is in (inline modules included).
    at: Vec<String>,
    /// The names `use` brings in, for each module the walk is in.
    aliases: Vec<BTreeMap<String, Vec<String>>>,
    found: BTreeMap<String, BTreeSet<String>>,
}

impl Reader<'_> {
    fn note(&mut self, path: &[String]) {
        let Some(aliases) = self.aliases.last() else { return };
        let Some(absolute) = absolute(path, &self.at, aliases) else { return };
        // The module is the longest prefix of the path that is a file of the crate.
        let Some((len, target)) =
            (0..=absolute.len()).rev().find_map(|len| self.modules.get(&absolute[..len]).map(|file| (len, file)))
        else {
            return;
        };
        if target == self.file {
            return;
        }
        let name = absolute.get(len).cloned().unwrap_or_else(|| absolute.last().cloned().unwrap_or_default());
        self.found.entry(target.clone()).or_default().insert(name);
    }
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if is_test(&item.attrs) {
            return;
        }
        if let Some((_, items)) = &item.content {
            self.at.push(item.ident.to_string());
            self.aliases.push(aliases(items, &self.at));
            syn::visit::visit_item_mod(self, item);
            self.aliases.pop();
            self.at.pop();
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut leaves = Vec::new();
        use_leaves(&item.tree, Vec::new(), &mut leaves);
        for (_, path) in leaves {
            let path: Vec<String> = path.into_iter().filter(|segment| segment != "*").collect();
            self.note(&path);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() > 1 {
            self.note(&segments);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !is_test(&item.attrs) {
            syn::visit::visit_item_fn(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        if !is_test(&item.attrs) {
            syn::visit::visit_impl_item_fn(self, item);
        }
    }
}

/// Each function of a source text: the line of its `fn`, its name, and its lines from `fn` to
/// the end of its body.
fn functions(text: &str) -> Vec<(usize, String, usize)> {
    use ra_ap_rustc_lexer::{FrontmatterAllowed, TokenKind, tokenize};
    let mut tokens = Vec::new();
    let mut offset = 0;
    for token in tokenize(text, FrontmatterAllowed::No) {
        let len = token.len as usize;
        if !matches!(token.kind, TokenKind::Whitespace | TokenKind::LineComment { .. } | TokenKind::BlockComment { .. })
        {
            tokens.push((token.kind, &text[offset..offset + len], offset));
        }
        offset += len;
    }
    let line = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut functions = Vec::new();
    for (at, (kind, word, start)) in tokens.iter().enumerate() {
        if *kind != TokenKind::Ident || *word != "fn" {
            continue;
        }
        let Some((TokenKind::Ident, name, _)) = tokens.get(at + 1) else { continue };
        // The body is the first `{` outside parentheses and brackets, unless a `;` ends the
        // declaration first.
        let mut depth = 0i32;
        let mut body = None;
        for (index, (kind, _, _)) in tokens.iter().enumerate().skip(at + 2) {
            match kind {
                TokenKind::OpenParen | TokenKind::OpenBracket => depth += 1,
                TokenKind::CloseParen | TokenKind::CloseBracket => depth -= 1,
                TokenKind::Semi if depth == 0 => break,
                TokenKind::OpenBrace if depth == 0 => {
                    body = Some(index);
                    break;
                }
                _ => {}
            }
        }
        let Some(body) = body else { continue };
        let mut braces = 0i32;
        let end = tokens[body..].iter().find_map(|(kind, _, end)| {
            match kind {
                TokenKind::OpenBrace => braces += 1,
                TokenKind::CloseBrace => braces -= 1,
                _ => {}
            }
            (braces == 0).then_some(*end)
        });
        if let Some(end) = end {
            let first = line(*start);
            functions.push((first, name.to_string(), line(end) - first + 1));
        }
    }
    functions
}

/// Tarjan's strongly connected components of the import graph.
fn strongly_connected(graph: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        groups: Vec<Vec<String>>,
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a str) {
        let next = state.index.len();
        state.index.insert(node, next);
        state.low.insert(node, next);
        state.stack.push(node);
        state.on_stack.insert(node);
        let targets: Vec<&'a str> =
            state.graph.get(node).map(|targets| targets.keys().map(String::as_str).collect()).unwrap_or_default();
        for target in targets {
            if !state.index.contains_key(target) {
                visit(state, target);
                let low = state.low[node].min(state.low[target]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(target) {
                let low = state.low[node].min(state.index[target]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut group = Vec::new();
            while let Some(member) = state.stack.pop() {
                state.on_stack.remove(member);
                group.push(member.to_string());
                if member == node {
                    break;
                }
            }
            group.sort();
            state.groups.push(group);
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        groups: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.groups
}

/// Reads `generator/src` and prints its modules; an error lists what is wrong.
pub fn run() -> Result<(), String> {
    let house = read(&crate::root().join("generator/src"))?;
    print!("{}", house.describe());
    let problems = house.problems();
    if problems.is_empty() {
        println!("\nno import circle, no stage depends on a later one, no function over {MAX_FUNCTION_LINES} lines");
        Ok(())
    } else {
        Err(format!("{} problems:\n{}", problems.len(), problems.join("\n")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_are_measured_from_fn_to_the_closing_brace() {
        let text =
            "fn a() {\n    let s = \"}\";\n    // }\n}\n\nfn b(x: [u8; 2]) -> u8 { x[0] }\ntrait T { fn c(&self); }\n";
        assert_eq!(functions(text), vec![(1, "a".to_string(), 4), (6, "b".to_string(), 1)]);
    }

    #[test]
    fn circles_are_found() {
        let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
            graph.entry(from.to_string()).or_default().insert(to.to_string(), BTreeSet::new());
        }
        let house = House { imports: graph, functions: Vec::new() };
        assert_eq!(house.circles(), vec![vec!["a".to_string(), "b".to_string(), "c".to_string()]]);
    }

    #[test]
    fn paths_resolve_through_super_and_use() {
        let at = vec!["emit".to_string(), "operation".to_string()];
        let path = |p: &str| p.split("::").map(String::from).collect::<Vec<_>>();
        assert_eq!(absolute(&path("super::tokens::ident"), &at, &BTreeMap::new()), Some(path("emit::tokens::ident")));
        assert_eq!(absolute(&path("crate::ir::Api"), &at, &BTreeMap::new()), Some(path("ir::Api")));
        assert_eq!(absolute(&path("std::fmt"), &at, &BTreeMap::new()), None);
    }
}
