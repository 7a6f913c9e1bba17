/**
 * Notification channels. SMS: an HTTP JSON gateway (`POST SMS_GATEWAY_URL` with
 * `{ to, text }` and `Authorization: Bearer SMS_GATEWAY_TOKEN`; any 2xx is success). E-mail:
 * SMTP through nodemailer (`SMTP_URL`). Demo inbox: a table shown on the public demo page, used
 * for SMS in demo mode (no real SMS can leave a demo machine) and for e-mail when no SMTP server
 * is configured in demo mode.
 */
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import type { DbOrTx } from '../db/client.ts';
import { demoMessages } from '../db/schema/index.ts';

/** One message to deliver. */
export interface OutgoingMessage {
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  body: string;
}

/** Where messages go. `send` throws on failure (the outbox worker retries). */
export interface Channel {
  name: string;
  send(message: OutgoingMessage, tx: DbOrTx): Promise<void>;
}

/** The demo inbox (a table). */
export const demoInboxChannel: Channel = {
  name: 'demo-inbox',
  async send(message, tx) {
    await tx.insert(demoMessages).values({
      channel: message.channel,
      recipient: message.to,
      subject: message.subject,
      body: message.body,
    });
  },
};

/** SMTP e-mail. */
export function smtpChannel(url: string, from: string): Channel & { close(): void } {
  let transport: Transporter | null = null;
  return {
    name: 'smtp',
    async send(message) {
      transport ??= nodemailer.createTransport(url);
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject ?? 'EpiLink',
        text: message.body,
      });
    },
    close() {
      transport?.close();
      transport = null;
    },
  };
}

/** The HTTP JSON SMS gateway. */
export function smsGatewayChannel(url: string, token: string | null, timeoutMs = 10_000): Channel {
  return {
    name: 'sms-gateway',
    async send(message) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ to: message.to, text: message.body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}

/** The channel for each kind of message, from the configuration (null: cannot be sent). */
export interface ChannelSet {
  sms: Channel | null;
  email: Channel | null;
  close(): void;
}

/** Pick channels: SMS → demo inbox in demo mode, else the gateway; e-mail → SMTP, else demo inbox in demo mode. */
export function channelsFor(config: Config): ChannelSet {
  const smtp = config.notify.smtp ? smtpChannel(config.notify.smtp.url, config.notify.smtp.from) : null;
  const gateway = config.notify.smsGateway
    ? smsGatewayChannel(config.notify.smsGateway.url, config.notify.smsGateway.token)
    : null;
  return {
    sms: config.demo.enabled ? demoInboxChannel : gateway,
    email: smtp ?? (config.demo.enabled ? demoInboxChannel : null),
    close: () => smtp?.close(),
  };
}
