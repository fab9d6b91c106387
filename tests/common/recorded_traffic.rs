//! smithy-rs's recorded HTTP traffic (`http-traffic.json`, the format `V0`
//! of `aws-smithy-http-client`'s `test_util::dvr`: `{"events":
//! [{"connection_id", "action": {Request | Data | Eof | Response}}],
//! "docs", "version": "V0"}`) and the case folder around it (`env.json`,
//! `test-case.json`, `fs/`).
//!
//! The one reader of that format: the vectors compare our requests and
//! parsers with its [`Exchange`]s, and the replaying `HttpClient`
//! (`replay.rs`) answers from them. Each connection of the recording is
//! one exchange, in the order its first event was recorded; a response is
//! the recorded status and body (`Utf8` or `Base64` data) or the recorded
//! connection error (`Err`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::Value;

/// One recorded exchange: the request sent and the response received.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The recorded method (`GET`, `PUT`, `POST`).
    pub method: String,
    /// The recorded URI, as recorded (a custom endpoint may have no path).
    pub uri: String,
    /// The request headers (name as recorded, value), one pair per
    /// recorded value, in file order.
    pub headers: Vec<(String, String)>,
    /// The request body (the `Data` events sent with the request).
    pub request_body: Vec<u8>,
    /// The recorded status and body, or the recorded connection error.
    pub response: Result<(u16, Vec<u8>), String>,
}

impl Exchange {
    /// The first value of a request header, the name matched without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The request headers without the user agents (which name the
    /// recording SDK): names lowercase, each with its values joined by `,`.
    pub fn headers_that_matter(&self) -> BTreeMap<String, String> {
        let mut out: BTreeMap<String, String> = BTreeMap::new();
        for (name, value) in &self.headers {
            let name = name.to_ascii_lowercase();
            if name.ends_with("user-agent") {
                continue;
            }
            out.entry(name)
                .and_modify(|v| {
                    v.push(',');
                    v.push_str(value);
                })
                .or_insert_with(|| value.clone());
        }
        out
    }

    /// The recorded URI with `/` for a missing path (as HTTP sends it).
    pub fn url(&self) -> String {
        with_path(&self.uri)
    }

    /// The request body as text (the recordings' bodies are UTF-8).
    pub fn request_text(&self) -> &str {
        std::str::from_utf8(&self.request_body)
            .unwrap_or_else(|e| panic!("{} {}: request body not UTF-8: {e}", self.method, self.uri))
    }

    /// The recorded status; panics on a recorded connection error.
    pub fn status(&self) -> u16 {
        self.ok().0
    }

    /// The recorded response body; panics on a recorded connection error.
    pub fn response_body(&self) -> &[u8] {
        &self.ok().1
    }

    /// The recorded response body as text.
    pub fn response_text(&self) -> &str {
        std::str::from_utf8(self.response_body()).unwrap_or_else(|e| {
            panic!("{} {}: response body not UTF-8: {e}", self.method, self.uri)
        })
    }

    /// `name=value` pairs of a form request body, decoded (`%XX`; the
    /// SDKs never write `+`).
    pub fn form_pairs(&self) -> Vec<(String, String)> {
        let decode = |s: &str| {
            let b = s.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'%' {
                    out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("hex escape"));
                    i += 3;
                } else {
                    out.push(b[i]);
                    i += 1;
                }
            }
            String::from_utf8(out).expect("UTF-8 form value")
        };
        self.request_text()
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (n, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(n), decode(v))
            })
            .collect()
    }

    fn ok(&self) -> &(u16, Vec<u8>) {
        self.response.as_ref().unwrap_or_else(|e| {
            panic!(
                "{} {}: the recording has a connection error, not a response: {e}",
                self.method, self.uri
            )
        })
    }
}

