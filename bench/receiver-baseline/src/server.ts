/**
 * The reference receiver: a small Node server that takes safety-forms submissions, checks them with
 * the same generated validators the forms use, and answers as DESIGN.md's submission contract says.
 * It also serves the demo intranet page, so `npm start` gives forms and backend on one origin.
 *
 * Records are stored in SQLite (store.ts): each record and the reply to its Idempotency-Key in one
 * transaction, written to the data file durably before the 201 goes out, so a restart at any moment
 * loses nothing a client was told is stored, and a retry after it gets the same reference.
 *
 * Endpoints:
 *   POST /api/<formId>              a submission (DESIGN.md, "Submission contract")
 *   GET  /api/<formId>/records      the stored records of a form, JSON
 *   GET  /api/<formId>/records.csv  the same as CSV (csv.ts)
 *   GET  /api/openapi.json          the contract as OpenAPI 3.1 (openapi.ts)
 *   GET  /, /demo/*, /assets/*      the demo intranet page and the SDK bundle
 *
 * The two record listings are a reference for developers and have NO access control: these records
 * are sensitive (OFFICIAL-SENSITIVE personal data). The demo receiver listens on 127.0.0.1 by
 * default; a real deployment must put authentication and authorisation in front of them (or leave
 * them out).
 *
 * Logs carry the method, path, status and form id only: never a field value.
 */
import { forms, toPointer, validate } from '@safety-forms/core';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import { toCsv } from './csv.js';
import { IDEMPOTENCY_KEY_PATTERN, openApiDocument } from './openapi.js';
import { RecordStore, type Envelope, type StoredRecord } from './store.js';

export { RecordStore, type Envelope, type StoredRecord } from './store.js';
export { toCsv } from './csv.js';
export { openApiDocument } from './openapi.js';

export interface ReceiverOptions {
  /** Folder of the repository (demo/ and packages/elements/dist/ are served from it). */
  root: string;
  /** Largest request body accepted, in bytes. */
  maxBody?: number;
  log?: (line: string) => void;
  /**
   * The SQLite file records are kept in (created with its folder if missing, loaded if present).
   * Without it, records are kept in memory only and lost when the receiver stops (tests).
   */
  dataFile?: string;
  /**
   * Test seam: called after a record and its reply are durably stored, before the 201 is sent. A
   * hook that destroys the connection (or the process) simulates a crash at the worst moment.
   */
  onStored?: (event: { formId: string; reference: string; req: IncomingMessage; res: ServerResponse }) => void | Promise<void>;
}

/** The stored records as a read-only Map by reference (what `records` of the first version was). */
export interface RecordsView extends Iterable<[string, StoredRecord]> {
  readonly size: number;
  get(reference: string): StoredRecord | undefined;
  has(reference: string): boolean;
  keys(): IterableIterator<string>;
  values(): IterableIterator<StoredRecord>;
  entries(): IterableIterator<[string, StoredRecord]>;
}

export interface Receiver {
  /** The request handler, for `http.createServer`. */
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Every stored record, of every form. */
  records: RecordsView;
  store: RecordStore;
  /** The OpenAPI document served at /api/openapi.json. */
  openapi: Record<string, unknown>;
  /** Waits for writes in progress and closes the store. Close the HTTP server first. */
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The Content-Security-Policy the demo is served with: the SDK must work under it. */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json', head = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(head ? undefined : text);
}

function problem(res: ServerResponse, status: number, title: string, extra: Record<string, unknown> = {}): void {
  send(res, status, { type: 'about:blank', title, status, ...extra }, 'application/problem+json');
}

