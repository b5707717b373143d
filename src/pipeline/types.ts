/** Options of the gate pipeline: which builds to measure, with what traffic, how many rounds. */

/** One WAF build reachable for replay, with the files collect-metrics reads on its machine. */
export interface BuildTarget {
  /** `baseline`, `candidate`, …: also the run directory's name. */
  label: string;
  /** Exact build version (from install-waf) or a description such as `lab:crs-pl2`. */
  version: string;
  description?: string;
  /** Replay target, e.g. `http://127.0.0.1:8080`. */
  url: string;
  accessLog: string;
  errorLog?: string;
  /** A log-format preset name or a pasted nginx log_format. @default waf-gate-lab */
  logFormat?: string;
  /** nginx master PID file: its workers form the sampled `nginx-worker` group. */
  masterPidFile?: string;
  /** Extra process groups, one `name=prefix` or `name=~regex` per line (collect-metrics `groups`). */
  groups?: string;
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
}

/** What {@link runPipeline} measures. */
export interface PipelineOptions {
  /** Run directories go to `<outDir>/<label>/`. */
  outDir: string;
  /** Unique id of this pipeline run; request ids and collector run ids derive from it. */
  runId: string;
  /** Corpus: file, folder or glob (replay-traffic `corpus`). */
  corpus: string;
  /** Domains of the quality pass. */
  domains: string[];
  /** Run the quality pass (every request once per domain, joined to the log). @default true */
  quality: boolean;
  /** Pressure rounds per build, interleaved A B A B …; 0 for none. */
  rounds: number;
  pressure: PressureLoad;
  /** Extra replay-traffic inputs (e.g. `timeout`, `workers`). */
  replayInputs?: Record<string, string>;
  /** Extra collect-metrics inputs (e.g. `interval`). */
  collectInputs?: Record<string, string>;
  /** Machines and tools, for the report's parameters section. */
  environment?: Record<string, string>;
}
