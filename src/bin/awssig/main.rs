//! `awssig`: presign S3 URLs, build POST forms, sign and verify requests,
//! offline, with the aws cli's credential conventions.

mod config;
mod explain;
mod parse;
mod tokens;

use std::io::Write;
use std::process::ExitCode;

use awssig::s3::multipart::PartPlan;
use awssig::s3::{
    AddressingStyle, Bucket, ChecksumAlgorithm, Endpoint, PresignRequest, SignatureVersion,
};
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::verify::{Incoming, Verifier};
use awssig::{ExpiryPolicy, SigningTime};
use clap::{Arg, ArgAction, ArgMatches, Command};

/// A failure: usage errors exit 2, the others 1; one line on stderr.
pub struct Failure {
    usage: bool,
    message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            usage: true,
            message: message.into(),
        }
    }
    pub fn other(message: impl Into<String>) -> Self {
        Failure {
            usage: false,
            message: message.into(),
        }
    }
}

impl From<awssig::Error> for Failure {
    fn from(e: awssig::Error) -> Self {
        Failure::other(e.to_string())
    }
}

fn common_args(cmd: Command) -> Command {
    cmd.arg(Arg::new("region").long("region").value_name("R").help("Region of the signature (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1)"))
        .arg(Arg::new("profile").long("profile").value_name("NAME").help("Profile in ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE, then default)"))
        .arg(Arg::new("at").long("at").value_name("RFC3339-TIME").help("Sign at this time instead of now, e.g. 2013-05-24T00:00:00Z (fractions are truncated)"))
}

fn s3_args(cmd: Command) -> Command {
    common_args(cmd)
        .arg(Arg::new("expires-in").long("expires-in").value_name("SECONDS").default_value("3600").value_parser(clap::value_parser!(u64)).help("Lifetime in seconds (SigV4: 1 to 604800)"))
        .arg(Arg::new("endpoint-url").long("endpoint-url").value_name("URL").help("Custom endpoint, e.g. http://127.0.0.1:9000 (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's endpoint_url, AWS)"))
        .arg(Arg::new("addressing-style").long("addressing-style").value_name("STYLE").value_parser(["auto", "virtual", "path"]).default_value("auto").help("auto: virtual-hosted when the bucket can be a host name; virtual: always (error if impossible); path: host/bucket/key"))
        .arg(Arg::new("signature-version").long("signature-version").value_name("V").value_parser(["v4", "v2", "v4a"]).default_value("v4").help("v4 (default), the legacy v2, or v4a (SigV4A, ECDSA; --region is then the region set, e.g. '*'). A multi-region access point (s3://arn:aws:s3::ACCOUNT:accesspoint/ALIAS.mrap/KEY) is always v4a with the region set '*'"))
        .arg(Arg::new("clamp").long("clamp").action(ArgAction::SetTrue).help("When the credentials expire first (temporary credentials: SSO, roles, IMDS, processes, AWS_CREDENTIAL_EXPIRATION), end the lifetime with them instead of failing; the effective expiry goes to stderr"))
}

/// The library's advice names its builder method; say the flag instead.
fn expiry_failure(e: awssig::Error) -> Failure {
    Failure::other(
        e.to_string()
            .replace(".expiry_policy(ExpiryPolicy::Clamp)", "--clamp"),
    )
}

/// With `--clamp`, the effective expiry on stderr, and whether it is the
/// credentials' end rather than the one asked for.
fn report_expiry(asked: SigningTime, got: SigningTime) {
    let note = if got < asked {
        format!(
            " (clamped to the credentials' expiry; asked for {})",
            asked.rfc3339()
        )
    } else {
        String::new()
    };
    eprintln!("# expires at {}{note}", got.rfc3339());
}

/// `time + seconds`, as far as an instant goes.
fn later(time: SigningTime, seconds: u64) -> SigningTime {
    i64::try_from(seconds)
        .ok()
        .and_then(|s| time.unix().checked_add(s))
        .and_then(|t| SigningTime::from_unix(t).ok())
        .unwrap_or(time)
}

