import type { DocumentedRule } from "../documented-rule.ts";

export const valuesLayerUnread: DocumentedRule = {
  id: "values-layer-unread",
  title:
    "Each valuesFrom layer that cannot be read (SOPS, SealedSecret/ExternalSecret, optional and not in the repo) is named",
  severities: ["info"],
  why: "Its values reach the cluster but no check sees them: a key set only there looks unset, so the must-be-set verdicts become warnings that point at it.",
  check(model) {
    return model.values.layers.flatMap((layer) => {
      const unread = layer.unread;
      if (!unread) return [];
      return [
        {
          id: "values-layer-unread",
          severity: "info" as const,
          message: `${unread.label} cannot be read here: ${unread.reason}. Flux merges its values into the release in this place, but no check sees them: a key set only there looks unset (such verdicts are warnings naming this layer), and a value there overrides the earlier layers unseen. Keep the keys the checks need (kubeProxyReplacement, k8sServiceHost/Port, the feature switches) in a layer the repo holds in clear text, or confirm them in the decrypted values.`,
          ...unread.entry,
        },
      ];
    });
  },
};
