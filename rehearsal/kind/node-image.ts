// The node image the fake kind runs: CC_REHEARSAL_NODE_IMAGE when rehearse.ts already built it,
// else built here (idempotent, content-addressed).

import { ensureNodeImage } from "../images/build-node-image.ts";
import { dockerBinary } from "./docker-commands.ts";

export const NODE_IMAGE_ENV = "CC_REHEARSAL_NODE_IMAGE";

export async function resolveNodeImage(env: Record<string, string | undefined>): Promise<string> {
  const given = env[NODE_IMAGE_ENV];
  if (given) return given;
  return (await ensureNodeImage({ docker: dockerBinary(env) })).image;
}
