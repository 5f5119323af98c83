//! Bad input gets a clear error naming the file, the JSON path with line:column or the item,
//! and nothing is generated. One snapshot lists every case with its message.

use std::path::Path;

use postman_codegen::CrateOptions;

fn message(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let result = std::panic::catch_unwind(|| postman_codegen::generate_file(&path, &CrateOptions::default()));
    let text = match result {
        Ok(Ok(_)) => "GENERATED (expected an error)".to_string(),
        Ok(Err(error)) => error.to_string(),
        Err(_) => "PANICKED".to_string(),
    };
    text.replace(&dir.display().to_string(), "<dir>")
}

fn nested(depth: usize) -> String {
    let mut json = String::from(r#"{"info": {"name": "deep"}, "item": ["#);
    for _ in 0..depth {
        json.push_str(r#"{"name": "f", "item": ["#);
    }
    for _ in 0..depth {
        json.push_str("]}");
    }
    json.push_str("]}");
    json
}

#[test]
fn every_bad_input_has_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("postman-codegen-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = std::fs::read(xtask::root().join(xtask::COLLECTION)).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("invalid.json", br#"{"info": {"name": "x"}, "item": [}"#.to_vec()),
        ("truncated.json", seed[..500].to_vec()),
        ("empty.json", Vec::new()),
        ("array.json", b"[1, 2]".to_vec()),
        ("scalar.json", b"42".to_vec()),
        ("latin1.json", b"{\"info\": {\"name\": \"caf\xe9\"}, \"item\": []}".to_vec()),
        ("v1.json", br#"{"id": "1", "name": "old", "order": [], "requests": []}"#.to_vec()),
        (
            "unknown-schema.json",
            br#"{"info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v3.0.0/collection.json"}, "item": []}"#.to_vec(),
        ),
        ("items.json", br#"{"info": {"name": "x"}, "items": [{"name": "a", "request": "https://x.test"}]}"#.to_vec()),
        ("folder-items.json", br#"{"info": {"name": "x"}, "item": [{"name": "users", "items": []}]}"#.to_vec()),
        ("wrong-method.json", br#"{"info": {"name": "x"}, "item": [{"name": "a", "request": {"method": 5}}]}"#.to_vec()),
        ("wrong-info.json", br#"{"info": "text", "item": []}"#.to_vec()),
        ("wrong-url.json", br#"{"info": {"name": "x"}, "item": [{"name": "a", "request": {"url": 7}}]}"#.to_vec()),
        ("no-request.json", br#"{"info": {"name": "API"}, "item": [{"name": "users", "item": [{"name": "Create users"}]}]}"#.to_vec()),
        ("deep.json", nested(10_000).into_bytes()),
    ];
    let mut report = String::new();
    for (name, bytes) in &cases {
        let message = message(&dir, name, bytes);
        assert!(!message.starts_with("GENERATED") && message != "PANICKED", "{name}: {message}");
        assert!(message.contains(&format!("<dir>/{name}")), "{name}: the message names the file: {message}");
        report.push_str(&format!("{name}: {message}\n"));
    }
    let _ = std::fs::remove_dir_all(&dir);
    insta::assert_snapshot!(report);
}
