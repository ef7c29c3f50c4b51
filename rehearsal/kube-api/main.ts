// The API server as a process (in the rehearsal's control-plane node, as kube-apiserver runs in
// kind's): `node rehearsal/kube-api/main.ts --tls-cert-file … --tls-private-key-file …
// --client-ca-file … [--secure-port 6443] [--token-auth-file …]`. Prints
// `kube-api listening on https://<address>:<port>` once it accepts connections; SIGTERM/SIGINT
// close it. Exit 2 for bad options or unreadable files.

import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseTokenFile, staticTokens, type TokenAuthenticator } from "./authentication.ts";
import type { PodStreams } from "./pod-streams.ts";
import { OptionsError, parseProcessOptions } from "./process-options.ts";
import { KubeApiServer } from "./server.ts";

async function main(): Promise<void> {
  const options = parseProcessOptions(process.argv.slice(2), process.env);
  const read = async (path: string, what: string) => {
    try {
      return await readFile(path, "utf8");
    } catch (error) {
      throw new OptionsError(`cannot read ${what} ${path}: ${(error as Error).message}`);
    }
  };
  const tokens: TokenAuthenticator[] = [];
  if (options.tokenAuthFile) {
    try {
      tokens.push(staticTokens(parseTokenFile(await read(options.tokenAuthFile, "token file"))));
    } catch (error) {
      throw new OptionsError(`${options.tokenAuthFile}: ${(error as Error).message}`);
    }
  }
  const server = new KubeApiServer({
    tls: {
      cert: await read(options.tlsCertFile, "serving certificate"),
      key: await read(options.tlsPrivateKeyFile, "serving key"),
      clientCa: await read(options.clientCaFile, "client CA"),
    },
    tokens,
    anonymous: options.anonymousAuth,
    ...(options.serviceAccountSigningKeyFile
      ? {
          serviceAccountSigningKey: await read(
            options.serviceAccountSigningKeyFile,
            "service account signing key",
          ),
        }
      : {}),
  });
  if (options.podStreamsModule) {
    const loaded = (await import(pathToFileURL(resolve(options.podStreamsModule)).href)) as {
      default?: (server: KubeApiServer) => PodStreams;
    };
    if (typeof loaded.default !== "function") {
      throw new OptionsError(`${options.podStreamsModule} has no default export (server) => PodStreams`);
    }
    server.podStreams = loaded.default(server);
  }
  const url = await server.listen(options.securePort, options.bindAddress);
  process.stdout.write(`kube-api listening on ${url}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  const bad = error instanceof OptionsError;
  process.stderr.write(`kube-api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(bad ? 2 : 3);
});
