/**
 * Shape checks of the JSON documents compare reads — `run.json`, `replay.json`, `collect.json` and
 * `results.json` — so a damaged file is a ConfigError naming the file and the field (exit 2), not a
 * JavaScript TypeError deep inside the comparison (exit 3). Only what waf-gate reads is checked; fields
 * added by newer writers pass.
 */
import type { CollectResult } from '../collect/index.js';
import { JsonShape } from '../common/json-file.js';
import type { ReplayResult } from '../replay/types.js';
import type { RunRecord } from './types.js';

const count = (s: JsonShape) => (v: unknown, p: string) => s.number(v, p, { min: 0 });

/** Checks a parsed `run.json`. */
export function checkRunRecord(doc: unknown, file: string): RunRecord {
  const s = new JsonShape(file, 'run record (run.json)');
  const o = s.object(doc, '(document)');
  s.oneOf(o.schema, 'schema', ['waf-gate/run@1'] as const);
  s.string(o.label, 'label');
  const build = s.object(o.build, 'build');
  s.text(build.version, 'build.version');
  if (build.description !== undefined) s.string(build.description, 'build.description');
  s.string(o.corpusFingerprint, 'corpusFingerprint');
  if (o.quality !== undefined) {
    const q = s.object(o.quality, 'quality');
    s.text(q.replayFile, 'quality.replayFile');
    s.text(q.collectFile, 'quality.collectFile');
  }
  if (o.pressureShape !== undefined) checkLoadShape(s, o.pressureShape, 'pressureShape');
  o.rounds ??= []; // a run without pressure rounds may leave them out
  s.list(o.rounds, 'rounds', (v, p) => {
    const r = s.object(v, p);
    s.number(r.round, `${p}.round`, { integer: true, min: 1 });
    if (r.attempt !== undefined) s.number(r.attempt, `${p}.attempt`, { integer: true, min: 1 });
    s.text(r.replayFile, `${p}.replayFile`);
    s.text(r.collectFile, `${p}.collectFile`);
    return r;
  });
  if (o.failedRounds !== undefined)
    s.list(o.failedRounds, 'failedRounds', (v, p) => {
      const r = s.object(v, p);
      s.number(r.round, `${p}.round`, { integer: true, min: 1 });
      s.number(r.attempt, `${p}.attempt`, { integer: true, min: 1 });
      s.list(r.reasons, `${p}.reasons`, (x, xp) => s.string(x, xp));
      if (r.replayFile !== undefined) s.text(r.replayFile, `${p}.replayFile`);
      if (r.collectFile !== undefined) s.text(r.collectFile, `${p}.collectFile`);
      return r;
    });
  if (o.hold !== undefined) {
    const h = s.object(o.hold, 'hold');
    s.text(h.holdFile, 'hold.holdFile');
    if (h.collectFile !== undefined) s.text(h.collectFile, 'hold.collectFile');
  }
  if (o.roundPlan !== undefined) {
    const plan = s.object(o.roundPlan, 'roundPlan');
    for (const key of ['wanted', 'maxAttempts', 'attempts'])
      s.number(plan[key], `roundPlan.${key}`, { integer: true, min: 0 });
  }
  if (o.environment !== undefined) s.record(o.environment, 'environment', (v, p) => s.string(v, p));
  if (o.domainsFromConfig !== undefined) {
    const d = s.object(o.domainsFromConfig, 'domainsFromConfig');
    s.string(d.source, 'domainsFromConfig.source');
    s.list(d.domains, 'domainsFromConfig.domains', (v, p) => s.string(v, p));
    s.list(d.skipped, 'domainsFromConfig.skipped', (v, p) => {
      const k = s.object(v, p);
      for (const key of ['name', 'kind', 'file', 'reason']) s.string(k[key], `${p}.${key}`);
      s.number(k.line, `${p}.line`, { integer: true, min: 0 });
      return k;
    });
  }
  if (o.domains !== undefined) s.list(o.domains, 'domains', (v, p) => s.string(v, p));
  if (o.wafHost !== undefined) s.string(o.wafHost, 'wafHost');
  if (o.freshAb !== undefined) {
    const f = s.object(o.freshAb, 'freshAb');
    s.string(f.runId, 'freshAb.runId');
    s.string(f.order, 'freshAb.order');
    s.string(f.leftOn, 'freshAb.leftOn');
    s.list(f.switches, 'freshAb.switches', (v, p) => {
      const w = s.object(v, p);
      s.string(w.label, `${p}.label`);
      s.string(w.version, `${p}.version`);
      s.string(w.action, `${p}.action`);
      s.number(w.durationMs, `${p}.durationMs`, { min: 0 });
    });
  }
  s.number(o.createdAtMs, 'createdAtMs', { min: 0 });
  return doc as RunRecord;
}