fn cli() -> Command {
    Command::new("awssig")
        .about("Sign AWS requests offline: presigned S3 URLs, POST forms, Authorization headers, verification")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .after_help("Example:\n  AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \\\n    awssig presign s3://examplebucket/photos/cat.jpg --expires-in 600")
        .subcommand(
            s3_args(Command::new("presign").about("Print a presigned URL for an object (or a bucket, with an empty key)"))
                .arg(Arg::new("target").required(true).value_name("s3://BUCKET/KEY").help("The object; KEY is taken literally (no decoding); s3://BUCKET/ for the bucket"))
                .arg(Arg::new("method").long("method").value_name("M").default_value("GET").help("HTTP method: GET, PUT, HEAD, DELETE, …"))
                .arg(Arg::new("query").long("query").value_name("NAME=VALUE").action(ArgAction::Append).help("Extra query parameter, decoded (repeatable), e.g. --query response-content-disposition='attachment; filename=\"a.pdf\"'"))
                .arg(Arg::new("header").long("header").value_name("'Name: value'").action(ArgAction::Append).help("Header to sign (repeatable); the URL's user must send it, and it is printed to stderr"))
                .arg(Arg::new("once").long("once").action(ArgAction::SetTrue).help("A one-time link: signs an x-awssig-once parameter with a random nonce; a server that verifies with awssig's OnceLinks admits it once (S3 itself ignores it). SigV4 only"))
                .args(pin_args())
                .after_help("Example:\n  awssig presign s3://uploads/report.pdf --method PUT --header 'Content-Type: application/pdf' --expires-in 600\n  awssig presign s3://uploads/a.bin --method PUT --checksum sha256=\"$(openssl dgst -sha256 -binary a.bin | base64)\" --content-length \"$(stat -c %s a.bin)\"\n  awssig presign s3://shared/contract.pdf --once --expires-in 86400\n  awssig presign s3://arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap/report.pdf"),
        )
        .subcommand(
            s3_args(Command::new("multipart").about("Print the presigned URLs of a multipart upload as JSON: without --upload-id the CreateMultipartUpload URL; with it each part's, Complete, Abort and ListParts"))
                .arg(Arg::new("target").required(true).value_name("s3://BUCKET/KEY").help("The object to upload; KEY is taken literally"))
                .arg(Arg::new("parts").long("parts").value_name("N").value_parser(clap::value_parser!(u16).range(1..=10_000)).help("How many part URLs to presign (1 to 10000; with --size, computed when omitted)"))
                .arg(Arg::new("upload-id").long("upload-id").value_name("ID").help("The UploadId CreateMultipartUpload answered"))
                .arg(Arg::new("size").long("size").value_name("BYTES").value_parser(clap::value_parser!(u64)).help("The object's size: each part URL then pins its Content-Length (parts of equal size, the last shorter; 5 MiB minimum but the last)"))
                .arg(Arg::new("content-type").long("content-type").value_name("TYPE").help("The object's Content-Type, signed on the create URL"))
                .after_help("Example:\n  awssig multipart s3://uploads/big.bin --endpoint-url http://127.0.0.1:7480     # the create URL\n  awssig multipart s3://uploads/big.bin --upload-id \"$ID\" --parts 4 --size 20971520"),
        )
        .subcommand(
            s3_args(Command::new("post").about("Print a browser POST form as {\"url\": …, \"fields\": {…}} (fields in form order)"))
                .arg(Arg::new("target").required(true).value_name("s3://BUCKET/KEY").help("Bucket and key (the key may end in ${filename})"))
                .arg(Arg::new("field").long("field").value_name("NAME=VALUE").action(ArgAction::Append).help("Extra form field (repeatable); add a --condition that allows it"))
                .arg(Arg::new("condition").long("condition").value_name("JSON").action(ArgAction::Append).help("Policy condition in boto3's shapes (repeatable): '{\"acl\":\"public-read\"}', '[\"starts-with\",\"$key\",\"uploads/\"]', '[\"content-length-range\",1,1048576]'"))
                .after_help("Example:\n  awssig post 's3://uploads/incoming/${filename}' --condition '[\"content-length-range\",1,10485760]'"),
        )
        .subcommand(
            common_args(Command::new("sign").about("Print the headers that sign a request, one `Name: value` a line"))
                .arg(Arg::new("method").long("method").required(true).value_name("M").help("HTTP method"))
                .arg(Arg::new("url").long("url").required(true).value_name("URL").help("The request URL, already percent-encoded as it will be sent"))
                .arg(Arg::new("service").long("service").value_name("S").default_value("s3").help("Service: s3 gets S3's rules and x-amz-content-sha256; others the generic rules"))
                .arg(Arg::new("header").long("header").value_name("'Name: value'").action(ArgAction::Append).help("Request header to sign (repeatable)"))
                .arg(Arg::new("payload-sha256").long("payload-sha256").value_name("HEX").conflicts_with_all(["payload-file", "unsigned-payload"]).help("SHA-256 of the body, 64 lowercase hex digits"))
                .arg(Arg::new("payload-file").long("payload-file").value_name("F").conflicts_with("unsigned-payload").help("Hash this file as the body"))
                .arg(Arg::new("unsigned-payload").long("unsigned-payload").action(ArgAction::SetTrue).help("Sign UNSIGNED-PAYLOAD instead of the body"))
                .arg(Arg::new("signature-version").long("signature-version").value_name("V").value_parser(["v4", "v2", "v4a"]).default_value("v4").help("v4 (default), the legacy v2, or v4a (SigV4A: --region is the region set, '*' unless given)"))
                .arg(Arg::new("bucket").long("bucket").value_name("B").help("SigV2: the bucket of a virtual-hosted URL on a custom endpoint (its canonical resource is /BUCKET/KEY)"))
                .after_help("Example:\n  awssig sign --method GET --url https://examplebucket.s3.amazonaws.com/test.txt --header 'Range: bytes=0-9'"),
        )
        .subcommand(
            Command::new("credentials")
                .about("Print the credentials the chain resolves (environment, profile: static keys, credential_process, SSO, roles, web identity; container; IMDS), in the formats of `aws configure export-credentials`")
                .arg(Arg::new("profile").long("profile").value_name("NAME").help("Profile in ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE, then default; an explicit profile skips the environment's keys, as the aws cli does)"))
                .arg(Arg::new("format").long("format").value_name("F").value_parser(["process", "env", "json"]).default_value("process").help("process: the credential_process JSON (Version 1, with Expiration); env: `export AWS_…=…` lines; json: the process JSON plus the source that gave them"))
                .after_help("Example:
  awssig credentials --profile dev --format env"),
        )
        .subcommand(
            common_args(Command::new("verify").about("Verify a presigned URL (SigV4, SigV4A or SigV2) with the secret of its access key id; exit 0 when valid, 1 when not"))
                .arg(Arg::new("url").required(true).value_name("URL").help("The presigned URL, as received"))
                .arg(Arg::new("method").long("method").value_name("M").default_value("GET").help("The request's method"))
                .arg(Arg::new("header").long("header").value_name("'Name: value'").action(ArgAction::Append).help("A header the request carries (repeatable)"))
                .arg(Arg::new("endpoint-url").long("endpoint-url").value_name("URL").help("SigV2: the custom endpoint the URL was made for; its host is a virtual-host domain (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's endpoint_url)"))
                .arg(Arg::new("domain").long("domain").value_name("D").action(ArgAction::Append).help("SigV2: a domain under which buckets are virtual-hosted, e.g. --domain s3.example.com for https://BUCKET.s3.example.com/KEY (repeatable). AWS's S3 domains (s3.amazonaws.com, s3.REGION.amazonaws.com, dual-stack, FIPS, s3-REGION, China) are known; a host under none of them is checked as path style"))
                .after_help("Example:\n  awssig verify \"$(awssig presign s3://b/k)\"\n  awssig verify \"$(awssig presign s3://b/k --signature-version v2)\"\n  awssig verify --domain rgw.example.com 'http://media.rgw.example.com/k?AWSAccessKeyId=…&Signature=…&Expires=…'"),
        )
        .subcommand(
            common_args(Command::new("explain").about("Explain a SignatureDoesNotMatch: compare the canonical request and string to sign the server computed (S3's error body, or Ceph RGW's log at debug_rgw 10) with awssig's for the request as it was signed; print the first line that differs and the likely cause"))
                .arg(Arg::new("url").long("url").required(true).value_name("URL").help("The request URL as it was signed (percent-encoded as the client encoded it); a presigned URL is explained as one"))
                .arg(Arg::new("method").long("method").value_name("M").default_value("GET").help("The request's method"))
                .arg(Arg::new("header").long("header").value_name("'Name: value'").action(ArgAction::Append).help("A header of the request as signed (repeatable); X-Amz-Date gives the signing time, X-Amz-Content-SHA256 the payload hash, Authorization is ignored"))
                .arg(Arg::new("service").long("service").value_name("S").default_value("s3").help("Service the request was meant for: s3 gets S3's rules; others the generic rules"))
                .arg(Arg::new("error-body").long("error-body").value_name("FILE").required_unless_present("server-log").conflicts_with("server-log").help("The server's XML error body (CanonicalRequest, StringToSign or StringToSignBytes); - reads stdin"))
                .arg(Arg::new("server-log").long("server-log").value_name("FILE").help("A Ceph RGW log at debug_rgw 10 or more: its last canonical request and string to sign are the server's"))
                .after_help("Example:\n  curl -s \"$URL\" > err.xml   # 403 SignatureDoesNotMatch\n  awssig explain --url \"$URL\" --error-body err.xml\n  awssig explain --method PUT --url https://b.s3.amazonaws.com/a%20b --header 'X-Amz-Date: 20240101T000000Z' --server-log /var/log/ceph/client.rgw.log"),
        )
        .subcommand(
            common_args(Command::new("rds-token").about("Print an RDS / Aurora IAM authentication token (the password for an IAM database user), as `aws rds generate-db-auth-token` does"))
                .arg(Arg::new("hostname").long("hostname").required(true).value_name("H").help("The database endpoint's host name, without scheme or port"))
                .arg(Arg::new("port").long("port").required(true).value_name("P").value_parser(clap::value_parser!(u64)).help("The port the database listens on: 1 to 65535"))
                .arg(Arg::new("username").long("username").required(true).value_name("U").help("The database user to log in as"))
                .arg(Arg::new("expires-in").long("expires-in").value_name("SECONDS").default_value("900").value_parser(clap::value_parser!(u64)).help("Lifetime in seconds: 1 to 900 (the aws cli always signs 900)"))
                .after_help("Example:\n  PGPASSWORD=\"$(awssig rds-token --hostname mydb.123456789012.us-east-1.rds.amazonaws.com --port 5432 --username app --region us-east-1)\" \\\n    psql \"host=mydb.123456789012.us-east-1.rds.amazonaws.com user=app sslmode=require\""),
        )
        .subcommand(
            common_args(Command::new("dsql-token").about("Print an Aurora DSQL authentication token, as `aws dsql generate-db-connect-auth-token` (or, with --admin, generate-db-connect-admin-auth-token) does"))
                .arg(Arg::new("hostname").long("hostname").required(true).value_name("H").help("The cluster endpoint's host name, e.g. abcdefghijklmnop.dsql.us-east-1.on.aws"))
                .arg(Arg::new("admin").long("admin").action(ArgAction::SetTrue).help("A token for the admin role (DbConnectAdmin) instead of a custom role (DbConnect)"))
                .arg(Arg::new("expires-in").long("expires-in").value_name("SECONDS").default_value("900").value_parser(clap::value_parser!(u64)).help("Lifetime in seconds: 1 to 604800"))
                .after_help("Example:\n  PGPASSWORD=\"$(awssig dsql-token --hostname abcdefghijklmnop.dsql.us-east-1.on.aws --admin --region us-east-1)\" \\\n    psql \"host=abcdefghijklmnop.dsql.us-east-1.on.aws user=admin dbname=postgres sslmode=require\""),
        )
        .subcommand(
            common_args(Command::new("eks-token").about("Print an EKS cluster token as the ExecCredential JSON a kubeconfig `exec` plugin prints (token in status.token), as `aws eks get-token` does; the apiVersion follows KUBERNETES_EXEC_INFO"))
                .arg(Arg::new("cluster-name").long("cluster-name").value_name("C").required_unless_present("cluster-id").conflicts_with("cluster-id").help("The cluster's name"))
                .arg(Arg::new("cluster-id").long("cluster-id").value_name("ID").help("For a local cluster on AWS Outposts: its id"))
                .arg(Arg::new("role-arn").long("role-arn").value_name("ARN").help("Assume this role (STS AssumeRole, session EKSGetTokenAuth, at AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL or the regional STS endpoint) and sign the token with its credentials"))
                .after_help("Example:\n  awssig eks-token --cluster-name prod --region eu-west-1\n\nIn a kubeconfig:\n  users:\n  - name: prod\n    user:\n      exec:\n        apiVersion: client.authentication.k8s.io/v1beta1\n        command: awssig\n        args: [eks-token, --cluster-name, prod, --region, eu-west-1]"),
        )
        .subcommand(
            common_args(Command::new("elasticache-token").about("Print an ElastiCache (Valkey, Redis OSS) IAM authentication token, as AWS's developer-toolkit-elasticache does"))
                .arg(Arg::new("user-id").long("user-id").required(true).value_name("U").help("The IAM-enabled ElastiCache user id (signed lowercase)"))
                .arg(Arg::new("replication-group-id").long("replication-group-id").value_name("G").required_unless_present("serverless-cache-name").conflicts_with("serverless-cache-name").help("A node-based cluster's replication group id"))
                .arg(Arg::new("serverless-cache-name").long("serverless-cache-name").value_name("N").help("A serverless cache's name (signs ResourceType=ServerlessCache)"))
                .arg(Arg::new("expires-in").long("expires-in").value_name("SECONDS").default_value("900").value_parser(clap::value_parser!(u64)).help("Lifetime in seconds: 1 to 900"))
                .after_help("Example:\n  valkey-cli --tls -h sessions.abc123.use1.cache.amazonaws.com --user iam-user \\\n    -a \"$(awssig elasticache-token --replication-group-id sessions --user-id iam-user --region us-east-1)\""),
        )
        .subcommand(
            common_args(Command::new("memorydb-token").about("Print a MemoryDB IAM authentication token, as the MemoryDB developer guide's example makes it"))
                .arg(Arg::new("cluster-name").long("cluster-name").required(true).value_name("C").help("The cluster's name (signed lowercase)"))
                .arg(Arg::new("username").long("username").required(true).value_name("U").help("The IAM-enabled MemoryDB user"))
                .arg(Arg::new("expires-in").long("expires-in").value_name("SECONDS").default_value("900").value_parser(clap::value_parser!(u64)).help("Lifetime in seconds: 1 to 900"))
                .after_help("Example:\n  valkey-cli --tls -h clustercfg.orders.abc123.memorydb.us-east-1.amazonaws.com --user iam-user \\\n    -a \"$(awssig memorydb-token --cluster-name orders --username iam-user --region us-east-1)\""),
        )
}

/// The body pins of `presign`.
fn pin_args() -> [Arg; 3] {
    [
        Arg::new("checksum").long("checksum").value_name("ALG=BASE64").help("Pin the body's checksum: ALG is sha256, sha1, crc32, crc32c or crc64nvme, BASE64 the checksum as in x-amz-checksum-ALG; signed as a header the uploader must send"),
        Arg::new("content-length").long("content-length").value_name("N").value_parser(clap::value_parser!(u64)).help("Pin the body's length in bytes (signed Content-Length)"),
        Arg::new("content-md5").long("content-md5").value_name("BASE64").help("Pin the body's MD5 (signed Content-MD5, base64 of the 16-byte digest)"),
    ]
}

/// `--checksum ALG=BASE64`, `--content-length` and `--content-md5`
/// applied; `true` when any was given.
fn apply_pins<'b>(
    m: &'b ArgMatches,
    mut req: PresignRequest<'b>,
) -> Result<(PresignRequest<'b>, bool), Failure> {
    let mut pinned = false;
    if let Some(c) = m.get_one::<String>("checksum") {
        let (alg, value) = c.split_once('=').ok_or_else(|| {
            Failure::usage(format!(
                "--checksum {c:?} is not ALG=BASE64, e.g. sha256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
            ))
        })?;
        let alg = ChecksumAlgorithm::from_sdk_name(alg.trim()).ok_or_else(|| {
            Failure::usage(format!(
                "--checksum: {alg:?} is not a checksum algorithm; use sha256, sha1, crc32, crc32c or crc64nvme"
            ))
        })?;
        req = req.checksum_base64(alg, value.trim());
        pinned = true;
    }
    if let Some(n) = m.get_one::<u64>("content-length") {
        req = req.content_length(*n);
        pinned = true;
    }
    if let Some(v) = m.get_one::<String>("content-md5") {
        req = req.content_md5(v.as_str());
        pinned = true;
    }
    Ok((req, pinned))
}

