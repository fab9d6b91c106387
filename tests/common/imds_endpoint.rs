//! A stand-in for EC2's Instance Metadata Service (IMDSv2 required) on
//! 127.0.0.1, following AWS's documented wire format:
//!
//! * "Use the Instance Metadata Service to access instance metadata" and
//!   "Instance metadata access: IMDSv2", EC2 User Guide
//!   (<https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html>):
//!   `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds`
//!   (1–21600) returns a token, a missing or invalid TTL is
//!   `400 Bad Request`; metadata `GET`s carry `X-aws-ec2-metadata-token`,
//!   and a missing, invalid or expired token is `401 Unauthorized`;
//! * "Retrieve security credentials from instance metadata"
//!   (<https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-security-credentials.html>):
//!   `/latest/meta-data/iam/security-credentials/` lists the role name,
//!   `…/<role-name>` returns `Code`, `LastUpdated`, `Type`,
//!   `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`; no role
//!   attached is `404 Not Found`.
//!
//! It can be told to expire every token it issued (the 401 → new token
//! path), logs the requests (`"PUT /latest/api/token"`), counts them, and
//! stops when dropped.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::http_test_server::{Reply, ServedRequest, TestServer};

/// The credentials the stand-in serves for its role.
pub const IMDS_ACCESS_KEY_ID: &str = "ASIAIMDSTESTENDPOINT";
pub const IMDS_SECRET: &str = "imds/test+secret";
pub const IMDS_SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjEImds//token==";
pub const IMDS_EXPIRATION: &str = "2030-01-02T03:04:05Z";

const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

struct State {
    role: Option<String>,
    /// Issued tokens and when each ends.
    tokens: Vec<(String, Instant)>,
    issued: usize,
    log: Vec<String>,
}

pub struct ImdsEndpoint {
    server: TestServer,
    state: Arc<Mutex<State>>,
}

impl ImdsEndpoint {
    /// An instance with this IAM role attached (`None`: no role).
    pub fn start(role: Option<&str>) -> ImdsEndpoint {
        let state = Arc::new(Mutex::new(State {
            role: role.map(String::from),
            tokens: Vec::new(),
            issued: 0,
            log: Vec::new(),
        }));
        let shared = state.clone();
        let server = TestServer::start(move |req| serve(&mut shared.lock().unwrap(), req));
        ImdsEndpoint { server, state }
    }

    /// `http://127.0.0.1:<port>`, for `ImdsConfig::builder().endpoint(..)`.
    pub fn url(&self) -> String {
        self.server.base_url()
    }

    /// Ends every token issued so far: the next metadata request with one
    /// gets 401.
    pub fn expire_tokens(&self) {
        self.state.lock().unwrap().tokens.clear();
    }

    /// Requests served so far.
    pub fn request_count(&self) -> usize {
        self.server.request_count()
    }

    /// `"METHOD target -> status"` for each request served, in order.
    pub fn log(&self) -> Vec<String> {
        self.state.lock().unwrap().log.clone()
    }

    pub fn addr(&self) -> std::net::SocketAddr {
        self.server.addr()
    }
}

fn serve(state: &mut State, req: &ServedRequest) -> Reply {
    let reply = answer(state, req);
    state
        .log
        .push(format!("{} {} -> {}", req.method, req.target, reply.status));
    reply
}

fn answer(state: &mut State, req: &ServedRequest) -> Reply {
    if req.target == "/latest/api/token" {
        if req.method != "PUT" {
            return Reply::new(405, "text/plain", "Method Not Allowed");
        }
        let ttl = req
            .header("x-aws-ec2-metadata-token-ttl-seconds")
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|ttl| (1..=21600).contains(ttl));
        let Some(ttl) = ttl else {
            return Reply::new(400, "text/plain", "Bad Request");
        };
        state.issued += 1;
        let token = format!("AQAEAtesttoken{}==", state.issued);
        state
            .tokens
            .push((token.clone(), Instant::now() + Duration::from_secs(ttl)));
        return Reply::new(200, "text/plain", token)
            .with_header("x-aws-ec2-metadata-token-ttl-seconds", &ttl.to_string());
    }
    if req.method != "GET" {
        return Reply::new(405, "text/plain", "Method Not Allowed");
    }
    let now = Instant::now();
    let token_ok = req
        .header("x-aws-ec2-metadata-token")
        .is_some_and(|t| state.tokens.iter().any(|(v, end)| v == t && now < *end));
    if !token_ok {
        return Reply::new(401, "text/plain", "Unauthorized");
    }
    let Some(rest) = req.target.strip_prefix(CREDENTIALS_PATH) else {
        return Reply::new(404, "text/html", "<h1>404 - Not Found</h1>");
    };
    match (&state.role, rest) {
        (Some(role), "") => Reply::new(200, "text/plain", role.clone()),
        (Some(role), asked) if asked == role => Reply::new(
            200,
            "text/plain",
            format!(
                "{{\n  \"Code\" : \"Success\",\n  \"LastUpdated\" : \"2030-01-01T21:00:00Z\",\n  \"Type\" : \"AWS-HMAC\",\n  \"AccessKeyId\" : \"{IMDS_ACCESS_KEY_ID}\",\n  \"SecretAccessKey\" : \"{IMDS_SECRET}\",\n  \"Token\" : \"{IMDS_SESSION_TOKEN}\",\n  \"Expiration\" : \"{IMDS_EXPIRATION}\"\n}}"
            ),
        ),
        _ => Reply::new(404, "text/html", "<h1>404 - Not Found</h1>"),
    }
}
