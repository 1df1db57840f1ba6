// Mocha fixtures set up by hooks and used through stand-ins: a suite declares `const { ws, client } = …`
// once, the hooks start and stop the real objects, and every read goes to the one currently running.

/** Which hooks start and stop the fixture: once around the suite, or around every test. */
export type FixtureScope = 'suite' | 'test';

/**
 * A stand-in for the object `current()` returns at the time of each use: property reads go to it and
 * its methods run bound to it. Using the stand-in while no fixture is running throws, naming `what`.
 */
export function live<T extends object>(current: () => T | undefined, what: string): T {
  const target = (): T => {
    const value = current();
    if (value === undefined) throw new Error(`${what} is only available inside a test, while its fixture is running`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const real = target();
      const value: unknown = Reflect.get(real, key, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
    set(_, key, value) {
      return Reflect.set(target(), key, value);
    },
    has(_, key) {
      return Reflect.has(target(), key);
    },
  });
}

/**
 * Registers the mocha hooks that `start` a fixture before the suite (or each test) and `stop` it after,
 * and returns a getter for the running one (undefined outside of them, or when `start` failed).
 */
export function useFixture<T>(start: () => Promise<T>, stop: (fixture: T) => Promise<void> | void, scope: FixtureScope = 'suite'): () => T | undefined {
  let running: T | undefined;
  (scope === 'test' ? beforeEach : before)(async () => {
    running = await start();
  });
  (scope === 'test' ? afterEach : after)(async () => {
    const fixture = running;
    running = undefined;
    if (fixture !== undefined) await stop(fixture);
  });
  return () => running;
}
