import { describe, expect, it } from "vitest";
import { hubbleUiIndex, nginxErrorPage } from "../../../../rehearsal/cilium/hubble-ui/index-page.ts";

describe("hubble-ui page", () => {
  it("is hubble-ui's single-page shell: doctype, title, base href, the #app root", () => {
    const page = hubbleUiIndex();
    expect(page.startsWith("<!DOCTYPE html>\n<html>")).toBe(true);
    expect(page).toContain("<title>Hubble UI</title>");
    expect(page).toContain('<base href="/" />');
    expect(page).toContain('<div id="app"></div>');
  });

  it("the down fault's page is nginx's error page, not the app", () => {
    const page = nginxErrorPage(502, "Bad Gateway");
    expect(page).toContain("<title>502 Bad Gateway</title>");
    expect(page).not.toContain("Hubble UI");
  });
});

describe("hubble-ui frontend (nginx's server block)", () => {
  async function serve(down: boolean) {
    const { createFrontendServer } = await import("../../../../rehearsal/cilium/hubble-ui/frontend.ts");
    const server = createFrontendServer({ down, baseUrl: "/", backendPort: 1 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
  }

  it("serves the app for any path, 'ok' on /healthz, and 502 for /api when the backend is away", async () => {
    const ui = await serve(false);
    try {
      const page = await fetch(`${ui.url}/namespaces/kube-system`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html");
      expect(await page.text()).toContain("<title>Hubble UI</title>");
      expect(await (await fetch(`${ui.url}/healthz`)).text()).toBe("ok");
      expect((await fetch(`${ui.url}/api/ui.UI/GetEvents`)).status).toBe(502);
    } finally {
      ui.close();
    }
  });

  it("with the hubble-ui-down fault answers nginx's 502 instead of the page", async () => {
    const ui = await serve(true);
    try {
      const page = await fetch(`${ui.url}/`);
      expect(page.status).toBe(502);
      expect(await page.text()).not.toContain("Hubble UI");
    } finally {
      ui.close();
    }
  });
});
