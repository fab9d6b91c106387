//! What S3 refuses besides a wrong signature, sent to the real server and
//! checked with awssig's own verifier on the same request: `x-amz-*`
//! headers the signature does not cover (403 `AccessDenied`, S3's
//! `<HeadersNotSigned>`), and the exemptions S3 makes. The body checks
//! are in `body.rs`.
//!
//! Each row first asks [`awssig::verify::Verifier`] (which must answer as
//! S3 does), then the server. A server that accepts what S3 refuses fails
//! the row; the server's limits list it with the reason, printed as
//! `LIMIT`.

use awssig::verify::{Incoming, Verifier};
use awssig::S3ErrorCode;

use super::{as_refs, expect, expect_2xx, now, row, Ctx, Row, Style, BODY};

/// awssig's verdict on a request, with the server's secret.
pub(super) fn awssig_verdict(
    ctx: &Ctx,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
) -> awssig::Result<awssig::verify::Verified> {
    let secret = ctx.server.secret_key.clone();
    let id = ctx.server.access_key.clone();
    // The host comes from the absolute URL, as the client sends it.
    Verifier::s3().verify(
        &Incoming::new(method, url, headers),
        now(),
        move |k: &str| (k == id).then(|| secret.clone()),
    )
}

/// awssig must refuse with AccessDenied naming exactly `names`.
fn awssig_refuses_unsigned(
    verdict: awssig::Result<awssig::verify::Verified>,
    names: &[&str],
) -> Result<(), String> {
    match verdict {
        Ok(_) => Err("awssig's verifier accepted it".into()),
        Err(e)
            if e.s3_code() == Some(S3ErrorCode::AccessDenied)
                && e.headers_not_signed() == names =>
        {
            Ok(())
        }
        Err(e) => Err(format!(
            "awssig's verifier: {:?} {e} (headers not signed {:?})",
            e.s3_code(),
            e.headers_not_signed()
        )),
    }
}

/// The server must answer 403 AccessDenied, as S3 does.
fn server_refuses(r: &super::Resp, what: &str) -> Result<(), String> {
    if r.status == 403 && r.code() == "AccessDenied" {
        return Ok(());
    }
    Err(format!(
        "{what}: S3 answers 403 AccessDenied (HeadersNotSigned); the server answered {}",
        r.brief()
    ))
}

pub fn refusal_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    rows.push(row(
        "unsigned x-amz-*: S3 refuses presigned PUT with unsigned x-amz-acl and x-amz-meta-*",
        |ctx| {
            let key = "refuse/unsigned-acl.bin";
            let url = ctx.presign(ctx.path.put(key))?;
            let added = [
                ("x-amz-acl", "public-read"),
                ("x-amz-meta-owner", "mallory"),
            ];
            awssig_refuses_unsigned(
                awssig_verdict(ctx, "PUT", &url, &added),
                &["x-amz-acl", "x-amz-meta-owner"],
            )?;
            let r = ctx.send("PUT", &url, &added, Some(BODY))?;
            server_refuses(&r, "PUT with unsigned x-amz-acl")
        },
    ));
    rows.push(row(
        "unsigned x-amz-*: S3 refuses presigned PUT turned into a copy by an unsigned x-amz-copy-source",
        |ctx| {
            // The object to steal, written by a request of its own.
            let secret_key = "refuse/secret.txt";
            let put = ctx.presign(ctx.path.put(secret_key))?;
            expect(
                &ctx.send("PUT", &put, &[], Some(b"the secret"))?,
                200,
                "PUT the source",
            )?;
            let key = "refuse/upload.bin";
            let url = ctx.presign(ctx.path.put(key))?;
            let source = format!("/{}/{secret_key}", ctx.bucket);
            let added = [("x-amz-copy-source", source.as_str())];
            awssig_refuses_unsigned(
                awssig_verdict(ctx, "PUT", &url, &added),
                &["x-amz-copy-source"],
            )?;
            let r = ctx.send("PUT", &url, &added, Some(b""))?;
            let copied = {
                let get = ctx.presign(ctx.path.get(key))?;
                let g = ctx.send("GET", &get, &[], None)?;
                g.status == 200 && g.body == b"the secret"
            };
            let what = if copied {
                "PUT with unsigned x-amz-copy-source (the server COPIED the other object)"
            } else {
                "PUT with unsigned x-amz-copy-source (the other object was not copied)"
            };
            server_refuses(&r, what)?;
            if copied {
                return Err("the server copied the object although it refused".into());
            }
            Ok(())
        },
    ));
    rows.push(row(
        "unsigned x-amz-*: S3 refuses header-signed PUT with an added unsigned x-amz-meta-* header",
        |ctx| {
            let key = "refuse/header.bin";
            let path = ctx.wire_path(Style::Path, key);
            let url = ctx.url(Style::Path, &path, "");
            let mut h = ctx.sign_v4(
                "PUT",
                Style::Path,
                &path,
                "",
                &[],
                awssig::v4::Payload::Unsigned,
            )?;
            h.push(("x-amz-meta-added".into(), "after signing".into()));
            let headers = as_refs(&h);
            awssig_refuses_unsigned(
                awssig_verdict(ctx, "PUT", &url, &headers),
                &["x-amz-meta-added"],
            )?;
            let r = ctx.send("PUT", &url, &headers, Some(BODY))?;
            server_refuses(&r, "header-signed PUT with an unsigned x-amz-meta-added")
        },
    ));
    rows.push(row(
        "unsigned x-amz-*: S3 accepts unsigned x-amzn-trace-id and x-amz-content-sha256 on a presigned PUT",
        |ctx| {
            let key = "refuse/exempt.bin";
            let url = ctx.presign(ctx.path.put(key))?;
            let added = [
                (
                    "x-amzn-trace-id",
                    "Root=1-5759e988-bd862e3fe1be46a994272793",
                ),
                ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
            ];
            awssig_verdict(ctx, "PUT", &url, &added)
                .map_err(|e| format!("awssig's verifier refused: {e}"))?;
            expect_2xx(&ctx.send("PUT", &url, &added, Some(BODY))?, "PUT")
        },
    ));
    rows
}
