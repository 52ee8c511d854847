#!/usr/bin/env bash
# The recovery benchmark (not a test): runs failovers of 100, 1,000, 5,000 and 10,000 clients, with 0
# and 1% dead (fenced), through resident agents, and of 1,000 through Jobs for comparison, in the
# sandbox, next to Lustre alone with and without IR; measures one idle resident agent; prints the
# tables and the goals, and writes docs/benchmark.md and docs/benchmark.json.
#   scripts/benchmark.sh [--sizes 100,1000,5000,10000] [--dispatch agents,jobs] [--compare-sizes 1000]
#                        [--dead-percent 0,1] [--dead-not-fenced] [--round-timeout 1800s] [--idle-seconds 30] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
KAT_DIR=$(scripts/kube-apiserver.sh | tail -n 1)
exec scripts/fixtures-java -Xmx6g dev.lustre.ir.sandbox.BenchmarkMain --kube-api-test-dir "$KAT_DIR" --work target/benchmark "$@"
