//! Temporary credentials from the server's STS through
//! `awssig::credentials::sts` (the builders sign, the parsers read the
//! XML), then used: a presigned GET the server must accept. For servers
//! with STS (Ceph RGW: `rgw_s3_auth_use_sts`, its role
//! `AWSSIG_E2E_CEPH_ROLE_ARN` made by scripts/ceph-rgw.sh); s3s has none
//! (the "session token:" limit).

use awssig::credentials::sts::{AssumeRole, GetSessionToken, StsCredentials, StsEndpoint};
use awssig::credentials::{HttpRequest, HttpResponse};

use super::{expect, now, row, Ctx, Outcome, Row, BODY};

impl Ctx {
    fn sts_endpoint(&self) -> Result<StsEndpoint, String> {
        StsEndpoint::custom(&self.server.endpoint, &self.server.region).map_err(|e| e.to_string())
    }

    /// Sends a credential source's request to the server.
    fn send_source(&self, req: &HttpRequest) -> Result<super::Resp, String> {
        let headers: Vec<(&str, &str)> = req
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        self.send(req.method(), req.url(), &headers, Some(req.body()))
    }

    /// Lets the user call `sts:GetSessionToken` and `sts:AssumeRole`
    /// where the server wants an IAM user policy first (Ceph).
    fn allow_sts(&self) -> Outcome {
        let Some(user) = &self.server.sts_user else {
            return Ok(());
        };
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:GetSessionToken","sts:AssumeRole"],"Resource":"*"}]}"#;
        let r = self.query_api(
            "iam",
            &[
                ("Action", "PutUserPolicy"),
                ("Version", "2010-05-08"),
                ("UserName", user),
                ("PolicyName", "awssig-e2e-sts-builders"),
                ("PolicyDocument", policy),
            ],
        )?;
        expect(
            &r,
            200,
            "IAM PutUserPolicy (allow sts:GetSessionToken, sts:AssumeRole)",
        )
    }

    /// A presigned GET with `session`'s credentials must fetch `key`.
    fn get_with(&self, session: &StsCredentials, key: &str) -> Outcome {
        let creds = session.credentials();
        let end = creds.expires_at().ok_or("no expiry")?;
        let lead = end.unix() - now().unix();
        if !(600..=3700).contains(&lead) {
            return Err(format!("the session ends in {lead} s"));
        }
        let url = self
            .path
            .get(key)
            .presign(creds, now(), 300)
            .map_err(|e| e.to_string())?;
        let r = self.send("GET", &url, &[], None)?;
        expect(&r, 200, "presigned GET with the temporary credentials")?;
        if r.body != BODY {
            return Err("other bytes".into());
        }
        println!("    temporary access key {}", creds.access_key_id());
        Ok(())
    }
}

pub fn sts_builder_rows() -> Vec<Row> {
    vec![
        row(
            "session token: awssig's GetSessionToken builder and parser, then a presigned GET",
            |ctx| {
                ctx.allow_sts()?;
                let call = GetSessionToken::new().duration_seconds(900).map_err(|e| e.to_string())?;
                let req = call
                    .signed_request(&ctx.sts_endpoint()?, &ctx.creds, now())
                    .map_err(|e| e.to_string())?;
                let r = ctx.send_source(&req)?;
                let session = call
                    .parse_response(HttpResponse::new(r.status, &r.body))
                    .map_err(|e| e.to_string())?;
                let key = "sts/builder-session.txt";
                ctx.put_object(key, BODY)?;
                ctx.get_with(&session, key)
            },
        ),
        row(
            "session token: awssig's AssumeRole builder and parser (a Ceph role), then a presigned GET",
            |ctx| {
                ctx.allow_sts()?;
                let arn = std::env::var("AWSSIG_E2E_CEPH_ROLE_ARN")
                    .unwrap_or_else(|_| "arn:aws:iam:::role/awssig-e2e-role".into());
                let call = AssumeRole::new(arn, "awssig-e2e")
                    .and_then(|c| c.duration_seconds(3600))
                    .map_err(|e| e.to_string())?;
                let req = call
                    .signed_request(&ctx.sts_endpoint()?, &ctx.creds, now())
                    .map_err(|e| e.to_string())?;
                let r = ctx.send_source(&req)?;
                let session = call
                    .parse_response(HttpResponse::new(r.status, &r.body))
                    .map_err(|e| e.to_string())?;
                println!("    assumed {:?}", session.assumed_role_arn());
                let key = "sts/builder-role.txt";
                ctx.put_object(key, BODY)?;
                ctx.get_with(&session, key)
            },
        ),
        row(
            "session token: awssig's AssumeRole of a role that does not exist is an error naming STS's code",
            |ctx| {
                ctx.allow_sts()?;
                let call = AssumeRole::new("arn:aws:iam:::role/awssig-no-such-role", "awssig-e2e")
                    .map_err(|e| e.to_string())?;
                let req = call
                    .signed_request(&ctx.sts_endpoint()?, &ctx.creds, now())
                    .map_err(|e| e.to_string())?;
                let r = ctx.send_source(&req)?;
                let err = match call.parse_response(HttpResponse::new(r.status, &r.body)) {
                    Ok(s) => return Err(format!("credentials for a missing role: {s:?}")),
                    Err(e) => e.to_string(),
                };
                let want = format!(
                    "STS AssumeRole: the service refused the request: HTTP {}",
                    r.status
                );
                if !err.starts_with(&want) {
                    return Err(err);
                }
                println!("    {err}");
                Ok(())
            },
        ),
    ]
}
