// The profile's counts for the scanner's rows, kept beside its tables (included by scan.c; see
// src/traffic/profile/tally.ts for the JavaScript side and docs/design-notes.md "Speed over log
// shapes").
//
// The JavaScript accumulator (profile.ts addRecord) stays the reference. This code adds a row
// only when it can add it exactly as addRecord would: the row's second is the one whose count box
// JavaScript handed over, its method, status and endpoint already have boxes (so no first-seen
// origin or endpoint cap is decided here), the request is no error and no write (retries and
// double submits stay in JavaScript), its client's window was handed over and the client has no
// recent error, and the row does not make the client parallel. Any other row stops the run: it
// goes to JavaScript, which adds it, tells this code what it learnt (boxes, the client's window),
// and runs it again from the next row. So rows are added in log order, whoever adds them, and the
// running float sums (busy time per second, histogram sums) add the same values in the same order.
// Counts (integers) are kept as deltas and added to JavaScript's boxes at the end.

#define T_BUCKETS 2112 // histogram.ts SIZE: 128 exact + 31 x 64
#define T_CLIENTS ((1 << CLIENT_BITS) + 1) // the client table's slots, and one for '-'
#define T_ENDPOINTS 4096
#define T_STATUSES 600
#define PARALLEL_THRESHOLD 10
#define MAX_CLIENT_COUNT 4095
#define STATE_TTL_S 15
#define CLOCK_JUMP_MS 2000

// Scalars handed over both ways (see tally.ts IO_*): the time and second of the run, the running
// minimum, maximum and sums, and the deltas of the counts since JavaScript last read them.
enum {
  IO_TIME,
  IO_SECOND,
  IO_BUSY,
  IO_MIN_TIME,
  IO_MAX_TIME,
  IO_PRUNE_SECOND,
  IO_PRUNES,
  IO_HIST, // 3 histograms (latency, response size, request size) x (sum, min, max, total delta)
  IO_REQUESTS = IO_HIST + 12,
  IO_CLOCK_JUMPS,
  IO_SECOND_REQUESTS,
  IO_TIMED,
  IO_OTHER_ENDPOINTS,
  IO_COUNT,
};
static double io[IO_COUNT];
static double hist_counts[3 * T_BUCKETS];

// What JavaScript told this code. Methods: 0 unknown, 1 a box (not a write), 2 a write (stops).
static int32_t method_state[8];
static double method_count[8];
static int32_t status_state[T_STATUSES];
static double status_count[T_STATUSES];
// Endpoint of (template slot, method): 0 unknown, -1 not counted (the cap), else the box id + 1.
// No error is added here, so endpoints' error counts stay JavaScript's.
static int32_t endpoint_state[(1 << TEMPLATE_BITS) * 8];
// The same by (path slot, method), for paths whose template JavaScript folds (no template slot).
static int32_t path_endpoint_state[(1 << PATH_BITS) * 8];
static double endpoint_requests[T_ENDPOINTS];
// Client windows (profile.ts ClientWindow) by client slot, valid while client_valid[s] == client_gen.
static uint32_t client_gen = 1;
static uint32_t client_valid[T_CLIENTS];
static double window_second[T_CLIENTS];
static int32_t window_count[T_CLIENTS];
static int32_t window_generation[T_CLIENTS];
// Windows changed since JavaScript last copied them back.
static int32_t dirty[T_CLIENTS];
static uint8_t is_dirty[T_CLIENTS];
static int32_t dirty_count;

