//! A stand-in for the ECS / EKS Pod Identity credentials agent on
//! 127.0.0.1, following AWS's documented format ("IAM roles for tasks",
//! <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html>;
//! "Learn how EKS Pod Identity grants pods access to AWS services",
//! <https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html>):
//! `GET <path>` answers JSON with `RoleArn`, `AccessKeyId`,
//! `SecretAccessKey`, `Token`, `Expiration`; the EKS agent requires the
//! pod's token in `Authorization`. AWS does not document the refusal's
//! status: this one answers 401 with the `{"code", "message"}` error body
//! the SDKs read. Counts requests; stops when dropped.

use std::sync::{Arc, Mutex};

use super::http_test_server::{Reply, TestServer};

pub const CONTAINER_ACCESS_KEY_ID: &str = "ASIACONTAINERTEST";
pub const CONTAINER_SECRET: &str = "container/test+secret";
pub const CONTAINER_SESSION_TOKEN: &str = "IQoJcontainer//token==";
pub const CONTAINER_EXPIRATION: &str = "2030-02-03T04:05:06Z";

pub struct ContainerEndpoint {
    server: TestServer,
    path: String,
    authorizations: Arc<Mutex<Vec<Option<String>>>>,
}

impl ContainerEndpoint {
    /// Serves the credentials at `path`; with `authorization`, only to
    /// requests whose `Authorization` header is exactly that.
    pub fn start(path: &str, authorization: Option<&str>) -> ContainerEndpoint {
        let authorizations = Arc::new(Mutex::new(Vec::new()));
        let (seen, want_path) = (authorizations.clone(), path.to_string());
        let want_auth = authorization.map(String::from);
        let server = TestServer::start(move |req| {
            seen.lock()
                .unwrap()
                .push(req.header("authorization").map(String::from));
            if req.method != "GET" {
                return Reply::new(405, "text/plain", "Method Not Allowed");
            }
            if want_auth.is_some() && req.header("authorization") != want_auth.as_deref() {
                return Reply::new(
                    401,
                    "application/json",
                    r#"{"code":"AccessDeniedException","message":"the service account token is missing or invalid"}"#,
                );
            }
            if req.target != want_path {
                return Reply::new(
                    404,
                    "application/json",
                    r#"{"code":"NotFound","message":"no credentials here"}"#,
                );
            }
            Reply::new(
                200,
                "application/json",
                format!(
                    r#"{{"RoleArn":"arn:aws:iam::123456789012:role/test","AccessKeyId":"{CONTAINER_ACCESS_KEY_ID}","SecretAccessKey":"{CONTAINER_SECRET}","Token":"{CONTAINER_SESSION_TOKEN}","Expiration":"{CONTAINER_EXPIRATION}"}}"#
                ),
            )
        });
        ContainerEndpoint {
            server,
            path: path.to_string(),
            authorizations,
        }
    }

    /// The full URL of the credentials, for `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
    pub fn url(&self) -> String {
        format!("{}{}", self.server.base_url(), self.path)
    }

    pub fn request_count(&self) -> usize {
        self.server.request_count()
    }

    /// The `Authorization` header of each request served, in order.
    pub fn authorizations(&self) -> Vec<Option<String>> {
        self.authorizations.lock().unwrap().clone()
    }

    pub fn addr(&self) -> std::net::SocketAddr {
        self.server.addr()
    }
}
