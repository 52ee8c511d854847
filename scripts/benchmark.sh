#!/usr/bin/env bash
# The recovery benchmark (not a test): runs failovers of 100, 1,000 and 5,000 clients, with 0 and
# 1% dead, in the sandbox, next to Lustre alone with and without IR; prints the table and writes
# docs/benchmark.md and docs/benchmark.json.
#   scripts/benchmark.sh [--sizes 100,1000,5000] [--dead-percent 0,1]
set -euo pipefail
cd "$(dirname "$0")/.."
KAT_DIR=$(scripts/kube-apiserver.sh | tail -n 1)
exec scripts/fixtures-java -Xmx4g dev.lustre.ir.sandbox.BenchmarkMain --kube-api-test-dir "$KAT_DIR" --work target/benchmark "$@"
