// Parity's access-log line scanner, compiled to WebAssembly (see scan.ts and build-wasm.mjs).
//
// It reads whole lines of an nginx-style log_format (literal separators, one field between each
// pair) from `input`, and for each line writes one row: the line's bounds and, when it is sure,
// the fields a traffic profile needs (client, time, method, path, status, sizes, request time).
// "Sure" means the row is exactly what the JavaScript byte parser (nginx-bytes.ts) would produce
// for that line; anything else (a non-ASCII key, an odd request line, a missing separator, a
// number in an unusual form) is marked UNSURE and the JavaScript parsers read the line instead,
// so they keep the final word. A sure line changes no state but the interned keys and the last
// time, and those changes are flagged on the row, so JavaScript can mirror them.
//
// Freestanding C (no libc): clang --target=wasm32 -O3 -msimd128 -nostdlib.

#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

// Input: the reader's buffer. PAD bytes after it keep 16-byte loads past a line's end in memory.
#define INPUT_CAP (4u << 20)
#define PAD 64
static uint8_t input[INPUT_CAP + PAD] __attribute__((aligned(16)));

// The program: one step per variable of the log_format, plus a last step for the trailing
// literal. Each step's literal precedes its variable.
// The kinds (K_CLIENT, K_TIME ...) and the variables each reads come from the one list of
// variables, src/traffic/logs/variables.ts: `npm run build:wasm` writes them into scan-kinds.h.
#include "scan-kinds.h"
#define MAX_STEPS 64
#define MAX_LITERAL_BYTES 4096
static uint8_t literals[MAX_LITERAL_BYTES];
static int32_t step_kind[MAX_STEPS];
static int32_t step_token[MAX_STEPS];
static int32_t step_lit_off[MAX_STEPS];
static int32_t step_lit_len[MAX_STEPS];
static int32_t step_count;

// Rows: ROW_INTS int32 and ROW_NUMS float64 per line. Strings (clients, paths, templates) first
// seen on a row are copied to `strings`, so JavaScript decodes one string per scan, not per key.
#define MAX_ROWS 4096
#define ROW_INTS 18
#define ROW_NUMS 4
enum {
  R_START = 0,
  R_END = 1, // the newline's offset (the line without it; a CR before it is still in)
  R_FLAGS = 2,
  R_CLIENT = 3, // client slot, or -1 for none ('-')
  R_PATH = 4,   // path slot
  R_METHOD = 5, // METHOD_* code
  R_TIME_START = 6,
  R_TIME_END = 7,
  R_CLIENT_STR = 8, // a new client's bytes in `strings`: start, end
  R_CLIENT_STR_END = 9,
  R_PATH_START = 10, // the path in `input`
  R_PATH_END = 11,
  R_PATH_STR = 12, // a new path's bytes in `strings`
  R_PATH_STR_END = 13,
  R_TEMPLATE = 14, // the path's endpoint template slot, or -1 when JavaScript folds it
  R_TEMPLATE_STR = 15, // a new template's bytes in `strings`
  R_TEMPLATE_STR_END = 16,
};
enum { N_STATUS = 0, N_BYTES_SENT = 1, N_BYTES_RECEIVED = 2, N_DURATION = 3 };
enum {
  F_UNSURE = 1,
  F_TIME_NEW = 2,
  F_CLIENT_NEW = 4,
  F_PATH_NEW = 8,
  F_TEMPLATE_NEW = 16,
  // A table was cleared to make room for this row's key: every slot JavaScript knew is gone.
  F_CLIENTS_CLEARED = 32,
  F_PATHS_CLEARED = 64,
  F_TEMPLATES_CLEARED = 128,
};
static int32_t rows[MAX_ROWS * ROW_INTS];
static double nums[MAX_ROWS * ROW_NUMS];
static int32_t reached;
#define STRINGS_CAP (1u << 20)
#define ROW_STRINGS_MAX 1024 // what one row can add: client, path and template, each bounded below
static uint8_t strings[STRINGS_CAP];
static uint32_t strings_length;

// A line longer than this is left to JavaScript (which also knows the 64 KiB limit).
#define MAX_SURE_LINE 16384

