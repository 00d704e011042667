/** A kubeconfig with one context pointing at `server`, as YAML text. */
export function kubeconfigText(options: {
  server: string;
  token?: string;
  namespace?: string;
  caData?: string;
  insecure?: boolean;
  user?: string;
  contextName?: string;
}): string {
  const lines = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: fake",
    "  cluster:",
    `    server: ${options.server}`,
  ];
  if (options.caData) lines.push(`    certificate-authority-data: ${options.caData}`);
  if (options.insecure) lines.push("    insecure-skip-tls-verify: true");
  lines.push("users:", "- name: tester", "  user:");
  lines.push(options.user ?? (options.token ? `    token: ${options.token}` : "    {}"));
  lines.push(
    "contexts:",
    `- name: ${options.contextName ?? "fake"}`,
    "  context:",
    "    cluster: fake",
    "    user: tester",
  );
  if (options.namespace) lines.push(`    namespace: ${options.namespace}`);
  lines.push(`current-context: ${options.contextName ?? "fake"}`, "");
  return lines.join("\n");
}
