// Run inside a node container of the agent scene, as the kubelet double would: creates a pod's
// network namespace, asks the agent's CNI socket to plumb it, and prints the CNI result.
//   node pod-sandbox.ts add <namespace> <name>      → creates netns <name>, prints the result
//   node pod-sandbox.ts del <namespace> <name>      → CNI DEL, then removes the netns
//   node pod-sandbox.ts serve <name> <port> <text>  → an HTTP server in the netns answering <text>

import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { cniCall } from "../../../../../rehearsal/cilium/agent/cni/cni-protocol.ts";

const [command, a = "", b = "", c = ""] = process.argv.slice(2);
if (command === "add") {
  execFileSync("ip", ["netns", "add", b]);
  const result = await cniCall("ADD", {
    containerId: `${b}-sandbox`,
    podUid: `${b}-uid`,
    namespace: a,
    name: b,
    netns: `/var/run/netns/${b}`,
    ifName: "eth0",
  });
  process.stdout.write(JSON.stringify(result));
} else if (command === "del") {
  await cniCall("DEL", { containerId: `${b}-sandbox`, podUid: `${b}-uid`, namespace: a, name: b });
  execFileSync("ip", ["netns", "del", b]);
} else if (command === "serve") {
  // Re-exec inside the namespace, then serve.
  if (process.env.CC_IN_NETNS !== "1") {
    const child = spawn("ip", ["netns", "exec", a, process.execPath, ...process.argv.slice(1)], {
      env: { ...process.env, CC_IN_NETNS: "1" },
      stdio: "inherit",
    });
    child.on("exit", (code) => process.exit(code ?? 1));
  } else {
    createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ pod: c, path: req.url, remote: req.socket.remoteAddress }));
    }).listen(Number(b), "0.0.0.0");
  }
} else {
  process.stderr.write("usage: pod-sandbox.ts add <namespace> <name> | serve <netns> <port> <text>\n");
  process.exit(2);
}
