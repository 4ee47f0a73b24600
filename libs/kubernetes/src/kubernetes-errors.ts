import { groupResourceOf, type ApiResource } from './api/api-resource.js';
import { KubernetesApiError, ToolInputError } from './api/kubernetes-api.error.js';
import { KubeConfigError } from './load-kube-config.js';

/** What a failed call was about, so the message can name it. */
export interface ErrorTarget {
  type?: ApiResource;
  name?: string;
  namespace?: string;
}

/**
 * Turns a failure into the sentence a model (or person) can act on:
 * `deployments.apps "web" not found in namespace "prod"`, forbidden with the missing verb,
 * invalid with each field path, conflicts with what to do next.
 */
export function describeKubernetesError(error: unknown, target: ErrorTarget = {}): string {
  if (error instanceof ToolInputError || error instanceof KubeConfigError) return error.message;
  if (error instanceof KubernetesApiError) return describeApiError(error, target);
  const message = error instanceof Error ? error.message : String(error);
  if (
    /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|fetch failed|other side closed/i.test(message)
  ) {
    return `Cannot reach the Kubernetes API (${message}). Check that the cluster is up and the kubeconfig points at it.`;
  }
  return message;
}

function describeApiError(error: KubernetesApiError, target: ErrorTarget): string {
  const status = error.status;
  const where =
    target.type?.namespaced && target.namespace ? ` in namespace "${target.namespace}"` : '';
  switch (error.statusCode) {
    case 404: {
      if (target.type && target.name) {
        return `${groupResourceOf(target.type)} "${target.name}" not found${where}. List what exists with kubectl_get.`;
      }
      if (status.details?.kind === 'namespaces' || /namespaces? "/.test(status.message ?? '')) {
        return `${status.message}. List namespaces with kubectl_get resource=namespaces.`;
      }
      return `${status.message ?? 'Not found'}${where}`;
    }
    case 403:
      return `${status.message ?? 'Forbidden'}. The cluster's RBAC does not allow this; ask a cluster administrator for access or use another context.`;
    case 401:
      return "The Kubernetes API rejected the server's credentials (401 Unauthorized); check the kubeconfig or service account token.";
    case 409:
      return status.reason === 'AlreadyExists'
        ? `${status.message}. Use kubectl_apply to update it, or pick another name.`
        : `${status.message ?? 'Conflict'}. The object changed or another manager owns these fields; re-read it and retry${
            /apply failed/i.test(status.message ?? '')
              ? ', or pass force=true to take ownership of the conflicting fields'
              : ''
          }.`;
    case 422:
    case 400: {
      const causes = (status.details?.causes ?? [])
        .map((cause) => (cause.field ? `${cause.field}: ${cause.message}` : cause.message))
        .filter(Boolean);
      const base = status.message ?? `Invalid request (${error.statusCode})`;
      const missing = causes.filter((cause) => !base.includes(cause as string));
      return missing.length ? `${base} (${missing.join('; ')})` : base;
    }
    case 405:
      return `${status.message ?? 'Method not allowed'}: this resource type does not support the operation.`;
    case 429:
    case 503:
      return `${status.message ?? 'The API server is busy'}; retry in a few seconds.`;
    default:
      return status.message ?? `Kubernetes API error ${error.statusCode}`;
  }
}