// Interned keys: open addressing; a slot holds its key's hash, length + 1 and generation, then
// the key's bytes, so a lookup reads one cache line. Clearing a table (when half full) only moves
// it to the next generation; every key is new again after, and flagged so.
#define HEADER 12
#define CLIENT_BITS 14
#define CLIENT_SLOT 64
#define PATH_BITS 12
#define PATH_SLOT 256
#define TEMPLATE_BITS 12
#define TEMPLATE_SLOT 256
typedef struct {
  uint32_t mask;
  uint32_t size;
  uint32_t slot_size;
  uint32_t generation;
  uint8_t *slots;
} table_t;
static uint8_t client_slots[(1 << CLIENT_BITS) * CLIENT_SLOT] __attribute__((aligned(64)));
static uint8_t path_slots[(1 << PATH_BITS) * PATH_SLOT] __attribute__((aligned(64)));
static uint8_t template_slots[(1 << TEMPLATE_BITS) * TEMPLATE_SLOT] __attribute__((aligned(64)));
static table_t clients = {(1 << CLIENT_BITS) - 1, 0, CLIENT_SLOT, 1, client_slots};
static table_t paths = {(1 << PATH_BITS) - 1, 0, PATH_SLOT, 1, path_slots};
static table_t templates = {(1 << TEMPLATE_BITS) - 1, 0, TEMPLATE_SLOT, 1, template_slots};
static uint32_t clears; // how many times a table was cleared (for tests)

// Each path slot's template slot, valid while the template table is in generation `gen`.
static int32_t path_template[1 << PATH_BITS];
static uint32_t path_template_gen[1 << PATH_BITS];

#define MAX_TEMPLATE 200
static uint8_t template_scratch[MAX_TEMPLATE + 16];

#define TIME_WIDTH 64
static uint8_t last_time[TIME_WIDTH];
static int32_t last_time_length = -1;

enum { METHOD_GET = 1, METHOD_POST, METHOD_PUT, METHOD_HEAD, METHOD_DELETE, METHOD_PATCH, METHOD_OPTIONS };

EXPORT("input") uint8_t *input_ptr(void) { return input; }
EXPORT("input_cap") uint32_t input_cap(void) { return INPUT_CAP; }
EXPORT("literals") uint8_t *literals_ptr(void) { return literals; }
EXPORT("rows") int32_t *rows_ptr(void) { return rows; }
EXPORT("nums") double *nums_ptr(void) { return nums; }
EXPORT("max_rows") uint32_t max_rows(void) { return MAX_ROWS; }
EXPORT("reached") int32_t reached_get(void) { return reached; }
EXPORT("clears") uint32_t clears_get(void) { return clears; }
EXPORT("client_slots") uint32_t client_slots_count(void) { return 1u << CLIENT_BITS; }
EXPORT("path_slots") uint32_t path_slots_count(void) { return 1u << PATH_BITS; }
EXPORT("template_slots") uint32_t template_slots_count(void) { return 1u << TEMPLATE_BITS; }
EXPORT("strings") uint8_t *strings_ptr(void) { return strings; }
EXPORT("strings_length") uint32_t strings_length_get(void) { return strings_length; }

/** Forgets the program, the keys and the last time, for the next file (the tables' generations move on). */
EXPORT("reset") void reset(void) {
  table_t *tables[] = {&clients, &paths, &templates};
  for (int32_t i = 0; i < 3; i++) {
    tables[i]->generation++;
    tables[i]->size = 0;
  }
  last_time_length = -1;
  step_count = 0;
  strings_length = 0;
  reached = 0;
}

/** Step `i` of the program: its kind, whether its value is a token (no spaces), its literal. */
EXPORT("set_step") int32_t set_step(int32_t i, int32_t kind, int32_t token, int32_t lit_off, int32_t lit_len) {
  if (i < 0 || i >= MAX_STEPS || lit_off < 0 || lit_len < 0 || lit_off + lit_len > MAX_LITERAL_BYTES) return 0;
  step_kind[i] = kind;
  step_token[i] = token;
  step_lit_off[i] = lit_off;
  step_lit_len[i] = lit_len;
  step_count = i + 1;
  return 1;
}

/** A 16-byte mask of where `b` is in `p[0, 16)`. */
static inline uint32_t match16(const uint8_t *p, v128_t needle) {
  return wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p), needle));
}

