// @about Postman's dynamic variables, produced at call time.

// @part dynamic
// @part dynamic_values
/// The values, or when there are none, `template` with its dynamic variables produced.
pub(crate) fn or_dynamic(values: impl IntoIterator<Item = String>, template: &str) -> Vec<String> {
    let values: Vec<String> = values.into_iter().collect();

    if values.is_empty() { vec![dynamic(template)] } else { values }
}
// @end
// @part dynamic_json

/// `body` as JSON, with the dynamic variables in its string values produced (a body whose
/// collection example has `"reference": "{{$guid}}"` gets a new UUID on every call).
pub(crate) fn json_with_dynamic(body: &impl serde::Serialize) -> Result<serde_json::Value, crate::Error> {
    let mut value = serde_json::to_value(body)
        .map_err(|error| crate::Error::InvalidRequest { reason: format!("the JSON body: {error}") })?;
    fill_dynamic(&mut value);
    Ok(value)
}

fn fill_dynamic(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) if text.contains("{{$") => *text = dynamic(text),
        serde_json::Value::Array(items) => items.iter_mut().for_each(fill_dynamic),
        serde_json::Value::Object(members) => members.values_mut().for_each(fill_dynamic),
        _ => {}
    }
}
// @end

/// Replaces `{{$guid}}`, `{{$randomUUID}}`, `{{$timestamp}}`, `{{$isoTimestamp}}` and
/// `{{$randomInt}}` with fresh values, as Postman does for every request.
pub(crate) fn dynamic(template: &str) -> String {
    let mut out = String::with_capacity(template.len());

    let mut rest = template;

    while let Some(start) = rest.find("{{$") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            rest = &rest[start..];
            break;
        };
        match &after[..end] {
            "$guid" | "$randomUUID" => out.push_str(&uuid()),
            "$timestamp" => out.push_str(&timestamp()),
            "$isoTimestamp" => out.push_str(&iso_timestamp()),
            "$randomInt" => out.push_str(&random_int()),
            _ => out.push_str(&rest[start..start + end + 4]),
        }
        rest = &after[end + 2..];
    }

    out.push_str(rest);

    out
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn now() -> std::time::Duration {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default()
}

fn timestamp() -> String {
    now().as_secs().to_string()
}

/// `2024-05-01T12:34:56.789Z`, as JavaScript's `toISOString` writes it.
fn iso_timestamp() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

/// An integer from 0 to 1000.
fn random_int() -> String {
    let bytes = uuid::Uuid::new_v4().into_bytes();

    (u16::from_le_bytes([bytes[0], bytes[1]]) % 1001).to_string()
}
// @end
