/**
 * The data report.html embeds (one JSON block) and its page script draws. Everything is plain numbers
 * and strings: the page script inserts every string with `textContent`, never as HTML.
 */
import type {
  ChangeKind,
  ComparisonCounts,
  GateReason,
  RequestClass,
} from '../../compare/comparison.js';
import type { Verdict } from '../../compare/types.js';

/** `baseline` or `candidate`. */
export type Side = 'baseline' | 'candidate';

/** One build as the page names it. */
export interface HtmlBuild {
  side: Side;
  version: string;
  description: string | null;
  /** Pressure rounds in the run directory. */
  rounds: number;
}

/** One line of the metric table (a {@link MetricComparison} without its raw values). */
export interface HtmlMetric {
  label: string;
  unit: string;
  baselineMedian: number;
  candidateMedian: number;
  deltaPct: number | null;
  ci: { lowPct: number; highPct: number; level: number } | null;
  pValue: number | null;
  thresholdPct: number | null;
  betterWhen: 'lower' | 'higher';
  /** `regression`, `improvement`, `indicative`, `info`, `significant`, `no change`. */
  result: string;
}

/** A line of a line chart: y values at the chart's shared x values (null: no value there). */
export interface HtmlLine {
  side: Side;
  /** e.g. `round 3`, `median`, `all rounds`. */
  name: string;
  /** Drawn thicker: the summary line of its build. */
  emphasis: boolean;
  values: (number | null)[];
}

/** A line chart with one x axis shared by its lines. */
export interface HtmlLineChart {
  /** Stable id (tests and links use it). */
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** `percentile`: x holds 1/(1-p) on a log axis, labelled as percentiles. */
  xKind: 'seconds' | 'percentile';
  /** How values are printed on the y axis and in the legend. */
  yFormat: 'number' | 'ms' | 'pct' | 'mib';
  x: number[];
  lines: HtmlLine[];
  /** One sentence on what is drawn and how it was computed. */
  caption: string;
}

/** Baseline vs candidate counts per category (horizontal bars). */
export interface HtmlBarChart {
  id: string;
  title: string;
  valueLabel: string;
  categories: string[];
  baseline: number[];
  candidate: number[];
  caption: string;
}

/** One domain's status counts on both builds. */
export interface HtmlDomain {
  domain: string;
  flagged: boolean;
  requests: { baseline: number; candidate: number };
  blocked: { baseline: number; candidate: number };
  errors: { baseline: number; candidate: number };
  newBlocks: number;
  newPasses: number;
  newErrors: number;
  statuses: { status: string; baseline: number; candidate: number; flag: string | null }[];
}

/** One side of a changed request. */
export interface HtmlRequestSide {
  status: number | null;
  class: RequestClass;
  error: string | null;
  ruleIds: string[];
}

/** A changed request (the table rows). */
export interface HtmlChange {
  kind: ChangeKind;
  domain: string;
  requestLine: string;
  /** `file:line` of the corpus entry, or its entry key. */
  where: string;
  baseline: HtmlRequestSide;
  candidate: HtmlRequestSide;
  /** Why an ignore rule matched, or null. */
  ignored: string | null;
}

/** A crash or error-log line of one build. */
export interface HtmlFinding {
  side: Side;
  source: string;
  kind: string;
  text: string;
}

/**
 * A section shown only when its data exists (e.g. WebSocket / long connections once replay produces
 * them): a title, text and an optional table and line chart, drawn by the page's generic code.
 */
export interface HtmlOptionalSection {
  id: string;
  title: string;
  paragraphs: string[];
  table: { columns: string[]; rows: (string | number | null)[][] } | null;
  chart: HtmlLineChart | null;
}

/** Everything report.html shows. */
export interface HtmlReportData {
  schema: 'waf-gate/html-report@1';
  verdict: Verdict;
  mode: 'ab' | 'aa';
  baseline: HtmlBuild | null;
  candidate: HtmlBuild;
  reasons: GateReason[];
  counts: ComparisonCounts;
  notes: string[];
  metrics: HtmlMetric[];
  qps: HtmlLineChart | null;
  latency: HtmlLineChart | null;
  /** CPU % and RSS over time, one chart each per process group. */
  resources: HtmlLineChart[];
  anomalies: HtmlBarChart | null;
  statuses: HtmlBarChart | null;
  domains: HtmlDomain[];
  changes: { total: number; rows: HtmlChange[] };
  findings: HtmlFinding[];
  environment: { key: string; baseline: string | null; candidate: string | null }[];
  optionalSections: HtmlOptionalSection[];
  /** What could not be drawn and why (missing files, no rounds, empty histograms). */
  missing: string[];
}
