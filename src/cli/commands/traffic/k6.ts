import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../../errors.js';
import { redactText } from '../../../secrets/redact.js';
import { displayPath } from '../../../sources/files.js';
import { plural } from '../../../units/plural.js';
import { checkOutputFile } from '../../output.js';
import type { Io } from './shared.js';
import { loadWorkload, type WorkloadCommandOptions } from './workload.js';

export interface K6CommandOptions extends WorkloadCommandOptions {
  output?: string;
  target?: string;
  header?: string[];
  executor?: string;
}

/** `parity traffic k6`: the same bounded workload as replay, as a k6 script. */
export async function k6Command(inputs: string[], options: K6CommandOptions, io: Io): Promise<string> {
  const executor = options.executor ?? 'ramping';
  if (executor !== 'ramping' && executor !== 'constant')
    throw new UsageError(`--executor ${executor}: expected ramping or constant`);
  if (options.output && options.output !== '-') await checkOutputFile(path.resolve(io.cwd, options.output));
  const workload = await loadWorkload(inputs, options, io.cwd);
  if (workload.requests.length === 0)
    throw new UsageError('nothing to export: the workload has no request with an allowed method');
  const headers = Object.fromEntries(
    (options.header ?? []).map((h) => {
      // Keep ${VAR} unexpanded: the script reads it from k6's environment at run time.
      const colon = h.indexOf(':');
      if (colon <= 0) throw new UsageError(`--header ${h.split(':')[0]}: expected "Name: value"`);
      return [h.slice(0, colon).trim().toLowerCase(), h.slice(colon + 1).trim()];
    }),
  );
  const { k6Script } = await import('../../../traffic/k6/script.js');
  const script = k6Script(workload.requests, {
    ...(options.target ? { target: options.target } : {}),
    headers,
    executor,
  });
  if (options.output && options.output !== '-') {
    const file = path.resolve(io.cwd, options.output);
    await writeFile(file, redactText(script));
    io.stderr(
      `k6 script written to ${displayPath(file, io.cwd)} (${plural(workload.requests.length, 'request')})\n`,
    );
  } else io.stdout(script);
  return script;
}
