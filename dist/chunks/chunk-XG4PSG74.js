import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);

// src/common/logger.ts
function createConsoleLogger(verbose = false) {
  return {
    debug: (m) => {
      if (verbose) process.stderr.write(`debug: ${m}
`);
    },
    info: (m) => process.stderr.write(`${m}
`),
    warn: (m) => process.stderr.write(`warning: ${m}
`),
    error: (m) => process.stderr.write(`error: ${m}
`)
  };
}
var silentLogger = { debug() {
}, info() {
}, warn() {
}, error() {
} };

export {
  createConsoleLogger,
  silentLogger
};
