#!/usr/bin/env python3
"""Generate a corpus of presigned S3 uploads that pin their body, made by
botocore: ``generate_presigned_url('put_object' | 'upload_part', ...)`` with
``ChecksumSHA256``, ``ChecksumSHA1``, ``ChecksumCRC32``, ``ChecksumCRC32C``,
``ChecksumCRC64NVME``, ``ContentLength``, ``ContentMD5`` and
``ChecksumAlgorithm``, alone and together, at a frozen clock.

``tests/vectors/s3_presign_pinned.rs`` rebuilds every case through the typed
pins of ``awssig::s3::PresignRequest`` (``checksum_base64``,
``checksum_algorithm``, ``content_length``, ``content_md5``) and
``Bucket::multipart(..).upload_part`` and compares URLs byte for byte. It
also checks botocore's answer to the question the issue asks: does botocore
hoist any of these headers into the query (as aws-sdk-js-v3 >= 3.729 does)?
Each case records ``hoisted``: the pin names botocore put in the query.

How to run (from the repository root)::

    python3 -m venv /tmp/bc-pin
    /tmp/bc-pin/bin/pip install botocore==1.44.5
    /tmp/bc-pin/bin/python tests/tools/gen_botocore_pinned.py > tests/data/botocore/presign-pinned.json

awscrt must NOT be installed (asserted): the pure-Python signers are used.

The checksum values are real checksums of small bodies, computed here by
Python's hashlib and zlib and by the bitwise CRC-32C and CRC-64/NVME
definitions below (not by the code under test); each case records the
body (``body_hex``) so a test can recompute them.

Isolation as the other generators: ``AWS_*``/``BOTO_*`` cleared, config
files pointed at /dev/null, the clock frozen in ``botocore.compat``,
``botocore.auth`` and ``botocore.signers``, sockets refused. Output is
sorted JSON, ASCII, identical across runs.
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
    raise RuntimeError("gen_botocore_pinned: network access attempted")


socket.socket.connect = _no_network
socket.socket.connect_ex = _no_network
socket.create_connection = _no_network
socket.getaddrinfo = _no_network

import base64
import datetime as dt
import hashlib
import json
import zlib
from urllib.parse import unquote, urlsplit

import botocore
import botocore.auth
import botocore.compat
import botocore.endpoint
import botocore.session
import botocore.signers
from botocore.config import Config

PINNED_BOTOCORE = "1.44.5"
GENERATOR = "tests/tools/gen_botocore_pinned.py"

assert botocore.__version__ == PINNED_BOTOCORE, botocore.__version__
assert botocore.compat.HAS_CRT is False, "uninstall awscrt"

_NOW = [None]


def _frozen(remove_tzinfo=True):
    now = _NOW[0]
    if now is None:
        raise RuntimeError("botocore read the clock outside a case")
    return now if remove_tzinfo else now.replace(tzinfo=dt.timezone.utc)


for _mod in (botocore.compat, botocore.auth, botocore.signers):
    _mod.get_current_datetime = _frozen
assert botocore.auth.get_current_datetime is _frozen
assert botocore.signers.get_current_datetime is _frozen

_CAPTURED = []
_orig_creq = botocore.auth.S3SigV4QueryAuth.canonical_request


def _capture(self, request):
    creq = _orig_creq(self, request)
    _CAPTURED.append({
        "method": request.method,
        "headers": [(k, v) for k, v in self.headers_to_sign(request).items()],
        "canonical_request": creq,
    })
    return creq


botocore.auth.S3SigV4QueryAuth.canonical_request = _capture


def _refuse_send(*_a, **_k):
    raise RuntimeError("gen_botocore_pinned: botocore tried to send a request")


botocore.endpoint.Endpoint._send = _refuse_send

# --------------------------------------------------------------------------
# Checksums, computed independently of the crate under test.
# --------------------------------------------------------------------------


def _crc_reflected(data, poly, width):
    mask = (1 << width) - 1
    crc = mask
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
    return crc ^ mask


def crc32c(data):
    return _crc_reflected(data, 0x82F63B78, 32)


def crc64nvme(data):
    return _crc_reflected(data, 0x9A6C9329AC4BC9B5, 64)


# Known answers ("123456789") of the CRC catalogue.
assert crc32c(b"123456789") == 0xE3069283
assert crc64nvme(b"123456789") == 0xAE8B14860A799888
assert zlib.crc32(b"123456789") == 0xCBF43926


def b64(raw):
    return base64.b64encode(raw).decode("ascii")


def checksums(body):
    return {
        "ChecksumSHA256": b64(hashlib.sha256(body).digest()),
        "ChecksumSHA1": b64(hashlib.sha1(body).digest()),
        "ChecksumCRC32": b64(zlib.crc32(body).to_bytes(4, "big")),
        "ChecksumCRC32C": b64(crc32c(body).to_bytes(4, "big")),
        "ChecksumCRC64NVME": b64(crc64nvme(body).to_bytes(8, "big")),
        "ContentMD5": b64(hashlib.md5(body).digest()),
    }


BODIES = [
    ("empty", b""),
    ("hello", b"hello, pinned world\n"),
    ("binary-1k", bytes(range(256)) * 4),
]

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEA0aCXVzLWVhc3QtMSJIMEYCIQD/Ab+cD=/x+y//z=="

# (slug, region, endpoint_url, addressing_style)
PLACES = [
    ("us-east-1-virtual", "us-east-1", None, "virtual"),
    ("eu-west-1-path", "eu-west-1", None, "path"),
    ("ceph-local", "us-east-1", "http://127.0.0.1:7480", "path"),
]

PIN_SETS = [
    ("sha256", ["ChecksumSHA256"]),
    ("sha1", ["ChecksumSHA1"]),
    ("crc32", ["ChecksumCRC32"]),
    ("crc32c", ["ChecksumCRC32C"]),
    ("crc64nvme", ["ChecksumCRC64NVME"]),
    ("content-length", ["ContentLength"]),
    ("content-md5", ["ContentMD5"]),
    ("algorithm-sha256", ["ChecksumAlgorithm=SHA256"]),
    ("algorithm-crc32", ["ChecksumAlgorithm=CRC32"]),
    ("sha256-with-algorithm", ["ChecksumSHA256", "ChecksumAlgorithm=SHA256"]),
    ("crc32-with-algorithm", ["ChecksumCRC32", "ChecksumAlgorithm=CRC32"]),
    ("sha256-length", ["ChecksumSHA256", "ContentLength"]),
    ("crc32-length-md5", ["ChecksumCRC32", "ContentLength", "ContentMD5"]),
    ("all-sha256", ["ChecksumSHA256", "ChecksumAlgorithm=SHA256",
                    "ContentLength", "ContentMD5"]),
    ("crc64nvme-length", ["ChecksumCRC64NVME", "ContentLength"]),
]

PIN_NAMES = ("x-amz-checksum-", "x-amz-sdk-checksum-algorithm",
             "content-md5", "content-length")


def client(region, endpoint_url, style, token):
    session = botocore.session.Session()
    return session.create_client(
        "s3", region_name=region, endpoint_url=endpoint_url,
        aws_access_key_id=AKID, aws_secret_access_key=SECRET,
        aws_session_token=token,
        config=Config(signature_version="s3v4",
                      s3={"addressing_style": style}))


def one_case(name, op, key, place, pins, body, token=None,
             time="2024-05-01T12:34:56Z", expires_in=900,
             upload_id=None, part_number=None):
    _slug, region, endpoint_url, style = place
    sums = checksums(body)
    params = {"Bucket": "pin-bucket", "Key": key}
    if op == "upload_part":
        params["UploadId"] = upload_id
        params["PartNumber"] = part_number
    for p in pins:
        if p.startswith("ChecksumAlgorithm="):
            params["ChecksumAlgorithm"] = p.split("=", 1)[1]
        elif p == "ContentLength":
            params["ContentLength"] = len(body)
        else:
            params[p] = sums[p]
    _NOW[0] = dt.datetime.strptime(time, "%Y-%m-%dT%H:%M:%SZ")
    _CAPTURED.clear()
    try:
        url = client(region, endpoint_url, style, token).generate_presigned_url(
            op, Params=params, ExpiresIn=expires_in)
    finally:
        _NOW[0] = None
    assert len(_CAPTURED) == 1, name
    cap = _CAPTURED[0]
    query = [tuple(unquote(x) for x in (kv.split("=", 1) + [""])[:2])
             for kv in urlsplit(url).query.split("&") if kv]
    hoisted = sorted({k.lower() for k, _ in query
                      if k.lower().startswith(PIN_NAMES)})
    return {
        "name": name,
        "client_method": op,
        "bucket": "pin-bucket",
        "key": key,
        "region": region,
        "endpoint_url": endpoint_url,
        "addressing_style": style,
        "access_key_id": AKID,
        "secret_access_key": SECRET,
        "session_token": token,
        "time": time,
        "expires_in": expires_in,
        "params": params,
        "body_hex": body.hex(),
        "method": cap["method"],
        "query": [list(q) for q in query if not q[0].startswith("X-Amz-")],
        "signed_headers": sorted([k.lower(), v] for k, v in cap["headers"]
                                 if k.lower() != "host"),
        "canonical_request": cap["canonical_request"],
        "hoisted": hoisted,
        "url": url,
    }


def cases():
    out = []
    for place in PLACES:
        for pin_slug, pins in PIN_SETS:
            for body_slug, body in BODIES:
                out.append(one_case(
                    f"put-object-{pin_slug}-{body_slug}-{place[0]}",
                    "put_object", "uploads/pinned file.bin", place, pins, body))
                out.append(one_case(
                    f"upload-part-{pin_slug}-{body_slug}-{place[0]}",
                    "upload_part", "big/video.mp4", place, pins, body,
                    upload_id="2~Vx+Ab/cD=eF", part_number=7))
    # Session token, other times and expiries, part number bounds.
    place = PLACES[0]
    hello = BODIES[1][1]
    out.append(one_case("put-object-sha256-length-session-token", "put_object",
                        "k", place, ["ChecksumSHA256", "ContentLength"], hello,
                        token=TOKEN))
    out.append(one_case("upload-part-sha256-part-1", "upload_part", "k", place,
                        ["ChecksumSHA256", "ContentLength"], hello,
                        upload_id="id", part_number=1))
    out.append(one_case("upload-part-sha256-part-10000", "upload_part", "k",
                        place, ["ChecksumSHA256", "ContentLength"], hello,
                        upload_id="id", part_number=10000))
    out.append(one_case("put-object-all-sha256-week", "put_object", "k", place,
                        ["ChecksumSHA256", "ChecksumAlgorithm=SHA256",
                         "ContentLength", "ContentMD5"], hello,
                        time="2024-02-29T23:59:59Z", expires_in=604800))
    return out


def main():
    all_cases = cases()
    names = [c["name"] for c in all_cases]
    assert len(names) == len(set(names)), "duplicate case names"
    doc = {
        "botocore": botocore.__version__,
        "generator": GENERATOR,
        "cases": all_cases,
    }
    json.dump(doc, sys.stdout, indent=2, sort_keys=True, ensure_ascii=True)
    sys.stdout.write("\n")
    hoisting = [c["name"] for c in all_cases if c["hoisted"]]
    print(f"{len(all_cases)} cases; {len(hoisting)} with pins hoisted into the query",
          file=sys.stderr)


if __name__ == "__main__":
    main()
