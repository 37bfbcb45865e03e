import { execFile } from 'node:child_process';
import { looksLikeSecret } from '../secrets.js';

export type ExternalRenderer = 'kustomize' | 'kubectl';

/** A render of a large estate takes seconds; a minute means a hung remote fetch. */
export const RENDER_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** `kustomize build DIR` or `kubectl kustomize DIR`, with a timeout; stdout, or why there is none. */
export function runRenderer(
  renderer: ExternalRenderer,
  executable: string,
  dir: string,
  timeoutMs = RENDER_TIMEOUT_MS,
): Promise<{ text: string } | { reason: string }> {
  const args = renderer === 'kustomize' ? ['build', dir] : ['kustomize', dir];
  return new Promise((resolve) => {
    execFile(
      executable,
      args,
      { timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8', windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ text: stdout });
          return;
        }
        const failed = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
        if (failed.killed) {
          resolve({
            reason: `\`${renderer}\` did not finish within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`,
          });
        } else if (typeof failed.code === 'string') {
          resolve({ reason: `\`${renderer}\` could not run: ${failed.code}` });
        } else {
          resolve({ reason: `\`${renderer}\` failed: ${errorLine(stderr)}` });
        }
      },
    );
  });
}

/**
 * The error kustomize printed, shortened and with anything that could be a value masked: an
 * error about a generator literal can quote it.
 */
export function errorLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('# Warning'));
  const chosen = lines.find((l) => /\berr(or)?\b|Error:/i.test(l)) ?? lines[0] ?? 'no message';
  const message = chosen
    .replace(/^E\d{4} [\d:.]+\s+\d+ \S+\] "command failed" err=/, '')
    .replace(/^Error: /, '')
    .replace(/^"|"$/g, '')
    .split(/\s+/)
    .map((token) => {
      const eq = token.indexOf('=');
      if (eq > 0 && !/^err=/.test(token)) return `${token.slice(0, eq)}=…`;
      return looksLikeSecret(token.replace(/^["'`]|["'`,;:]$/g, '')) ? '(secret)' : token;
    })
    .join(' ');
  return message.length > 300 ? `${message.slice(0, 297)}...` : message;
}
