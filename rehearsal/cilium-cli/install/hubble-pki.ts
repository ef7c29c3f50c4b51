// The certificates the chart's `hubble.tls.auto.method: helm` makes at render time with Sprig
// (templates/_helpers.tpl cilium.ca.setup: genCA "Cilium CA"; hubble/tls-helm/server-secret.yaml:
// CN and SAN `*.<cluster.name with . → ->.hubble-grpc.cilium.io`; relay-client-secret.yaml:
// `*.hubble-relay.cilium.io`). Issued with the `openssl` CLI (node:crypto cannot issue
// certificates); the validity is the chart's certValidityDuration days. Sprig makes RSA-2048 keys;
// the double uses ECDSA P-256, several times cheaper to make on a 2-core runner and invisible to
// every client (the names, SANs and chain are what the Hubble peers check).

import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { HubbleTls } from "./render/render-context.ts";

const run = promisify(execFile);

export async function hubblePki(clusterName: string, days: number): Promise<HubbleTls> {
  const dir = await mkdtemp(join(tmpdir(), "cc-hubble-pki-"));
  try {
    const file = (name: string) => join(dir, name);
    await run("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      file("ca.key"),
      "-out",
      file("ca.crt"),
      "-days",
      String(days),
      "-subj",
      "/CN=Cilium CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
    ]);
    const issue = async (name: string, cn: string, usage: string) => {
      await writeFile(
        file(`${name}.ext`),
        `subjectAltName=DNS:${cn}\nextendedKeyUsage=${usage}\nkeyUsage=critical,digitalSignature,keyEncipherment\n`,
      );
      await run("openssl", [
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        file(`${name}.key`),
        "-out",
        file(`${name}.csr`),
        "-subj",
        `/CN=${cn}`,
      ]);
      await run("openssl", [
        "x509",
        "-req",
        "-in",
        file(`${name}.csr`),
        "-CA",
        file("ca.crt"),
        "-CAkey",
        file("ca.key"),
        "-CAcreateserial",
        "-out",
        file(`${name}.crt`),
        "-days",
        String(days),
        "-extfile",
        file(`${name}.ext`),
      ]);
      return {
        cert: await readFile(file(`${name}.crt`), "utf8"),
        key: await readFile(file(`${name}.key`), "utf8"),
      };
    };
    const server = await issue(
      "server",
      `*.${clusterName.replaceAll(".", "-")}.hubble-grpc.cilium.io`,
      "serverAuth,clientAuth",
    );
    const relay = await issue("relay", "*.hubble-relay.cilium.io", "serverAuth,clientAuth");
    return {
      caCert: await readFile(file("ca.crt"), "utf8"),
      caKey: await readFile(file("ca.key"), "utf8"),
      serverCert: server.cert,
      serverKey: server.key,
      relayClientCert: relay.cert,
      relayClientKey: relay.key,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
