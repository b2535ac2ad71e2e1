/**
 * Sending the digest by e-mail, only when an SMTP server is configured. Without one nothing is
 * sent and nothing else changes.
 */
import { createRequire } from 'node:module';
import type nodemailer from 'nodemailer';

export interface MailConfig {
  /** FAZHI_SMTP_URL, e.g. smtp://user:pass@host:25 or smtps://user:pass@host:465. */
  smtpUrl: string;
  /** FAZHI_MAIL_FROM, e.g. 法治台账 <fazhi@example.gov.cn>. */
  from: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export const DEFAULT_MAIL_FROM = '法治台账 <fazhi@localhost>';

export function mailConfigFromEnv(env = process.env): MailConfig | undefined {
  if (!env.FAZHI_SMTP_URL) return undefined;
  return { smtpUrl: env.FAZHI_SMTP_URL, from: env.FAZHI_MAIL_FROM || DEFAULT_MAIL_FROM };
}

/** The server without the password, for messages. */
export const smtpLocation = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

export function smtpMailer(config: MailConfig): Mailer {
  // Short timeouts: an unreachable server delays the day's run by seconds, not minutes.
  // Loaded only where mail is configured: most servers send none, and start faster without it.
  const mailer = createRequire(import.meta.url)('nodemailer') as typeof nodemailer;
  const transport = mailer.createTransport({ url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    send: async (message) => {
      await transport.sendMail({ from: config.from, ...message });
    },
    close: () => transport.close(),
  };
}
