#!/usr/bin/env bash
# Starts the local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler and KWOK's simulated kubelets) from the cached binaries, building them first
# if needed. Idempotent: a healthy running cluster is left alone.
#
# Afterwards:
#   $CLUSTER_HOME/kubeconfig     admin kubeconfig (cluster-admin)
#   $CLUSTER_HOME/tokens.csv     static bearer tokens of the test users (see fixtures.yaml)
#   two Ready nodes, kwok-node-0 and kwok-node-1; every pod on them logs the lines of pod.log,
#   which log-writer.sh extends by one line per second (for kubectl logs -f)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/versions.sh"
log() { printf '[control-plane] %s\n' "$*" >&2; }

bash "$HERE/build.sh"

export KWOK_WORKDIR="$CLUSTER_HOME/kwok"
export KWOK_KUBE_VERSION="$K8S_VERSION"
export KWOK_KUBECTL_BINARY="$K8S_BIN_DIR/kubectl"
KWOKCTL="$KWOK_BIN_DIR/kwokctl"
KUBECTL=("$K8S_BIN_DIR/kubectl" --kubeconfig "$CLUSTER_KUBECONFIG")

healthy() {
  [[ -f "$CLUSTER_KUBECONFIG" ]] && "${KUBECTL[@]}" get --raw /readyz --request-timeout=5s >/dev/null 2>&1
}

# Parallel test runs may call this at once: one creates the cluster, the others wait for it.
mkdir -p "$CLUSTER_HOME"
exec 8>"$CLUSTER_HOME/up.lock"
flock 8

# The log writer runs as long as the cluster does; started once, whoever starts the cluster.
start_log_writer() {
  local pid_file="$CLUSTER_HOME/log-writer.pid"
  # Alive and still the writer (not a reused pid, not an unreaped zombie with no command line).
  if [[ -s "$pid_file" ]] && grep -qs log-writer "/proc/$(cat "$pid_file")/cmdline"; then return; fi
  setsid bash "$HERE/log-writer.sh" </dev/null >/dev/null 2>&1 8>&- &
  echo $! >"$pid_file"
}

if healthy; then
  start_log_writer
  log "cluster $CLUSTER_NAME is already running (kubeconfig: $CLUSTER_KUBECONFIG)"
  exit 0
fi

start=$(date +%s)
mkdir -p "$CLUSTER_HOME"
# A cluster left behind by a reboot or a killed session is recreated from scratch: its state
# is test data, and a fresh cluster starts in seconds.
"$KWOKCTL" delete cluster --name "$CLUSTER_NAME" >/dev/null 2>&1 || true
rm -f "$CLUSTER_KUBECONFIG"

bash "$HERE/write-cluster-files.sh"

log "starting cluster $CLUSTER_NAME (Kubernetes $K8S_VERSION, etcd $ETCD_VERSION, KWOK $KWOK_VERSION)"
"$KWOKCTL" create cluster \
  --name "$CLUSTER_NAME" \
  --runtime binary \
  --kubeconfig "$CLUSTER_KUBECONFIG" \
  --config "$CLUSTER_HOME/kwok.yaml" \
  --etcd-binary "$ETCD_BIN_DIR/etcd" \
  --kube-apiserver-binary "$K8S_BIN_DIR/kube-apiserver" \
  --kube-controller-manager-binary "$K8S_BIN_DIR/kube-controller-manager" \
  --kube-scheduler-binary "$K8S_BIN_DIR/kube-scheduler" \
  --kwok-controller-binary "$KWOK_BIN_DIR/kwok" \
  --extra-args "kube-apiserver=token-auth-file=$CLUSTER_HOME/tokens.csv" \
  --extra-args "etcd=unsafe-no-fsync=true" \
  --wait 3m 8>&- # the cluster's processes must not inherit the lock

"${KUBECTL[@]}" apply -f "$HERE/nodes.yaml" >/dev/null
"${KUBECTL[@]}" apply -f "$HERE/fixtures.yaml" >/dev/null
"${KUBECTL[@]}" wait --for=condition=Ready node --all --timeout=120s >/dev/null
# The controller-manager creates the default service account a little after start-up; pods
# cannot be created in a namespace before it exists.
for _ in $(seq 1 60); do
  "${KUBECTL[@]}" -n default get serviceaccount default >/dev/null 2>&1 && break
  sleep 1
done

start_log_writer
log "cluster $CLUSTER_NAME ready in $(( $(date +%s) - start ))s"
log "kubeconfig: $CLUSTER_KUBECONFIG"
log "  export KUBECONFIG=$CLUSTER_KUBECONFIG"
