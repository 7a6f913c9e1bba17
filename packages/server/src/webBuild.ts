/**
 * `npm start` (scripts/start.mjs) builds the web app while this server prepares its database: the
 * build is a separate process and PGlite is single-threaded, so on a first start the two use both
 * cores instead of one after the other. The server starts with WAIT_FOR_WEB_BUILD_FLAG and an IPC
 * channel, and serves nothing until the build is finished (the static files are registered when
 * the app is built, so it must not be built over a half-written packages/web/dist).
 */

/** The argument start.mjs passes when a web build runs beside the server. */
export const WAIT_FOR_WEB_BUILD_FLAG = '--wait-for-web-build';

/** The message start.mjs sends when the build has ended: `{ webBuild: 'done' | 'failed' }`. */
export type WebBuildMessage = { webBuild: 'done' | 'failed' };

/** What this needs of the process (the real `process`, or a stand-in in tests). */
export interface WebBuildProcess {
  argv: readonly string[];
  send?: unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
}

function outcome(message: unknown): WebBuildMessage['webBuild'] | null {
  if (typeof message !== 'object' || message === null) return null;
  const value = (message as Record<string, unknown>).webBuild;
  return value === 'done' || value === 'failed' ? value : null;
}

/**
 * Resolves when the web build started beside this server has succeeded — at once when none was
 * started. Rejects when it failed, or when the starter goes away before saying. Call it before
 * any await, so the message cannot arrive before anyone listens.
 */
export function webBuildFinished(proc: WebBuildProcess = process): Promise<void> {
  if (!proc.argv.includes(WAIT_FOR_WEB_BUILD_FLAG)) return Promise.resolve();
  if (typeof proc.send !== 'function')
    return Promise.reject(new Error(`${WAIT_FOR_WEB_BUILD_FLAG} needs an IPC channel to npm start`));
  return new Promise((resolve, reject) => {
    const stop = () => {
      proc.off('message', onMessage);
      proc.off('disconnect', onDisconnect);
    };
    const onMessage = (message: unknown) => {
      const result = outcome(message);
      if (result === null) return;
      stop();
      if (result === 'done') resolve();
      else reject(new Error('the web app did not build (its errors are printed above)'));
    };
    const onDisconnect = () => {
      stop();
      reject(new Error('npm start went away before the web app was built'));
    };
    proc.on('message', onMessage);
    proc.on('disconnect', onDisconnect);
  });
}
