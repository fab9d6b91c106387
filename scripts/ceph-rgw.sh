#!/usr/bin/env bash
# A throw-away single-node Ceph cluster (1 mon, 1 in-memory OSD, no mgr) and a
# RADOS Gateway (S3) on 127.0.0.1, everything under DATA_DIR, for the
# end-to-end tests (tests/e2e_ceph.rs).
#
#   scripts/ceph-rgw.sh start DATA_DIR   # wipes DATA_DIR, starts, prints the endpoint
#   scripts/ceph-rgw.sh stop DATA_DIR    # kills the PIDs recorded in DATA_DIR/pids
#
# Needs the Debian/Ubuntu packages (as root):
#   apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd uuid-runtime curl
#
# Environment: RGW_PORT (7480), CEPH_MON_PORT (3300; another lets a second
# cluster run beside one already there), RGW_AK / RGW_SK (the S3 user's fixed test key),
# RGW_DEBUG (1; 10 or 20 logs each canonical request and string to sign to
# DATA_DIR/log/client.rgw.a.log).
# The monitor listens on 127.0.0.1:CEPH_MON_PORT; every daemon binds to 127.0.0.1.
# `start` writes DATA_DIR/env (shell syntax): AWSSIG_E2E_CEPH_ENDPOINT,
# AWSSIG_E2E_CEPH_VHOST_DOMAIN, AWSSIG_E2E_CEPH_ACCESS_KEY, AWSSIG_E2E_CEPH_SECRET_KEY,
# AWSSIG_E2E_CEPH_USER (the user's uid, for the STS rows' IAM user policy),
# AWSSIG_E2E_CEPH_ROLE_ARN (a role that user may assume, for the AssumeRole rows),
# AWSSIG_E2E_CEPH_LOG (the gateway's log; with RGW_DEBUG >= 10 it holds the
# canonical requests that tests/explain_ceph.rs reads).
# If start fails, whatever it started is stopped before it exits non-zero.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DATA_DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
CMD=$1
D=$2
AK="${RGW_AK:-CEPHSIGTEST0000000001}"
SK="${RGW_SK:-cephsigtestsecret0000000000000000000000001}"
PORT="${RGW_PORT:-7480}"
MON_PORT="${CEPH_MON_PORT:-3300}"
DNS_NAME="s3.ceph.localhost"

log() { echo "ceph-rgw: $*" >&2; }

stop() {
  local pids="$D/pids"
  [ -f "$pids" ] || { log "nothing to stop ($pids missing)"; return 0; }
  local list
  list=$(cat "$pids")
  # rgw first, then osd, then mon: the reverse of the start order.
  local p
  for p in $(echo "$list" | awk '{for (i = NF; i > 0; i--) print $i}'); do
    kill "$p" 2>/dev/null || true
  done
  # The OSD takes a few seconds to exit; escalate after 20 s.
  local i alive
  for i in $(seq 1 100); do
    alive=""
    for p in $list; do
      if kill -0 "$p" 2>/dev/null; then alive="$alive $p"; fi
    done
    [ -z "$alive" ] && break
    sleep 0.2
  done
  for p in $alive; do
    log "pid $p still running after 20 s: SIGKILL"
    kill -9 "$p" 2>/dev/null || true
  done
  rm -f "$pids"
  log "stopped"
}

need() {
  local missing=""
  local c
  for c in ceph-authtool monmaptool ceph-mon ceph-osd ceph radosgw radosgw-admin uuidgen curl; do
    command -v "$c" >/dev/null 2>&1 || missing="$missing $c"
  done
  if [ -n "$missing" ]; then
    log "missing:$missing"
    log "install: apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd uuid-runtime curl"
    exit 3
  fi
}

