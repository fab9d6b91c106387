#!/usr/bin/env python3
"""Generate a corpus of profile resolutions made by botocore.

``tests/vectors/credentials_botocore.rs`` runs every case through
``ProfileSet::parse`` + ``ProfileSet::resolve`` (and
``credentials::process::parse_output`` on the recorded output of the
case's ``credential_process``) and compares the result with botocore's,
field by field.

How to run (from the repository root)::

    python3 -m venv /tmp/bc-prof
    /tmp/bc-prof/bin/pip install botocore==1.44.5
    /tmp/bc-prof/bin/python tests/tools/gen_botocore_profiles.py > tests/data/botocore/profiles.json

awscrt must NOT be installed (the script asserts ``botocore.compat.HAS_CRT``
is False) and the pinned version is checked.

Each case is a config file text, a credentials file text (either may be
absent) and a profile name. The script writes the two texts to a temporary
directory, points ``AWS_CONFIG_FILE`` / ``AWS_SHARED_CREDENTIALS_FILE`` at
them, and asks ``botocore.session.Session(profile=name).get_credentials()``
with a clean environment (no ``AWS_*``/``BOTO_*`` variables, ``HOME`` in
the temporary directory, ``BOTO_CONFIG`` at ``/dev/null``, IMDS disabled,
no network). It records:

* ``result``: ``credentials``, ``none`` (botocore found nothing in the
  files and would go on to IMDS) or ``error``;
* ``error``: botocore's exception class name;
* ``method``: the winning provider's ``METHOD`` (``shared-credentials-file``,
  ``config-file``, ``custom-process``, ``assume-role``,
  ``assume-role-with-web-identity``, ``sso``);
* ``source``: where the first credentials come from: the provider METHOD
  and, for static keys and processes, the credentials botocore read
  (``access_key_id``, ``secret_access_key``, ``session_token`` exactly as
  botocore holds them, ``expiry`` as UTC RFC 3339); for web identity the
  role and token file; for SSO the start URL, region, account, role and
  session name; for ``credential_source`` its name;
* ``roles``: for ``assume-role``, the roles in the order they would be
  assumed (first = the one the source credentials assume), each with the
  ``AssumeRole`` arguments botocore would send (``RoleSessionName``,
  ``ExternalId``, ``SerialNumber``, ``DurationSeconds``);
* ``region``: ``session.get_config_variable('region')``.

Nothing calls STS, SSO or IMDS: botocore's assume-role, web-identity and
SSO providers return deferred credentials whose fetchers the script
inspects (they are recorded when built), and ``credential_source`` is
answered by a stub that returns a marker (the real sources read the
environment or IMDS, which the clean environment leaves empty).
``credential_process`` commands do run: each is a ``printf '%s' '<json>'``
(or ``false``) command line, split by botocore with ``shlex`` and run
without a shell; the script records each command's exit code and standard
output in ``processes`` so the Rust test never runs a process.

Time is frozen at ``now`` (2026-01-01T00:00:00Z) for botocore's refresh
logic (``RefreshableCredentials._time_fetcher``), so an ``Expiration`` in
the past or near future behaves the same on every run.

Output: one JSON object on stdout, keys sorted, ASCII only, trailing newline.
Two runs give identical bytes.
"""

import os
import sys

for _name in list(os.environ):
    if _name.startswith(("AWS_", "BOTO_")):
        del os.environ[_name]
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
os.environ["BOTO_CONFIG"] = os.devnull

import socket


def _no_network(*_args, **_kwargs):
    raise RuntimeError("gen_botocore_profiles: network access attempted")


socket.socket.connect = _no_network
socket.socket.connect_ex = _no_network
socket.create_connection = _no_network
socket.getaddrinfo = _no_network

import datetime
import json
import shlex
import subprocess
import tempfile

import botocore
import botocore.compat
import botocore.credentials as bc
import botocore.session

PINNED_BOTOCORE = "1.44.5"
GENERATOR = "tests/tools/gen_botocore_profiles.py"

