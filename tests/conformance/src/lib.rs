//! Wire conformance: for one collection, newman (Postman's runner, the reference for what an
//! item means on the wire) and the generated client's conformance driver are each run against
//! a fresh loopback recorder, and what they sent is compared item by item.

pub mod compare;
pub mod recorder;
pub mod rewrite;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail};
use postman_codegen::ir::{Api, AuthKind, Operation};
use postman_codegen::{CrateOptions, emit, output};
use recorder::{Answer, Recorder};
use serde_json::Value;

/// Where things are.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The workspace root.
    pub root: PathBuf,
}

impl Paths {
    pub fn work(&self) -> PathBuf {
        self.root.join("target").join("conformance")
    }

    /// The target directory shared by every generated crate the tests build.
    pub fn generated_target(&self) -> PathBuf {
        self.root.join("target").join("generated")
    }

    pub fn newman(&self) -> PathBuf {
        self.root.join("tests/conformance/node_modules/.bin/newman")
    }

    pub fn allow_list(&self) -> PathBuf {
        self.root.join("tests/conformance/allow-list.txt")
    }
}

/// One item's result.
#[derive(Debug, Clone)]
pub struct ItemReport {
    pub item: String,
    pub mismatches: Vec<compare::Mismatch>,
    /// The allow-list's justification, when the item is on it.
    pub allowed: Option<String>,
    /// The recorder answered with a saved JSON example…
    pub served_json: bool,
    /// …and the client decoded it into its type.
    pub decoded: bool,
    /// What the driver printed for the call.
    pub outcome: String,
    /// The item's auth is left to the program's signing hook (Hawk, NTLM, EdgeGrid, …): its
    /// signature is the hook's, compared by presence only, so the item is not counted as passed.
    pub hook: bool,
    /// The path parameter the client refused to send empty (the collection's own value), where
    /// newman sent the request to another route with that segment empty: the one difference the
    /// client makes by design.
    pub refused: Option<String>,
    /// For an OAuth 1.0 item, each side's signature recomputed from what it sent.
    pub oauth1: Option<compare::OAuth1Check>,
}

/// One collection's result.
#[derive(Debug, Clone)]
pub struct Report {
    pub collection: String,
    pub items: Vec<ItemReport>,
    pub mock: MockReport,
}

/// What the crate's own mock server (`--features mock`) served to the crate's own client.
#[derive(Debug, Clone, Default)]
pub struct MockReport {
    /// Operations with a saved 2xx example (the mock's default answer), of all operations.
    pub served: usize,
    pub operations: usize,
    /// Saved JSON examples, those a request can ask for by name or status, and those of them
    /// the client decoded into the operation's success or error type.
    pub json_examples: usize,
    pub asked: usize,
    pub decoded: usize,
    /// `item › example: outcome` for each asked example that was not decoded.
    pub undecoded: Vec<String>,
}

impl Report {
    pub fn failed(&self) -> usize {
        self.items.iter().filter(|i| !i.mismatches.is_empty() && i.allowed.is_none()).count()
    }

    pub fn allowed(&self) -> usize {
        self.items.iter().filter(|i| !i.mismatches.is_empty() && i.allowed.is_some()).count()
    }

    /// Items whose request is newman's, signature included (not those left to the hook, nor
    /// those refused for an empty path value).
    pub fn passed(&self) -> usize {
        self.items.len() - self.failed() - self.hooked() - self.refused()
    }

    /// OAuth 1.0 items whose signature verified when recomputed from what the client sent, and
    /// those of them where newman's does not verify against what newman sent (ours is kept).
    pub fn oauth1_verified(&self) -> (usize, usize) {
        let checks = self.items.iter().filter_map(|i| i.oauth1.as_ref()).filter(|c| c.ours.is_ok());
        let (verified, kept): (Vec<_>, Vec<_>) = checks.partition(|c| c.newman.is_ok());
        (verified.len() + kept.len(), kept.len())
    }

    /// Items the client refused to send because the collection's own value of a path parameter
    /// is empty, where newman sent them to another route.
    pub fn refused(&self) -> usize {
        self.items.iter().filter(|i| i.refused.is_some()).count()
    }

