//! The tokens: arbitrary host names, ports, users, cluster and cache
//! names, regions and lifetimes. Properties: no panic; an error is one of
//! the kinds that name a bad input; a token made starts with its host
//! (lowercased where the service stores names lowercase) and carries its
//! lifetime; every token passes its own `check()`; an EKS token is
//! `k8s-aws-v1.` and unpadded base64url.
#![no_main]

use arbitrary::Arbitrary;
use awssig::tokens::{
    DsqlToken, EksToken, ElastiCacheToken, ExecCredentialVersion, MemoryDbToken, RdsToken,
};
use awssig::{Credentials, ErrorKind, SigningTime};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    host: &'a str,
    port: u16,
    user: &'a str,
    region: &'a str,
    expires_in: u64,
    flag: bool,
    exec_info: &'a str,
    time: u32,
}

fn input_error(e: &awssig::Error) {
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidTokenInput | ErrorKind::InvalidExpiry | ErrorKind::InvalidRegion
        ),
        "{e}"
    );
}

fuzz_target!(|i: Input<'_>| {
    let creds = Credentials::new("AKIDEXAMPLE", "secret").unwrap();
    let t = SigningTime::from_unix(i64::from(i.time)).unwrap();
    let expires = i.expires_in % 1_000_000;
    let rds = RdsToken::new(i.host, i.port, i.user, i.region).expires_in(expires);
    match rds.token(&creds, t) {
        Ok(tok) => {
            assert!(rds.check().is_ok());
            assert!(tok.starts_with(&format!("{}:{}/?Action=connect&DBUser=", i.host, i.port)));
            assert!(tok.contains(&format!("&X-Amz-Expires={expires}&")));
        }
        Err(e) => input_error(&e),
    }
    let dsql = DsqlToken::new(i.host, i.region)
        .admin(i.flag)
        .expires_in(expires);
    match dsql.token(&creds, t) {
        Ok(tok) => assert!(tok.starts_with(&format!("{}/?Action=DbConnect", i.host))),
        Err(e) => input_error(&e),
    }
    let cache = if i.flag {
        ElastiCacheToken::serverless_cache(i.host, i.user, i.region)
    } else {
        ElastiCacheToken::replication_group(i.host, i.user, i.region)
    };
    match cache.expires_in(expires).token(&creds, t) {
        Ok(tok) => assert!(tok.starts_with(&format!(
            "{}/?Action=connect&User=",
            i.host.to_ascii_lowercase()
        ))),
        Err(e) => input_error(&e),
    }
    match MemoryDbToken::new(i.host, i.user, i.region)
        .expires_in(expires)
        .token(&creds, t)
    {
        Ok(tok) => assert!(tok.starts_with(&i.host.to_ascii_lowercase())),
        Err(e) => input_error(&e),
    }
    match EksToken::new(i.host, i.region).token(&creds, t) {
        Ok(cred) => {
            let b64 = cred.token().strip_prefix("k8s-aws-v1.").unwrap();
            assert!(b64
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            let (version, _) = ExecCredentialVersion::from_exec_info(Some(i.exec_info));
            assert!(cred.exec_credential(version).contains(cred.token()));
        }
        Err(e) => input_error(&e),
    }
});
