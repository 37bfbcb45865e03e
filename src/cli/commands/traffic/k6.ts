import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../../errors.js';
import { readRegularText } from '../../../regular-file.js';
import { redactText } from '../../../secrets/redact.js';
import { displayPath } from '../../../sources/files.js';
import { plural } from '../../../units/plural.js';
import { checkOutputFile } from '../../output.js';
import type { Io } from './shared.js';
import { loadWorkload, MAX_DURATION_MS, type WorkloadCommandOptions, workloadNumbers } from './workload.js';

export interface K6CommandOptions extends WorkloadCommandOptions {
  output?: string;
  target?: string;
  header?: string[];
  executor?: string;
  bodyTemplate?: string;
}

/** The longest window a script exports by default (and at all): `--duration`'s bound. */
const WHOLE_WINDOW = '24h';

/**
 * `parity traffic k6`: the same workload as replay, as a k6 script. Unlike replay it exports the
 * whole recorded window by default (up to a day); the script's header says any cut and every
 * request left out. POST, PUT and PATCH are sent only with a body from `--body-template`.
 */
export async function k6Command(inputs: string[], options: K6CommandOptions, io: Io): Promise<string> {
  const executor = options.executor ?? 'ramping';
  if (executor !== 'ramping' && executor !== 'constant')
    throw new UsageError(`--executor ${executor}: expected ramping or constant`);
  if (options.output && options.output !== '-') await checkOutputFile(path.resolve(io.cwd, options.output));
  const { parseBodyTemplates } = await import('../../../traffic/k6/bodies.js');
  let bodies: ReturnType<typeof parseBodyTemplates> = [];
  if (options.bodyTemplate) {
    const file = path.resolve(io.cwd, options.bodyTemplate);
    let text: string;
    try {
      text = await readRegularText(file, 16 * 1024 * 1024);
    } catch (error) {
      throw new UsageError(
        `--body-template ${options.bodyTemplate}: file not readable (${(error as Error).message})`,
      );
    }
    bodies = parseBodyTemplates(text, options.bodyTemplate);
  }
  const workload = await loadWorkload(
    inputs,
    { ...options, duration: options.duration ?? WHOLE_WINDOW },
    io.cwd,
  );
  const headers = Object.fromEntries(
    (options.header ?? []).map((h) => {
      // Keep ${VAR} unexpanded: the script reads it from k6's environment at run time.
      const colon = h.indexOf(':');
      if (colon <= 0) throw new UsageError(`--header ${h.split(':')[0]}: expected "Name: value"`);
      return [h.slice(0, colon).trim().toLowerCase(), h.slice(colon + 1).trim()];
    }),
  );
  const { k6Export } = await import('../../../traffic/k6/script.js');
  const profile = inputs.length === 1 && inputs[0]!.endsWith('.json');
  const exported = k6Export(workload, {
    ...(options.target ? { target: options.target } : {}),
    headers,
    executor,
    bodies,
    about: {
      from: inputs.join(', '),
      profile,
      ...(options.duration ? { duration: options.duration } : {}),
      maxDurationText: `${MAX_DURATION_MS / 3_600_000} h`,
      maxRequests: workloadNumbers(options).maxRequests,
      ...(options.bodyTemplate ? { bodyFile: options.bodyTemplate } : {}),
    },
  });
  for (const b of bodies.filter((x) => x.masked))
    io.stderr(
      `${options.bodyTemplate}:${b.line}: ${b.key}: a value looks like a credential and is written as ****; use \${VAR} to read it from the k6 environment at run time\n`,
    );
  for (const b of exported.selection.unused) {
    const method = b.key.split(' ')[0]!;
    io.stderr(
      `${options.bodyTemplate}:${b.line}: ${b.key} ${
        workload.skippedMethods[method]
          ? `is not sent: ${method} needs --allow-methods ${method}`
          : 'matches no request of the workload (endpoints are named as `parity traffic profile` shows them)'
      }\n`,
    );
  }
  for (const [method, count] of Object.entries(workload.skippedMethods))
    io.stderr(`left out ${plural(count, `${method} request`)}: unsafe method (see the script's header)\n`);
  for (const { key, requests } of exported.selection.noBody)
    io.stderr(`left out ${plural(requests, `${key} request`)}: no body in --body-template\n`);
  if (exported.sent === 0)
    throw new UsageError(
      'nothing to export: the workload has no request with an allowed method (POST, PUT and PATCH also need a body in --body-template)',
    );
  const script = exported.script;
  if (options.output && options.output !== '-') {
    const file = path.resolve(io.cwd, options.output);
    await writeFile(file, redactText(script));
    io.stderr(`k6 script written to ${displayPath(file, io.cwd)} (${plural(exported.sent, 'request')})\n`);
  } else io.stdout(script);
  return script;
}