# Waits up to $1 tenths of a second for "$2..." to succeed; fails with $3.
wait_for() {
  local n=$1 what=$2
  shift 2
  local i
  for i in $(seq 1 "$n"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  log "timed out waiting for $what; logs in $D/log"
  tail -n 20 "$D"/log/*.out >&2 || true
  return 1
}

osd_up() { ceph -c "$C" osd dump 2>/dev/null | grep -q "^osd.$OSD_ID up"; }
rgw_up() { curl -s -o /dev/null "http://127.0.0.1:$PORT/"; }

start() {
  need
  case "$D" in
    "" | / ) log "refusing DATA_DIR '$D'"; exit 2 ;;
  esac
  if [ -f "$D/pids" ]; then
    log "$D/pids exists: stopping the previous instance first"
    stop
  fi
  rm -rf "$D"
  mkdir -p "$D"/{mon,osd0,run,log,rgw}
  D=$(cd "$D" && pwd)
  : > "$D/pids"
  # From here on, a failure stops what was started.
  trap 'status=$?; if [ $status -ne 0 ]; then log "start failed ($status): stopping"; stop; fi' EXIT

  local fsid
  fsid=$(uuidgen)
  C="$D/ceph.conf"
  cat > "$C" <<EOF
[global]
fsid = $fsid
mon_host = v2:127.0.0.1:$MON_PORT
public_network = 127.0.0.0/8
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
# A throw-away cluster on a shared build disk: do not refuse to start when
# the disk is over 95% full (the default mon_data_avail_crit is 5%).
mon_data_avail_crit = 1
osd_crush_chooseleaf_type = 0
mon_max_pg_per_osd = 1000
run_dir = $D/run
admin_socket = $D/run/\$name.asok
log_file = $D/log/\$name.log
pid_file = $D/run/\$name.pid
keyring = $D/keyring
ms_bind_ipv6 = false
[mon.a]
mon_data = $D/mon
mon_addr = v2:127.0.0.1:$MON_PORT
[osd.0]
osd_data = $D/osd0
osd_objectstore = memstore
memstore_device_bytes = 2147483648
osd_max_object_name_len = 2048
osd_max_object_namespace_len = 64
[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$PORT
rgw_data = $D/rgw
rgw_dns_name = $DNS_NAME
rgw_enable_usage_log = false
# STS (GetSessionToken) for the session-token rows: the key encrypts the
# session tokens (16 alphanumeric characters).
rgw_s3_auth_use_sts = true
rgw_sts_key = ${RGW_STS_KEY:-awssige2estskey1}
debug_rgw = ${RGW_DEBUG:-1}
EOF
  local K="$D/keyring"
  ceph-authtool --create-keyring "$K" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$K" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
  ceph-authtool "$K" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap osd 'allow *' --cap mgr 'allow profile osd' >/dev/null
  ceph-authtool "$K" --gen-key -n client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null
  monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid "$fsid" "$D/monmap" >/dev/null
  ceph-mon -c "$C" --mkfs -i a --monmap "$D/monmap" --keyring "$K" >/dev/null

  ceph-mon -c "$C" -i a -f > "$D/log/mon.out" 2>&1 &
  echo -n "$! " >> "$D/pids"
  log "mon started (pid $!)"
  ceph -c "$C" --connect-timeout 30 -s >/dev/null

  local osd_uuid
  osd_uuid=$(uuidgen)
  OSD_ID=$(ceph -c "$C" osd new "$osd_uuid")
  ceph-osd -c "$C" -i "$OSD_ID" --mkfs --osd-uuid "$osd_uuid" > "$D/log/osd-mkfs.out" 2>&1
  ceph-osd -c "$C" -i "$OSD_ID" -f > "$D/log/osd.out" 2>&1 &
  echo -n "$! " >> "$D/pids"
  log "osd.$OSD_ID started (pid $!)"
  wait_for 600 "osd.$OSD_ID up" osd_up

  radosgw -c "$C" -n client.rgw.a -f > "$D/log/rgw.out" 2>&1 &
  echo -n "$! " >> "$D/pids"
  log "radosgw started (pid $!)"
  wait_for 1200 "radosgw on 127.0.0.1:$PORT" rgw_up

  radosgw-admin -c "$C" user create --uid=awssig-e2e --display-name=awssig-e2e \
    --access-key="$AK" --secret="$SK" >/dev/null
  # Lets the user attach an IAM user policy to itself (PutUserPolicy), which
  # Ceph needs before it answers that user's STS GetSessionToken.
  radosgw-admin -c "$C" caps add --uid=awssig-e2e --caps="user-policy=*" >/dev/null

  # A role the user may assume (the STS AssumeRole rows), allowed all of S3.
  radosgw-admin -c "$C" role create --role-name=awssig-e2e-role --path=/ \
    --assume-role-policy-doc='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/awssig-e2e"]},"Action":["sts:AssumeRole"]}]}' >/dev/null
  radosgw-admin -c "$C" role-policy put --role-name=awssig-e2e-role --policy-name=awssig-e2e-s3 \
    --policy-doc='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":"arn:aws:s3:::*"}]}' >/dev/null

  cat > "$D/env" <<EOF
AWSSIG_E2E_CEPH_ENDPOINT=http://127.0.0.1:$PORT
AWSSIG_E2E_CEPH_VHOST_DOMAIN=$DNS_NAME:$PORT
AWSSIG_E2E_CEPH_ACCESS_KEY=$AK
AWSSIG_E2E_CEPH_SECRET_KEY=$SK
AWSSIG_E2E_CEPH_USER=awssig-e2e
AWSSIG_E2E_CEPH_ROLE_ARN=arn:aws:iam:::role/awssig-e2e-role
AWSSIG_E2E_CEPH_LOG=$D/log/client.rgw.a.log
EOF
  trap - EXIT
  log "ready: http://127.0.0.1:$PORT (pids $(cat "$D/pids"))"
}

case "$CMD" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
