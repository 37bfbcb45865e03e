import path from 'node:path';
import { byImportance, environmentName, nameWords } from './names.js';

/** A source `parity init` proposes for one environment, or for every environment (`shared`). */
export interface Proposal {
  kind: string;
  paths: string[];
  options?: Record<string, string>;
  /** One line of comment for parity.yaml: where the guess came from. */
  why: string;
}

export interface Discovery {
  environments: string[];
  perEnvironment: Record<string, Proposal[]>;
  /** Sources every environment reads (Dockerfiles, the code). */
  shared: Proposal[];
  /** Things found that need a step from the user (terraform show -json, a database URL). */
  hints: string[];
}

/** What discovery may look at: the repository's file list and a bounded peek into small files. */
export interface RepositoryView {
  files: readonly string[];
  read(file: string): string | undefined;
}

const YAML = /\.ya?ml$/i;
const CODE = /\.(m?[jt]sx?|cjs|cts|py|go|rb|java|kt|rs)$/i;
const CODE_ROOTS = ['src', 'app', 'apps', 'lib', 'services', 'cmd', 'internal', 'pkg', 'server', 'packages'];

/** The environment a repository path names, from its folders or its file name's words. */
export function environmentOf(file: string): { env: string; depth: number } | undefined {
  const parts = file.split('/');
  for (let i = 0; i < parts.length; i++) {
    const words = i === parts.length - 1 ? nameWords(parts[i]!) : [parts[i]!];
    for (const w of words) {
      const env = environmentName(w);
      if (env) return { env, depth: i };
    }
  }
  return undefined;
}

/**
 * Finds environments and the files that define them, by name: overlays/staging, values-production.yaml,
 * .env.staging, docker-compose.prod.yml, workflow `environment:` names. Pure over the view it is given.
 */
