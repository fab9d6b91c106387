//! The metadata endpoints: IMDS's token, role name and credentials
//! responses (each parser, and the whole `ImdsClient` fed an arbitrary
//! sequence of answers) and the container endpoint's response and its
//! authorization token file. Properties: no panic; errors are
//! `CredentialSource` errors naming their source; every request the
//! client asks for carries no CR or LF in a header (a token from a
//! response goes into the next request's header); the client asks for at
//! most a bounded number of requests; credentials come with an expiry.
#![no_main]

use arbitrary::Arbitrary;
use awssig::credentials::container::{self, ContainerConfig};
use awssig::credentials::imds::{self, ImdsClient, ImdsConfig, ImdsStep, ImdsToken};
use awssig::credentials::{HttpRequest, HttpResponse};
use awssig::{ErrorKind, SigningTime};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Answer<'a> {
    status: u16,
    body: &'a [u8],
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    now: u32,
    answers: Vec<Answer<'a>>,
    container: Answer<'a>,
    token_file: &'a str,
}

fn clean(req: &HttpRequest) {
    for (n, v) in req.headers() {
        assert!(
            !n.contains(['\r', '\n']) && !v.contains(['\r', '\n']),
            "header injection: {n:?}: {v:?}"
        );
    }
}

fn source_error(e: &awssig::Error, source: &str) {
    assert_eq!(e.kind(), ErrorKind::CredentialSource, "{e}");
    assert!(e.to_string().starts_with(source), "{e}");
}

fuzz_target!(|input: Input<'_>| {
    let now = SigningTime::from_unix(i64::from(input.now)).unwrap();
    let config = ImdsConfig::builder().build().unwrap();

    // Each parser on its own, on every answer.
    for a in &input.answers {
        let res = HttpResponse::new(a.status, a.body);
        match ImdsToken::from_response(&config, res, now) {
            Ok(token) => {
                assert!(!token.secret().is_empty());
                assert!(token.secret().bytes().all(|b| b.is_ascii_graphic()));
                clean(&config.role_name_request(&token));
            }
            Err(e) => source_error(&e, "IMDS"),
        }
        match imds::parse_role_name(res) {
            Ok(role) => {
                let token =
                    ImdsToken::from_response(&config, HttpResponse::new(200, b"t"), now).unwrap();
                if let Ok(req) = config.credentials_request(&token, &role) {
                    clean(&req);
                }
            }
            Err(e) => source_error(&e, "IMDS"),
        }
        match imds::parse_credentials(res) {
            Ok(c) => assert!(c.expires_at().is_some()),
            Err(e) => source_error(&e, "IMDS"),
        }
    }

    // The client, answered in order until it is done, fails or the
    // answers run out.
    let mut client = ImdsClient::new(config.clone()).unwrap();
    let mut req = client.start(now);
    let mut sent = 1;
    for a in &input.answers {
        clean(&req);
        match client.handle(HttpResponse::new(a.status, a.body)) {
            Ok(ImdsStep::Send(next)) => {
                req = next;
                sent += 1;
                assert!(sent <= 16, "the client keeps asking");
            }
            Ok(ImdsStep::Done(c)) => {
                assert!(c.expires_at().is_some());
                break;
            }
            Ok(_) => break,
            Err(e) => {
                source_error(&e, "IMDS");
                break;
            }
        }
    }

    // The container endpoint.
    let res = HttpResponse::new(input.container.status, input.container.body);
    match container::parse_credentials(res) {
        Ok(c) => assert!(c.expires_at().is_some()),
        Err(e) => assert_eq!(e.kind(), ErrorKind::CredentialSource, "{e}"),
    }
    let env = |n: &str| match n {
        "AWS_CONTAINER_CREDENTIALS_FULL_URI" => Some("http://127.0.0.1:8080/creds".to_string()),
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" => Some("/token".to_string()),
        _ => None,
    };
    let cfg = ContainerConfig::resolve(env).unwrap().unwrap();
    match cfg.request(Some(input.token_file)) {
        Ok(req) => clean(&req),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::CredentialSource, "{e}");
        }
    }
});
