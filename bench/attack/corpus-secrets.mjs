// Planted secrets in every source kind. Every value carries a unique core `PLANTED<nnn>Q` (obviously
// fake): any output holding that core, or the whole value base64/URL-encoded, is a leak.
let next = 0;
export const planted = [];

/** Secret shapes (gitleaks-style prefixes), built around a core; none is a real credential. */
const SHAPES = {
  generic: (c) => `${c}pw-9x`,
  stripe: (c) => `sk_live_${c}abc123`,
  ghp: (c) => `ghp_${c}AAAAAAAAAAAAAAAAA`,
  ghpat: (c) => `github_pat_11AAAAAAA0${c}_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb`,
  glpat: (c) => `glpat-${c}xyz1234567`,
  asia: (c) => `ASIA${c.toUpperCase()}ZZZZZ`,
  akia: (c) => `AKIA${c.toUpperCase()}ZZZZZ`,
  xoxe: (c) => `xoxe.xoxp-1-${c}abcdef`,
  xoxb: (c) => `xoxb-1234-${c}-abcdef`,
  skproj: (c) => `sk-proj-${c}AbCdEf1234567890`,
  npm: (c) => `npm_${c}${'a'.repeat(36 - c.length)}`,
  aiza: (c) => `AIza${c}${'B'.repeat(35 - c.length)}`,
  jwt: (c) => `eyJhbGciOiJIUzI1NiJ9.eyJzdWIi${c}fQ.${c}sigsigsig`,
  pem: (c) => `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA${c}\n-----END RSA PRIVATE KEY-----`,
  pgp: (c) => `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF${c}\n-----END PGP PRIVATE KEY BLOCK-----`,
  sendgrid: (c) => `SG.${c}abcdefghij.${c}klmnopqrst`,
  appkey: (c) => `base64:${c}ZmFrZWtleQ==`,
  hex: (c) => `${c}0123456789abcdef0123456789`,
  spacey: (c) => `p@ss ${c} w:rd`,
};

/**
 * A planted value: `shape` makes the token, `wrap` puts it in context (the whole string is what the
 * file holds). Returns the text to write; `value` (the token) is what must never come out.
 */
export function plant(where, shape = 'generic', wrap = (t) => t) {
  const id = String(next++).padStart(3, '0');
  const core = `PLANTED${id}Q`;
  const value = SHAPES[shape](core);
  const text = wrap(value);
  const item = { id, core, value, where, shape };
  // A Basic header holds base64("user:token"): that encoding discloses the token too.
  const basic = /^Basic (\S+)$/.exec(text);
  if (basic) item.also = [basic[1]];
  planted.push(item);
  return text;
}

const q = (s) => JSON.stringify(s); // YAML/JSON double-quoted scalar

/** Context wrappers of a token inside a larger value (issue 10 §3 and new ones). */
export const WRAPS = {
  whole: (t) => t,
  bearer: (t) => `Bearer ${t}`,
  json: (t) => `{"client":"web","api_key":"${t}"}`,
  urlUserNoColon: (t) => `https://${t}@api.example.com/v1`,
  urlPasswordAt: (t) => `postgres://app:p@ss${t}@db.internal:5432/shop`,
  urlPasswordEncoded: (t) => `postgres://app:${encodeURIComponent(`${t}/@:`)}@db.internal:5432/shop`,
  urlList: (t) => `redis://:${t}@r1:6379,redis://:${t}@r2:6379`,
  jdbc: (t) => `jdbc:postgresql://db:5432/shop?user=app&password=${t}&ssl=true`,
  libpq: (t) => `host=db port=5432 user=app password=${t} dbname=shop`,
  dotnet: (t) => `Server=db;Database=shop;User Id=app;Password=${t};`,
  jvm: (t) => `-Xmx1g -Ddb.Password=${t} -Dfoo=bar`,
  queryToken: (t) => `https://api.example.com/v1/hook?token=${t}&x=1`,
  queryApiKey: (t) => `/healthz?api_key=${t}`,
  querySig: (t) => `https://bucket.s3.example.com/o?X-Amz-Signature=${t}&sig=${t}`,
  curlU: (t) => `curl -fsS -u deploy:${t} https://ci.example.com/hook`,
  curlHeader: (t) => `curl -H "Authorization: Bearer ${t}" https://api.example.com`,
  redisCli: (t) => `redis-cli -h cache -a ${t} ping`,
  mysqlP: (t) => `mysql -uroot -p${t} shop`,
  helmSet: (t) => `--set image.tag=1.2.3,db.password=${t},replicas=3`,
  promql: (t) => `sum(rate(http_requests_total{job="shop",token="${t}"}[5m]))`,
  authHeader: (t) => `Basic ${Buffer.from(`admin:${t}`).toString('base64')}`,
  xmlish: (t) => `<password>${t}</password>`,
  yamlInString: (t) => `password: ${t}`,
  percentBearer: (t) => encodeURIComponent(`Bearer ${t}`),
};

export { q };
