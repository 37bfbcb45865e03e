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

export const dotenvDetector: SourceDetector = {
  fileMatch: /(^|\/)(\.env\.[\w-]+|[\w-]+\.env)$/,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    const ignored: Ignored[] = [];
    for (const file of files) {
      const m = NAMED.exec(baseOf(file));
      const name = m?.[1] ?? m?.[2];
      if (!name) continue;
      const preview = previewPurpose(view.read(file) ?? '');
      if (preview) {
        ignored.push({
          file,
          reason: `its first comment says it is for short-lived environments ("${preview}"), not ${name}`,
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
