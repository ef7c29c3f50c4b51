// Repos a hostile or careless user hands over: links out of the repo, devices, FIFOs, huge files,
// YAML that parses but cannot become data. Each ends in exit 2 with file, line and fix — never the
// linked file's content, a hang, a crash or an exhausted machine.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { RepoError } from "../../src/errors.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { DEFAULT_READ_LIMITS } from "../../src/repo/read-limits.ts";
import { fixtureRoot, fixtureWith, thrown, writeRepo } from "../support/temp-repo.ts";

const VALUES = "infra/controllers/cilium/values.yaml";
const CANARY = "CC_CANARY_TOKEN_7f3a9c";

async function check(repo: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const exit = await runCli(["check", "--repo", repo], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: { NO_COLOR: "1", ...env },
    cwd: fixtureRoot,
  });
  return { exit, stdout: out.join(""), stderr: err.join("") };
}

function linkValues(target: string): string {
  const root = fixtureWith({ [VALUES]: null });
  symlinkSync(target, path.join(root, VALUES));
  return root;
}

describe("links out of the repo", () => {
  it("refuses values.yaml -> /proc/self/environ, naming link and target, without a byte of the environment", async () => {
    process.env[CANARY] = "secret-value-that-must-not-leak";
    try {
      const root = linkValues("/proc/self/environ");
      const error = thrown(() => loadInfraRepo(root));
      expect(error).toBeInstanceOf(RepoError);
      expect(error.code).toBe("CC_REPO_SYMLINK_OUTSIDE");
      expect(error.file).toBe(VALUES);
      expect(error.message).toContain(`${VALUES} is a symlink to /proc/self/environ`);
      const { exit, stdout, stderr } = await check(root);
      expect(exit).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain("error[CC_REPO_SYMLINK_OUTSIDE]");
      expect(stderr).not.toContain(CANARY);
      expect(stderr).not.toContain("secret-value-that-must-not-leak");
      expect(stderr).not.toContain("PATH=");
    } finally {
      delete process.env[CANARY];
    }
  });

  it("refuses a link to /dev/zero before reading it (no unbounded read)", () => {
    const error = thrown(() => loadInfraRepo(linkValues("/dev/zero")));
    expect(error.code).toBe("CC_REPO_SYMLINK_OUTSIDE");
    expect(error.message).toContain("/dev/zero");
  });

  it("refuses a relative link that climbs out, and a linked folder on the way", () => {
    const relative = thrown(() => loadInfraRepo(linkValues(`${"../".repeat(12)}etc/hostname`)));
    expect(relative.code).toBe("CC_REPO_SYMLINK_OUTSIDE");
    expect(relative.message).toMatch(/is a symlink to (\.\.\/){12}etc\/hostname \(\/etc\/hostname\)/);

    const root = fixtureWith({});
    const outside = writeRepo({ "values.yaml": "kubeProxyReplacement: true\n" });
    rmSync(path.join(root, "infra/controllers/cilium/values.yaml"));
    symlinkSync(outside, path.join(root, "shared"));
    symlinkSync("../../../shared/values.yaml", path.join(root, VALUES));
    const folder = thrown(() => loadInfraRepo(root));
    expect(folder.code).toBe("CC_REPO_SYMLINK_OUTSIDE");
    expect(folder.file).toBe("shared");
  });

  it("follows a link that stays inside the repo", () => {
    const root = fixtureWith({
      "shared/cilium-values.yaml":
        "kubeProxyReplacement: true\nk8sServiceHost: 192.168.5.10\nk8sServicePort: 6443\n",
    });
    rmSync(path.join(root, VALUES));
    symlinkSync("../../../shared/cilium-values.yaml", path.join(root, VALUES));
    const model = loadInfraRepo(root);
    expect(model.values.get("k8sServiceHost")).toBe("192.168.5.10");
  });

  it("refuses a symlink loop", () => {
    const root = fixtureWith({ [VALUES]: null });
    symlinkSync("values.yaml", path.join(root, VALUES));
    expect(thrown(() => loadInfraRepo(root)).code).toBe("CC_REPO_SYMLINK_OUTSIDE");
  });
});

