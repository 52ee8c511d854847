#!/usr/bin/env bash
# The project's test command: installs what is missing (Debian packages, the kube-apiserver build,
# cached outside the repository) and runs every test against a real kube-apiserver + etcd.
set -euo pipefail
cd "$(dirname "$0")/.."
KAT_DIR=$(scripts/kube-apiserver.sh | tail -n 1)
MVN_FLAGS=(-B)
[ "${CI:-}" = "true" ] && MVN_FLAGS+=(--no-transfer-progress)
exec mvn "${MVN_FLAGS[@]}" verify -Dkube-api-test.dir="$KAT_DIR" "$@"
