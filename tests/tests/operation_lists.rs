//! One snapshot per shared collection listing its operations (method, path, name, body kind,
//! response type), so reviewers see coverage changes.

use postman_codegen::CrateOptions;
use postman_codegen::ir::{Api, BodyKind, Operation, Success};
use postman_codegen_tests::shared_dir;

fn body(kind: &BodyKind) -> String {
    match kind {
        BodyKind::None => "-".to_string(),
        BodyKind::Multipart => "multipart".to_string(),
        BodyKind::Urlencoded => "urlencoded".to_string(),
        BodyKind::Json { content_type, .. } => {
            format!("json{}", content_type.as_ref().map(|c| format!(" ({c})")).unwrap_or_default())
        }
        BodyKind::Text { content_type } => format!("text ({content_type})"),
        BodyKind::Binary { .. } => "binary".to_string(),
        BodyKind::Graphql { .. } => "graphql".to_string(),
    }
}

fn response(api: &Api, op: &Operation) -> String {
    match &op.success {
        Success::Empty => "()".to_string(),
        Success::Json(ty) => postman_codegen::naming::paths::type_path(api, op, ty),
        Success::OptionalJson(ty) => format!("Option<{}>", postman_codegen::naming::paths::type_path(api, op, ty)),
        Success::Text => "String".to_string(),
        Success::Raw => "RawResponse".to_string(),
        Success::Binary => "ByteStream".to_string(),
    }
}

#[test]
fn operation_list_per_shared_collection() {
    let mut paths: Vec<_> = std::fs::read_dir(shared_dir().join("collections"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 9);
    for path in paths {
        let generated = postman_codegen::generate_file(&path, &CrateOptions::default()).unwrap();
        let api = &generated.api;
        let mut lines = vec![format!("{} operations, {} warnings", api.operations.len(), generated.warnings.len())];
        for op in &api.operations {
            let mut module = Vec::new();
            let mut id = op.module;
            while id != 0 {
                module.push(api.modules[id].name.as_str());
                id = api.modules[id].parent.unwrap_or(0);
            }
            module.reverse();
            module.push(op.name.as_str());
            lines.push(format!(
                "{} {} | {} | {} | {}",
                op.method,
                op.path_template,
                module.join("::"),
                body(&op.body),
                response(api, op)
            ));
        }
        let name = path.file_name().unwrap().to_string_lossy().trim_end_matches(".postman_collection.json").to_string();
        let mut settings = insta::Settings::clone_current();
        settings.set_input_file(&path);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(format!("operations__{name}"), lines.join("\n")));
    }
}
