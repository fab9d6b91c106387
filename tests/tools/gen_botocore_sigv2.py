#!/usr/bin/env python3
"""Generate a corpus of S3 SigV2 signatures made by botocore.

``tests/vectors/sigv2_botocore.rs`` signs every case with ``awssig::v2`` and compares
signatures byte for byte, and URLs / headers for equality.

How to run (from the repository root)::

    python3 -m venv /tmp/bc
    /tmp/bc/bin/pip install boto3==1.44.5 botocore==1.44.5
    /tmp/bc/bin/python tests/tools/gen_botocore_sigv2.py > tests/data/botocore/sigv2.json

awscrt must NOT be installed (the script asserts ``botocore.compat.HAS_CRT``
is False) and the pinned versions are checked.

What the script does:

* clears ``AWS_*``/``BOTO_*`` environment variables and points the AWS config
  and credentials files at ``/dev/null``;
* forbids all network access (socket connect / DNS raise; a ``before-send``
  hook stops every request after it was signed);
* freezes the clock: SigV2 reads ``time.time()`` (the query signer for
  ``Expires = int(time.time() + expires)``, the header signer through
  ``email.utils.formatdate(usegmt=True)``), so ``time.time`` is replaced;
  some cases use fractional times, which botocore truncates;
* wraps ``HmacV1Auth.add_auth`` (which ``HmacV1QueryAuth`` inherits) to record the
  inputs the low-level ``awssig::v2`` API needs, exactly as botocore had them
  when it signed: the method, the path to sign (``auth_path``, or the URL
  path when botocore has none), the raw query of the URL, the request
  headers (in order, duplicates kept), and wraps ``canonical_string`` to
  record botocore's string to sign;
* re-derives every signature from the recorded string to sign with
  ``hmac``/``hashlib`` (a check that the corpus is self-consistent).

Case kinds:

* ``presign``: ``generate_presigned_url`` with
  ``Config(signature_version='s3')``, virtual, path and auto addressing,
  custom endpoints, session tokens, response overrides, metadata, unicode
  and nasty keys, sub-resources.  Output: ``url``.  Where botocore silently
  drops a header a SigV2 URL cannot carry (``Range``, ``If-Match``…),
  ``dropped_headers`` lists it: awssig refuses such a request instead.
  The case also records the S3 API's inputs (``bucket``, ``key``,
  ``region``, ``endpoint_url``, ``addressing_style``) for
  ``tests/vectors/s3_presign_v2.rs``.
* ``header``: requests made by a client with ``signature_version='s3'`` and
  stopped before sending, plus hand-built ``AWSRequest``s signed with
  ``botocore.auth.HmacV1Auth`` (repeated and padded ``x-amz-*`` headers,
  decoded sub-resource values, mixed-case escapes).  Output: ``date``,
  ``authorization``.  Cases whose request carries ``x-amz-date`` are marked
  ``x_amz_date``: botocore fills the Date line anyway, departing from the
  SigV2 spec, which awssig follows.

Output: one JSON object on stdout, keys sorted, ASCII only, trailing newline.
Two runs give identical bytes.
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
    raise RuntimeError("gen_botocore_sigv2: network access attempted")


socket.socket.connect = _no_network
socket.socket.connect_ex = _no_network
socket.create_connection = _no_network
socket.getaddrinfo = _no_network

import base64
import hashlib
import hmac
import json
import time
from email.utils import formatdate
from urllib.parse import urlsplit

import boto3
import botocore
import botocore.auth
import botocore.compat
import botocore.session
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

PINNED_BOTO3 = "1.44.5"
PINNED_BOTOCORE = "1.44.5"
GENERATOR = "tests/tools/gen_botocore_sigv2.py"

assert botocore.__version__ == PINNED_BOTOCORE, botocore.__version__
assert boto3.__version__ == PINNED_BOTO3, boto3.__version__
assert botocore.compat.HAS_CRT is False, "uninstall awscrt"

# --------------------------------------------------------------------------
# Frozen clock.
# --------------------------------------------------------------------------
_NOW = [None]


def _frozen_time():
    if _NOW[0] is None:
        raise RuntimeError("botocore read the clock outside a case")
    return _NOW[0]


time.time = _frozen_time
assert botocore.auth.time.time is _frozen_time

# --------------------------------------------------------------------------
# Capture.
# --------------------------------------------------------------------------
_CAPTURED = []
_STS = []


class _Stop(Exception):
    pass


def _stable(name, value):
    # The User-Agent names the OS and kernel of the machine that ran the
    # script; SigV2 never signs it, so it is recorded as a fixed text to
    # keep the corpus identical across machines.
    if name.lower() == "user-agent":
        return "Boto3/1.44.5 Botocore/1.44.5 (normalized by the generator)"
    return str(value)


def _wrap_add_auth(cls):
    orig = cls.add_auth

    def add_auth(self, request):
        split = urlsplit(request.url)
        auth_path = getattr(request, "auth_path", None)
        rec = {
            "class": type(self).__name__,
            "method": request.method,
            "path": auth_path if auth_path is not None else split.path,
            "query": split.query,
            "headers": [[k, _stable(k, v)] for k, v in request.headers.items()],
        }
        _STS.clear()
        orig(self, request)
        assert len(_STS) == 1, _STS
        rec["string_to_sign"] = _STS[0]
        rec["url"] = request.url
        rec["out_headers"] = [[k, str(v)] for k, v in request.headers.items()]
        _CAPTURED.append(rec)

    cls.add_auth = add_auth


_wrap_add_auth(botocore.auth.HmacV1Auth)

_orig_canonical_string = botocore.auth.HmacV1Auth.canonical_string


def _capturing_canonical_string(self, *args, **kwargs):
    s = _orig_canonical_string(self, *args, **kwargs)
    _STS.append(s)
    return s


botocore.auth.HmacV1Auth.canonical_string = _capturing_canonical_string


def _stop_send(**_kwargs):
    raise _Stop()


# --------------------------------------------------------------------------
# Tables.
# --------------------------------------------------------------------------
CREDS = {
    "static": ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None),
    "token-a": (
        "ASIAIOSFODNN7EXAMPLE",
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "IQoJb3JpZ2luX2VjEA0aCXVzLWVhc3QtMSJIMEYCIQD/Ab+cD=/x+y//z==",
    ),
    "token-b": (
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "FwoGZXIvYXdzEBYaDGFiY2RlZmdoaWprbCKwAT+/q9x8p/W0s+Lk7m3N4oP5qR6sT7u"
        "V8wX9yZ0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2yZ3a+b/c=d==",
    ),
}
CRED_CYCLE = ["static", "token-a", "static", "token-b"]

TIMES = [
    1714566896.0,          # 2024-05-01T12:34:56Z
    946684800.0,           # 2000-01-01T00:00:00Z
    1709251199.999999,     # 2024-02-29T23:59:59.999999Z (truncated)
    1718440200.5,          # 2024-06-15T08:30:00.5Z (truncated)
    2147483648.0,          # after 2038
    1175024202.0,          # Tue, 27 Mar 2007 19:36:42 GMT
]
EXPIRIES = [3600, 1, 60, 604800, 86400 * 30, 900]

VERSION_ID = "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo"
UPLOAD_ID = "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA+/="

# (slug, region, endpoint_url, addressing_style)
CONFIGS = [
    ("us-east-1-virtual", "us-east-1", None, "virtual"),
    ("eu-west-1-virtual", "eu-west-1", None, "virtual"),
    ("us-west-2-path", "us-west-2", None, "path"),
    ("auto", "ap-southeast-1", None, "auto"),
    ("minio-path", "us-east-1", "http://127.0.0.1:9000", "path"),
    ("rgw-virtual-http", "us-east-1", "http://rgw.example.com:7480", "virtual"),
]

NASTY_KEYS = [
    ("plain", "photos/2024/cat.jpg"),
    ("all-specials", "all +~!*'()=&?#%:@,;$ chars"),
    ("spaces", "my file  with   spaces.txt"),
    ("unicode-nfc", "caf\u00e9/r\u00e9sum\u00e9.pdf"),
    ("unicode-nfd", "cafe\u0301/re\u0301sume\u0301.pdf"),
    ("emoji", "party/\U0001F389.png"),
    ("cjk", "\u6587\u6863/\u65e5\u672c\u8a9e.txt"),
    ("dot-segments", "a/./b/../c"),
    ("double-slash", "a//b"),
    ("leading-slash", "/leading"),
    ("trailing-slash", "folder/"),
    ("literal-percent-2f", "a%2Fb"),
    ("plus-and-equals", "a+b=c"),
    ("tilde-unreserved", "AZaz09-_.~"),
]

# (slug, client_method, key or None, params)
PRESIGN_OPS = [
    ("get", "get_object", "report.pdf", {}),
    ("get-response-disposition", "get_object", "report.pdf",
     {"ResponseContentDisposition": 'attachment; filename="report.pdf"'}),
    ("get-response-disposition-non-ascii", "get_object", "cv.pdf",
     {"ResponseContentDisposition": 'attachment; filename="r\u00e9sum\u00e9.pdf"'}),
    ("get-all-response-overrides", "get_object", "a b/c+d.txt",
     {"ResponseContentType": "text/plain; charset=utf-8",
      "ResponseContentLanguage": "en-US",
      "ResponseExpires": "Thu, 01 Dec 1994 16:00:00 GMT",
      "ResponseCacheControl": "private",
      "ResponseContentDisposition": "inline",
      "ResponseContentEncoding": "identity"}),
    ("get-version-id", "get_object", "versioned.txt", {"VersionId": VERSION_ID}),
    ("get-part-number", "get_object", "multi.bin", {"PartNumber": 2}),
    ("head-version", "head_object", "exists.txt", {"VersionId": VERSION_ID}),
    ("delete-version", "delete_object", "trash.txt", {"VersionId": VERSION_ID}),
    ("put", "put_object", "upload.bin", {}),
    ("put-content-type-md5", "put_object", "upload.json",
     {"ContentType": "application/json", "ContentMD5": "1B2M2Y8AsgTpgAmY+7AoTw=="}),
    ("put-metadata", "put_object", "meta.txt",
     {"Metadata": {"camelCase": "Value", "plain": "v1",
                   "spaces": "  two   inner   runs  "}}),
    ("put-acl-tagging-storage", "put_object", "dir/every thing.bin",
     {"ContentType": "application/octet-stream", "ACL": "public-read",
      "Tagging": "project=awssig&env=test 1", "StorageClass": "STANDARD_IA",
      "Metadata": {"Author": "J. Doe"}}),
    ("upload-part", "upload_part", "multi/part.bin",
     {"PartNumber": 1, "UploadId": UPLOAD_ID}),
    ("create-multipart", "create_multipart_upload", "multi/part.bin", {}),
    ("list-parts", "list_parts", "multi/part.bin",
     {"UploadId": UPLOAD_ID, "MaxParts": 50}),
    ("get-object-acl", "get_object_acl", "acl.txt", {}),
    ("get-object-tagging", "get_object_tagging", "tags.txt", {}),
    ("list-objects-v2", "list_objects_v2", None,
     {"Prefix": "caf\u00e9 & co/", "Delimiter": "/", "MaxKeys": 100}),
    ("get-bucket-location", "get_bucket_location", None, {}),
    ("get-bucket-acl", "get_bucket_acl", None, {}),
    ("get-bucket-versioning", "get_bucket_versioning", None, {}),
    ("get-bucket-lifecycle", "get_bucket_lifecycle_configuration", None, {}),
    ("get-bucket-cors", "get_bucket_cors", None, {}),
    ("list-object-versions", "list_object_versions", None, {"Prefix": "v/"}),
    ("list-multipart-uploads", "list_multipart_uploads", None, {}),
    # botocore drops these headers silently; awssig refuses the request.
    ("get-range-dropped", "get_object", "big.bin", {"Range": "bytes=0-99"}),
    ("get-if-match-dropped", "get_object", "etag.txt",
     {"IfMatch": '"9b2cf535f27731c974343645a3985328"',
      "ResponseContentType": "text/plain"}),
    ("put-cache-control-dropped", "put_object", "cached.css",
     {"CacheControl": "max-age=31536000", "ContentType": "text/css"}),
]

# Header signing through a client: (slug, client_method, key or None, params)
HEADER_OPS = [
    ("get", "get_object", "photos/puppy.jpg", {}),
    ("get-range", "get_object", "big.bin", {"Range": "bytes=0-99"}),
    ("get-response-overrides", "get_object", "a b.txt",
     {"ResponseContentDisposition": 'attachment; filename="r\u00e9sum\u00e9.pdf"',
      "ResponseContentType": "text/plain", "VersionId": VERSION_ID}),
    ("head", "head_object", "exists.txt", {"IfNoneMatch": '"abc"'}),
    ("put-body", "put_object", "upload.txt",
     {"Body": b"hello world", "ContentType": "text/plain"}),
    ("put-metadata", "put_object", "meta.txt",
     {"Body": b"x", "Metadata": {"camelCase": "Value", "pad": "  a  b  "},
      "ACL": "public-read", "ContentMD5": "dzb3z5SiuUDLe+H7Zuhqrw=="}),
    ("put-tagging", "put_object", "tagged.txt",
     {"Body": b"", "Tagging": "a=b&c=d e", "StorageClass": "GLACIER"}),
    ("copy-object", "copy_object", "dest key.txt",
     {"CopySource": {"Bucket": "src-bucket", "Key": "caf\u00e9 & co.txt",
                     "VersionId": "v1"},
      "MetadataDirective": "REPLACE", "Metadata": {"k": "v"}}),
    ("delete", "delete_object", "trash.txt", {"VersionId": VERSION_ID}),
    ("create-multipart", "create_multipart_upload", "multi.bin",
     {"ContentType": "application/octet-stream"}),
    ("upload-part", "upload_part", "multi.bin",
     {"Body": b"part", "PartNumber": 3, "UploadId": UPLOAD_ID}),
    ("complete-multipart", "complete_multipart_upload", "multi.bin",
     {"UploadId": UPLOAD_ID,
      "MultipartUpload": {"Parts": [{"ETag": '"a"', "PartNumber": 1}]}}),
    ("get-object-acl", "get_object_acl", "acl.txt", {"VersionId": "v2"}),
    ("put-object-tagging", "put_object_tagging", "t.txt",
     {"Tagging": {"TagSet": [{"Key": "k", "Value": "v"}]}}),
    ("list-objects-v2", "list_objects_v2", None,
     {"Prefix": "photos/", "Delimiter": "/", "StartAfter": "a+b"}),
    ("list-objects-v1", "list_objects", None, {"Marker": "m", "MaxKeys": 5}),
    ("get-bucket-acl", "get_bucket_acl", None, {}),
    ("get-bucket-location", "get_bucket_location", None, {}),
    ("delete-objects", "delete_objects", None,
     {"Delete": {"Objects": [{"Key": "a"}, {"Key": "b c"}]}}),
    ("list-object-versions", "list_object_versions", None, {"Prefix": "p"}),
    ("get-bucket-policy", "get_bucket_policy", None, {}),
    ("put-bucket-versioning", "put_bucket_versioning", None,
     {"VersioningConfiguration": {"Status": "Enabled"}}),
]
HEADER_CONFIGS = [
    ("us-east-1-virtual", "us-east-1", None, "virtual"),
    ("eu-west-1-path", "eu-west-1", None, "path"),
]

# Hand-built requests signed with HmacV1Auth:
# (slug, method, url, auth_path or None, headers as a list of pairs)
RAW_HEADER_CASES = [
    ("duplicate-and-padded-amz-headers", "PUT",
     "https://bucket.s3.amazonaws.com/key", "/bucket/key",
     [("X-Amz-Meta-Dup", "  first "), ("x-amz-meta-b", "Bar  baz "),
      ("x-amz-meta-dup", "second  value"), ("Content-Type", " text/plain "),
      ("X-AMZ-ACL", "private")]),
    ("sub-resources-decoded-and-sorted", "GET",
     "https://s3.amazonaws.com/bucket/k?versionId=a%2Bb%2Fc&prefix=x"
     "&response-content-disposition=attachment%3B%20filename%3D%22r%C3%A9sum%C3%A9.pdf%22"
     "&acl&list-type=2&uploadId=u%3D1",
     None, []),
    ("repeated-sub-resource", "GET",
     "https://s3.amazonaws.com/bucket/k?versionId=2&versionId=1", None, []),
    ("plus-in-sub-resource-value", "GET",
     "https://s3.amazonaws.com/bucket/k?versionId=a+b%2Bc", None, []),
    ("mixed-case-escapes-in-path", "GET",
     "https://s3.amazonaws.com/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re",
     None, []),
    ("cname-bucket", "PUT", "http://static.example.net:8080/db-backup.dat.gz",
     "/static.example.net/db-backup.dat.gz",
     [("Content-MD5", "4gJE4saaMU4BqNR0kLY+lw=="),
      ("Content-Type", "application/x-download"),
      ("x-amz-meta-reviewedby", "joe@example.net"),
      ("x-amz-meta-reviewedby", "jane@example.net")]),
    ("service-root", "GET", "https://s3.amazonaws.com/", None, []),
    ("virtual-bucket-root", "GET", "https://bucket.s3.amazonaws.com/?acl",
     "/bucket/", []),
    ("unsigned-headers-ignored", "GET", "https://s3.amazonaws.com/b/k", None,
     [("Range", "bytes=1-2"), ("If-Match", '"x"'), ("User-Agent", "ua/1"),
      ("Cache-Control", "no-cache"), ("Host", "s3.amazonaws.com")]),
    ("caller-date-replaced", "GET", "https://s3.amazonaws.com/b/k", None,
     [("Date", "Mon, 01 Jan 2001 00:00:00 GMT")]),
    ("caller-token-header-replaced", "GET", "https://s3.amazonaws.com/b/k",
     None, [("x-amz-security-token", "stale-token")]),
    # botocore departs from the spec: Date line filled AND x-amz-date signed.
    ("x-amz-date-departure", "DELETE",
     "https://s3.amazonaws.com/johnsmith/photos/puppy.jpg", None,
     [("x-amz-date", "@NOW@")]),
    ("x-amz-date-departure-with-meta", "PUT",
     "https://bucket.s3.amazonaws.com/k", "/bucket/k",
     [("x-amz-meta-a", "1"), ("x-amz-date", "@NOW@")]),
]


def get_client(region, endpoint_url, style, creds, version):
    akid, secret, token = CREDS[creds]
    session = boto3.session.Session(botocore_session=botocore.session.Session())
    session._session.register("before-send", _stop_send)
    return session.client(
        "s3", region_name=region, endpoint_url=endpoint_url,
        aws_access_key_id=akid, aws_secret_access_key=secret,
        aws_session_token=token,
        config=Config(signature_version=version,
                      s3={"addressing_style": style},
                      retries={"max_attempts": 0}),
    )


_CLIENTS = {}


def client(region, endpoint_url, style, creds):
    k = (region, endpoint_url, style, creds)
    if k not in _CLIENTS:
        _CLIENTS[k] = get_client(region, endpoint_url, style, creds, "s3")
    return _CLIENTS[k]


def creds_json(slug):
    akid, secret, token = CREDS[slug]
    return {"access_key_id": akid, "secret_access_key": secret,
            "session_token": token}


def check_signature(secret, sts, sig):
    mac = hmac.new(secret.encode(), sts.encode("utf-8"), hashlib.sha1)
    assert base64.b64encode(mac.digest()).decode() == sig, (sts, sig)


def header_value(headers, name):
    vals = [v for k, v in headers if k.lower() == name.lower()]
    assert len(vals) == 1, (name, headers)
    return vals[0]


CASES = []
SKIPPED = []


def presign_case(slug, cfg, cred, t, expires, method, key, params, bucket):
    region, endpoint, style = cfg[1], cfg[2], cfg[3]
    p = dict(params)
    p["Bucket"] = bucket
    if key is not None:
        p["Key"] = key
    _CAPTURED.clear()
    _NOW[0] = t
    try:
        url = client(region, endpoint, style, cred).generate_presigned_url(
            method, Params=p, ExpiresIn=expires)
    except Exception as e:  # botocore refused the input
        SKIPPED.append(f"{slug}: {type(e).__name__}: {e}")
        return
    finally:
        _NOW[0] = None
    assert len(_CAPTURED) == 1, slug
    rec = _CAPTURED[0]
    assert rec["class"] == "HmacV1QueryAuth"
    assert rec["url"] == url
    sig = None
    for part in urlsplit(url).query.split("&"):
        if part.startswith("Signature="):
            sig = part[len("Signature="):].replace("%2B", "+").replace(
                "%2F", "/").replace("%3D", "=")
    check_signature(CREDS[cred][1], rec["string_to_sign"], sig)
    carried = ("content-type", "content-md5")
    dropped = [k for k, _ in rec["headers"]
               if not (k.lower().startswith("x-amz-") or k.lower() in carried)]
    split = urlsplit(url)
    CASES.append({
        "id": f"presign/{slug}",
        "kind": "presign",
        "client_method": method,
        "config": cfg[0],
        "credentials": creds_json(cred),
        "time": t,
        "expires_in": expires,
        "method": rec["method"],
        "path": rec["path"],
        "query": rec["query"],
        "headers": rec["headers"],
        "dropped_headers": dropped,
        "string_to_sign": rec["string_to_sign"],
        "signature": sig,
        "url_base": f"{split.scheme}://{split.netloc}{split.path}",
        "url": url,
        # The inputs of the S3 API (tests/vectors/s3_presign_v2.rs).
        "bucket": bucket,
        "key": key,
        "region": region,
        "endpoint_url": endpoint,
        "addressing_style": style,
    })


def finish_header_case(slug, cred, t, rec, source, extra):
    assert rec["class"] == "HmacV1Auth"
    out = rec["out_headers"]
    auth = header_value(out, "Authorization")
    date = header_value(out, "Date")
    assert date == formatdate(int(t), usegmt=True), (date, t)
    sig = auth.split(":", 1)[1]
    check_signature(CREDS[cred][1], rec["string_to_sign"], sig)
    case = {
        "id": f"header/{slug}",
        "kind": "header",
        "source": source,
        "credentials": creds_json(cred),
        "time": t,
        "method": rec["method"],
        "path": rec["path"],
        "query": rec["query"],
        "headers": rec["headers"],
        "x_amz_date": any(k.lower() == "x-amz-date" for k, _ in rec["headers"]),
        "string_to_sign": rec["string_to_sign"],
        "signature": sig,
        "authorization": auth,
        "date": date,
    }
    case.update(extra)
    CASES.append(case)


def client_header_case(slug, cfg, cred, t, method, key, params, bucket):
    p = dict(params)
    p["Bucket"] = bucket
    if key is not None:
        p["Key"] = key
    _CAPTURED.clear()
    _NOW[0] = t
    try:
        getattr(client(cfg[1], cfg[2], cfg[3], cred), method)(**p)
        raise RuntimeError("request was not stopped")
    except _Stop:
        pass
    finally:
        _NOW[0] = None
    assert len(_CAPTURED) == 1, (slug, len(_CAPTURED))
    finish_header_case(slug, cred, t, _CAPTURED[0], "client",
                       {"client_method": method, "config": cfg[0]})


def raw_header_case(slug, cred, t, method, url, auth_path, headers):
    akid, secret, token = CREDS[cred]
    req = AWSRequest(method=method, url=url)
    for k, v in headers:
        if v == "@NOW@":
            v = formatdate(int(t), usegmt=True)
        req.headers[k] = v  # HTTPHeaders appends: repeated names are kept
    req.auth_path = auth_path
    _CAPTURED.clear()
    _NOW[0] = t
    try:
        botocore.auth.HmacV1Auth(Credentials(akid, secret, token)).add_auth(req)
    finally:
        _NOW[0] = None
    assert len(_CAPTURED) == 1
    finish_header_case(slug, cred, t, _CAPTURED[0], "HmacV1Auth", {"url": url})


def main():
    n = 0
    # Presign: every op in a rotating configuration.
    for i, (slug, method, key, params) in enumerate(PRESIGN_OPS):
        for j in range(2):
            k = i * 2 + j
            cfg = CONFIGS[k % len(CONFIGS)]
            cred = CRED_CYCLE[k % len(CRED_CYCLE)]
            presign_case(f"{slug}/{cfg[0]}/{cred}", cfg, cred,
                         TIMES[k % len(TIMES)], EXPIRIES[k % len(EXPIRIES)],
                         method, key, params,
                         "my-bucket" if j == 0 else "my.dotted.bucket")
            n += 1
    # Presign: nasty keys, virtual and path.
    for i, (slug, key) in enumerate(NASTY_KEYS):
        for cfg in (CONFIGS[0], CONFIGS[2]):
            cred = CRED_CYCLE[(i + n) % len(CRED_CYCLE)]
            presign_case(f"key-{slug}/{cfg[0]}/{cred}", cfg, cred,
                         TIMES[i % len(TIMES)], 3600, "get_object", key, {},
                         "examplebucket")
    # Header signing through clients.
    for i, (slug, method, key, params) in enumerate(HEADER_OPS):
        for j, cfg in enumerate(HEADER_CONFIGS):
            cred = CRED_CYCLE[(i + j) % len(CRED_CYCLE)]
            client_header_case(f"{slug}/{cfg[0]}/{cred}", cfg, cred,
                               TIMES[(i + j) % len(TIMES)], method, key,
                               params, "examplebucket")
    # Header signing: nasty keys through a client.
    for i, (slug, key) in enumerate(NASTY_KEYS):
        cfg = HEADER_CONFIGS[i % 2]
        cred = CRED_CYCLE[i % len(CRED_CYCLE)]
        client_header_case(f"key-{slug}/{cfg[0]}/{cred}", cfg, cred,
                           TIMES[i % len(TIMES)], "get_object", key, {},
                           "examplebucket")
    # Hand-built requests.
    for i, (slug, method, url, auth_path, headers) in enumerate(RAW_HEADER_CASES):
        for cred in ("static", "token-a"):
            raw_header_case(f"raw-{slug}/{cred}", cred,
                            TIMES[i % len(TIMES)], method, url, auth_path,
                            headers)

    out = {
        "generator": GENERATOR,
        "botocore": botocore.__version__,
        "boto3": boto3.__version__,
        "python": sys.version.split()[0],
        "cases": CASES,
    }
    for s in SKIPPED:
        print("skipped:", s, file=sys.stderr)
    kinds = {}
    for c in CASES:
        kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
    print(f"cases: {kinds}", file=sys.stderr)
    sys.stdout.write(json.dumps(out, indent=1, sort_keys=True, ensure_ascii=True))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
