// Preload (`NODE_OPTIONS=--import=<this file>`) that records a V8 CPU profile of the process and
// writes it to $CPU_PROFILE_DIR/$CPU_PROFILE_NAME-<pid>.cpuprofile when the process exits (SIGTERM
// included). `node --cpu-prof` is not allowed in NODE_OPTIONS; this is the same profiler.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (err, res) => {
      if (!err)
        writeFileSync(
          join(dir, `${process.env.CPU_PROFILE_NAME ?? 'p'}-${process.pid}.cpuprofile`),
          JSON.stringify(res.profile),
        );
    });
  };
  process.on('exit', write);
  process.on('SIGTERM', () => {
    write();
    process.exit(0);
  });
}
