import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, cookieHeader, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { CSRF_HEADER } from '../http/register.ts';
import { smsGatewayChannel, smtpChannel } from '../notify/channels.ts';
import { enqueueNotification, notificationHandler } from '../notify/notify.ts';
import { drainOutbox } from '../outbox/worker.ts';
import { outboxHandlers } from '../workers.ts';

describe('citizens sign in with a one-time code', () => {
  let t: TestApp;
  let mother: string;
  let son: string;
  let father: string;
  beforeAll(async () => {
    t = await createTestApp({ DEMO: 'true' });
    const hh = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into households (commune_code, district_code, province_code) values ('28756', '829', '83') returning id`,
    );
    const base = { communeCode: '28756', districtCode: '829', provinceCode: '83' };
    const [m, s, f] = await addPeople(t.database, [
      { fullName: 'Võ Thị Mẹ', dateOfBirth: '1985-02-10', sex: 'female', phone: '0987111222', ...base },
      { fullName: 'Võ Văn Con', dateOfBirth: '2015-06-01', sex: 'male', ...base },
      { fullName: 'Nguyễn Văn Cha', dateOfBirth: '1983-03-03', sex: 'male', phone: '0987333444', ...base },
    ]);
    [mother, son, father] = [m!.personId, s!.personId, f!.personId];
    await t.database.db.execute(
      sql`update persons set household_id = ${hh[0]!.id} where id in (${mother}, ${son}, ${father})`,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const deliver = async () => {
    const outbox = outboxHandlers({ config: t.config, database: t.database });
    await drainOutbox(t.database.db, outbox.handlers);
    outbox.close();
  };

  it('sends the code through the outbox to the demo inbox, and signs in with it', async () => {
    const start = await t.app.inject({
      method: 'POST',
      url: '/api/me/login/start',
      payload: { phone: '+84 987 111 222' },
    });
    expect(start.statusCode).toBe(202);
    // Nothing is sent before the worker runs: the outbox row was written in the same transaction.
    const before = await t.app.inject({ method: 'GET', url: '/api/demo/inbox' });
    expect(before.json<{ items: unknown[] }>().items).toHaveLength(0);
    await deliver();
    const inbox = await t.app.inject({ method: 'GET', url: '/api/demo/inbox' });
    const [msg] = inbox.json<{ items: { recipient: string; body: string }[] }>().items;
    expect(msg!.recipient).toBe('0987111222');
    const code = /\d{6}/u.exec(msg!.body)![0];
    // The delivered outbox row no longer holds the code.
    const [row] = await queryRows<{ payload: Record<string, unknown> }>(
      t.database.db,
      sql`select payload from outbox where topic = 'notification.send' order by id desc limit 1`,
    );
    expect(JSON.stringify(row!.payload)).not.toContain(code);

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/me/login/verify',
      payload: { phone: '0987111222', code: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    // First sign-in: the code proves the phone, not who holds it — she says who she is.
    const who = await t.app.inject({
      method: 'POST',
      url: '/api/me/login/verify',
      payload: { phone: '0987111222', code },
    });
    expect(who.statusCode).toBe(409);
    expect(who.json<{ error: { code: string } }>().error.code).toBe('CITIZEN_IDENTITY_REQUIRED');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/me/login/verify',
      payload: { phone: '0987111222', code, dateOfBirth: '1985-02-10', fullName: 'vo thi me' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const h = { cookie: cookieHeader(ok), [CSRF_HEADER]: '1' };

    // Her own record and her son's (under 16), not her husband's (an adult).
    const mine = await t.app.inject({ method: 'GET', url: '/api/me/persons', headers: h });
    expect(mine.json<{ items: { id: string; relation: string }[] }>().items).toEqual([
      expect.objectContaining({ id: mother, relation: 'self', fullName: 'Võ Thị Mẹ' }),
      expect.objectContaining({ id: son, relation: 'ward' }),
    ]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/me/persons/${son}`, headers: h })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/me/persons/${father}`, headers: h })).statusCode,
    ).toBe(404);
    // A code works once.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/me/login/verify',
      payload: { phone: '0987111222', code },
    });
    expect(again.statusCode).toBe(401);
    // A citizen session opens no official route.
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/persons/${father}`, headers: h })).statusCode,
    ).toBe(401);
  });

  it('answers the same for an unknown number and sends nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/me/login/start',
      payload: { phone: '0911999888' },
    });
    expect(res.statusCode).toBe(202);
    await deliver();
    const inbox = await t.app.inject({ method: 'GET', url: '/api/demo/inbox' });
    expect(inbox.json<{ items: { recipient: string }[] }>().items.map((m) => m.recipient)).not.toContain(
      '0911999888',
    );
  });

  it('sends at most 3 codes per number and source per 15 minutes', async () => {
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push(
        (await t.app.inject({ method: 'POST', url: '/api/me/login/start', payload: { phone: '0987333444' } }))
          .statusCode,
      );
    expect(codes).toEqual([202, 202, 202, 429]);
  });

  it('has no demo inbox outside demo mode', async () => {
    const prod = await createTestApp();
    try {
      expect((await prod.app.inject({ method: 'GET', url: '/api/demo/inbox' })).statusCode).toBe(404);
    } finally {
      await prod.close();
    }
  });
});

