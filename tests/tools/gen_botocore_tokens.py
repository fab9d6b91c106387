#!/usr/bin/env python3
"""Generate a corpus of database and cluster tokens made by AWS's own tools.

The Rust tests of the `awssig` crate (tests/vectors/tokens_botocore.rs)
rebuild every case through `awssig::tokens` and compare byte for byte.

How to run (from the repository root)::

    python3 -m venv /tmp/tok-venv
    /tmp/tok-venv/bin/pip install boto3==1.44.5 botocore==1.44.5 awscli==1.46.3 \
        developer-toolkit-elasticache==1.1.0
    /tmp/tok-venv/bin/python tests/tools/gen_botocore_tokens.py > tests/data/botocore/tokens.json

Where each kind comes from:

* ``rds``: botocore's ``generate_db_auth_token`` (what ``aws rds
  generate-db-auth-token`` prints, less the newline);
* ``dsql``: botocore's ``generate_db_connect_auth_token`` and
  ``generate_db_connect_admin_auth_token``;
* ``eks``: the whole stdout (and stderr) of ``aws eks get-token
  --cluster-name C --region R``, run in-process through
  ``awscli.clidriver`` with ``KUBERNETES_EXEC_INFO`` set or not;
* ``elasticache``: ``generate_iam_auth_token`` of AWS's
  ``developer-toolkit-elasticache`` (botocore has no helper);
* ``memorydb``: no AWS tool makes one.  The MemoryDB developer guide's
  example (auth-iam.html: ``GET http://<cluster>/?Action=connect&User=<user>``
  presigned for ``memorydb``, 900 s, scheme stripped) is reproduced with
  botocore's ``SigV4QueryAuth`` exactly as the ElastiCache toolkit signs
  (``https://`` + lowercase cluster name, ``urlencode``d parameters).
  This kind is derived from the documentation, not from an AWS helper.

The script clears ``AWS_*``/``BOTO_*`` variables, points the config files at
/dev/null, forbids network access, and freezes the clock of botocore and of
the aws cli (``get_current_datetime`` in every module that imported it by
name).  Inputs come from a seeded ``random.Random``: two runs give identical
bytes.  Output: pretty-printed JSON, keys sorted, ASCII only.
"""

import os
import sys

for _name in list(os.environ):
    if _name.startswith(("AWS_", "BOTO_", "KUBERNETES_")):
        del os.environ[_name]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

import socket


def _no_network(*_args, **_kwargs):
    raise RuntimeError("gen_botocore_tokens: network access attempted")


socket.socket.connect = _no_network
socket.socket.connect_ex = _no_network
socket.create_connection = _no_network
socket.getaddrinfo = _no_network

import contextlib
import datetime as dt
import io
import json
import random
from urllib.parse import urlencode

import subprocess

if sys.argv[1:] == ["--eks-worker"]:
    # awscli 1.46 carries its own botocore (awscli/botocore, 1.43.x) and
    # puts it in sys.modules: the aws cli runs in a process of its own.
    import awscli
    import awscli.clidriver
    import awscli.compat
    import awscli.customizations.eks.get_token as eks_get_token
import botocore
import botocore.auth
import botocore.compat
import botocore.credentials
import botocore.session
import botocore.signers
import developer_toolkit_elasticache
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest

PINNED = {"botocore": "1.44.5", "awscli": "1.46.3",
          "awscli_botocore": "1.43.62"}
GENERATOR = "tests/tools/gen_botocore_tokens.py"
WORKER = sys.argv[1:] == ["--eks-worker"]
if WORKER:
    assert awscli.__version__ == PINNED["awscli"], awscli.__version__
    assert botocore.__version__ == PINNED["awscli_botocore"], botocore.__version__
else:
    assert botocore.__version__ == PINNED["botocore"], botocore.__version__
assert botocore.compat.HAS_CRT is False, "uninstall awscrt"

_NOW = [None]


def _frozen(remove_tzinfo=True):
    now = _NOW[0]
    if now is None:
        raise RuntimeError("the clock was read outside a case")
    return now if remove_tzinfo else now.replace(tzinfo=dt.timezone.utc)


_CLOCKS = [botocore.compat, botocore.auth, botocore.signers]
if WORKER:
    _CLOCKS += [awscli.compat, eks_get_token]
for _mod in _CLOCKS:
    if hasattr(_mod, "get_current_datetime"):
        _mod.get_current_datetime = _frozen
if WORKER:
    assert eks_get_token.get_current_datetime is _frozen

RNG = random.Random(26)

CREDS = [
    ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None),
    ("ASIAIOSFODNN7EXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
     "IQoJb3JpZ2luX2VjEA0aCXVzLWVhc3QtMSJIMEYCIQD/Ab+cD=/x+y//z=="),
    ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None),
]
REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1",
           "eu-central-1", "ap-southeast-1", "ap-northeast-1", "sa-east-1",
           "ca-central-1", "cn-north-1", "cn-northwest-1", "us-gov-west-1"]
