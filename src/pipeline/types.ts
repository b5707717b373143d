/** Options of the gate pipeline: which builds to measure, with what traffic, how many rounds. */
import type { CorpusSourceSpec } from '../corpus/types.js';
import type { CollectOptionsInit, ProcessGroupSpec } from '../collect/index.js';
import type { ReplayOptionsInit, ReplayTarget } from '../replay/index.js';
import type { HoldOptionsInit } from '../replay/hold/index.js';
import type { ShapingConfig } from '../replay/shaping/types.js';
import type { RoundCriteria } from './round-check.js';

/** One WAF build reachable for replay, with the files collect-metrics reads on its machine. */
export interface BuildTarget {
  /** `baseline`, `candidate`, …: also the run directory's name. */
  label: string;
  /** Exact build version (from install-waf) or a description such as `lab:crs-pl2`. */
  version: string;
  description?: string;
  /** Replay target (print it with replay's `targetUrl`). */
  address: ReplayTarget;
  accessLog: string;
  errorLog?: string;
  /** A log-format preset name or a pasted nginx log_format. @default waf-gate-lab */
  logFormat?: string;
  /** nginx master PID file: its workers form the sampled `nginx-worker` group. */
  masterPidFile?: string;
  /** Process groups to sample instead of the nginx workers (collect-metrics `groups`, parsed). */
  groups?: ProcessGroupSpec[];
  /**
   * Called before every measurement of this build; makes it the build the address serves (a fresh A/B
   * run installs it on the shared WAF host). Its time is never part of a measurement.
   */
  prepare?: () => Promise<void>;
}

/** The pressure load of every round (identical for every build and round). */
export interface PressureLoad {
  /** The one domain the pressure test drives. */
  domain: string;
  connections: number;
  durationMs: number;
  keepAlive: boolean;
  /** Open model: target requests per second; closed model when absent. */
  rateRps?: number;
  /**
   * Per-connection shaping (slow or distant clients) of every pressure round; absent: none. Recorded in
   * the pressure load shape, so builds shaped differently are never compared. The quality pass is never shaped.
   */
  shaping?: ShapingConfig;
}

/**
 * The long-lived connection phase (replay's hold mode) run on each build after its quality pass: the
 * hold settings besides those the pipeline sets (target, output folder, run id, label).
 */
export type HoldLoad = Omit<HoldOptionsInit, 'target' | 'outDir' | 'runId' | 'label'>;

/** What {@link runPipeline} measures. */
export interface PipelineOptions {
  /** Run directories go to `<outDir>/<label>/`. */
  outDir: string;
  /** Unique id of this pipeline run; request ids and collector run ids derive from it. */
  runId: string;
  /** Corpus files/folders/globs with weights (replay-traffic `corpus`, parsed). */
  corpus: CorpusSourceSpec[];
  /** Domains of the quality pass. */
  domains: string[];
  /** Run the quality pass (every request once per domain, joined to the log). @default true */
  quality: boolean;
  /** Successful pressure rounds wanted per build, interleaved A B A B …; 0 for none. */
  rounds: number;
  /**
   * Attempts per build for its pressure rounds (≥ rounds): a failed round is retried until `rounds`
   * succeed or this many attempts are made. @default rounds (no retry)
   */
  maxRounds?: number;
  /** When a round fails (see ./round-check.ts). @default DEFAULT_ROUND_CRITERIA */
  roundCriteria?: RoundCriteria;
  pressure: PressureLoad;
  /** The long-lived connection phase on each build (after its quality pass); absent: none. */
  hold?: HoldLoad;
  /** Replay settings of every measurement besides those the pipeline sets (e.g. timeouts, workers). */
  replay?: ReplaySettings;
  /** Collector settings of every measurement besides those of the build target (e.g. the WAF host). */
  collect?: CollectSettings;
  /** Machines and tools, for the report's parameters section. */
  environment?: Record<string, string>;
  /**
   * `interleaved` (default): quality passes, then rounds A B, B A, … `sequential`: every measurement of
   * the first build, then of the next (a baseline that cannot be reinstalled, `baseline-version`).
   */
  order?: 'interleaved' | 'sequential';
  /** The WAF host's identity (host name), part of the baseline key: a baseline from another machine never matches. */
  wafHost?: string;
  /**
   * `domains: from-config`: read the domains from the WAF's nginx configuration before any replay
   * (`domains` is then ignored, every replay of the run uses the names found).
   */
  domainsFromConfig?: DomainsFromConfigSettings;
}

/** Where `domains: from-config` reads the server names (the WAF host is `collect.host`, else local). */
export interface DomainsFromConfigSettings {
  /** nginx on the WAF host (absolute path or program name). */
  nginxBinary: string;
  /** `-c` on the WAF host (absolute). */
  configFile?: string;
  /** `-p` on the WAF host (absolute). */
  prefix?: string;
  /** A saved `nginx -T` output on this machine, read instead of running nginx. */
  dumpFile?: string;
  /** Sample hosts for wildcard/regex names, keyed by the name as written. */
  samples: Record<string, string>;
  /** The pressure rounds use the first domain found (no `pressure-domain` was given). */
  pressureOnFirstDomain: boolean;
}

/** Replay options the pipeline sets itself per measurement; the rest may be given as settings. */
type PipelineSetReplayOption =
  | 'target'
  | 'corpus'
  | 'domains'
  | 'mode'
  | 'connections'
  | 'durationMs'
  | 'keepAlive'
  | 'rateRps'
  | 'shaping'
  | 'outDir'
  | 'runId'
  | 'label';

/** Typed replay settings shared by every measurement of a pipeline run. */
export type ReplaySettings = Partial<Omit<ReplayOptionsInit, PipelineSetReplayOption>>;

/** Collector options the pipeline sets itself per measurement (from the build target and the run). */
type PipelineSetCollectOption =
  'runId' | 'label' | 'accessLog' | 'errorLog' | 'logFormat' | 'groups' | 'outDir' | 'stateDir';

/** Typed collector settings shared by every measurement of a pipeline run (e.g. the WAF host). */
export type CollectSettings = Partial<Omit<CollectOptionsInit, PipelineSetCollectOption>>;
