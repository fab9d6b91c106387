//! The sans-IO IMDS and container credential sources driven over real
//! sockets, against stand-ins of the two endpoints in `tests/common`
//! (IMDS and the container agent exist only on AWS; the stand-ins follow
//! AWS's documented wire format, cited in their docs: token PUT with a
//! TTL header, 400 without it, 401 on a missing or expired token, the
//! role name and credentials documents, the `Authorization` header). A
//! minimal HTTP/1.1 client sends what the builders build and hands the
//! answers to the parsers.

mod common;

use std::net::TcpStream;

use awssig::credentials::container::{parse_credentials, ContainerConfig};
use awssig::credentials::imds::{ImdsClient, ImdsConfig, ImdsStep, ImdsToken};
use awssig::credentials::{HttpRequest, HttpResponse};
use awssig::{Credentials, ErrorKind, SigningTime};

use common::container_endpoint::*;
use common::http1_client::send;
use common::imds_endpoint::*;

fn now() -> SigningTime {
    SigningTime::from_unix(1_900_000_000).unwrap()
}

/// The loop an IO edge runs: send what the client asks, hand back what
/// came, until credentials or an error.
fn fetch(client: &mut ImdsClient, at: SigningTime) -> awssig::Result<Credentials> {
    let mut request = client.start(at);
    loop {
        let (status, body) = send(&request).expect("the stand-in answers");
        match client.handle(HttpResponse::new(status, &body))? {
            ImdsStep::Send(next) => request = next,
            ImdsStep::Done(creds) => return Ok(creds),
            other => panic!("unknown step {other:?}"),
        }
    }
}

fn imds_client(endpoint: &ImdsEndpoint) -> ImdsClient {
    ImdsClient::new(
        ImdsConfig::builder()
            .endpoint(endpoint.url())
            .build()
            .unwrap(),
    )
    .unwrap()
}

#[test]
fn imds_client_fetches_credentials_with_a_token_the_role_name_and_the_document() {
    let endpoint = ImdsEndpoint::start(Some("web-role"));
    let creds = fetch(&mut imds_client(&endpoint), now()).unwrap();
    assert_eq!(creds.access_key_id(), IMDS_ACCESS_KEY_ID);
    assert_eq!(creds.secret_access_key(), IMDS_SECRET);
    assert_eq!(creds.session_token(), Some(IMDS_SESSION_TOKEN));
    assert_eq!(
        creds.expires_at(),
        Some(SigningTime::from_rfc3339(IMDS_EXPIRATION).unwrap())
    );
    assert_eq!(
        endpoint.log(),
        [
            "PUT /latest/api/token -> 200",
            "GET /latest/meta-data/iam/security-credentials/ -> 200",
            "GET /latest/meta-data/iam/security-credentials/web-role -> 200",
        ]
    );
}

#[test]
fn imds_client_reuses_its_token_and_gets_a_new_one_after_a_401() {
    let endpoint = ImdsEndpoint::start(Some("web-role"));
    let mut client = imds_client(&endpoint);
    fetch(&mut client, now()).unwrap();
    // A minute later the token is still good: no PUT.
    fetch(
        &mut client,
        SigningTime::from_unix(now().unix() + 60).unwrap(),
    )
    .unwrap();
    assert_eq!(endpoint.request_count(), 5);
    // IMDS ends the token early (as after a restart): 401, new token, retry.
    endpoint.expire_tokens();
    let creds = fetch(
        &mut client,
        SigningTime::from_unix(now().unix() + 120).unwrap(),
    )
    .unwrap();
    assert_eq!(creds.access_key_id(), IMDS_ACCESS_KEY_ID);
    assert_eq!(
        endpoint.log()[5..],
        [
            "GET /latest/meta-data/iam/security-credentials/ -> 401",
            "PUT /latest/api/token -> 200",
            "GET /latest/meta-data/iam/security-credentials/ -> 200",
            "GET /latest/meta-data/iam/security-credentials/web-role -> 200",
        ]
    );
}

#[test]
fn imds_client_asks_for_a_new_token_once_the_kept_one_is_near_its_end() {
    let endpoint = ImdsEndpoint::start(Some("web-role"));
    let config = ImdsConfig::builder()
        .endpoint(endpoint.url())
        .token_ttl_seconds(120)
        .build()
        .unwrap();
    let mut client = ImdsClient::new(config).unwrap();
    fetch(&mut client, now()).unwrap();
    // 120 s token, reused only while more than 60 s remain.
    fetch(
        &mut client,
        SigningTime::from_unix(now().unix() + 61).unwrap(),
    )
    .unwrap();
    let puts = endpoint
        .log()
        .iter()
        .filter(|l| l.starts_with("PUT"))
        .count();
    assert_eq!(puts, 2);
}

