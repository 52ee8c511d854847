#!/usr/bin/env bash
# The crash suite in full (scripts/test.sh runs a few kills): the packaged operator SIGKILLed at 50
# seeded random points of rounds (three at once), a new process started each time; prints the kills,
# the phases the rounds were in and the violations (0). Builds the package first (the IT runs the jar).
#   scripts/crash-suite.sh [--kills 50] [--seed 20261205]
set -euo pipefail
cd "$(dirname "$0")/.."
KAT_DIR=$(scripts/kube-apiserver.sh | tail -n 1)
props=(-Dcrash.kills=50)
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) props+=("-Dcrash.kills=$2"); shift 2 ;;
    --seed) props+=("-Dcrash.seed=$2"); shift 2 ;;
    *) echo "crash-suite.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
mvn -o -B verify -Dkube-api-test.dir="$KAT_DIR" -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OperatorCrashIT \
  "${props[@]}" 2>&1 | grep -a '^\[crash-suite\]\|Tests run:\|FAIL'
exit "${PIPESTATUS[0]}"
