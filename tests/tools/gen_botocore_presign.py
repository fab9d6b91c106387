#!/usr/bin/env python3
"""Generate a corpus of S3 SigV4 presigned URLs made by botocore.

The Rust tests of the `awssig` crate compare their own presigned URLs with
these byte for byte.

How to run (from the repository root)::

    python3 -m venv /tmp/bc
    /tmp/bc/bin/pip install boto3==1.44.5 botocore==1.44.5
    /tmp/bc/bin/python tests/tools/gen_botocore_presign.py > tests/data/botocore/presign-v4.json

awscrt must NOT be installed in that environment: with awscrt botocore may use
the CRT signers instead of the pure-Python ones in ``botocore.auth``.  The
script checks ``botocore.compat.HAS_CRT`` and refuses to run if it is true.
It also refuses to run with a boto3/botocore other than the pinned versions.

What the script does:

* clears every ``AWS_*``/``BOTO_*`` environment variable and points the AWS
  config and credentials files at ``/dev/null``, so that nothing from the
  caller's environment (regional-endpoint settings, dualstack, endpoint URL
  overrides, ...) changes the URLs;
* freezes botocore's clock: ``get_current_datetime`` is replaced in
  ``botocore.compat``, ``botocore.auth`` and ``botocore.signers`` (they import
  it by name, so patching botocore.compat alone is not enough), and also in
  ``botocore.utils`` and ``botocore.endpoint`` for good measure;
* forbids all network access (socket connect / DNS lookups raise, and a
  ``before-send`` hook raises): presigning never sends a request, and the
  script makes sure of it;
* wraps ``botocore.auth.S3SigV4QueryAuth.canonical_request`` to record the
  headers botocore actually signed (the values are what botocore put on the
  request, untrimmed), and the HTTP method;
* re-derives every signature independently from the recorded case fields
  (a small SigV4 implementation below) so the corpus is known to be
  self-sufficient, and asserts the AWS S3 documentation example signature.

Output: one JSON object on stdout, pretty-printed, keys sorted, ASCII only
(non-ASCII characters appear as \\uXXXX escapes, emoji as surrogate pairs), a
trailing newline.  Two runs give identical bytes.  Skipped cases (botocore
refused the input) are reported on stderr.

Note on ``params``: JSON keys are sorted in the output, so the order of the
``Params`` dict is not visible there.  botocore puts operation parameters in
the URL in the order of the ``Params`` dict; ``query`` records the order in
which they actually appear in the URL.
"""

import os
import sys

# --------------------------------------------------------------------------
# Isolate from the caller's environment *before* botocore is imported.
# --------------------------------------------------------------------------
for _name in list(os.environ):
    if _name.startswith(("AWS_", "BOTO_")):
        del os.environ[_name]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

# --------------------------------------------------------------------------
# No network, ever.
# --------------------------------------------------------------------------
import socket


def _no_network(*_args, **_kwargs):
    raise RuntimeError("gen_botocore_presign: network access attempted")


socket.socket.connect = _no_network
socket.socket.connect_ex = _no_network
socket.create_connection = _no_network
socket.getaddrinfo = _no_network

import datetime as dt
import hashlib
import hmac
import json
from urllib.parse import quote, unquote, urlsplit

import boto3
import botocore
import botocore.auth
import botocore.compat
import botocore.endpoint
import botocore.exceptions
import botocore.session
import botocore.signers
import botocore.utils
from botocore.config import Config

PINNED_BOTO3 = "1.44.5"
PINNED_BOTOCORE = "1.44.5"
GENERATOR = "tests/tools/gen_botocore_presign.py"

assert botocore.__version__ == PINNED_BOTOCORE, (
    f"botocore {botocore.__version__} installed, {PINNED_BOTOCORE} pinned"
)
assert boto3.__version__ == PINNED_BOTO3, (
    f"boto3 {boto3.__version__} installed, {PINNED_BOTO3} pinned"
)
assert botocore.compat.HAS_CRT is False, (
    "awscrt is installed; uninstall it so the pure-Python signers are used"
)

