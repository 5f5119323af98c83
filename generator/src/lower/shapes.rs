//! JSON example values → shapes, merged across examples.
//!
//! A shape is what every example seen so far agrees on. Merging is lenient in the direction that
//! never rejects a real value: a field missing from one example or null in one becomes optional,
//! integers mixed with floats become floats, and anything that disagrees becomes `Any`.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Only nulls or nothing seen yet (e.g. the elements of `[]`).
    Unknown,
    Bool,
    Int,
    Float,
    Str,
    Array(Box<Shape>),
    Object(Vec<ObjectField>),
    /// Examples disagree: any JSON value.
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectField {
    pub key: String,
    pub shape: Shape,
    /// Missing from some example, or null in one.
    pub optional: bool,
    /// The first non-null example value, as JSON text.
    pub example: Option<String>,
}

/// The shape of one example value. Strings that name a type (`"integer"`, `"<long>"`) are read
/// as that type: exporters write schema placeholders instead of values.
pub fn of(value: &Value) -> Shape {
    match value {
        Value::Null => Shape::Unknown,
        Value::Bool(_) => Shape::Bool,
        Value::Number(number) if number.is_i64() || number.is_u64() => Shape::Int,
        Value::Number(_) => Shape::Float,
        Value::String(text) => placeholder(text).unwrap_or(Shape::Str),
        Value::Array(items) => Shape::Array(Box::new(items.iter().map(of).reduce(merge).unwrap_or(Shape::Unknown))),
        Value::Object(map) => Shape::Object(
            map.iter()
                // A null is optional only when the field also has a type; a field that is only
                // ever null is a JSON value that must be sent as `null`.
                .map(|(key, value)| ObjectField {
                    key: key.clone(),
                    shape: of(value),
                    optional: false,
                    example: example_text(value),
                })
                .collect(),
        ),
    }
}

fn example_text(value: &Value) -> Option<String> {
    match value {
        Value::Null | Value::Array(_) | Value::Object(_) => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// The shape a placeholder value names (`"<boolean>"`, `"integer"`, `"<dateTime>"`), if it is one.
pub fn placeholder(text: &str) -> Option<Shape> {
    let name = text.strip_prefix('<').and_then(|t| t.strip_suffix('>')).unwrap_or(text);
    let bracketed = name.len() != text.len();
    match name {
        "string" => Some(Shape::Str),
        "integer" | "long" | "int32" | "int64" => Some(Shape::Int),
        "number" | "double" | "float" => Some(Shape::Float),
        "boolean" => Some(Shape::Bool),
        "dateTime" | "date" | "uuid" | "uri" | "email" | "byte" | "binary" | "password" if bracketed => {
            Some(Shape::Str)
        }
        _ => None,
    }
}

/// An example with every placeholder replaced by a value of the type it names (`"integer"` →
/// `0`), so it can be decoded by the type inferred from it.
pub fn realize(value: &Value) -> Value {
    match value {
        Value::String(text) => match placeholder(text) {
            Some(Shape::Int) => Value::from(0),
            Some(Shape::Float) => Value::from(0.5),
            Some(Shape::Bool) => Value::Bool(false),
            _ => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(realize).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), realize(v))).collect()),
        other => other.clone(),
    }
}

/// The shape that accepts everything `a` and `b` accept.
pub fn merge(a: Shape, b: Shape) -> Shape {
    match (a, b) {
        (Shape::Unknown, Shape::Unknown) => Shape::Unknown,
        (Shape::Unknown, other) | (other, Shape::Unknown) => other,
        (Shape::Int, Shape::Float) | (Shape::Float, Shape::Int) => Shape::Float,
        (Shape::Array(a), Shape::Array(b)) => Shape::Array(Box::new(merge(*a, *b))),
        (Shape::Object(a), Shape::Object(b)) => Shape::Object(merge_fields(a, b)),
        (a, b) if a == b => a,
        _ => Shape::Any,
    }
}

fn merge_fields(a: Vec<ObjectField>, mut b: Vec<ObjectField>) -> Vec<ObjectField> {
    let mut merged = Vec::with_capacity(a.len().max(b.len()));
    for field in a {
        match b.iter().position(|other| other.key == field.key) {
            Some(pos) => {
                let other = b.remove(pos);
                // Null in one example and a value in another: the field is optional.
                let null_and_value = (field.shape == Shape::Unknown) != (other.shape == Shape::Unknown);
                merged.push(ObjectField {
                    key: field.key,
                    shape: merge(field.shape, other.shape),
                    optional: field.optional || other.optional || null_and_value,
                    example: field.example.or(other.example),
                });
            }
            None => merged.push(ObjectField { optional: true, ..field }),
        }
    }
    merged.extend(b.into_iter().map(|field| ObjectField { optional: true, ..field }));
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_name_types() {
        let shape =
            of(&json!({"id": "string", "type": "integer", "ok": "<boolean>", "at": "<dateTime>", "n": "<long>"}));
        let Shape::Object(fields) = shape else { panic!("object expected") };
        let shapes: Vec<_> = fields.iter().map(|f| f.shape.clone()).collect();
        assert_eq!(shapes, vec![Shape::Str, Shape::Int, Shape::Bool, Shape::Str, Shape::Int]);
    }

    #[test]
    fn merging_never_rejects_an_example() {
        let merged = merge(of(&json!({"a": 1, "b": "x", "c": null})), of(&json!({"a": 1.5, "c": true, "d": [1]})));
        let Shape::Object(fields) = merged else { panic!("object expected") };
        let summary: Vec<_> = fields.iter().map(|f| (f.key.as_str(), f.shape.clone(), f.optional)).collect();
        assert_eq!(
            summary,
            vec![
                ("a", Shape::Float, false),
                ("b", Shape::Str, true),
                ("c", Shape::Bool, true),
                ("d", Shape::Array(Box::new(Shape::Int)), true),
            ]
        );
        assert_eq!(merge(Shape::Str, Shape::Int), Shape::Any);
        assert_eq!(of(&json!([])), Shape::Array(Box::new(Shape::Unknown)));
    }
}
