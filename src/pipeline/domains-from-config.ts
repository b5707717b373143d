/**
 * `domains: from-config` in the pipeline: before any replay, read the server names the WAF serves from
 * its own nginx configuration (`nginx -T` on the WAF host the collector reads, local when none, or a
 * saved dump), so every replay of the run — every build, quality pass and pressure round — uses the
 * same list, and run.json records where it came from and what was skipped.
 */
import type { Logger } from '../common/logger.js';
import type { DomainsFromConfigRecord } from '../compare/types.js';
import { openInstallHost } from '../install/host-open.js';
import { describeServerNames, readServerNames } from '../install/server-names.js';
import type { PipelineOptions } from './types.js';

/** The pipeline options with the domains found, and what run.json records. */
export interface ResolvedDomains {
  options: PipelineOptions;
  record?: DomainsFromConfigRecord;
}

/**
 * Replaces `options.domains` (and the pressure domain when none was given) by the names the WAF's
 * configuration serves; options without `domainsFromConfig` are returned as they are.
 * @throws ConfigError / WafGateError from {@link readServerNames} (bad dump, nginx -T failing, no domain).
 */
export async function resolveConfigDomains(
  options: PipelineOptions,
  deps: { logger: Logger; signal?: AbortSignal },
): Promise<ResolvedDomains> {
  const settings = options.domainsFromConfig;
  if (settings === undefined) return { options };
  const readOptions = {
    nginxBinary: settings.nginxBinary,
    samples: settings.samples,
    ...(settings.configFile !== undefined ? { configFile: settings.configFile } : {}),
    ...(settings.prefix !== undefined ? { prefix: settings.prefix } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
  // A dump is a file on this machine: nothing is read from the WAF host then.
  const host = await openInstallHost(
    settings.dumpFile !== undefined ? 'local' : (options.collect?.host ?? 'local'),
    { ...options.collect?.ssh },
    deps.logger,
  );
  let found;
  try {
    found = await readServerNames(host, {
      ...readOptions,
      ...(settings.dumpFile !== undefined ? { dumpFile: settings.dumpFile } : {}),
    });
  } finally {
    await host.close();
  }
  for (const line of describeServerNames(found)) deps.logger.info(line);
  const pressure = settings.pressureOnFirstDomain
    ? { ...options.pressure, domain: found.domains[0]! }
    : options.pressure;
  return {
    options: { ...options, domains: found.domains, pressure },
    record: {
      source: found.source,
      domains: found.domains,
      skipped: found.skipped.map((s) => ({ ...s })),
    },
  };
}
