import { describe, expect, it } from "vitest";
import { externalResources, stripAnalytics } from "../../src/report/allure-offline.ts";

const page = `<body>
    <script>
        if (typeof window.__allureResolveCoreLoaded === "function") { window.__allureResolveCoreLoaded([]); }
    </script>
    <script src="assets/index-Ab12.js"></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('config', 'G-X', {});
    </script>
</body>`;

describe("stripAnalytics", () => {
  it("removes the analytics tag and its setup, keeping the report's own scripts", () => {
    expect(externalResources(page)).toEqual(["https://www.googletagmanager.com/gtag/js?id=G-X"]);
    const stripped = stripAnalytics(page);
    expect(externalResources(stripped)).toEqual([]);
    expect(stripped).not.toContain("gtag");
    expect(stripped).toContain('<script src="assets/index-Ab12.js"></script>');
    expect(stripped).toContain("__allureResolveCoreLoaded([])");
  });
});
