// Injected faults for tests (and the rehearsal's fault catalogue): the next matching requests
// answer a given Status, or get no answer at all (a stuck API server).

export interface InjectedFailure {
  method?: string;
  /** Matched against the path (substring or RegExp). */
  path?: string | RegExp;
  code: number;
  reason: string;
  message: string;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Only WATCH requests (true) or only the others (false). */
  watch?: boolean;
}

export interface InjectedHang {
  /** `UPGRADE` holds an exec/port-forward handshake until `releaseUpgrades()`. */
  method?: string;
  path?: string;
  watch?: boolean;
  times?: number;
}

export class RequestFaults {
  private readonly failures: InjectedFailure[] = [];
  private readonly hangs: (InjectedHang & { times: number })[] = [];

  failNext(failure: InjectedFailure): void {
    this.failures.push({ times: 1, ...failure });
  }

  hangNext(hang: InjectedHang): void {
    this.hangs.push({ times: 1, ...hang });
  }

  takeFailure(method: string, path: string, watch: boolean): InjectedFailure | undefined {
    const index = this.failures.findIndex(
      (failure) =>
        (failure.method === undefined || failure.method === method) &&
        (failure.watch === undefined || failure.watch === watch) &&
        (failure.path === undefined ||
          (typeof failure.path === "string" ? path.includes(failure.path) : failure.path.test(path))),
    );
    if (index < 0) return undefined;
    const failure = this.failures[index];
    if (!failure) return undefined;
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) this.failures.splice(index, 1);
    return failure;
  }

  takeHang(method: string, path: string, watch: boolean): boolean {
    const hang = this.hangs.find(
      (entry) =>
        entry.times > 0 &&
        (entry.method === undefined ? method !== "UPGRADE" : entry.method === method) &&
        (entry.path === undefined || path.includes(entry.path)) &&
        (entry.watch === undefined || entry.watch === watch),
    );
    if (!hang) return false;
    hang.times -= 1;
    return true;
  }
}