LOWER = "abcdefghijklmnopqrstuvwxyz"
ALNUM = LOWER + LOWER.upper() + "0123456789"
USER_CHARS = ALNUM + "_-.@+=/ ~!*'()%:&?#$,;" + "\u00e9\u00fc\u4e2d\U0001F600"


def rand_time():
    base = dt.datetime(2000, 1, 1)
    t = base + dt.timedelta(seconds=RNG.randrange(0, 40 * 365 * 86400))
    if RNG.random() < 0.2:
        t = t.replace(microsecond=RNG.randrange(1, 1000000))
    return t


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def rand_label(n):
    s = RNG.choice(LOWER) + "".join(
        RNG.choice(LOWER + "0123456789-") for _ in range(n - 1))
    return s.strip("-") or "a"


def rand_case(s):
    return "".join(c.upper() if RNG.random() < 0.3 else c for c in s)


def rand_host(region, kind):
    if kind == "rds":
        r = RNG.random()
        if r < 0.1:
            return ".".join(str(RNG.randrange(0, 256)) for _ in range(4))
        host = (f"{rand_label(RNG.randrange(1, 20))}."
                f"{RNG.choice(['c9akciq32', 'cluster-ro-abc', 'proxy-x1'])}."
                f"{region}.rds.amazonaws.com")
        if region.startswith("cn-"):
            host += ".cn"
        return rand_case(host) if RNG.random() < 0.3 else host
    host = f"{''.join(RNG.choice(LOWER + '0123456789') for _ in range(26))}" \
           f".dsql.{region}.on.aws"
    return rand_case(host) if RNG.random() < 0.2 else host


def rand_user():
    n = RNG.randrange(1, 24)
    if RNG.random() < 0.5:
        return "".join(RNG.choice(ALNUM + "_") for _ in range(n))
    return "".join(RNG.choice(USER_CHARS) for _ in range(n))


def cred_fields(i):
    akid, secret, token = CREDS[i % len(CREDS)]
    return {"access_key_id": akid, "secret_access_key": secret,
            "session_token": token}


def session_for(c, region):
    s = botocore.session.Session()
    s.set_credentials(c["access_key_id"], c["secret_access_key"],
                      c["session_token"])
    return s


CASES = []


def add(kind, name, inputs, creds, time, out):
    case = {"kind": kind, "name": name, "time": iso(time), **inputs, **creds}
    case.update(out)
    CASES.append(case)


def rds_cases(n):
    ports = [1, 80, 443, 3306, 5432, 1433, 1521, 65535]
    for i in range(n):
        region = RNG.choice(REGIONS)
        host = rand_host(region, "rds")
        port = RNG.choice(ports) if RNG.random() < 0.6 else RNG.randrange(1, 65536)
        user = rand_user()
        creds, t = cred_fields(i), rand_time()
        _NOW[0] = t
        client = session_for(creds, region).create_client("rds", region_name=region)
        token = client.generate_db_auth_token(host, port, user)
        add("rds", f"rds-{i:03}", {"hostname": host, "port": port,
                                    "username": user, "region": region},
            creds, t, {"token": token})


def dsql_cases(n):
    for i in range(n):
        region = RNG.choice(REGIONS)
        host = rand_host(region, "dsql")
        admin = RNG.random() < 0.5
        expires = RNG.choice([None, 1, 60, 900, 3600, 604800,
                              RNG.randrange(1, 604801)])
        creds, t = cred_fields(i + 1), rand_time()
        _NOW[0] = t
        client = session_for(creds, region).create_client("dsql", region_name=region)
        fn = (client.generate_db_connect_admin_auth_token if admin
              else client.generate_db_connect_auth_token)
        kw = {} if expires is None else {"ExpiresIn": expires}
        token = fn(host, region, **kw)
        add("dsql", f"dsql-{i:03}", {"hostname": host, "region": region,
                                      "admin": admin,
                                      "expires_in": expires or 900},
            creds, t, {"token": token})


EXEC_INFOS = [
    None,
    '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}',
    '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{}}',
    '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1alpha1","spec":{}}',
    '{"apiVersion":"client.authentication.k8s.io/v2"}',
    '{not json',
]


def aws_cli(args, env):
    saved = dict(os.environ)
    os.environ.update({k: v for k, v in env.items() if v is not None})
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = awscli.clidriver.create_clidriver().main(args)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return rc, out.getvalue(), err.getvalue()


