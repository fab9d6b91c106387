//! `awssig explain`: awssig's steps for the request as it was signed,
//! against the server's (an S3 error body or a Ceph RGW log), through
//! `awssig::explain`.

use awssig::explain::{explain as compare, ServerSteps};
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::SigningTime;
use clap::ArgMatches;

use crate::{config, pairs, signing_time, split_url, Failure};

/// Parameters of a presigned URL's signature, recomputed (not copied).
const AUTH_PARAMS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
];

fn read_input(path: &str) -> Result<String, Failure> {
    let text = if path == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    };
    text.map_err(|e| Failure::other(format!("cannot read {path:?}: {e}")))
}

fn param_value<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
}

/// `--at`, else the request's own `X-Amz-Date` (header or query).
fn time_of(m: &ArgMatches, amz_date: Option<&str>) -> Result<SigningTime, Failure> {
    if m.get_one::<String>("at").is_some() {
        return signing_time(m);
    }
    let date = amz_date.ok_or_else(|| {
        Failure::usage(
            "the request has no X-Amz-Date (header or query): give the signing time with --at",
        )
    })?;
    SigningTime::from_amz_date(date)
        .map_err(|e| Failure::usage(format!("X-Amz-Date {date:?}: {e}")))
}

pub fn explain(m: &ArgMatches) -> Result<String, Failure> {
    let server = match (
        m.get_one::<String>("error-body"),
        m.get_one::<String>("server-log"),
    ) {
        (Some(body), _) => ServerSteps::from_error_body(&read_input(body)?),
        (None, Some(log)) => ServerSteps::from_rgw_log(&read_input(log)?),
        (None, None) => return Err(Failure::usage("give --error-body or --server-log")),
    }
    .map_err(|e| Failure::usage(e.to_string()))?;
    let url = m.get_one::<String>("url").map(String::as_str).unwrap_or("");
    let method = m
        .get_one::<String>("method")
        .map(String::as_str)
        .unwrap_or("GET");
    let (_, host, path, query) = split_url(url)?;
    let given = pairs(m, "header", ':', "'Name: value'")?;
    let header = |name: &str| {
        given
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    };
    // What the signer writes itself is taken out of the headers and
    // given to it: the time, the payload hash, the token.
    let mut headers: Vec<(&str, &str)> = Vec::new();
    if header("host").is_none() {
        headers.push(("host", host.as_str()));
    }
    headers.extend(given.iter().copied().filter(|(n, _)| {
        ![
            "authorization",
            "x-amz-date",
            "x-amz-content-sha256",
            "x-amz-security-token",
        ]
        .iter()
        .any(|s| n.eq_ignore_ascii_case(s))
    }));
    let payload = match header("x-amz-content-sha256") {
        None => Payload::Empty,
        Some("UNSIGNED-PAYLOAD") => Payload::Unsigned,
        Some(h) => Payload::Sha256Hex(h),
    };
    let profile = config::load_profile(m.get_one::<String>("profile").map(String::as_str))?;
    let region = config::region(m.get_one::<String>("region").map(String::as_str), &profile);
    let service = m
        .get_one::<String>("service")
        .map(String::as_str)
        .unwrap_or("s3");
    let settings = if service == "s3" {
        SigningSettings::s3(region)
    } else {
        SigningSettings::new(service, region)
    };
    let creds = config::credentials(&profile)?;
    let signer = Signer::new(creds, settings)?;
    let presigned = param_value(query, "X-Amz-Signature").is_some();
    let ours = if presigned {
        let rest: Vec<&str> = query
            .split('&')
            .filter(|p| {
                let name = p.split_once('=').map_or(*p, |(n, _)| n);
                !p.is_empty() && !AUTH_PARAMS.contains(&name)
            })
            .collect();
        let rest = rest.join("&");
        let time = time_of(m, param_value(query, "X-Amz-Date"))?;
        let expires = param_value(query, "X-Amz-Expires")
            .and_then(|e| e.parse().ok())
            .unwrap_or(3600);
        let req = Request::new(method, path)
            .raw_query(&rest)
            .headers(&headers)
            .payload(if service == "s3" {
                Payload::Unsigned
            } else {
                Payload::Empty
            });
        signer.presign_steps(&req, time, expires)?
    } else {
        let time = time_of(m, header("x-amz-date"))?;
        let req = Request::new(method, path)
            .raw_query(query)
            .headers(&headers)
            .payload(payload);
        signer.sign_headers_steps(&req, time)?
    };
    Ok(compare(&ours, &server).to_string())
}
