//! Decodes every saved JSON example of the shared collections with the type generated for it,
//! then drifts each example the way real responses differ from saved ones and decodes again:
//! each field removed, each field `null`, an unknown field added to every object (which must
//! come back when the value is serialized again: nothing is lost), every string changed to a
//! value never seen, and each scalar given another JSON type (which must fail naming the
//! field's JSON path, unless the field is untyped JSON).
//!
//! Built and run by `tests/tests/coverage.rs`, which writes `checks.rs` (one decoder per type)
//! and `examples.json` beside it. Prints `FAILED …` lines and a table of counts.

mod checks;

use serde_json::Value;

/// Decodes `body` as `T` and serializes it again; on failure, the JSON path and the message.
pub fn check<T: serde::de::DeserializeOwned + serde::Serialize>(body: &str) -> Result<Value, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let value: T = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| (error.path().to_string(), error.inner().to_string()))?;
    serde_json::to_value(&value).map_err(|error| (".".to_string(), error.to_string()))
}

pub type Check = fn(&str) -> Result<Value, (String, String)>;

/// A place in a JSON value: object keys and list indexes from the top.
#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// The path as `serde_path_to_error` writes it: `data[0].id`, `.` for the top.
fn display(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() { ".".to_string() } else { out }
}

/// Every object member (its path) and every scalar leaf (its path and value) in `value`.
fn walk(value: &Value, path: &mut Vec<Step>, members: &mut Vec<Vec<Step>>, leaves: &mut Vec<(Vec<Step>, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                path.push(Step::Key(key.clone()));
                members.push(path.clone());
                walk(child, path, members, leaves);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(Step::Index(index));
                walk(child, path, members, leaves);
                path.pop();
            }
        }
        scalar if !path.is_empty() && !scalar.is_null() => leaves.push((path.clone(), scalar.clone())),
        _ => {}
    }
}

/// The value at `path`, for changing it.
fn at<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.get_mut(key),
        Step::Index(index) => value.get_mut(index),
    })
}

/// `value` with the member at `path` removed.
fn removed(value: &Value, path: &[Step]) -> Value {
    let mut value = value.clone();
    if let Some((Step::Key(key), parent)) = path.split_last()
        && let Some(Value::Object(map)) = at(&mut value, parent)
    {
        map.remove(key);
    }
    value
}

fn replaced(value: &Value, path: &[Step], new: Value) -> Value {
    let mut value = value.clone();
    if let Some(slot) = at(&mut value, path) {
        *slot = new;
    }
    value
}

/// `value` with `__drift_unknown__` added to every object; the number added.
fn with_unknown_fields(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let nested: usize = map.values_mut().map(with_unknown_fields).sum();
            map.insert("__drift_unknown__".to_string(), Value::from("kept"));
            nested + 1
        }
        Value::Array(items) => items.iter_mut().map(with_unknown_fields).sum(),
        _ => 0,
    }
}

fn count_unknown(value: &Value) -> usize {
    match value {
        Value::Object(map) => usize::from(map.contains_key("__drift_unknown__")) + map.values().map(count_unknown).sum::<usize>(),
        Value::Array(items) => items.iter().map(count_unknown).sum(),
        _ => 0,
    }
}

fn with_unseen_strings(value: &mut Value) {
    match value {
        Value::String(text) => *text = "__drift_unseen_value__".to_string(),
        Value::Object(map) => map.values_mut().for_each(with_unseen_strings),
        Value::Array(items) => items.iter_mut().for_each(with_unseen_strings),
        _ => {}
    }
}

/// Counts per kind of drift: tried, and decoded as required.
#[derive(Default)]
struct Tally {
    tried: usize,
    passed: usize,
}

fn main() {
    let examples: Vec<(String, String, usize)> = serde_json::from_str(include_str!("examples.json")).unwrap();
    let kinds = ["saved example", "field removed", "field null", "unknown fields added", "strings unseen", "type changed"];
    let mut tally: Vec<Tally> = kinds.iter().map(|_| Tally::default()).collect();
    let mut accepted_untyped = 0;
    for (label, body, check) in &examples {
        let check = checks::CHECKS[*check];
        tally[0].tried += 1;
        if let Err((path, error)) = check(body) {
            println!("FAILED {label}: the saved example does not decode at `{path}`: {error}");
            continue;
        }
        tally[0].passed += 1;
        let json: Value = serde_json::from_str(body).unwrap();
        let (mut members, mut leaves) = (Vec::new(), Vec::new());
        walk(&json, &mut Vec::new(), &mut members, &mut leaves);
        let expect_ok = |tally: &mut Tally, drifted: &Value, what: &str| {
            tally.tried += 1;
            match check(&drifted.to_string()) {
                Ok(_) => tally.passed += 1,
                Err((path, error)) => println!("FAILED {label}: {what}: does not decode at `{path}`: {error}"),
            }
        };
        for path in &members {
            expect_ok(&mut tally[1], &removed(&json, path), &format!("`{}` removed", display(path)));
            expect_ok(&mut tally[2], &replaced(&json, path, Value::Null), &format!("`{}` null", display(path)));
        }
        let mut unknown = json.clone();
        let added = with_unknown_fields(&mut unknown);
        tally[3].tried += 1;
        match check(&unknown.to_string()) {
            Ok(again) if count_unknown(&again) == added => tally[3].passed += 1,
            Ok(again) => println!("FAILED {label}: {} of {added} unknown fields were lost", added - count_unknown(&again)),
            Err((path, error)) => println!("FAILED {label}: unknown fields: does not decode at `{path}`: {error}"),
        }
        let mut unseen = json.clone();
        with_unseen_strings(&mut unseen);
        expect_ok(&mut tally[4], &unseen, "strings unseen");
        for (path, leaf) in &leaves {
            let other = if leaf.is_string() { Value::Bool(true) } else { Value::from("drift") };
            tally[5].tried += 1;
            let expected = display(path);
            match check(&replaced(&json, path, other).to_string()) {
                // An untyped JSON field takes any value.
                Ok(_) => accepted_untyped += 1,
                Err((found, _)) if found == expected => tally[5].passed += 1,
                Err((found, error)) => println!("FAILED {label}: `{expected}` of another type is reported at `{found}`: {error}"),
            }
        }
    }
    println!("drift | tried | decoded as required");
    println!("---|---|---");
    for (kind, tally) in kinds.iter().zip(&tally) {
        println!("{kind} | {} | {}", tally.tried, tally.passed);
    }
    println!("(type changed: {} named the field's path, {accepted_untyped} were untyped JSON fields that take any value)", tally[5].passed);
}
