import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseProcessOptions } from "../../../rehearsal/kube-api/process-options.ts";
import { testPki } from "../../support/fake-kube-api.ts";
import { httpsRequest } from "./https-request.ts";

const MAIN = join(import.meta.dirname, "../../../rehearsal/kube-api/main.ts");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kube-api-main-"));
  const pki = await testPki();
  await writeFile(join(dir, "apiserver.crt"), pki.server.cert);
  await writeFile(join(dir, "apiserver.key"), pki.server.key);
  await writeFile(join(dir, "ca.crt"), pki.ca.cert);
  await writeFile(
    join(dir, "tokens.csv"),
    'tok1,system:serviceaccount:kube-system:cilium,u1,"system:serviceaccounts"\n',
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", () => {
      const url = /kube-api listening on (\S+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  listening.catch(() => undefined); // only the tests that wait for it care

  return { child, exited, listening, output: () => ({ stdout, stderr }) };
}

describe("rehearsal/kube-api/main.ts (the API server as a process)", () => {
  it("listens with TLS from files, authenticates a token from the token file, and stops on SIGTERM", async () => {
    const process = run(
      ["--bind-address", "127.0.0.1", "--secure-port", "0", "--tls-cert-file", join(dir, "apiserver.crt")],
      {
        CC_KUBE_API_TLS_PRIVATE_KEY_FILE: join(dir, "apiserver.key"),
        CC_KUBE_API_CLIENT_CA_FILE: join(dir, "ca.crt"),
        CC_KUBE_API_TOKEN_AUTH_FILE: join(dir, "tokens.csv"),
      },
    );
    const url = await process.listening;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const pki = await testPki();
    const response = await httpsRequest(`${url}/api/v1/namespaces`, { ca: pki.ca.cert, token: "tok1" });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ kind: "NamespaceList" });
    const admin = await httpsRequest(`${url}/api`, {
      ca: pki.ca.cert,
      cert: pki.admin.cert,
      key: pki.admin.key,
    });
    expect(admin.status).toBe(200);
    process.child.kill("SIGTERM");
    expect(await process.exited).toBe(0);
  });

  it("exits 2 naming the missing option", async () => {
    const process = run(["--secure-port", "0"], { CC_KUBE_API_TLS_CERT_FILE: "" });
    expect(await process.exited).toBe(2);
    expect(process.output().stderr).toContain("--tls-cert-file (or CC_KUBE_API_TLS_CERT_FILE) is required");
  });

  it("exits 2 for an unreadable certificate file", async () => {
    const process = run([
      "--tls-cert-file",
      join(dir, "missing.crt"),
      "--tls-private-key-file",
      join(dir, "apiserver.key"),
      "--client-ca-file",
      join(dir, "ca.crt"),
    ]);
    expect(await process.exited).toBe(2);
    expect(process.output().stderr).toContain(`cannot read serving certificate ${join(dir, "missing.crt")}`);
  });
});

describe("parseProcessOptions", () => {
  const required = ["--tls-cert-file", "c", "--tls-private-key-file", "k", "--client-ca-file", "ca"];

  it("takes kube-apiserver's flag names, flags over environment, defaults as kind's API server", () => {
    expect(parseProcessOptions(required, {})).toEqual({
      bindAddress: "0.0.0.0",
      securePort: 6443,
      tlsCertFile: "c",
      tlsPrivateKeyFile: "k",
      clientCaFile: "ca",
      tokenAuthFile: undefined,
      anonymousAuth: true,
      podStreamsModule: undefined,
      serviceAccountSigningKeyFile: undefined,
    });
    const options = parseProcessOptions([...required, "--secure-port=7443"], {
      CC_KUBE_API_SECURE_PORT: "8443",
      CC_KUBE_API_ANONYMOUS_AUTH: "false",
    });
    expect(options.securePort).toBe(7443);
    expect(options.anonymousAuth).toBe(false);
  });

  it("refuses unknown flags and impossible values", () => {
    expect(() => parseProcessOptions(["--insecure-port", "8080"], {})).toThrow(
      /unknown option --insecure-port/,
    );
    expect(() => parseProcessOptions([...required, "--secure-port", "70000"], {})).toThrow(/TCP port/);
    expect(() => parseProcessOptions([...required, "--anonymous-auth", "yes"], {})).toThrow(/true or false/);
  });
});
