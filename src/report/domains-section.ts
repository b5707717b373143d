/**
 * The report's "Domains from the WAF" paragraph (`domains: from-config`): where the server names were
 * read, the domains replayed and the names skipped with their kind and place. Every piece of
 * configuration text goes through `text`, so a hostile server_name cannot inject Markdown or HTML.
 */
import type { RunInfo } from '../compare/comparison.js';
import { text } from './markdown.js';

/** Skipped names listed in full; the rest are counted. */
const MAX_SKIPPED = 20;

function paragraph(run: RunInfo): string[] {
  const d = run.domainsFromConfig;
  if (d === undefined) return [];
  const lines = [
    `**Domains from the WAF** (${text(run.label)}): read from ${text(d.source)}: ` +
      `${d.domains.map((x) => text(x)).join(', ')}.`,
  ];
  if (d.skipped.length > 0) {
    const shown = d.skipped
      .slice(0, MAX_SKIPPED)
      .map(
        (s) =>
          `- ${text(s.name === '' ? '""' : s.name)} (${text(s.kind)}, ${text(`${s.file}:${s.line}`)}): ${text(s.reason)}`,
      );
    const more = d.skipped.length - shown.length;
    lines.push(
      `Skipped server names (${d.skipped.length}):`,
      shown.join('\n') + (more > 0 ? `\n- … and ${more} more` : ''),
    );
  }
  return lines;
}

/**
 * The paragraph for each run that read its domains from the WAF configuration (the baseline's only
 * when it differs from the candidate's); empty when neither did.
 */
export function domainsFromConfigSection(
  baseline: RunInfo | undefined,
  candidate: RunInfo,
): string[] {
  const same =
    baseline?.domainsFromConfig !== undefined &&
    JSON.stringify(baseline.domainsFromConfig) === JSON.stringify(candidate.domainsFromConfig);
  return [...(baseline && !same ? paragraph(baseline) : []), ...paragraph(candidate)];
}
