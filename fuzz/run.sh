#!/usr/bin/env bash
# Builds every fuzz target, seeds its corpus from the published vectors in
# tests/data, and runs each for SECONDS (default 30; CI uses a short fixed
# time so a regression that crashes shows up on the next push; run longer
# locally, e.g. `bash fuzz/run.sh 600`). Needs cargo-fuzz
# (`cargo install cargo-fuzz --locked`); works on stable with RUSTC_BOOTSTRAP=1.
# A crash fails the script and leaves its input in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH="${1:-30}"
export RUSTC_BOOTSTRAP=1
cargo fuzz build
data=../tests/data
seed() { # seed TARGET FILES...
  local dir="corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-16)"; done
  return 0
}
seed verify_v4 $(find "$data/sigv4-aws-c-auth" -name '*signed-request.txt') $(find "$data/sigv4-legacy-2015-botocore" -name '*.sreq')
seed verify_v4a $(find "$data/sigv4a-aws-c-auth" -name '*signed-request.txt')
seed v4_sign_headers $(find "$data/sigv4-aws-c-auth" -name 'request.txt')
seed s3_presign $(find "$data/s3-sigv4-docs" -name case.json)
seed chunked $(find "$data/s3-sigv4-docs" -path '*streaming*' -name case.json)
seed v2 $(find "$data/sigv2-s3-docs" -name case.json)
seed post_policy $(find "$data/s3-sigv4-docs/post-policy" -name case.json)
seed verify_post $(find "$data/s3-sigv4-docs/post-policy" "$data/sigv2-s3-docs" -name case.json)
seed cli_parsers $(find "$data/s3-sigv4-docs" -name case.json)
seed uri_encode $(find "$data/sigv4-aws-c-auth" -name 'request.txt')
seed credentials_profile "$data/botocore/profiles.json" $(find "$data/smithy-rs-aws-config" -name '*.json')
seed credentials_process "$data/botocore/profiles.json"
seed tokens "$data/botocore/tokens.json"
seed explain $(find "$data/explain" -name '*.xml' -o -name '*.log')
seed multipart "$data/botocore/presign-pinned.json"
# smithy-rs's recorded SDK traffic: each response body, by the endpoint
# that answered it (STS, the SSO portal, IMDS, the container endpoint).
# credentials_sts's input is an action byte, a little-endian status and
# then the body, so its seeds get that prefix; the others start from the
# bare bodies (and the SSO token cache files).
python3 - "$data/smithy-rs-aws-config/aws-config" <<'PY'
import base64, glob, hashlib, json, os, sys
root = sys.argv[1]
def put(target, data):
    d = os.path.join("corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.md5(data).hexdigest()[:16]), "wb") as f:
        f.write(data)
for path in sorted(glob.glob(os.path.join(root, "**", "http-traffic.json"), recursive=True)):
    conns = {}
    for e in json.load(open(path))["events"]:
        c = conns.setdefault(e["connection_id"], {"body": b""})
        a = e["action"]
        if "Request" in a:
            c["method"] = a["Request"]["request"]["method"]
            c["uri"] = a["Request"]["request"]["uri"]
        elif "Response" in a and "Ok" in a["Response"]["response"]:
            c["status"] = a["Response"]["response"]["Ok"]["status"]
        elif "Data" in a and a["Data"]["direction"] == "Response":
            d = a["Data"]["data"]
            c["body"] += d["Utf8"].encode() if "Utf8" in d else base64.b64decode(d["Base64"])
    for c in conns.values():
        uri, body, status = c.get("uri", ""), c["body"], c.get("status", 200)
        if c.get("method") == "POST":
            for action in range(3):
                put("credentials_sts", bytes([action]) + status.to_bytes(2, "little") + body)
            put("xml", body)
        elif "/federation/credentials" in uri:
            put("credentials_sso", body)
        else:
            put("credentials_metadata", body)
for path in glob.glob(os.path.join(root, "**", "sso", "cache", "*.json"), recursive=True):
    put("credentials_sso", open(path, "rb").read())
PY
status=0
for t in $(cargo fuzz list); do
  echo "== fuzz $t for ${SECONDS_EACH}s"
  mkdir -p "corpus/$t"
  log="$(mktemp)"
  rc=0
  cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$SECONDS_EACH" -dict=sigv4.dict -print_final_stats=1 >"$log" 2>&1 || rc=$?
  grep -E '^(Done|stat::number_of_executed_units)' "$log" || true
  if [ "$rc" -ne 0 ]; then
    echo "FUZZ FAILURE in $t (exit $rc):"
    tail -n 40 "$log"
    status=1
  fi
  rm -f "$log"
done
exit "$status"
