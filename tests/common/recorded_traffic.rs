//! smithy-rs's recorded HTTP traffic (`http-traffic.json`, format `V0`)
//! and the case folder around it (`env.json`, `test-case.json`, `fs/`),
//! read into request/response pairs in the order they happened.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One recorded exchange: the request sent and the response received.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub method: String,
    pub uri: String,
    /// Header names lowercase, each with its values joined by `,`.
    pub headers: BTreeMap<String, String>,
    pub request_body: String,
    pub status: u16,
    pub response_body: String,
}

impl Exchange {
    /// The headers without the user agents (which name the recording SDK).
    pub fn headers_that_matter(&self) -> BTreeMap<String, String> {
        self.headers
            .iter()
            .filter(|(n, _)| !n.ends_with("user-agent"))
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect()
    }
}

/// A case folder of `default-credential-provider-chain/`.
pub struct RecordedCase {
    pub name: String,
    pub dir: PathBuf,
    pub env: BTreeMap<String, String>,
    pub test_case: Value,
    pub exchanges: Vec<Exchange>,
}

impl RecordedCase {
    pub fn load(dir: &Path) -> RecordedCase {
        let env = super::read_json(&dir.join("env.json"))
            .as_object()
            .expect("env.json is an object")
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str().expect("env values are strings").to_string(),
                )
            })
            .collect();
        RecordedCase {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            dir: dir.to_path_buf(),
            env,
            test_case: super::read_json(&dir.join("test-case.json")),
            exchanges: exchanges(&super::read_json(&dir.join("http-traffic.json"))),
        }
    }

    /// The environment lookup the sans-IO resolvers take.
    pub fn env_lookup(&self) -> impl Fn(&str) -> Option<String> + '_ {
        move |name| self.env.get(name).cloned()
    }

    /// A file of the case's file system (`fs/` + the absolute path), if
    /// the case has it.
    pub fn file(&self, absolute: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.join("fs").join(absolute.trim_start_matches('/'))).ok()
    }

    /// `result.Ok` (expected credentials) or `result.ErrorContains`.
    pub fn expected(&self) -> Result<&Value, &str> {
        let result = &self.test_case["result"];
        match result.get("Ok") {
            Some(ok) => Ok(ok),
            None => Err(result["ErrorContains"].as_str().unwrap_or_else(|| {
                panic!("{}: result is neither Ok nor ErrorContains", self.name)
            })),
        }
    }
}

/// The `default-credential-provider-chain/` case folders whose name starts
/// with one of `prefixes`, sorted.
pub fn recorded_cases(prefixes: &[&str]) -> Vec<RecordedCase> {
    let root =
        super::data_dir().join("smithy-rs-aws-config/aws-config/default-credential-provider-chain");
    super::case_dirs(&root, |d| d.join("http-traffic.json").is_file())
        .into_iter()
        .filter(|d| {
            let name = d.file_name().unwrap().to_string_lossy().into_owned();
            prefixes.iter().any(|p| name.starts_with(p))
        })
        .map(|d| RecordedCase::load(&d))
        .collect()
}

fn text(data: &Value) -> String {
    match data.get("Utf8") {
        Some(Value::String(s)) => s.clone(),
        _ => panic!("only Utf8 data is recorded in these cases: {data}"),
    }
}

/// The exchanges of a `V0` traffic file, in the order their requests were
/// recorded.
pub fn exchanges(traffic: &Value) -> Vec<Exchange> {
    assert_eq!(traffic["version"], "V0", "unknown traffic format");
    let mut by_connection: BTreeMap<u64, Exchange> = BTreeMap::new();
    let mut order = Vec::new();
    for event in traffic["events"].as_array().expect("events") {
        let id = event["connection_id"].as_u64().expect("connection_id");
        let action = &event["action"];
        if let Some(request) = action.get("Request") {
            let r = &request["request"];
            let headers = r["headers"]
                .as_object()
                .expect("headers")
                .iter()
                .map(|(n, vs)| {
                    let values: Vec<&str> = vs
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_str().unwrap())
                        .collect();
                    (n.to_ascii_lowercase(), values.join(","))
                })
                .collect();
            by_connection.insert(
                id,
                Exchange {
                    method: r["method"].as_str().unwrap().to_string(),
                    uri: r["uri"].as_str().unwrap().to_string(),
                    headers,
                    request_body: String::new(),
                    status: 0,
                    response_body: String::new(),
                },
            );
            order.push(id);
        } else if let Some(response) = action.get("Response") {
            let ok = response["response"]
                .get("Ok")
                .unwrap_or_else(|| panic!("connection {id}: only Ok responses are recorded here"));
            by_connection
                .get_mut(&id)
                .expect("response before request")
                .status = ok["status"].as_u64().unwrap() as u16;
        } else if let Some(data) = action.get("Data") {
            let exchange = by_connection.get_mut(&id).expect("data before request");
            match data["direction"].as_str() {
                Some("Request") => exchange.request_body.push_str(&text(&data["data"])),
                Some("Response") => exchange.response_body.push_str(&text(&data["data"])),
                other => panic!("unknown direction {other:?}"),
            }
        }
    }
    order
        .into_iter()
        .map(|id| by_connection[&id].clone())
        .collect()
}
