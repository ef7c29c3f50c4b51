// "Applied verbatim": every field the repo wrote is in the cluster's object with the same value.
// The API server adds defaults (e.g. a pool's `disabled: false`), so extra fields in the cluster
// are fine; a missing or different field is a difference, reported by its path.

export interface SpecDifference {
  path: string;
  expected: unknown;
  actual: unknown;
}

export function specDifferences(expected: unknown, actual: unknown, path = "spec"): SpecDifference[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [{ path, expected, actual }];
    }
    return expected.flatMap((item, index) => specDifferences(item, actual[index], `${path}[${index}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return [{ path, expected, actual }];
    }
    return Object.entries(expected as Record<string, unknown>).flatMap(([key, value]) =>
      specDifferences(value, (actual as Record<string, unknown>)[key], `${path}.${key}`),
    );
  }
  return Object.is(expected, actual) ? [] : [{ path, expected, actual }];
}

export function describeDifferences(differences: readonly SpecDifference[]): string {
  return differences
    .map(
      (d) => `${d.path}: repo ${JSON.stringify(d.expected)}, cluster ${JSON.stringify(d.actual) ?? "absent"}`,
    )
    .join("; ");
}
