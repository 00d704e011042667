import { MemoryCluster, memFs } from "@gitops-kit/core";
import { pushArtifact } from "@gitops-kit/source";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RegistryServer, startRegistry } from "../../source/test/servers/registry.js";
import { scanImageRepository } from "../src/index.js";

const USER = "scan-user";
const PASSWORD = "Scan-Pa55-never-shown";
let registry: RegistryServer;

beforeAll(async () => {
  registry = await startRegistry({ auth: { kind: "htpasswd", username: USER, password: PASSWORD } });
  const fs = memFs({ "/s/a.txt": "a" });
  for (const tag of ["1.0.0", "1.0.1"]) {
    await pushArtifact({
      url: `oci://${registry.host}/private/app:${tag}`,
      fs,
      path: "/s",
      insecure: true,
      credentials: { username: USER, password: PASSWORD },
      created: "2024-01-01T00:00:00Z",
    });
  }
}, 60_000);

afterAll(async () => {
  await registry?.close();
});

describe("scanImageRepository with a dockerconfigjson Secret", () => {
  it("reads the credentials through the cluster adapter", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const config = {
      auths: { [registry.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString("base64") } },
    };
    await cluster.apply({
      fieldManager: "test",
      objects: [
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "regcred", namespace: "apps" },
          type: "kubernetes.io/dockerconfigjson",
          data: { ".dockerconfigjson": Buffer.from(JSON.stringify(config)).toString("base64") },
        },
      ],
    });
    const image = `${registry.host}/private/app`;
    const scan = await scanImageRepository({
      image,
      insecure: true,
      cluster,
      secretRef: { name: "regcred", namespace: "apps" },
    });
    expect(scan.tags.sort()).toEqual(["1.0.0", "1.0.1"]);

    const denied = await scanImageRepository({ image, insecure: true }).catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: "OCI_AUTH" });
    expect((denied as Error).message).not.toContain(PASSWORD);
  });
});
