/** install-waf against the local machine (real dpkg, real nginx, real crontab). */
import { spawnSync } from 'node:child_process';
import { LocalHost } from '../../src/hosts/local.ts';
import { debSkipReason } from './debs.ts';
import { defineInstallSuite } from './install-suite.ts';
import { nginxSkipReason } from './nginx-prefix.ts';
import { missingPeer } from '../helpers/peers.ts';

const crontabReason = spawnSync('crontab', ['-V']).error
  ? missingPeer('crontab not found (apt-get install cron)')
  : undefined;

defineInstallSuite(
  {
    label: 'the local machine',
    open: () => Promise.resolve(new LocalHost()),
    cliFlags: () => [],
    target: () => ({ spec: 'local', ssh: {} }),
  },
  debSkipReason() ?? nginxSkipReason() ?? crontabReason,
);
