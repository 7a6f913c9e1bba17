/**
 * Background work in the server process: the audit chainer (links new audit rows into the hash
 * chain every second), the outbox worker (delivers notifications with retries), the fold of the
 * situation room's rollup deltas (every second), check-in maintenance, statistics, retention,
 * the sitrep schedule and the weekly epidemic levels. Both are safe
 * to run in many processes at once (advisory lock; `skip locked`).
 */
import { startAlarmScan } from './analytics/alarms/scan.ts';
import { startForecastStore } from './analytics/forecasts/store.ts';
import { startImportWorker } from './imports/worker.ts';
import { startQuarantineWorker } from './quarantine/alerts.ts';
import { startCorrectionWorker } from './healthbook/corrections-escalation.ts';
import { startAuditChainer } from './audit/chain.ts';
import { startCheckinMaintenance } from './checkin/maintenance.ts';
import { startStatisticsRefresh } from './db/maintenance.ts';
import type { AppDeps } from './deps.ts';
import { channelsFor } from './notify/channels.ts';
import { notificationHandler } from './notify/notify.ts';
import { feedHandlers } from './outbox/feed.ts';
import { startIndicatorFold } from './indicators/fold.ts';
import { startLevelsWorker } from './levels/worker.ts';
import { startEventRetention } from './outbox/retention.ts';
import { startOutboxWorker } from './outbox/worker.ts';
import { startSitrepSchedule } from './sitrep/schedule.ts';
import { reminderHandler } from './vaccination/reminders.ts';
import type { OutboxHandlers } from './outbox/worker.ts';
import { startWebhookWorker } from './webhooks/deliver.ts';
import { withWebhooks } from './webhooks/fanout.ts';
import { startNameFrequencyFold } from './registry/linkage/frequencies.ts';
import { startDeferredAnalyze } from './registry/linkage/ingest.ts';

/** The outbox handlers of this product, with channels from the configuration. */
export function outboxHandlers(deps: AppDeps): { handlers: OutboxHandlers; close(): void } {
  const channels = channelsFor(deps.config);
  return {
    handlers: withWebhooks({
      ...feedHandlers(deps.config.events.feed),
      'notification.send': notificationHandler(channels),
      'vaccination.dose_due': reminderHandler(channels),
    }),
    close: () => {
      channels.close();
    },
  };
}

/** Start the workers; the returned function stops them and waits for the current ticks. */
export function startWorkers(
  deps: AppDeps,
  onError: (what: string, e: unknown) => void,
): () => Promise<void> {
  const { db } = deps.database;
  const stopChainer = startAuditChainer(db, {
    anchorKey: deps.config.audit.anchorKey,
    onError: (e) => {
      onError('audit chainer', e);
    },
  });
  const outbox = outboxHandlers(deps);
  const stopOutbox = startOutboxWorker(db, outbox.handlers, {
    pollMs: deps.config.notify.pollMs,
    onError: (e) => {
      onError('outbox worker', e);
    },
  });
  const stopCheckin = startCheckinMaintenance(deps.database, (e) => {
    onError('check-in maintenance', e);
  });
  const stopStatistics = startStatisticsRefresh(deps.database, (e) => {
    onError('statistics refresh', e);
  });
  const stopRetention = startEventRetention(db, {
    outboxDays: deps.config.events.outboxRetentionDays,
    liveEventMinutes: deps.config.events.liveEventRetentionMinutes,
    onError: (e) => {
      onError('event retention', e);
    },
  });
  const stopSitreps = startSitrepSchedule(db, deps.config, (e) => {
    onError('sitrep schedule', e);
  });
  const stopFold = startIndicatorFold(db, (e) => {
    onError('indicator fold', e);
  });
  const stopLevels = startLevelsWorker(deps.database, deps.config.provinceCode, (e) => {
    onError('epidemic levels', e);
  });
  const stopAlarms = startAlarmScan(deps.database, (e) => {
    onError('early-warning scan', e);
  });
  const stopForecasts = startForecastStore(deps.database, deps.config.provinceCode, (e) => {
    onError('forecast store', e);
  });
  const stopImports = startImportWorker(
    deps.database,
    (e) => {
      onError('import worker', e);
    },
    { batchRows: deps.config.imports.batchRows, deps },
  );
  const stopQuarantine = startQuarantineWorker(db, (e) => {
    onError('quarantine alerts', e);
  });
  const stopWebhooks = startWebhookWorker(db, deps.config.notify.pollMs, (e) => {
    onError('webhook delivery', e);
  });
  const stopNameFold = startNameFrequencyFold(db, (e) => {
    onError('name frequency fold', e);
  });
  const stopDeferredAnalyze = startDeferredAnalyze(db, (e) => {
    onError('linkage statistics', e);
  });
  const stopCorrections = startCorrectionWorker(db, (e) => {
    onError('correction requests', e);
  });
  return async () => {
    stopCorrections();
    stopQuarantine();
    stopImports();
    stopForecasts();
    stopAlarms();
    stopLevels();
    stopSitreps();
    stopStatistics();
    stopCheckin();
    await Promise.all([
      stopChainer(),
      stopOutbox(),
      stopRetention(),
      stopFold(),
      stopWebhooks(),
      stopNameFold(),
      stopDeferredAnalyze(),
    ]);
    outbox.close();
  };
}