# --------------------------------------------------------------------------
# Frozen clock.
# --------------------------------------------------------------------------
_NOW = [None]  # naive UTC datetime of the case being generated


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
assert botocore.auth.get_current_datetime is _frozen_get_current_datetime
assert botocore.signers.get_current_datetime is _frozen_get_current_datetime
assert botocore.compat.get_current_datetime is _frozen_get_current_datetime

# --------------------------------------------------------------------------
# Capture what the pure-Python presigner signs.
# --------------------------------------------------------------------------
_CAPTURED = []
_orig_canonical_request = botocore.auth.S3SigV4QueryAuth.canonical_request


def _capturing_canonical_request(self, request):
    creq = _orig_canonical_request(self, request)
    headers = self.headers_to_sign(request)
    _CAPTURED.append({
        "method": request.method,
        "headers": [(k, v) for k, v in headers.items()],
        "canonical_request": creq,
        "region": self._region_name,
        "service": self._service_name,
    })
    return creq


botocore.auth.S3SigV4QueryAuth.canonical_request = _capturing_canonical_request


def _refuse_send(**_kwargs):
    raise RuntimeError("gen_botocore_presign: botocore tried to send a request")


def _refuse_endpoint_send(*_args, **_kwargs):
    raise RuntimeError("gen_botocore_presign: botocore tried to send a request")


botocore.endpoint.Endpoint._send = _refuse_endpoint_send

# --------------------------------------------------------------------------
# Tables.
# --------------------------------------------------------------------------
AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

# (slug, access key id, secret, session token)
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
CRED_CYCLE = ["static", "static", "token-a", "static", "token-b"]

DEFAULT_TIME = "2024-05-01T12:34:56Z"
DEFAULT_EXPIRES = 3600

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1",
           "sa-east-1", "cn-north-1", "us-gov-west-1"]
STYLES = ["virtual", "path"]

EXPIRIES = [1, 2, 60, 300, 900, 3600, 7200, 43200, 86400, 172800, 604799,
            604800]

# (slug, time string given to the frozen clock)
TIMES = [
    ("y2k", "2000-01-01T00:00:00Z"),
    ("new-year-eve-last-second", "2023-12-31T23:59:59Z"),
    ("new-year-first-second", "2024-01-01T00:00:00Z"),
    ("leap-day-last-second", "2024-02-29T23:59:59Z"),
    ("march-first", "2024-03-01T00:00:00Z"),
    ("month-end-april", "2024-04-30T23:59:59Z"),
    ("single-digit-fields", "2024-05-01T01:02:03Z"),
    # botocore truncates sub-second time (never rounds): the URL says
    # 20241231T235959Z and the corpus records 2024-12-31T23:59:59Z.
    ("subsecond-999999-truncated", "2024-12-31T23:59:59.999999Z"),
    ("subsecond-500000-truncated", "2024-06-15T08:30:00.500000Z"),
    ("after-2038", "2038-01-19T03:14:08Z"),
]

# Every character of ` +~!*'()=&?#%:@,;$` in its own key.
SPECIAL_CHARS = [
    ("space", " "), ("plus", "+"), ("tilde", "~"), ("bang", "!"),
    ("star", "*"), ("apostrophe", "'"), ("lparen", "("), ("rparen", ")"),
    ("equals", "="), ("ampersand", "&"), ("question", "?"), ("hash", "#"),
    ("percent", "%"), ("colon", ":"), ("at", "@"), ("comma", ","),
    ("semicolon", ";"), ("dollar", "$"),
]

OTHER_KEYS = [
    ("plain", "photos/2024/cat.jpg"),
    ("all-specials", "all +~!*'()=&?#%:@,;$ chars"),
    ("spaces", "my file  with   spaces.txt"),
    ("unicode-nfc", "caf\u00e9/r\u00e9sum\u00e9.pdf"),
    ("unicode-nfd", "cafe\u0301/re\u0301sume\u0301.pdf"),
    ("emoji", "party/\U0001F389\U0001F600.png"),
    ("cjk", "\u6587\u6863/\u65e5\u672c\u8a9e\u306e\u30d5\u30a1\u30a4\u30eb.txt"),
    ("long-1000-bytes-ascii", "long/" + "x" * 995),
    ("long-1000-bytes-utf8", "\u00e9" * 500),
    ("dot-segment-single", "a/./b"),
    ("dot-segment-double", "a/../b"),
    ("dotdot-only", ".."),
    ("dot-slash-prefix", "./x"),
    ("double-slash", "a//b"),
    ("leading-slash", "/leading"),
    ("trailing-slash", "folder/"),
    ("literal-percent-2f", "a%2Fb"),
    ("unreserved-only", "AZaz09-_.~"),
    ("control-tab", "tab\there"),
    ("single-char", "k"),
]

