/**
 * The install state file: a write-ahead record of every change, written (atomically) BEFORE the change
 * is made, so a run killed at any point can be undone by `restore` in a new process from the file alone.
 * It is kept on the runner and, when the run holds the WAF host's lock, as a copy on the WAF host
 * (`state/<run-id>.json` next to the lock), so another runner or a later run can restore with only the
 * host and the run id.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { posix } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { writeJsonFile } from '../common/json-file.js';
import type { Host } from '../hosts/types.js';
import type { InstallState, ReloadSpec, StateChange } from './types.js';

const FORMAT = 'waf-gate-install-state/1';

/** Reads a state file; null when it does not exist. A malformed file is a ConfigError naming it. */
export async function readState(path: string): Promise<InstallState | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError('Cannot read the install state file.', {
      file: path,
      cause: error,
      input: 'state-file',
    });
  }
  return parseState(text, path);
}

/** Reads this run's state copy on the WAF host; null when it does not exist. */
export async function readHostState(host: Host, path: string): Promise<InstallState | null> {
  let text: string;
  try {
    text = (await host.readFile(path)).toString('utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw new ConfigError(`Cannot read the install state copy on ${host.name}.`, {
      file: path,
      cause: error,
      input: 'run-id',
    });
  }
  return parseState(text, `${path} on ${host.name}`);
}

function parseState(text: string, path: string): InstallState {
  let state: InstallState;
  try {
    state = JSON.parse(text) as InstallState;
  } catch (error) {
    throw new ConfigError('The install state file is not valid JSON.', {
      file: path,
      cause: error,
      input: 'state-file',
    });
  }
  if (state.format !== FORMAT || !Array.isArray(state.changes)) {
    throw new ConfigError(`Not an install state file (expected format ${FORMAT}).`, {
      file: path,
      input: 'state-file',
    });
  }
  return state;
}

/** A new random run id (when neither `run-id` nor GitHub's run id is given). */
export function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** The copy of the state kept on the WAF host. */
export interface HostStateCopy {
  host: Host;
  path: string;
}

/** A state file being written by one run: on the runner (`path`), on the WAF host (`copy`), or both. */
export class StateStore {
  private constructor(
    readonly path: string | null,
    readonly state: InstallState,
    private readonly copy: HostStateCopy | undefined,
  ) {}

  /** Starts a new state file for run `runId` on `host`. */
  static async create(
    path: string,
    host: string,
    reload: ReloadSpec,
    runId: string = newRunId(),
    copy?: HostStateCopy,
    lockPath?: string,
    masterPidFile?: string,
  ): Promise<StateStore> {
    const state: InstallState = {
      format: FORMAT,
      runId,
      host,
      createdAt: new Date().toISOString(),
      pid: process.pid,
      reload,
      ...(masterPidFile === undefined ? {} : { masterPidFile }),
      ...(copy === undefined || lockPath === undefined
        ? {}
        : { lock: { path: lockPath, statePath: copy.path } }),
      reloaded: false,
      changes: [],
    };
    const store = new StateStore(path, state, copy);
    await store.save();
    return store;
  }

  /** Wraps an existing state (for restore); `path` null when it was read from the host copy only. */
  static of(path: string | null, state: InstallState, copy?: HostStateCopy): StateStore {
    return new StateStore(path, state, copy);
  }

  /** Where the state is kept, for messages. */
  get where(): string {
    const copy =
      this.copy === undefined ? undefined : `${this.copy.path} on ${this.copy.host.name}`;
    return [this.path, copy].filter((p) => p !== null && p !== undefined).join(' and ');
  }

  /** Marker prefixed to crontab lines this run comments out. */
  get cronMarker(): string {
    return `#waf-gate-paused:${this.state.runId}# `;
  }

  /** Records a change, then writes the file: call BEFORE making the change. */
  async record(change: StateChange): Promise<void> {
    this.state.changes.push(change);
    await this.save();
  }

  /** Notes that a reload happened with changed configuration. */
  async markReloaded(): Promise<void> {
    if (this.state.reloaded) return;
    this.state.reloaded = true;
    await this.save();
  }

  /** Keeps only `changes` (those not yet undone) and writes the file. */
  async replaceChanges(changes: StateChange[]): Promise<void> {
    this.state.changes = changes;
    await this.save();
  }

  async save(): Promise<void> {
    if (this.path !== null) await writeJsonFile(this.path, this.state);
    if (this.copy !== undefined) {
      await this.copy.host.mkdir(posix.dirname(this.copy.path), { recursive: true, mode: 0o700 });
      await this.copy.host.writeFile(this.copy.path, `${JSON.stringify(this.state, null, 2)}\n`, {
        mode: 0o600,
      });
    }
  }

  /** Deletes the state file and its host copy (everything is restored). */
  async remove(): Promise<void> {
    if (this.path !== null) await rm(this.path, { force: true });
    if (this.copy !== undefined) await this.copy.host.rm(this.copy.path, { force: true });
  }
}