pub(crate) fn signing_time(m: &ArgMatches) -> Result<SigningTime, Failure> {
    match m.get_one::<String>("at") {
        None => Ok(SigningTime::now()),
        Some(s) => {
            let dt = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                .map_err(|e| {
                    Failure::usage(format!(
                        "--at {s:?} is not an RFC 3339 time ({e}); write e.g. 2013-05-24T00:00:00Z"
                    ))
                })?;
            Ok(SigningTime::from_datetime(dt)?)
        }
    }
}

pub(crate) fn pairs<'a>(
    m: &'a ArgMatches,
    id: &str,
    sep: char,
    what: &str,
) -> Result<Vec<(&'a str, &'a str)>, Failure> {
    m.get_many::<String>(id)
        .into_iter()
        .flatten()
        .map(|s| {
            s.split_once(sep)
                .map(|(a, b)| (a.trim_end(), if sep == ':' { b.trim() } else { b }))
                .filter(|(a, _)| !a.is_empty())
                .ok_or_else(|| Failure::usage(format!("--{id} {s:?} is not {what}")))
        })
        .collect()
}

fn bucket_for(m: &ArgMatches, bucket: &str, profile: &config::Profile) -> Result<Bucket, Failure> {
    let version = m.get_one::<String>("signature-version").map(String::as_str);
    if bucket.starts_with("arn:") {
        if version == Some("v2") {
            return Err(Failure::usage(
                "a multi-region access point takes SigV4A only; drop --signature-version v2",
            ));
        }
        return Ok(Bucket::multi_region_access_point(bucket)?);
    }
    let region = config::region(m.get_one::<String>("region").map(String::as_str), profile);
    let b = match config::endpoint(
        m.get_one::<String>("endpoint-url").map(String::as_str),
        profile,
    ) {
        Some(url) => Bucket::with_endpoint(bucket, region, Endpoint::parse(&url)?)?,
        None => Bucket::new(bucket, region)?,
    };
    let style = match m.get_one::<String>("addressing-style").map(String::as_str) {
        Some("virtual") => AddressingStyle::VirtualHosted,
        Some("path") => AddressingStyle::Path,
        _ => AddressingStyle::Auto,
    };
    let version = match version {
        Some("v2") => SignatureVersion::V2,
        Some("v4a") => SignatureVersion::V4a,
        _ => SignatureVersion::V4,
    };
    Ok(b.addressing_style(style)?.signature_version(version))
}

