#!/usr/bin/env bash
# Provides a real kube-apiserver + etcd for the tests and the sandbox, without any download outside
# Debian's packages: etcd from `etcd-server`, kube-apiserver v1.20.2 built from Debian's `kubernetes`
# source package with Debian's Go. Idempotent: the binary is cached outside the repository, keyed
# by version, and the build only runs when the cache lacks it.
#
# Usage: scripts/kube-apiserver.sh            -> prints the kube-api-test directory (last line)
# Env:   LUSTRE_IR_CACHE (default ~/.cache/lustre-ir-operator)
set -euo pipefail
VERSION=1.20.2
CACHE=${LUSTRE_IR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lustre-ir-operator}
KAT_DIR="$CACHE/kube-api-test"
BIN_DIR="$KAT_DIR/k8s/$VERSION-linux-amd64"
say() { echo "[kube-apiserver.sh] $*" >&2; }

need_pkgs=()
for p in etcd-server golang-go rsync jq kubernetes-client; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$p")
done
# kubectl 1.32 may already be installed on its own; Debian's kubernetes-client is only a fallback.
if command -v kubectl >/dev/null; then need_pkgs=("${need_pkgs[@]/kubernetes-client}"); fi
need_pkgs=($(printf '%s\n' "${need_pkgs[@]}" | grep -v '^$' || true))
if [ ${#need_pkgs[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

if [ -x "$BIN_DIR/kube-apiserver" ] && "$BIN_DIR/kube-apiserver" --version 2>/dev/null | grep -q "v$VERSION"; then
  say "cached: $BIN_DIR/kube-apiserver ($("$BIN_DIR/kube-apiserver" --version))"
else
  WORK="$CACHE/build-$VERSION"
  say "building kube-apiserver v$VERSION from Debian's kubernetes source package in $WORK (about 3 minutes)"
  rm -rf "$WORK"; mkdir -p "$WORK/apt"/{lists/partial,cache/archives/partial,etc/none,etc/preferences.d}
  cd "$WORK"
  # A private apt configuration with a deb-src line, so the machine's /etc/apt stays untouched.
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || { say "no Debian mirror found in the apt sources"; exit 1; }
  echo "deb-src $uri bookworm main" > apt/etc/sources.list
  O=(-o Dir::Etc::SourceList="$WORK/apt/etc/sources.list" -o Dir::Etc::SourceParts="$WORK/apt/etc/none"
     -o Dir::State::Lists="$WORK/apt/lists" -o Dir::Cache="$WORK/apt/cache"
     -o Dir::Etc::Preferences="$WORK/apt/etc/none" -o Dir::Etc::PreferencesParts="$WORK/apt/etc/preferences.d")
  apt-get "${O[@]}" update >/dev/null
  apt-get "${O[@]}" source --download-only kubernetes >/dev/null 2>&1
  tar xzf kubernetes_1.20.5+really1.20.2.orig.tar.gz
  cd kubernetes-$VERSION
  # k8s 1.20 vendors modern-go/reflect2 v1.0.1, which segfaults in map iteration under Go >= 1.18;
  # apply the v1.0.2 fix (mapiterinit takes the iterator, full hiter layout).
  python3 - vendor/github.com/modern-go/reflect2 <<'PY'
import sys; R=sys.argv[1]
p=R+'/unsafe_link.go'; s=open(p).read()
s=s.replace("func mapiterinit(rtype unsafe.Pointer, m unsafe.Pointer) *hiter","func mapiterinit(rtype unsafe.Pointer, m unsafe.Pointer, it *hiter)")
i=s.index("type hiter struct {"); j=s.index("\n}",i)+2
s=s[:i]+"""type hiter struct {
	key         unsafe.Pointer
	value       unsafe.Pointer
	t           unsafe.Pointer
	h           unsafe.Pointer
	buckets     unsafe.Pointer
	bptr        unsafe.Pointer
	overflow    *[]unsafe.Pointer
	oldoverflow *[]unsafe.Pointer
	startBucket uintptr
	offset      uint8
	wrapped     bool
	B           uint8
	i           uint8
	bucket      uintptr
	checkBucket uintptr
}"""+s[j:]
open(p,'w').write(s)
p=R+'/unsafe_map.go'; s=open(p).read()
old="""	return &UnsafeMapIterator{
		hiter:      mapiterinit(type2.rtype, *(*unsafe.Pointer)(obj)),"""
assert old in s
s=s.replace(old,"""	var it hiter
	mapiterinit(type2.rtype, *(*unsafe.Pointer)(obj), &it)
	return &UnsafeMapIterator{
		hiter:      &it,""")
open(p,'w').write(s)
PY
  mkdir -p .go/src/k8s.io && ln -sfn ../../.. .go/src/k8s.io/kubernetes
  env GOPATH="$PWD/.go" GOCACHE="$WORK/gocache" GOPROXY=off CGO_ENABLED=0 HOME="$WORK" \
    make WHAT=cmd/kube-apiserver >&2
  mkdir -p "$BIN_DIR"
  cp _output/bin/kube-apiserver "$BIN_DIR/kube-apiserver.tmp" && mv "$BIN_DIR/kube-apiserver.tmp" "$BIN_DIR/kube-apiserver"
  cd "$CACHE" && rm -rf "$WORK"
  say "built: $("$BIN_DIR/kube-apiserver" --version)"
fi
mkdir -p "$BIN_DIR"
ln -sfn /usr/bin/etcd "$BIN_DIR/etcd"
ln -sfn "$(command -v kubectl)" "$BIN_DIR/kubectl"
echo "$KAT_DIR"
