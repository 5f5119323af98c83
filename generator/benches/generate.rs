//! Generation speed: parse, lower, emit + format and end to end, for zoom_api and stripe_api
//! from ../shared/collections, and for zoom_api replicated 1×, 4× and 16× (items renamed so
//! names stay unique) to check that time grows linearly. Measured with the CLI's allocator.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use postman_codegen::{CrateOptions, emit, lower, parse};
use serde_json::Value;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn shared(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/collections").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// zoom_api with its top-level folders repeated `times` times, each copy renamed.
fn replicated(zoom: &str, times: usize) -> String {
    let mut collection: Value = serde_json::from_str(zoom).expect("zoom_api is JSON");
    let items = collection["item"].as_array().cloned().unwrap_or_default();
    let copies: Vec<Value> =
        (0..times).map(|copy| serde_json::json!({ "name": format!("copy {copy}"), "item": items.clone() })).collect();
    collection["item"] = Value::Array(copies);
    collection.to_string()
}

fn phases(c: &mut Criterion) {
    for name in ["zoom_api.postman_collection.json", "stripe_api.postman_collection.json"] {
        let json = shared(name);
        let mut group = c.benchmark_group(name.trim_end_matches(".postman_collection.json"));
        group.sample_size(20);
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_function("parse", |b| b.iter(|| parse(&json, name).expect("parses")));
        let collection = parse(&json, name).expect("parses");
        group.bench_function("lower", |b| {
            b.iter(|| lower::lower(&collection, name, &CrateOptions::default()).expect("lowers"))
        });
        let api = lower::lower(&collection, name, &CrateOptions::default()).expect("lowers").api;
        group.bench_function("emit_and_format", |b| {
            b.iter(|| emit::files(&api, &CrateOptions::default()).expect("emits"))
        });
        group.bench_function("end_to_end", |b| {
            b.iter(|| postman_codegen::generate(&json, name, &CrateOptions::default()).expect("generates"))
        });
        group.finish();
    }
}

fn scaling(c: &mut Criterion) {
    let zoom = shared("zoom_api.postman_collection.json");
    let mut group = c.benchmark_group("zoom_replicated");
    group.sample_size(10);
    for times in [1, 4, 16] {
        let json = replicated(&zoom, times);
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(times), &json, |b, json| {
            b.iter(|| postman_codegen::generate(json, "zoom", &CrateOptions::default()).expect("generates"))
        });
    }
    group.finish();
}

criterion_group!(benches, phases, scaling);
criterion_main!(benches);
