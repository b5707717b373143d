/**
 * Process entry of the lab's WebSocket origin (bundled as dist/lab-ws-origin.js): `<host> <port>
 * <lab dir>` (the folder only marks the process as that lab's, see ws-process.ts).
 * Started detached by `lab up` (ws-process.ts), which reads the `ready <port>` line from its log;
 * stops on SIGTERM/SIGINT.
 */
import { startWsOrigin } from './ws-origin.js';

const [host, portText] = process.argv.slice(2);
const port = Number(portText);
if (!host || !Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write('usage: lab-ws-origin <host> <port> <lab dir>\n');
  process.exitCode = 2;
} else {
  const origin = await startWsOrigin(host, port);
  process.stdout.write(`ready ${origin.port}\n`);
  // Closing the listener and every connection ends the event loop: the process exits by itself.
  const stop = (): void => void origin.close();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
