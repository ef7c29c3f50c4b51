// `node rehearsal/images/main.ts`: builds the rehearsal's node image if needed and prints its tag.
// Exit 3 when the host lacks a package or Docker fails (environment), as the harness does.

import { ensureNodeImage } from "./build-node-image.ts";
import { NodeImageInputError } from "./node-image-content.ts";

const docker = process.env.CILIUM_CONFORMANCE_DOCKER_BIN || "docker";
try {
  const result = await ensureNodeImage({
    docker,
    log: (line) => process.stderr.write(`rehearsal-images: ${line}\n`),
  });
  process.stderr.write(
    `rehearsal-images: ${result.image} ${result.built ? "built" : "is up to date"} (${result.elapsedMs} ms)\n`,
  );
  process.stdout.write(`${result.image}\n`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`rehearsal-images: ${message}\n`);
  process.exitCode = error instanceof NodeImageInputError ? 3 : 3;
}
