//! Property tests of naming: any text gives a valid identifier that is not a keyword, and any
//! multiset of names claimed in one scope gives distinct identifiers.

use postman_codegen::naming::{self, Scope};
use proptest::prelude::*;

fn is_ident(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_text_gives_a_valid_non_keyword_identifier(text in any::<String>()) {
        for name in [naming::snake(&text, "field"), naming::method(&text), naming::module(&text), naming::camel(&text, "Value")] {
            prop_assert!(is_ident(&name), "{text:?} gave {name:?}");
        }
    }

    #[test]
    fn any_names_in_one_scope_are_unique(texts in proptest::collection::vec("[a-zA-Z_ 0-9'’.-]{0,8}|type|self|Self|crate", 0..60)) {
        let mut scope = Scope::default();
        let mut claimed = std::collections::BTreeSet::new();
        for text in &texts {
            let name = scope.claim(&naming::snake(text, "field"));
            prop_assert!(is_ident(&name), "{text:?} gave {name:?}");
            prop_assert!(claimed.insert(name.clone()), "{name:?} claimed twice");
        }
    }
}
