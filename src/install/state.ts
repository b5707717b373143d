/**
 * The install state file: a write-ahead record of every change, written (atomically) BEFORE the change
 * is made, so a run killed at any point can be undone by `restore` in a new process from the file alone.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { ConfigError } from '../common/errors.js';
import { writeJsonFile } from '../common/json-file.js';
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

/** A state file being written by one run. */
export class StateStore {
  private constructor(
    readonly path: string,
    readonly state: InstallState,
  ) {}

  /** Starts a new state file for a run on `host`. */
  static async create(path: string, host: string, reload: ReloadSpec): Promise<StateStore> {
    const state: InstallState = {
      format: FORMAT,
      runId: `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`,
      host,
      createdAt: new Date().toISOString(),
      pid: process.pid,
      reload,
      reloaded: false,
      changes: [],
    };
    const store = new StateStore(path, state);
    await store.save();
    return store;
  }

  /** Wraps an existing state (for restore). */
  static of(path: string, state: InstallState): StateStore {
    return new StateStore(path, state);
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
    await writeJsonFile(this.path, this.state);
  }

  /** Deletes the state file (everything is restored). */
  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
