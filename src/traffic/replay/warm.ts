import { ResponseParser } from './response-parser.js';
import { Exchange, Tally } from './tally.js';

/** Responses of the kinds servers send: a length, chunked, no body. */
const CANNED = Buffer.from(
  [
    'HTTP/1.1 200 OK\r\nServer: warm\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
    'HTTP/1.1 204 No Content\r\nServer: warm\r\n\r\n',
  ]
    .join('')
    .repeat(8),
  'latin1',
);
const PER_BUFFER = 24;

/**
 * Runs the client's per-response code (parser, tally) on canned responses before the clock starts,
 * no network involved: V8 then compiles it before the schedule begins. Without this the first
 * ~150 ms of a 100,000 requests/s run are spent in the interpreter, the in-flight cap fills and
 * thousands of sends are dropped that a warm client would have made (bench/traffic-replay.ts).
 * Returns the responses parsed (all of them, unless the canned bytes stopped parsing).
 */
export function warmUp(rounds = 400): number {
  const tally = new Tally(() => 0);
  const endpoint = tally.endpoint('GET', '/warm');
  const queue: Exchange[] = [];
  let answered = 0;
  const parser = new ResponseParser({
    answeringHead: () => false,
    onResponse: (status) => {
      queue.shift()?.complete(status);
      answered++;
      return true;
    },
  });
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < PER_BUFFER; i++) {
      tally.inflight++;
      queue.push(new Exchange(tally, endpoint, 'GET /warm HTTP/1.1\r\n\r\n', false, true, 0));
    }
    // Split in two as a socket may deliver it: the parser's carry-over path warms too.
    parser.execute(CANNED.subarray(0, 100));
    parser.execute(CANNED.subarray(100));
  }
  return answered;
}
