import nodemailer from "nodemailer";
import type { Mailer } from "../domain/accounts";

/** Reset and invitation links by SMTP (`VM_SMTP_URL`). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send({ to, subject, text }) {
      await transport.sendMail({ from, to, subject, text });
    },
  };
}

/** With no mail transport, the administrator reads the link in the server log and passes it on. */
export function logMailer(log: (line: string) => void): Mailer {
  return {
    async send({ to, subject, text }) {
      log(`[vm] mail to ${to} (no mail transport set: VM_SMTP_URL) — ${subject}\n${text}`);
    },
  };
}