assert botocore.__version__ == PINNED_BOTOCORE, botocore.__version__
assert botocore.compat.HAS_CRT is False, "uninstall awscrt"

NOW = datetime.datetime(2026, 1, 1, 0, 0, 0, tzinfo=datetime.timezone.utc)
NOW_TEXT = "2026-01-01T00:00:00Z"


def _frozen_now():
    return NOW


# --------------------------------------------------------------------------
# Capture: fetchers as botocore builds them, process outputs.
# --------------------------------------------------------------------------
_FETCHERS = {}   # id(fetcher) -> description
_PROCESSES = {}  # command -> {"exit_code", "stdout"}


def _wrap_init(cls, describe):
    orig = cls.__init__

    def __init__(self, *args, **kwargs):
        orig(self, *args, **kwargs)
        _FETCHERS[id(self)] = (self, describe(self, kwargs))

    cls.__init__ = __init__


def _describe_assume_role(fetcher, kwargs):
    extra = kwargs.get("extra_args") or {}
    return {
        "role_arn": kwargs["role_arn"],
        "role_session_name": extra.get("RoleSessionName"),
        "external_id": extra.get("ExternalId"),
        "mfa_serial": extra.get("SerialNumber"),
        "duration_seconds": extra.get("DurationSeconds"),
        "source_credentials": kwargs["source_credentials"],
    }


def _describe_web_identity(fetcher, kwargs):
    extra = kwargs.get("extra_args") or {}
    return {
        "method": "assume-role-with-web-identity",
        "role_arn": kwargs["role_arn"],
        "token_file": kwargs["web_identity_token_loader"]._web_identity_token_path,
        "role_session_name": extra.get("RoleSessionName"),
    }


def _describe_sso(fetcher, kwargs):
    return {
        "method": "sso",
        "start_url": kwargs["start_url"],
        "region": kwargs["sso_region"],
        "account_id": kwargs["account_id"],
        "role_name": kwargs["role_name"],
        "session_name": kwargs.get("sso_session_name"),
    }


_wrap_init(bc.AssumeRoleCredentialFetcher, _describe_assume_role)
_wrap_init(bc.AssumeRoleWithWebIdentityCredentialFetcher, _describe_web_identity)
_wrap_init(bc.SSOCredentialFetcher, _describe_sso)


def _stub_source_credentials(self, source_name):
    if not self.is_supported(source_name):
        return None
    creds = bc.Credentials("CREDENTIAL-SOURCE-STUB", "stub", method="credential_source")
    creds.credential_source = source_name
    return creds


bc.CanonicalNameCredentialSourcer.source_credentials = _stub_source_credentials

_orig_retrieve = bc.ProcessProvider._retrieve_credentials_using


def _recording_retrieve(self, credential_process):
    run = subprocess.run(shlex.split(credential_process), capture_output=True,
                         check=False, env={"PATH": "/usr/bin:/bin"})
    _PROCESSES[credential_process] = {
        "exit_code": run.returncode,
        "stdout": run.stdout.decode("utf-8"),
    }
    return _orig_retrieve(self, credential_process)


bc.ProcessProvider._retrieve_credentials_using = _recording_retrieve


def _fetcher_of(creds):
    refresh = creds._refresh_using
    refresh = getattr(refresh, "_refresh", refresh)  # the MFA wrapper
    return _FETCHERS[id(refresh.__self__)][1]


def _iso(dt):
    dt = dt.astimezone(datetime.timezone.utc)
    frac = f".{dt.microsecond:06d}" if dt.microsecond else ""
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + frac + "Z"


def _describe(creds):
    """The source credentials: a dict; and the roles above them."""
    method = creds.method
    if method == "assume-role":
        desc = dict(_fetcher_of(creds))
        source, roles = _describe(desc.pop("source_credentials"))
        return source, roles + [desc]
    if method in ("assume-role-with-web-identity", "sso"):
        return dict(_fetcher_of(creds)), []
    if method == "credential_source":
        return {"method": "credential_source", "name": creds.credential_source}, []
    if isinstance(creds, bc.RefreshableCredentials):
        creds._time_fetcher = _frozen_now
    frozen = creds.get_frozen_credentials()
    out = {
        "method": method,
        "access_key_id": frozen.access_key,
        "secret_access_key": frozen.secret_key,
        "session_token": frozen.token,
        "account_id": frozen.account_id,
        "expiry": None,
    }
    if isinstance(creds, bc.RefreshableCredentials):
        out["expiry"] = _iso(creds._expiry_time)
    return out, []