/** First `b` in `[from, end)`, or -1. Loads may read up to 15 bytes past `end` (PAD covers it). */
static inline int32_t find_byte(int32_t from, int32_t end, uint8_t b) {
  v128_t needle = wasm_i8x16_splat((int8_t)b);
  for (int32_t i = from; i < end; i += 16) {
    uint32_t m = match16(input + i, needle);
    if (m) {
      int32_t at = i + __builtin_ctz(m);
      return at < end ? at : -1;
    }
  }
  return -1;
}

/** First occurrence of step `k`'s literal within `[from, end)`, or -1. */
static inline int32_t find_literal(int32_t k, int32_t from, int32_t end) {
  const uint8_t *lit = literals + step_lit_off[k];
  int32_t n = step_lit_len[k];
  if (n == 1) return find_byte(from, end, lit[0]);
  for (int32_t i = from;;) {
    int32_t at = find_byte(i, end - n + 1, lit[0]);
    if (at < 0) return -1;
    int32_t j = 1;
    while (j < n && input[at + j] == lit[j]) j++;
    if (j == n) return at;
    i = at + 1;
  }
}

/** First ' ', '?' or '#' in `[from, end)` (where a request target's path ends), or `end`. */
static inline int32_t path_end(int32_t from, int32_t end) {
  v128_t space = wasm_i8x16_splat(' '), query = wasm_i8x16_splat('?'), hash = wasm_i8x16_splat('#');
  for (int32_t i = from; i < end; i += 16) {
    v128_t chunk = wasm_v128_load(input + i);
    uint32_t m = wasm_i8x16_bitmask(
        wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(chunk, space), wasm_i8x16_eq(chunk, query)), wasm_i8x16_eq(chunk, hash)));
    if (m) {
      int32_t at = i + __builtin_ctz(m);
      return at < end ? at : end;
    }
  }
  return end;
}