    /// Items that match but whose signature is the program's hook's (compared by presence).
    pub fn hooked(&self) -> usize {
        self.items.iter().filter(|i| i.hook && (i.mismatches.is_empty() || i.allowed.is_some())).count()
    }

    /// Items answered with a saved JSON example (those refused before sending are not asked).
    pub fn served_json(&self) -> usize {
        self.items.iter().filter(|i| i.served_json && i.refused.is_none()).count()
    }

    pub fn decoded(&self) -> usize {
        self.items.iter().filter(|i| i.served_json && i.refused.is_none() && i.decoded).count()
    }

    /// A per-item table of mismatches, then `N passed, M failed`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}: {} items", self.collection, self.items.len());
        for item in self.items.iter().filter(|i| !i.mismatches.is_empty()) {
            let state = match &item.allowed {
                Some(reason) => format!("allowed: {reason}"),
                None => "FAILED".to_string(),
            };
            let _ = writeln!(out, "  {} ({state})", item.item);
            for mismatch in &item.mismatches {
                let (newman, ours) = around_difference(&mismatch.newman, &mismatch.ours);
                let _ = writeln!(out, "    {}: newman {newman} | ours {ours}", mismatch.what);
            }
        }
        for item in self.items.iter().filter(|i| i.served_json && i.refused.is_none() && !i.decoded) {
            let _ = writeln!(out, "  not decoded: {}: {}", item.item, item.outcome);
        }
        for undecoded in &self.mock.undecoded {
            let _ = writeln!(out, "  not decoded from the mock: {undecoded}");
        }
        let mock = &self.mock;
        let _ = writeln!(
            out,
            "  mock: {} of {} operations have a saved 2xx example; {} of {} saved JSON examples asked for ({} not \
             addressable), {} decoded",
            mock.served,
            mock.operations,
            mock.asked,
            mock.json_examples,
            mock.json_examples - mock.asked,
            mock.decoded
        );
        let _ = writeln!(
            out,
            "  responses: {} of {} saved JSON examples decoded; {} mismatches allowed",
            self.decoded(),
            self.served_json(),
            self.allowed()
        );
        let hooked = match self.hooked() {
            0 => String::new(),
            n => format!(
                "; {n} left to the signing hook (the rest of the request matches, the signature is the program's)"
            ),
        };
        let refused = match self.refused() {
            0 => String::new(),
            n => format!(
                "; {n} refused by the client, as it must, because the collection's value of a path parameter is empty \
                 (newman sends them to another route)"
            ),
        };
        for item in &self.items {
            if let Some(compare::OAuth1Check { newman: Err(why), ours: Ok(()) }) = &item.oauth1 {
                let _ =
                    writeln!(out, "  {}: newman's OAuth 1.0 signature does not verify ({why}); ours does", item.item);
            }
        }
        let oauth1 = match self.oauth1_verified() {
            (0, _) => String::new(),
            (verified, 0) => format!("; {verified} OAuth 1.0 signatures verified by recomputation"),
            (verified, kept) => format!(
                "; {verified} OAuth 1.0 signatures verified by recomputation ({kept} where newman's does not verify \
                 against what newman sent)"
            ),
        };
        let _ = writeln!(out, "{} passed, {} failed{hooked}{refused}{oauth1}", self.passed(), self.failed());
        out
    }
}

/// Both texts from a little before where they first differ, shortened.
fn around_difference(a: &str, b: &str) -> (String, String) {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let same = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let start = same.saturating_sub(40);
    let show = |text: &[char]| {
        let shown: String = text.iter().skip(start).take(200).collect();
        let prefix = if start > 0 { "…" } else { "" };
        format!("{prefix}{}", shown.replace('\n', "\\n"))
    };
    (show(&a), show(&b))
}

/// The crate name a collection's conformance client gets.
fn crate_name(collection: &Path) -> String {
    let stem = collection.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = stem.trim_end_matches(".json").trim_end_matches(".postman_collection");
    let stem: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("conformance-{}", stem.trim_matches('-'))
}