#[test]
fn imds_without_a_role_says_no_iam_role_attached() {
    let endpoint = ImdsEndpoint::start(None);
    let err = fetch(&mut imds_client(&endpoint), now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialSource);
    assert!(err.to_string().starts_with("IMDS: "), "{err}");
    assert!(err.to_string().contains("no IAM role attached"), "{err}");
    assert_eq!(endpoint.request_count(), 2);
}

#[test]
fn imds_stand_in_refuses_a_token_put_without_a_valid_ttl_and_the_parser_says_why() {
    let endpoint = ImdsEndpoint::start(Some("web-role"));
    let config = ImdsConfig::builder()
        .endpoint(endpoint.url())
        .build()
        .unwrap();
    let url = format!("{}/latest/api/token", endpoint.url());
    for request in [
        HttpRequest::new("PUT", url.as_str()),
        HttpRequest::new("PUT", url.as_str())
            .header("x-aws-ec2-metadata-token-ttl-seconds", "21601"),
    ] {
        let (status, body) = send(&request).unwrap();
        assert_eq!(status, 400);
        let err =
            ImdsToken::from_response(&config, HttpResponse::new(status, &body), now()).unwrap_err();
        assert!(err.to_string().contains("token lifetime header"), "{err}");
    }
}

#[test]
fn imds_stand_in_answers_401_to_a_metadata_request_without_a_token() {
    let endpoint = ImdsEndpoint::start(Some("web-role"));
    let url = format!(
        "{}/latest/meta-data/iam/security-credentials/",
        endpoint.url()
    );
    let (status, body) = send(&HttpRequest::new("GET", url)).unwrap();
    assert_eq!(status, 401);
    let err =
        awssig::credentials::imds::parse_role_name(HttpResponse::new(status, &body)).unwrap_err();
    assert!(err.to_string().contains("fetch a new token"), "{err}");
}

#[test]
fn imds_stand_in_stops_when_dropped() {
    let endpoint = ImdsEndpoint::start(Some("web-role"));
    let addr = endpoint.addr();
    assert!(TcpStream::connect(addr).is_ok());
    drop(endpoint);
    assert!(TcpStream::connect(addr).is_err());
}

fn container_env<'a>(
    url: &'a str,
    token_file: Option<&'a str>,
) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| match name {
        "AWS_CONTAINER_CREDENTIALS_FULL_URI" => Some(url.to_string()),
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" => token_file.map(String::from),
        _ => None,
    }
}

#[test]
fn container_credentials_with_the_token_file_contents_as_authorization() {
    let endpoint = ContainerEndpoint::start("/v1/credentials", Some("pod-token-1"));
    let url = endpoint.url();
    let config = ContainerConfig::resolve(container_env(&url, Some("/var/run/token")))
        .unwrap()
        .unwrap();
    assert_eq!(config.authorization_token_file(), Some("/var/run/token"));
    let (status, body) = send(&config.request(Some("pod-token-1")).unwrap()).unwrap();
    let creds = parse_credentials(HttpResponse::new(status, &body)).unwrap();
    assert_eq!(creds.access_key_id(), CONTAINER_ACCESS_KEY_ID);
    assert_eq!(creds.secret_access_key(), CONTAINER_SECRET);
    assert_eq!(creds.session_token(), Some(CONTAINER_SESSION_TOKEN));
    assert_eq!(
        creds.expires_at(),
        Some(SigningTime::from_rfc3339(CONTAINER_EXPIRATION).unwrap())
    );
    assert_eq!(endpoint.authorizations(), [Some("pod-token-1".to_string())]);
}

#[test]
fn container_endpoint_refusing_the_token_is_an_error_naming_the_source_and_the_code() {
    let endpoint = ContainerEndpoint::start("/v1/credentials", Some("pod-token-1"));
    let url = endpoint.url();
    let config = ContainerConfig::resolve(container_env(&url, Some("/var/run/token")))
        .unwrap()
        .unwrap();
    let (status, body) = send(&config.request(Some("stale-token")).unwrap()).unwrap();
    assert_eq!(status, 401);
    let err = parse_credentials(HttpResponse::new(status, &body)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("container credentials: HTTP 401"),
        "{text}"
    );
    assert!(text.contains("AccessDeniedException"), "{text}");
    assert!(!text.contains("stale-token"));
    assert_eq!(endpoint.request_count(), 1);
}

#[test]
fn container_credentials_without_authorization_over_loopback() {
    let endpoint = ContainerEndpoint::start("/creds?id=1", None);
    let url = endpoint.url();
    let config = ContainerConfig::resolve(container_env(&url, None))
        .unwrap()
        .unwrap();
    let (status, body) = send(&config.request(None).unwrap()).unwrap();
    assert_eq!(
        parse_credentials(HttpResponse::new(status, &body))
            .unwrap()
            .access_key_id(),
        CONTAINER_ACCESS_KEY_ID
    );
    assert_eq!(endpoint.authorizations(), [None]);
}