EXPORT("tally_io") double *tally_io(void) { return io; }
EXPORT("tally_hist") double *tally_hist(void) { return hist_counts; }
EXPORT("tally_methods") int32_t *tally_methods(void) { return method_state; }
EXPORT("tally_method_counts") double *tally_method_counts(void) { return method_count; }
EXPORT("tally_statuses") int32_t *tally_statuses(void) { return status_state; }
EXPORT("tally_status_counts") double *tally_status_counts(void) { return status_count; }
EXPORT("tally_endpoints") int32_t *tally_endpoints(void) { return endpoint_state; }
EXPORT("tally_path_endpoints") int32_t *tally_path_endpoints(void) { return path_endpoint_state; }
EXPORT("tally_endpoint_requests") double *tally_endpoint_requests(void) { return endpoint_requests; }
EXPORT("tally_client_valid") uint32_t *tally_client_valid(void) { return client_valid; }
EXPORT("tally_client_gen") uint32_t tally_client_gen(void) { return client_gen; }
EXPORT("tally_window_second") double *tally_window_second(void) { return window_second; }
EXPORT("tally_window_count") int32_t *tally_window_count(void) { return window_count; }
EXPORT("tally_window_generation") int32_t *tally_window_generation(void) { return window_generation; }
EXPORT("tally_dirty") int32_t *tally_dirty(void) { return dirty; }
EXPORT("tally_dirty_count") int32_t tally_dirty_count(void) { return dirty_count; }
EXPORT("tally_capacity") int32_t tally_capacity(void) { return T_ENDPOINTS; }

/** Every client window handed over is stale (a sweep, or a record JavaScript read without the scanner). */
EXPORT("tally_forget_clients") void tally_forget_clients(void) { client_gen++; }

/** Everything handed over by slot is stale (JavaScript read rows without the tally for a while). */
EXPORT("tally_forget_slots") void tally_forget_slots(void) {
  client_gen++;
  __builtin_memset(endpoint_state, 0, sizeof endpoint_state);
  __builtin_memset(path_endpoint_state, 0, sizeof path_endpoint_state);
}

/** JavaScript copied the dirty windows back. */
EXPORT("tally_clean") void tally_clean(void) {
  for (int32_t i = 0; i < dirty_count; i++) is_dirty[dirty[i]] = 0;
  dirty_count = 0;
}

/** Forgets everything for the next file (the counts were added to JavaScript's boxes). */
EXPORT("tally_reset") void tally_reset(void) {
  __builtin_memset(io, 0, sizeof io);
  __builtin_memset(hist_counts, 0, sizeof hist_counts);
  __builtin_memset(method_state, 0, sizeof method_state);
  __builtin_memset(method_count, 0, sizeof method_count);
  __builtin_memset(status_state, 0, sizeof status_state);
  __builtin_memset(status_count, 0, sizeof status_count);
  __builtin_memset(endpoint_state, 0, sizeof endpoint_state);
  __builtin_memset(path_endpoint_state, 0, sizeof path_endpoint_state);
  __builtin_memset(endpoint_requests, 0, sizeof endpoint_requests);
  client_gen++;
  tally_clean();
}

/** histogram.ts indexOf for 0 <= v < 2^31 (larger values stop the run). */
static inline int32_t bucket(double v) {
  if (v < 128) return (int32_t)__builtin_floor(v);
  uint32_t u = (uint32_t)__builtin_floor(v);
  int32_t exp = 31 - __builtin_clz(u) - 6;
  int32_t sub = (int32_t)(u >> exp) - 64;
  return 128 + (exp - 1) * 64 + (sub > 63 ? 63 : sub < 0 ? 0 : sub);
}

/** histogram.ts record(h, v) of histogram `h`: the count as a delta, sum, minimum and maximum in place. */
static inline void add_to(int32_t h, double v) {
  hist_counts[h * T_BUCKETS + bucket(v)] += 1;
  double *s = io + IO_HIST + h * 4;
  s[0] += v;
  if (v < s[1]) s[1] = v;
  if (v > s[2]) s[2] = v;
  s[3] += 1;
}

#define TOO_LARGE 2147483648.0

