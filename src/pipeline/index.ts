/** The gate pipeline shared by `waf-gate demo` and the root gate action. */
export * from './types.js';
export { runPipeline, type PipelineEvents } from './pipeline.js';
export { measure, type Measurement, type MeasureSpec } from './measure.js';
export {
  freshAbInstallSettings,
  freshAbInstalls,
  runFreshAb,
  type FreshAbInstalls,
  type FreshAbResult,
  type FreshAbSpec,
} from './fresh-ab.js';
export { BuildSwitcher, type BuildSwitch } from './build-switch.js';