# --------------------------------------------------------------------------
# Cases.
# --------------------------------------------------------------------------
CASES = []

AK, SK = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
AK2, SK2 = "AKIDCONFIGEXAMPLE", "config/secret+EXAMPLE"
AK3, SK3 = "ASIASOURCEEXAMPLE", "source/secret=EXAMPLE"
TOKEN = "IQoJb3JpZ2luX2VjEA0aCXVzLWVhc3QtMSJIMEYCIQD/Ab+cD=/x+y//z=="
ROLE = "arn:aws:iam::123456789012:role/"


def keys(ak=AK, sk=SK, token=None):
    s = f"aws_access_key_id = {ak}\naws_secret_access_key = {sk}\n"
    if token is not None:
        s += f"aws_session_token = {token}\n"
    return s


def process(doc):
    """A credential_process command line that prints ``doc`` (a dict, or
    a raw text)."""
    text = doc if isinstance(doc, str) else json.dumps(doc)
    assert "'" not in text
    return f"printf '%s' '{text}'"


def case(name, profile, config=None, credentials=None):
    CASES.append({"name": name, "profile": profile, "config": config,
                  "credentials": credentials})


def run(c):
    _FETCHERS.clear()
    _PROCESSES.clear()
    with tempfile.TemporaryDirectory() as d:
        os.environ["HOME"] = d
        for key, env in (("config", "AWS_CONFIG_FILE"),
                         ("credentials", "AWS_SHARED_CREDENTIALS_FILE")):
            path = os.path.join(d, key)
            if c[key] is not None:
                with open(path, "w", newline="") as f:
                    f.write(c[key])
            os.environ[env] = path
        out = {"result": None, "error": None, "method": None, "source": None,
               "roles": [], "region": None}
        try:
            session = botocore.session.Session(profile=c["profile"])
            creds = session.get_credentials()
            if creds is None:
                out["result"] = "none"
            else:
                out["method"] = creds.method
                out["source"], out["roles"] = _describe(creds)
                out["result"] = "credentials"
                out["region"] = session.get_config_variable("region")
        except Exception as e:  # noqa: BLE001 - the class name is the record
            out["result"] = "error"
            out["error"] = type(e).__name__
            out["source"], out["roles"] = None, []
        c["processes"] = dict(sorted(_PROCESSES.items()))
        c["expect"] = out