fn presign(m: &ArgMatches) -> Result<String, Failure> {
    let (bucket, key) = parse::parse_target(
        m.get_one::<String>("target")
            .map(String::as_str)
            .unwrap_or(""),
    )?;
    let profile = config::load_profile(m.get_one::<String>("profile").map(String::as_str))?;
    let creds = config::credentials(&profile)?;
    let b = bucket_for(m, bucket, &profile)?;
    let method = m
        .get_one::<String>("method")
        .map(String::as_str)
        .unwrap_or("GET");
    let mut req = b.request(method, key);
    for (n, v) in pairs(m, "query", '=', "NAME=VALUE")? {
        req = req.query(n, v);
    }
    let headers = pairs(m, "header", ':', "'Name: value'")?;
    for (n, v) in &headers {
        req = req.header(*n, *v);
    }
    let (mut req, pinned) = apply_pins(m, req)?;
    if m.get_flag("once") {
        if m.get_one::<String>("signature-version").map(String::as_str) == Some("v2") {
            return Err(Failure::usage(
                "--once needs SigV4: SigV2 does not sign the x-awssig-once parameter (drop --signature-version v2)",
            ));
        }
        req = req.once(nonce()?);
    }
    let expires = m.get_one::<u64>("expires-in").copied().unwrap_or(3600);
    let clamp = m.get_flag("clamp");
    if clamp {
        req = req.expiry_policy(ExpiryPolicy::Clamp);
    }
    let time = signing_time(m)?;
    let signed = req
        .presign_detailed(&creds, time, expires)
        .map_err(expiry_failure)?;
    if clamp {
        report_expiry(later(time, expires), signed.expires_at());
    }
    if !headers.is_empty() || pinned {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "# send these headers with the URL:");
        for (n, v) in signed.headers() {
            let _ = writeln!(err, "{n}: {v}");
        }
    }
    Ok(signed.into_url())
}