# (slug, endpoint_url, region, bucket)
ENDPOINTS = [
    ("minio-ipv4", "http://127.0.0.1:9000", "us-east-1", "minio-bucket"),
    ("localhost-rgw", "http://localhost:7480", "us-east-1", "rgw-bucket"),
    ("https-port", "https://minio.example.com:9443", "eu-west-1", "files"),
    ("https-default-port-mixed-case", "https://Minio.Example.com:443",
     "us-east-1", "files"),
    ("http-default-port", "http://minio.example.com:80", "us-east-1", "files"),
    ("ipv6", "http://[::1]:9000", "us-east-1", "v6-bucket"),
    ("path-prefix", "https://h.example.com:9443/prefix", "us-west-2",
     "prefixed"),
    ("r2", "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",
     "auto", "r2-bucket"),
    ("dotted-bucket-http", "http://minio.local:9000", "us-east-1",
     "my.bucket"),
]

# Buckets that are not DNS-safe host labels: botocore silently uses path
# style even when 'virtual' is asked for.  (slug, bucket, region, endpoint)
FALLBACK_BUCKETS = [
    ("dotted-bucket-https", "my.dotted.bucket", "us-east-1", None),
    ("dotted-bucket-https-regional", "my.dotted.bucket", "eu-west-1", None),
    ("uppercase-bucket", "MyBucket", "us-east-1", None),
    ("uppercase-bucket-regional", "Sxupp036Xl", "ap-southeast-1", None),
    ("underscore-bucket", "my_bucket", "us-west-2", None),
    ("two-char-bucket", "ab", "us-east-1", None),
    ("trailing-dash-bucket", "bucket-", "eu-west-1", None),
    ("double-dot-bucket", "my..bucket", "us-east-1", None),
    ("ip-like-bucket", "192.168.5.4", "us-east-1", None),
    ("ip-endpoint", "virtual-asked", "us-east-1", "http://127.0.0.1:9000"),
    ("ipv6-endpoint", "virtual-asked", "us-east-1", "http://[::1]:9000"),
    ("dotted-bucket-custom-https", "my.bucket", "us-east-1",
     "https://minio.example.com:9443"),
]

VERSION_ID = "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo"
UPLOAD_ID = ("VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5t"
             "MnRzIHVwbG9hZA+/=")

