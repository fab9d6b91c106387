//! Parsing the command line's own syntaxes (`s3://BUCKET/KEY`, boto3-shaped
//! `--condition` JSON) and writing the `post` output. No I/O here, so the
//! fuzz target `cli_parsers` includes this file as it is.

use awssig::post::Condition;
use serde_json::Value;

use crate::Failure;

/// `{"url": …, "fields": {…}}` with the fields in form order.
pub fn post_output<'a>(url: &str, fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::from("{\"url\": ");
    out.push_str(&Value::String(url.to_string()).to_string());
    out.push_str(", \"fields\": {");
    for (i, (k, v)) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&Value::String(k.to_string()).to_string());
        out.push_str(": ");
        out.push_str(&Value::String(v.to_string()).to_string());
    }
    out.push_str("}}");
    out
}

fn condition_err(text: &str, why: &str) -> Failure {
    Failure::usage(format!(
        "--condition {text:?} {why}; use boto3's shapes: '{{\"acl\":\"public-read\"}}', '[\"starts-with\",\"$key\",\"uploads/\"]', '[\"eq\",\"$Content-Type\",\"image/png\"]', '[\"content-length-range\",1,1048576]'"
    ))
}

/// Parses one `--condition` in boto3's shapes.
pub fn parse_condition(text: &str) -> Result<Condition, Failure> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| condition_err(text, &format!("is not JSON ({e})")))?;
    match v {
        Value::Object(map) if map.len() == 1 => {
            let (k, v) = map
                .into_iter()
                .next()
                .ok_or_else(|| condition_err(text, "is empty"))?;
            let v = match v {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                _ => return Err(condition_err(text, "must map one field name to a string")),
            };
            Ok(Condition::exact(k, v))
        }
        Value::Array(items) => {
            let op = items
                .first()
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase);
            match (op.as_deref(), items.len()) {
                (Some("starts-with"), 3) | (Some("eq"), 3) => {
                    let (Some(field), Some(value)) = (items[1].as_str(), items[2].as_str()) else {
                        return Err(condition_err(text, "needs a \"$field\" and a string value"));
                    };
                    if op.as_deref() == Some("eq") {
                        Ok(Condition::eq(field, value))
                    } else {
                        Ok(Condition::starts_with(field, value))
                    }
                }
                (Some("content-length-range"), 3) => {
                    let (Some(min), Some(max)) = (items[1].as_i64(), items[2].as_i64()) else {
                        return Err(condition_err(text, "needs two whole numbers"));
                    };
                    Ok(Condition::content_length_range(min, max))
                }
                _ => Err(condition_err(text, "is not a known condition")),
            }
        }
        _ => Err(condition_err(text, "must be a one-key object or an array")),
    }
}

/// `s3://BUCKET/KEY`, KEY literal.
pub fn parse_target(t: &str) -> Result<(&str, &str), Failure> {
    let rest = t.strip_prefix("s3://").ok_or_else(|| {
        Failure::usage(format!(
            "{t:?} is not an s3:// URI; write s3://BUCKET/KEY (or s3://BUCKET/ for the bucket)"
        ))
    })?;
    // A multi-region access point ARN holds a '/' of its own
    // (`arn:aws:s3::ACCOUNT:accesspoint/ALIAS.mrap`): the key follows the
    // next one.
    let split_at = match rest.find(":accesspoint/") {
        Some(i) if rest.starts_with("arn:") => {
            let after = i + ":accesspoint/".len();
            rest[after..].find('/').map(|j| after + j)
        }
        _ => rest.find('/'),
    };
    let (bucket, key) = match split_at {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    if bucket.is_empty() {
        return Err(Failure::usage(format!(
            "{t:?} names no bucket; write s3://BUCKET/KEY"
        )));
    }
    Ok((bucket, key))
}
