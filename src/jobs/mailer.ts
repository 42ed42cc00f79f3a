import { createTransport } from 'nodemailer';
import type { Config } from '../config/config.js';
import { AppError } from '../errors.js';

/** One plain mail. */
interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends mail; throws {@link MailError} when the server refuses or cannot be reached. */
export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/** The mail server refused the message or could not be reached. */
class MailError extends AppError {
  constructor(message: string, cause: unknown) {
    super('mail_failed', message, { cause, retryable: true });
  }
}

/**
 * A mailer over SMTP from `config.smtp` (nodemailer), or `undefined` when SMTP is not
 * configured. Constructs only: the first connection is made by the first `send`.
 */
export function createSmtpMailer(smtp: Config['smtp'], options: { timeoutMs?: number } = {}): Mailer | undefined {
  if (!smtp) return undefined;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(message) {
      try {
        const info = await transport.sendMail({ from: smtp.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
        return { messageId: String(info.messageId ?? '') };
      } catch (err) {
        throw new MailError(`The mail server ${smtp.host}:${smtp.port} did not accept the message to ${message.to}; check SMTP_* settings`, err);
      }
    },
  };
}
