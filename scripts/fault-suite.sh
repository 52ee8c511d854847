#!/usr/bin/env bash
# The fault suite in full (not part of scripts/test.sh, which runs a seeded subset): 200 seeded fault
# schedules over 50-client rounds against the real API server, API faults through a fault-injecting
# proxy and Lustre-side faults around the simulated lctl; prints the schedules run, the faults injected
# by kind and the violations (0), each schedule with its seed.
#   scripts/fault-suite.sh [--schedules 200] [--parallel 8] [--seed 20261205] [--seeds S1,S2 (those alone)]
set -euo pipefail
cd "$(dirname "$0")/.."
KAT_DIR=$(scripts/kube-apiserver.sh | tail -n 1)
props=(-Dfault-suite.schedules=200 -Dfault-suite.parallel=8)
while [ $# -gt 0 ]; do
  case "$1" in
    --schedules) props+=("-Dfault-suite.schedules=$2"); shift 2 ;;
    --parallel) props+=("-Dfault-suite.parallel=$2"); shift 2 ;;
    --seed) props+=("-Dfault-suite.seed=$2"); shift 2 ;;
    --seeds) props+=("-Dfault-suite.seeds=$2"); shift 2 ;;
    *) echo "fault-suite.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
mvn -o -B -q test -Dkube-api-test.dir="$KAT_DIR" -Dtest=FaultSchedulesTest -Dsurefire.failIfNoSpecifiedTests=false \
  "${props[@]}" 2>&1 | grep -a '^\[fault-suite\] \(seed\|suite\|schedules\|faults\|violations\|VIOLATION\)'
exit "${PIPESTATUS[0]}"
