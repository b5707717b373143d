/** Text and Markdown summaries of a hold run (renderers return strings). */
import type { HoldResult } from './types.js';

function counts(record: Readonly<Record<string, number>>): string {
  const entries = Object.entries(record).filter(([, v]) => v > 0);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${v}`).join(', ');
}

function ms(us: number): string {
  return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
}

/** The lines of a hold summary, as [label, value]. */
function rows(r: HoldResult): Array<[string, string]> {
  const c = r.counts;
  const hb = r.heartbeat;
  const p = r.push;
  const rows: Array<[string, string]> = [
    [
      'target',
      `${r.settings.target}${r.settings.path}${r.settings.domain ? ` (Host ${r.settings.domain})` : ''}`,
    ],
    [
      'connections',
      `${r.settings.connections}, ramp ${r.settings.hatchRateCps}/s, hold ${r.settings.holdMs / 1000} s`,
    ],
    ['attempted', String(c.attempted)],
    ['upgraded', String(c.upgraded)],
    ['refused (status)', counts(c.refusedByStatus)],
    ['failed (error)', counts(c.failedByError)],
    ['held to the end', String(c.heldToEnd)],
    ['dropped', counts(c.droppedByCause)],
    ['reconnected', String(c.reconnected)],
    [
      'heartbeats',
      `${hb.sent} sent, ${hb.answered} answered, ${hb.lost} lost` +
        (hb.rtt.count > 0
          ? `; RTT p50 ${ms(hb.rtt.p50Us)}, p99 ${ms(hb.rtt.p99Us)}, max ${ms(hb.rtt.maxUs)}`
          : ''),
    ],
  ];
  if (r.settings.pushRateMps > 0)
    rows.push([
      'pushes',
      `${p.sent} sent, ${p.received} received, ${p.lost} lost, ${p.duplicated} duplicated, ${p.outOfOrder} out of order` +
        (p.unreportedConnections
          ? `; ${p.unreportedConnections} connection(s) without the origin's count`
          : ''),
    ]);
  rows.push([
    'client',
    `open files limit ${r.client.noFileLimit.soft}/${r.client.noFileLimit.hard} (soft/hard), ` +
      (r.client.rssBytesPerConnection === null
        ? 'RSS per connection not measured'
        : `RSS ${(r.client.rssBytesPerConnection / 1024).toFixed(1)} KiB per held connection`),
  ]);
  return rows;
}

/** The CLI's summary block. */
export function formatHoldBlock(result: HoldResult): string {
  const lines = rows(result);
  const width = Math.max(...lines.map(([label]) => label.length));
  return `${lines.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

/** The job summary (Markdown table). */
export function formatHoldMarkdown(result: HoldResult): string {
  const escape = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    '### WebSocket hold',
    '',
    '| | |',
    '|---|---|',
    ...rows(result).map(([label, value]) => `| ${escape(label)} | ${escape(value)} |`),
    '',
  ].join('\n');
}
