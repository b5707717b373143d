/** The `hold:` section of a policy file (see hold-policy.ts), read with the policy file's Reader. */
import type { Node } from 'yaml';
import {
  HOLD_CHANGE_RULES,
  HOLD_COUNT_RULES,
  type HoldChangeRule,
  type HoldCountRule,
  type HoldPolicy,
} from './hold-policy.js';
import type { Reader } from './policy-reader.js';

function countRule(r: Reader, node: Node | null, key: string, base: HoldCountRule): HoldCountRule {
  const rule = { ...base };
  for (const [name, value] of r.entries(node, key, ['maxNew', 'maxIncreasePct', 'fail'])) {
    const path = `${key}.${name}`;
    if (name === 'fail') rule.fail = r.boolean(value, path);
    else if (name === 'maxNew') rule.maxNew = r.number(value, path);
    else rule.maxIncreasePct = r.number(value, path, 0, 100);
  }
  return rule;
}

function changeRule(
  r: Reader,
  node: Node | null,
  key: string,
  base: HoldChangeRule,
): HoldChangeRule {
  const rule = { ...base };
  for (const [name, value] of r.entries(node, key, ['warnPct', 'failPct', 'minDelta'])) {
    const path = `${key}.${name}`;
    if (name === 'minDelta') rule.minDelta = r.number(value, path);
    else rule[name as 'warnPct' | 'failPct'] = r.numberOrNull(value, path);
  }
  return rule;
}

/** Reads `hold:` over `base`: every rule key optional, unknown keys refused with their line. */
export function readHoldPolicy(r: Reader, node: Node | null, base: HoldPolicy): HoldPolicy {
  const policy = structuredClone(base);
  const keys = [...HOLD_COUNT_RULES, ...HOLD_CHANGE_RULES];
  for (const [name, value] of r.entries(node, 'hold', keys)) {
    const key = `hold.${name}`;
    if ((HOLD_COUNT_RULES as readonly string[]).includes(name)) {
      const k = name as (typeof HOLD_COUNT_RULES)[number];
      policy[k] = countRule(r, value, key, policy[k]);
    } else {
      const k = name as (typeof HOLD_CHANGE_RULES)[number];
      policy[k] = changeRule(r, value, key, policy[k]);
    }
  }
  return policy;
}
