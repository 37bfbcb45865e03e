// Class 2: production by another name. traffic replay against node:http servers and nginx on
// 127.0.0.1 (production counts every request it receives), and data rehearse --staging-url.
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { cli, OUT, write } from './lib.mjs';
import { db, logOffset, PG15, statementsSince } from './pg.mjs';

function listen(server) {
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res(server.address().port)));
}

export async function httpServers() {
  const hits = { production: 0, staging: 0, log: [] };
  const prod = createServer((req, res) => {
    hits.production++;
    hits.log.push(`${req.method} ${req.url} host=${req.headers.host}`);
    res.end('prod');
  });
  const stg = createServer((_req, res) => {
    hits.staging++;
    res.end('stg');
  });
  const P1 = await listen(prod);
  const P2 = await listen(stg);
  return {
    hits,
    P1,
    P2,
    close: () => {
      prod.close();
      stg.close();
    },
  };
}

/** nginx on 127.0.0.1: staging by default, production for Host: prod.example. */
export async function startNginx(P1, P2) {
  const dir = path.join(OUT, 'nginx');
  const port = await new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
  write(
    path.join(dir, 'nginx.conf'),
    `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents { worker_connections 256; }\nhttp {\n  access_log ${dir}/access.log;\n  client_body_temp_path ${dir}/tmp;\n  proxy_temp_path ${dir}/tmp;\n  fastcgi_temp_path ${dir}/tmp;\n  uwsgi_temp_path ${dir}/tmp;\n  scgi_temp_path ${dir}/tmp;\n  server { listen 127.0.0.1:${port} default_server; server_name staging.example; location / { proxy_pass http://127.0.0.1:${P2}; } }\n  server { listen 127.0.0.1:${port}; server_name prod.example; location / { proxy_pass http://127.0.0.1:${P1}; proxy_set_header Host $host; } }\n}\n`,
  );
  execFileSync('mkdir', ['-p', `${dir}/tmp`]);
  const child = spawn('nginx', ['-c', `${dir}/nginx.conf`, '-p', dir], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise((res) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        res(true);
      });
      s.on('error', () => res(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, stop: () => child.kill('SIGTERM') };
}

const LOG = (paths) =>
  `${paths.map((p, i) => `10.0.0.1 - - [06/Dec/2026:10:00:0${i % 10} +0000] "GET ${p} HTTP/1.1" 200 5 "-" "x"`).join('\n')}\n`;

export async function replayTargets(tally) {
  const { hits, P1, P2, close } = await httpServers();
  const nginx = await startNginx(P1, P2);
  const dir = path.join(OUT, 'replay');
  write(path.join(dir, 'access.log'), LOG(['/a', '/b', '/c']));
  write(
    path.join(dir, 'parity.yaml'),
    `version: 1\nbaseline: production\nenvironments:\n  production: {sources: []}\n  staging: {sources: []}\ntraffic:\n  replay:\n    allow: [127.0.0.1:${P2}, 127.0.0.1:${nginx.port}, staging.example]\n    production: [127.0.0.1:${P1}, prod.example]\n`,
  );
  // Headers no server here routes by (X-Host, X-Forwarded-Server) or that nginx rejects (`..`) may be sent.
  const harmless = /X-Host|X-Forwarded-Server|prod\.example\.\./;
  const attempt = async (name, args, cls = '2 replay: target spelling') => {
    const before = hits.production;
    const r = await cli(
      [
        'traffic',
        'replay',
        'access.log',
        '--config',
        'parity.yaml',
        '--duration',
        '3s',
        '--max-requests',
        '3',
        '--timeout',
        '2s',
        ...args,
      ],
      { cwd: dir, killS: 40 },
    );
    await new Promise((res) => setTimeout(res, 100));
    const reached = hits.production - before;
    tally.record(cls, name, r, {
      okCodes: harmless.test(name) ? [0, 2] : [2],
      extra: reached
        ? {
            production: 1,
            detail: `${reached} requests reached production: ${hits.log.slice(-reached).join(' | ')}`,
          }
        : { detail: r.code !== 2 ? `exit ${r.code} ${r.stderr.slice(0, 200)}` : undefined },
    });
  };
  // 1. The production server itself, spelled otherwise (each spelling explicitly allowed for the run).
  const spellings = [
    `127.0.0.1:${P1}`,
    `localhost:${P1}`,
    `LOCALHOST:${P1}`,
    `localhost.:${P1}`,
    `LocalHost.:${P1}`,
    `127.1:${P1}`,
    `0x7f.1:${P1}`,
    `0x7f000001:${P1}`,
    `2130706433:${P1}`,
    `017700000001:${P1}`,
    `0177.0.0.1:${P1}`,
    `127.000.000.001:${P1}`,
    `127.0.0.1.:${P1}`,
    `[::ffff:7f00:1]:${P1}`,
    `[::ffff:127.0.0.1]:${P1}`,
    `[0:0:0:0:0:ffff:7f00:1]:${P1}`,
    `[::1]:${P1}`,
    `[0:0:0:0:0:0:0:1]:${P1}`,
    `0.0.0.0:${P1}`,
    `0:${P1}`,
    `[::]:${P1}`,
    `127.0.0.2:${P1}`,
    `127.255.255.254:${P1}`,
    `192.0.2.2:${P1}`,
    `%31%32%37.0.0.1:${P1}`,
    `１２７.０.０.１:${P1}`,
    `127。0。0。1:${P1}`,
    `ｌｏｃａｌｈｏｓｔ:${P1}`,
    `sub.localhost:${P1}`,
    `ip6-localhost:${P1}`,
    `localhost.localdomain:${P1}`,
    `127.0.0.1:0${P1}`,
    `user:pw@127.0.0.1:${P1}`,
    `[::ffff:127.0.0.1%25lo]:${P1}`,
    `[fe80::1%25lo]:${P1}`,
  ];
  for (const s of spellings) {
    const host = (() => {
      try {
        return new URL(`http://${s}`).host;
      } catch {
        return s;
      }
    })();
    await attempt(`--target http://${s}`, [
      '--target',
      `http://${s}/`,
      '--allow-target',
      host,
      '--allow-target',
      s,
    ]);
  }
  await attempt('--target with base path', [
    '--target',
    `http://127.0.0.1:${P1}/api/`,
    '--allow-target',
    `127.0.0.1:${P1}`,
  ]);
  await attempt('--target https scheme on prod port', [
    '--target',
    `https://127.0.0.1:${P1}/`,
    '--allow-target',
    `127.0.0.1:${P1}`,
  ]);
  // 2. Headers naming production, sent to nginx (allowed) which routes by Host.
  const headers = [
    'Host: prod.example',
    'Host: PROD.EXAMPLE',
    'Host: prod.example.',
    'Host: Prod.Example.',
    `Host: prod.example:${nginx.port}`,
    `Host: prod.example.:${nginx.port}`,
    'Host: prod.example:80',
    'Host:  prod.example  ',
    'host: prod.example',
    'HOST: prod.example',
    'X-Forwarded-Host: prod.example',
    'X-Forwarded-Host: staging.example, prod.example',
    'Forwarded: for=1.2.3.4;host=prod.example',
    'Forwarded: host="prod.example."',
    'X-Original-Host: prod.example',
    `Host: 127.0.0.1:${P1}`,
    `Host: localhost:${P1}`,
    'Host: prod.example..',
    'Host: prod%2eexample',
    'Host: x@prod.example',
    'Host: prod.example\t',
    'X-Host: prod.example',
    'X-Forwarded-Server: prod.example',
  ];
  for (const h of headers)
    await attempt(
      `nginx -H ${JSON.stringify(h)}`,
      ['--target', `http://127.0.0.1:${nginx.port}/`, '-H', h],
      '2 replay: Host headers via nginx',
    );
  // Two Host headers (the last may win).
  await attempt(
    'nginx two -H Host',
    [
      '--target',
      `http://127.0.0.1:${nginx.port}/`,
      '-H',
      'Host: staging.example',
      '-H',
      'Host: prod.example',
    ],
    '2 replay: Host headers via nginx',
  );
  await attempt(
    'nginx -H CRLF smuggling',
    [
      '--target',
      `http://127.0.0.1:${nginx.port}/`,
      '-H',
      'X-A: b\r\n\r\nGET / HTTP/1.1\r\nHost: prod.example',
    ],
    '2 replay: Host headers via nginx',
  );
  // 3. Crafted request targets in the log / a profile.
  const targets = [
    `http://127.0.0.1:${P1}/x`,
    `HTTP://PROD.EXAMPLE/x`,
    `//prod.example/x`,
    `\\\\prod.example/x`,
    `http:prod.example/x`,
    `127.0.0.1:${P1}`,
    '*',
    `/x@prod.example`,
    `/%2F%2Fprod.example/x`,
    `/..%2f..%2f`,
    `http://prod.example:${nginx.port}/x`,
  ];
  for (const t of targets) {
    write(path.join(dir, 'crafted.log'), LOG([t, t, t]));
    const before = hits.production;
    const r = await cli(
      [
        'traffic',
        'replay',
        'crafted.log',
        '--config',
        'parity.yaml',
        '--target',
        `http://127.0.0.1:${nginx.port}/`,
        '--duration',
        '3s',
        '--timeout',
        '2s',
      ],
      { cwd: dir, killS: 40 },
    );
    await new Promise((res) => setTimeout(res, 100));
    const reached = hits.production - before;
    tally.record('2 replay: crafted request targets', t, r, {
      extra: reached ? { production: 1, detail: hits.log.slice(-reached).join(' | ') } : {},
    });
  }
  // 4. A crafted profile whose endpoints are absolute-form.
  const profile = {
    version: 1,
    endpoints: [{ method: 'GET', template: `http://127.0.0.1:${P1}/x`, count: 10 }],
  };
  write(path.join(dir, 'crafted-profile.json'), JSON.stringify(profile));
  const r = await cli(
    [
      'traffic',
      'replay',
      'crafted-profile.json',
      '--config',
      'parity.yaml',
      '--target',
      `http://127.0.0.1:${P2}/`,
      '--duration',
      '2s',
    ],
    { cwd: dir, killS: 40 },
  );
  tally.record('2 replay: crafted request targets', 'profile with absolute-form template', r, {
    okCodes: [0, 1, 2],
  });
  nginx.stop();
  close();
  return hits;
}

/** A TCP proxy: the first `switchAfter` connections go to `a`, the rest to `b` (a DNS/LB that moves). */
function proxy(a, b, switchAfter) {
  let n = 0;
  const s = net.createServer((c) => {
    const to = n++ < switchAfter ? a : b;
    const u = net.connect(to.port, to.host);
    c.pipe(u).pipe(c);
    c.on('error', () => u.destroy());
    u.on('error', () => c.destroy());
  });
  return new Promise((res) =>
    s.listen(0, '127.0.0.1', () => res({ port: s.address().port, close: () => s.close() })),
  );
}

export async function rehearseIdentity(tally, pg18url) {
  const dir = path.join(OUT, 'rehearse-identity');
  write(
    path.join(dir, 'q.sql'),
    '-- name: marker\nSELECT /* attack-identity-marker */ count(*) FROM attack_victims WHERE id > 0\n',
  );
  const prod = db(PG15, 'attack_prod');
  const p18 = new URL(pg18url);
  const same = await proxy({ host: '127.0.0.1', port: 54315 }, { host: '127.0.0.1', port: 54315 }, 0);
  const moving = await proxy(
    { host: '127.0.0.1', port: Number(p18.port) },
    { host: '127.0.0.1', port: 54315 },
    1,
  );
  const moving2 = await proxy(
    { host: '127.0.0.1', port: Number(p18.port) },
    { host: '127.0.0.1', port: 54315 },
    2,
  );
  const cred18 = `${p18.username}:${p18.password}`;
  const variants = {
    localhost: 'postgres://postgres@localhost:54315/attack_prod',
    127.1: 'postgres://postgres@127.1:54315/attack_prod',
    '0x7f.1': 'postgres://postgres@0x7f.1:54315/attack_prod',
    2130706433: 'postgres://postgres@2130706433:54315/attack_prod',
    'localhost.': 'postgres://postgres@localhost.:54315/attack_prod',
    'unix socket host=': 'postgres://postgres@/attack_prod?host=/work/pg15&port=54315',
    'unix socket %2F host': 'postgres://postgres@%2Fwork%2Fpg15:54315/attack_prod',
    'user in query': 'postgres://127.0.0.1:54315/attack_prod?user=postgres',
    'dbname in query': 'postgres://postgres@127.0.0.1:54315/?dbname=attack_prod',
    'encoded db name': 'postgres://postgres@127.0.0.1:54315/attack%5Fprod',
    application_name: 'postgres://postgres@127.0.0.1:54315/attack_prod?application_name=staging',
    'options search_path':
      'postgres://postgres@127.0.0.1:54315/attack_prod?options=-c%20search_path%3Dpublic',
    'TCP proxy on another port': `postgres://postgres@127.0.0.1:${same.port}/attack_prod`,
    'proxy moving after 1st connection': `postgres://${cred18}@127.0.0.1:${moving.port}/attack_prod`,
    'proxy moving after 2nd connection': `postgres://${cred18}@127.0.0.1:${moving2.port}/attack_prod`,
    'same url exactly': prod,
  };
  // pg18 needs its own password; pg15 trusts any for postgres on 127.0.0.1.
  for (const [name, url] of Object.entries(variants)) {
    for (const extra of [[], ['--allow-unverified-staging']]) {
      const from = logOffset();
      const r = await cli(
        [
          'data',
          'rehearse',
          '--schema',
          'schema.sql',
          '--from-url',
          prod,
          '--staging-url',
          url,
          '--queries',
          'q.sql',
          '--scale',
          '0.01',
          '--workers',
          '1',
          ...extra,
        ],
        { cwd: dir, killS: 180 },
      );
      await new Promise((res) => setTimeout(res, 200));
      const analyzed = statementsSince(from).filter(
        (s) => /ANALYZE/.test(s) && s.includes('attack-identity-marker'),
      );
      tally.record(
        '2 rehearse --staging-url',
        `${name}${extra.length ? ' +unverified' : ''}`,
        { ...r, hang: r.ms > 180_000 },
        {
          // Moving after the 2nd connection, the identity check and the EXPLAIN ANALYZE session both
          // still reach PostgreSQL 18 (not production): measuring it there is right (exit 0).
          okCodes: name === 'proxy moving after 2nd connection' ? [0, 2] : [2],
          extra: analyzed.length
            ? { production: 1, detail: `EXPLAIN ANALYZE on production: ${analyzed[0].slice(0, 120)}` }
            : { detail: r.code !== 2 ? `exit ${r.code}: ${r.stderr.slice(0, 200)}` : undefined },
        },
      );
    }
  }
  // Control: a real staging (another database on the same server) is measured, exit 0.
  const control = await cli(
    [
      'data',
      'rehearse',
      '--from-url',
      prod,
      '--staging-url',
      db(PG15, 'attack_stg'),
      '--schema',
      'schema.sql',
      '--queries',
      'q.sql',
      '--scale',
      '0.01',
      '--workers',
      '1',
    ],
    { cwd: dir, killS: 180 },
  );
  tally.record('2 rehearse --staging-url', 'control: attack_stg (must run)', control, { okCodes: [0] });
  same.close();
  moving.close();
  moving2.close();
}
