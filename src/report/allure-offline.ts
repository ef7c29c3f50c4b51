// Allure 2's generated index.html loads Google Analytics (gtag) from the internet. Our report is
// offline and may describe a private network, so the tag and its inline setup are removed.

const EXTERNAL_ANALYTICS =
  /[ \t]*<script\b[^>]*\bsrc="https?:\/\/www\.googletagmanager\.com\/[^"]*"[^>]*>\s*<\/script>\s*\n?/g;
const INLINE_SCRIPT = /[ \t]*<script>([\s\S]*?)<\/script>\s*\n?/g;

export function stripAnalytics(html: string): string {
  return html
    .replace(EXTERNAL_ANALYTICS, "")
    .replace(INLINE_SCRIPT, (whole, body: string) => (/\bgtag\(|\bdataLayer\b/.test(body) ? "" : whole));
}

/** Any http(s) URL the page would load by itself (script, link or img source). */
export function externalResources(html: string): string[] {
  return [...html.matchAll(/<(?:script|link|img)\b[^>]*\b(?:src|href)="(https?:\/\/[^"]+)"/g)].map(
    (m) => m[1] ?? "",
  );
}