def eks_cases(n):
    jobs = []
    for i in range(n):
        region = RNG.choice(REGIONS)
        m = RNG.randrange(1, 100)
        cluster = RNG.choice(ALNUM) + "".join(
            RNG.choice(ALNUM + "-_") for _ in range(m - 1))
        info = EXEC_INFOS[(i // 3) % len(EXEC_INFOS)] if i % 3 == 0 else None
        creds, t = cred_fields(i + 2), rand_time()
        jobs.append({"name": f"eks-{i:03}", "cluster_name": cluster,
                     "region": region, "kubernetes_exec_info": info,
                     "creds": creds, "time": iso(t)})
    done = subprocess.run([sys.executable, __file__, "--eks-worker"],
                          input=json.dumps(jobs), capture_output=True,
                          text=True, check=True)
    for job, result in zip(jobs, json.loads(done.stdout)):
        creds = job.pop("creds")
        t = dt.datetime.strptime(job.pop("time"), "%Y-%m-%dT%H:%M:%S.%fZ")
        name = job.pop("name")
        add("eks", name, job, creds, t, result)


def eks_worker():
    """Runs `aws eks get-token` in-process for each job on stdin."""
    results = []
    for job in json.load(sys.stdin):
        c = job["creds"]
        _NOW[0] = dt.datetime.strptime(job["time"], "%Y-%m-%dT%H:%M:%S.%fZ")
        env = {"AWS_ACCESS_KEY_ID": c["access_key_id"],
               "AWS_SECRET_ACCESS_KEY": c["secret_access_key"],
               "AWS_SESSION_TOKEN": c["session_token"],
               "KUBERNETES_EXEC_INFO": job["kubernetes_exec_info"]}
        rc, out, err = aws_cli(["eks", "get-token", "--cluster-name",
                                job["cluster_name"], "--region",
                                job["region"]], env)
        assert rc == 0, (rc, err)
        results.append({"stdout": out, "stderr": err})
    sys.stdout.write(json.dumps(results))


def frozen_credentials(c):
    return botocore.credentials.Credentials(
        c["access_key_id"], c["secret_access_key"], c["session_token"])


def rand_cache_name():
    n = RNG.randrange(1, 41)
    parts, s = [], RNG.choice(LOWER)
    while len(s) < n:
        s += RNG.choice(LOWER + "0123456789" + "-" * 2)
        s = s.replace("--", "-")
    s = s[:n].rstrip("-") or "a"
    return rand_case(s) if RNG.random() < 0.3 else s


def rand_cache_user(prefix_ok):
    n = RNG.randrange(1, 30)
    u = RNG.choice(LOWER) + "".join(
        RNG.choice(LOWER + "0123456789-") for _ in range(n - 1))
    if prefix_ok and RNG.random() < 0.2:
        u = "default." + u
    return rand_case(u) if RNG.random() < 0.3 else u


def elasticache_cases(n):
    for i in range(n):
        region = RNG.choice(REGIONS)
        name, user = rand_cache_name(), rand_cache_user(True)
        serverless = RNG.random() < 0.5
        creds, t = cred_fields(i), rand_time()
        _NOW[0] = t
        target = ({"serverless_cache_name": name} if serverless
                  else {"replication_group_id": name})
        token = developer_toolkit_elasticache.generate_iam_auth_token(
            user_id=user, region=region,
            credentials=frozen_credentials(creds), **target)
        add("elasticache", f"elasticache-{i:03}",
            {"cache_name": name, "user_id": user, "region": region,
             "serverless": serverless}, creds, t, {"token": token})


def memorydb_token(cluster, user, region, creds):
    params = {"Action": "connect", "User": user}
    url = f"https://{cluster.lower()}/?{urlencode(params)}"
    request = AWSRequest(method="GET", url=url)
    SigV4QueryAuth(frozen_credentials(creds).get_frozen_credentials(),
                   "memorydb", region, expires=900).add_auth(request)
    return request.url.removeprefix("https://")


def memorydb_cases(n):
    for i in range(n):
        region = RNG.choice(REGIONS)
        name, user = rand_cache_name(), rand_cache_user(False)
        creds, t = cred_fields(i + 1), rand_time()
        _NOW[0] = t
        token = memorydb_token(name, user, region, creds)
        add("memorydb", f"memorydb-{i:03}",
            {"cluster_name": name, "username": user, "region": region},
            creds, t, {"token": token})


def spot_checks():
    by = {c["name"]: c for c in CASES}
    assert by["rds-000"]["token"].startswith(by["rds-000"]["hostname"] + ":")
    assert "ResourceType=ServerlessCache" in "".join(
        c["token"] for c in CASES if c["kind"] == "elasticache")
    eks = [c for c in CASES if c["kind"] == "eks"]
    assert all(c["stdout"].endswith("}\n\n") for c in eks)
    assert any(c["stderr"] for c in eks)


def main():
    if WORKER:
        eks_worker()
        return
    rds_cases(160)
    dsql_cases(100)
    eks_cases(90)
    elasticache_cases(80)
    memorydb_cases(60)
    _NOW[0] = None
    spot_checks()
    print(f"{len(CASES)} cases", file=sys.stderr)
    corpus = {"generator": GENERATOR, "botocore": botocore.__version__,
              "awscli": PINNED["awscli"],
              "awscli_botocore": PINNED["awscli_botocore"],
              "developer_toolkit_elasticache": "1.1.0", "cases": CASES}
    sys.stdout.write(json.dumps(corpus, indent=2, sort_keys=True,
                                ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
