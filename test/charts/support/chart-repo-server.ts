// A Helm repository on loopback (127.0.0.1, random port): index.yaml plus chart archives under
// charts/ (relative URLs, as helm.cilium.io writes them), every request counted.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { writeChartArchive } from "./test-charts.ts";

export interface ChartRepoServer {
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

export interface ChartRepoOptions {
  versions: readonly string[];
  /** Versions whose index digest is wrong (a corrupted mirror). */
  badDigest?: readonly string[];
  /** Versions listed without a digest. */
  noDigest?: readonly string[];
}

export async function startChartRepo(options: ChartRepoOptions): Promise<ChartRepoServer> {
  const archives = new Map<string, Buffer>();
  const entries: string[] = [];
  for (const version of options.versions) {
    const bytes = readFileSync(await writeChartArchive(version));
    const name = `cilium-${version}.tgz`;
    archives.set(`/charts/${name}`, bytes);
    const real = createHash("sha256").update(bytes).digest("hex");
    const digest = options.badDigest?.includes(version)
      ? real.replace(/^./, real[0] === "0" ? "1" : "0")
      : real;
    entries.push(
      [
        `  - apiVersion: v2`,
        `    appVersion: ${version}`,
        `    created: "2026-07-01T10:00:00.000000000Z"`,
        ...(options.noDigest?.includes(version) ? [] : [`    digest: ${digest}`]),
        `    name: cilium`,
        `    urls:`,
        `      - charts/${name}`,
        `    version: ${version}`,
      ].join("\n"),
    );
  }
  const index = `apiVersion: v1\nentries:\n  cilium:\n${entries.reverse().join("\n")}\ngenerated: "2026-07-01T10:00:00Z"\n`;
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    requests.push(path);
    if (path === "/index.yaml") {
      response.writeHead(200, { "content-type": "text/yaml" }).end(index);
      return;
    }
    const archive = archives.get(path);
    if (archive) response.writeHead(200, { "content-type": "application/gzip" }).end(archive);
    else response.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
