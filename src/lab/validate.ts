/** Checks of the lab's options, before anything is created. */
import { ConfigError } from '../common/errors.js';
import type { LabOptions } from './types.js';

/** Refuses lab options nginx or ModSecurity could not take: names, levels, workers, domains, ports. */
export function validateLabOptions(options: LabOptions): void {
  const names = new Set<string>();
  for (const waf of options.wafs) {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(waf.name)) {
      throw new ConfigError('A lab instance name must be lower-case letters, digits and dashes.', {
        input: 'name',
        value: waf.name,
      });
    }
    if (names.has(waf.name) || waf.name === 'origin' || waf.name === 'modsec') {
      throw new ConfigError('Lab instance names must be unique and not "origin" or "modsec".', {
        input: 'name',
        value: waf.name,
      });
    }
    names.add(waf.name);
    if (!Number.isInteger(waf.paranoiaLevel) || waf.paranoiaLevel < 1 || waf.paranoiaLevel > 4) {
      throw new ConfigError('The CRS paranoia level is 1, 2, 3 or 4.', {
        input: `${waf.name}.paranoiaLevel`,
        value: waf.paranoiaLevel,
      });
    }
    const ws = waf.wsReadTimeoutS;
    if (ws !== undefined && !(Number.isInteger(ws) && ws >= 1 && ws <= 86_400)) {
      throw new ConfigError('The /ws read timeout is a whole number of seconds from 1 to 86400.', {
        input: `${waf.name}.wsReadTimeoutS`,
        value: ws,
      });
    }
    if (!Number.isInteger(waf.workers) || waf.workers < 1 || waf.workers > 64) {
      throw new ConfigError('Workers must be a whole number from 1 to 64.', {
        input: `${waf.name}.workers`,
        value: waf.workers,
      });
    }
  }
  for (const domain of options.domains) {
    if (!/^[A-Za-z0-9.-]+$/.test(domain)) {
      throw new ConfigError('A lab domain may hold letters, digits, dots and dashes only.', {
        input: 'domains',
        value: domain,
      });
    }
  }
  if (options.domains.length === 0)
    throw new ConfigError('The lab needs at least one domain.', { input: 'domains' });
  const ports: Array<[string, number | undefined]> = [
    ['--origin-port', options.originPort],
    ...options.wafs.map((w): [string, number | undefined] => [`--${w.name}-port`, w.port]),
  ];
  for (const [input, port] of ports) {
    // 0 or unset picks a free port; anything else must be a real TCP port.
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
      throw new ConfigError('A port is a whole number from 1 to 65535.', { input, value: port });
    }
  }
}
