export {
  type Connection,
  type ConnectionOptions,
  type Credentials,
  connectionOf,
  runsCommand,
  type TlsSettings,
} from "./connection.js";
export { Discovery, type ResourceInfo } from "./discovery.js";
export {
  ClusterAuthError,
  ClusterRequestError,
  ClusterUnreachableError,
  ExecPluginRefusedError,
  KubeConfigError,
  UnknownKindError,
} from "./errors.js";
export {
  KubeCluster,
  type KubeClusterCommonOptions,
  type KubeClusterOptions,
  type KubeDeleteOptions,
  type PropagationPolicy,
} from "./kube-cluster.js";
export {
  type InClusterOptions,
  inClusterKubeConfig,
  type LoadKubeConfigOptions,
  loadKubeConfig,
} from "./kubeconfig.js";
