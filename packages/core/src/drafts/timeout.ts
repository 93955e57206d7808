import { StorageError } from '../errors.js';

/**
 * Settles with `promise`, or rejects with a `StorageError('timeout')` after `ms`. Storage wrappers and
 * some browsers leave IndexedDB requests pending forever (RELIABILITY.md); nothing may hang on them.
 * `module` names the caller in the message (`drafts: ...`, `outbox: ...`).
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string, module: 'drafts' | 'outbox' = 'drafts'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageError(`${module}: ${what} did not finish within ${ms} ms`, 'timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
