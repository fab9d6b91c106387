#!/bin/sh
# awssig next to rusty-s3, aws-sigv4 and reqsign-aws-v4, and the SHA-256 floor.
# Prints `<group> <name> <median_ns> <ratio_to_floor> <allocs_per_call>`.
set -eu
cd "$(dirname "$0")"
exec cargo run --release -j2 --quiet "$@"
