/** The `Status` object the API server returns with an error response. */
export interface KubernetesStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
  };
}

/** A non-2xx answer from the Kubernetes API, carrying the server's Status. */
export class KubernetesApiError extends Error {
  override name = 'KubernetesApiError';

  constructor(
    readonly statusCode: number,
    readonly status: KubernetesStatus,
    readonly method: string,
    readonly path: string,
  ) {
    super(status.message || `Kubernetes API answered ${statusCode} to ${method} ${path}`);
  }

  get reason(): string | undefined {
    return this.status.reason;
  }
}

/** A problem the tool reports to the model as it is (bad input, access denied, unknown type). */
export class ToolInputError extends Error {
  override name = 'ToolInputError';
}
