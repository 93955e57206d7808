/**
 * Notifications: a message in the account's in-app inbox, and an email of the same text when SMTP is
 * configured and the account has an address. The email is a job (`email`, unique per message), so it
 * commits with the change that caused it, survives a restart, and is retried with backoff while the
 * relay is down; nothing else waits for it.
 *
 * Message states (`messages.email_state`):
 * - `none`: in-app only (the account has no email address);
 * - `pending`: an `email` job will send it;
 * - `sent`: delivered to the relay (`sent_at`);
 * - `held`: no SMTP configured (the demo): the administrator reads it on the notifications page;
 * - `failed`: every attempt failed; it stays in the inbox.
 *
 * **Notification text never carries personal data** — no names, addresses, answers or free text from a
 * record — only what to do and a link to the page that shows the rest to whoever may see it. Email
 * leaves the system in the clear, and the administrator who reads held mail may not read records.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, Job } from '../db/schema.js';
import type { JobQueue } from '../jobs/queue.js';
import { aad, type Sealer } from '../crypto/seal.js';
import type { Mailer } from './mailer.js';

export const EMAIL_JOB = 'email';

/** Longest subject or body `notify` accepts. */
export const MAX_TEXT = 500;

/**
 * What a notification says. **No personal data** in any field: say what to do and where, e.g.
 * `{ subject: 'A report you sent has been updated', body: 'Sign in to see its status.', link: '/reports/<id>' }`.
 */
export interface Notice {
  /** At most 500 characters; no personal data. */
  subject: string;
  /** At most 500 characters; no personal data. */
  body: string;
  /** A path on this server (`/reports/<id>`); the email carries `publicUrl + link`. */
  link?: string | null;
}

export interface NotifierOptions {
  db: Kysely<Database>;
  jobs: JobQueue;
  sealer: Sealer;
  /** Without a mailer, mail is held for the administrator's notifications page. */
  mailer?: Mailer;
  /** The origin users reach the server at, without a trailing slash. */
  publicUrl: string;
  clock?: () => Date;
}

export interface InboxMessage {
  id: string;
  subject: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export interface HeldMessage extends InboxMessage {
  account_id: string;
}

type Executor = Kysely<Database> | Transaction<Database>;

export class NotificationError extends Error {
  override name = 'NotificationError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export class Notifier {
  private readonly db: Kysely<Database>;
  private readonly jobs: JobQueue;
  private readonly sealer: Sealer;
  private readonly mailer: Mailer | undefined;
  private readonly publicUrl: string;
  private readonly clock: () => Date;