/** A whole number, as countBytes: -1 for '-', empty, over 15 digits or anything not a digit. */
static double count(int32_t s, int32_t e) {
  if (e <= s || e - s > 15) return -1;
  double v = 0;
  for (int32_t i = s; i < e; i++) {
    int32_t c = input[i] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Seconds as milliseconds in the usual forms (`0.123`, `2`), with the arithmetic of
 * parseSecondsAsMs; '-' and empty are -1; anything else sets *unsure.
 */
static double seconds_ms(int32_t s, int32_t e, int32_t *unsure) {
  if (e == s || (e == s + 1 && input[s] == '-')) return -1;
  double whole = 0;
  int32_t i = s;
  for (; i < e; i++) {
    int32_t c = input[i] - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  if (i > s && i < e && input[i] == '.') {
    double frac = 0, scale = 1;
    int32_t j = i + 1;
    for (; j < e; j++) {
      int32_t c = input[j] - 48;
      if (c < 0 || c > 9) break;
      frac = frac * 10 + c;
      scale *= 10;
    }
    if (j == e) return (whole + frac / scale) * 1000;
  } else if (i == e && i > s) return whole * 1000;
  *unsure = 1;
  return -1;
}

/** Hash of `[s, e)`, or 0 when a byte is not ASCII (hashes of ASCII keys are never 0). */
static uint32_t hash_ascii(int32_t s, int32_t e) {
  uint32_t h = 0x811c9dc5u ^ (uint32_t)(e - s);
  uint32_t any = 0;
  int32_t i = s;
  for (; i + 4 <= e; i += 4) {
    uint32_t w = (uint32_t)input[i] | (uint32_t)input[i + 1] << 8 | (uint32_t)input[i + 2] << 16 |
                 (uint32_t)input[i + 3] << 24;
    any |= w;
    h = (h ^ w) * 0x01000193u;
    h ^= h >> 15;
  }
  for (; i < e; i++) {
    any |= input[i];
    h = (h ^ input[i]) * 0x01000193u;
  }
  if (any & 0x80808080u) return 0;
  return h == 0 ? 1 : h;
}

static int32_t same_bytes(const uint8_t *a, const uint8_t *b, int32_t n) {
  int32_t i = 0;
  for (; i + 16 <= n; i += 16)
    if (!wasm_i8x16_all_true(wasm_i8x16_eq(wasm_v128_load(a + i), wasm_v128_load(b + i)))) return 0;
  for (; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

static inline uint32_t *header(table_t *t, uint32_t i) { return (uint32_t *)(t->slots + i * t->slot_size); }

/** The slot of `key[0, len)` (hash `h`), added when new: then F_..._NEW (and F_..._CLEARED when
 *  the table made room) are or-ed into *flags, and the key's bytes are appended to `strings`. */
static int32_t intern(table_t *t, const uint8_t *key, uint32_t len, uint32_t h, int32_t *flags, int32_t new_flag,
                      int32_t cleared_flag, int32_t *str) {
  uint32_t i = h & t->mask;
  for (;;) {
    uint32_t *head = header(t, i);
    if (head[2] != t->generation) break;
    if (head[0] == h && head[1] == len + 1 && same_bytes((const uint8_t *)(head + 3), key, (int32_t)len))
      return (int32_t)i;
    i = (i + 1) & t->mask;
  }
  if (t->size > t->mask >> 1) {
    t->generation++;
    t->size = 0;
    clears++;
    *flags |= cleared_flag;
    i = h & t->mask;
  }
  uint32_t *head = header(t, i);
  head[0] = h;
  head[1] = len + 1;
  head[2] = t->generation;
  __builtin_memcpy(head + 3, key, len);
  t->size++;
  *flags |= new_flag;
  str[0] = (int32_t)strings_length;
  __builtin_memcpy(strings + strings_length, key, len);
  strings_length += len;
  str[1] = (int32_t)strings_length;
  return (int32_t)i;
}

static inline int32_t is_digit(uint8_t b) { return b >= '0' && b <= '9'; }
static inline int32_t is_alpha(uint8_t b) { return (uint8_t)((b | 0x20) - 'a') < 26; }
static inline int32_t is_hex(uint8_t b) { return is_digit(b) || (uint8_t)((b | 0x20) - 'a') < 6; }
/** [A-Za-z0-9_-] */
static inline int32_t is_word(uint8_t b) { return is_alpha(b) || is_digit(b) || b == '_' || b == '-'; }

static int32_t put(uint8_t *out, const char *text) {
  int32_t n = 0;
  for (; text[n]; n++) out[n] = (uint8_t)text[n];
  return n;
}

/**
 * foldSegment (template.ts) of the segment input[s, e) (at most 64 bytes, ASCII, with a digit and
 * not all digits), rule for rule in its order: the placeholder is written to `out` and its length
 * returned; 0 when the segment stays as it is; -1 when only JavaScript knows (a '.' in a segment
 * no earlier rule folds: a file name whose content hash foldSegment's last rule replaces).
 */
static int32_t fold_segment(int32_t s, int32_t e, uint8_t *out) {
  const uint8_t *p = input + s;
  int32_t n = e - s, digits = 0, hex = 1, word = 1, dot = 0, at = 0;
  for (int32_t i = 0; i < n; i++) {
    uint8_t b = p[i];
    digits += is_digit(b);
    hex &= is_hex(b);
    word &= is_word(b);
    dot |= b == '.';
    at |= b == '@';
  }
  // UUID: 8-4-4-4-12 hex digits, any case.
  if (n == 36 && p[8] == '-' && p[13] == '-' && p[18] == '-' && p[23] == '-') {
    int32_t ok = 1;
    for (int32_t i = 0; i < 36 && ok; i++)
      if (i != 8 && i != 13 && i != 18 && i != 23) ok = is_hex(p[i]);
    if (ok) return put(out, ":uuid");
  }
  // DATE: dddd-dd-dd.
  if (n == 10 && p[4] == '-' && p[7] == '-' && is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) &&
      is_digit(p[5]) && is_digit(p[6]) && is_digit(p[8]) && is_digit(p[9]))
    return put(out, ":date");
  // HEX_HASH: 16 or more hex digits.
  if (n >= 16 && hex) return put(out, ":hash");
  // PREFIXED_ID: [a-z]{1,6}[_-][A-Za-z0-9]{6,} with a digit after the separator.
  int32_t lower = 0;
  while (lower < n && p[lower] >= 'a' && p[lower] <= 'z') lower++;
  if (lower >= 1 && lower <= 6 && lower < n && (p[lower] == '_' || p[lower] == '-') && n - lower - 1 >= 6) {
    int32_t ok = 1, digit = 0;
    for (int32_t i = lower + 1; i < n && ok; i++) {
      ok = is_alpha(p[i]) || is_digit(p[i]);
      digit |= is_digit(p[i]);
    }
    if (ok && digit) return put(out, ":id");
  }
  // TOKEN: 20 or more of [A-Za-z0-9_-] with a digit (the segment has one).
  if (n >= 20 && word) return put(out, ":token");
  // [A-Za-z]{1,8}[-_]\d+
  int32_t alpha = 0;
  while (alpha < n && is_alpha(p[alpha])) alpha++;
  if (alpha >= 1 && alpha <= 8 && alpha + 1 < n && (p[alpha] == '-' || p[alpha] == '_')) {
    int32_t ok = 1;
    for (int32_t i = alpha + 1; i < n && ok; i++) ok = is_digit(p[i]);
    if (ok) return put(out, ":id");
  }
  // Four digits or more in at most 40 of [A-Za-z0-9_-].
  if (digits >= 4 && n <= 40 && word) return put(out, ":id");
  if (at) return put(out, ":email");
  // The last rule replaces `.hash.` or `-hash.` runs: only with a '.'.
  return dot ? -1 : 0;
}

/**
 * The endpoint template of the path `input[start, end)` into template_scratch, as templateBytes
 * (request-bytes.ts) builds it: all-digit segments become `:id`, segments over 64 bytes `:long`,
 * segments without digits stay, other segments as fold_segment folds them. -1 for a segment only
 * foldSegment knows (a '.' in it) or a template over MAX_TEMPLATE bytes: JavaScript folds those.
 */
static int32_t template_of(int32_t start, int32_t end) {
  uint8_t *out = template_scratch;
  int32_t w = 0, seg_from = start, seg_start = 0, digits = 0;
  for (int32_t i = start; i <= end; i++) {
    uint8_t b = i == end ? '/' : input[i];
    if (b == '/') {
      int32_t length = i - seg_from;
      if (digits > 0 || length > 64) {
        w = seg_start;
        if (digits == length) {
          out[w++] = ':';
          out[w++] = 'i';
          out[w++] = 'd';
        } else if (length > 64) {
          if (w + 5 > MAX_TEMPLATE) return -1;
          out[w++] = ':';
          out[w++] = 'l';
          out[w++] = 'o';
          out[w++] = 'n';
          out[w++] = 'g';
        } else {
          int32_t n = fold_segment(seg_from, i, out + seg_start);
          if (n < 0) return -1;
          w = seg_start + (n > 0 ? n : length); // 0: the segment stays as copied
          if (w > MAX_TEMPLATE) return -1;
        }
      }
      if (i == end) break;
      if (w >= MAX_TEMPLATE) return -1;
      out[w++] = '/';
      seg_start = w;
      seg_from = i + 1;
      digits = 0;
    } else {
      if (b >= '0' && b <= '9') digits++;
      if (w >= MAX_TEMPLATE) return -1;
      out[w++] = b;
    }
  }
  return w > MAX_TEMPLATE ? -1 : w;
}

/** Hash of bytes known to be ASCII (a template built from an ASCII path). */
static uint32_t hash_bytes(const uint8_t *p, int32_t n) {
  uint32_t h = 0x811c9dc5u ^ (uint32_t)n;
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t w = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24;
    h = (h ^ w) * 0x01000193u;
    h ^= h >> 15;
  }
  for (; i < n; i++) h = (h ^ p[i]) * 0x01000193u;
  return h;
}

static int32_t method_code(int32_t s, int32_t n) {
  const uint8_t *p = input + s;
  switch (n) {
  case 3:
    if (p[0] == 'G' && p[1] == 'E' && p[2] == 'T') return METHOD_GET;
    if (p[0] == 'P' && p[1] == 'U' && p[2] == 'T') return METHOD_PUT;
    return 0;
  case 4:
    if (p[0] == 'P' && p[1] == 'O' && p[2] == 'S' && p[3] == 'T') return METHOD_POST;
    if (p[0] == 'H' && p[1] == 'E' && p[2] == 'A' && p[3] == 'D') return METHOD_HEAD;
    return 0;
  case 5:
    if (p[0] == 'P' && p[1] == 'A' && p[2] == 'T' && p[3] == 'C' && p[4] == 'H') return METHOD_PATCH;
    return 0;
  case 6:
    if (p[0] == 'D' && p[1] == 'E' && p[2] == 'L' && p[3] == 'E' && p[4] == 'T' && p[5] == 'E') return METHOD_DELETE;
    return 0;
  case 7:
    if (p[0] == 'O' && p[1] == 'P' && p[2] == 'T' && p[3] == 'I' && p[4] == 'O' && p[5] == 'N' && p[6] == 'S')
      return METHOD_OPTIONS;
    return 0;
  }
  return 0;
}

static inline int32_t is_space(uint8_t b) { return b == ' ' || (b >= 9 && b <= 13); }

/** Parses the line `[s, e)` into row `r`; 0 when unsure. Changes no state but the row. */
static int32_t parse_line(int32_t s, int32_t e, int32_t *row, double *num) {
  int32_t client_s = -1, client_e = -1, time_s = -1, time_e = -1, path_s = -1, path_e = -1, method = 0;
  double status = 0, sent = -1, received = -1, duration = -1;
  int32_t unsure = 0;
  int32_t pos = s;
  for (int32_t i = 0; i < step_count; i++) {
    int32_t n = step_lit_len[i];
    if (i == 0 && n > 0) {
      if (pos + n > e) return 0;
      const uint8_t *lit = literals + step_lit_off[0];
      for (int32_t k = 0; k < n; k++)
        if (input[pos + k] != lit[k]) return 0;
    }
    pos += n;
    int32_t kind = step_kind[i];
    if (kind == K_END) {
      for (int32_t k = pos; k < e; k++)
        if (!is_space(input[k])) return 0;
      break;
    }
    int32_t to;
    // A program ends with K_END (scanProgram makes sure); past its end counts as one.
    int32_t last = i + 1 >= step_count;
    if (last || (step_kind[i + 1] == K_END && step_lit_len[i + 1] == 0)) {
      to = e;
      if (step_token[i] && find_byte(pos, e, ' ') >= 0) return 0;
    } else {
      to = find_literal(i + 1, pos, e);
      if (to < 0) return 0;
    }
    switch (kind) {
    case K_CLIENT:
      if (client_s < 0 || (client_e - client_s == 1 && input[client_s] == '-')) {
        client_s = pos;
        client_e = to;
      }
      break;
    case K_FORWARDED: {
      if (to == pos || (to == pos + 1 && input[pos] == '-')) break;
      // firstForwarded: the text before the first ',', trimmed; an empty one leaves the client as
      // it is. Printable ASCII only, where String#trim removes exactly the spaces: a tab, another
      // control byte or a non-ASCII byte is JavaScript's to read.
      int32_t comma = to;
      for (int32_t k = pos; k < to; k++) {
        uint8_t b = input[k];
        if (b < ' ' || b >= 0x80) return 0;
        if (b == ',' && comma == to) comma = k;
      }
      int32_t a = pos, z = comma;
      while (a < z && input[a] == ' ') a++;
      while (z > a && input[z - 1] == ' ') z--;
      if (a == z) break;
      client_s = a;
      client_e = z;
      break;
    }
    case K_TIME:
      time_s = pos;
      time_e = to;
      break;
    case K_REQUEST: {
      // `METHOD /path?query HTTP/1.1`, as requestSetter reads it in place.
      int32_t sp = find_byte(pos, to, ' ');
      if (sp < 0) sp = to;
      int32_t mn = sp - pos;
      if (sp + 1 >= to || mn == 0 || mn > 20 || input[sp + 1] != '/') return 0;
      method = method_code(pos, mn);
      if (method == 0) return 0;
      path_s = sp + 1;
      path_e = path_end(path_s, to);
      break;
    }
    case K_STATUS:
      status = count(pos, to);
      break;
    case K_BYTES_SENT:
      sent = (to - pos == 1 && input[pos] == '-') ? 0 : count(pos, to);
      break;
    case K_REQUEST_LENGTH:
      received = count(pos, to);
      break;
    case K_REQUEST_TIME:
      duration = seconds_ms(pos, to, &unsure);
      if (unsure) return 0;
      break;
    case K_UPSTREAM_TIME:
      if (duration < 0) {
        duration = seconds_ms(pos, to, &unsure);
        if (unsure) return 0;
      }
      break;
    default:
      break;
    }
    pos = to;
  }
  // No time or no request: JavaScript decides what the line is.
  if (path_s < 0 || time_s < 0 || time_e - time_s > TIME_WIDTH) return 0;
  // Keys: ASCII and short enough to store, or JavaScript reads the line (it decodes them as UTF-8).
  int32_t has_client = client_s >= 0 && !(client_e - client_s == 1 && input[client_s] == '-');
  uint32_t client_hash = 0;
  if (has_client) {
    if (client_e - client_s > CLIENT_SLOT - HEADER) return 0;
    client_hash = hash_ascii(client_s, client_e);
    if (client_hash == 0) return 0;
  }
  if (path_e - path_s > PATH_SLOT - HEADER) return 0;
  uint32_t path_hash = hash_ascii(path_s, path_e);
  if (path_hash == 0) return 0;
  // Sure from here on.
  int32_t flags = 0;
  row[R_CLIENT] = -1;
  if (has_client)
    row[R_CLIENT] = intern(&clients, input + client_s, (uint32_t)(client_e - client_s), client_hash, &flags,
                           F_CLIENT_NEW, F_CLIENTS_CLEARED, row + R_CLIENT_STR);
  int32_t path = intern(&paths, input + path_s, (uint32_t)(path_e - path_s), path_hash, &flags, F_PATH_NEW,
                        F_PATHS_CLEARED, row + R_PATH_STR);
  row[R_PATH] = path;
  if ((flags & F_PATH_NEW) || path_template_gen[path] != templates.generation) {
    int32_t n = template_of(path_s, path_e);
    int32_t t = -1;
    if (n >= 0)
      t = intern(&templates, template_scratch, (uint32_t)n, hash_bytes(template_scratch, n), &flags, F_TEMPLATE_NEW,
                 F_TEMPLATES_CLEARED, row + R_TEMPLATE_STR);
    path_template[path] = t;
    path_template_gen[path] = templates.generation;
  }
  row[R_TEMPLATE] = path_template[path];
  int32_t tn = time_e - time_s;
  if (tn != last_time_length || !same_bytes(last_time, input + time_s, tn)) {
    __builtin_memcpy(last_time, input + time_s, (uint32_t)tn);
    last_time_length = tn;
    flags |= F_TIME_NEW;
  }
  row[R_FLAGS] = flags;
  row[R_METHOD] = method;
  row[R_TIME_START] = time_s;
  row[R_TIME_END] = time_e;
  row[R_PATH_START] = path_s;
  row[R_PATH_END] = path_e;
  num[N_STATUS] = status;
  num[N_BYTES_SENT] = sent;
  num[N_BYTES_RECEIVED] = received;
  num[N_DURATION] = duration;
  return 1;
}

/**
 * Scans the whole lines of `input[from, to)` (`to` just after a newline) into rows, until the
 * rows (or the strings) are full; returns how many, with `reached` where the next scan starts.
 */
EXPORT("scan") int32_t scan(int32_t from, int32_t to) {
  if (from < 0) from = 0;
  if (to > (int32_t)INPUT_CAP) to = (int32_t)INPUT_CAP;
  int32_t n = 0;
  int32_t pos = from;
  strings_length = 0;
  while (pos < to && n < MAX_ROWS && strings_length <= STRINGS_CAP - ROW_STRINGS_MAX) {
    int32_t nl = find_byte(pos, to, '\n');
    if (nl < 0) break;
    int32_t *row = rows + n * ROW_INTS;
    double *num = nums + n * ROW_NUMS;
    row[R_START] = pos;
    row[R_END] = nl;
    int32_t e = nl > pos && input[nl - 1] == '\r' ? nl - 1 : nl;
    if (nl - pos > MAX_SURE_LINE || !parse_line(pos, e, row, num)) row[R_FLAGS] = F_UNSURE;
    n++;
    pos = nl + 1;
  }
  reached = pos;
  return n;
}

// The profile's counts for sure rows (tally.c reads rows, nums and the table sizes above).
#include "tally.c"
