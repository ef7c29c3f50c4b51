// quay.io/cilium/alpine-curl as the connectivity test's client and host-netns pods run it: the
// process line is `/usr/bin/pause` (check/deployment.go Command), which only waits to be stopped;
// the test execs `curl` (images/curl.ts) and BusyBox's `ping` into it.

const stop = () => process.exit(0);
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
setInterval(() => {}, 1 << 30);
