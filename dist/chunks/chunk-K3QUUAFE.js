import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);

// src/common/ws-control.ts
var SERVER_DROP_CLOSE_CODE = 4001;
var WS_ORIGIN_PATH = "/ws";
var MAX_PUSH_RATE_MPS = 1e3;
var MAX_DROP_AFTER_MS = 36e5;

export {
  SERVER_DROP_CLOSE_CODE,
  WS_ORIGIN_PATH,
  MAX_PUSH_RATE_MPS,
  MAX_DROP_AFTER_MS
};
