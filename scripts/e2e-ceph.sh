#!/usr/bin/env bash
# End-to-end tests against a real Ceph RADOS Gateway: starts a throw-away
# Ceph (scripts/ceph-rgw.sh) under DATA_DIR, runs tests/e2e_ceph.rs and
# tests/explain_ceph.rs with its endpoint, and stops Ceph afterwards, also
# when the tests fail.
#
#   bash scripts/e2e-ceph.sh [DATA_DIR]     # default: target/e2e-ceph
#
# Needs (as root): apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd uuid-runtime curl
# (and chromium for the browser multipart test).
# RGW_PORT and CEPH_MON_PORT choose other ports (scripts/ceph-rgw.sh).
# A Ceph that does not start fails this script; so does any failed row.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-$PWD/target/e2e-ceph}"

# Level 10 logs each canonical request and string to sign, which
# tests/explain_ceph.rs reads.
export RGW_DEBUG="${RGW_DEBUG:-10}"
t0=$(date +%s)
stop() { bash scripts/ceph-rgw.sh stop "$DATA" || true; }
trap stop EXIT
bash scripts/ceph-rgw.sh start "$DATA"
t1=$(date +%s)
echo "e2e-ceph: Ceph RGW started in $((t1 - t0)) s"

set -a
# shellcheck disable=SC1091
. "$DATA/env"
set +a
cargo test --all-features --test e2e_ceph -- --ignored
cargo test --all-features --test explain_ceph -- --ignored
# The browser's 20 MiB multipart upload through presigned part URLs
# (examples/browser_upload.rs) needs Ceph for its CORS rule: run it here.
# In CI (CI=true) chromium must be there; elsewhere it is skipped, loudly.
if [ "${CI:-}" = true ] || command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1; then
  cargo test --all-features --test examples -- --ignored --exact \
    browser_multipart_upload_of_20_mib_through_headless_chromium_against_ceph
else
  echo "WARNING: chromium is not installed: the browser multipart test against Ceph did NOT run"
fi
echo "e2e-ceph: tests took $(($(date +%s) - t1)) s"
