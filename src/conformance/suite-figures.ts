// Figures a suite measured (failover time, convergence, split shares) travel from the vitest
// worker to the report as test annotations of one type, JSON in the message. Pure both ways.

import type { Figure } from "../report/report-model.ts";

export const FIGURE_ANNOTATION = "cilium-conformance-figure";

export function figureAnnotation(figure: Figure): { message: string; type: string } {
  return { message: JSON.stringify(figure), type: FIGURE_ANNOTATION };
}

/** Figures among a test's annotations; anything malformed is ignored (it is only a figure). */
export function figuresOf(annotations: readonly { type: string; message: string }[]): Figure[] {
  const figures: Figure[] = [];
  for (const annotation of annotations) {
    if (annotation.type !== FIGURE_ANNOTATION) continue;
    try {
      const value = JSON.parse(annotation.message) as Partial<Figure>;
      if (
        typeof value.name === "string" &&
        typeof value.value === "number" &&
        typeof value.unit === "string"
      ) {
        figures.push(value as Figure);
      }
    } catch {
      // Not ours.
    }
  }
  return figures;
}