describe('notification channels', () => {
  it('delivers e-mail over real SMTP to a local server', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => {
          data += c.toString();
        });
        stream.on('end', () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    const t = await createTestApp();
    try {
      const channel = smtpChannel(`smtp://127.0.0.1:${port}`, 'EpiLink <no-reply@epilink.test>');
      const handler = notificationHandler({ sms: null, email: channel, close: () => undefined });
      await enqueueNotification(t.database.db, {
        channel: 'email',
        to: 'canbo@example.vn',
        subject: 'Thử',
        body: 'Xin chào',
      });
      await drainOutbox(t.database.db, { 'notification.send': handler });
      channel.close();
      expect(received).toHaveLength(1);
      expect(received[0]).toContain('To: canbo@example.vn');
      const [row] = await queryRows<{ delivered: boolean; payload: { to: string } }>(
        t.database.db,
        sql`select delivered_at is not null as delivered, payload from outbox order by id desc limit 1`,
      );
      expect(row).toMatchObject({ delivered: true, payload: { to: 'c***@example.vn' } });
    } finally {
      await t.close();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    }
  });

  it('posts SMS to the HTTP gateway and retries after a failure', async () => {
    const calls: { auth: string | undefined; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        calls.push({ auth: req.headers.authorization, body });
        res.statusCode = calls.length === 1 ? 503 : 200;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
    const t = await createTestApp();
    try {
      const handler = notificationHandler({
        sms: smsGatewayChannel(url, 'secret-token-1'),
        email: null,
        close: () => undefined,
      });
      await enqueueNotification(t.database.db, {
        channel: 'sms',
        to: '0987111222',
        subject: null,
        body: 'Mã 123456',
      });
      await drainOutbox(t.database.db, { 'notification.send': handler }, { baseBackoffMs: 0 });
      await drainOutbox(t.database.db, { 'notification.send': handler }, { baseBackoffMs: 0 });
      expect(calls).toHaveLength(2);
      expect(calls[1]).toEqual({
        auth: 'Bearer secret-token-1',
        body: JSON.stringify({ to: '0987111222', text: 'Mã 123456' }),
      });
      const [row] = await queryRows<{ attempts: number; delivered: boolean }>(
        t.database.db,
        sql`select attempts, delivered_at is not null as delivered from outbox order by id desc limit 1`,
      );
      expect(row).toEqual({ attempts: 2, delivered: true });
    } finally {
      await t.close();
      server.close();
    }
  });
});
