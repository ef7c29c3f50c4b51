// hubble-ui's `frontend` container: nginx with the chart's server block
// (install/kubernetes/cilium/templates/hubble-ui/_nginx.tpl): listen 8081; /healthz → 200 "ok";
// <baseUrl>api → proxied to the backend on 127.0.0.1:8090; anything else → the app's
// index.html (try_files … /index.html). The `hubble-ui-down` fault answers 502 as nginx does when
// the app cannot be served.

import { createServer, request, type Server } from "node:http";
import { HUBBLE_UI_BUNDLE, hubbleUiIndex, nginxErrorPage } from "./index-page.ts";

export const HUBBLE_UI_FAULT_DOWN = "hubble-ui-down";

export function createFrontendServer(options: {
  down: boolean;
  baseUrl: string;
  backendPort: number;
}): Server {
  const { down, baseUrl } = options;
  return createServer((req, res) => {
    const url = req.url ?? "/";
    if (url === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain", server: "nginx" });
      res.end("ok");
      return;
    }
    if (url.startsWith(`${baseUrl}api`)) {
      const upstream = request(
        { host: "127.0.0.1", port: options.backendPort, path: url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => {
        res.writeHead(502, { "content-type": "text/html", server: "nginx" });
        res.end(nginxErrorPage(502, "Bad Gateway"));
      });
      req.pipe(upstream);
      return;
    }
    if (down) {
      res.writeHead(502, { "content-type": "text/html", server: "nginx" });
      res.end(nginxErrorPage(502, "Bad Gateway"));
      return;
    }
    if (url.endsWith("bundle.app.js")) {
      res.writeHead(200, { "content-type": "application/javascript", server: "nginx" });
      res.end(HUBBLE_UI_BUNDLE);
      return;
    }
    res.writeHead(200, { "content-type": "text/html", server: "nginx" });
    res.end(hubbleUiIndex(baseUrl));
  });
}