describe("files that are not regular or too large", () => {
  it("refuses a named pipe without blocking on it", () => {
    const root = fixtureWith({ [VALUES]: null });
    execFileSync("mkfifo", [path.join(root, VALUES)]);
    const error = thrown(() => loadInfraRepo(root));
    expect(error.code).toBe("CC_REPO_FILE_UNREADABLE");
    expect(error.message).toContain("a named pipe");
  });

  it("refuses a file past the per-file cap, by its size, without reading it", () => {
    const root = fixtureWith({});
    // Sparse: the size says 1 GB, the disk holds nothing; a reader that ignored the cap would take 1 GB of memory.
    writeFileSync(path.join(root, "apps/huge.yaml"), "");
    truncateSync(path.join(root, "apps/huge.yaml"), 1024 * 1024 * 1024);
    const error = thrown(() => loadInfraRepo(root));
    expect(error.code).toBe("CC_REPO_FILE_TOO_LARGE");
    expect(error.file).toBe("apps/huge.yaml");
    expect(error.message).toContain(`larger than ${DEFAULT_READ_LIMITS.fileBytes / 1024 / 1024} MB`);
  });

  it("stops at the total cap and at the entry cap", () => {
    const total = thrown(() =>
      loadInfraRepo(fixtureRoot, { limits: { ...DEFAULT_READ_LIMITS, totalBytes: 4096 } }),
    );
    expect(total.code).toBe("CC_REPO_TOO_LARGE");
    expect(total.message).toContain("more than 4 KB");
    const entries = thrown(() =>
      loadInfraRepo(fixtureRoot, { limits: { ...DEFAULT_READ_LIMITS, entries: 10 } }),
    );
    expect(entries.code).toBe("CC_REPO_TOO_LARGE");
  });

  it("refuses a scan folder that climbs out of the repo", () => {
    const root = fixtureWith({});
    const error = thrown(() => loadInfraRepo(root, { scan: ["../.."] }));
    expect(error.code).toBe("CC_REPO_PATH_OUTSIDE");
  });
});

describe("--repo", () => {
  it("says so when it names a file", async () => {
    const file = path.join(fixtureRoot, "infra/controllers/cilium/values.yaml");
    const error = thrown(() => loadInfraRepo(file));
    expect(error.code).toBe("CC_REPO_NOT_FOUND");
    expect(error.message).toMatch(/values\.yaml is a file, not a folder/);
    expect(error.hint).toContain(`--repo ${path.dirname(file)}`);
    const { exit, stderr } = await check(file);
    expect(exit).toBe(2);
    expect(stderr).toContain("is a file, not a folder");
  });

  it("says so when it names nothing", () => {
    expect(thrown(() => loadInfraRepo("/nonexistent/homelab")).message).toMatch(/does not exist/);
  });
});

describe("YAML that parses but cannot become data", () => {
  const cases: [string, string, number, RegExp][] = [
    [
      "an alias to no anchor",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: *nowhere\n",
      6,
      /alias \*nowhere names no anchor/,
    ],
    [
      "a merge key on a scalar",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: &m x\ndata:\n  <<: *m\n",
      5,
      /merge key `<<` merges something that is not a map/,
    ],
    ["a merge key on a literal", "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: 1\n  <<: 3\n", 5, /merge key/],
    [
      "an alias bomb",
      `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
      2,
      /alias bomb/,
    ],
    [
      "an alias inside its own anchor",
      "apiVersion: v1\nkind: ConfigMap\ndata: &d\n  self: *d\n",
      4,
      /refers to the node that contains it/,
    ],
  ];
  it.each(cases)("%s is CC_REPO_YAML_INVALID at its line, exit 2", async (_name, text, line, says) => {
    const root = fixtureWith({ "apps/broken.yaml": text });
    const error = thrown(() => loadInfraRepo(root));
    expect(error.code).toBe("CC_REPO_YAML_INVALID");
    expect(error.file).toBe("apps/broken.yaml");
    expect(error.line).toBe(line);
    expect(error.message).toMatch(says);
    expect(error.hint).toBeTruthy();
    const { exit, stderr } = await check(root);
    expect(exit).toBe(2);
    expect(stderr).not.toContain("internal error");
  });

  it("keeps a timestamp-looking value the string the cluster sees", () => {
    const root = fixtureWith({
      "apps/dated.yaml":
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: dated\n  namespace: x\n  annotations:\n    since: 2024-01-01\n    blob: !!binary aGVsbG8=\nspec:\n  type: LoadBalancer\n",
      "apps/kustomization.yaml": "resources: [gateway, homepage, grafana, whoami, pihole, dated.yaml]\n",
    });
    const service = loadInfraRepo(root).services?.find((s) => s.name === "dated");
    const annotations =
      (service?.body.metadata as { annotations: Record<string, unknown> } | undefined)?.annotations ?? {};
    expect(annotations.since).toBe("2024-01-01");
  });
});

describe("messages quote repo text only as short redacted excerpts", () => {
  it("cuts a huge value and redacts a token in it", async () => {
    const token = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    const huge = `GITHUB_TOKEN=${token} ${"x".repeat(50_000)}`;
    const root = fixtureWith({ [VALUES]: `${JSON.stringify(huge)}\n` });
    mkdirSync(path.join(root, "apps"), { recursive: true });
    const { exit, stderr } = await check(root);
    expect(exit).toBe(2);
    expect(stderr).toContain("CC_REPO_VALUES_INVALID");
    expect(stderr).not.toContain(token);
    expect(stderr).toContain("GITHUB_TOKEN=«redacted»");
    expect(stderr.length).toBeLessThan(1500);
  });
});
