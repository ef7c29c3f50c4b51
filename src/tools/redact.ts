// Secrets never reach the transcript or an error message: a caller names the values that are
// secret (a token, kubeconfig contents) and well-known secret flags are masked regardless.

export const REDACTED = "<redacted>";

const SECRET_FLAGS = ["--token", "--password", "--client-key-data", "--client-certificate-data"];

/** Masks each argument that contains a named secret, and the value of every secret flag. */
export function redactArgs(args: readonly string[], secrets: readonly string[] = []): string[] {
  const named = secrets.filter((secret) => secret.length > 0);
  const out: string[] = [];
  let maskNext = false;
  for (const arg of args) {
    if (maskNext) {
      out.push(REDACTED);
      maskNext = false;
      continue;
    }
    const flag = SECRET_FLAGS.find((candidate) => arg === candidate || arg.startsWith(`${candidate}=`));
    if (flag !== undefined) {
      if (arg === flag) {
        out.push(arg);
        maskNext = true;
      } else {
        out.push(`${flag}=${REDACTED}`);
      }
      continue;
    }
    out.push(named.reduce((text, secret) => text.replaceAll(secret, REDACTED), arg));
  }
  return out;
}

/** Masks named secrets inside free text (stderr tails that may echo an argument back). */
export function redactText(text: string, secrets: readonly string[] = []): string {
  return secrets.filter((s) => s.length > 0).reduce((acc, secret) => acc.replaceAll(secret, REDACTED), text);
}
