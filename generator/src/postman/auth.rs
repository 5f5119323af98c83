//! `auth` blocks: their `type`, and the parameters of that type.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// `auth`: its `type` plus that type's parameters, which v2.1 writes as a list of
/// `{key, value}` and v2.0 as an object; both are kept as JSON and read in `lower`.
#[derive(Debug, Clone)]
pub struct Auth {
    pub kind: String,
    /// Every member but `type`, as JSON text: only the one `type` names is ever read, so the
    /// others are not parsed.
    pub params: BTreeMap<String, Box<serde_json::value::RawValue>>,
}

impl Auth {
    /// The parameters of the auth's own type (`basic` for `"type": "basic"`).
    pub fn own_params(&self) -> Option<AuthParams> {
        serde_json::from_str(self.params.get(&self.kind)?.get()).ok().map(AuthParams::from_json)
    }
}

/// An auth type's parameters by key, in order: v2.1 writes a list of `{key, value}`, v2.0 an
/// object. A list element whose `key` is not a string is left out; one without a `value` is
/// kept, so that it still answers for its key (with nothing). Anything else holds no
/// parameters.
#[derive(Debug, Clone, Default)]
pub struct AuthParams(pub Vec<(String, Option<Value>)>);

impl AuthParams {
    /// The parameters in `params`, the JSON of an auth type.
    pub fn from_json(params: Value) -> Self {
        let params = match params {
            Value::Array(list) => list
                .into_iter()
                .filter_map(|mut param| match param.get_mut("key").map(Value::take) {
                    Some(Value::String(key)) => Some((key, param.get_mut("value").map(Value::take))),
                    _ => None,
                })
                .collect(),
            Value::Object(map) => map.into_iter().map(|(key, value)| (key, Some(value))).collect(),
            _ => Vec::new(),
        };
        AuthParams(params)
    }

    /// The value of the first parameter named `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(name, _)| name == key)?.1.as_ref()
    }
}

/// Read in one pass: `#[serde(flatten)]` would first buffer the whole object.
impl<'de> Deserialize<'de> for Auth {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Auth;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct Auth")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Auth, M::Error> {
                let (mut kind, mut params) = (None, BTreeMap::new());
                while let Some(key) = map.next_key::<String>()? {
                    if key != "type" {
                        params.insert(key, map.next_value()?);
                    } else if kind.is_some() {
                        return Err(serde::de::Error::duplicate_field("type"));
                    } else {
                        kind = Some(map.next_value()?);
                    }
                }
                let kind = kind.ok_or_else(|| serde::de::Error::missing_field("type"))?;
                Ok(Auth { kind, params })
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lookups as made on the parameters parsed as a JSON value.
    fn value_get(params: &Value, key: &str) -> Option<Value> {
        match params {
            Value::Array(list) => {
                list.iter().find(|p| p.get("key").and_then(|k| k.as_str()) == Some(key))?.get("value").cloned()
            }
            Value::Object(map) => map.get(key).cloned(),
            _ => None,
        }
    }

    fn value_all(params: &Value) -> Vec<(String, Value)> {
        match params {
            Value::Array(list) => list
                .iter()
                .filter_map(|p| Some((p.get("key")?.as_str()?.to_string(), p.get("value")?.clone())))
                .collect(),
            Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn auth_params_answer_as_the_json_value_does() {
        let cases = [
            r#"[{"key": "username", "value": "u", "type": "string"}, {"key": "password", "value": 5}]"#,
            r#"[{"key": "username"}, {"key": "username", "value": "second"}, {"value": "no key"}]"#,
            r#"[{"key": 7, "value": "x"}, "text", [1], null, {"key": "x", "key": 8, "value": 1}]"#,
            r#"[{"key": "token", "value": null}, {"key": "token", "value": {"a": [1, 2.5]}}]"#,
            r#"{"username": "u", "password": null, "username": "last", "x": [true]}"#,
            r#""a string""#,
            "12",
            "null",
            "[]",
            "{}",
        ];
        for case in cases {
            let value: Value = serde_json::from_str(case).unwrap();
            let params = AuthParams::from_json(value.clone());
            for key in ["username", "password", "token", "x", "missing"] {
                assert_eq!(params.get(key).cloned(), value_get(&value, key), "{case} {key}");
            }
            let all: Vec<(String, Value)> =
                params.0.iter().filter_map(|(k, v)| Some((k.clone(), v.clone()?))).collect();
            assert_eq!(all, value_all(&value), "{case}");
        }
    }
}
