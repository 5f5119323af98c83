//! Helpers shared by the test suites: reading the project's and the shared collections.

use std::path::PathBuf;

use serde_json::Value;

/// `../shared` beside the repository.
pub fn shared_dir() -> PathBuf {
    xtask::root().join("..").join("shared")
}

/// The project's own collection, as JSON.
pub fn seed_collection() -> Value {
    read_json(&xtask::root().join(xtask::COLLECTION))
}

pub fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The request item named `name`, anywhere in the collection's folder tree.
pub fn find_item<'a>(collection: &'a Value, name: &str) -> Option<&'a Value> {
    let items = collection.get("item")?.as_array()?;
    items.iter().find_map(|item| {
        if item.get("item").is_some() {
            find_item(item, name)
        } else if item.get("name").and_then(Value::as_str) == Some(name) {
            Some(item)
        } else {
            None
        }
    })
}
