/** Injection token of the process-wide KubeConfig (loaded once at start-up). */
export const KUBE_CONFIG = Symbol('KUBE_CONFIG');
