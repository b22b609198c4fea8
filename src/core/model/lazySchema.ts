/**
 * How the schemas are built lazily.
 *
 * Every schema is built on first use, not when this module loads: building the ~40 of them is a
 * good part of the CLI's start-up and of the extension's first call to OK, and a send needs only a
 * few. An exported schema is a stand-in that builds the schema the first time anything reads from
 * it and then answers as the schema itself (its methods, `_zod`, `instanceof`): the exports keep
 * their names and types. Inside a schema module, schemas are composed from the built ones (the `once`
 * functions), so validation never goes through a stand-in.
 */

/** `build`, called once, on the first call. */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** An object that stands for `get()`'s value, which is only computed when first needed. */
export function lazyObject<T extends object>(get: () => T): T {
  return new Proxy(Object.create(null) as T, {
    get: (_target, key) => Reflect.get(get(), key),
    set: (_target, key, value) => Reflect.set(get(), key, value),
    has: (_target, key) => Reflect.has(get(), key),
    deleteProperty: (_target, key) => Reflect.deleteProperty(get(), key),
    ownKeys: () => Reflect.ownKeys(get()),
    // Reported configurable: the stand-in's own (empty) target cannot vouch for anything else.
    getOwnPropertyDescriptor: (_target, key) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), key);
      return d && { ...d, configurable: true };
    },
    defineProperty: (_target, key, d) => Reflect.defineProperty(get(), key, d),
    getPrototypeOf: () => Reflect.getPrototypeOf(get()),
  });
}
