// The API server process's options: kube-apiserver's own flag names where one exists
// (kubernetes/kubernetes cmd/kube-apiserver, staging/src/k8s.io/apiserver/pkg/server/options),
// each also readable from an environment variable, flags winning.

export interface KubeApiProcessOptions {
  bindAddress: string;
  securePort: number;
  tlsCertFile: string;
  tlsPrivateKeyFile: string;
  /** CA bundle that client certificates must chain to (the admin's, the kubelets'). */
  clientCaFile: string;
  /** `token,user,uid,"groups"` lines (kube-apiserver --token-auth-file). */
  tokenAuthFile: string | undefined;
  anonymousAuth: boolean;
  /** A module whose default export `(server) => PodStreams` plugs in exec/logs/port-forward. */
  podStreamsModule: string | undefined;
  /** PEM private key that signs ServiceAccount tokens (TokenRequest). */
  serviceAccountSigningKeyFile: string | undefined;
}

interface OptionSpec {
  flag: string;
  env: string;
  help: string;
  required?: boolean;
  default?: string;
}

export const OPTION_SPECS: Record<keyof KubeApiProcessOptions, OptionSpec> = {
  bindAddress: {
    flag: "--bind-address",
    env: "CC_KUBE_API_BIND_ADDRESS",
    help: "address to listen on",
    default: "0.0.0.0",
  },
  securePort: {
    flag: "--secure-port",
    env: "CC_KUBE_API_SECURE_PORT",
    help: "HTTPS port (0 picks a free one)",
    default: "6443",
  },
  tlsCertFile: {
    flag: "--tls-cert-file",
    env: "CC_KUBE_API_TLS_CERT_FILE",
    help: "serving certificate (PEM)",
    required: true,
  },
  tlsPrivateKeyFile: {
    flag: "--tls-private-key-file",
    env: "CC_KUBE_API_TLS_PRIVATE_KEY_FILE",
    help: "serving key (PEM)",
    required: true,
  },
  clientCaFile: {
    flag: "--client-ca-file",
    env: "CC_KUBE_API_CLIENT_CA_FILE",
    help: "CA that signs client certificates (PEM)",
    required: true,
  },
  tokenAuthFile: {
    flag: "--token-auth-file",
    env: "CC_KUBE_API_TOKEN_AUTH_FILE",
    help: 'bearer tokens, CSV lines token,user,uid,"group1,group2"',
  },
  anonymousAuth: {
    flag: "--anonymous-auth",
    env: "CC_KUBE_API_ANONYMOUS_AUTH",
    help: "requests without credentials are system:anonymous (true) or refused with 401 (false)",
    default: "true",
  },
  serviceAccountSigningKeyFile: {
    flag: "--service-account-signing-key-file",
    env: "CC_KUBE_API_SERVICE_ACCOUNT_SIGNING_KEY_FILE",
    help: "private key (PEM) that signs ServiceAccount tokens (default: a new key per start)",
  },
  podStreamsModule: {
    flag: "--pod-streams-module",
    env: "CC_KUBE_API_POD_STREAMS_MODULE",
    help: "module whose default export (server) => PodStreams serves exec/logs/port-forward",
  },
};

export class OptionsError extends Error {
  override name = "OptionsError";
}

export function parseProcessOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): KubeApiProcessOptions {
  const given = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? "";
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const known = Object.values(OPTION_SPECS).some((spec) => spec.flag === flag);
    if (!known) throw new OptionsError(`unknown option ${flag} (known: ${usage()})`);
    const value = inline ?? argv[index + 1];
    if (value === undefined) throw new OptionsError(`${flag} needs a value`);
    if (inline === undefined) index += 1;
    given.set(flag, value);
  }
  const read = (key: keyof KubeApiProcessOptions): string | undefined => {
    const spec = OPTION_SPECS[key];
    const value = given.get(spec.flag) ?? (env[spec.env] || undefined) ?? spec.default;
    if (value === undefined && spec.required) {
      throw new OptionsError(`${spec.flag} (or ${spec.env}) is required: ${spec.help}`);
    }
    return value;
  };
  const port = Number(read("securePort"));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new OptionsError(`--secure-port must be a TCP port (0-65535), got ${read("securePort")}`);
  }
  const anonymous = read("anonymousAuth");
  if (anonymous !== "true" && anonymous !== "false") {
    throw new OptionsError(`--anonymous-auth must be true or false, got ${anonymous}`);
  }
  return {
    bindAddress: read("bindAddress") ?? "0.0.0.0",
    securePort: port,
    tlsCertFile: read("tlsCertFile") ?? "",
    tlsPrivateKeyFile: read("tlsPrivateKeyFile") ?? "",
    clientCaFile: read("clientCaFile") ?? "",
    tokenAuthFile: read("tokenAuthFile"),
    anonymousAuth: anonymous === "true",
    podStreamsModule: read("podStreamsModule"),
    serviceAccountSigningKeyFile: read("serviceAccountSigningKeyFile"),
  };
}

export function usage(): string {
  return Object.values(OPTION_SPECS)
    .map((spec) => `${spec.flag} (${spec.env})`)
    .join(", ");
}
