// Hubble UI serves a single-page app: GET / must be 200 with an HTML document.

import { fail, pass, type Verdict } from "../../decisions/verdict.ts";

export function hubbleUiServes(
  status: number | undefined,
  contentType: string | undefined,
  body: string,
): Verdict {
  const seen = `status ${status ?? "none"}, content-type ${contentType ?? "none"}, ${body.length} bytes`;
  if (status !== 200) return fail(seen);
  if (!/text\/html/i.test(contentType ?? "")) return fail(`${seen}: not HTML`);
  if (!/<html[\s>]/i.test(body) && !/<!doctype html>/i.test(body))
    return fail(`${seen}: no HTML document in the body`);
  return pass(seen);
}
