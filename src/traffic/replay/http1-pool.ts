import net from 'node:net';
import tls from 'node:tls';
import { ResponseParser, type ResponseSink } from './response-parser.js';
import { type Exchange, errorCode } from './tally.js';

/**
 * A lean HTTP/1.1 client for replay: keep-alive connections opened as needed, each carrying up
 * to `pipelining` requests, written in one batch per connection per scheduler tick. Against nginx
 * on a 2-core machine it sustains over 100,000 requests/s where undici's dispatch API topped out
 * near 50,000 (bench/traffic-replay.ts): no request objects, header checks or body streams per
 * request, and one write syscall per tick rather than per request.
 */
export interface Http1PoolOptions {
  connections: number;
  pipelining: number;
  timeoutMs: number;
  now: () => number;
  /**
   * The addresses the target's name was checked at: connections go only there (no second DNS
   * answer can send them elsewhere). Absent: the name is resolved at connect time.
   */
  addresses?: readonly string[];
}

/** A `lookup` for net.connect that answers only with the checked addresses. */
function pinnedLookup(addresses: readonly string[]): net.LookupFunction {
  const list = addresses.map((address) => ({ address, family: net.isIP(address) }));
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  }) as unknown as net.LookupFunction;
}

/** A request re-sent more than this after its connection closed under it fails with that code. */
const MAX_RETRIES = 2;

class Connection implements ResponseSink {
  socket: net.Socket | null = null;
  connected = false;
  /** Written (or queued for writing) and not yet answered, oldest first. */
  readonly queue: Exchange[] = [];
  private out = '';
  private error: string | null = null;
  /** Last time this connection made progress (connect started, idle write, data read). */
  progressAt = 0;
  private readonly parser = new ResponseParser(this);

  constructor(private readonly pool: Http1Pool) {}

  get room(): number {
    return this.socket?.destroyed ? 0 : this.pool.pipelining - this.queue.length;
  }

  add(x: Exchange): void {
    if (!this.socket) this.open();
    const t = this.pool.now();
    if (this.queue.length === 0 && this.connected) this.progressAt = t;
    // A re-sent request keeps its first send time: service time covers the retry.
    if (x.sentAt === 0) x.sentAt = t;
    this.queue.push(x);
    this.out += x.wire;
  }

  /** Writes what the tick queued on this connection in one go. */
  flush(): void {
    if (!this.out || !this.socket) return;
    this.socket.write(this.out, 'latin1');
    this.out = '';
  }

  answeringHead(): boolean {
    return this.queue[0]?.head ?? false;
  }

  onResponse(status: number, keepAlive: boolean): boolean {
    const x = this.queue.shift();
    x?.complete(status);
    if (keepAlive) return true;
    // The server closes after this answer: whatever was pipelined behind it goes elsewhere.
    this.drop(null);
    return false;
  }

  /** Opens the connection ahead of use; settles when it is up or has failed (never rejects). */
  warm(): Promise<void> {
    if (!this.socket) this.open();
    const socket = this.socket!;
    if (this.connected) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once(this.pool.target.protocol === 'https:' ? 'secureConnect' : 'connect', () => resolve());
      socket.once('close', () => resolve());
    });
  }

  private open(): void {
    const { target } = this.pool;
    const https = target.protocol === 'https:';
    this.connected = false;
    this.error = null;
    this.parser.reset();
    this.progressAt = this.pool.now();
    const port = Number(target.port) || (https ? 443 : 80);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const pinned = this.pool.addresses?.length ? { lookup: pinnedLookup(this.pool.addresses) } : {};
    const socket = https
      ? tls.connect({
          host,
          port,
          servername: net.isIP(host) ? '' : host,
          ALPNProtocols: ['http/1.1'],
          ...pinned,
        })
      : net.connect({ host, port, ...pinned });
    socket.setNoDelay(true);
    this.socket = socket;
    socket.once(https ? 'secureConnect' : 'connect', () => {
      this.connected = true;
      this.progressAt = this.pool.now();
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.socket !== socket) return;
      this.progressAt = this.pool.now();
      if (!this.parser.execute(chunk)) this.drop('EBADRESPONSE');
      else this.pool.refill(this);
    });
    socket.on('error', (err) => {
      this.error ??= errorCode(err);
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.parser.finish();
      this.drop(this.error ?? 'ECONNRESET');
    });
  }

  /**
   * Ends the connection. The request at the head failed with `code` (null: it was answered);
   * the ones behind it are re-sent, unless the connection never opened (a refused or unknown
   * target fails every request once, never loops) or they are not idempotent.
   */
  drop(code: string | null): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    this.out = '';
    socket.destroy();
    const queue = this.queue.splice(0);
    const neverOpened = !this.connected;
    let i = 0;
    if (code !== null && queue.length) queue[i++]!.fail(code);
    const again: Exchange[] = [];
    for (; i < queue.length; i++) {
      const x = queue[i]!;
      if (neverOpened || !x.idempotent || x.retries >= MAX_RETRIES) x.fail(code ?? 'ECONNRESET');
      else {
        // A close the server announced is no fault of the request: each new connection gets
        // one answer at least, so re-sending always progresses. Only faults use up retries.
        if (code !== null) x.retries++;
        again.push(x);
      }
    }
    this.pool.resend(again);
  }
}

