import { GitOpsError } from "@gitops-kit/core";

/**
 * A kubeconfig (or in-cluster configuration) that cannot be used: unreadable file, invalid YAML,
 * missing context, cluster or server. Code `KUBE_CONFIG`. Never quotes credentials.
 */
export class KubeConfigError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("KUBE_CONFIG", message, options);
  }
}

/**
 * The selected user authenticates by running a command (an `exec` credential plugin, or an
 * `auth-provider` with a `cmd-path`), which is refused unless `allowExecPlugins` is set.
 * Code `KUBE_EXEC_REFUSED`.
 */
export class ExecPluginRefusedError extends GitOpsError {
  /** The kubeconfig user entry that asked for the command. */
  readonly user: string;

  constructor(user: string, context: string) {
    super(
      "KUBE_EXEC_REFUSED",
      `kubeconfig user "${user}" (context "${context}") runs a credential command; ` +
        "commands are not run unless the caller passes allowExecPlugins: true",
    );
    this.user = user;
  }
}

/** The API server refused the credentials (401) or the permission (403). Code `CLUSTER_AUTH`. */
export class ClusterAuthError extends GitOpsError {
  /** 401 (not authenticated) or 403 (forbidden). */
  readonly status: number;

  constructor(status: number, message: string) {
    super("CLUSTER_AUTH", message);
    this.status = status;
  }
}

/** The API server could not be reached or did not answer in time. Code `CLUSTER_UNREACHABLE`. */
export class ClusterUnreachableError extends GitOpsError {
  /** The server URL (scheme, host, port and path; never credentials). */
  readonly server: string;

  constructor(server: string, message: string, options: { cause?: unknown } = {}) {
    super("CLUSTER_UNREACHABLE", message, options);
    this.server = server;
  }
}

/**
 * The API server answered with an error this package has no more specific class for (5xx, 429,
 * 415, a malformed body, ...). Code `CLUSTER_REQUEST`.
 */
export class ClusterRequestError extends GitOpsError {
  /** The HTTP status, or 0 when the response itself was unusable. */
  readonly status: number;
  /** The `reason` of the API server's `Status` object, when it sent one (e.g. `InternalError`). */
  readonly reason?: string;

  constructor(status: number, message: string, reason?: string) {
    super("CLUSTER_REQUEST", message);
    this.status = status;
    this.reason = reason;
  }
}

/**
 * The server does not serve this apiVersion/kind (discovery has no resource for it), like kubectl's
 * `no matches for kind`. Code `UNKNOWN_KIND`.
 */
export class UnknownKindError extends GitOpsError {
  readonly apiVersion: string;
  readonly kind: string;

  constructor(apiVersion: string, kind: string) {
    super("UNKNOWN_KIND", `no matches for kind "${kind}" in version "${apiVersion}"`);
    this.apiVersion = apiVersion;
    this.kind = kind;
  }
}
