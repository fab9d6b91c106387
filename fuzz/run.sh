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
