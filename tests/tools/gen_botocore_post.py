#!/usr/bin/env python3
"""Generate a corpus of S3 browser-POST forms made by botocore's
``generate_presigned_post`` (SigV4 and SigV2).

The Rust tests of the `awssig` crate (tests/vectors/post_botocore.rs) rebuild every
case through the public API and compare the URL, the form fields, the policy
JSON (byte for byte) and the signature.

How to run (from the repository root)::

    python3 -m venv /tmp/bc-post
    /tmp/bc-post/bin/pip install boto3==1.44.5 botocore==1.44.5
    /tmp/bc-post/bin/python tests/tools/gen_botocore_post.py > tests/data/botocore/post.json

awscrt must NOT be installed (the script asserts ``HAS_CRT is False``), and
the pinned versions are checked.

What the script does:

* clears every ``AWS_*``/``BOTO_*`` environment variable and points the AWS
  config and credentials files at ``/dev/null``;
* freezes the clock: ``get_current_datetime`` is replaced in
  ``botocore.compat``, ``botocore.auth`` and ``botocore.signers`` (they import
  it by name), and ``time.time`` is frozen too while a case runs (SigV2 reads
  it; the POST signer for SigV2 does not in this version, but nothing is left
  to chance);
* forbids all network access;
* re-derives every signature from the recorded policy with a small
  independent SigV4 / SigV2 implementation, and checks that the policy is
  ``json.dumps`` of the recorded decoded policy.

Output: one JSON object on stdout, pretty-printed, keys sorted, ASCII only,
a trailing newline. Lists keep their order: ``fields`` (input and output) are
lists of ``[name, value]`` pairs in the order botocore returned them, and
``conditions`` are in the order given. Two runs give identical bytes.
"""

import os
import sys

for _name in list(os.environ):
    if _name.startswith(("AWS_", "BOTO_")):
        del os.environ[_name]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

import socket


def _no_network(*_args, **_kwargs):
    raise RuntimeError("gen_botocore_post: network access attempted")


socket.socket.connect = _no_network
socket.socket.connect_ex = _no_network
socket.create_connection = _no_network
socket.getaddrinfo = _no_network

import base64
import datetime as dt
import hashlib
import hmac
import json
import time as _time

import boto3
import botocore
import botocore.auth
import botocore.compat
import botocore.endpoint
import botocore.session
import botocore.signers
import botocore.utils
from botocore.config import Config

PINNED = "1.44.5"
assert botocore.__version__ == PINNED, botocore.__version__
assert boto3.__version__ == PINNED, boto3.__version__
assert botocore.compat.HAS_CRT is False, "uninstall awscrt"

_NOW = [None]


def _frozen_get_current_datetime(remove_tzinfo=True):
    now = _NOW[0]
    if now is None:
        raise RuntimeError("botocore read the clock outside a case")
    if remove_tzinfo:
        return now
    return now.replace(tzinfo=dt.timezone.utc)


for _mod in (botocore.compat, botocore.auth, botocore.signers,
             botocore.utils, botocore.endpoint):
    if hasattr(_mod, "get_current_datetime"):
        _mod.get_current_datetime = _frozen_get_current_datetime
assert botocore.signers.get_current_datetime is _frozen_get_current_datetime
assert botocore.auth.get_current_datetime is _frozen_get_current_datetime

_real_time = _time.time


def _frozen_time():
    now = _NOW[0]
    if now is None:
        return _real_time()
    return now.replace(tzinfo=dt.timezone.utc).timestamp()


_time.time = _frozen_time


def _refuse(*_args, **_kwargs):
    raise RuntimeError("gen_botocore_post: botocore tried to send a request")


botocore.endpoint.Endpoint._send = _refuse

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
CREDS = {
    "static": (AKID, SECRET, None),
    "token-a": (
        "ASIAIOSFODNN7EXAMPLE",
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "IQoJb3JpZ2luX2VjEA0aCXVzLWVhc3QtMSJIMEYCIQD/Ab+cD=/x+y//z==",
    ),
    "token-b": (
        AKID,
        SECRET,
        "FwoGZXIvYXdzEBYaDGFiY2RlZmdoaWprbCKwAT+/q9x8p/W0s+Lk7m3N4oP5qR6sT7u"
        "V8wX9yZ0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2yZ3a+b/c=d==",
    ),
}

