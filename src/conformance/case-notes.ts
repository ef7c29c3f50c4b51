// A note a passing case wants in the report (e.g. "this address is shared across 2 Leases"):
// it travels from the vitest worker as a test annotation of one type and becomes the case's
// `details` (JUnit system-out, the Allure description). Pure both ways.

export const NOTE_ANNOTATION = "cilium-conformance-note";

/** The notes among a test's annotations, in order. */
export function notesOf(annotations: readonly { type: string; message: string }[]): string[] {
  return annotations.filter((annotation) => annotation.type === NOTE_ANNOTATION).map((a) => a.message);
}
