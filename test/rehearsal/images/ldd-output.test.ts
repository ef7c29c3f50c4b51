import { describe, expect, it } from "vitest";
import { parseLddOutput } from "../../../rehearsal/images/ldd-output.ts";

// As printed by Debian 12's ldd for /usr/sbin/ip and the Node binary.
const IP = `	linux-vdso.so.1 (0x00007fef2a81c000)
	libbpf.so.1 => /lib/x86_64-linux-gnu/libbpf.so.1 (0x00007fef2a6bc000)
	libmnl.so.0 => /lib/x86_64-linux-gnu/libmnl.so.0 (0x00007fef2a699000)
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fef2a493000)
	/lib64/ld-linux-x86-64.so.2 (0x00007fef2a81e000)
`;

describe("parseLddOutput", () => {
  it("takes every resolved library and the loader, not the vDSO", () => {
    expect(parseLddOutput(IP)).toEqual({
      libraries: [
        "/lib/x86_64-linux-gnu/libbpf.so.1",
        "/lib/x86_64-linux-gnu/libmnl.so.0",
        "/lib/x86_64-linux-gnu/libc.so.6",
        "/lib64/ld-linux-x86-64.so.2",
      ],
      missing: [],
    });
  });

  it("reports libraries the host cannot resolve", () => {
    const text = "\tlibfoo.so.3 => not found\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n";
    expect(parseLddOutput(text)).toEqual({
      libraries: ["/lib/x86_64-linux-gnu/libc.so.6"],
      missing: ["libfoo.so.3"],
    });
  });

  it("finds nothing in a static program's answer", () => {
    expect(parseLddOutput("\tnot a dynamic executable\n")).toEqual({ libraries: [], missing: [] });
    expect(parseLddOutput("\tstatically linked\n")).toEqual({ libraries: [], missing: [] });
  });
});
