/**
 * The reference receiver: a small Node server that takes safety-forms submissions, checks them with
 * the same generated validators the forms use, and answers as DESIGN.md's submission contract says.
 * It also serves the demo intranet page, so `npm start` gives forms and backend on one origin.
 *
 * This first version keeps records in memory (lost on restart); SQLite storage, listing, CSV/JSON
 * export and the OpenAPI document come with issue #4.
 *
 * Logs carry the method, path, status and form id only: never a field value.
 */
import { forms, validate } from '@safety-forms/core';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, isAbsolute, join, normalize, relative, resolve } from 'node:path';

export interface ReceiverOptions {
  /** Folder of the repository (demo/ and packages/elements/dist/ are served from it). */
  root: string;
  /** Largest request body accepted, in bytes. */
  maxBody?: number;
  log?: (line: string) => void;
}

interface Stored {
  key: string;
  digest: string;
  status: number;
  body: unknown;
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

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
  res.end(text);
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

export function createReceiver(options: ReceiverOptions) {
  const max = options.maxBody ?? 2 * 1024 * 1024;
  const log = options.log ?? (() => undefined);
  const records = new Map<string, { formId: string; reference: string; receivedAt: string; envelope: unknown }>();
  const byKey = new Map<string, Stored>();
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
    if (typeof key !== 'string' || !/^[A-Za-z0-9-]{8,100}$/.test(key)) {
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
    const seen = byKey.get(keyId);
    if (seen) {
      if (seen.digest !== digest) return problem(res, 422, 'This Idempotency-Key was used for a different record');
      return send(res, seen.status, seen.body);
    }
    if (inFlight.has(keyId)) return problem(res, 409, 'A request with this Idempotency-Key is in progress');
    inFlight.add(keyId);
    try {
      let envelope: { formId?: unknown; schemaVersion?: unknown; data?: unknown };
      try {
        envelope = JSON.parse(text);
      } catch {
        return problem(res, 400, 'The body is not JSON');
      }
      if (envelope?.formId !== formId) return problem(res, 422, 'formId does not match the endpoint', { errors: [{ pointer: '/formId', detail: `Expected ${formId}` }] });
      if (envelope.schemaVersion !== form.version) {
        return problem(res, 422, 'Unsupported schema version', { errors: [{ pointer: '/schemaVersion', detail: `This receiver accepts version ${form.version}` }] });
      }
      const result = validate(formId, envelope.data);
      if (!result.valid) {
        return problem(res, 422, 'Some answers need correcting', {
          errors: result.errors.map((e) => ({ pointer: `/data${e.pointer}`, detail: e.message })),
        });
      }
      const ref = reference(formId);
      records.set(ref, { formId, reference: ref, receivedAt: new Date().toISOString(), envelope });
      const body = { reference: ref };
      byKey.set(keyId, { key, digest, status: 201, body });
      log(`stored ${formId} ${ref}`);
      send(res, 201, body);
    } finally {
      inFlight.delete(keyId);
    }
  }

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    try {
      const api = /^\/api\/([a-z0-9-]+)$/.exec(path);
      if (api && req.method === 'POST') await receive(req, res, api[1]!);
      else if (api) {
        res.setHeader('Allow', 'POST');
        problem(res, 405, 'Method not allowed');
      } else if (req.method === 'GET' || req.method === 'HEAD') await serveStatic(req, res, path);
      else {
        res.setHeader('Allow', 'GET, HEAD');
        problem(res, 405, 'Method not allowed');
      }
    } catch {
      if (!res.headersSent) problem(res, 500, 'The receiver failed');
    }
    log(`${req.method} ${path} ${res.statusCode}`);
  };
  return { handler, records };
}

/** `node packages/receiver/dist/server.js`: the demo page and the receiver on PORT (default 8080). */
export function main(): void {
  const root = resolve(process.env.SAFETY_FORMS_ROOT ?? process.cwd());
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '127.0.0.1';
  const { handler } = createReceiver({ root, log: (line) => process.stdout.write(`${line}\n`) });
  createServer(handler).listen(port, host, () => {
    process.stdout.write(`safety-forms demo and receiver: http://localhost:${port}/\n`);
  });
}

if (process.argv[1] && /server\.js$/.test(process.argv[1])) main();
