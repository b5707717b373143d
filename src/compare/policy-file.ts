/**
 * Reads a gate policy file (YAML or JSON — JSON is read by the YAML parser too) into a {@link GatePolicy}.
 * Every mistake is a ConfigError naming the file, the line and the key, using the yaml package's positions.
 */
import { readFile } from 'node:fs/promises';
import { isMap, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError } from '../common/errors.js';
import {
  defaultPolicy,
  METRIC_KINDS,
  type DomainOverride,
  type GatePolicy,
  type IgnoreRule,
  type MetricKind,
  type MetricPolicy,
  type QualityPolicy,
} from './policy.js';
import { readHoldPolicy } from './hold-policy-file.js';
import { Reader } from './policy-reader.js';

const QUALITY_NUMBER_KEYS = [
  'statusIncreasePct',
  'minDelta',
  'newStatusMinCount',
  'maxNewBlocks',
  'maxNewPasses',
  'maxNewErrors',
] as const;
const QUALITY_KEYS = [...QUALITY_NUMBER_KEYS, 'failOnDomainAnomaly', 'blockStatuses'];

function readQuality(r: Reader, node: Node | null, key: string): Partial<QualityPolicy> {
  const out: Partial<QualityPolicy> = {};
  for (const [name, value] of r.entries(node, key, QUALITY_KEYS)) {
    const path = `${key}.${name}`;
    if (name === 'failOnDomainAnomaly') out.failOnDomainAnomaly = r.boolean(value, path);
    else if (name === 'blockStatuses')
      out.blockStatuses = r.list(value, path).map((n) => r.number(n, path, 100, 599));
    else out[name as (typeof QUALITY_NUMBER_KEYS)[number]] = r.number(value, path);
  }
  return out;
}

function readMetric(r: Reader, node: Node | null, key: string): MetricPolicy {
  if (isMap(node)) {
    let thresholdPct: number | null = null;
    for (const [name, value] of r.entries(node, key, ['thresholdPct']))
      thresholdPct = r.numberOrNull(value, `${key}.${name}`);
    return { thresholdPct };
  }
  return { thresholdPct: r.numberOrNull(node, key) };
}

function readMetrics(
  r: Reader,
  node: Node | null,
  key: string,
): Partial<Record<MetricKind, MetricPolicy>> {
  const out: Partial<Record<MetricKind, MetricPolicy>> = {};
  for (const [name, value] of r.entries(node, key, METRIC_KINDS))
    out[name as MetricKind] = readMetric(r, value, `${key}.${name}`);
  return out;
}

function readIgnore(r: Reader, node: Node, index: number): IgnoreRule {
  const key = `ignore[${index}]`;
  const rule: Partial<IgnoreRule> = {};
  for (const [name, value] of r.entries(node, key, [
    'entryKey',
    'path',
    'ruleId',
    'domain',
    'reason',
  ])) {
    rule[name as 'entryKey' | 'path' | 'ruleId' | 'domain' | 'reason'] = r.string(
      value,
      `${key}.${name}`,
    );
  }
  const line = r.line(node);
  const matchers = ['entryKey', 'path', 'ruleId'].filter((k) => k in rule);
  if (matchers.length !== 1) {
    r.fail(
      node,
      key,
      `Each ignore rule needs exactly one of entryKey, path or ruleId (found ${matchers.length}).`,
    );
  }
  if (rule.reason === undefined) {
    r.fail(
      node,
      `${key}.reason`,
      'Each ignore rule needs a "reason" saying why it is safe to ignore.',
      undefined,
      'Add reason: "<ticket or explanation>".',
    );
  }
  if (rule.path !== undefined) {
    try {
      new RegExp(rule.path);
    } catch (error) {
      r.fail(
        node,
        `${key}.path`,
        `Invalid regular expression: ${(error as Error).message}`,
        rule.path,
      );
    }
  }
  return { ...(rule as IgnoreRule), ...(line !== undefined ? { line } : {}) };
}

/** Parses policy text; `file` is used in messages. */
export function parsePolicy(text: string, file: string): GatePolicy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line;
    throw new ConfigError(`The policy file does not parse: ${first.message.split('\n')[0]}`, {
      file,
      ...(line !== undefined ? { line } : {}),
      cause: first,
    });
  }
  const r = new Reader(file, lines);
  const policy = defaultPolicy();
  policy.source = file;
  if (doc.contents === null) return policy;
  const top = [
    'alpha',
    'confidenceLevel',
    'bootstrapResamples',
    'seed',
    'quality',
    'performance',
    'failOnErrorLog',
    'hold',
    'domains',
    'ignore',
  ];
  for (const [name, value] of r.entries(doc.contents, '(top level)', top)) {
    switch (name) {
      case 'alpha':
        policy.alpha = r.number(value, name, 0.0001, 0.5);
        break;
      case 'confidenceLevel':
        policy.confidenceLevel = r.number(value, name, 0.5, 0.999);
        break;
      case 'bootstrapResamples':
        policy.bootstrapResamples = r.number(value, name, 100, 100_000);
        break;
      case 'seed':
        policy.seed = r.number(value, name, 0, 2 ** 32 - 1);
        break;
      case 'failOnErrorLog':
        policy.failOnErrorLog = r.boolean(value, name);
        break;
      case 'quality':
        policy.quality = { ...policy.quality, ...readQuality(r, value, name) };
        break;
      case 'hold':
        policy.hold = readHoldPolicy(r, value, policy.hold);
        break;
      case 'performance':
        for (const [sub, subValue] of r.entries(value, name, [
          'wafGroups',
          'metrics',
          'regressionRule',
        ])) {
          if (sub === 'regressionRule') {
            const rule = r.string(subValue, 'performance.regressionRule');
            if (rule !== 'confident' && rule !== 'median')
              r.fail(
                subValue,
                'performance.regressionRule',
                'Expected "confident" or "median".',
                rule,
              );
            policy.performance.regressionRule = rule as 'confident' | 'median';
          } else if (sub === 'wafGroups')
            policy.performance.wafGroups = r
              .list(subValue, 'performance.wafGroups')
              .map((n) => r.string(n, 'performance.wafGroups'));
          else
            policy.performance.metrics = {
              ...policy.performance.metrics,
              ...readMetrics(r, subValue, 'performance.metrics'),
            };
        }
        break;
      case 'domains':
        for (const [domain, domainValue] of r.entries(value, name)) {
          const override: DomainOverride = {};
          for (const [sub, subValue] of r.entries(domainValue, `domains.${domain}`, [
            'quality',
            'metrics',
          ])) {
            if (sub === 'quality')
              override.quality = readQuality(r, subValue, `domains.${domain}.quality`);
            else override.metrics = readMetrics(r, subValue, `domains.${domain}.metrics`);
          }
          policy.domains[domain] = override;
        }
        break;
      case 'ignore':
        policy.ignore = r.list(value, name).map((n, i) => readIgnore(r, n, i));
        break;
    }
  }
  return policy;
}

/** Reads and parses a policy file. A missing file is a ConfigError naming it. */
export async function loadPolicyFile(file: string): Promise<GatePolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError('Cannot read the policy file.', {
      file,
      cause: error,
      hint: 'Check the path given with --policy / policy-file.',
    });
  }
  return parsePolicy(text, file);
}
