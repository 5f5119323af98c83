//! Generates the Zoom client from the project's collection, with the `postman-codegen.toml`
//! and environments beside it, into `OUT_DIR`.

fn main() {
    let collection = concat!(env!("CARGO_MANIFEST_DIR"), "/../../collections/zoom.postman_collection.json");
    if let Err(error) = postman_codegen::Builder::new(collection).build_script() {
        panic!("{error}");
    }
}
