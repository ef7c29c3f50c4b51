import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { issueCertificate, newKeyPair } from "../../../rehearsal/kind/x509.ts";

const notBefore = new Date("2026-01-01T00:00:00Z");
const notAfter = new Date("2036-01-01T00:00:00Z");

function cluster() {
  const caKeys = newKeyPair();
  const caSubject = { commonName: "kubernetes" };
  const ca = issueCertificate({ subject: caSubject, usage: "ca", notBefore, notAfter }, caKeys.publicKey, {
    subject: caSubject,
    privateKey: caKeys.privateKey,
  });
  return { ca, signer: { subject: caSubject, privateKey: caKeys.privateKey }, caKeys };
}

describe("issueCertificate", () => {
  it("makes a self-signed CA that Node parses and verifies", () => {
    const { ca, caKeys } = cluster();
    const cert = new X509Certificate(ca.pem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe("CN=kubernetes");
    expect(cert.issuer).toBe("CN=kubernetes");
    expect(cert.verify(caKeys.publicKey)).toBe(true);
    expect(new Date(cert.validFrom).toISOString()).toBe(notBefore.toISOString());
    expect(new Date(cert.validTo).toISOString()).toBe(notAfter.toISOString());
  });

  it("makes a serving certificate with DNS and IP SANs, signed by the CA", () => {
    const { ca, signer } = cluster();
    const keys = newKeyPair();
    const pem = issueCertificate(
      {
        subject: { commonName: "kube-apiserver" },
        altNames: ["kubernetes.default.svc", "localhost", "10.96.0.1", "192.168.5.9"],
        usage: "server",
        notBefore,
        notAfter,
      },
      keys.publicKey,
      signer,
    ).pem;
    const cert = new X509Certificate(pem);
    expect(cert.ca).toBe(false);
    expect(cert.verify(new X509Certificate(ca.pem).publicKey)).toBe(true);
    expect(cert.checkIssued(new X509Certificate(ca.pem))).toBe(true);
    expect(cert.checkHost("kubernetes.default.svc")).toBe("kubernetes.default.svc");
    expect(cert.checkIP("10.96.0.1")).toBe("10.96.0.1");
    expect(cert.checkIP("192.168.5.9")).toBe("192.168.5.9");
    expect(cert.checkIP("192.168.5.10")).toBeUndefined();
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
  });

  it("puts groups in O and the user in CN of a client certificate (kubeadm's admin)", () => {
    const { signer } = cluster();
    const keys = newKeyPair();
    const cert = new X509Certificate(
      issueCertificate(
        {
          subject: { commonName: "kubernetes-admin", organizations: ["kubeadm:cluster-admins"] },
          usage: "client",
          notBefore,
          notAfter,
        },
        keys.publicKey,
        signer,
      ).pem,
    );
    expect(cert.subject).toBe("O=kubeadm:cluster-admins\nCN=kubernetes-admin");
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
  });
});