# (slug, client_method, key, params)  key None -> bucket-level ("")
PARAM_CASES = [
    ("get-response-content-disposition", "get_object", "report.pdf",
     {"ResponseContentDisposition": 'attachment; filename="report.pdf"'}),
    ("get-response-content-disposition-non-ascii", "get_object", "cv.pdf",
     {"ResponseContentDisposition":
      'attachment; filename="r\u00e9sum\u00e9.pdf"'}),
    ("get-response-content-type", "get_object", "data.bin",
     {"ResponseContentType": "application/octet-stream"}),
    ("get-response-cache-control", "get_object", "img.png",
     {"ResponseCacheControl": "no-cache, max-age=0"}),
    ("get-response-expires", "get_object", "img.png",
     {"ResponseExpires": "Wed, 21 Oct 2015 07:28:00 GMT"}),
    ("get-response-content-language", "get_object", "page.html",
     {"ResponseContentLanguage": "mi, en"}),
    ("get-response-content-encoding", "get_object", "page.html.gz",
     {"ResponseContentEncoding": "gzip"}),
    ("get-all-response-overrides", "get_object", "a b/c+d.txt",
     {"ResponseContentType": "text/plain; charset=utf-8",
      "ResponseContentLanguage": "en-US",
      "ResponseExpires": "Thu, 01 Dec 1994 16:00:00 GMT",
      "ResponseCacheControl": "private",
      "ResponseContentDisposition": "inline",
      "ResponseContentEncoding": "identity"}),
    ("get-all-response-overrides-reverse-order", "get_object", "a b/c+d.txt",
     {"ResponseContentEncoding": "identity",
      "ResponseContentDisposition": "inline",
      "ResponseCacheControl": "private",
      "ResponseExpires": "Thu, 01 Dec 1994 16:00:00 GMT",
      "ResponseContentLanguage": "en-US",
      "ResponseContentType": "text/plain; charset=utf-8"}),
    ("get-version-id", "get_object", "versioned.txt",
     {"VersionId": VERSION_ID}),
    ("get-version-id-and-disposition", "get_object", "versioned.txt",
     {"VersionId": VERSION_ID,
      "ResponseContentDisposition": "attachment"}),
    ("get-range", "get_object", "big.bin", {"Range": "bytes=0-99"}),
    ("get-if-match", "get_object", "etag.txt",
     {"IfMatch": '"9b2cf535f27731c974343645a3985328"'}),
    ("get-if-none-match-and-range", "get_object", "etag.txt",
     {"IfNoneMatch": '"abc"', "Range": "bytes=100-"}),
    ("get-part-number", "get_object", "multi.bin", {"PartNumber": 2}),
    ("head-object", "head_object", "exists.txt", {}),
    ("head-object-version-and-if-match", "head_object", "exists.txt",
     {"VersionId": VERSION_ID, "IfMatch": '"abc"'}),
    ("delete-object", "delete_object", "trash.txt", {}),
    ("delete-object-version", "delete_object", "trash.txt",
     {"VersionId": VERSION_ID}),
    ("put-object", "put_object", "upload.bin", {}),
    ("put-object-content-type", "put_object", "upload.json",
     {"ContentType": "application/json"}),
    ("put-object-content-md5", "put_object", "upload.bin",
     {"ContentMD5": "1B2M2Y8AsgTpgAmY+7AoTw=="}),
    ("put-object-metadata", "put_object", "meta.txt",
     {"Metadata": {"camelCase": "Value", "plain": "v1",
                   "spaces": "  two   inner   runs  "}}),
    ("put-object-acl", "put_object", "public.txt", {"ACL": "public-read"}),
    ("put-object-tagging", "put_object", "tagged.txt",
     {"Tagging": "project=awssig&env=test 1"}),
    ("put-object-cache-control", "put_object", "cached.css",
     {"CacheControl": "max-age=31536000, immutable"}),
    ("put-object-everything", "put_object", "dir/every thing.bin",
     {"ContentType": "application/octet-stream",
      "ContentMD5": "1B2M2Y8AsgTpgAmY+7AoTw==",
      "Metadata": {"Author": "J. Doe", "x": "y"},
      "ACL": "bucket-owner-full-control",
      "Tagging": "a=b",
      "CacheControl": "no-store",
      "ContentDisposition": "attachment; filename=\"x.bin\"",
      "StorageClass": "STANDARD_IA"}),
    ("upload-part", "upload_part", "multi/part.bin",
     {"PartNumber": 1, "UploadId": UPLOAD_ID}),
    ("upload-part-10000", "upload_part", "multi/part.bin",
     {"UploadId": "simple-upload-id", "PartNumber": 10000}),
    ("create-multipart-upload", "create_multipart_upload", "multi/part.bin",
     {}),
    ("abort-multipart-upload", "abort_multipart_upload", "multi/part.bin",
     {"UploadId": UPLOAD_ID}),
    ("list-parts", "list_parts", "multi/part.bin",
     {"UploadId": UPLOAD_ID, "MaxParts": 50}),
    ("get-object-acl", "get_object_acl", "acl.txt", {}),
    ("get-object-tagging", "get_object_tagging", "tags.txt", {}),
    ("list-objects-v2", "list_objects_v2", None, {}),
    ("list-objects-v2-prefix-delimiter-max-keys", "list_objects_v2", None,
     {"Prefix": "photos/2024/", "Delimiter": "/", "MaxKeys": 100}),
    ("list-objects-v2-unicode-prefix-start-after", "list_objects_v2", None,
     {"Prefix": "caf\u00e9 & co/", "StartAfter": "caf\u00e9 & co/a+b",
      "EncodingType": "url"}),
    ("list-objects-v2-continuation-token", "list_objects_v2", None,
     {"ContinuationToken": "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=",
      "MaxKeys": 1000, "FetchOwner": True}),
    ("list-objects-v1", "list_objects", None,
     {"Prefix": "logs/", "Marker": "logs/2024-01-01", "MaxKeys": 10}),
    ("list-object-versions", "list_object_versions", None,
     {"Prefix": "v/"}),
    ("list-multipart-uploads", "list_multipart_uploads", None, {}),
    ("get-bucket-location", "get_bucket_location", None, {}),
    ("get-bucket-acl", "get_bucket_acl", None, {}),
    ("head-bucket", "head_bucket", None, {}),
]
# Each PARAM_CASE is generated in these configurations:
# (slug, region, endpoint_url, style)
PARAM_CONFIGS = [
    ("us-east-1-virtual", "us-east-1", None, "virtual"),
    ("eu-west-1-path", "eu-west-1", None, "path"),
    ("minio-path", "us-east-1", "http://127.0.0.1:9000", "path"),
]