/// 16 bytes from the operating system's random source (the nonce of a
/// one-time link: it only has to be unique).
fn nonce() -> Result<[u8; 16], Failure> {
    use std::io::Read as _;
    let mut n = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut n))
        .map_err(|e| Failure::other(format!("--once needs a random nonce: /dev/urandom: {e}")))?;
    Ok(n)
}

/// One presigned step as JSON: method, URL and the headers to send.
fn step_json(method: &str, signed: &awssig::s3::PresignedUrl) -> serde_json::Value {
    let headers: serde_json::Map<String, serde_json::Value> = signed
        .headers()
        .iter()
        .map(|(n, v)| (n.clone(), serde_json::Value::from(v.as_str())))
        .collect();
    serde_json::json!({"method": method, "url": signed.url(), "headers": headers})
}

fn multipart(m: &ArgMatches) -> Result<String, Failure> {
    let (bucket, key) = parse::parse_target(
        m.get_one::<String>("target")
            .map(String::as_str)
            .unwrap_or(""),
    )?;
    if key.is_empty() {
        return Err(Failure::usage(
            "multipart needs an object: s3://BUCKET/KEY with a KEY",
        ));
    }
    let profile = config::load_profile(m.get_one::<String>("profile").map(String::as_str))?;
    let creds = config::credentials(&profile)?;
    let b = bucket_for(m, bucket, &profile)?;
    let expires = m.get_one::<u64>("expires-in").copied().unwrap_or(3600);
    let policy = if m.get_flag("clamp") {
        ExpiryPolicy::Clamp
    } else {
        ExpiryPolicy::Refuse
    };
    let time = signing_time(m)?;
    let upload = b.multipart(key);
    let sign = |req: PresignRequest<'_>, method: &str| -> Result<serde_json::Value, Failure> {
        let signed = req
            .expiry_policy(policy)
            .presign_detailed(&creds, time, expires)
            .map_err(expiry_failure)?;
        Ok(step_json(method, &signed))
    };
    let Some(id) = m.get_one::<String>("upload-id") else {
        let mut create = upload.create();
        if let Some(t) = m.get_one::<String>("content-type") {
            create = create.content_type(t.as_str());
        }
        let out = serde_json::json!({"key": key, "create": sign(create, "POST")?});
        return Ok(out.to_string());
    };
    let size = m.get_one::<u64>("size").copied();
    let parts: Vec<(u16, Option<u64>)> = match (size, m.get_one::<u16>("parts").copied()) {
        (None, None) => {
            return Err(Failure::usage(
                "--upload-id needs --parts N (or --size BYTES to compute them)",
            ))
        }
        (None, Some(n)) => (1..=n).map(|i| (i, None)).collect(),
        (Some(total), n) => {
            let plan = match n {
                Some(n) => PartPlan::new(total, total.div_ceil(u64::from(n)).max(1))?,
                None => PartPlan::auto(total, 8 * 1024 * 1024)?,
            };
            if n.is_some_and(|n| n != plan.count()) {
                return Err(Failure::usage(format!(
                    "--size {total} in --parts {} gives {} parts of {} bytes; choose another --parts",
                    n.unwrap_or(0),
                    plan.count(),
                    plan.part_size()
                )));
            }
            plan.parts().map(|p| (p.number(), Some(p.len()))).collect()
        }
    };
    let mut part_urls = Vec::with_capacity(parts.len());
    for (number, len) in parts {
        let mut req = upload.upload_part(id.as_str(), number);
        if let Some(len) = len {
            req = req.content_length(len);
        }
        let mut step = sign(req, "PUT")?;
        step["part_number"] = number.into();
        part_urls.push(step);
    }
    let out = serde_json::json!({
        "key": key,
        "upload_id": id,
        "parts": part_urls,
        "complete": sign(upload.complete(id.as_str()), "POST")?,
        "abort": sign(upload.abort(id.as_str()), "DELETE")?,
        "list_parts": sign(upload.list_parts(id.as_str()), "GET")?,
    });
    Ok(out.to_string())
}

