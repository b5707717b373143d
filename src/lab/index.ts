/** The local lab: real nginx + ModSecurity + OWASP CRS on loopback, in private prefixes. */
export * from './types.js';
export {
  labUp,
  labDown,
  labStatus,
  readLabState,
  labOptions,
  defaultLabDir,
  defaultWafSpecs,
  DEFAULT_LAB_DOMAINS,
} from './lab.js';
export { LAB_LOG_FORMAT } from './config.js';
export { LAB_PACKAGES, installCommandFor, missingLabPackages } from './packages.js';
export { workerPids, probeStatus } from './nginx.js';
export {
  labBuildRules,
  labInstallInputs,
  writeLabBuild,
  labBuildDir,
  LAB_BUILD_PACKAGE,
  LAB_WS_SHORT_TIMEOUT_BUILD,
  type LabBuildSpec,
} from './builds.js';
export { LAB_WS_READ_TIMEOUT_S } from './config.js';
