/**
 * /proc sampling: CPU and RSS per process group (nginx workers, …), read locally or through one exec
 * per sample on an SSH host. Imports nothing of collect.
 */
export {
  exactCpuBetween,
  type CpuMark,
  type ExactCpuTime,
  type GroupCpuReading,
} from './cpu-marks.js';
export { HostProcReader, PROC_DUMP_SCRIPT, hostProcConstants, parseProcDump } from './host-proc.js';
export { parseProcStat } from './proc-stat.js';
export {
  ProcSampler,
  type GroupSample,
  type PidEvent,
  type PidSample,
  type ProcConstants,
  type ProcSnapshot,
} from './proc-sampler.js';
export {
  bindToMaster,
  NGINX_WORKER_GROUP,
  parseGroups,
  type ProcessGroupSpec,
} from './process-groups.js';
