import { connect } from "node:net";
import { execa } from "execa";
import { GenericContainer, type StartedTestContainer } from "testcontainers";
import { type Observation, waitUntil } from "../../src/wait/wait-until.ts";
import {
  createTestNetwork as createSharedTestNetwork,
  dockerBin,
  testDocker,
  uniqueSuffix,
} from "../support/docker.ts";
import { TEST_LABEL } from "./arp-test-holder.ts";

// Real HTTP through a docker bridge: echo-like backends (BusyBox httpd + a CGI) on a network this
// test creates, reached from the runner at their bridge IPs, as a LAN user reaches an LB IP.

export const echoImage =
  process.env.CILIUM_CONFORMANCE_OFFLINE_IMAGE ?? "cilium-conformance/lan-client:offline";

export async function dockerCli(args: string[]): Promise<string> {
  const result = await execa(dockerBin, args, { reject: false });
  if (result.exitCode !== 0) {
    // a binary that cannot be started has no exit code: execa's short message says why (ENOENT)
    const why =
      result.exitCode === undefined
        ? result.shortMessage
        : `exit ${result.exitCode}: ${result.stderr.trim()}`;
    throw new Error(`\`${dockerBin} ${args.join(" ")}\` failed (${why})`);
  }
  return result.stdout.trim();
}

/**
 * `docker pause`, tried again when runc could not freeze the container. On a cgroup v1 host runc
 * cannot reliably freeze a cgroup while processes keep appearing in it: after ~1000 tries it
 * thaws the cgroup back and fails with "unable to freeze" (opencontainers/runc
 * libcontainer/cgroups/fs/freezer.go, which names retrying as the remedy). The echo backend forks
 * a CGI per request, so a probe running against it can make one attempt fail (seen once in a
 * full run at a load average of 35 here). Other failures are thrown at once.
 */
export async function pauseContainer(id: string, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await dockerCli(["pause", id]);
      return;
    } catch (error) {
      if (attempt >= attempts || !String(error).includes("unable to freeze")) throw error;
    }
  }
}

/** The offline BusyBox image (httpd, sh, awk); built with the project's script when absent. */
export async function requireEchoImage(): Promise<void> {
  const present = async () =>
    dockerCli(["image", "inspect", "--format", "{{.Id}}", echoImage]).then(
      () => true,
      () => false,
    );
  if (await present()) return;
  const build = await execa("scripts/build-offline-images.sh", { reject: false, all: true });
  if (!(await present())) {
    throw new Error(
      `image ${echoImage} is missing and scripts/build-offline-images.sh did not build it (exit ${build.exitCode}):\n${build.all}`,
    );
  }
}

export interface TestNetwork {
  name: string;
  subnet: string;
  remove: () => Promise<void>;
}

/** A bridge network on a free /24 of 10.213.0.0/16, checked before use (test/support/docker.ts). */
export async function createTestNetwork(): Promise<TestNetwork> {
  const name = `cc-http-probe-${process.pid}-${uniqueSuffix()}`;
  const { subnet } = await createSharedTestNetwork(testDocker(), name, { [TEST_LABEL]: "http-probe" });
  return { name, subnet, remove: () => dockerCli(["network", "rm", name]).then(() => undefined) };
}

/** echo-basic's answer from a BusyBox CGI: the request as it arrived plus the Downward API context. */
const echoCgi = String.raw`#!/bin/sh
status="200 OK"
case "$QUERY_STRING" in *status=500*) status="500 Internal Server Error" ;; esac
headers=$(env | awk -F= '/^HTTP_/ && $1 != "HTTP_HOST" {
  n = split(tolower(substr($1, 6)), parts, "_"); name = ""
  for (i = 1; i <= n; i++) name = name (i > 1 ? "-" : "") toupper(substr(parts[i], 1, 1)) substr(parts[i], 2)
  value = substr($0, length($1) + 2); gsub(/["\\]/, "\\\\&", value)
  printf "%s\"%s\":[\"%s\"]", (count++ ? "," : ""), name, value }')
printf 'Status: %s\r\nContent-Type: application/json\r\n\r\n' "$status"
printf '{"path":"%s","host":"%s","method":"%s","proto":"%s","headers":{%s},"namespace":"%s","ingress":"","service":"%s","pod":"%s"}\n' \
  "$REQUEST_URI" "$HTTP_HOST" "$REQUEST_METHOD" "$SERVER_PROTOCOL" "$headers" "$NAMESPACE" "$SERVICE_NAME" "$POD_NAME"
`;

export interface EchoBackend {
  container: StartedTestContainer;
  ip: string;
  /** `http://<ip>:8080`. */
  url: string;
}

/** Starts one echo backend on the network; pod/namespace/service come from env, as on Kubernetes. */
export async function startEchoBackend(
  network: TestNetwork,
  context: { pod: string; namespace: string; service: string },
): Promise<EchoBackend> {
  const container = await new GenericContainer(echoImage)
    .withNetworkMode(network.name)
    .withLabels({ [TEST_LABEL]: "http-probe" })
    .withEnvironment({ POD_NAME: context.pod, NAMESPACE: context.namespace, SERVICE_NAME: context.service })
    .withCopyContentToContainer([{ content: echoCgi, target: "/www/cgi-bin/echo", mode: 0o755 }])
    .withCommand(["httpd", "-f", "-p", "8080", "-h", "/www"])
    .start();
  const ip = container.getIpAddress(network.name);
  await untilListening(ip, 8080);
  return { container, ip, url: `http://${ip}:8080` };
}

/**
 * Until something accepts a TCP connection at ip:port. Docker calls a container started once its
 * process runs, not once httpd listens: under load (a full test run beside a rehearsal, a CI run at
 * 21:09 here) a test that probed at once got no echo from one backend for its first 66 requests.
 * A refused connect fails at once, so each look is one connect; 60 s is far beyond any start seen.
 */
async function untilListening(ip: string, port: number): Promise<void> {
  await waitUntil({
    name: "echoListening",
    budgetMs: 60_000,
    intervalMs: 50,
    expectation: `echo backend ${ip}:${port} never accepted a connection`,
    observe: () =>
      new Promise<Observation<never>>((resolve) => {
        const socket = connect({ host: ip, port, timeout: 2_000 });
        const look = (done: boolean, seen: string) => {
          socket.destroy();
          resolve({ done, seen });
        };
        socket.once("connect", () => look(true, "accepted"));
        socket.once("timeout", () => look(false, "connect timed out after 2 s"));
        socket.once("error", (error) => look(false, error.message));
      }),
  });
}
