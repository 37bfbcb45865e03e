import { describe, expect, it } from 'vitest';
import { ScriptError, splitScript } from './script.js';

describe('splitScript: a schema script as psql runs it', () => {
  it('leaves out psql meta-commands and role switches, keeps the rest with their lines', async () => {
    const script = [
      '\\restrict abc123',
      'SET statement_timeout = 0;',
      "SELECT pg_catalog.set_config('search_path', '', false);",
      'SET ROLE app_owner;',
      '-- a comment with é and ü before the table',
      'CREATE TABLE t (id int);',
      "SET SESSION AUTHORIZATION 'app_owner';",
      'ALTER TABLE t OWNER TO app_owner;',
      '\\unrestrict abc123',
    ].join('\n');
    const split = await splitScript(script);
    expect(split.statements.map((s) => [s.line, s.sql])).toEqual([
      [2, 'SET statement_timeout = 0'],
      [3, "SELECT pg_catalog.set_config('search_path', '', false)"],
      [6, 'CREATE TABLE t (id int)'],
    ]);
    expect(split.dropped).toEqual([
      { line: 1, what: 'psql meta-command \\restrict' },
      { line: 9, what: 'psql meta-command \\unrestrict' },
      { line: 4, what: 'SET ROLE' },
      { line: 7, what: 'SET SESSION AUTHORIZATION' },
      { line: 8, what: 'OWNER TO' },
    ]);
  });

  it('keeps a dollar-quoted body whose line starts with a backslash (the server reads it, not psql)', async () => {
    const body = "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$\nSELECT E'\n\\\\x'\n$$;";
    const split = await splitScript(`${body}\nCREATE TABLE u (id int);`);
    expect(split.statements).toHaveLength(2);
    expect(split.statements[0]!.sql).toContain("\n\\\\x'");
    expect(split.statements[1]!.line).toBe(5);
    expect(split.dropped).toEqual([]);
  });

  it('names every role the script refers to: owners, grantees, policy roles, schema authorisation', async () => {
    const split = await splitScript(
      [
        'CREATE SCHEMA s AUTHORIZATION owner_a;',
        'ALTER TABLE t OWNER TO owner_b, ADD COLUMN c int;',
        'GRANT SELECT ON t TO reader_c, PUBLIC;',
        'CREATE POLICY p ON t TO reader_d USING (true);',
        'ALTER DEFAULT PRIVILEGES FOR ROLE owner_e GRANT SELECT ON TABLES TO CURRENT_USER;',
      ].join('\n'),
    );
    expect(split.roles).toEqual(['owner_a', 'owner_b', 'owner_e', 'reader_c', 'reader_d']);
  });

  it('a syntax error names its line, counted in characters past non-ASCII text', async () => {
    const error = await splitScript('-- ééé\nCREATE TABLE ok (id int);\nCREAT TABLE bad (id int);').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScriptError);
    expect((error as ScriptError).line).toBe(3);
    expect((error as Error).message).toMatch(/syntax error at or near "CREAT"/);
  });
});