function checkLoadShape(s: JsonShape, value: unknown, path: string): void {
  const shape = s.object(value, path);
  s.oneOf(shape.mode, `${path}.mode`, ['quality', 'pressure'] as const);
  s.number(shape.connections, `${path}.connections`, { integer: true, min: 1 });
  s.boolean(shape.keepAlive, `${path}.keepAlive`);
}

/** Checks a parsed `replay.json`. */
export function checkReplayResult(doc: unknown, file: string): ReplayResult {
  const s = new JsonShape(file, 'replay results (replay.json)');
  const o = s.object(doc, '(document)');
  s.oneOf(o.schema, 'schema', ['waf-gate/replay@1'] as const);
  s.string(o.runId, 'runId');
  s.list(o.domains, 'domains', (v, p) => s.string(v, p));
  checkLoadShape(s, o.loadShape, 'loadShape');
  for (const key of ['startedAtMs', 'endedAtMs', 'durationMs', 'rps'])
    s.number(o[key], key, { min: 0 });
  const totals = s.object(o.totals, 'totals');
  for (const key of ['sent', 'completed', 'errors']) count(s)(totals[key], `totals.${key}`);
  s.record(o.statusCounts, 'statusCounts', count(s));
  s.record(o.errorCounts, 'errorCounts', count(s));
  s.record(o.perDomain, 'perDomain', (v, p) => {
    const d = s.object(v, p);
    for (const key of ['sent', 'completed', 'errors']) count(s)(d[key], `${p}.${key}`);
    s.record(d.statusCounts, `${p}.statusCounts`, count(s));
    return d;
  });
  const latency = s.object(o.latency, 'latency');
  s.string(latency.histogram, 'latency.histogram');
  const summary = s.object(latency.summary, 'latency.summary');
  for (const key of ['count', 'minUs', 'meanUs', 'p50Us', 'p90Us', 'p99Us', 'maxUs'])
    count(s)(summary[key], `latency.summary.${key}`);
  s.list(o.windows, 'windows', (v, p) => {
    const w = s.object(v, p);
    for (const key of ['startMs', 'durationMs', 'completed', 'errors', 'rps'])
      count(s)(w[key], `${p}.${key}`);
    return w;
  });
  if (o.outcomesFile !== undefined) s.text(o.outcomesFile, 'outcomesFile');
  return doc as ReplayResult;
}

/** Checks a parsed `collect.json`. */
export function checkCollectResult(doc: unknown, file: string): CollectResult {
  const s = new JsonShape(file, 'collect results (collect.json)');
  const o = s.object(doc, '(document)');
  s.oneOf(o.schema, 'schema', ['waf-gate/collect@1'] as const);
  s.string(o.runId, 'runId');
  s.number(o.startedAtMs, 'startedAtMs', { min: 0 });
  s.number(o.endedAtMs, 'endedAtMs', { min: 0 });
  const log = s.object(o.log, 'log');
  s.string(log.path, 'log.path');
  for (const key of ['lines', 'parsed', 'formatErrors']) count(s)(log[key], `log.${key}`);
  s.record(o.statusCounts, 'statusCounts', (v, p) => s.record(v, p, count(s)));
  const anomalies = s.object(o.anomalies, 'anomalies');
  count(s)(anomalies.total, 'anomalies.total');
  if (o.join !== undefined) {
    const join = s.object(o.join, 'join');
    for (const key of ['sent', 'joined', 'missing', 'unexpected'])
      count(s)(join[key], `join.${key}`);
    if (join.joinedByPort !== undefined) count(s)(join.joinedByPort, 'join.joinedByPort');
    if (join.joinedFile !== undefined) s.text(join.joinedFile, 'join.joinedFile');
  }
  const processes = s.object(o.processes, 'processes');
  s.list(processes.groups, 'processes.groups', (v, p) => {
    const g = s.object(v, p);
    s.string(g.name, `${p}.name`);
    s.list(g.pids, `${p}.pids`, (pid, pp) => s.number(pid, pp, { integer: true }));
    return g;
  });
  s.list(o.crashes, 'crashes', (v, p) => {
    const c = s.object(v, p);
    s.number(c.pid, `${p}.pid`, { integer: true });
    s.string(c.group, `${p}.group`);
    s.string(c.detail, `${p}.detail`);
    return c;
  });
  s.list(o.findings, 'findings', (v, p) => s.object(v, p));
  return doc as CollectResult;
}

