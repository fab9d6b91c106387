#!/usr/bin/env python3
"""Generate a corpus of SigV4A signatures made by botocore's CRT signers.

``tests/vectors/sigv4a_botocore.rs`` verifies every signed request with
awssig's verifier (the CRT's ECDSA signatures are randomized, so they are
checked by verifying, not compared), and checks that awssig signs the same
headers / query parameters for the same inputs.

How to run (from the repository root)::

    python3 -m venv target/crt-venv
    target/crt-venv/bin/pip install botocore==1.44.5 awscrt==0.38.1
    target/crt-venv/bin/python tests/tools/gen_botocore_sigv4a.py > tests/data/botocore/sigv4a.json

What the script does:

* freezes the clock the CRT signers read (``get_current_datetime`` in
  ``botocore.crt.auth``) at each case's time;
* signs hand-built ``AWSRequest``s with ``CrtSigV4AsymAuth``,
  ``CrtS3SigV4AsymAuth`` (headers) and ``CrtSigV4AsymQueryAuth``,
  ``CrtS3SigV4AsymQueryAuth`` (presigned URLs): random methods, hosts
  (a multi-region access point's among them), paths with unreserved and
  escaped characters, query parameters, ``x-amz-meta-*`` and
  ``content-type`` headers, bodies, session tokens, region sets ``*``, one
  region, two regions, expiries;
* records the inputs and the signed request: ``url`` (after signing) and
  ``headers`` (every header as sent, in order);
* presigns 24 object URLs on a multi-region access point with a botocore
  S3 client's ``generate_presigned_url`` (the ARN as the bucket: botocore
  needs awscrt for it), keys with spaces, unicode and reserved characters,
  ``get_object``/``put_object``/``head_object``/``delete_object``, and
  several expiries: ``mrap`` records the ARN, key, method, expiry, time
  and ``url``.

Output: one JSON object on stdout, keys sorted, ASCII only. The ECDSA
nonces are random, so two runs differ in the signatures only.
"""

import datetime
import json
import os
import random
import sys

for _k in list(os.environ):
    if _k.startswith(("AWS_", "BOTO_")):
        del os.environ[_k]
os.environ["AWS_CONFIG_FILE"] = "/dev/null"
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"

import awscrt
import botocore
import botocore.auth  # noqa: F401  (imports botocore.crt.auth in order)
import botocore.crt.auth as crt
import botocore.session
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

assert botocore.__version__ == "1.44.5", botocore.__version__

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN/+="
HOSTS = [
    "examplebucket.s3.amazonaws.com",
    "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com",
    "example.amazonaws.com",
]
SETS = ["*", "us-east-1", "us-east-1,us-west-2"]
PATH_CHARS = "abcXYZ019-._~"


def main() -> None:
    rnd = random.Random(25)
    cases = []
    for i in range(240):
        s3 = i % 2 == 0
        query_mode = (i // 2) % 2 == 1
        method = rnd.choice(["GET", "PUT", "HEAD", "DELETE"] if s3 else ["GET", "POST"])
        host = rnd.choice(HOSTS[:2] if s3 else HOSTS[2:])
        segs = []
        for _ in range(rnd.randint(1, 4)):
            seg = "".join(rnd.choice(PATH_CHARS) for _ in range(rnd.randint(0, 8)))
            if rnd.random() < 0.3:
                seg += "%20" + rnd.choice(["x", "%2B", "y"])
            segs.append(seg)
        path = "/" + "/".join(segs)
        query = [(f"p{j}", str(rnd.randint(0, 999))) for j in range(rnd.randint(0, 3))]
        headers = [("host", host)]
        for j in range(rnd.randint(0, 3)):
            headers.append((f"x-amz-meta-k{j}", f"v{rnd.randint(0, 99)}"))
        if rnd.random() < 0.3:
            headers.append(("content-type", "text/plain"))
        body = b""
        if not query_mode and method in ("PUT", "POST") and rnd.random() < 0.7:
            body = bytes(rnd.choice(b"abc ") for _ in range(rnd.randint(1, 40)))
        token = TOKEN if rnd.random() < 0.3 else None
        region_set = rnd.choice(SETS)
        unix = 1_700_000_000 + rnd.randint(0, 10_000_000)
        expires = rnd.choice([60, 900, 3600, 604800])
        url = f"https://{host}{path}"
        if query:
            url += "?" + "&".join(f"{n}={v}" for n, v in query)
        req = AWSRequest(method=method, url=url, data=body, headers=dict(headers))
        when = datetime.datetime.fromtimestamp(unix, datetime.timezone.utc)
        crt.get_current_datetime = lambda remove_tzinfo=True, _w=when: _w
        creds = Credentials(AKID, SECRET, token)
        service = "s3" if s3 else "service"
        if query_mode:
            cls = crt.CrtS3SigV4AsymQueryAuth if s3 else crt.CrtSigV4AsymQueryAuth
            cls(creds, service, region_set, expires=expires).add_auth(req)
        else:
            cls = crt.CrtS3SigV4AsymAuth if s3 else crt.CrtSigV4AsymAuth
            cls(creds, service, region_set).add_auth(req)
        cases.append({
            "id": i,
            "service": service,
            "mode": "query" if query_mode else "header",
            "method": method,
            "input_url": url,
            "input_headers": headers,
            "body_hex": body.hex(),
            "session_token": token,
            "region_set": region_set,
            "unix": unix,
            "expires": expires if query_mode else None,
            "url": req.url,
            "headers": [[k, v] for k, v in req.headers.items()],
        })
    mrap = []
    arn = "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap"
    keys = ["a b/c.txt", "photos/2024/cat.jpg", "caf\u00e9/\u00fcber.txt", "x+y=z&w?#%.bin", "a//b/./c", "~tilde*star'quote"]
    methods = ["get_object", "put_object", "head_object", "delete_object"]
    client = botocore.session.get_session().create_client(
        "s3", region_name="us-west-2", aws_access_key_id=AKID, aws_secret_access_key=SECRET
    )
    for i in range(24):
        unix = 1_700_000_000 + rnd.randint(0, 10_000_000)
        when = datetime.datetime.fromtimestamp(unix, datetime.timezone.utc)
        crt.get_current_datetime = lambda remove_tzinfo=True, _w=when: _w
        key, method = keys[i % len(keys)], methods[i % len(methods)]
        expires = rnd.choice([60, 900, 3600, 604800])
        url = client.generate_presigned_url(method, Params={"Bucket": arn, "Key": key}, ExpiresIn=expires)
        mrap.append({"id": i, "arn": arn, "key": key, "client_method": method,
                     "expires": expires, "unix": unix, "url": url})
    doc = {
        "mrap": mrap,
        "generator": "tests/tools/gen_botocore_sigv4a.py",
        "botocore": botocore.__version__,
        "awscrt": awscrt.__version__,
        "access_key_id": AKID,
        "secret_access_key": SECRET,
        "cases": cases,
    }
    json.dump(doc, sys.stdout, indent=1, sort_keys=True, ensure_ascii=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
