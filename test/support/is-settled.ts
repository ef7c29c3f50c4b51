// Whether a promise has settled yet, without waiting for it: one turn of the event loop lets every
// reaction already due run first. For "still waiting" checks made right after an event.

export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol("pending");
  const first = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise((resolve) => setImmediate(() => resolve(pending))),
  ]);
  return first !== pending;
}
