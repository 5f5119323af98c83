//! The generator's structure: no import circle among its modules, no stage that depends on a
//! later one, no function over 150 lines (`cargo xtask house` prints the modules and imports).

#[test]
fn the_generator_has_no_import_circle_and_no_long_function() {
    let house = xtask::house::read(&xtask::root().join("generator/src")).expect("reads generator/src");
    assert!(house.imports.len() > 30, "every module is read: {:?}", house.imports.keys());
    assert!(house.imports["lib.rs"].contains_key("lower/mod.rs"), "the root's imports are seen");
    let problems = house.problems();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
