/**
 * The daily sitreps on a schedule (issue #13 item 9): from `SITREP_HOUR` (the province's local
 * time, the one clock) every process's timer asks whether today's run is due; one process at a
 * time generates (a transaction-level advisory lock), and the unique index on scheduled sitreps
 * (unit, day, disease) makes each report exist once however many processes try. The run reports
 * on the last complete local day (yesterday) for the province and each district or health area,
 * and queues one e-mail per report and recipient of `SITREP_EMAIL_TO` through the notification
 * outbox in the same transaction (a link to the files, which need a sign-in to download).
 */
import { addDays, localDateTime, renderSentence, today, translate } from '@epilink/core';
import type { Language } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import { systemAccess } from '../access/context.ts';
import type { Config } from '../config.ts';
import { queryRows } from '../db/client.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { sitreps } from '../db/schema/index.ts';
import { enqueueNotification } from '../notify/notify.ts';
import { SITREP_DEFAULT_DISEASE, generateSitrep, sitrepUnits } from './store.ts';
import type { SitrepSummary } from './store.ts';
import { threadRenderer } from './render-thread.ts';

const SITREP_LOCK_ID = 83_0013_0005;
const CHECK_EVERY_MS = 5 * 60_000;
const FIRST_PASS_AFTER_MS = 2 * 60_000;

/** The day a scheduled run reports on at `now`, or null before `SITREP_HOUR` local time. */
export function scheduledDay(now: Date, hour: number): string | null {
  if (Number(localDateTime(now).slice(11, 13)) < hour) return null;
  return addDays(today(now), -1);
}

function emailText(lang: Language, s: SitrepSummary, publicUrl: string): { subject: string; body: string } {
  const params = {
    unit: s.unitName,
    day: s.day,
    changes: s.headline.changes.map((c) => `• ${renderSentence(lang, c)}`).join('\n'),
    pdfUrl: `${publicUrl}/api/sitreps/${s.id}/pdf`,
    xlsxUrl: `${publicUrl}/api/sitreps/${s.id}/xlsx`,
  };
  return {
    subject: translate(lang, 'sitrep.email.subject', params),
    body: translate(lang, 'sitrep.email.body', params),
  };
}

/** Queue the e-mail of a sitrep to every configured recipient (Vietnamese, then English). */
export async function mailSitrep(tx: DbOrTx, s: SitrepSummary, config: Config): Promise<void> {
  const vi = emailText('vi', s, config.publicUrl);
  const en = emailText('en', s, config.publicUrl);
  for (const to of config.sitrep.emailTo) {
    await enqueueNotification(tx, {
      channel: 'email',
      to,
      subject: `${vi.subject} / ${en.subject}`,
      body: `${vi.body}\n\n---\n\n${en.body}`,
    });
  }
}

/**
 * One scheduled pass: when due, generate the province's and each district's or area's sitrep of
 * the last complete day that does not exist yet, each in its own transaction with its e-mails
 * (one process at a time: a transaction-level advisory lock; once per unit and day: the unique
 * index). Returns the reports this call generated.
 */
export async function runScheduledSitreps(
  db: Db,
  config: Config,
  now = new Date(),
): Promise<SitrepSummary[]> {
  const day = scheduledDay(now, config.sitrep.hour);
  if (day === null) return [];
  const units = await sitrepUnits(db, config.provinceCode, day);
  const doneRows = await db
    .select({ unitCode: sitreps.unitCode })
    .from(sitreps)
    .where(
      and(
        eq(sitreps.day, day),
        eq(sitreps.kind, 'scheduled'),
        eq(sitreps.diseaseCode, SITREP_DEFAULT_DISEASE),
      ),
    );
  const done = new Set(doneRows.map((r) => r.unitCode));
  const access = systemAccess('scheduled sitrep');
  const made: SitrepSummary[] = [];
  const todo = units.filter((u) => !done.has(u));
  if (todo.length === 0) return made;
  // The files are drawn in a worker thread, one for the pass: not on the thread serving requests.
  const renderer = threadRenderer();
  try {
    for (const unitCode of todo) {
      const s = await db.transaction(async (tx) => {
        const [lock] = await queryRows<{ ok: boolean }>(
          tx,
          sql`select pg_try_advisory_xact_lock(${SITREP_LOCK_ID}) as ok`,
        );
        if (!lock?.ok) return null; // another process is generating now; the next pass looks again
        const generated = await generateSitrep(tx, access, {
          unitCode,
          day,
          kind: 'scheduled',
          lang: 'vi',
          now,
          renderer,
        });
        if (generated) await mailSitrep(tx, generated, config); // null: another process made it first
        return generated;
      });
      if (s) made.push(s);
    }
  } finally {
    await renderer.close();
  }
  return made;
}

/**
 * Start the timer: the first pass a while after start (a fresh start's catch-up is a report for
 * the province and every district or area — seconds of work each, which on the embedded database
 * would hold every request of someone signing in meanwhile), then every 5 minutes. Returns a
 * function that stops it.
 */
export function startSitrepSchedule(
  db: Db,
  config: Config,
  onError: (e: unknown) => void,
  firstPassAfterMs = FIRST_PASS_AFTER_MS,
): () => void {
  const tick = () => {
    runScheduledSitreps(db, config).catch(onError);
  };
  let timer: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    tick();
    timer = setInterval(tick, CHECK_EVERY_MS);
    timer.unref();
  }, firstPassAfterMs);
  first.unref();
  return () => {
    clearTimeout(first);
    if (timer) clearInterval(timer);
  };
}
