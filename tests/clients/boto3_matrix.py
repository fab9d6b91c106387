"""boto3 against the verify_service example (tests/s3_clients.rs runs it).

Default configuration over https (the test's self-signed certificate in
AWS_CA_BUNDLE): botocore then sends PutObject / UploadPart as aws-chunked
with a CRC32 trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER). Each row prints
`ROW <name> ok` or `ROW <name> FAIL <why>`; the exit status is the number
of failed rows (capped at 100).

Environment: ENDPOINT, BUCKET, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_REGION, AWS_CA_BUNDLE, WORK (a scratch directory).
"""
import hashlib
import os
import sys
import time
import urllib.error
import urllib.request
import ssl

import boto3
import botocore
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["ENDPOINT"]
BUCKET = os.environ["BUCKET"]
WORK = os.environ["WORK"]
CTX = ssl.create_default_context(cafile=os.environ["AWS_CA_BUNDLE"])
failed = 0


def client(**kw):
    return boto3.client("s3", endpoint_url=ENDPOINT, **kw)


def row(name, fn):
    global failed
    try:
        fn()
        print(f"ROW {name} ok", flush=True)
    except Exception as e:  # noqa: BLE001 - every failure is a row
        failed += 1
        print(f"ROW {name} FAIL {type(e).__name__}: {e}", flush=True)


def code_of(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    return None, 200


def expect(got, want):
    if got != want:
        raise AssertionError(f"got {got!r}, want {want!r}")


def http(method, url, body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, context=CTX) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def code_in(body):
    text = body.decode("utf-8", "replace")
    a, b = text.find("<Code>"), text.find("</Code>")
    return text[a + 6 : b] if a >= 0 and b > a else text[:200]


s3 = client()
small = b"hello from boto3\n" * 100
big = os.urandom(9 * 1024 * 1024 + 12345)  # above the 8 MiB multipart threshold
small_path, big_path = os.path.join(WORK, "small.bin"), os.path.join(WORK, "big.bin")
open(small_path, "wb").write(small)
open(big_path, "wb").write(big)


def put_get():
    r = s3.put_object(Bucket=BUCKET, Key="boto3/put.txt", Body=small)
    expect(r["ETag"], '"%s"' % hashlib.md5(small).hexdigest())
    got = s3.get_object(Bucket=BUCKET, Key="boto3/put.txt")
    expect(got["Body"].read(), small)


def put_sends_aws_chunked_crc():
    seen = {}

    def capture(request, **_):
        for name in ("x-amz-content-sha256", "x-amz-trailer"):
            value = request.headers.get(name)
            seen[name] = value.decode() if isinstance(value, bytes) else value

    c = client()
    c.meta.events.register("before-send.s3.PutObject", capture)
    c.put_object(Bucket=BUCKET, Key="boto3/chunked.txt", Body=small)
    expect(seen.get("x-amz-content-sha256"), "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    expect(seen.get("x-amz-trailer"), "x-amz-checksum-crc32")


def upload_download_file():
    s3.upload_file(small_path, BUCKET, "boto3/file.bin")
    out = os.path.join(WORK, "small.out")
    s3.download_file(BUCKET, "boto3/file.bin", out)
    expect(open(out, "rb").read(), small)


def multipart_upload_download():
    s3.upload_file(big_path, BUCKET, "boto3/big.bin", Config=TransferConfig(multipart_threshold=8 << 20, multipart_chunksize=8 << 20))
    head = s3.head_object(Bucket=BUCKET, Key="boto3/big.bin")
    expect(head["ContentLength"], len(big))
    expect(head["ETag"].endswith('-2"'), True)
    out = os.path.join(WORK, "big.out")
    s3.download_file(BUCKET, "boto3/big.bin", out)
    expect(hashlib.sha256(open(out, "rb").read()).hexdigest(), hashlib.sha256(big).hexdigest())


def range_get():
    got = s3.get_object(Bucket=BUCKET, Key="boto3/put.txt", Range="bytes=6-9")
    expect(got["Body"].read(), small[6:10])
    expect(got["ResponseMetadata"]["HTTPStatusCode"], 206)


def list_v2():
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="boto3/", PaginationConfig={"PageSize": 2}):
        keys += [o["Key"] for o in page.get("Contents", [])]
    expect(sorted(keys), ["boto3/big.bin", "boto3/chunked.txt", "boto3/file.bin", "boto3/put.txt"])
    r = s3.list_objects_v2(Bucket=BUCKET, Delimiter="/")
    expect([p["Prefix"] for p in r.get("CommonPrefixes", [])], ["boto3/"])
    s3.put_object(Bucket=BUCKET, Key="odd/a b+c", Body=b"x")
    r = s3.list_objects_v2(Bucket=BUCKET, Prefix="odd/")  # boto3 asks encoding-type=url
    expect([o["Key"] for o in r["Contents"]], ["odd/a b+c"])


def delete():
    s3.delete_object(Bucket=BUCKET, Key="odd/a b+c")
    expect(code_of(lambda: s3.head_object(Bucket=BUCKET, Key="odd/a b+c")), ("404", 404))


def presigned_post():
    post = s3.generate_presigned_post(BUCKET, "boto3/posted/${filename}", Conditions=[["content-length-range", 1, 1000]], ExpiresIn=300)
    boundary = "----boto3matrix"
    parts = []
    for k, v in post["fields"].items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="form.txt"\r\n\r\n'.encode() + b"posted by boto3" + f"\r\n--{boundary}--\r\n".encode())
    status, body = http("POST", post["url"], b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    expect(status, 204)
    expect(s3.get_object(Bucket=BUCKET, Key="boto3/posted/form.txt")["Body"].read(), b"posted by boto3")


def presigned_get_put():
    # boto3 presigns SigV2 here (no signature_version configured), which
    # signs Content-Type: sign the one urllib sends.
    ct = "application/octet-stream"
    put = s3.generate_presigned_url("put_object", Params={"Bucket": BUCKET, "Key": "boto3/presigned.txt", "ContentType": ct}, ExpiresIn=300)
    expect(http("PUT", put, b"presigned body", {"Content-Type": ct})[0], 200)
    get = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "boto3/presigned.txt"}, ExpiresIn=300)
    expect(http("GET", get), (200, b"presigned body"))