# --------------------------------------------------------------------------
# Case generation.
# --------------------------------------------------------------------------
def parse_time(text):
    assert text.endswith("Z"), text
    body = text[:-1]
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in body else "%Y-%m-%dT%H:%M:%S"
    return dt.datetime.strptime(body, fmt)


_SESSION = boto3.session.Session(botocore_session=botocore.session.Session())
_SESSION._session.register("before-send", _refuse_send)
_CLIENTS = {}


def get_client(region, endpoint_url, style, creds):
    cache_key = (region, endpoint_url, style, creds)
    client = _CLIENTS.get(cache_key)
    if client is None:
        akid, secret, token = CREDS[creds]
        client = _SESSION.client(
            "s3",
            region_name=region,
            endpoint_url=endpoint_url,
            aws_access_key_id=akid,
            aws_secret_access_key=secret,
            aws_session_token=token,
            config=Config(signature_version="s3v4",
                          s3={"addressing_style": style}),
        )
        client.meta.events.register("before-send", _refuse_send)
        _CLIENTS[cache_key] = client
    return client


AUTH_PARAMS = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
               "X-Amz-Expires", "X-Amz-SignedHeaders",
               "X-Amz-Security-Token", "X-Amz-Signature"]


def split_query(url):
    query = urlsplit(url).query
    pairs = []
    for part in query.split("&") if query else []:
        name, _, value = part.partition("=")
        pairs.append((name, value))
    return pairs


CASES = []
SKIPPED = []
_NAMES = set()


