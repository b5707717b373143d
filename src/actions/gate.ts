/**
 * Root gate action, measuring step: quality pass and pressure rounds against one WAF build, collected
 * on this machine, written as a run directory for compare-baseline.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { MEASURE_INPUTS, parseMeasureInputs, type MeasureInputs } from '../pipeline/options.js';
import { runPipeline } from '../pipeline/index.js';
import { actionsLogger, input, maskSecret, runAction, setOutputs } from './runtime.js';

await runAction(async () => {
  const raw: MeasureInputs = Object.fromEntries(MEASURE_INPUTS.map((name) => [name, input(name)]));
  if (raw['ssh-key']?.includes('PRIVATE KEY')) maskSecret(raw['ssh-key']);
  maskSecret(raw['ssh-passphrase'] ?? '');
  const { target, pipeline } = parseMeasureInputs(raw);
  const [record] = await runPipeline(
    [target],
    {
      ...pipeline,
      environment: {
        runner: process.env.RUNNER_NAME ?? hostname(),
        os: `${process.platform} ${process.arch}`,
        node: process.version,
      },
    },
    { logger: actionsLogger },
  );
  setOutputs({
    'run-dir': join(pipeline.outDir, target.label),
    'corpus-fingerprint': record?.corpusFingerprint,
    rounds: record?.rounds.length,
  });
});