DEFAULT_TIME = "2024-05-01T12:34:56Z"

_SESSION = boto3.session.Session(botocore_session=botocore.session.Session())
_SESSION._session.register("before-send", _refuse)
_CLIENTS = {}


def get_client(sigv, region, endpoint_url, style, creds):
    k = (sigv, region, endpoint_url, style, creds)
    c = _CLIENTS.get(k)
    if c is None:
        akid, secret, token = CREDS[creds]
        c = _SESSION.client(
            "s3", region_name=region, endpoint_url=endpoint_url,
            aws_access_key_id=akid, aws_secret_access_key=secret,
            aws_session_token=token,
            config=Config(signature_version=sigv,
                          s3={"addressing_style": style}))
        c.meta.events.register("before-send", _refuse)
        _CLIENTS[k] = c
    return c


def parse_time(text):
    body = text[:-1]
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in body else "%Y-%m-%dT%H:%M:%S"
    return dt.datetime.strptime(body, fmt)


CASES = []
_NAMES = set()


def add(name, *, sigv="s3v4", bucket="post-bucket", key="uploads/file.txt",
        region="us-east-1", endpoint_url=None, style="virtual",
        fields=(), conditions=(), expires_in=3600, time=DEFAULT_TIME,
        creds="static"):
    assert name not in _NAMES, name
    _NAMES.add(name)
    akid, secret, token = CREDS[creds]
    client = get_client(sigv, region, endpoint_url, style, creds)
    now = parse_time(time)
    _NOW[0] = now
    try:
        out = client.generate_presigned_post(
            Bucket=bucket, Key=key, Fields=dict(fields),
            Conditions=[json.loads(json.dumps(c)) for c in conditions],
            ExpiresIn=expires_in)
    finally:
        _NOW[0] = None
    out_fields = [[k, v] for k, v in out["fields"].items()]
    d = dict(out["fields"])
    policy_b64 = d["policy"]
    policy_json = base64.b64decode(policy_b64).decode("utf-8")
    policy = json.loads(policy_json)
    assert json.dumps(policy) == policy_json, name
    whole = now.replace(microsecond=0)
    exp = (whole + dt.timedelta(seconds=expires_in)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    assert policy["expiration"] == exp, (name, policy["expiration"], exp)
    case = {
        "name": name,
        "signature_version": sigv,
        "bucket": bucket,
        "key": key,
        "region": region,
        "endpoint_url": endpoint_url,
        "addressing_style": style,
        "fields_in": [[k, v] for k, v in fields],
        "conditions_in": [list(c) if isinstance(c, (list, tuple)) else c
                          for c in conditions],
        "expires_in": expires_in,
        "time": whole.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "access_key_id": akid,
        "secret_access_key": secret,
        "session_token": token,
        "url": out["url"],
        "fields": out_fields,
        "policy_json": policy_json,
        "policy": policy,
    }
    check(case, d)
    CASES.append(case)


def check(case, d):
    """Independent re-derivation of the signature from the recorded policy."""
    b64 = d["policy"]
    if case["signature_version"] == "s3v4":
        date = case["time"][:10].replace("-", "")
        k = ("AWS4" + case["secret_access_key"]).encode()
        for part in (date, case["region"], "s3", "aws4_request"):
            k = hmac.new(k, part.encode(), hashlib.sha256).digest()
        sig = hmac.new(k, b64.encode(), hashlib.sha256).hexdigest()
        assert d["x-amz-signature"] == sig, case["name"]
        assert d["x-amz-credential"] == (
            f"{case['access_key_id']}/{date}/{case['region']}/s3/aws4_request")
    else:
        sig = base64.b64encode(hmac.new(
            case["secret_access_key"].encode(), b64.encode(),
            hashlib.sha1).digest()).decode()
        assert d["signature"] == sig, case["name"]


def build():
    # 1. Regions x styles x versions, plain key, a few conditions.
    for sigv in ("s3v4", "s3"):
        for region in ("us-east-1", "eu-west-1", "ap-southeast-1",
                       "cn-north-1", "us-gov-west-1"):
            for style in ("virtual", "path"):
                add(f"{sigv}-region-{region}-{style}", sigv=sigv,
                    region=region, style=style,
                    fields=[["acl", "private"]],
                    conditions=[{"acl": "private"},
                                ["content-length-range", 1, 10485760]])

    # 2. Every condition type, both versions, with and without a token.
    every = [
        {"acl": "public-read"},
        ["eq", "$acl", "public-read"],
        ["starts-with", "$Content-Type", "image/"],
        ["starts-with", "$x-amz-meta-tag", ""],
        ["content-length-range", 0, 5368709120],
        {"success_action_status": "201"},
        {"success_action_redirect": "https://example.com/done?x=1&y=2"},
        {"redirect": "https://example.com/legacy"},
        {"x-amz-meta-uuid": "14365123651274"},
        {"Cache-Control": "max-age=3600"},
        ["eq", "$Content-Disposition", "attachment; filename=\"a b.jpg\""],
        {"x-amz-server-side-encryption": "AES256"},
        {"x-amz-storage-class": "STANDARD_IA"},
        ["starts-with", "$key", "uploads/"],
    ]
    every_fields = [
        ["acl", "public-read"],
        ["Content-Type", "image/png"],
        ["x-amz-meta-tag", "holiday"],
        ["success_action_status", "201"],
        ["success_action_redirect", "https://example.com/done?x=1&y=2"],
        ["redirect", "https://example.com/legacy"],
        ["x-amz-meta-uuid", "14365123651274"],
        ["Cache-Control", "max-age=3600"],
        ["Content-Disposition", "attachment; filename=\"a b.jpg\""],
        ["x-amz-server-side-encryption", "AES256"],
        ["x-amz-storage-class", "STANDARD_IA"],
    ]
    for sigv in ("s3v4", "s3"):
        for creds in ("static", "token-a", "token-b"):
            add(f"{sigv}-every-condition-{creds}", sigv=sigv, creds=creds,
                region="eu-west-1", fields=every_fields, conditions=every)

    # 3. ${filename} keys and unicode/awkward keys.
    keys = [
        ("filename-prefix", "uploads/${filename}"),
        ("filename-only", "${filename}"),
        ("filename-unicode-prefix", "caf\u00e9/r\u00e9sum\u00e9s/${filename}"),
        ("filename-not-at-end", "${filename}/x.txt"),
        ("unicode-nfc", "caf\u00e9/r\u00e9sum\u00e9.pdf"),
        ("unicode-nfd", "cafe\u0301/re\u0301sume\u0301.pdf"),
        ("emoji", "party/\U0001F389\U0001F600.png"),
        ("cjk", "\u6587\u6863/\u65e5\u672c\u8a9e.txt"),
        ("quotes-backslash", "a \"quoted\" back\\slash/key.txt"),
        ("tab-and-controls", "tab\there\u0001\u001f\u007f.txt"),
        ("html-specials", "<script>&amp;'x'</script>.txt"),
        ("slash-and-plus", "/lead//a+b=c&d.txt"),
    ]
    for slug, key in keys:
        for sigv in ("s3v4", "s3"):
            add(f"{sigv}-key-{slug}", sigv=sigv, key=key,
                creds="token-a" if slug.startswith("filename") else "static",
                conditions=[["starts-with", "$Content-Type", ""]])
    # A user starts-with $key next to a ${filename} key: no de-duplication.
    add("s3v4-filename-plus-user-key-condition", key="u/${filename}",
        conditions=[["starts-with", "$key", "u/"]])

    # 4. Awkward condition values (escaping).
    weird = ("tab\there \"quoted\" back\\slash \u0001\u001f\u007f "
             "\u00e9\u20ac \U0001F389 /slash </script>")
    for sigv in ("s3v4", "s3"):
        add(f"{sigv}-escaping-values", sigv=sigv,
            fields=[["x-amz-meta-note", weird]],
            conditions=[{"x-amz-meta-note": weird},
                        ["starts-with", "$x-amz-meta-other", weird],
                        ["eq", "$x-amz-meta-third", "\u00ff\u0100\uffff"]])

    # 5. Custom endpoints and fallbacks.
    endpoints = [
        ("minio-ipv4", "http://127.0.0.1:9000", "us-east-1", "minio-bucket"),
        ("https-port", "https://minio.example.com:9443", "eu-west-1",
         "files"),
        ("default-port-mixed-case", "https://Minio.Example.com:443",
         "us-east-1", "files"),
        ("ipv6", "http://[::1]:9000", "us-east-1", "v6-bucket"),
        ("path-prefix", "https://h.example.com:9443/prefix", "us-west-2",
         "prefixed"),
        ("r2", "https://0123456789abcdef0123456789abcdef"
         ".r2.cloudflarestorage.com", "auto", "r2-bucket"),
        ("dotted-bucket-http", "http://minio.local:9000", "us-east-1",
         "my.bucket"),
    ]
    for slug, url, region, bucket in endpoints:
        for style in ("virtual", "path"):
            for sigv in ("s3v4", "s3"):
                add(f"{sigv}-endpoint-{slug}-{style}", sigv=sigv, bucket=bucket,
                    region=region, endpoint_url=url, style=style,
                    key="in/${filename}",
                    conditions=[["content-length-range", 0, 1048576]])
    for slug, bucket, region in (("dotted-https", "my.dotted.bucket",
                                  "eu-west-1"),
                                 ("underscore", "my_bucket", "us-west-2")):
        for sigv in ("s3v4", "s3"):
            add(f"{sigv}-virtual-fallback-{slug}", sigv=sigv, bucket=bucket,
                region=region, style="virtual")

    # 6. Expiries and times (sub-second truncation, leap day, year end).
    for exp in (1, 60, 3600, 86400, 604800):
        add(f"s3v4-expires-{exp}", expires_in=exp)
    add("s3-expires-30-days", sigv="s3", expires_in=2592000)
    for slug, t in (("subsecond-truncated", "2024-12-31T23:59:59.999999Z"),
                    ("leap-day", "2024-02-29T23:59:59Z"),
                    ("y2k", "2000-01-01T00:00:00Z")):
        for sigv in ("s3v4", "s3"):
            add(f"{sigv}-time-{slug}", sigv=sigv, time=t, expires_in=3600)

    # 7. The S3 documentation example's inputs (a different policy layout
    #    than the doc's hand-written one, same date and credentials).
    add("s3v4-doc-example-inputs", bucket="sigv4examplebucket",
        key="user/user1/${filename}", time="2015-12-29T00:00:00Z",
        expires_in=129600,
        fields=[["acl", "public-read"],
                ["success_action_redirect",
                 "http://sigv4examplebucket.s3.amazonaws.com/"
                 "successful_upload.html"],
                ["Content-Type", "image/jpeg"],
                ["x-amz-meta-uuid", "14365123651274"],
                ["x-amz-server-side-encryption", "AES256"],
                ["x-amz-meta-tag", ""]],
        conditions=[{"acl": "public-read"},
                    {"success_action_redirect":
                     "http://sigv4examplebucket.s3.amazonaws.com/"
                     "successful_upload.html"},
                    ["starts-with", "$Content-Type", "image/"],
                    {"x-amz-meta-uuid": "14365123651274"},
                    {"x-amz-server-side-encryption": "AES256"},
                    ["starts-with", "$x-amz-meta-tag", ""]])


def main():
    build()
    # Spot checks of what botocore-behaviour.md says.
    by = {c["name"]: c for c in CASES}
    assert by["s3v4-region-eu-west-1-virtual"]["url"] == \
        "https://post-bucket.s3.eu-west-1.amazonaws.com/"
    assert by["s3v4-region-eu-west-1-path"]["url"] == \
        "https://s3.eu-west-1.amazonaws.com/post-bucket"
    names = [k for k, _ in by["s3v4-every-condition-token-a"]["fields"]]
    assert names[-6:] == ["key", "x-amz-algorithm", "x-amz-credential",
                          "x-amz-date", "x-amz-security-token", "policy"] \
        or names[-7:-1] == ["key", "x-amz-algorithm", "x-amz-credential",
                            "x-amz-date", "x-amz-security-token", "policy"]
    out = {
        "generator": "tests/tools/gen_botocore_post.py",
        "boto3": boto3.__version__,
        "botocore": botocore.__version__,
        "python": sys.version.split()[0],
        "has_crt": botocore.compat.HAS_CRT,
        "cases": CASES,
    }
    sys.stdout.write(json.dumps(out, indent=1, sort_keys=True,
                                ensure_ascii=True) + "\n")
    print(f"{len(CASES)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
