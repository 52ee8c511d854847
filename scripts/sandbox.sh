#!/usr/bin/env bash
# The sandbox: the whole product on this machine. Installs what is missing (Debian packages, the
# kube-apiserver build, the operator jar), then starts etcd + kube-apiserver on loopback, the
# operator, the simulated node runtime and a simulated Lustre, and runs a failover round live.
#   scripts/sandbox.sh [--clients N] [--dead K] [--fenced] [--slow K] [--ir on|off] [--dispatch agents|jobs|mixed] [--policy FILE] [--once]
set -euo pipefail
cd "$(dirname "$0")/.."
KAT_DIR=$(scripts/kube-apiserver.sh | tail -n 1)
exec scripts/fixtures-java dev.lustre.ir.sandbox.SandboxMain --kube-api-test-dir "$KAT_DIR" "$@"
