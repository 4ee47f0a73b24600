# Pinned versions of the local control plane and where its binaries are cached.
# Sourced by the other scripts in this folder; override any of them from the environment.
K8S_VERSION="${K8S_VERSION:-v1.36.3}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
HELM_VERSION="${HELM_VERSION:-v3.22.0}"

# Binaries live outside the repository so that every clone on a machine shares one build.
CONTROL_PLANE_CACHE="${CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-kubernetes/control-plane}"
K8S_BIN_DIR="$CONTROL_PLANE_CACHE/kubernetes-$K8S_VERSION"
ETCD_BIN_DIR="$CONTROL_PLANE_CACHE/etcd-$ETCD_VERSION"
KWOK_BIN_DIR="$CONTROL_PLANE_CACHE/kwok-$KWOK_VERSION"
HELM_BIN_DIR="$CONTROL_PLANE_CACHE/helm-$HELM_VERSION"

# The running cluster: state, certificates and the admin kubeconfig.
CLUSTER_NAME="${CLUSTER_NAME:-mcp-local}"
CLUSTER_HOME="${CLUSTER_HOME:-${XDG_STATE_HOME:-$HOME/.local/state}/mcp-kubernetes}"
CLUSTER_KUBECONFIG="$CLUSTER_HOME/kubeconfig"

export GOTOOLCHAIN=local
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