/** The table changes row `r` made (new or cleared slots) make what was handed over for them stale. */
static inline void forget_for(const int32_t *row, int32_t flags) {
  if (flags & F_CLIENTS_CLEARED) client_gen++;
  else if ((flags & F_CLIENT_NEW) && row[R_CLIENT] >= 0) client_valid[row[R_CLIENT]] = 0;
  if (flags & F_TEMPLATES_CLEARED) __builtin_memset(endpoint_state, 0, sizeof endpoint_state);
  else if ((flags & F_TEMPLATE_NEW) && row[R_TEMPLATE] >= 0)
    __builtin_memset(endpoint_state + row[R_TEMPLATE] * 8, 0, 8 * sizeof(int32_t));
  if (flags & F_PATHS_CLEARED) __builtin_memset(path_endpoint_state, 0, sizeof path_endpoint_state);
  else if (flags & F_PATH_NEW) __builtin_memset(path_endpoint_state + row[R_PATH] * 8, 0, 8 * sizeof(int32_t));
}

/**
 * Adds rows `k`, `k + 1` ... of the last scan while each can be added exactly (see above);
 * returns the first row it did not add (`n` when all were). Each row's table changes are applied
 * first, whoever adds the row.
 */
EXPORT("tally") int32_t tally(int32_t k, int32_t n) {
  double t = io[IO_TIME];
  double second = __builtin_floor(t / 1000);
  // NaN compares false: no time, or no box handed over, stops at the first row.
  int32_t steady = second == io[IO_SECOND] && !(second > io[IO_PRUNE_SECOND] + STATE_TTL_S);
  double prunes = io[IO_PRUNES], expiry = io[IO_PRUNE_SECOND] - STATE_TTL_S;
  for (; k < n; k++) {
    int32_t *row = rows + k * ROW_INTS;
    double *num = nums + k * ROW_NUMS;
    int32_t flags = row[R_FLAGS];
    if (flags & F_UNSURE) return k;
    forget_for(row, flags);
    if (!steady || (flags & F_TIME_NEW)) return k;
    int32_t method = row[R_METHOD];
    if (method_state[method] != 1) return k;
    double status = num[N_STATUS];
    if (!(status >= 100 && status <= 599)) return k;
    int32_t s = (int32_t)status;
    if (s != status || status_state[s] == 0 || s >= 500 || s == 429 || s == 408) return k;
    int32_t template = row[R_TEMPLATE];
    int32_t endpoint =
        template >= 0 ? endpoint_state[template * 8 + method] : path_endpoint_state[row[R_PATH] * 8 + method];
    if (endpoint == 0) return k;
    double duration = num[N_DURATION], sent = num[N_BYTES_SENT], received = num[N_BYTES_RECEIVED];
    if (duration >= TOO_LARGE || sent >= TOO_LARGE || received >= TOO_LARGE) return k;
    int32_t c = row[R_CLIENT] < 0 ? T_CLIENTS - 1 : row[R_CLIENT];
    if (client_valid[c] != client_gen) return k;
    double ws = window_second[c];
    int32_t same = ws == second && !(prunes > window_generation[c] && ws < expiry);
    int32_t count = window_count[c] + 1;
    if (same && count == PARALLEL_THRESHOLD) return k;
    // Sure: add the row as addRecord does, in its order.
    io[IO_REQUESTS] += 1;
    if (t < io[IO_MAX_TIME] - CLOCK_JUMP_MS) io[IO_CLOCK_JUMPS] += 1;
    if (t < io[IO_MIN_TIME]) io[IO_MIN_TIME] = t;
    if (t > io[IO_MAX_TIME]) io[IO_MAX_TIME] = t;
    io[IO_SECOND_REQUESTS] += 1;
    if (duration >= 0) {
      io[IO_TIMED] += 1;
      add_to(0, duration);
      io[IO_BUSY] += duration;
    }
    if (sent >= 0) add_to(1, sent);
    if (received >= 0) add_to(2, received);
    method_count[method] += 1;
    status_count[s] += 1;
    if (endpoint > 0) endpoint_requests[endpoint - 1] += 1;
    else io[IO_OTHER_ENDPOINTS] += 1;
    if (same) {
      if (count <= MAX_CLIENT_COUNT) window_count[c] = count;
    } else {
      window_second[c] = second;
      window_count[c] = 1;
      window_generation[c] = (int32_t)prunes;
    }
    if (!is_dirty[c]) {
      is_dirty[c] = 1;
      dirty[dirty_count++] = c;
    }
  }
  return n;
}