fn post(m: &ArgMatches) -> Result<String, Failure> {
    let (bucket, key) = parse::parse_target(
        m.get_one::<String>("target")
            .map(String::as_str)
            .unwrap_or(""),
    )?;
    let conditions = m
        .get_many::<String>("condition")
        .into_iter()
        .flatten()
        .map(|c| parse::parse_condition(c))
        .collect::<Result<Vec<_>, _>>()?;
    let fields = pairs(m, "field", '=', "NAME=VALUE")?;
    if m.get_one::<String>("signature-version").map(String::as_str) == Some("v4a")
        || bucket.starts_with("arn:")
    {
        return Err(Failure::usage(
            "POST forms are signed with v4 or v2; SigV4A (v4a, multi-region access points) signs presigned URLs and headers",
        ));
    }
    let profile = config::load_profile(m.get_one::<String>("profile").map(String::as_str))?;
    let creds = config::credentials(&profile)?;
    let b = bucket_for(m, bucket, &profile)?;
    let expires = m.get_one::<u64>("expires-in").copied().unwrap_or(3600);
    let clamp = m.get_flag("clamp");
    let mut policy = b.post_policy(key).expires_in(expires);
    if clamp {
        policy = policy.expiry_policy(ExpiryPolicy::Clamp);
    }
    for (n, v) in fields {
        policy = policy.field(n, v);
    }
    for c in conditions {
        policy = policy.condition(c);
    }
    let time = signing_time(m)?;
    let form = match m.get_one::<String>("signature-version").map(String::as_str) {
        Some("v2") => policy.sign_v2(&creds, time),
        _ => policy.sign_v4(&creds, time),
    }
    .map_err(expiry_failure)?;
    if clamp {
        report_expiry(later(time, expires), form.expiration());
    }
    Ok(parse::post_output(form.url(), form.fields()))
}

