// quay.io/cilium/json-mock as the connectivity test's echo pods run it (cilium/json-mock: a
// json-server on $PORT, default 8080, answering GET / — the readiness probe — and the routes of
// its db: /public, /private, …). The double answers every GET/HEAD with 200 and a small JSON body,
// /private with the db's "private" object, and anything else with 404 as json-server does.

import { createServer } from "node:http";

const port = Number(process.env.PORT ?? 8080);
const DB: Record<string, unknown> = {
  "/": { app: "json-mock" },
  "/public": [{ id: 1, body: "public information" }],
  "/private": [{ id: 1, body: "private information" }],
};

const server = createServer((request, response) => {
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  const body = DB[path];
  if (
    body === undefined ||
    !["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"].includes(request.method ?? "")
  ) {
    response
      .writeHead(404, { "content-type": "application/json; charset=utf-8", "x-powered-by": "Express" })
      .end("{}");
    return;
  }
  const text = JSON.stringify(body, null, 2);
  response
    .writeHead(200, { "content-type": "application/json; charset=utf-8", "x-powered-by": "Express" })
    .end(request.method === "HEAD" ? undefined : text);
});
server.listen(port, () => process.stdout.write(`JSON Server is running on port ${port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