def add_case(name, bucket, key, region, endpoint_url, style, client_method,
             params, creds="static", time=DEFAULT_TIME,
             expires_in=DEFAULT_EXPIRES):
    assert name not in _NAMES, f"duplicate case name {name}"
    _NAMES.add(name)
    akid, secret, token = CREDS[creds]
    full_params = {"Bucket": bucket}
    if key:
        full_params["Key"] = key
    full_params.update(params)
    now = parse_time(time)
    client = get_client(region, endpoint_url, style, creds)
    _NOW[0] = now
    del _CAPTURED[:]
    try:
        url = client.generate_presigned_url(
            ClientMethod=client_method, Params=full_params,
            ExpiresIn=expires_in)
    except (botocore.exceptions.BotoCoreError,
            botocore.exceptions.ClientError, ValueError) as e:
        SKIPPED.append((name, f"{type(e).__name__}: {e}"))
        return
    finally:
        _NOW[0] = None
    assert len(_CAPTURED) == 1, (name, len(_CAPTURED))
    cap = _CAPTURED[0]
    assert cap["service"] == "s3", (name, cap)

    pairs = split_query(url)
    names = [n for n, _ in pairs]
    auth = [(n, v) for n, v in pairs if n.startswith("X-Amz-")]
    op = [(n, v) for n, v in pairs if not n.startswith("X-Amz-")]
    # Operation parameters first, auth parameters last, in fixed order.
    assert names == [n for n, _ in op] + [n for n, _ in auth], (name, url)
    expected_auth = [n for n in AUTH_PARAMS
                     if n != "X-Amz-Security-Token" or token is not None]
    assert [n for n, _ in auth] == expected_auth, (name, url)
    auth_d = {n: unquote(v) for n, v in auth}
    whole = now.replace(microsecond=0)
    assert auth_d["X-Amz-Date"] == whole.strftime("%Y%m%dT%H%M%SZ"), name
    assert auth_d["X-Amz-Expires"] == str(expires_in), name
    assert auth_d["X-Amz-Credential"] == (
        f"{akid}/{whole:%Y%m%d}/{cap['region']}/s3/aws4_request"), name
    assert cap["region"] == region, (name, cap["region"], region)
    if token is not None:
        assert auth_d["X-Amz-Security-Token"] == token, name

    signed = [(k, v) for k, v in cap["headers"] if k != "host"]
    names_signed = sorted({k for k, _ in cap["headers"]} | {"host"})
    assert auth_d["X-Amz-SignedHeaders"] == ";".join(names_signed), (
        name, auth_d["X-Amz-SignedHeaders"], names_signed)

    case = {
        "name": name,
        "bucket": bucket,
        "key": key or "",
        "region": region,
        "endpoint_url": endpoint_url,
        "addressing_style": style,
        "client_method": client_method,
        "method": cap["method"],
        "params": dict(params),
        "query": [[unquote(n), unquote(v)] for n, v in op],
        "signed_headers": [[k, v] for k, v in signed],
        "access_key_id": akid,
        "secret_access_key": secret,
        "session_token": token,
        "time": whole.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "expires_in": expires_in,
        "url": url,
    }
    check_signature(case, cap["canonical_request"])
    CASES.append(case)


# --------------------------------------------------------------------------
# Independent SigV4 re-derivation from the recorded fields.
# --------------------------------------------------------------------------
def _trimall(value):
    return " ".join(value.split())


def _enc(text):
    return quote(text, safe="-_.~")