function reference(formId: string): string {
  const prefix = formId
    .split('-')
    .map((w) => w[0]!.toUpperCase())
    .join('');
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return `${prefix}-${day}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

async function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const ENVELOPE_KEYS = new Set(['formId', 'schemaVersion', 'submittedAt', 'data', 'result']);

/** An RFC 3339 date-time with a real date (no 31 February) and time. */
export function isDateTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  const offsetOk = !m[9] || (Number(m[9]) < 24 && Number(m[10]) < 60);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h < 24 && mi < 60 && s < 60 && offsetOk;
}

interface FieldError {
  pointer: string;
  detail: string;
}

/** The problems with the envelope around `data` (the data itself is checked by the form's validator). */
function envelopeErrors(envelope: Record<string, unknown>, formId: string, version: string): { title: string; errors: FieldError[] } | undefined {
  const errors: FieldError[] = [];
  let title: string | undefined;
  if (envelope.formId !== formId) {
    title ??= 'formId does not match the endpoint';
    errors.push({ pointer: '/formId', detail: `Expected ${formId}` });
  }
  if (envelope.schemaVersion !== version) {
    title ??= 'Unsupported schema version';
    errors.push({ pointer: '/schemaVersion', detail: `This receiver accepts version ${version}` });
  }
  if (!isDateTime(envelope.submittedAt)) {
    errors.push({ pointer: '/submittedAt', detail: 'submittedAt must be an RFC 3339 date and time, like 2026-11-22T10:00:00Z' });
  }
  if (!Object.prototype.hasOwnProperty.call(envelope, 'data')) errors.push({ pointer: '/data', detail: 'data is missing' });
  const result = envelope.result;
  if (result === undefined || (result !== null && (typeof result !== 'object' || Array.isArray(result)))) {
    errors.push({ pointer: '/result', detail: 'result must be an object or null' });
  }
  for (const key of Object.keys(envelope)) {
    if (!ENVELOPE_KEYS.has(key)) errors.push({ pointer: toPointer([key]), detail: 'Unknown property' });
  }
  return errors.length ? { title: title ?? 'The envelope needs correcting', errors } : undefined;
}

/** A read-only Map-like view of the store. */
function recordsView(store: RecordStore): RecordsView {
  const entries = () => store.list().map((r): [string, StoredRecord] => [r.reference, r]);
  return {
    get size() {
      return store.count();
    },
    get: (reference) => store.get(reference),
    has: (reference) => store.has(reference),
    keys: () => entries().map(([k]) => k)[Symbol.iterator](),
    values: () => entries().map(([, v]) => v)[Symbol.iterator](),
    entries: () => entries()[Symbol.iterator](),
    [Symbol.iterator]: () => entries()[Symbol.iterator](),
  };
}

/**
 * Creates the receiver: opens (or creates) the store, then returns the request handler. Rejects if
 * `dataFile` exists but is not an SQLite database, or cannot be written.
 */
export async function createReceiver(options: ReceiverOptions): Promise<Receiver> {
  const max = options.maxBody ?? 2 * 1024 * 1024;
  const log = options.log ?? (() => undefined);
  const store = await RecordStore.open(options.dataFile);
  const openapi = openApiDocument(forms);
  const openapiText = JSON.stringify(openapi);
  const keyPattern = new RegExp(IDEMPOTENCY_KEY_PATTERN);
  const inFlight = new Set<string>();
  const staticRoots: Record<string, string> = {
    '/assets/': join(options.root, 'packages/elements/dist'),
    '/demo/': join(options.root, 'demo'),
  };

  async function serveStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    let file: string | undefined;
    if (path === '/' || path === '/index.html') file = join(options.root, 'demo/index.html');
    for (const [prefix, dir] of Object.entries(staticRoots)) {
      if (path.startsWith(prefix)) {
        let name: string;
        try {
          name = decodeURIComponent(path.slice(prefix.length));
        } catch {
          return problem(res, 400, 'Malformed path');
        }
        // Only files inside the folder: `relative` starting with `..` (or absolute) means outside it,
        // including sibling folders whose names merely start with the same letters.
        const candidate = resolve(dir, normalize(name));
        const rel = relative(dir, candidate);
        if (rel && !rel.startsWith('..') && !isAbsolute(rel)) file = candidate;
      }
    }
    if (path === '/favicon.ico') {
      res.writeHead(204);
      return void res.end();
    }
    if (!file) return problem(res, 404, 'Not found');
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      problem(res, 404, 'Not found');
    }
  }

  async function receive(req: IncomingMessage, res: ServerResponse, formId: string): Promise<void> {
    const form = Object.prototype.hasOwnProperty.call(forms, formId) ? forms[formId] : undefined;
    if (!form) return problem(res, 404, 'No such form');
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !keyPattern.test(key)) {
      return problem(res, 400, 'An Idempotency-Key header is required');
    }
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return problem(res, 415, 'Send application/json');
    const text = await readBody(req, max);
    if (text === null) {
      // The rest of the body is not read, so this connection cannot carry another request.
      res.setHeader('Connection', 'close');
      return problem(res, 413, 'The record is too large');
    }
    const digest = createHash('sha256').update(text).digest('hex');
    // Keys are scoped to the form: the same key at another form's endpoint is another submission.
    const keyId = `${formId} ${key}`;
    // In flight first: while the first request's record is being written to disk its reply is in the
    // store already, but must not be replayed before the write is done (it may yet fail).
    if (inFlight.has(keyId)) {
      res.setHeader('Retry-After', '1');
      return problem(res, 409, 'A request with this Idempotency-Key is in progress');
    }
    // The first reply is in the store, so this holds across restarts too.
    const seen = store.reply(formId, key);
    if (seen) {
      if (seen.digest !== digest) return problem(res, 422, 'This Idempotency-Key was used for a different record');
      return send(res, seen.status, seen.body);
    }
    inFlight.add(keyId);
    try {
      let envelope: unknown;
      try {
        envelope = JSON.parse(text);
      } catch {
        return problem(res, 400, 'The body is not JSON');
      }
      if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
        return problem(res, 422, 'The body must be a JSON object', { errors: [{ pointer: '', detail: 'Send the submission envelope as a JSON object' }] });
      }
      const wrong = envelopeErrors(envelope as Record<string, unknown>, formId, form.version);
      if (wrong) return problem(res, 422, wrong.title, { errors: wrong.errors });
      const sent = envelope as Envelope;
      const result = validate(formId, sent.data);
      if (!result.valid) {
        return problem(res, 422, 'Some answers need correcting', {
          errors: result.errors.map((e) => ({ pointer: `/data${e.pointer}`, detail: e.message })),
        });
      }
      let ref = reference(formId);
      while (store.has(ref)) ref = reference(formId);
      const body = { reference: ref };
      const record: StoredRecord = {
        reference: ref,
        formId,
        schemaVersion: sent.schemaVersion,
        submittedAt: sent.submittedAt,
        receivedAt: new Date().toISOString(),
        envelope: { formId: sent.formId, schemaVersion: sent.schemaVersion, submittedAt: sent.submittedAt, data: sent.data, result: sent.result },
      };
      await store.save(record, key, { digest, status: 201, body });
      log(`stored ${formId} ${ref}`);
      await options.onStored?.({ formId, reference: ref, req, res });
      if (res.destroyed || res.writableEnded) return;
      send(res, 201, body);
    } finally {
      inFlight.delete(keyId);
    }
  }

  // Reference listings for developers. NO access control here: the records are sensitive, and a real
  // deployment must authenticate and authorise before these (the demo listens on 127.0.0.1 only).
  function list(req: IncomingMessage, res: ServerResponse, formId: string, csv: boolean): void {
    const form = Object.prototype.hasOwnProperty.call(forms, formId) ? forms[formId] : undefined;
    if (!form) return problem(res, 404, 'No such form');
    const stored = store.list(formId);
    if (!csv) {
      return send(
        res,
        200,
        stored.map((r) => ({ reference: r.reference, receivedAt: r.receivedAt, ...r.envelope })),
        'application/json',
        req.method === 'HEAD',
      );
    }
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${formId}-records.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : toCsv(stored, form.schema));
  }

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const read = req.method === 'GET' || req.method === 'HEAD';
    try {
      const api = /^\/api\/([a-z0-9-]+)$/.exec(path);
      const listing = /^\/api\/([a-z0-9-]+)\/records(\.csv)?$/.exec(path);
      if (api && req.method === 'POST') await receive(req, res, api[1]!);
      else if (api) {
        res.setHeader('Allow', 'POST');
        problem(res, 405, 'Method not allowed');
      } else if (listing && read) list(req, res, listing[1]!, !!listing[2]);
      else if (path === '/api/openapi.json' && read) {
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
        res.end(req.method === 'HEAD' ? undefined : openapiText);
      } else if (read) await serveStatic(req, res, path);
      else {
        res.setHeader('Allow', 'GET, HEAD');
        problem(res, 405, 'Method not allowed');
      }
    } catch (error) {
      // The error's code only: a message could quote a value.
      log(`error ${(error as NodeJS.ErrnoException | null)?.code ?? (error as Error | null)?.name ?? 'unknown'}`);
      if (!res.headersSent) problem(res, 500, 'The receiver failed');
    }
    log(`${req.method} ${path} ${res.statusCode}`);
  };
  return { handler, records: recordsView(store), store, openapi, close: () => store.close() };
}

/**
 * `node packages/receiver/dist/server.js`: the demo page and the receiver on HOST:PORT (default
 * 127.0.0.1:8080), records in SAFETY_FORMS_DATA (default packages/receiver/data/receiver.sqlite under
 * SAFETY_FORMS_ROOT or the working folder; `:memory:` keeps them in memory only).
 */
export async function main(): Promise<void> {
  const root = resolve(process.env.SAFETY_FORMS_ROOT ?? process.cwd());
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '127.0.0.1';
  const data = process.env.SAFETY_FORMS_DATA || join(root, 'packages/receiver/data/receiver.sqlite');
  const dataFile = data === ':memory:' ? undefined : resolve(data);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const receiver = await createReceiver({ root, dataFile, log: out });
  const server = createServer(receiver.handler);
  server.listen(port, host, () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    out(`safety-forms demo and receiver: http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${actual}/`);
    out(`records: ${dataFile ?? 'in memory only'} (${receiver.records.size} stored)`);
    if (!/^(127\.|::1$|localhost$)/.test(host)) {
      out('warning: the record listings (/api/<form>/records) have no access control; do not expose them beyond this machine');
    }
  });
  const stop = () => {
    server.close();
    server.closeIdleConnections?.();
    // Every acknowledged record is already on disk; this only waits for a write in progress.
    void receiver.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && /server\.js$/.test(process.argv[1])) {
  main().catch((error: unknown) => {
    process.stderr.write(`safety-forms receiver: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