/// `uri` with `/` for a missing path.
pub fn with_path(uri: &str) -> String {
    let (base, query) = match uri.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (uri, None),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let mut out = base.to_string();
    if !base[after_scheme..].contains('/') {
        out.push('/');
    }
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// A URI as HTTP compares it: a missing path is `/`, and the query's
/// pairs in any order (the recordings themselves put `account_id` and
/// `role_name` in either order).
pub fn same_target(uri: &str) -> String {
    let (base, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort_unstable();
    format!("{}?{}", with_path(base), pairs.join("&"))
}

/// The exchanges of the `http-traffic.json` at `path`.
pub fn read_file(path: &Path) -> Vec<Exchange> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse(&path.display().to_string(), &text)
}

/// The exchanges of `case_dir/http-traffic.json`.
pub fn exchanges(case_dir: &Path) -> Vec<Exchange> {
    read_file(&case_dir.join("http-traffic.json"))
}

/// The exchanges of the recording `text`; `source` names it in panic
/// messages.
pub fn parse(source: &str, text: &str) -> Vec<Exchange> {
    let doc: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{source}: not JSON: {e}"));
    if let Some(version) = doc.get("version") {
        assert_eq!(version, "V0", "{source}: unknown traffic format");
    }
    let events = doc["events"]
        .as_array()
        .unwrap_or_else(|| panic!("{source}: no \"events\" array"));
    let mut order: Vec<u64> = Vec::new();
    let mut partial: BTreeMap<u64, Partial> = BTreeMap::new();
    for (i, event) in events.iter().enumerate() {
        let at = || format!("{source}: event {i}");
        let id = event["connection_id"]
            .as_u64()
            .unwrap_or_else(|| panic!("{}: no connection_id", at()));
        let (kind, a) = event["action"]
            .as_object()
            .and_then(|o| o.iter().next())
            .unwrap_or_else(|| panic!("{}: no action", at()));
        let p = partial.entry(id).or_insert_with(|| {
            order.push(id);
            Partial::default()
        });
        match kind.as_str() {
            "Request" => {
                let r = &a["request"];
                p.method = Some(str_field(r, "method", &at()));
                p.uri = Some(str_field(r, "uri", &at()));
                if let Some(h) = r["headers"].as_object() {
                    for (name, values) in h {
                        let values = values
                            .as_array()
                            .unwrap_or_else(|| panic!("{}: header {name}: not a list", at()));
                        for v in values {
                            let v = v.as_str().unwrap_or_else(|| {
                                panic!("{}: header {name}: a value not a string", at())
                            });
                            p.headers.push((name.clone(), v.to_string()));
                        }
                    }
                }
            }
            "Data" => {
                let bytes = body_data(&a["data"], &at());
                match a["direction"].as_str() {
                    Some("Request") => p.request_body.extend(bytes),
                    Some("Response") => p.response_body.extend(bytes),
                    other => panic!("{}: Data direction {other:?}", at()),
                }
            }
            "Response" => {
                let r = &a["response"];
                if let Some(ok) = r.get("Ok") {
                    let status = ok["status"]
                        .as_u64()
                        .and_then(|s| u16::try_from(s).ok())
                        .unwrap_or_else(|| panic!("{}: no status", at()));
                    p.status = Some(Ok(status));
                } else if let Some(err) = r.get("Err") {
                    p.status = Some(Err(err.to_string()));
                } else {
                    panic!("{}: a Response neither Ok nor Err", at());
                }
            }
            "Eof" => {}
            other => panic!("{}: unknown action {other}", at()),
        }
    }
    order
        .into_iter()
        .map(|id| {
            let p = partial.remove(&id).unwrap_or_default();
            let at = format!("{source}: connection {id}");
            Exchange {
                method: p.method.unwrap_or_else(|| panic!("{at}: no Request")),
                uri: p.uri.unwrap_or_else(|| panic!("{at}: no Request")),
                headers: p.headers,
                request_body: p.request_body,
                response: match p.status.unwrap_or_else(|| panic!("{at}: no Response")) {
                    Ok(status) => Ok((status, p.response_body)),
                    Err(e) => Err(e),
                },
            }
        })
        .collect()
}

#[derive(Default)]
struct Partial {
    method: Option<String>,
    uri: Option<String>,
    headers: Vec<(String, String)>,
    request_body: Vec<u8>,
    status: Option<Result<u16, String>>,
    response_body: Vec<u8>,
}

fn str_field(v: &Value, key: &str, at: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{at}: no {key}"))
        .to_string()
}

/// `{"Utf8": "..."}` or `{"Base64": "..."}`.
fn body_data(v: &Value, at: &str) -> Vec<u8> {
    if let Some(s) = v["Utf8"].as_str() {
        s.as_bytes().to_vec()
    } else if let Some(s) = v["Base64"].as_str() {
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .unwrap_or_else(|e| panic!("{at}: bad Base64 data: {e}"))
    } else {
        panic!("{at}: data neither Utf8 nor Base64: {v}")
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
            exchanges: exchanges(dir),
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
