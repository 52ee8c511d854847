#!/usr/bin/env bash
# The project's test command: installs what is missing (Debian packages, the kube-apiserver build,
# cached outside the repository) and runs every test against a real kube-apiserver + etcd.
set -euo pipefail
cd "$(dirname "$0")/.."
KAT_DIR=$(scripts/kube-apiserver.sh | tail -n 1)
# Debian's Lua runs the Argo CD health script's fixtures (ArgoHealthScriptTest).
need=()
for p in lua5.4; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "[test.sh] installing Debian packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
MVN_FLAGS=(-B)
[ "${CI:-}" = "true" ] && MVN_FLAGS+=(--no-transfer-progress)
mvn "${MVN_FLAGS[@]}" verify -Dkube-api-test.dir="$KAT_DIR" "$@"
# The image from what was just packaged: built without any registry and smoke-tested (agent --help,
# a non-root user, the operator booting).
scripts/test-image.sh
