import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { WAIT_FOR_WEB_BUILD_FLAG, webBuildFinished } from './webBuild.ts';
import type { WebBuildProcess } from './webBuild.ts';

/** A server process as npm start spawns it: its arguments, and an IPC channel when it has one. */
function serverProcess(argv: string[], channel = true): WebBuildProcess & EventEmitter {
  const proc = new EventEmitter() as EventEmitter & WebBuildProcess & { argv: string[] };
  proc.argv = ['node', 'main.ts', ...argv];
  if (channel) proc.send = () => true;
  return proc;
}

/** Whether the promise has settled once every pending callback has run. */
async function settled(p: Promise<void>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve)); // after all queued microtasks
  return done;
}

describe('the server waits for the web build npm start runs beside it', () => {
  it('does not wait when no build was started (a later start, or the server started directly)', async () => {
    await expect(webBuildFinished(serverProcess([]))).resolves.toBeUndefined();
  });

  it('waits until the build is reported done, ignoring other messages', async () => {
    const proc = serverProcess([WAIT_FOR_WEB_BUILD_FLAG]);
    const built = webBuildFinished(proc);
    proc.emit('message', { something: 'else' });
    proc.emit('message', 'done');
    expect(await settled(built)).toBe(false);
    proc.emit('message', { webBuild: 'done' });
    await expect(built).resolves.toBeUndefined();
    expect(proc.listenerCount('message') + proc.listenerCount('disconnect')).toBe(0);
  });

  it('fails when the build failed, so the server stops instead of serving no web app', async () => {
    const proc = serverProcess([WAIT_FOR_WEB_BUILD_FLAG]);
    const built = webBuildFinished(proc);
    proc.emit('message', { webBuild: 'failed' });
    await expect(built).rejects.toThrow('the web app did not build');
  });

  it('fails when npm start goes away before reporting, or never opened a channel', async () => {
    const proc = serverProcess([WAIT_FOR_WEB_BUILD_FLAG]);
    const built = webBuildFinished(proc);
    proc.emit('disconnect');
    await expect(built).rejects.toThrow('went away');
    await expect(webBuildFinished(serverProcess([WAIT_FOR_WEB_BUILD_FLAG], false))).rejects.toThrow(
      'IPC channel',
    );
  });
});
