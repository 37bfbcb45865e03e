import {
  baseOf,
  type Detection,
  type DetectResult,
  dirOf,
  type Ignored,
  previewPurpose,
  type SourceDetector,
} from '../detection.js';

/** `.env.<env>` and `<env>.env`; `.env.<env>.<more>` is another file's part (`.env.db.prod`), read through compose. */
const NAMED = /^(?:\.env\.([\w-]+)|([\w-]+)\.env)$/;

const ADDRESS =
  /\b(?:https?|wss?|postgres(?:ql)?|mysql|redis|amqp|mongodb):\/\/(?:[^@\s/]*@)?(\[[^\]]*\]|[^:/\s'"]+)/gi;
const LOCAL = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)$/i;

/** The file names addresses, and every one is this machine (`http://localhost:3000`). */
function localOnly(text: string): boolean {
  const hosts = [...text.matchAll(ADDRESS)].map((m) => m[1]!);
  return hosts.length > 0 && hosts.every((h) => LOCAL.test(h));
}

export const dotenvDetector: SourceDetector = {
  fileMatch: /(^|\/)(\.env\.[\w-]+|[\w-]+\.env)$/,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    const ignored: Ignored[] = [];
    for (const file of files) {
      const m = NAMED.exec(baseOf(file));
      const name = m?.[1] ?? m?.[2];
      if (!name) continue;
      const text = view.read(file) ?? '';
      if (localOnly(text)) {
        ignored.push({
          file,
          reason: "every address in it is localhost: a developer's machine, not a deployed environment",
        });
        continue;
      }
      const preview = previewPurpose(text);
      if (preview) {
        ignored.push({
          file,
          reason: `its first comments say it is for short-lived environments ("${preview}"), not ${name}`,
        });
        continue;
      }
      found.push({
        environment: { name, evidence: 'sibling', group: `${dirOf(file)}:dotenv` },
        paths: [file],
        why: `${file}: a dotenv file named for ${name}`,
      });
    }
    return { found, ignored };
  },
};