def check_signature(case, botocore_creq):
    parts = urlsplit(case["url"])
    host = parts.hostname  # lowercased, IPv6 without brackets
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    default = {"http": 80, "https": 443}[parts.scheme]
    if port is not None and port != default:
        host = f"{host}:{port}"
    pairs = [(n, v) for n, v in split_query(case["url"])
             if n != "X-Amz-Signature"]
    # Re-encode from the decoded values to show the corpus is sufficient.
    encoded = [(_enc(unquote(n)), _enc(unquote(v))) for n, v in pairs]
    assert encoded == pairs, (case["name"], encoded, pairs)
    cquery = "&".join(f"{n}={v}" for n, v in sorted(encoded))
    headers = {"host": [host]}
    for k, v in case["signed_headers"]:
        headers.setdefault(k, []).append(_trimall(v))
    names = sorted(headers)
    cheaders = "".join(f"{k}:{','.join(headers[k])}\n" for k in names)
    creq = "\n".join([
        case["method"], parts.path or "/", cquery, cheaders,
        ";".join(names), "UNSIGNED-PAYLOAD"])
    assert creq == botocore_creq, (case["name"], creq, botocore_creq)
    amz_date = case["time"].replace("-", "").replace(":", "")
    scope = f"{amz_date[:8]}/{case['region']}/s3/aws4_request"
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                     hashlib.sha256(creq.encode()).hexdigest()])
    k = ("AWS4" + case["secret_access_key"]).encode()
    for part in (amz_date[:8], case["region"], "s3", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    assert case["url"].endswith("&X-Amz-Signature=" + sig), case["name"]


def signature_of(url):
    return dict(split_query(url))["X-Amz-Signature"]


# --------------------------------------------------------------------------
# The corpus.
# --------------------------------------------------------------------------
def build():
    n = 0

    def next_creds():
        nonlocal n
        n += 1
        return CRED_CYCLE[n % len(CRED_CYCLE)]

    # 0. The AWS S3 documentation example (sigv4-query-string-auth).
    add_case("aws-doc-example-get-test-txt", "examplebucket", "test.txt",
             "us-east-1", None, "virtual", "get_object", {},
             creds="static", time="2013-05-24T00:00:00Z", expires_in=86400)
    doc = CASES[-1]
    assert doc["url"].startswith(
        "https://examplebucket.s3.amazonaws.com/test.txt?"), doc["url"]
    assert signature_of(doc["url"]) == (
        "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    ), doc["url"]

    # 1. Every region x addressing style, GET and PUT.
    for region in REGIONS:
        for style in STYLES:
            add_case(f"region-{region}-{style}-get", "example-bucket",
                     "dir/object.txt", region, None, style, "get_object", {},
                     creds=next_creds())
            add_case(f"region-{region}-{style}-put", "example-bucket",
                     "upload/new file.bin", region, None, style, "put_object",
                     {"ContentType": "text/plain"}, creds=next_creds())
            add_case(f"region-{region}-{style}-list-objects-v2",
                     "example-bucket", None, region, None, style,
                     "list_objects_v2", {"Prefix": "dir/"},
                     creds=next_creds())

    # 2. Keys: each special character in its own key, in two setups.
    key_setups = [
        ("us-east-1-virtual", "us-east-1", None, "virtual"),
        ("minio-path", "us-east-1", "http://127.0.0.1:9000", "path"),
    ]
    for slug, ch in SPECIAL_CHARS:
        for setup, region, endpoint, style in key_setups:
            add_case(f"key-char-{slug}-{setup}", "key-bucket", f"k{ch}v.txt",
                     region, endpoint, style, "get_object", {},
                     creds=next_creds())
    # The character alone as the whole key.
    for slug, ch in SPECIAL_CHARS:
        add_case(f"key-only-char-{slug}-eu-west-1-path", "key-bucket", ch,
                 "eu-west-1", None, "path", "get_object", {},
                 creds=next_creds())

    # 3. Other keys in three setups.
    other_setups = [
        ("eu-west-1-virtual", "eu-west-1", None, "virtual", "get_object"),
        ("us-east-1-path-put", "us-east-1", None, "path", "put_object"),
        ("localhost-path", "us-east-1", "http://localhost:7480", "path",
         "get_object"),
    ]
    for slug, key in OTHER_KEYS:
        for setup, region, endpoint, style, method in other_setups:
            add_case(f"key-{slug}-{setup}", "key-bucket", key, region,
                     endpoint, style, method, {}, creds=next_creds())

    # 4. Custom endpoints, both styles, a few operations.
    for slug, endpoint, region, bucket in ENDPOINTS:
        for style in STYLES:
            add_case(f"endpoint-{slug}-{style}-get", bucket, "a/b c.txt",
                     region, endpoint, style, "get_object", {},
                     creds=next_creds())
            add_case(f"endpoint-{slug}-{style}-put-metadata", bucket,
                     "up/load.bin", region, endpoint, style, "put_object",
                     {"ContentType": "application/octet-stream",
                      "Metadata": {"Owner": "me"}},
                     creds=next_creds())
            add_case(f"endpoint-{slug}-{style}-list-objects-v2", bucket,
                     None, region, endpoint, style, "list_objects_v2",
                     {"Prefix": "a/", "Delimiter": "/"}, creds=next_creds())
            add_case(f"endpoint-{slug}-{style}-leading-slash-key", bucket,
                     "/lead", region, endpoint, style, "get_object", {},
                     creds=next_creds())

    # 5. Silent fallback from 'virtual' to path style.
    for slug, bucket, region, endpoint in FALLBACK_BUCKETS:
        add_case(f"virtual-fallback-{slug}-get", bucket, "obj.txt", region,
                 endpoint, "virtual", "get_object", {}, creds=next_creds())
        add_case(f"virtual-fallback-{slug}-list-objects-v2", bucket, None,
                 region, endpoint, "virtual", "list_objects_v2", {},
                 creds=next_creds())

    # 6. Operations and parameters.
    for slug, method, key, params in PARAM_CASES:
        for setup, region, endpoint, style in PARAM_CONFIGS:
            add_case(f"params-{slug}-{setup}", "param-bucket", key, region,
                     endpoint, style, method, params, creds=next_creds())

    # 7. Expiries.
    for exp in EXPIRIES:
        for setup, region, style in (("us-east-1-virtual", "us-east-1",
                                      "virtual"),
                                     ("ap-southeast-1-path",
                                      "ap-southeast-1", "path")):
            add_case(f"expires-{exp}-{setup}", "expiry-bucket", "e.txt",
                     region, None, style, "get_object", {},
                     creds=next_creds(), expires_in=exp)

    # 8. Times.
    for slug, time in TIMES:
        for setup, region, style, creds in (
                ("us-east-1-virtual", "us-east-1", "virtual", "static"),
                ("sa-east-1-path-token", "sa-east-1", "path", "token-a")):
            add_case(f"time-{slug}-{setup}", "time-bucket", "t.txt", region,
                     None, style, "get_object", {}, creds=creds, time=time)

    # 9. Credentials explicitly, on the doc example inputs.
    for creds in CREDS:
        add_case(f"credentials-{creds}-doc-inputs", "examplebucket",
                 "test.txt", "us-east-1", None, "virtual", "get_object", {},
                 creds=creds, time="2013-05-24T00:00:00Z", expires_in=86400)


def spot_checks():
    by_name = {c["name"]: c for c in CASES}

    def url(name):
        return by_name[name]["url"]

    assert url("region-us-east-1-virtual-get").startswith(
        "https://example-bucket.s3.amazonaws.com/dir/object.txt?")
    assert url("region-eu-west-1-virtual-get").startswith(
        "https://example-bucket.s3.eu-west-1.amazonaws.com/dir/object.txt?")
    assert url("region-us-east-1-path-get").startswith(
        "https://s3.amazonaws.com/example-bucket/dir/object.txt?")
    assert url("region-eu-west-1-path-get").startswith(
        "https://s3.eu-west-1.amazonaws.com/example-bucket/dir/object.txt?")
    assert ".amazonaws.com.cn/" in url("region-cn-north-1-virtual-get")
    assert url("region-us-gov-west-1-virtual-get").startswith(
        "https://example-bucket.s3.us-gov-west-1.amazonaws.com/")
    assert url("endpoint-minio-ipv4-virtual-get").startswith(
        "http://127.0.0.1:9000/minio-bucket/a/b%20c.txt?")
    assert url("endpoint-dotted-bucket-http-virtual-get").startswith(
        "http://my.bucket.minio.local:9000/a/b%20c.txt?")
    assert url("endpoint-r2-virtual-get").startswith(
        "https://r2-bucket.0123456789abcdef0123456789abcdef"
        ".r2.cloudflarestorage.com/a/b%20c.txt?")
    assert "/auto/s3/aws4_request" in unquote(url("endpoint-r2-virtual-get"))
    assert url("virtual-fallback-dotted-bucket-https-get").startswith(
        "https://s3.amazonaws.com/my.dotted.bucket/obj.txt?")
    assert url("key-dot-segment-double-eu-west-1-virtual").startswith(
        "https://key-bucket.s3.eu-west-1.amazonaws.com/a/../b?")
    assert url("key-unicode-nfd-eu-west-1-virtual").startswith(
        "https://key-bucket.s3.eu-west-1.amazonaws.com/cafe%CC%81/")
    assert "/a%252Fb?" in url("key-literal-percent-2f-eu-west-1-virtual")
    assert "X-Amz-Date=20241231T235959Z&" in url(
        "time-subsecond-999999-truncated-us-east-1-virtual")


def main():
    build()
    spot_checks()
    for name, why in SKIPPED:
        print(f"skipped {name}: {why}", file=sys.stderr)
    print(f"{len(CASES)} cases, {len(SKIPPED)} skipped", file=sys.stderr)
    assert len(CASES) >= 120, len(CASES)
    corpus = {
        "generator": GENERATOR,
        "botocore": botocore.__version__,
        "boto3": boto3.__version__,
        "cases": CASES,
    }
    text = json.dumps(corpus, indent=2, sort_keys=True, ensure_ascii=True)
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
