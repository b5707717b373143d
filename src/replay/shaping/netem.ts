/**
 * The optional kernel-level shaper (`tc netem` inside a network namespace): detection only. The replay
 * engine shapes in userspace (shaped-slot.ts); a netem shaper would need the lab's WAFs to listen
 * inside a namespace reached through a veth pair, which the lab does not build yet. This says whether
 * the machine could: root, `ip` and `tc` present, a namespace can be made, and the `netem` qdisc loads
 * in it. The probe namespace is removed again whatever happens.
 */
import { randomBytes } from 'node:crypto';
import { isWafGateError } from '../../common/errors.js';
import { runCommand } from '../../common/exec.js';

/** What {@link detectNetem} found. */
export type KernelShaperStatus =
  { available: true; detail: string } | { available: false; reason: string };

const TIMEOUT_MS = 10_000;

/** First line of a program's complaint. */
function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

/** Runs a probe step; returns null on success or why it failed. */
async function step(command: string, args: string[], what: string): Promise<string | null> {
  try {
    const result = await runCommand(command, args, { allowFailure: true, timeoutMs: TIMEOUT_MS });
    if (result.exitCode === 0) return null;
    return `${what}: ${firstLine(result.stderr) || `exit code ${result.exitCode}`}`;
  } catch (error) {
    if (isWafGateError(error) && error.code === 'E_EXEC_NOT_FOUND')
      return `${command} not found (install iproute2)`;
    return `${what}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Whether `tc netem` in a network namespace can be used here; see the module comment. */
export async function detectNetem(): Promise<KernelShaperStatus> {
  if (process.platform !== 'linux') return { available: false, reason: 'not Linux' };
  if (process.getuid?.() !== 0)
    return {
      available: false,
      reason: 'needs root (CAP_NET_ADMIN) to create a network namespace',
    };
  for (const [command, args] of [
    ['ip', ['-V']],
    ['tc', ['-V']],
  ] as const) {
    const problem = await step(command, [...args], `${command} -V`);
    if (problem !== null) return { available: false, reason: problem };
  }
  const ns = `waf-gate-probe-${process.pid}-${randomBytes(3).toString('hex')}`;
  const made = await step('ip', ['netns', 'add', ns], 'ip netns add');
  if (made !== null) return { available: false, reason: made };
  try {
    const qdisc = await step(
      'ip',
      ['netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms'],
      'tc qdisc add … netem (sch_netem)',
    );
    if (qdisc !== null) return { available: false, reason: qdisc };
    return { available: true, detail: 'tc netem loads in a network namespace' };
  } finally {
    await step('ip', ['netns', 'del', ns], 'ip netns del');
  }
}

/** `unavailable: <reason>` or `available (<detail>)`, for logs and the benchmark. */
export function formatKernelShaper(status: KernelShaperStatus): string {
  return status.available ? `available (${status.detail})` : `unavailable: ${status.reason}`;
}
