#!/usr/bin/env bash
# Tests the product's image: builds it (scripts/build-image.sh, cached) and runs it with no network:
#   1. its default user is not root;
#   2. `agent --help` (what node Jobs and the DaemonSet run) exits 0 and lists `agent decide`;
#   3. the base carries what the agent needs: nsenter, and java on PATH;
#   4. the default entry point boots the operator (up to "Starting operator."; with no API server
#      it would then fail, so the container is stopped there).
# Every check runs; the script ends non-zero, naming each failed check, if any failed.
#
# Usage: scripts/test-image.sh [IMAGE]    (default lustre-ir-operator:0.1.0)
# Needs: root and target/quarkus-app (mvn package -DskipTests), as scripts/build-image.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${1:-lustre-ir-operator:0.1.0}
say() { echo "[test-image.sh] $*" >&2; }
failed=()
fail() { say "FAIL: $*"; failed+=("$1"); }

ID=$(scripts/build-image.sh "$IMAGE" | tail -n 1)
say "image $IMAGE = $ID"

# The same machine settings as build-image.sh, as flags: no systemd -> cgroupfs, events to a file.
PODMAN=(podman)
if [ ! -d /run/systemd/system ]; then PODMAN+=(--cgroup-manager=cgroupfs --events-backend=file); fi
[ -n "${LUSTRE_IR_STORAGE_DRIVER:-}" ] && PODMAN+=(--storage-driver="$LUSTRE_IR_STORAGE_DRIVER")
# crun refuses a hybrid cgroup layout whose cgroup2 hierarchy holds controllers ("cgroups in hybrid
# mode not supported"); runc accepts it, so it runs the containers on such a machine.
if grep -qs . /sys/fs/cgroup/unified/cgroup.controllers; then
  if ! command -v runc >/dev/null; then
    say "installing Debian package: runc (crun cannot run on this machine's hybrid cgroups)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends runc >/dev/null
  fi
  PODMAN+=(--runtime=runc)
fi
# Fixed, low rlimits: podman's defaults raise them above the caller's hard limits, which a root
# without CAP_SYS_RESOURCE (a VM sandbox, a CI container) may not do; lowering is always allowed.
OPTS=(--network=none --ulimit nofile=4096:4096 --ulimit nproc=4096:4096)
RUN=("${PODMAN[@]}" run --rm "${OPTS[@]}")

# 1. non-root by default (the operator's Deployment relies on it; Jobs override it to root).
user=$("${PODMAN[@]}" image inspect --format '{{.Config.User}}' "$IMAGE")
case "${user%%:*}" in
  ''|0|root) fail "user: the image's default user is '${user:-<unset>}' (root)";;
  *) say "ok: default user $user";;
esac

# 2. the agent, as node Jobs run it.
set +e; out=$("${RUN[@]}" "$IMAGE" agent --help 2>&1); rc=$?; set -e
if [ $rc -ne 0 ]; then
  fail "agent-help: 'agent --help' exited $rc (want 0); output: $out"
elif ! grep -q 'agent decide' <<<"$out"; then
  fail "agent-help: 'agent --help' does not list 'agent decide'; output: $out"
else
  say "ok: agent --help exits 0 and lists 'agent decide'"
fi

# 3. the agent's default lctl prefix is nsenter; the entry point is java on PATH.
set +e; out=$("${RUN[@]}" --entrypoint /bin/sh "$IMAGE" -c 'command -v nsenter && command -v java && java -version' 2>&1); rc=$?; set -e
if [ $rc -ne 0 ]; then fail "base: nsenter or java missing (exit $rc): $out"
else say "ok: $(tr '\n' ' ' <<<"$out" | grep -o 'openjdk version "[^"]*"') with nsenter"; fi

# 4. the operator boots from the default entry point. A detached run, its log polled: quick and
# independent of how long the client would retry an API server that is not there.
name=lustre-ir-image-test-$$
# Not --rm: the log must outlive a container that exits early.
"${PODMAN[@]}" run -d --name "$name" "${OPTS[@]}" "$IMAGE" >/dev/null
trap '"${PODMAN[@]}" rm -f -t 0 "$name" >/dev/null 2>&1 || true' EXIT
booted=false
for _ in $(seq 1 60); do
  if "${PODMAN[@]}" logs "$name" 2>&1 | grep -q 'Starting operator\.'; then booted=true; break; fi
  [ "$("${PODMAN[@]}" inspect --format '{{.State.Running}}' "$name")" = true ] || break
  sleep 1
done
if $booted; then say "ok: the default entry point boots the operator"
else fail "operator-boot: no 'Starting operator.' within 60 s; log: $("${PODMAN[@]}" logs "$name" 2>&1 | tail -n 20)"; fi

if [ ${#failed[@]} -gt 0 ]; then
  say "image test FAILED: ${failed[*]%%:*}"
  exit 1
fi
say "image test passed"