/** The top of `results.json` as written by `writeComparison`. */
export function checkResultsDocument(doc: unknown, file: string): void {
  const s = new JsonShape(file, 'comparison results (results.json)');
  const o = s.object(doc, '(document)');
  s.oneOf(o.schema, 'schema', ['waf-gate/results@1'] as const);
  const verdicts = ['pass', 'fail', 'neutral'] as const;
  s.oneOf(o.verdict, 'verdict', verdicts);
  s.list(o.reasons, 'reasons', (v, p) => s.string(v, p));
  s.record(o.counts, 'counts', count(s));
  const c = s.object(o.comparison, 'comparison');
  s.oneOf(c.schema, 'comparison.schema', ['waf-gate/comparison@1'] as const);
  s.oneOf(c.verdict, 'comparison.verdict', verdicts);
  s.oneOf(c.mode, 'comparison.mode', ['ab', 'aa'] as const);
  s.list(c.reasons, 'comparison.reasons', (v, p) => {
    const r = s.object(v, p);
    s.oneOf(r.area, `${p}.area`, [
      'baseline',
      'quality',
      'performance',
      'findings',
      'connections',
    ] as const);
    s.oneOf(r.severity, `${p}.severity`, ['fail', 'neutral', 'info'] as const);
    s.string(r.message, `${p}.message`);
    return r;
  });
  const runInfo = (v: unknown, p: string): void => {
    const r = s.object(v, p);
    s.string(r.label, `${p}.label`);
    s.string(r.version, `${p}.version`);
    s.string(r.corpusFingerprint, `${p}.corpusFingerprint`);
    count(s)(r.rounds, `${p}.rounds`);
    s.list(r.domains, `${p}.domains`, (d, dp) => s.string(d, dp));
    s.number(r.createdAtMs, `${p}.createdAtMs`);
  };
  if (c.baseline !== null) runInfo(c.baseline, 'comparison.baseline');
  runInfo(c.candidate, 'comparison.candidate');
  if (c.quality !== null) {
    const q = s.object(c.quality, 'comparison.quality');
    s.list(q.changes, 'comparison.quality.changes', (v, p) => s.object(v, p));
  }
  if (c.performance !== null) {
    const perf = s.object(c.performance, 'comparison.performance');
    s.list(perf.metrics, 'comparison.performance.metrics', (v, p) => s.object(v, p));
    s.list(perf.groups, 'comparison.performance.groups', (v, p) => s.object(v, p));
    s.list(perf.notes, 'comparison.performance.notes', (v, p) => s.string(v, p));
  }
  if (c.hold !== undefined && c.hold !== null) {
    const hold = s.object(c.hold, 'comparison.hold');
    for (const side of ['baseline', 'candidate'])
      if (hold[side] !== null) s.object(hold[side], `comparison.hold.${side}`);
    s.list(hold.checks, 'comparison.hold.checks', (v, p) => s.object(v, p));
    s.list(hold.missing, 'comparison.hold.missing', (v, p) => s.string(v, p));
  }
  const findings = s.object(c.findings, 'comparison.findings');
  const side = (v: unknown, p: string): void => {
    const f = s.object(v, p);
    s.list(f.crashes, `${p}.crashes`, (x, xp) => s.object(x, xp));
    s.list(f.findings, `${p}.findings`, (x, xp) => s.object(x, xp));
  };
  if (findings.baseline !== null) side(findings.baseline, 'comparison.findings.baseline');
  side(findings.candidate, 'comparison.findings.candidate');
  s.record(c.counts, 'comparison.counts', count(s));
  s.object(c.policy, 'comparison.policy');
  s.list(c.notes, 'comparison.notes', (v, p) => s.string(v, p));
}
