#!/usr/bin/env bash
# Builds etcd, the Kubernetes control plane, kubectl, KWOK and Helm from their official Go
# modules through the Go module proxy. Each component is built once per version and cached
# outside the repository (see versions.sh); later runs return at once.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/versions.sh"

log() { printf '[control-plane] %s\n' "$*" >&2; }
elapsed() { local s=$(( $(date +%s) - $1 )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

command -v go >/dev/null || { log "Go is required to build the control plane (https://go.dev/doc/install)"; exit 1; }

# A throwaway module whose go.mod pins what we build; `replace` lines of dependencies are
# ignored by Go, so the wrapper restates the ones it needs.
new_wrapper() {
  local dir="$CONTROL_PLANE_CACHE/work/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  echo "$dir"
}

build_kubernetes() {
  local out="$K8S_BIN_DIR"
  if [[ -x "$out/kube-apiserver" && -x "$out/kube-controller-manager" && -x "$out/kube-scheduler" && -x "$out/kubectl" ]]; then
    log "kubernetes $K8S_VERSION: cached in $out"; return
  fi
  local start; start=$(date +%s)
  local staging="v0${K8S_VERSION#v1}" # v1.36.3 -> v0.36.3
  log "kubernetes $K8S_VERSION: downloading module metadata"
  local gomod; gomod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  local dir; dir=$(new_wrapper "kubernetes-$K8S_VERSION")
  {
    echo "module local/kubernetes-build"
    echo
    echo "go 1.26.0"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    # Every staging module k8s.io/kubernetes replaces with ./staging/src/... is pinned at its
    # published v0.x build instead.
    sed -n '/^replace (/,/^)/p' "$gomod" | awk -v v="$staging" '$2 == "=>" && $3 ~ /^\.\/staging\// { printf "\t%s => %s %s\n", $1, $1, v }'
    echo ")"
  } >"$dir/go.mod"
  cat >"$dir/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  log "kubernetes $K8S_VERSION: resolving $(grep -c '=>' "$dir/go.mod") staging modules at $staging"
  (cd "$dir" && go mod tidy)
  log "kubernetes $K8S_VERSION: compiling kube-apiserver, kube-controller-manager, kube-scheduler, kubectl (a cold build takes 15-30 minutes on 2 cores)"
  local minor; minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  mkdir -p "$out.partial"
  (cd "$dir" && CGO_ENABLED=0 run_go kubernetes go build -v -trimpath -o "$out.partial/" \
    -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
  rm -rf "$out" && mv "$out.partial" "$out"
  log "kubernetes $K8S_VERSION: built in $(elapsed "$start")"
}

build_etcd() {
  local out="$ETCD_BIN_DIR"
  if [[ -x "$out/etcd" ]]; then log "etcd $ETCD_VERSION: cached in $out"; return; fi
  local start; start=$(date +%s)
  local dir; dir=$(new_wrapper "etcd-$ETCD_VERSION")
  printf 'module local/etcd-build\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" >"$dir/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >"$dir/tools.go"
  log "etcd $ETCD_VERSION: resolving modules"
  (cd "$dir" && go mod tidy)
  log "etcd $ETCD_VERSION: compiling"
  mkdir -p "$out.partial"
  (cd "$dir" && CGO_ENABLED=0 run_go etcd go build -v -trimpath -ldflags "-s -w" -o "$out.partial/etcd" go.etcd.io/etcd/server/v3)
  rm -rf "$out" && mv "$out.partial" "$out"
  log "etcd $ETCD_VERSION: built in $(elapsed "$start")"
}

build_go_install() { # name version-dir version packages...
  local name=$1 out=$2 version=$3; shift 3
  local first; first=$(basename "${1%@*}")
  if [[ -x "$out/$first" ]]; then log "$name $version: cached in $out"; return; fi
  local start; start=$(date +%s)
  log "$name $version: compiling"
  mkdir -p "$out.partial"
  (GOBIN="$out.partial" CGO_ENABLED=0 run_go "$name" go install -v -trimpath -ldflags "-s -w ${LDFLAGS_EXTRA:-}" "$@")
  rm -rf "$out" && mv "$out.partial" "$out"
  log "$name $version: built in $(elapsed "$start")"
}

# Runs a go command with its output kept in a log; prints one line every 100 compiled
# packages so a long build shows it is alive, and the log's tail if the build fails.
run_go() { # name command...
  local name=$1; shift
  local log="$CONTROL_PLANE_CACHE/work/$name.log"
  mkdir -p "$(dirname "$log")"
  if ! "$@" 2>&1 | tee "$log" | awk -v name="$name" '{ n++; if (n % 100 == 0) { printf "[control-plane] %s: %d packages compiled\n", name, n; fflush() } }' >&2; then
    log "$name: build failed; last lines of $log:"
    tail -40 "$log" >&2
    return 1
  fi
}

main() {
  local start; start=$(date +%s)
  mkdir -p "$CONTROL_PLANE_CACHE"
  # One build at a time per machine: a second caller waits, then finds the binaries cached.
  exec 9>"$CONTROL_PLANE_CACHE/build.lock"
  flock 9
  build_etcd
  build_go_install kwok "$KWOK_BIN_DIR" "$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION"
  build_kubernetes
  if [[ "${BUILD_HELM:-1}" == 1 ]]; then
    LDFLAGS_EXTRA="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" build_go_install helm "$HELM_BIN_DIR" "$HELM_VERSION" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  fi
  log "all binaries ready in $CONTROL_PLANE_CACHE ($(elapsed "$start"))"
}

main "$@"
