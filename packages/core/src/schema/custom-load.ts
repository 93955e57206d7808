/**
 * `loadSchema(url)`: fetches an organisation's form schema and makes a form of it, with the caps of
 * `formFromSchema`. The byte cap holds while reading, so a server that sends no Content-Length (or a
 * wrong one) cannot make the page read more. Errors say what went wrong in plain words and never
 * repeat the schema's content or the address.
 */
import { CustomSchemaError, DEFAULT_MAX_SCHEMA_BYTES, formFromSchema, parseSchemaText, type CustomForm, type CustomSchemaOptions } from './custom.js';

export interface LoadSchemaOptions extends CustomSchemaOptions {
  /** The fetch to use (tests, a host's own wrapper); the global one by default. */
  fetch?: typeof fetch;
  /** Cancels the request (the element aborts when `schema-src` changes). */
  signal?: AbortSignal;
}

/** Reads a response body as UTF-8 text, stopping (and cancelling the stream) once it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () => new CustomSchemaError('too-large', `schema: the form schema is larger than ${maxBytes} bytes`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    if (!response.body) {
      const whole = new Uint8Array(await response.arrayBuffer());
      if (whole.byteLength > maxBytes) throw tooLarge();
      chunks.push(whole);
    } else {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        if (bytes > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(value);
      }
    }
  } catch (error) {
    if (error instanceof CustomSchemaError || (error instanceof DOMException && error.name === 'AbortError')) throw error;
    throw new CustomSchemaError('network', 'schema: the form schema could not be downloaded');
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw new CustomSchemaError('invalid-json', 'schema: the form schema is not valid UTF-8 text');
  }
}

/**
 * Fetches the schema at `url` (same-origin credentials, no redirects, no referrer) and makes a form of it.
 * @param url the schema's address (relative to the page)
 * @param options `fetch`, `signal`, and the caps (`maxBytes`, default 256 KB; `maxDepth`, default 32)
 * @returns the form, as `formFromSchema` makes it
 * @throws CustomSchemaError `network`, `not-found`, `too-large`, `too-deep`, `invalid-json`, `remote-ref` or `not-a-form`;
 *   an `AbortError` DOMException when the signal aborted
 */
export async function loadSchema(url: string | URL, options: LoadSchemaOptions = {}): Promise<CustomForm> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SCHEMA_BYTES;
  let response: Response;
  try {
    response = await doFetch(url, {
      credentials: 'same-origin',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      headers: { Accept: 'application/schema+json, application/json' },
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new CustomSchemaError('network', 'schema: the form schema could not be downloaded');
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel().catch(() => undefined);
    throw new CustomSchemaError('not-found', 'schema: there is no form schema at that address');
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new CustomSchemaError('network', `schema: the server answered ${response.status} for the form schema`);
  }
  const text = await readCapped(response, maxBytes);
  options.signal?.throwIfAborted();
  return formFromSchema(parseSchemaText(text, options), options);
}
