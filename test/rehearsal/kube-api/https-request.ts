// A raw HTTPS request with chosen credentials (client certificate, bearer token or none), to test
// the API server's transport and authentication without client-node in between.

import { request } from "node:https";

export interface Credentials {
  ca: string;
  cert?: string;
  key?: string;
  token?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): Record<string, unknown>;
}

export function httpsRequest(
  url: string,
  credentials: Credentials,
  options: { method?: string; body?: string; contentType?: string; accept?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
    if (options.contentType) headers["content-type"] = options.contentType;
    if (options.accept) headers.accept = options.accept;
    // Node does not chunk a DELETE body: say its length, as client-go does.
    if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
    const outgoing = request(
      url,
      {
        method: options.method ?? "GET",
        ca: credentials.ca,
        ...(credentials.cert ? { cert: credentials.cert, key: credentials.key } : {}),
        headers,
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body,
            json: () => JSON.parse(body) as Record<string, unknown>,
          });
        });
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}