/// A collection made ready: rewritten, its files written, its client generated.
pub struct Prepared {
    pub collection: PathBuf,
    pub dir: PathBuf,
    pub crate_name: String,
    pub api: Api,
    pub answers: Vec<Answer>,
    /// For each item, the headers it sets itself (lower-cased names).
    pub item_headers: Vec<Vec<String>>,
    /// How many origins the rewritten collection uses (each sent to the recorder).
    pub origins: usize,
}

/// A collection that could not be prepared, and why.
pub type Unprepared = (PathBuf, anyhow::Error);

/// Rewrites the collections and generates their clients into one workspace under
/// `target/conformance` (one shared target directory). A collection that cannot be prepared
/// is returned with its error, naming the file concerned, and the others are still prepared.
pub fn prepare(paths: &Paths, collections: &[PathBuf]) -> anyhow::Result<(Vec<Prepared>, Vec<Unprepared>)> {
    let work = paths.work();
    let mut prepared = Vec::new();
    let mut failed = Vec::new();
    for collection in collections {
        match prepare_one(&work, collection) {
            Ok(one) => prepared.push(one),
            Err(error) => failed.push((collection.clone(), error)),
        }
    }
    let crates = work.join("crates");
    let mut members: Vec<String> = std::fs::read_dir(&crates)
        .with_context(|| format!("reading {}", crates.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| format!("\"crates/{}\"", e.file_name().to_string_lossy()))
        .collect();
    members.sort();
    let manifest = work.join("Cargo.toml");
    std::fs::write(&manifest, format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")))
        .with_context(|| format!("writing {}", manifest.display()))?;
    // The project's lock pins the dependency versions the committed clients use.
    std::fs::copy(paths.root.join("Cargo.lock"), work.join("Cargo.lock")).context("copying Cargo.lock")?;
    Ok((prepared, failed))
}

/// One collection: rewritten, its files made, its client generated.
fn prepare_one(work: &Path, collection: &Path) -> anyhow::Result<Prepared> {
    let text = std::fs::read_to_string(collection).with_context(|| format!("reading {}", collection.display()))?;
    let json: Value = serde_json::from_str(&text).with_context(|| format!("parsing {}", collection.display()))?;
    let rewritten = rewrite::rewrite(&json);
    let crate_name = crate_name(collection);
    let dir = work.join("runs").join(&crate_name);
    let files = dir.join("files");
    std::fs::create_dir_all(&files).with_context(|| format!("creating {}", files.display()))?;
    // A file body or part with no file chosen (`"src": ""`) has nothing to make: newman sends
    // it empty.
    for src in rewritten.files.iter().filter(|src| !src.is_empty() && !Path::new(src).is_absolute()) {
        let path = files.join(src);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, emit::example::file_contents(src))
            .with_context(|| format!("writing the file `{src}` the collection sends, at {}", path.display()))?;
    }
    let rewritten_text = serde_json::to_string_pretty(&rewritten.collection)?;
    let rewritten_path = dir.join("collection.json");
    std::fs::write(&rewritten_path, &rewritten_text)
        .with_context(|| format!("writing {}", rewritten_path.display()))?;
    let label = collection.display().to_string();
    let options =
        CrateOptions { crate_name: Some(crate_name.clone()), conformance_driver: true, ..CrateOptions::default() };
    let generated = postman_codegen::generate(&rewritten_text, &label, &options)?;
    output::sync(&work.join("crates").join(&crate_name), &generated.files, false)?;
    let answers = generated.api.operations.iter().map(answer).collect();
    Ok(Prepared {
        collection: collection.to_path_buf(),
        dir,
        crate_name,
        api: generated.api,
        answers,
        item_headers: rewritten.item_headers,
        origins: rewritten.origins,
    })
}

/// What the recorder answers an item with: its first 2xx example with a JSON body, else its
/// first example, else an empty `200`; the body as the crate's mock server serves it
/// (placeholders made concrete).
fn answer(op: &Operation) -> Answer {
    // A Digest item is challenged first, with a fixed nonce.
    let challenge = matches!(op.auth, Some(AuthKind::Digest(_))).then(|| compare::DIGEST_CHALLENGE.to_string());
    match op.default_example().filter(|r| r.is_json()).or(op.responses.first()) {
        Some(response) => Answer {
            status: response.status_sent(),
            content_type: response.content_type.clone(),
            body: emit::mock::served_body(response),
            challenge,
        },
        None => Answer { status: 200, content_type: None, body: String::new(), challenge },
    }
}

/// `(collection file name, item path) → justification` from the allow-list: one entry per line,
/// `collection | item path | why`; `#` starts a comment.
pub fn allow_list(paths: &Paths) -> anyhow::Result<Vec<(String, String, String)>> {
    let text = match std::fs::read_to_string(paths.allow_list()) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error.into()),
    };
    let mut entries = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.splitn(3, " | ").map(str::trim).collect();
        match fields.as_slice() {
            [collection, item, why] if !why.is_empty() => {
                entries.push((collection.to_string(), item.to_string(), why.to_string()))
            }
            _ => bail!(
                "{}:{}: expected `collection | item path | justification`",
                paths.allow_list().display(),
                number + 1
            ),
        }
    }
    Ok(entries)
}

