// A measured figure as every output writes it (summary.md, JUnit, Allure, the compatibility
// table): milliseconds of a second or more in seconds (`31.2 s`), other units as measured.

import type { Figure } from "./report-model.ts";

export function figureAmount(value: number, unit: string): string {
  return unit === "ms" && Math.abs(value) >= 1000
    ? `${Number((value / 1000).toFixed(2))} s`
    : `${value} ${unit}`;
}

/** `31.2 s (limit 28.3 s) ❌`: a figure as one parameter value. */
export function figureValue(figure: Figure): string {
  const value = figureAmount(figure.value, figure.unit);
  if (figure.limit === undefined) return value;
  return `${value} (limit ${figureAmount(figure.limit, figure.unit)}) ${figure.value > figure.limit ? "❌" : "✅"}`;
}