export function discover(repo: RepositoryView, known: (kind: string) => boolean): Discovery {
  const per = new Map<string, Proposal[]>();
  const shared: Proposal[] = [];
  const hints: string[] = [];
  const add = (env: string, p: Proposal) => {
    const list = per.get(env) ?? [];
    const same = list.find(
      (x) => x.kind === p.kind && JSON.stringify(x.options) === JSON.stringify(p.options),
    );
    if (same && p.kind !== 'kustomize') {
      for (const q of p.paths) if (!same.paths.includes(q)) same.paths.push(q);
    } else if (!same) list.push(p);
    per.set(env, list);
  };
  const files = [...repo.files].sort();
  const fileSet = new Set(files);
  const kustomizeDirs = new Set(
    files.filter((f) => /(^|\/)kustomization\.ya?ml$/.test(f)).map((f) => path.posix.dirname(f)),
  );
  const manifestDirs = new Map<string, string>();

  for (const file of files) {
    const base = path.posix.basename(file);
    const dir = path.posix.dirname(file);
    const found = environmentOf(file);
    if (/^\.env\.[\w-]+$/.test(base) || /^[\w-]+\.env$/.test(base)) {
      const env = environmentName(base.replace(/^\.env\./, '').replace(/\.env$/, ''));
      if (env && known('dotenv'))
        add(env, { kind: 'dotenv', paths: [file], why: `${file}: a dotenv file named for ${env}` });
      continue;
    }
    if (/^(docker-)?compose\.[\w-]+\.ya?ml$/.test(base)) {
      const env = environmentName(nameWords(base).slice(-1)[0] ?? '');
      const baseFile = [
        `${dir}/docker-compose.yml`,
        `${dir}/docker-compose.yaml`,
        `${dir}/compose.yaml`,
        `${dir}/compose.yml`,
      ]
        .map((f) => f.replace(/^\.\//, ''))
        .find((f) => fileSet.has(f));
      if (env && known('compose'))
        add(env, {
          kind: 'compose',
          paths: baseFile ? [baseFile, file] : [file],
          why: `${file}: a compose override for ${env}`,
        });
      continue;
    }
    if (/^values[.-][\w-]+\.ya?ml$/.test(base)) {
      const env = environmentName(nameWords(base).slice(-1)[0] ?? '');
      const baseValues = [`${dir}/values.yaml`, `${dir}/values.yml`].find((f) => fileSet.has(f));
      if (env && known('helm-values')) {
        add(env, {
          kind: 'helm-values',
          paths: baseValues ? [baseValues, file] : [file],
          why: `${file}: Helm values for ${env}`,
        });
      }
      continue;
    }
    if (!found || !YAML.test(base)) continue;
    // A kustomize overlay: the nearest folder with a kustomization that names the environment.
    const overlay = [...kustomizeDirs].find(
      (d) =>
        (file === `${d}/${base}` || file.startsWith(`${d}/`)) && environmentOf(`${d}/`)?.env === found.env,
    );
    if (overlay && known('kustomize')) {
      add(found.env, {
        kind: 'kustomize',
        paths: [overlay],
        why: `${overlay}: a kustomize overlay for ${found.env}`,
      });
      continue;
    }
    const text = repo.read(file) ?? '';
    if (/^\s*apiVersion:\s*\S+/m.test(text) && /^\s*kind:\s*\S+/m.test(text)) {
      const envDir = file
        .split('/')
        .slice(0, found.depth + 1)
        .join('/');
      const isFile = envDir === file;
      const key = isFile ? file : `${envDir}/`;
      if (!manifestDirs.has(key)) manifestDirs.set(key, found.env);
      if (/kind:\s*PrometheusRule/.test(text) && known('prometheus-rules')) {
        add(found.env, {
          kind: 'prometheus-rules',
          paths: [key],
          why: `${key}: PrometheusRule objects for ${found.env}`,
        });
      }
      continue;
    }
    if (/^\s*groups:\s*$/m.test(text) && /^\s*-?\s*alert:/m.test(text) && known('prometheus-rules')) {
      add(found.env, {
        kind: 'prometheus-rules',
        paths: [file],
        why: `${file}: Prometheus alert rules for ${found.env}`,
      });
    } else if (/^\s*route:\s*$/m.test(text) && /^\s*receivers:\s*$/m.test(text) && known('alertmanager')) {
      add(found.env, {
        kind: 'alertmanager',
        paths: [file],
        why: `${file}: Alertmanager config for ${found.env}`,
      });
    } else if (
      /^\s*receivers:\s*$/m.test(text) &&
      /^\s*service:\s*$/m.test(text) &&
      known('otel-collector')
    ) {
      add(found.env, {
        kind: 'otel-collector',
        paths: [file],
        why: `${file}: OpenTelemetry Collector config for ${found.env}`,
      });
    }
  }
  for (const [key, env] of manifestDirs) {
    if (known('kubernetes'))
      add(env, { kind: 'kubernetes', paths: [key], why: `${key}: Kubernetes manifests for ${env}` });
  }

  // Workflows: the environments their deploy jobs name.
  for (const file of files.filter(
    (f) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(f) || f === '.gitlab-ci.yml',
  )) {
    const text = repo.read(file) ?? '';
    const kind = file === '.gitlab-ci.yml' ? 'gitlab-ci' : 'github-actions';
    const named = [
      // [ \t], not \s: a leading \s* runs across blank lines, quadratic on a file of them.
      ...text.matchAll(/^[ \t]*environment:[ \t]*['"]?([\w-]+)['"]?[ \t]*\r?$/gm),
      ...text.matchAll(/^[ \t]*environment:[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]+name:[ \t]*['"]?([\w-]+)/gm),
    ].map((m) => m[1]!);
    for (const name of new Set(named)) {
      const env = environmentName(name);
      if (env && known(kind)) {
        const paths = kind === 'gitlab-ci' ? ['.gitlab-ci.yml'] : ['.github/workflows/'];
        add(env, {
          kind,
          paths,
          options: { environment: name },
          why: `${file}: deploy jobs for environment ${name}`,
        });
      }
    }
  }

  const environments = [...per.keys()].sort(byImportance);
  // Shared sources: Dockerfiles and the code, read the same way for every environment.
  const dockerfiles = files.filter(
    (f) => /(^|\/)(Dockerfile|Containerfile)(\.[\w-]+)?$/.test(f) && !environmentOf(f),
  );
  if (known('dockerfile')) {
    for (const f of dockerfiles.slice(0, 20)) {
      const dir = path.posix.dirname(f);
      const workload = dir === '.' ? undefined : path.posix.basename(dir);
      shared.push({
        kind: 'dockerfile',
        paths: [f],
        ...(workload ? { options: { workload } } : {}),
        why: `${f}: build-time and image variables`,
      });
    }
  }
  const roots = CODE_ROOTS.filter((r) => files.some((f) => f.startsWith(`${r}/`) && CODE.test(f)));
  if (known('env-refs') && roots.length > 0) {
    shared.push({ kind: 'env-refs', paths: roots.map((r) => `${r}/`), why: 'the variables the code reads' });
  }
  if (files.some((f) => f.endsWith('.tf'))) {
    hints.push(
      'Terraform found: add `terraform show -json > tf-<env>.json` outputs as `kind: terraform` sources.',
    );
  }
  if (files.some((f) => /(^|\/)(migrations|migrate|alembic|prisma)\//.test(f))) {
    hints.push(
      'Database migrations found: add `kind: postgres` sources with `url: ${PROD_DATABASE_URL}` (read-only).',
    );
  }
  return { environments, perEnvironment: Object.fromEntries(per), shared, hints };
}