/// `scheme://Host:port/path?query` → (scheme, host as signed, path, query).
pub(crate) fn split_url(url: &str) -> Result<(bool, String, &str, &str), Failure> {
    let bad = || {
        Failure::usage(format!(
            "--url {url:?} is not an http(s) URL; write e.g. https://bucket.s3.amazonaws.com/key"
        ))
    };
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    let https = match scheme.to_ascii_lowercase().as_str() {
        "https" => true,
        "http" => false,
        _ => return Err(bad()),
    };
    let rest = rest.split('#').next().unwrap_or("");
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let mut host = rest[..end].to_ascii_lowercase();
    if host.is_empty() {
        return Err(bad());
    }
    let default = if https { ":443" } else { ":80" };
    if host.ends_with(default) {
        host.truncate(host.len() - default.len());
    }
    let target = &rest[end..];
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Ok((https, host, if path.is_empty() { "/" } else { path }, query))
}

fn sign(m: &ArgMatches) -> Result<String, Failure> {
    let url = m.get_one::<String>("url").map(String::as_str).unwrap_or("");
    let method = m
        .get_one::<String>("method")
        .map(String::as_str)
        .unwrap_or("GET");
    let (_, host, path, query) = split_url(url)?;
    let profile = config::load_profile(m.get_one::<String>("profile").map(String::as_str))?;
    let creds = config::credentials(&profile)?;
    let region = config::region(m.get_one::<String>("region").map(String::as_str), &profile);
    let service = m
        .get_one::<String>("service")
        .map(String::as_str)
        .unwrap_or("s3");
    let user_headers = pairs(m, "header", ':', "'Name: value'")?;
    // A `Host` header given is signed as given (trimmed, case kept, as
    // botocore does); otherwise the URL's host, lowercase.
    let mut headers: Vec<(&str, &str)> = Vec::new();
    if !user_headers
        .iter()
        .any(|(n, _)| n.trim().eq_ignore_ascii_case("host"))
    {
        headers.push(("host", host.as_str()));
    }
    headers.extend(user_headers.iter().copied());
    let time = signing_time(m)?;
    let mut out = String::new();
    if m.get_one::<String>("signature-version").map(String::as_str) == Some("v2") {
        let resource = match m.get_one::<String>("bucket") {
            Some(b) => format!("/{b}{path}"),
            None => path.to_string(),
        };
        let signer = awssig::v2::Signer::new(creds);
        let req = awssig::v2::Request::new(method, &resource)
            .raw_query(query)
            .headers(&user_headers);
        for (n, v) in signer.sign_headers(&req, time)?.iter() {
            out.push_str(&format!("{}: {v}\n", header_case(n)));
        }
    } else {
        let body;
        let payload = if let Some(h) = m.get_one::<String>("payload-sha256") {
            Payload::Sha256Hex(h)
        } else if let Some(f) = m.get_one::<String>("payload-file") {
            body = std::fs::read(f)
                .map_err(|e| Failure::other(format!("cannot read --payload-file {f:?}: {e}")))?;
            Payload::Bytes(&body)
        } else if m.get_flag("unsigned-payload") {
            Payload::Unsigned
        } else {
            Payload::Empty
        };
        let v4a = m.get_one::<String>("signature-version").map(String::as_str) == Some("v4a");
        // SigV4A's region is the region set: every region unless given.
        let region = match m.get_one::<String>("region") {
            None if v4a => "*".to_string(),
            _ => region,
        };
        let settings = if service == "s3" {
            SigningSettings::s3(region)
        } else {
            SigningSettings::new(service, region)
        };
        let req = Request::new(method, path)
            .raw_query(query)
            .headers(&headers)
            .payload(payload);
        let signed = if v4a {
            awssig::v4a::Signer::new(creds, settings)?.sign_headers(&req, time)?
        } else {
            Signer::new(creds, settings)?.sign_headers(&req, time)?
        };
        for (n, v) in signed.iter() {
            out.push_str(&format!("{}: {v}\n", header_case(n)));
        }
    }
    out.pop();
    Ok(out)
}

/// `x-amz-date` → `X-Amz-Date`, for display.
fn header_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut up = true;
    for c in name.chars() {
        out.push(if up { c.to_ascii_uppercase() } else { c });
        up = c == '-';
    }
    out.replace("Sha256", "SHA256")
}

fn credentials(m: &ArgMatches) -> Result<String, Failure> {
    use awssig::credentials::process;
    let profile = config::load_profile(m.get_one::<String>("profile").map(String::as_str))?;
    let resolved = config::resolve(&profile)?;
    let creds = &resolved.credentials;
    let out = match m.get_one::<String>("format").map(String::as_str) {
        Some("env") => process::write_env_exports(creds).trim_end().to_string(),
        Some("json") => {
            let mut doc = serde_json::json!({
                "Version": 1,
                "AccessKeyId": creds.access_key_id(),
                "SecretAccessKey": creds.secret_access_key(),
            });
            if let Some(token) = creds.session_token() {
                doc["SessionToken"] = token.into();
            }
            if let Some(end) = creds.expires_at() {
                doc["Expiration"] = end.rfc3339().into();
            }
            doc["Source"] = resolved.source.clone().into();
            serde_json::to_string_pretty(&doc).map_err(|e| Failure::other(e.to_string()))?
        }
        _ => process::write_process_json(creds).trim_end().to_string(),
    };
    Ok(out)
}

