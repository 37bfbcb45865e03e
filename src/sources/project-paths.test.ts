import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryCatalogue } from '../config/catalogue.js';
import { parsePolicy } from '../config/load.js';
import { audit } from '../pipeline/audit.js';
import { renderAudit } from '../report/index.js';
import { readSourceFiles } from './files.js';

// A project (with .git) beside a folder outside it. Outside files are read only when parity.yaml
// names them literally, and then every report says so first; globs and links never lead out.
let top = '';
let project = '';

beforeAll(async () => {
  top = await mkdtemp(path.join(tmpdir(), 'parity-outside-'));
  project = path.join(top, 'project');
  await mkdir(path.join(project, '.git'), { recursive: true });
  await mkdir(path.join(project, 'env'), { recursive: true });
  await mkdir(path.join(top, 'outside'));
  await writeFile(path.join(top, 'outside', 'prod.env'), 'LOG_LEVEL=warn\nPOOL=20\n');
  await writeFile(path.join(project, 'env', 'staging.env'), 'LOG_LEVEL=debug\nPOOL=20\n');
  await symlink(path.join(top, 'outside', 'prod.env'), path.join(project, 'env', 'linked.env'));
  await symlink(path.join(top, 'outside'), path.join(project, 'linked-dir'));
});
afterAll(async () => {
  await rm(top, { recursive: true, force: true });
});

describe('paths outside the project', () => {
  it('reads a literal path outside the project', async () => {
    const read = await readSourceFiles('dotenv', ['../outside/prod.env'], project);
    expect(read.skips).toEqual([]);
    expect(read.files.map((f) => f.text)).toEqual(['LOG_LEVEL=warn\nPOOL=20\n']);
  });

  it('never follows a glob out of the project', async () => {
    const read = await readSourceFiles('dotenv', ['../outside/*.env'], project);
    expect(read.files).toEqual([]);
    expect(read.skips.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^1 file lies outside the project, reached through a glob/),
    ]);
  });

  it('never follows a symbolic link out of the project: a literal link, a glob, a folder walk', async () => {
    const literal = await readSourceFiles('dotenv', ['env/linked.env'], project);
    expect(literal.files).toEqual([]);
    expect(literal.skips.map((s) => s.reason)).toEqual([expect.stringMatching(/symbolic link to outside/)]);
    const globbed = await readSourceFiles('dotenv', ['env/*.env'], project);
    expect(globbed.files.map((f) => f.display)).toEqual(['env/staging.env']);
    expect(globbed.skips).toHaveLength(1);
    const walked = await readSourceFiles('dotenv', ['linked-dir'], project, { extensions: ['.env'] });
    expect(walked.files).toEqual([]);
  });

  it('names what it read from outside in the first lines of the text report and in JSON', async () => {
    const text = [
      'version: 1',
      'environments:',
      '  production:',
      '    sources:',
      '      - kind: dotenv',
      '        path: ../outside/prod.env',
      '  staging:',
      '    sources:',
      '      - kind: dotenv',
      '        path: env/staging.env',
    ].join('\n');
    const policy = parsePolicy(text, path.join(project, 'parity.yaml'), registryCatalogue, {});
    const result = await audit(policy);
    expect(result.outsideProject).toEqual([
      { environment: 'production', source: expect.any(String), file: '../outside/prod.env' },
    ]);
    const report = renderAudit(result, 'text', { color: false, width: 100 });
    // On the first screen, right under the summary.
    const lines = report.split('\n');
    const at = lines.indexOf('Read from outside the project (named in parity.yaml):');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(6);
    expect(lines[at + 1]).toMatch(/^ {2}production {2}\S+ {2}\.\.\/outside\/prod\.env$/);
    expect(JSON.parse(renderAudit(result, 'json', {})).outsideProject).toHaveLength(1);
    expect(renderAudit(result, 'markdown', {})).toContain('**Read from outside the project**');
  });
});
