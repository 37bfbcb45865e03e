/**
 * Credential shapes that are secrets wherever they appear, inside a longer string as well as whole.
 * The list follows the providers of gitleaks' published rule set (config/gitleaks.toml); the
 * patterns are written here, by prefix and length, not copied. Each is a source without anchors:
 * `tokenShapes()` joins them with word boundaries for scanning.
 */
export const TOKEN_SHAPES: readonly { id: string; source: string }[] = [
  { id: 'aws-access-key', source: '(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}' },
  { id: 'github-token', source: 'gh[pousr]_[A-Za-z0-9]{20,}' },
  { id: 'github-fine-grained-pat', source: 'github_pat_[A-Za-z0-9_]{20,}' },
  { id: 'gitlab-token', source: 'gl(?:pat|dt|rt|ptt|ft|imt|oas|cbt|soat|agent)-[A-Za-z0-9_-]{20,}' },
  { id: 'gitlab-runner-registration', source: 'GR1348941[A-Za-z0-9_-]{20,}' },
  { id: 'slack-token', source: 'xox[abposre]-[A-Za-z0-9-]{10,}' },
  { id: 'slack-config-token', source: 'xoxe\\.xox[a-z]-[A-Za-z0-9-]{10,}' },
  { id: 'openai-key', source: 'sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}' },
  { id: 'openai-legacy-key', source: 'sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}' },
  { id: 'anthropic-key', source: 'sk-ant-[a-z0-9]{2,12}-[A-Za-z0-9_-]{20,}' },
  { id: 'npm-token', source: 'npm_[A-Za-z0-9]{36,}' },
  { id: 'google-api-key', source: 'AIza[0-9A-Za-z_-]{35,}' },
  { id: 'google-oauth-secret', source: 'GOCSPX-[A-Za-z0-9_-]{24,}' },
  { id: 'stripe-key', source: '(?:sk|rk)_(?:live|test|prod)_[0-9A-Za-z]{10,}' },
  { id: 'stripe-webhook-secret', source: 'whsec_[0-9A-Za-z]{16,}' },
  { id: 'sendgrid-key', source: 'SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}' },
  { id: 'jwt', source: 'eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]*' },
  { id: 'mailgun-key', source: 'key-[0-9a-f]{32}' },
  { id: 'twilio-api-key', source: 'SK[0-9a-fA-F]{32}' },
  { id: 'shopify-token', source: 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}' },
  { id: 'pypi-token', source: 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{40,}' },
  { id: 'huggingface-token', source: 'hf_[A-Za-z]{34}' },
  { id: 'digitalocean-token', source: 'do[opr]_v1_[a-f0-9]{64}' },
  { id: 'vault-token', source: 'hv[sb]\\.[A-Za-z0-9_-]{24,}' },
  { id: 'age-secret-key', source: 'AGE-SECRET-KEY-1[0-9A-Z]{58}' },
  { id: 'grafana-token', source: '(?:glc_[A-Za-z0-9+/]{32,}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})' },
  { id: 'doppler-token', source: 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,}' },
  { id: 'postman-key', source: 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}' },
  { id: 'linear-key', source: 'lin_api_[A-Za-z0-9]{40}' },
  { id: 'databricks-token', source: 'dapi[a-f0-9]{32}' },
  { id: 'sentry-token', source: '(?:sntrys_[A-Za-z0-9+/=_]{20,}|sntryu_[a-f0-9]{64})' },
  { id: 'atlassian-token', source: 'ATATT3[A-Za-z0-9_=-]{50,}' },
  { id: 'telegram-bot-token', source: '[0-9]{8,10}:AA[A-Za-z0-9_-]{32,}' },
  { id: 'laravel-app-key', source: 'base64:[A-Za-z0-9+/]{20,}={0,2}' },
];

/** Webhook URLs whose path is the credential: the host stays visible. */
export const WEBHOOK_SHAPES: readonly RegExp[] = [
  /(hooks\.slack\.com\/)(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{8,}/g,
  /(discord(?:app)?\.com\/api\/webhooks\/)[0-9]+\/[A-Za-z0-9_-]{20,}/g,
  /(outlook\.office(?:365)?\.com\/webhook\/)\S+/g,
];

/** PEM and PGP private keys, with or without their END line (a truncated block is still a secret). */
export const PRIVATE_KEY_BLOCK =
  /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|(?=\\?["'])|$)/g;

/** Starts of private keys: enough to call a value a secret. */
export const PRIVATE_KEY_START = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;

const BOUNDED = TOKEN_SHAPES.map((s) => `(?<![A-Za-z0-9])(?:${s.source})(?![A-Za-z0-9])`).join('|');

/** One scanning expression over every shape (global; reset lastIndex or use replace). */
export function tokenShapes(): RegExp {
  return new RegExp(BOUNDED, 'g');
}

const ANY_SHAPE = new RegExp(BOUNDED);
const WEBHOOK_ANY = WEBHOOK_SHAPES.map((re) => new RegExp(re.source));

/** True when a known credential shape occurs anywhere in the text. */
export function hasTokenShape(text: string): boolean {
  return ANY_SHAPE.test(text) || PRIVATE_KEY_START.test(text) || WEBHOOK_ANY.some((re) => re.test(text));
}
