// The LAN client as the Docker tests start it: the offline image, on a network the test created
// (createLanTestNetwork), labelled with the test's run id. Apart from docker.ts so that the tests
// which only need networks do not load testcontainers.

import { LanClient, type StartedLanClient } from "../../src/probes/lan-client.ts";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../src/probes/lan-client-image.ts";
import type { DockerCli } from "../../src/tools/docker.ts";

export function startTestLanClient(
  docker: DockerCli,
  network: string,
  runId: string,
): Promise<StartedLanClient> {
  return new LanClient({ network, image: OFFLINE_LAN_CLIENT_IMAGE, runId, docker }).start();
}