def static_cases():
    variants = [
        ("credentials-default", "default", None, "[default]\n" + keys()),
        ("credentials-named", "dev", None, "[dev]\n" + keys()),
        ("config-default", "default", "[default]\n" + keys(), None),
        ("config-profile-default", "default", "[profile default]\n" + keys(), None),
        ("config-named", "dev", "[profile dev]\n" + keys(), None),
        ("config-bare-named-is-not-a-profile", "dev", "[dev]\n" + keys(), None),
        ("credentials-profile-prefix-is-not-a-profile", "dev", None,
         "[profile dev]\n" + keys()),
        ("both-files-credentials-win", "default", "[default]\n" + keys(AK2, SK2),
         "[default]\n" + keys()),
        ("both-files-named-credentials-win", "dev", "[profile dev]\n" + keys(AK2, SK2),
         "[dev]\n" + keys()),
        ("config-keys-credentials-file-other-profile", "dev",
         "[profile dev]\n" + keys(AK2, SK2), "[other]\n" + keys()),
        ("token", "default", None, "[default]\n" + keys(token=TOKEN)),
        ("token-in-config", "dev", "[profile dev]\n" + keys(token=TOKEN), None),
        ("token-from-config-keys-from-credentials", "dev",
         f"[profile dev]\naws_session_token = {TOKEN}\n", "[dev]\n" + keys()),
        ("account-id", "dev", None, "[dev]\n" + keys() + "aws_account_id = 123456789012\n"),
        ("region-from-config", "dev", "[profile dev]\nregion = eu-west-1\n",
         "[dev]\n" + keys()),
        ("region-from-credentials-file", "dev", None,
         "[dev]\n" + keys() + "region = ap-south-1\n"),
        ("profile-missing", "nope", "[default]\n" + keys(), "[dev]\n" + keys()),
        ("no-files", "default", None, None),
        ("empty-files", "default", "", ""),
        ("profile-without-keys", "dev", "[profile dev]\nregion = us-east-1\n", None),
        ("only-secret", "dev", None, f"[dev]\naws_secret_access_key = {SK}\n"),
        ("only-token", "dev", None, f"[dev]\naws_session_token = {TOKEN}\n"),
        ("only-access-key-credentials", "dev", None, f"[dev]\naws_access_key_id = {AK}\n"),
        ("only-access-key-config", "dev", f"[profile dev]\naws_access_key_id = {AK}\n", None),
        ("access-key-in-credentials-secret-in-config", "dev",
         f"[profile dev]\naws_secret_access_key = {SK}\n",
         f"[dev]\naws_access_key_id = {AK}\n"),
        ("secret-in-credentials-access-key-in-config", "dev",
         f"[profile dev]\naws_access_key_id = {AK}\n",
         f"[dev]\naws_secret_access_key = {SK}\n"),
        ("legacy-security-token", "dev", None,
         "[dev]\n" + keys() + f"aws_security_token = {TOKEN}\n"),
        ("default-then-profile-default", "default",
         "[default]\n" + keys(AK2, SK2) + "[profile default]\n" + keys(), None),
        ("profile-default-then-default", "default",
         "[profile default]\n" + keys() + "[default]\n" + keys(AK2, SK2), None),
        ("profile-default-keys-credentials-default", "default",
         "[profile default]\nregion = eu-west-1\n", "[default]\n" + keys()),
        ("default-named-dev-picks-dev", "dev",
         "[default]\n" + keys(AK2, SK2) + "[profile dev]\n" + keys(), None),
        ("dev-missing-falls-not-to-default", "dev", "[default]\n" + keys(), None),
    ]
    for name, profile, config, credentials in variants:
        case(f"static/{name}", profile, config, credentials)