fn verify(m: &ArgMatches) -> Result<String, Failure> {
    let url = m.get_one::<String>("url").map(String::as_str).unwrap_or("");
    let method = m
        .get_one::<String>("method")
        .map(String::as_str)
        .unwrap_or("GET");
    let headers = pairs(m, "header", ':', "'Name: value'")?;
    let profile = config::load_profile(m.get_one::<String>("profile").map(String::as_str))?;
    let creds = config::credentials(&profile)?;
    let mut domains: Vec<String> = m
        .get_many::<String>("domain")
        .into_iter()
        .flatten()
        .map(|d| d.trim().trim_matches('.').to_ascii_lowercase())
        .collect();
    if let Some(ep) = config::endpoint(
        m.get_one::<String>("endpoint-url").map(String::as_str),
        &profile,
    ) {
        domains.push(Endpoint::parse(&ep)?.host().to_ascii_lowercase());
    }
    let host = request_host(url, &headers);
    // SigV2 signs /bucket/key, so the bucket of a virtual-hosted URL must
    // come from its host: under a known domain, the labels before it.
    // Any other host is checked as path style (not guessed as a CNAME).
    let known = host
        .as_deref()
        .is_some_and(|h| under_known_domain(h, &domains));
    let mut verifier = Verifier::s3();
    if known {
        verifier = domains.iter().fold(verifier.aws_s3_domains(), |v, d| {
            v.virtual_host_domain(d.clone())
        });
    }
    if let Some(r) = m.get_one::<String>("region") {
        verifier = verifier.region(r.clone());
    }
    let lookup =
        |id: &str| (id == creds.access_key_id()).then(|| creds.secret_access_key().to_string());
    let req = Incoming::new(method, url, &headers);
    let ok = verifier
        .verify(&req, signing_time(m)?, lookup)
        .map_err(|e| {
            // The library names its setting; say the flag instead.
            let flag = match host.as_deref().and_then(|h| h.split_once('.')) {
                Some((_, parent)) if parent.contains('.') && !known => {
                    format!("with --domain {parent} or the --endpoint-url it was made for")
                }
                _ => "with --domain or --endpoint-url".to_string(),
            };
            let msg = format!(
                "invalid: {}: {}",
                e.s3_code().map(|c| c.as_str()).unwrap_or("error"),
                e.to_string()
                    .replace("(Verifier::virtual_host_domain)", &flag)
            );
            Failure::other(msg)
        })?;
    let until = ok
        .expires_at()
        .map(|t| format!(", valid until {t}"))
        .unwrap_or_default();
    Ok(format!(
        "valid: signed by {} at {}{until}, signed headers {}",
        ok.access_key_id(),
        ok.signed_at(),
        ok.signed_headers().as_str()
    ))
}

/// The request's host, lowercase and without its port: the `Host` header,
/// else the URL's authority.
fn request_host(url: &str, headers: &[(&str, &str)]) -> Option<String> {
    let authority = match headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("host")) {
        Some((_, v)) => v.trim(),
        None => {
            let rest = url.split_once("://")?.1;
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let a = &rest[..end];
            a.rsplit('@').next().unwrap_or(a)
        }
    };
    let name = if authority.starts_with('[') {
        authority.find(']').map_or(authority, |i| &authority[..=i])
    } else {
        match authority.rsplit_once(':') {
            Some((n, port)) if port.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => authority,
        }
    };
    Some(name.to_ascii_lowercase()).filter(|h| !h.is_empty())
}

/// Whether `host` is, or is under, AWS's domains or one of `domains`.
fn under_known_domain(host: &str, domains: &[String]) -> bool {
    let under = |d: &str| {
        !d.is_empty()
            && (host == d
                || host
                    .strip_suffix(d)
                    .is_some_and(|b| b.len() > 1 && b.ends_with('.')))
    };
    under("amazonaws.com") || under("amazonaws.com.cn") || domains.iter().any(|d| under(d))
}

fn main() -> ExitCode {
    let matches = match cli().try_get_matches() {
        Ok(m) => m,
        Err(e) if !e.use_stderr() => {
            // --help and --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // One line: clap's first line names the problem; point at --help.
            let text = e.render().to_string();
            let mut lines = text.lines();
            let mut first = lines
                .next()
                .unwrap_or("invalid arguments")
                .trim_start_matches("error: ")
                .to_string();
            // "the following required arguments were not provided:" lists
            // them on the lines below: name them on the one line.
            if first.ends_with(':') {
                let listed: Vec<&str> =
                    lines.map(str::trim).take_while(|l| !l.is_empty()).collect();
                first = format!("{first} {}", listed.join(", "));
            }
            eprintln!("awssig: {first} (see awssig --help, or awssig <subcommand> --help)");
            return ExitCode::from(2);
        }
    };
    let result = match matches.subcommand() {
        Some(("presign", m)) => presign(m),
        Some(("post", m)) => post(m),
        Some(("multipart", m)) => multipart(m),
        Some(("sign", m)) => sign(m),
        Some(("verify", m)) => verify(m),
        Some(("credentials", m)) => credentials(m),
        Some(("explain", m)) => explain::explain(m),
        Some(("rds-token", m)) => tokens::rds(m),
        Some(("dsql-token", m)) => tokens::dsql(m),
        Some(("eks-token", m)) => tokens::eks(m),
        Some(("elasticache-token", m)) => tokens::elasticache(m),
        Some(("memorydb-token", m)) => tokens::memorydb(m),
        _ => Err(Failure::usage("unknown subcommand; see awssig --help")),
    };
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprintln!("awssig: {}", f.message);
            ExitCode::from(if f.usage { 2 } else { 1 })
        }
    }
}
