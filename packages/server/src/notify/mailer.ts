/**
 * Outgoing mail through nodemailer to `SAFETY_SMTP_URL` (e.g. `smtp://relay.example:25`,
 * `smtps://user:pass@relay.example:465`, options such as `?ignoreTLS=true` in the query). One
 * connection per message: notifications are few, and a relay that went away is simply met again on the
 * next attempt. Errors carry nodemailer's code (ECONNREFUSED, EENVELOPE ...) for the job's `last_error`.
 */
import { createTransport } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string, from: string): Mailer {
  // Timeouts short enough that a hung relay fails the attempt (and the job retries) rather than holding
  // the scheduler for nodemailer's default two minutes.
  const transport = createTransport({ url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}
