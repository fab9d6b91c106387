#!/usr/bin/env bash
# End-to-end tests against a real Ceph RADOS Gateway: starts a throw-away
# Ceph (scripts/ceph-rgw.sh) under DATA_DIR, runs tests/e2e_ceph.rs and
# tests/explain_ceph.rs with its endpoint, and stops Ceph afterwards, also
# when the tests fail.
#
#   bash scripts/e2e-ceph.sh [DATA_DIR]     # default: target/e2e-ceph
#
# Needs (as root): apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd uuid-runtime curl
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
echo "e2e-ceph: tests took $(($(date +%s) - t1)) s"
