import { SendEmailCommand, type SESv2Client } from "@aws-sdk/client-sesv2";
import type { Transporter } from "nodemailer";
import { ChannelError, type EmailMessage, type EmailSender } from "../../core/notify/ports";

/**
 * E-mail senders (docs/notifications.md): Amazon SES v2 deployed (through the stage's configuration set, which
 * records bounces and complaints and keeps suppressed addresses out), and SMTP through nodemailer — the local
 * portal's embedded server (the dev mailbox) or a province's own relay (SMTP_URL).
 */

const TRANSIENT_SMTP = (code: number | undefined) => code === undefined || code < 500;

export function smtpEmailSender(transport: Transporter, from: string): EmailSender {
  return {
    provider: "smtp",
    async send(message: EmailMessage) {
      try {
        const info = await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, headers: message.headers });
        return { providerId: info.messageId };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // 550/551/553: the mailbox does not exist or is refused.
        throw new ChannelError(`SMTP: ${(err as Error).message}`, !TRANSIENT_SMTP(code), code === 550 || code === 551 || code === 553);
      }
    },
  };
}

export function sesEmailSender(ses: Pick<SESv2Client, "send">, options: { from: string; configurationSet?: string }): EmailSender {
  return {
    provider: "ses",
    async send(message: EmailMessage) {
      try {
        const out = await ses.send(
          new SendEmailCommand({
            FromEmailAddress: options.from,
            Destination: { ToAddresses: [message.to] },
            ConfigurationSetName: options.configurationSet,
            Content: {
              Simple: {
                Subject: { Data: message.subject, Charset: "UTF-8" },
                Body: { Text: { Data: message.text, Charset: "UTF-8" } },
                Headers: Object.entries(message.headers).map(([Name, Value]) => ({ Name, Value })),
              },
            },
            ListManagementOptions: undefined,
          }),
        );
        return { providerId: out.MessageId };
      } catch (err) {
        const name = (err as { name?: string }).name ?? "";
        // A refused message (bad address, suppressed, not verified) will be refused again; throttling and outages pass.
        const permanent = ["MessageRejected", "MailFromDomainNotVerifiedException", "AccountSuspendedException", "BadRequestException", "NotFoundException"].includes(name);
        throw new ChannelError(`SES: ${name} ${(err as Error).message}`, permanent);
      }
    },
  };
}