export class Http1Pool {
  readonly addresses: readonly string[] | undefined;
  readonly pipelining: number;
  readonly now: () => number;
  private readonly conns: Connection[];
  private readonly dirty = new Set<Connection>();
  /** Waiting for room on a connection; counted in flight (their wait shows in latency). */
  private waiting: Exchange[] = [];
  /** Where this tick's requests go; chosen afresh after each flush. */
  private current: Connection | null = null;
  private closed = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly target: URL,
    private readonly options: Http1PoolOptions,
  ) {
    this.pipelining = Math.max(1, options.pipelining);
    this.addresses = options.addresses;
    this.now = options.now;
    this.conns = Array.from({ length: Math.max(1, options.connections) }, () => new Connection(this));
    this.timer = setInterval(() => this.expire(), Math.max(10, Math.min(250, options.timeoutMs / 4)));
    this.timer.unref();
  }

  /**
   * Queues a request. The requests of one tick share a connection, and so one write (the write
   * syscall is most of a send's cost); each tick starts on the least busy connection, so at
   * ordinary rates a request finds an idle connection and never waits behind another's answer.
   */
  send(x: Exchange): void {
    let c = this.current;
    if (c === null || c.room <= 0) {
      c = this.leastBusy();
      this.current = c;
      if (c === null) {
        this.waiting.push(x);
        return;
      }
    }
    c.add(x);
    this.dirty.add(c);
  }

  private leastBusy(): Connection | null {
    let best: Connection | null = null;
    for (const c of this.conns) {
      if (c.room <= 0) continue;
      if (c.queue.length === 0) return c;
      if (best === null || c.queue.length < best.queue.length) best = c;
    }
    return best;
  }

  /**
   * Opens `n` connections before the run's clock starts and waits for them (at most `waitMs`), as
   * wrk does: a schedule's first milliseconds then measure the target, not TCP handshakes. A target
   * that refuses is found out by the run itself, which counts each failure.
   */
  async warm(n: number, waitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    });
    const opened = this.conns.slice(0, Math.max(0, Math.min(n, this.conns.length))).map((c) => c.warm());
    await Promise.race([Promise.all(opened), timeout]);
    clearTimeout(timer);
  }

  /** Writes every connection's queued requests. */
  flush(): void {
    for (const c of this.dirty) c.flush();
    this.dirty.clear();
    this.current = null;
  }

  /** An answer freed room on `c`: requests waiting for a connection take it. */
  refill(c: Connection): void {
    if (this.waiting.length === 0 || this.closed) return;
    let moved = false;
    while (this.waiting.length && c.room > 0) {
      c.add(this.waiting.shift()!);
      moved = true;
    }
    if (moved) c.flush();
  }

  /** After a connection closed: its unanswered requests, then those waiting, go out again. */
  resend(xs: Exchange[]): void {
    if (this.closed) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const x of xs) this.send(x);
    for (const x of waiting) this.send(x);
    this.flush();
  }

  /** Connections with no progress for the timeout: the head request fails with ETIMEDOUT. */
  private expire(): void {
    const t = this.now();
    for (const c of this.conns) {
      if (c.socket && c.queue.length && t - c.progressAt > this.options.timeoutMs) c.drop('ETIMEDOUT');
    }
  }

  destroy(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.waiting = [];
    for (const c of this.conns) c.socket?.destroy();
  }
}
