/**
 * The stand-in `systemctl` (test/fixtures/install/systemctl, a POSIX sh program) for machines without
 * systemd: unit states live in a file, every call is logged next to it. Its folder goes first on the PATH
 * of the commands a Host runs, through the real `HostExecOptions.env` (over SSH that is the only way the
 * PATH reaches the remote command; sshd builds a fresh environment).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type {
  Host,
  HostExecOptions,
  HostExecResult,
  HostFileStat,
  HostWriteOptions,
} from '../../src/hosts/types.ts';

/** The folder holding the stand-in `systemctl`. */
export const FAKE_SYSTEMCTL_DIR = join(import.meta.dirname, '../fixtures/install');

/** Unit name → `active` / `inactive`. */
export type UnitStates = Record<string, 'active' | 'inactive'>;

/** One stand-in systemd: its state file, log and the environment that selects it. */
export interface FakeSystemd {
  stateFile: string;
  /** PATH (stand-in first), FAKE_SYSTEMD_STATE and FAKE_SYSTEMD_SYSTEM. */
  env: Record<string, string>;
  /** Resets the unit states and clears the call log. */
  reset(units: UnitStates): Promise<void>;
  /** Current unit states, read from the file the program keeps. */
  states(): Promise<UnitStates>;
  /** The calls made so far (arguments joined by spaces), oldest first. */
  calls(): Promise<string[]>;
}

/**
 * A stand-in systemd keeping its state in `dir/name`. `system` is what `is-system-running` prints
 * (`booted-without` imitates a host not booted with systemd). @default system 'running'
 */
export async function makeFakeSystemd(
  dir: string,
  name: string,
  units: UnitStates,
  system = 'running',
): Promise<FakeSystemd> {
  const stateFile = join(dir, name);
  const fake: FakeSystemd = {
    stateFile,
    env: {
      PATH: `${FAKE_SYSTEMCTL_DIR}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      FAKE_SYSTEMD_STATE: stateFile,
      FAKE_SYSTEMD_SYSTEM: system,
    },
    async reset(next) {
      const lines = Object.entries(next).map(([unit, state]) => `${unit} ${state}\n`);
      await writeFile(stateFile, lines.join(''));
      await writeFile(`${stateFile}.log`, '');
    },
    async states() {
      const text = await readFile(stateFile, 'utf8');
      return Object.fromEntries(
        text
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => l.trim().split(/\s+/) as [string, 'active' | 'inactive']),
      );
    },
    async calls() {
      const text = await readFile(`${stateFile}.log`, 'utf8').catch(() => '');
      return text.split('\n').filter((l) => l !== '');
    },
  };
  await fake.reset(units);
  return fake;
}

/**
 * `host` with `env` added to every command it runs (the command's own env wins). Everything else is the
 * real host's; this only supplies the environment a test machine's systemd would have.
 */
export class HostWithEnv implements Host {
  constructor(
    private readonly host: Host,
    private readonly env: Record<string, string>,
  ) {}

  get name(): string {
    return this.host.name;
  }

  exec(
    command: string,
    args: readonly string[],
    options: HostExecOptions = {},
  ): Promise<HostExecResult> {
    return this.host.exec(command, args, { ...options, env: { ...this.env, ...options.env } });
  }

  readFile(path: string): Promise<Buffer> {
    return this.host.readFile(path);
  }

  writeFile(path: string, data: string | Buffer, options?: HostWriteOptions): Promise<void> {
    return this.host.writeFile(path, data, options);
  }

  stat(path: string): Promise<HostFileStat | null> {
    return this.host.stat(path);
  }

  createReadStream(path: string, options?: { start?: number }): Readable {
    return this.host.createReadStream(path, options);
  }

  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<void> {
    return this.host.mkdir(path, options);
  }

  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void> {
    return this.host.rm(path, options);
  }

  rename(from: string, to: string): Promise<void> {
    return this.host.rename(from, to);
  }

  close(): Promise<void> {
    return this.host.close();
  }
}
