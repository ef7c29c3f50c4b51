// The one format in which attachments travel from a suite's vitest worker to the report: the
// runtime messages allure-vitest keeps on a task's meta (allure-vitest 3.12.2 dist/runtime.js:
// `allureRuntimeMessages`, and `allureGlobalRuntimeMessages` for global ones; an attachment is an
// `attachment_content` message, base64 as dist/VitestTestRuntime.js sends it, or an
// `attachment_path` one). The harness writes the same shape itself where allure-vitest has no test
// to put it on (a suite's afterAll), so vitest-results.ts reads both with one reader — and
// allure-vitest's own reporter would read them too.

export const RUNTIME_MESSAGES_KEY = "allureRuntimeMessages";
export const GLOBAL_RUNTIME_MESSAGES_KEY = "allureGlobalRuntimeMessages";

export interface AllureAttachmentMessage {
  type: "attachment_content" | "attachment_path";
  data: {
    name?: unknown;
    content?: unknown;
    encoding?: unknown;
    path?: unknown;
    contentType?: unknown;
    fileExtension?: unknown;
  };
}

export function isAttachmentMessage(value: unknown): value is AllureAttachmentMessage {
  if (typeof value !== "object" || value === null) return false;
  const message = value as { type?: unknown; data?: unknown };
  return (
    (message.type === "attachment_content" || message.type === "attachment_path") &&
    typeof message.data === "object" &&
    message.data !== null
  );
}

/** The runtime messages of a task's meta, its own and the global ones. */
export function runtimeMessagesOf(meta: Record<string, unknown>): unknown[] {
  const own = meta[RUNTIME_MESSAGES_KEY];
  const global = meta[GLOBAL_RUNTIME_MESSAGES_KEY];
  return [...(Array.isArray(own) ? own : []), ...(Array.isArray(global) ? global : [])];
}

/** Adds an attachment to a task's meta as allure-vitest would. */
export function recordAttachment(
  meta: Record<string, unknown>,
  name: string,
  content: string,
  contentType: string,
): void {
  const message: AllureAttachmentMessage = {
    type: "attachment_content",
    data: { name, content: Buffer.from(content, "utf8").toString("base64"), encoding: "base64", contentType },
  };
  const messages = meta[RUNTIME_MESSAGES_KEY];
  if (Array.isArray(messages)) messages.push(message);
  else meta[RUNTIME_MESSAGES_KEY] = [message];
}