def format_cases():
    """One profile with static keys and a region, written many ways."""
    forms = [
        ("plain", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("no-spaces", "[profile dev]\n", f"aws_access_key_id={AK}\naws_secret_access_key={SK}\nregion=eu-west-1\n"),
        ("tabs", "[profile dev]\n", f"aws_access_key_id\t=\t{AK}\naws_secret_access_key =\t{SK}\t\nregion = eu-west-1\n"),
        ("crlf", "[profile dev]\r\n", f"aws_access_key_id = {AK}\r\naws_secret_access_key = {SK}\r\nregion = eu-west-1\r\n"),
        ("upper-case-keys", "[profile dev]\n", f"AWS_ACCESS_KEY_ID = {AK}\nAWS_SECRET_ACCESS_KEY = {SK}\nREGION = eu-west-1\n"),
        ("mixed-case-keys", "[profile dev]\n", f"Aws_Access_Key_Id = {AK}\naws_SECRET_access_KEY = {SK}\nRegion = eu-west-1\n"),
        ("hash-comment-lines", "# top\n[profile dev]\n# inside\n", f"aws_access_key_id = {AK}\n# between\naws_secret_access_key = {SK}\nregion = eu-west-1\n# end\n"),
        ("semicolon-comment-lines", "; top\n[profile dev]\n; inside\n", f"aws_access_key_id = {AK}\n; between\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("comment-after-section", "[profile dev] # the dev profile\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("semicolon-after-section", "[profile dev] ; the dev profile\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("inline-hash-comment-region", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1 # Ireland\n"),
        ("inline-semicolon-comment-region", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1 ; Ireland\n"),
        ("inline-hash-comment-secret", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK} # rotated\nregion = eu-west-1\n"),
        ("adjacent-hash-kept", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}#kept\nregion = eu-west-1\n"),
        ("adjacent-semicolon-kept", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK};kept\nregion = eu-west-1\n"),
        ("blank-lines", "\n\n[profile dev]\n\n", f"aws_access_key_id = {AK}\n\naws_secret_access_key = {SK}\n\nregion = eu-west-1\n\n"),
        ("whitespace-lines", " \n[profile dev]\n\t\n", f"aws_access_key_id = {AK}\n  \naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("continued-region", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n  continued\n"),
        ("sub-properties", "[profile dev]\n", f"aws_access_key_id = {AK}\ns3 =\n  addressing_style = path\n  max_concurrent_requests = 20\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("sub-properties-last", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\ns3 =\n  addressing_style = path\n"),
        ("blank-region", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion =\n"),
        ("blank-session-token", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\naws_session_token =\nregion = eu-west-1\n"),
        ("blank-access-key", "[profile dev]\n", f"aws_access_key_id =\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("blank-secret", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key =\nregion = eu-west-1\n"),
        ("equals-in-value", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = a=b==\nregion = eu-west-1\n"),
        ("duplicate-key", "[profile dev]\n", f"aws_access_key_id = AKIDFIRST\naws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("duplicate-key-other-case", "[profile dev]\n", f"aws_access_key_id = AKIDFIRST\nAWS_ACCESS_KEY_ID = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("duplicate-section", "[profile dev]\n", f"aws_access_key_id = {AK}\n[profile dev]\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("section-spaces-inside", "[ profile   dev ]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("section-tab-separator", "[profile\tdev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("other-sections-around", "[preview]\ncloudfront = true\n[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n[plugins]\nfoo = bar\n"),
        ("colon-separator", "[profile dev]\n", f"aws_access_key_id: {AK}\naws_secret_access_key: {SK}\nregion: eu-west-1\n"),
        ("no-final-newline", "[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1"),
        ("unicode-comment", "# caf\u00e9 \u2603\n[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("missing-bracket", "[profile dev\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
        ("property-before-section", f"region = eu-west-1\n[profile dev]\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\n"),
        ("line-without-equals", "[profile dev]\njust some words\n", f"aws_access_key_id = {AK}\naws_secret_access_key = {SK}\nregion = eu-west-1\n"),
    ]
    for slug, head, body in forms:
        case(f"format/config/{slug}", "dev", head + body, None)
        # The same in the credentials file: the section has no prefix.
        text = (head + body).replace("[profile dev", "[dev") \
            .replace("[profile\tdev]", "[dev]").replace("[ profile   dev ]", "[ dev ]")
        case(f"format/credentials/{slug}", "dev", None, text)


PROC_STATIC = {"Version": 1, "AccessKeyId": "ASIAPROCESSEXAMPLE",
               "SecretAccessKey": "process/secret+EXAMPLE"}


def proc(**extra):
    d = dict(PROC_STATIC)
    for k, v in extra.items():
        if v is None:
            d.pop(k, None)
        else:
            d[k] = v
    return d


def process_cases():
    outputs = [
        ("no-expiration", proc()),
        ("session-token", proc(SessionToken=TOKEN)),
        ("expiration-z", proc(SessionToken=TOKEN, Expiration="2026-01-01T01:00:00Z")),
        ("expiration-offset-utc", proc(SessionToken=TOKEN, Expiration="2026-01-01T01:00:00+00:00")),
        ("expiration-fraction", proc(SessionToken=TOKEN, Expiration="2026-01-01T01:00:00.123456Z")),
        ("expiration-other-offset", proc(SessionToken=TOKEN, Expiration="2026-01-01T03:00:00+02:00")),
        ("expiration-far", proc(Expiration="2099-12-31T23:59:59Z")),
        ("expiration-past", proc(SessionToken=TOKEN, Expiration="2025-12-31T23:00:00Z")),
        ("account-id", proc(AccountId="123456789012")),
        ("null-session-token", proc(SessionToken=None)),
        ("version-missing", proc(Version=None)),
        ("version-2", proc(Version=2)),
        ("version-string", proc(Version="1")),
        ("secret-missing", proc(SecretAccessKey=None)),
        ("access-key-missing", proc(AccessKeyId=None)),
        ("extra-fields", proc(Extra="ignored", Nested={"a": [1, 2]})),
        ("not-json", "this is not json"),
    ]
    for slug, out in outputs:
        case(f"process/config/{slug}", "dev",
             f"[profile dev]\ncredential_process = {process(out)}\n", None)
    for slug, out in outputs[:3]:
        case(f"process/credentials/{slug}", "dev", None,
             f"[dev]\ncredential_process = {process(out)}\n")
    exp = process(proc(SessionToken=TOKEN, Expiration="2026-01-01T06:00:00Z"))
    case("process/exits-non-zero", "dev", "[profile dev]\ncredential_process = false\n", None)
    case("process/default-profile", "default", f"[default]\ncredential_process = {exp}\n", None)
    # Precedence (the aws cli's provider order).
    case("process/credentials-keys-beat-process", "dev",
         f"[profile dev]\ncredential_process = {exp}\n", "[dev]\n" + keys())
    case("process/credentials-keys-beat-process-same-file", "dev", None,
         f"[dev]\ncredential_process = {exp}\n" + keys())
    case("process/process-beats-config-keys", "dev",
         f"[profile dev]\ncredential_process = {exp}\n" + keys(AK2, SK2), None)
    case("process/process-in-credentials-beats-config-keys", "dev",
         "[profile dev]\n" + keys(AK2, SK2), f"[dev]\ncredential_process = {exp}\n")
    case("process/credentials-process-overrides-config-process", "dev",
         f"[profile dev]\ncredential_process = {process(proc())}\n",
         f"[dev]\ncredential_process = {exp}\n")
    case("process/inline-comment", "dev",
         f"[profile dev]\ncredential_process = {exp} # from the vault\n", None)
    case("process/blank", "dev", "[profile dev]\ncredential_process =\n", None)
    case("process/upper-case-key", "dev", f"[profile dev]\nCREDENTIAL_PROCESS = {exp}\n", None)
    case("process/with-region", "dev",
         f"[profile dev]\nregion = us-west-2\ncredential_process = {exp}\n", None)


def role_cases():
    r = lambda n: ROLE + n  # noqa: E731
    src_keys = "[profile src]\n" + keys(AK3, SK3)
    exp = process(proc(SessionToken=TOKEN, Expiration="2026-01-01T06:00:00Z"))
    cases = [
        ("source-static-config", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n" + src_keys, None),
        ("source-static-credentials", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n", "[src]\n" + keys(AK3, SK3, TOKEN)),
        ("source-default", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = default\n", "[default]\n" + keys()),
        ("all-arguments", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\nrole_session_name = alice\nexternal_id = ext-123\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\nduration_seconds = 3600\nregion = eu-central-1\n" + src_keys, None),
        ("duration-max", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\nduration_seconds = 43200\n" + src_keys, None),
        ("duration-not-a-number", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\nduration_seconds = an hour\n" + src_keys, None),
        ("duration-too-short", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\nduration_seconds = 60\n" + src_keys, None),
        ("chain-two", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = mid\n[profile mid]\nrole_arn = {r('Mid')}\nsource_profile = src\nrole_session_name = mid-session\n" + src_keys, None),
        ("chain-three-across-files", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = a\n[profile a]\nrole_arn = {r('A')}\nsource_profile = b\n[profile b]\nrole_arn = {r('B')}\nsource_profile = src\n", "[src]\n" + keys(AK3, SK3)),
        ("source-process", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n[profile src]\ncredential_process = {exp}\n", None),
        ("chain-to-process", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = mid\n[profile mid]\nrole_arn = {r('Mid')}\nsource_profile = src\n[profile src]\ncredential_process = {exp}\n", None),
        ("source-keys-beat-its-role", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n[profile src]\nrole_arn = {r('Ignored')}\nsource_profile = other\n" + keys(AK3, SK3) + "[profile other]\n" + keys(), None),
        ("source-keys-beat-its-process", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n[profile src]\ncredential_process = {exp}\n", "[src]\n" + keys(AK3, SK3)),
        ("source-process-beats-config-keys", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n[profile src]\ncredential_process = {exp}\n" + keys(AK3, SK3), None),
        ("selected-role-beats-keys", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n" + keys() + src_keys, None),
        ("selected-role-beats-credentials-keys", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n" + src_keys, "[dev]\n" + keys()),
        ("role-in-credentials-file", None, f"[dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n[src]\n" + keys(AK3, SK3)),
        ("self-source-with-keys", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = dev\n" + keys(), None),
        ("self-source-with-keys-in-credentials", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = dev\n", "[dev]\n" + keys()),
        ("self-source-without-keys", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = dev\n", None),
        ("self-source-with-process", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = dev\ncredential_process = {exp}\n", None),
        ("cycle-two", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = b\n[profile b]\nrole_arn = {r('B')}\nsource_profile = dev\n", None),
        ("cycle-three", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = a\n[profile a]\nrole_arn = {r('A')}\nsource_profile = b\n[profile b]\nrole_arn = {r('B')}\nsource_profile = a\n", None),
        ("cycle-back-to-keys", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = b\n" + keys() + f"[profile b]\nrole_arn = {r('B')}\nsource_profile = dev\n", None),
        ("source-missing", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = nowhere\n", None),
        ("source-without-credentials", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n[profile src]\nregion = us-east-1\n", None),
        ("source-partial-keys", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n[profile src]\naws_secret_access_key = {SK}\n", None),
        ("neither-source", f"[profile dev]\nrole_arn = {r('Dev')}\n", None),
        ("neither-source-but-keys", f"[profile dev]\nrole_arn = {r('Dev')}\n" + keys(), None),
        ("both-sources", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\ncredential_source = Environment\n" + src_keys, None),
        ("credential-source-environment", f"[profile dev]\nrole_arn = {r('Dev')}\ncredential_source = Environment\n", None),
        ("credential-source-imds", f"[profile dev]\nrole_arn = {r('Dev')}\ncredential_source = Ec2InstanceMetadata\n", None),
        ("credential-source-ecs", f"[profile dev]\nrole_arn = {r('Dev')}\ncredential_source = EcsContainer\n", None),
        ("credential-source-unknown", f"[profile dev]\nrole_arn = {r('Dev')}\ncredential_source = Vault\n", None),
        ("credential-source-lower-case", f"[profile dev]\nrole_arn = {r('Dev')}\ncredential_source = environment\n", None),
        ("credential-source-in-chain", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = mid\n[profile mid]\nrole_arn = {r('Mid')}\ncredential_source = Ec2InstanceMetadata\n", None),
        ("source-credential-source-without-role", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n[profile src]\ncredential_source = Environment\n", None),
        ("credential-source-without-role", "[profile dev]\ncredential_source = Environment\n", None),
        ("source-web-identity", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n[profile src]\nrole_arn = {r('Web')}\nweb_identity_token_file = /var/run/token\nrole_session_name = web\n", None),
        ("source-sso", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n[profile src]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Admin\n", None),
        ("source-sso-session", f"[profile dev]\nrole_arn = {r('Dev')}\nsource_profile = src\n[profile src]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n", None),
        ("role-arn-inline-comment", f"[profile dev]\nrole_arn = {r('Dev')} # the dev role\nsource_profile = src\n" + src_keys, None),
        ("source-profile-upper-case-key", f"[profile dev]\nROLE_ARN = {r('Dev')}\nSource_Profile = src\n" + src_keys, None),
        ("default-assumes", f"[default]\nrole_arn = {r('Default')}\nsource_profile = src\n" + src_keys, None),
    ]
    for slug, config, credentials in cases:
        case(f"role/{slug}", "dev" if "default-assumes" not in slug else "default",
             config, credentials)


def web_identity_cases():
    r = ROLE + "Web"
    cases = [
        ("basic", f"[profile dev]\nrole_arn = {r}\nweb_identity_token_file = /var/run/secrets/token\n"),
        ("session-name", f"[profile dev]\nrole_arn = {r}\nweb_identity_token_file = /var/run/secrets/token\nrole_session_name = pod-1\n"),
        ("beats-static-keys", f"[profile dev]\nrole_arn = {r}\nweb_identity_token_file = /t\n" + keys()),
        ("beats-process", f"[profile dev]\nrole_arn = {r}\nweb_identity_token_file = /t\ncredential_process = {process(proc())}\n"),
        ("without-role", "[profile dev]\nweb_identity_token_file = /t\n"),
        ("without-role-with-keys", "[profile dev]\nweb_identity_token_file = /t\n" + keys()),
        ("with-source-profile", f"[profile dev]\nrole_arn = {r}\nweb_identity_token_file = /t\nsource_profile = src\n[profile src]\n" + keys(AK3, SK3)),
        ("with-credential-source", f"[profile dev]\nrole_arn = {r}\nweb_identity_token_file = /t\ncredential_source = Environment\n"),
        ("tilde-path", f"[profile dev]\nrole_arn = {r}\nweb_identity_token_file = ~/token\n"),
    ]
    for slug, config in cases:
        case(f"web-identity/{slug}", "dev", config, None)


def sso_cases():
    legacy = ("sso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
              "sso_account_id = 123456789012\nsso_role_name = Admin\n")
    session = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
    cases = [
        ("legacy", "[profile dev]\n" + legacy),
        ("legacy-beats-keys", "[profile dev]\n" + legacy + keys()),
        ("legacy-beats-process", "[profile dev]\n" + legacy + f"credential_process = {process(proc())}\n"),
        ("legacy-missing-region", "[profile dev]\nsso_start_url = https://x/start\nsso_account_id = 1\nsso_role_name = R\n"),
        ("legacy-missing-start-url", "[profile dev]\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n"),
        ("legacy-missing-role", "[profile dev]\nsso_start_url = https://x/start\nsso_region = us-east-1\nsso_account_id = 1\n"),
        ("legacy-missing-account", "[profile dev]\nsso_start_url = https://x/start\nsso_region = us-east-1\nsso_role_name = R\n"),
        ("session", "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n" + session),
        ("session-before-profile", session + "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n"),
        ("session-missing", "[profile dev]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = R\n"),
        ("session-missing-region", "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n[sso-session corp]\nsso_start_url = https://x/start\n"),
        ("session-same-start-url-in-profile", "[profile dev]\nsso_session = corp\nsso_start_url = https://corp.awsapps.com/start\nsso_account_id = 1\nsso_role_name = R\n" + session),
        ("session-other-start-url-in-profile", "[profile dev]\nsso_session = corp\nsso_start_url = https://other/start\nsso_account_id = 1\nsso_role_name = R\n" + session),
        ("session-token-only", "[profile dev]\nsso_session = corp\n" + session),
        ("session-token-only-with-keys", "[profile dev]\nsso_session = corp\n" + keys() + session),
        ("session-beats-keys", "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n" + keys() + session),
        ("start-url-only-with-keys", "[profile dev]\nsso_start_url = https://x/start\n" + keys()),
    ]
    for slug, config in cases:
        case(f"sso/{slug}", "dev", config, None)


def main():
    static_cases()
    format_cases()
    process_cases()
    role_cases()
    web_identity_cases()
    sso_cases()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    for c in CASES:
        run(c)
    out = {
        "generator": GENERATOR,
        "botocore": botocore.__version__,
        "python": sys.version.split()[0],
        "now": NOW_TEXT,
        "cases": CASES,
    }
    kinds = {}
    for c in CASES:
        r = c["expect"]["result"]
        kinds[r] = kinds.get(r, 0) + 1
    print(f"cases: {len(CASES)} {kinds}", file=sys.stderr)
    sys.stdout.write(json.dumps(out, indent=1, sort_keys=True, ensure_ascii=True))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
