/**
 * The lab demo's "switch builds" through install-waf: a WAF rules build (a folder with VERSION and
 * rules.conf) is installed into the lab, included into the candidate's ModSecurity rules by a declared
 * edit, validated with nginx -t, reloaded by pid file and probed; restore takes it out again.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';
import { silentLogger } from '../../src/common/logger.ts';
import { LocalHost } from '../../src/hosts/local.ts';
import { runInstall } from '../../src/install/install.ts';
import { parseInstallOptions, rawInputsFrom } from '../../src/install/options.ts';
import { restoreFromStateFile } from '../../src/install/restore.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { nginxSkipReason } from './nginx-prefix.ts';

async function status(url: string, host: string): Promise<number> {
  const res = await request(url, { headers: { host, 'user-agent': 'waf-gate-test' } });
  await res.body.dump();
  return res.statusCode;
}

async function eventuallyStatus(url: string, host: string, expected: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await status(url, host)) === expected) return;
    await delay(50);
  }
  assert.fail(`${url} never answered ${expected}`);
}

describe(
  'switching the lab WAF between two builds with install-waf',
  { skip: nginxSkipReason() ?? false, timeout: 180_000 },
  () => {
    let lab: TestLab;
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'waf-gate-switch-'));
      lab = await startLab({ wafs: [{ name: 'candidate', paranoiaLevel: 1, workers: 1 }] });
    });
    after(async () => {
      await lab?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('installs build A (blocks the probe), restores, installs build B (lets it pass)', async () => {
      const waf = lab.candidate;
      const domain = lab.domains[0]!;
      const rulesFile = waf.rulesFile;
      const installDir = join(lab.dir, 'builds/candidate');
      const builds: Record<string, string> = {};
      for (const [name, version, rules] of [
        [
          'a',
          '2026.1-strict',
          `SecRule ARGS:waf_gate_probe "@streq block-me" "id:1099001,phase:1,deny,status:403,log,msg:'waf-gate build A'"`,
        ],
        ['b', '2026.2-lenient', '# build B adds no rule'],
      ] as const) {
        builds[name] = join(dir, `build-${name}`);
        await mkdir(builds[name], { recursive: true });
        await writeFile(join(builds[name], 'VERSION'), `${version}\n`);
        await writeFile(join(builds[name], 'rules.conf'), `${rules}\n`);
      }
      const stateFile = join(dir, 'state.json');
      const url = `http://${waf.host}:${waf.port}/`;
      const install = async (build: string) =>
        runInstall(
          new LocalHost(),
          await parseInstallOptions(
            rawInputsFrom({
              package: build,
              'package-name': 'lab-waf-rules',
              'install-dir': installDir,
              edits: JSON.stringify([
                {
                  file: rulesFile,
                  replace:
                    '^(Include /etc/modsecurity/crs/RESPONSE-999-EXCLUSION-RULES-AFTER-CRS\\.conf)$',
                  with: `$1\nInclude ${installDir}/rules.conf`,
                },
              ]),
              check: JSON.stringify([
                'nginx',
                '-t',
                '-q',
                '-p',
                waf.prefix,
                '-c',
                waf.configFile,
                '-e',
                waf.errorLog,
              ]),
              reload: `pid-file:${waf.pidFile}`,
              'health-url': url,
              'health-host': domain,
              'health-timeout': '20s',
              'pause-cron': 'none',
              'pause-timers': 'none',
              'state-file': stateFile,
              'lock-file': `${stateFile}.lock`,
            }),
          ),
          silentLogger,
        );
      const rulesBefore = await readFile(rulesFile, 'utf8');
      assert.equal(await status(`${url}?waf_gate_probe=block-me`, domain), 200);

      const a = await install(builds.a!);
      assert.deepEqual([a.action, a.version], ['installed', '2026.1-strict']);
      await eventuallyStatus(`${url}?waf_gate_probe=block-me`, domain, 403);
      await restoreFromStateFile(new LocalHost(), stateFile, silentLogger);
      assert.equal(await readFile(rulesFile, 'utf8'), rulesBefore);
      await eventuallyStatus(`${url}?waf_gate_probe=block-me`, domain, 200);

      const b = await install(builds.b!);
      assert.deepEqual(
        [b.action, b.previousVersion, b.version],
        ['upgraded', '2026.1-strict', '2026.2-lenient'],
      );
      assert.ok(b.healthProbeLatencyMs !== null);
      await eventuallyStatus(`${url}?waf_gate_probe=block-me`, domain, 200);
      await restoreFromStateFile(new LocalHost(), stateFile, silentLogger);
    });
  },
);