  constructor(options: NotifierOptions) {
    this.db = options.db;
    this.jobs = options.jobs;
    this.sealer = options.sealer;
    this.mailer = options.mailer;
    this.publicUrl = options.publicUrl.replace(/\/+$/, '');
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Tells an account something: an inbox message, and an email when a mailer is configured and the
   * account has an address. Inside `trx` when given, so the notice commits (or not) with its cause.
   *
   * **The subject, body and link must not carry personal data** (see the module comment): only what to
   * do and a link. Rejects a subject or body over 500 characters and a link that is not a path here.
   * Returns the message id.
   */
  async notify(accountId: string, notice: Notice, trx?: Transaction<Database>): Promise<string> {
    const { subject, body } = notice;
    const link = notice.link ?? null;
    if (typeof subject !== 'string' || !subject.trim() || subject.length > MAX_TEXT) throw new NotificationError(`a notification subject must be 1 to ${MAX_TEXT} characters`, 'BAD_SUBJECT');
    if (typeof body !== 'string' || body.length > MAX_TEXT) throw new NotificationError(`a notification body must be at most ${MAX_TEXT} characters`, 'BAD_BODY');
    if (link !== null && (typeof link !== 'string' || !link.startsWith('/') || link.startsWith('//') || link.length > 2000 || /\s/.test(link)))
      throw new NotificationError('a notification link must be a path on this server, e.g. /reports/<id>', 'BAD_LINK');
    const executor: Executor = trx ?? this.db;
    const account = await executor.selectFrom('accounts').select(['id', 'email_enc']).where('id', '=', accountId).executeTakeFirst();
    if (!account) throw new NotificationError('no such account to notify', 'NO_ACCOUNT');
    const state = !account.email_enc ? 'none' : this.mailer ? 'pending' : 'held';
    const id = randomUUID();
    await executor
      .insertInto('messages')
      .values({ id, account_id: accountId, subject, body, link, created_at: this.clock().toISOString(), read_at: null, email_state: state, email_attempts: 0, sent_at: null })
      .execute();
    if (state === 'pending') await this.jobs.enqueue({ kind: EMAIL_JOB, payload: { messageId: id }, uniqueKey: `${EMAIL_JOB}:${id}` }, trx);
    return id;
  }

  /** Registers the `email` job handler on the queue. */
  register(): void {
    this.jobs.handle(EMAIL_JOB, (job, payload) => this.sendEmail(job, payload));
  }

  /** The email job: idempotent (a message with `sent_at` is never sent again). */
  private async sendEmail(job: Job, payload: Record<string, unknown>): Promise<void> {
    const messageId = typeof payload.messageId === 'string' ? payload.messageId : '';
    const message = await this.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
    if (!message || message.sent_at) return;
    const account = await this.db.selectFrom('accounts').select(['id', 'email_enc']).where('id', '=', message.account_id).executeTakeFirst();
    if (!account?.email_enc) {
      // The address was removed since: in-app only.
      await this.db.updateTable('messages').set({ email_state: 'none' }).where('id', '=', message.id).execute();
      return;
    }
    if (!this.mailer) {
      // Queued while SMTP was configured, run after a restart without it: hold it for the administrator.
      await this.db.updateTable('messages').set({ email_state: 'held' }).where('id', '=', message.id).execute();
      return;
    }
    try {
      const to = this.sealer.open(account.email_enc, aad('accounts', 'email_enc', account.id));
      await this.mailer.send({ to, subject: message.subject, text: this.text(message.body, message.link) });
    } catch (error) {
      const final = Number(job.attempts) >= Number(job.max_attempts);
      await this.db
        .updateTable('messages')
        .set((eb) => ({ email_attempts: eb('email_attempts', '+', 1), email_state: final ? 'failed' : 'pending' }))
        .where('id', '=', message.id)
        .execute();
      // Rethrown without the message, which can quote an address; the code is what the queue records.
      const code = String((error as { code?: unknown } | null)?.code ?? (error as Error | null)?.name ?? 'Error').slice(0, 64);
      throw new NotificationError('email not sent', code);
    }
    await this.db.updateTable('messages').set({ email_state: 'sent', sent_at: this.clock().toISOString() }).where('id', '=', message.id).execute();
  }

  private text(body: string, link: string | null): string {
    return link ? `${body}\n\n${this.publicUrl}${link}\n` : `${body}\n`;
  }

  /** The account's messages, newest first. */
  async inbox(accountId: string, limit = 20): Promise<InboxMessage[]> {
    return this.db
      .selectFrom('messages')
      .select(['id', 'subject', 'body', 'link', 'created_at', 'read_at'])
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async unreadCount(accountId: string): Promise<number> {
    const row = await this.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Marks one of the account's messages read; false when it is not theirs (or does not exist). */
  async markRead(accountId: string, id: string): Promise<boolean> {
    const message = await this.db.selectFrom('messages').select(['id', 'read_at']).where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    if (!message) return false;
    if (!message.read_at) await this.db.updateTable('messages').set({ read_at: this.clock().toISOString() }).where('id', '=', id).where('read_at', 'is', null).execute();
    return true;
  }

  /** Mail held because no SMTP is configured, newest first, for the administrator's notifications page. */
  async held(limit = 50): Promise<HeldMessage[]> {
    return this.db
      .selectFrom('messages')
      .select(['id', 'account_id', 'subject', 'body', 'link', 'created_at', 'read_at'])
      .where('email_state', '=', 'held')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}
