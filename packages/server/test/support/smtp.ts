/**
 * A real SMTP server in process for the tests (smtp-server on 127.0.0.1), a port nothing listens on,
 * and the URL the mailer takes.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  to: string[];
  raw: string;
  headers: string;
  text: string;
}

export interface Smtp {
  port: number;
  mails: Received[];
  close(): Promise<void>;
}

function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** A real SMTP server in process on 127.0.0.1; `refuse` answers every connection with a 421. */
export async function startSmtp(port = 0, options: { refuse?: boolean } = {}): Promise<Smtp> {
  const mails: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    onConnect(_session, callback) {
      if (options.refuse) return callback(Object.assign(new Error('Service not available'), { responseCode: 421 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        const headers = raw.slice(0, split);
        const body = raw.slice(split + 4);
        mails.push({ to: session.envelope.rcptTo.map((a) => a.address), raw, headers, text: /quoted-printable/i.test(headers) ? decodeQuotedPrintable(body) : body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: one the system just gave out and took back. */
export async function closedPort(): Promise<number> {
  const smtp = await startSmtp();
  await smtp.close();
  return smtp.port;
}

export const smtpUrl = (port: number) => `smtp://127.0.0.1:${port}?ignoreTLS=true`;
