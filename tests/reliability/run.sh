#!/usr/bin/env bash
# The slow reliability tier (T2): the checks in tests/cli/reliability.rs that are too slow or
# too privileged for every `cargo test`, at CI size. Run as root for the mount and chattr
# checks; a check the machine cannot run prints `SKIP: <test>: <why>` (with
# LECTIO_REQUIRE_ALL=1 it fails instead). Needs fiu-utils (Debian) for the fiu check.
#
# Usage: tests/reliability/run.sh [KILL_LOOPS]     (default 50; e.g. 1000 for a local campaign)
# Env:   LECTIO_FIU_RUNS (200)  LECTIO_FSIZE_RANDOM (20)  LECTIO_KILL_SIZE (bytes, 16 MiB)
set -euo pipefail
cd "$(dirname "$0")/../.."
export LECTIO_KILL_LOOPS="${1:-50}"
export LECTIO_FIU_RUNS="${LECTIO_FIU_RUNS:-200}"
export LECTIO_FSIZE_RANDOM="${LECTIO_FSIZE_RANDOM:-20}"
export LECTIO_KILL_SIZE="${LECTIO_KILL_SIZE:-16777216}"
start=$(date +%s)
cargo test --release --locked --test cli -- --include-ignored --nocapture --test-threads=1 \
  reliability::kill_during_add \
  reliability::writes_cut_at_every_size \
  reliability::full_disk \
  reliability::read_only_and_immutable \
  reliability::random_syscall_failures \
  reliability::syscall_order_of_add \
  reliability::a_long_text_without_line_feeds \
  reliability::kill_during_gc \
  reliability::concurrent_add_and_gc \
  2>&1 | grep -v '^\s*$' | grep -Ev '^(running|     Running|    Finished)' || { echo "reliability T2: FAILED"; exit 1; }
echo "reliability T2: passed in $(( $(date +%s) - start ))s"
