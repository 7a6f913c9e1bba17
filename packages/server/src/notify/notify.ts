/**
 * Notifications through the transactional outbox: `enqueueNotification` writes the message in
 * the caller's transaction; the outbox worker delivers it on its channel with retries, then
 * redacts the body from the outbox row (a one-time code must not linger in the database).
 */
import { maskPhone } from '@epilink/core';
import type { DbOrTx } from '../db/client.ts';
import { enqueue } from '../outbox/outbox.ts';
import type { OutboxHandler } from '../outbox/worker.ts';
import type { ChannelSet, OutgoingMessage } from './channels.ts';

/** Queue a message (in the caller's transaction). */
export async function enqueueNotification(db: DbOrTx, message: OutgoingMessage): Promise<void> {
  await enqueue(db, 'notification.send', { ...message });
}

function isMessage(p: Record<string, unknown>): p is Record<string, unknown> & OutgoingMessage {
  return (
    (p.channel === 'sms' || p.channel === 'email') && typeof p.to === 'string' && typeof p.body === 'string'
  );
}

/** Mask a recipient for the redacted outbox row. */
function maskRecipient(m: OutgoingMessage): string {
  if (m.channel === 'sms') return maskPhone(m.to);
  const [user = '', domain = ''] = m.to.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
}

/** The outbox handler for `notification.send`. */
export function notificationHandler(channels: ChannelSet): OutboxHandler {
  return async (payload, tx) => {
    if (!isMessage(payload)) return { redacted: true, invalid: true };
    if (payload.redacted === true) return payload;
    const channel = payload.channel === 'sms' ? channels.sms : channels.email;
    if (!channel) throw new Error(`no ${payload.channel} channel configured`);
    await channel.send(
      { channel: payload.channel, to: payload.to, subject: payload.subject ?? null, body: payload.body },
      tx,
    );
    return { channel: payload.channel, to: maskRecipient(payload), via: channel.name, redacted: true };
  };
}
