// A Helm repository index on loopback (127.0.0.1, random port) that answers conditional requests
// the way a static web server does (ETag → If-None-Match → 304), counts requests, and can be
// told to fail.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface IndexServer {
  url: string;
  /** Each request: path and the validator it sent (undefined without one). */
  requests: { path: string; ifNoneMatch: string | undefined }[];
  setIndex(text: string): void;
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

export async function startIndexServer(initial: string): Promise<IndexServer> {
  let text = initial;
  let version = 1;
  let failure: number | undefined;
  const requests: IndexServer["requests"] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const ifNoneMatch = request.headers["if-none-match"];
    requests.push({ path, ifNoneMatch: typeof ifNoneMatch === "string" ? ifNoneMatch : undefined });
    if (failure !== undefined) return void response.writeHead(failure).end("unavailable");
    if (path !== "/index.yaml") return void response.writeHead(404).end("not found");
    const etag = `"v${version}"`;
    if (ifNoneMatch === etag) return void response.writeHead(304, { etag }).end();
    response.writeHead(200, { "content-type": "text/yaml", etag }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    setIndex(next) {
      text = next;
      version += 1;
    },
    failWith(status) {
      failure = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An index in Helm's own layout (as `helm repo index` writes it), with annotations and lists in each entry. */
export function helmIndex(
  charts: Record<string, readonly string[]>,
  deprecated: readonly string[] = [],
): string {
  const entries = Object.entries(charts).map(([chart, versions]) => {
    const items = versions.map((version) =>
      [
        "  - annotations:",
        "      artifacthub.io/images: |",
        "        - name: cilium",
        `          image: quay.io/cilium/cilium:v${version}`,
        "      artifacthub.io/license: Apache-2.0",
        "    apiVersion: v2",
        `    appVersion: ${version}`,
        `    created: "2026-07-01T10:00:00.000000000Z"`,
        ...(deprecated.includes(version) ? ["    deprecated: true"] : []),
        "    description: eBPF-based Networking, Security, and Observability",
        "    keywords:",
        "    - BPF",
        "    - eBPF",
        `    name: ${chart}`,
        "    urls:",
        `    - ${chart}-${version}.tgz`,
        `    version: ${version}`,
      ].join("\n"),
    );
    return `  ${chart}:\n${items.join("\n")}`;
  });
  return `apiVersion: v1\nentries:\n${entries.join("\n")}\ngenerated: "2026-07-01T10:00:00Z"\n`;
}
