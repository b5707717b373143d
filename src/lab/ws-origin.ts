/**
 * The lab's WebSocket origin (the `ws` package): what the lab WAFs proxy `/ws` to. It answers pings (ws
 * does) and the control protocol of common/ws-control.ts (push, drop-me, stats) on text messages;
 * anything else is answered `{"op":"error","message":…}`. Upgrades are accepted on `/ws` only (404
 * otherwise); a plain GET gets 426.
 */
import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  MAX_DROP_AFTER_MS,
  MAX_PUSH_RATE_MPS,
  SERVER_DROP_CLOSE_CODE,
  WS_ORIGIN_PATH,
} from '../common/ws-control.js';

interface ConnectionState {
  sent: number;
  pushTimer: NodeJS.Timeout | null;
  dropTimer: NodeJS.Timeout | null;
}

/** A control message, as parsed; null when it is not one. */
export type OriginRequest =
  { op: 'push'; rateMps: number } | { op: 'drop-me'; afterMs: number } | { op: 'stats' };

/** Parses one text message of the control protocol; null when malformed. */
export function parseOriginRequest(text: string): OriginRequest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const m = value as Record<string, unknown>;
  if (m.op === 'push' && typeof m.rateMps === 'number' && m.rateMps > 0)
    return m.rateMps <= MAX_PUSH_RATE_MPS ? { op: 'push', rateMps: m.rateMps } : null;
  if (m.op === 'drop-me' && typeof m.afterMs === 'number' && m.afterMs >= 0)
    return m.afterMs <= MAX_DROP_AFTER_MS ? { op: 'drop-me', afterMs: m.afterMs } : null;
  if (m.op === 'stats') return { op: 'stats' };
  return null;
}

function stopTimers(state: ConnectionState): void {
  if (state.pushTimer) clearInterval(state.pushTimer);
  if (state.dropTimer) clearTimeout(state.dropTimer);
  state.pushTimer = null;
  state.dropTimer = null;
}

function onMessage(socket: WebSocket, state: ConnectionState, text: string): void {
  const request = parseOriginRequest(text);
  if (!request) {
    socket.send(JSON.stringify({ op: 'error', message: 'unknown request' }));
    return;
  }
  if (request.op === 'push') {
    if (state.pushTimer) clearInterval(state.pushTimer);
    state.pushTimer = setInterval(
      () => {
        if (socket.readyState !== socket.OPEN) return;
        state.sent += 1;
        socket.send(`{"seq":${state.sent}}`);
      },
      Math.max(1, Math.round(1000 / request.rateMps)),
    );
  } else if (request.op === 'drop-me') {
    if (state.dropTimer) clearTimeout(state.dropTimer);
    state.dropTimer = setTimeout(() => {
      stopTimers(state);
      socket.close(SERVER_DROP_CLOSE_CODE, 'server-planned drop');
    }, request.afterMs);
  } else {
    if (state.pushTimer) clearInterval(state.pushTimer);
    state.pushTimer = null;
    socket.send(JSON.stringify({ op: 'stats', sent: state.sent }));
  }
}

/** A running origin. */
export interface WsOrigin {
  server: Server;
  port: number;
  /** Closes the listener and every connection. */
  close(): Promise<void>;
}

/** Starts the origin on `host:port` (0: a free port). */
export function startWsOrigin(host: string, port: number): Promise<WsOrigin> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 4096 });
  const server = createServer((req, res) => {
    res.writeHead(req.url === WS_ORIGIN_PATH ? 426 : 404, { 'Content-Type': 'text/plain' });
    res.end(req.url === WS_ORIGIN_PATH ? 'upgrade required\n' : 'not found\n');
  });
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_ORIGIN_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const state: ConnectionState = { sent: 0, pushTimer: null, dropTimer: null };
      ws.on('message', (data, isBinary) => {
        if (!isBinary) onMessage(ws, state, Buffer.isBuffer(data) ? data.toString('utf8') : '');
      });
      ws.on('close', () => stopTimers(state));
      ws.on('error', () => stopTimers(state));
    });
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: 4096 }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({
        server,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            for (const client of wss.clients) client.terminate();
            wss.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
