#!/usr/bin/env bash
# Builds the product's image (Containerfile) from target/quarkus-app without any container registry:
# the base is made from Debian bookworm's packages with mmdebstrap, imported into podman's local
# storage, and the Containerfile is built on it with the network off. Idempotent: the base's
# rootfs tarball is cached outside the repository, keyed by a hash of its recipe (package list,
# suite, variant, dpkg filters); the import is skipped when the local base already carries that
# key; podman's layer cache makes an unchanged rebuild quick.
#
# Usage: scripts/build-image.sh [IMAGE]      (default lustre-ir-operator:0.1.0) -> image id (last line)
# Needs: root (apt-get, mmdebstrap, rootful podman) and target/quarkus-app (mvn package -DskipTests)
# Env:   LUSTRE_IR_CACHE (default ~/.cache/lustre-ir-operator)
#        LUSTRE_IR_STORAGE_DRIVER (e.g. vfs) when podman's default driver cannot work on this disk
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${1:-lustre-ir-operator:0.1.0}
BASE=localhost/lustre-ir-base:bookworm
CACHE=${LUSTRE_IR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lustre-ir-operator}
say() { echo "[build-image.sh] $*" >&2; }

[ -f target/quarkus-app/quarkus-run.jar ] || { say "target/quarkus-app is missing: run 'mvn package -DskipTests' first"; exit 1; }

need=()
for p in podman mmdebstrap; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  say "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Settings for a machine without systemd as PID 1 (a VM, a CI container), given as flags so no
# machine-wide containers.conf/storage.conf is written: cgroups through cgroupfs, events to a file.
PODMAN=(podman)
if [ ! -d /run/systemd/system ]; then PODMAN+=(--cgroup-manager=cgroupfs --events-backend=file); fi
[ -n "${LUSTRE_IR_STORAGE_DRIVER:-}" ] && PODMAN+=(--storage-driver="$LUSTRE_IR_STORAGE_DRIVER")
"${PODMAN[@]}" info >/dev/null || { say "podman cannot start here (try LUSTRE_IR_STORAGE_DRIVER=vfs)"; exit 1; }

# --- the base: Java 17 runtime + nsenter, nothing else ------------------------------------------
# util-linux (nsenter, the agent's way into the host's namespaces) is Essential: yes in bookworm,
# so the essential variant has it; the variant has no apt, which the image never needs.
SUITE=bookworm
VARIANT=essential
PACKAGES=(openjdk-17-jre-headless ca-certificates)
# Docs, man pages and translations are dead weight in an image; copyright files stay.
DPKG_OPTS=(path-exclude=/usr/share/doc/* path-include=/usr/share/doc/*/copyright
           path-exclude=/usr/share/man/* path-exclude=/usr/share/locale/* path-exclude=/usr/share/info/*)
# openjdk's postinst registers its man page with update-alternatives, which fails when the
# directory is missing: the (empty) directory is made before any package is configured.
HOOK='mkdir -p "$1/usr/share/man/man1"'
KEY=$(printf '%s\n' "$SUITE" "$VARIANT" "${PACKAGES[@]}" "${DPKG_OPTS[@]}" "$HOOK" | sha256sum | cut -c1-16)
TAR="$CACHE/base-image/$SUITE-$KEY.tar"

if [ -s "$TAR" ]; then
  say "cached base rootfs: $TAR"
else
  # The machine's own Debian mirror (the only package source assumed reachable), as apt lists it.
  uri=$(awk '/^URIs:/{print $2}' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v -- '-security' | head -n1 || true)
  [ -n "$uri" ] || uri=$(awk '/^deb /{print $2}' /etc/apt/sources.list 2>/dev/null | grep -v -- '-security' | head -n1 || true)
  [ -n "$uri" ] || { say "no Debian mirror found in the apt sources"; exit 1; }
  sec=$(awk '/^URIs:/{print $2}' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -- '-security' | head -n1 || true)
  [ -n "$sec" ] || sec=$(awk '/^deb /{print $2}' /etc/apt/sources.list 2>/dev/null | grep -- '-security' | head -n1 || true)
  mirrors=("deb $uri $SUITE main" "deb $uri $SUITE-updates main")
  # Security updates matter most for a JRE that runs for months; used when the machine has them.
  [ -n "$sec" ] && mirrors+=("deb $sec $SUITE-security main")
  say "making the base rootfs with mmdebstrap ($SUITE, ${PACKAGES[*]}) into $TAR"
  mkdir -p "$(dirname "$TAR")"
  opts=(--variant="$VARIANT" --format=tar --include="$(IFS=,; echo "${PACKAGES[*]}")")
  for o in "${DPKG_OPTS[@]}"; do opts+=(--dpkgopt="$o"); done
  opts+=(--essential-hook="$HOOK")
  # Written aside and renamed, so an interrupted run never leaves a truncated tarball as "cached".
  rm -f "$TAR.part"
  mmdebstrap --quiet "${opts[@]}" "$SUITE" "$TAR.part" "${mirrors[@]}" >&2
  mv "$TAR.part" "$TAR"
fi

have=$("${PODMAN[@]}" image inspect --format '{{index .Labels "dev.lustre.ir.base-key"}}' "$BASE" 2>/dev/null || true)
if [ "$have" = "$KEY" ]; then
  say "base image $BASE is current (key $KEY)"
else
  say "importing $TAR as $BASE"
  # An imported rootfs has no config: PATH is set explicitly because not every runtime supplies
  # one, and the key label lets the next run skip the import.
  "${PODMAN[@]}" import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL dev.lustre.ir.base-key=$KEY" \
    --change 'CMD ["/bin/bash"]' \
    "$TAR" "$BASE" >/dev/null
fi

# --- the image ----------------------------------------------------------------------------------
# No network (the Containerfile only copies files) and no pull: the base is local by construction.
say "building $IMAGE from Containerfile on $BASE"
"${PODMAN[@]}" build --quiet --network=none --pull=never --build-arg BASE="$BASE" \
  -f Containerfile -t "$IMAGE" . >/dev/null
"${PODMAN[@]}" image inspect --format '{{.Id}}' "$IMAGE"