# ---- tampered variants, refused with S3's codes


def tampered_signature():
    get = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "boto3/put.txt"}, ExpiresIn=300)
    name = "X-Amz-Signature=" if "X-Amz-Signature=" in get else "Signature="
    i = get.index(name) + len(name)
    while get[i] == "%":  # keep percent-escapes intact: flip a letter or digit
        i += 3
    c = get[i]
    flipped = get[:i] + {"0": "1", "a": "b", "A": "B"}.get(c, "0" if c.isdigit() else ("a" if c.islower() else "A")) + get[i + 1 :]
    status, body = http("GET", flipped)
    expect((status, code_in(body)), (403, "SignatureDoesNotMatch"))


def expired_url():
    get = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "boto3/put.txt"}, ExpiresIn=1)
    time.sleep(2)
    status, body = http("GET", get)
    expect((status, code_in(body)), (403, "AccessDenied"))


def wrong_secret():
    bad = client(aws_secret_access_key="not-the-secret", aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"])
    expect(code_of(lambda: bad.put_object(Bucket=BUCKET, Key="boto3/evil.txt", Body=b"evil")), ("SignatureDoesNotMatch", 403))
    expect(code_of(lambda: s3.head_object(Bucket=BUCKET, Key="boto3/evil.txt")), ("404", 404))


def body_changed():
    def flip(request, **_):
        body = request.body
        data = body.read() if hasattr(body, "read") else bytes(body)
        i = data.find(b"hello")  # a data byte inside the first chunk
        if i < 0:
            raise AssertionError(f"no data in the body to change: {data[:80]!r} ({type(body).__name__})")
        request.body = data[:i] + b"j" + data[i + 1 :]

    # One attempt: botocore retries BadDigest (the "contentmd5" policy of
    # its _retry.json) and would resend the already consumed stream.
    c = client(config=Config(retries={"total_max_attempts": 1}))
    c.meta.events.register("before-send.s3.PutObject", flip)
    expect(code_of(lambda: c.put_object(Bucket=BUCKET, Key="boto3/changed.txt", Body=small)), ("BadDigest", 400))
    expect(code_of(lambda: s3.head_object(Bucket=BUCKET, Key="boto3/changed.txt")), ("404", 404))


def unsigned_amz_header():
    def add(request, **_):
        request.headers["x-amz-copy-source"] = f"{BUCKET}/boto3/put.txt"

    c = client()
    c.meta.events.register("before-send.s3.PutObject", add)
    expect(code_of(lambda: c.put_object(Bucket=BUCKET, Key="boto3/unsigned.txt", Body=b"x")), ("AccessDenied", 403))


for name, fn in [
    ("put_object+get_object", put_get),
    ("put_object sends aws-chunked with a CRC32 trailer", put_sends_aws_chunked_crc),
    ("upload_file+download_file", upload_download_file),
    ("multipart upload_file (9 MiB)+download_file", multipart_upload_download),
    ("get_object Range", range_get),
    ("list_objects_v2 (paginated, delimiter, encoding-type=url)", list_v2),
    ("delete_object", delete),
    ("generate_presigned_post upload", presigned_post),
    ("generate_presigned_url PUT+GET", presigned_get_put),
    ("tampered: signature flipped", tampered_signature),
    ("tampered: expired URL", expired_url),
    ("tampered: wrong secret", wrong_secret),
    ("tampered: body changed", body_changed),
    ("tampered: unsigned x-amz-copy-source added", unsigned_amz_header),
]:
    row(name, fn)
print(f"boto3 {boto3.__version__} botocore {botocore.__version__}: {failed} failed", flush=True)
sys.exit(min(failed, 100))
