import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { profileCommand } from '../../cli/commands/traffic/profile.js';
import type { Io } from '../../cli/commands/traffic/shared.js';
import { buildProgram } from '../../cli/program.js';
import { UsageError } from '../../errors.js';
import { TrafficProfile } from './schema.js';

const fixtures = fileURLToPath(new URL('../logs/__fixtures__/', import.meta.url));
const UNITLESS = 'json-latency-large-integers-no-unit.log';

function capture(): Io & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (t) => out.push(t), stderr: () => undefined, stderrIsTty: false, cwd: fixtures };
}

async function printed(outputFormat: string, durationUnit?: string): Promise<string> {
  const io = capture();
  await profileCommand(
    [UNITLESS],
    { save: false, format: outputFormat, ...(durationUnit ? { durationUnit } : {}) },
    io,
  );
  return io.out.join('');
}

describe('traffic profile: request times of unknown unit', () => {
  it('says so in json, text and markdown, and prints no latency in ms', async () => {
    const json = TrafficProfile.parse(JSON.parse(await printed('json')));
    expect(json.latencyMs).toBeNull();
    expect(json.durationUnitUnknown).toMatchObject({ requests: 10, fields: ['latency'] });
    for (const format of ['text', 'markdown']) {
      const out = await printed(format);
      expect(out, format).toContain('duration unit unknown for 10 request times in "latency"');
      expect(out, format).toContain('--duration-unit s, ms, us or ns');
      expect(out, format).not.toMatch(/p50 [\d.]+ ms/);
      expect(out, format).toContain('unknown (the unit of the logged request times is unknown)');
    }
  });

  it('reads them in the unit --duration-unit names', async () => {
    const json = TrafficProfile.parse(JSON.parse(await printed('json', 'us')));
    expect(json.durationUnitUnknown).toBeUndefined();
    expect(json.latencyMs).toMatchObject({ max: 259_000 });
    expect(await printed('text', 'ns')).toMatch(/latency\s+p50 25\d ms/);
  });

  it('refuses a unit it does not know, or one that contradicts --fields', async () => {
    await expect(profileCommand([UNITLESS], { save: false, durationUnit: 'sec' }, capture())).rejects.toThrow(
      /--duration-unit sec: expected s, ms, us or ns/,
    );
    await expect(
      profileCommand(
        [UNITLESS],
        { save: false, durationUnit: 'ms', fields: '{"durationUnit":"s"}' },
        capture(),
      ),
    ).rejects.toThrow(UsageError);
  });

  it('is an option of `parity traffic profile`', () => {
    const traffic = buildProgram().commands.find((c) => c.name() === 'traffic')!;
    const profile = traffic.commands.find((c) => c.name() === 'profile')!;
    expect(profile.options.map((o) => o.long)).toContain('--duration-unit');
  });
});