/// Installs newman from the lockfile into `tests/conformance/node_modules` when it is not there.
pub fn ensure_newman(paths: &Paths) -> anyhow::Result<()> {
    if paths.newman().is_file() {
        return Ok(());
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(paths.root.join("tests/conformance"))
        .status()
        .context("newman is not installed and `npm` cannot be run to install it (install Node.js and npm)")?;
    if !status.success() || !paths.newman().is_file() {
        bail!("`npm ci --prefix tests/conformance` did not install newman");
    }
    Ok(())
}

/// Runs newman and the driver for one prepared collection and compares them.
pub fn run(paths: &Paths, prepared: &Prepared, allowed: &[(String, String, String)]) -> anyhow::Result<Report> {
    ensure_newman(paths)?;
    let newman_path = paths.newman();
    // One recorder for both sides, one after the other: both send to the same origin, so
    // what they sign (an OAuth 1.0 signature covers the URL, port included) can be compared
    // byte for byte.
    let reference = Recorder::start(prepared.answers.clone())?;
    let mut newman = Command::new(&newman_path);
    newman.arg("run").arg(prepared.dir.join("collection.json"));
    for index in 0..prepared.origins {
        newman.args(["--env-var", &format!("{}={}", rewrite::origin_variable(index), reference.url())]);
    }
    let output = newman
        .arg("--working-dir")
        .arg(prepared.dir.join("files"))
        .args(["--silent", "--timeout-request", "20000", "--disable-unicode"])
        .output()
        .context("running newman")?;
    let newman_requests = reference.take();
    if newman_requests.is_empty() && !prepared.api.operations.is_empty() {
        bail!("newman sent nothing: {}", String::from_utf8_lossy(&output.stderr));
    }

    let recorder = reference;
    let driver = run_driver(paths, prepared, &recorder.url())?;
    let outcomes: Vec<String> =
        driver.lines().map(|line| line.splitn(3, '\t').nth(2).unwrap_or_default().to_string()).collect();
    let ours = recorder.requests();

    let file_name = prepared.collection.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut items = Vec::new();
    let tagged = |requests: &[recorder::Recorded], index: usize| -> Option<recorder::Recorded> {
        let index = index.to_string();
        // The last request of the item: the one that answered a challenge, if there was one.
        requests.iter().rfind(|r| r.header(rewrite::ITEM_HEADER) == Some(index.as_str())).cloned()
    };
    let describe =
        |r: Option<&recorder::Recorded>| r.map_or("nothing".to_string(), |r| format!("{} {}", r.method, r.target));
    for (index, op) in prepared.api.operations.iter().enumerate() {
        let item = op.item_path[1..].join(" › ");
        let outcome = outcomes.get(index).cloned().unwrap_or_default();
        let (newman, ours) = (tagged(&newman_requests, index), tagged(&ours, index));
        let refused = match &ours {
            None => compare::refused_empty_path(op, newman.as_ref(), &outcome),
            Some(_) => None,
        };
        let mut oauth1 = None;
        let mismatches = match (&newman, &ours) {
            _ if refused.is_some() => Vec::new(),
            (Some(newman), Some(ours)) => {
                let item_headers = prepared.item_headers.get(index).map_or(&[][..], Vec::as_slice);
                // The secret an AWS Signature Version 4 or a Digest response is verified with.
                let secret = match (&op.auth, op.credential) {
                    (Some(AuthKind::AwsV4(_) | AuthKind::Digest(_)), Some(index)) => {
                        prepared.api.credentials[index].values.get(1).map(String::as_str)
                    }
                    _ => None,
                };
                // An OAuth 1.0 item's consumer secret and token secret.
                let oauth1_secrets = match (&op.auth, op.credential) {
                    (Some(AuthKind::OAuth1(_)), Some(index)) => {
                        let values = &prepared.api.credentials[index].values;
                        let value = |at: usize| values.get(at).map_or("", String::as_str);
                        Some((value(1), value(3)))
                    }
                    _ => None,
                };
                let (mismatches, check) = compare::compare(op, item_headers, newman, ours, secret, oauth1_secrets);
                oauth1 = check;
                mismatches
            }
            (newman, None) if outcome.starts_with("error") => {
                vec![compare::Mismatch {
                    what: "request".to_string(),
                    newman: describe(newman.as_ref()),
                    ours: outcome.clone(),
                }]
            }
            (newman, ours) => vec![compare::Mismatch {
                what: "request".to_string(),
                newman: describe(newman.as_ref()),
                ours: describe(ours.as_ref()),
            }],
        };
        let served_json = serde_json::from_str::<Value>(&prepared.answers[index].body).is_ok();
        let decoded = outcome == "ok" || outcome.ends_with(" decoded");
        let allowed = allowed
            .iter()
            .find(|(collection, path, _)| *collection == file_name && *path == item)
            .map(|(_, _, why)| why.clone());
        let hook = matches!(op.auth, Some(AuthKind::Signed { .. }));
        items.push(ItemReport { item, mismatches, allowed, served_json, decoded, outcome, hook, refused, oauth1 });
    }
    let mock = mock(paths, prepared)?;
    Ok(Report { collection: file_name, items, mock })
}

/// Runs the conformance driver (built with the crate's `mock` feature) with `argument`, a base
/// URL or `--mock`; its output.
fn run_driver(paths: &Paths, prepared: &Prepared, argument: &str) -> anyhow::Result<String> {
    let driver = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "-p", &prepared.crate_name, "--features", "mock", "--example", "conformance", "--"])
        .arg(argument)
        .current_dir(paths.work())
        .env("CARGO_TARGET_DIR", paths.generated_target())
        .output()
        .context("running the conformance driver")?;
    if !driver.status.success() {
        bail!("the conformance driver of {} failed: {}", prepared.crate_name, String::from_utf8_lossy(&driver.stderr));
    }
    Ok(String::from_utf8_lossy(&driver.stdout).into_owned())
}

/// Every saved JSON example, asked of the crate's mock server by the crate's client.
fn mock(paths: &Paths, prepared: &Prepared) -> anyhow::Result<MockReport> {
    let operations = &prepared.api.operations;
    let mut report = MockReport {
        served: operations.iter().filter(|op| op.default_example().is_some()).count(),
        operations: operations.len(),
        json_examples: operations.iter().map(|op| op.responses.iter().filter(|r| r.is_json()).count()).sum(),
        ..MockReport::default()
    };
    for line in run_driver(paths, prepared, "--mock")?.lines() {
        let mut fields = line.splitn(4, '\t').skip(1);
        let (item, example, outcome) = (fields.next(), fields.next(), fields.next().unwrap_or_default());
        report.asked += 1;
        if outcome == "ok" || outcome.ends_with(" decoded") {
            report.decoded += 1;
        } else {
            report.undecoded.push(format!("{} › {}: {outcome}", item.unwrap_or_default(), example.unwrap_or_default()));
        }
    }
    Ok(report)
}
