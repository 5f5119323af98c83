//! One snapshot per collection item of the code emitted for it, and one of its IR.
//! Review changes with `cargo insta review`.

use postman_codegen::emit;

#[test]
fn emitted_code_and_ir_per_item() {
    let generated = xtask::generate_client().expect("the seed collection generates");
    let api = &generated.api;
    for (index, op) in api.operations.iter().enumerate() {
        let module: Vec<&str> = module_path(api, op.module);
        let name = [module.as_slice(), &[op.name.as_str()]].concat().join("__");
        let source = emit::operation_source(api, index).expect("emits");
        let types: Vec<_> = api.types.iter().filter(|def| def.introduced_by == index).collect();
        let mut settings = insta::Settings::clone_current();
        settings.set_description(op.item_path.join(" › "));
        settings.set_input_file(xtask::root().join(xtask::COLLECTION));
        settings.set_omit_expression(true);
        settings.bind(|| {
            insta::assert_snapshot!(format!("code__{name}"), source);
            insta::assert_debug_snapshot!(format!("ir__{name}"), (op, types));
        });
    }
}

fn module_path(api: &postman_codegen::ir::Api, mut id: usize) -> Vec<&str> {
    let mut names = Vec::new();
    while id != 0 {
        names.push(api.modules[id].name.as_str());
        id = api.modules[id].parent.unwrap_or(0);
    }
    names.reverse();
    names
}
