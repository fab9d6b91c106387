#!/usr/bin/env bash
# STS end-to-end tests against moto (PyPI `moto[server]`) in server mode:
# starts moto on a free port of 127.0.0.1, runs tests/e2e_sts_moto.rs with
# its endpoint, and stops moto afterwards, also when the tests fail.
#
#   bash scripts/e2e-moto.sh
#
# Needs: pip install 'moto[server]'   (provides `moto_server`)
# A moto that does not start fails this script; so does any failed test.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v moto_server >/dev/null 2>&1 || {
  echo "e2e-moto: moto_server not found; install: pip install 'moto[server]'" >&2
  exit 3
}
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
LOG="${TMPDIR:-/tmp}/awssig-e2e-moto.$$.log"
moto_server -H 127.0.0.1 -p "$PORT" >"$LOG" 2>&1 &
PID=$!
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 1 100); do
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/moto-api/"; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "e2e-moto: moto_server exited; its log:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.1
done
curl -s -o /dev/null "http://127.0.0.1:$PORT/moto-api/" || {
  echo "e2e-moto: moto did not answer on 127.0.0.1:$PORT in 10 s; its log:" >&2
  cat "$LOG" >&2
  exit 1
}
echo "e2e-moto: moto on http://127.0.0.1:$PORT (pid $PID)"
AWSSIG_E2E_MOTO_ENDPOINT="http://127.0.0.1:$PORT" cargo test --test e2e_sts_moto -- --ignored
# awssig eks-token --role-arn: AssumeRole at moto, then the token signed with the role.
AWSSIG_E2E_MOTO_ENDPOINT="http://127.0.0.1:$PORT" cargo test --all-features --test cli -- --ignored eks_token_assumes_the_role_arn
