/**
 * Log following: one rotation-aware cursor ({@link FollowCursor}, follow-core.ts) shared by the local
 * follower (fs) and the host follower (SFTP over SSH), and the splitter that cuts their bytes into lines.
 * Imports nothing of collect.
 */
export {
  FINGERPRINT_BYTES,
  FollowCursor,
  decodeFingerprint,
  encodeFingerprint,
  type FileObservation,
  type FollowDecision,
  type ReadCheck,
  type RestartReason,
} from './follow-core.js';
export { HostLogFollower } from './host-log-follower.js';
export { LineSplitter, type LineHandler, type OverlongHandler } from './line-splitter.js';
export {
  LogFollower,
  fingerprintHolds,
  startOffset,
  type FollowOptions,
  type FollowPosition,
  type FollowedLog,
} from './log-follower.js';
