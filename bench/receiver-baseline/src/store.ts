/**
 * The receiver's record store: SQLite through sql.js (SQLite compiled to WebAssembly, so nothing has
 * to be compiled on install). The database lives in memory; after every stored record the whole
 * database is written to `file` durably - a temporary file in the same folder, fsync, rename over the
 * old file, fsync of the folder - and only then does the receiver answer 201. A crash or restart at
 * any moment therefore leaves either the old file or the new one, never half of one, and every
 * reference a client was given is in the file.
 *
 * Tables:
 * - `records`: one row per stored submission (the envelope as JSON, plus the columns one lists by).
 * - `idempotency`: per form id and Idempotency-Key, the digest of the body and the reply that was
 *   given, so a retry (also after a restart) gets the same reply and stores nothing new.
 *
 * Writing the whole file per record is fine for a reference receiver and a demo; a production
 * backend would use a server database or SQLite in WAL mode (e.g. better-sqlite3). One process per
 * data file: two receivers on the same file would overwrite each other's writes.
 */
import initSqlJs, { type BindParams, type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** What a client sent: DESIGN.md, "Submission contract". */
export interface Envelope {
  formId: string;
  schemaVersion: string;
  submittedAt: string;
  data: unknown;
  result: unknown;
}

export interface StoredRecord {
  reference: string;
  formId: string;
  schemaVersion: string;
  submittedAt: string;
  /** When the receiver stored it (ISO 8601, UTC). */
  receivedAt: string;
  envelope: Envelope;
}

export interface IdempotentReply {
  /** SHA-256 (hex) of the request body the key was first used with. */
  digest: string;
  status: number;
  body: unknown;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (
  reference      TEXT PRIMARY KEY,
  form_id        TEXT NOT NULL,
  schema_version TEXT NOT NULL,
  submitted_at   TEXT NOT NULL,
  received_at    TEXT NOT NULL,
  envelope       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_by_form ON records (form_id, received_at);
CREATE TABLE IF NOT EXISTS idempotency (
  form_id    TEXT NOT NULL,
  key        TEXT NOT NULL,
  digest     TEXT NOT NULL,
  status     INTEGER NOT NULL,
  reply      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (form_id, key)
);
`;

let engine: Promise<SqlJsStatic> | undefined;

/** Loads the SQLite WebAssembly module once per process. */
function sqlite(): Promise<SqlJsStatic> {
  engine ??= (async () => {
    const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
    const bytes = readFileSync(wasm);
    return initSqlJs({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
  })();
  engine.catch(() => (engine = undefined));
  return engine;
}

/** Our temporary files: `<name>.<pid>.<n>.tmp` beside the data file. */
const tempName = (file: string, n: number) => `${file}.${process.pid}.${n}.tmp`;
const isOurTemp = (file: string, name: string) => name.startsWith(`${basename(file)}.`) && /\.\d+\.\d+\.tmp$/.test(name.slice(basename(file).length));

/** Writes `bytes` to `file` so that after a crash the file holds either its old or its new content. */
async function writeDurably(file: string, bytes: Uint8Array, n: number): Promise<void> {
  const temp = tempName(file, n);
  try {
    // 0600: the records are sensitive. `wx`: never follow or reuse something already there.
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  // The rename itself is durable only once the folder is synced. Some platforms (Windows) cannot
  // open or sync a folder; there the rename is as durable as the platform makes it.
  let folder;
  try {
    folder = await open(dirname(file), 'r');
  } catch (error) {
    if (isUnsupported(error)) return;
    throw error;
  }
  try {
    await folder.sync();
  } catch (error) {
    if (!isUnsupported(error)) throw error;
  } finally {
    await folder.close();
  }
}

function isUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'ENOTSUP' || code === 'EBADF';
}

export class RecordStore {
  private writes = 0;
  /** The write in progress (or the last one), so writes happen one after another, in order. */
  private writing: Promise<void> = Promise.resolve();
  /** A write queued behind `writing` that has not taken its snapshot yet: later changes join it. */
  private queued: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly db: Database,
    /** The data file, or undefined to keep everything in memory (tests). */
    readonly file: string | undefined,
  ) {}

  /**
   * Opens the store: loads `file` if it exists (refusing to start on a file that is not an SQLite
   * database rather than overwriting it), or starts empty. Without `file`, nothing is written.
   */
  static async open(file?: string): Promise<RecordStore> {
    const SQL = await sqlite();
    let bytes: Uint8Array | undefined;
    if (file) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      // Temporary files left by a crash mid-write are incomplete copies: the data file is intact.
      for (const name of readdirSync(dirname(file))) {
        if (isOurTemp(file, name)) rmSync(join(dirname(file), name), { force: true });
      }
      try {
        bytes = readFileSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    const db = new SQL.Database(bytes);
    try {
      db.exec(SCHEMA);
    } catch (error) {
      db.close();
      throw new Error(`receiver: ${file} is not a usable SQLite database (${(error as Error).message})`);
    }
    const store = new RecordStore(db, file);
    // A new file is created at once, so a wrong path or a read-only folder shows at start.
    if (file && !bytes) await store.persist();
    return store;
  }

  private rows(sql: string, params: BindParams = null): Record<string, SqlValue>[] {
    const statement = this.db.prepare(sql);
    try {
      statement.bind(params);
      const out: Record<string, SqlValue>[] = [];
      while (statement.step()) out.push(statement.getAsObject());
      return out;
    } finally {
      statement.free();
    }
  }

  /** The first reply given for this key at this form, if any. */
  reply(formId: string, key: string): IdempotentReply | undefined {
    const [row] = this.rows('SELECT digest, status, reply FROM idempotency WHERE form_id = ? AND key = ?', [formId, key]);
    if (!row) return undefined;
    return { digest: String(row.digest), status: Number(row.status), body: JSON.parse(String(row.reply)) };
  }

  has(reference: string): boolean {
    return this.rows('SELECT 1 FROM records WHERE reference = ?', [reference]).length > 0;
  }

  get(reference: string): StoredRecord | undefined {
    const [row] = this.rows('SELECT * FROM records WHERE reference = ?', [reference]);
    return row && toRecord(row);
  }

  /** Stored records, oldest first; of one form, or of all. */
  list(formId?: string): StoredRecord[] {
    const rows = formId
      ? this.rows('SELECT * FROM records WHERE form_id = ? ORDER BY received_at, rowid', [formId])
      : this.rows('SELECT * FROM records ORDER BY received_at, rowid');
    return rows.map(toRecord);
  }

  count(formId?: string): number {
    const [row] = formId
      ? this.rows('SELECT count(*) AS n FROM records WHERE form_id = ?', [formId])
      : this.rows('SELECT count(*) AS n FROM records');
    return Number(row?.n ?? 0);
  }

  /**
   * Stores the record and the reply for its Idempotency-Key in one transaction, then writes the
   * database file durably. Resolves only once both are on disk; if the write fails, the record and
   * the reply are taken out again (so a retry stores it afresh) and the error is thrown.
   */
  async save(record: StoredRecord, key: string, reply: IdempotentReply): Promise<void> {
    if (this.closed) throw new Error('receiver: the store is closed');
    this.transaction(() => {
      this.db.run('INSERT INTO records (reference, form_id, schema_version, submitted_at, received_at, envelope) VALUES (?, ?, ?, ?, ?, ?)', [
        record.reference,
        record.formId,
        record.schemaVersion,
        record.submittedAt,
        record.receivedAt,
        JSON.stringify(record.envelope),
      ]);
      this.db.run('INSERT INTO idempotency (form_id, key, digest, status, reply, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        record.formId,
        key,
        reply.digest,
        reply.status,
        JSON.stringify(reply.body),
        record.receivedAt,
      ]);
    });
    try {
      await this.persist();
    } catch (error) {
      this.transaction(() => {
        this.db.run('DELETE FROM records WHERE reference = ?', [record.reference]);
        this.db.run('DELETE FROM idempotency WHERE form_id = ? AND key = ?', [record.formId, key]);
      });
      throw error;
    }
  }

  private transaction(work: () => void): void {
    this.db.run('BEGIN IMMEDIATE');
    try {
      work();
      this.db.run('COMMIT');
    } catch (error) {
      this.db.run('ROLLBACK');
      throw error;
    }
  }

  /**
   * Writes the database file; resolves once everything changed before the call is on disk. Writes
   * run one at a time and in order (a later snapshot never lands before an earlier one); calls made
   * while a write runs share the next one.
   */
  private persist(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    if (this.queued) return this.queued;
    const next = this.writing.then(() => {
      this.queued = undefined;
      // The snapshot is taken now, synchronously: it holds every change made before this point.
      // (sql.js's export() also frees prepared statements; this store keeps none between calls.)
      return writeDurably(file, this.db.export(), ++this.writes);
    });
    this.queued = next;
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** Waits for the writes in progress, then frees the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writing;
    this.db.close();
  }
}

function toRecord(row: Record<string, SqlValue>): StoredRecord {
  return {
    reference: String(row.reference),
    formId: String(row.form_id),
    schemaVersion: String(row.schema_version),
    submittedAt: String(row.submitted_at),
    receivedAt: String(row.received_at),
    envelope: JSON.parse(String(row.envelope)) as Envelope,
  };
}
