import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  openHostFromInputs
} from "./chunk-LBEWWKI7.js";

// src/install/host-open.ts
function openInstallHost(spec, ssh, logger) {
  return openHostFromInputs(spec, ssh, logger);
}

export {
  openInstallHost
};
