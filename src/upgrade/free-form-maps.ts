// Chart values whose children are the user's own (Kubernetes annotations, labels, resources,
// tolerations, extra env...): the chart cannot list them, so keys below them are never "unknown".

const FREE_FORM_NAME =
  /^(annotations|labels|nodeSelector|tolerations|affinity|resources|securityContext|podSecurityContext|env|extraConfig|topologySpreadConstraints|updateStrategy|extra[A-Z]\w*|\w+(Annotations|Labels|Resources|SecurityContext|NodeSelector|Tolerations|Affinity))$/;

/**
 * A chart key is free-form when its name says so, or when its default gives no structure to
 * compare against: an empty map or list, null, or a scalar (a user map there is the user's).
 */
export function isFreeFormKey(name: string, chartDefault: unknown): boolean {
  if (FREE_FORM_NAME.test(name)) return true;
  if (chartDefault === null || chartDefault === undefined || Array.isArray(chartDefault)) return true;
  if (typeof chartDefault !== "object") return true;
  return Object.keys(chartDefault).length === 0;
}
