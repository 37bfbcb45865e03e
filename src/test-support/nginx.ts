import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** nginx's binary when installed (CI: apt-get install nginx), else undefined. */
export const nginxBinary = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find(
  (p) => spawnSync(p, ['-v']).status === 0,
);

export interface RunningNginx {
  dir: string;
  /** Lines of a log file written under `dir`. */
  lines(file: string): string[];
  stop(): void;
}

/**
 * Starts a real nginx in the foreground on a throwaway prefix, with `http` as the body of its
 * http block (`${dir}` is replaced by the prefix), and waits until every `ports` answers.
 */
export async function startNginx(http: (dir: string) => string, ports: number[]): Promise<RunningNginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-nginx-'));
  const conf = `
daemon off;
master_process off;
worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 1024; }
http {
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  ${http(dir)}
}`;
  writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const child: ChildProcess = spawn(nginxBinary!, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], {
    stdio: 'ignore',
  });
  for (const port of ports) {
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/ready`).then(
        () => true,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    dir,
    lines: (file) => {
      try {
        return readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}
