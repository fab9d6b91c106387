#!/usr/bin/env bash
# One-time links against a real Redis: runs tests/once_redis.rs (the
# guard) and tests/once_service.rs (two instances of
# examples/verify_service.rs sharing one Redis), whose tests start and stop
# their own redis-server on free ports of 127.0.0.1.
#
#   bash scripts/e2e-redis.sh
#
# Needs: redis-server (Debian: apt-get install redis-server). A missing
# server fails this script; so does any failed test.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVER=$(command -v redis-server || true)
if [ -z "$SERVER" ]; then
  echo "e2e-redis: redis-server not found; install: apt-get install redis-server" >&2
  exit 3
fi
"$SERVER" --version
cargo build --all-features --example verify_service
AWSSIG_E2E_REDIS_SERVER="$SERVER" cargo test --all-features --test once_redis --test once_service -- --ignored
