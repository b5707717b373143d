/** `lab down` signals only the lab's own nginx masters, never a PID that lab.json names wrongly. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Logger } from '../../src/common/logger.ts';
import { labDown } from '../../src/lab/lab.ts';
import { isAlive, isMasterOf, stopNginx } from '../../src/lab/nginx.ts';
import type { LabState } from '../../src/lab/types.ts';
import { startLab } from '../helpers/lab.ts';

describe('lab down and the PIDs in lab.json', () => {
  it('does not signal a process that is not the instance named in lab.json', async () => {
    const lab = await startLab();
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    const realOriginPid = lab.origin.masterPid;
    try {
      assert.ok(bystander.pid);
      assert.equal(await isMasterOf(realOriginPid, lab.origin.configFile), true);
      assert.equal(await isMasterOf(bystander.pid, lab.origin.configFile), false);
      // A stale or edited lab.json: the origin's PID now names an unrelated process.
      const stateFile = join(lab.dir, 'lab.json');
      const state = JSON.parse(await readFile(stateFile, 'utf8')) as LabState;
      state.origin.masterPid = bystander.pid;
      await writeFile(stateFile, JSON.stringify(state));
      const warnings: string[] = [];
      const logger: Logger = {
        debug() {},
        info() {},
        error() {},
        warn: (m) => warnings.push(m),
      };
      await labDown(lab.dir, logger, true);
      assert.equal(isAlive(bystander.pid), true, 'the unrelated process still runs');
      assert.ok(
        warnings.some((w) => w.includes(`PID ${bystander.pid}`) && w.includes('not signalled')),
        warnings.join('\n'),
      );
      for (const waf of lab.wafs)
        assert.equal(isAlive(waf.masterPid), false, `${waf.name} stopped`);
    } finally {
      bystander.kill('SIGKILL');
      await stopNginx(realOriginPid);
      await lab.stop();
    }
  });
});
