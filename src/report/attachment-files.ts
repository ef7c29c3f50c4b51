// Attachments a suite made (ARP transcripts, HTTP exchanges, diagnostics) as files of the run's
// report: reports/<run-id>/attachments/<suite>/<n>-<name>.<ext>, referenced by the report model so
// summary.md links them, JUnit lists them and the Allure writer copies them. The same content
// attached to several tests (a suite's setup diagnostics) is written once.

import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AttachmentRef } from "./report-model.ts";

export interface AttachmentContent {
  name: string;
  contentType: string;
  /** Without the dot; derived from the content type when absent. */
  extension?: string | undefined;
  bytes: Uint8Array;
}

export type AttachmentSink = (suite: string, attachment: AttachmentContent) => AttachmentRef;

const EXTENSIONS: Record<string, string> = {
  "text/plain": "txt",
  "application/json": "json",
  "application/x-ndjson": "ndjson",
  "text/html": "html",
  "application/xml": "xml",
  "image/png": "png",
};

export function extensionFor(contentType: string, given: string | undefined): string {
  const clean = given?.replace(/^\./, "").replace(/[^A-Za-z0-9]/g, "");
  return clean || EXTENSIONS[contentType.split(";")[0]?.trim() ?? ""] || "txt";
}

export function slugOf(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "attachment"
  );
}

/** A sink writing under `<reportDir>/attachments/`; paths in the refs are relative to reportDir. */
export function attachmentFiles(reportDir: string): AttachmentSink {
  const written = new Map<string, string>();
  let count = 0;
  return (suite, attachment) => {
    const digest = createHash("sha256").update(attachment.bytes).digest("hex");
    const key = `${suite}/${digest}`;
    let path = written.get(key);
    if (path === undefined) {
      count += 1;
      const file = `${String(count).padStart(3, "0")}-${slugOf(attachment.name)}.${extensionFor(attachment.contentType, attachment.extension)}`;
      path = join("attachments", slugOf(suite), file);
      mkdirSync(join(reportDir, "attachments", slugOf(suite)), { recursive: true });
      writeFileSync(join(reportDir, path), attachment.bytes);
      written.set(key, path);
    }
    return { name: attachment.name, path, contentType: attachment.contentType };
  };
}
