// C0 and C1 control characters (ESC among them) and bidirectional overrides: evidence files are
// untrusted, and an escape sequence or a reordering mark in a value must not reach the user's
// terminal, disguise what a report says, or break its layout.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]+/g;

/** Any string from evidence, made safe to print on one line: breaks become spaces, controls `?`. */
export function cleanText(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(CONTROL, '?');
}

/** Shortens text longer than `max` characters, marking the cut (never inside a surrogate pair). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1)).replace(/[\ud800-\udbff]$/, '');
  return `${cut}…`;
}
