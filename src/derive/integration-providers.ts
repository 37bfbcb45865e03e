/** How an integration is used: against the real service, its test or sandbox mode, or an emulator. */
export type IntegrationMode = 'live' | 'test' | 'sandbox' | 'local-emulator' | 'unknown';

/** A third-party service Parity recognises in configuration. */
export interface Provider {
  id: string;
  label: string;
  /** Variable names that tie a setting to the provider. */
  names: RegExp;
  /** API hosts that belong to the provider. */
  hosts: RegExp;
  /** Whether live / test applies (a Slack webhook has no test mode). */
  modes: boolean;
  /** Live mode moves money, messages or real users: a staging in live mode is an incident. */
  sideEffects: boolean;
  /** What the host alone says, for providers whose test and live hosts differ. */
  hostMode?: (host: string) => IntegrationMode | undefined;
  /** What a non-secret value's shape says (publishable keys, magic test numbers, sandbox domains). */
  valueMode?: (value: string) => IntegrationMode | undefined;
  /** Mode when nothing says otherwise, only where the SDK's default is certain. */
  defaultMode?: IntegrationMode;
  /** What the test mode never does, for messages: the incident it lets through. */
  untested: string;
  /** What live mode does when staging runs in it. */
  live?: string;
  /** Its host names one tenant (a store, an identity tenant): the same host on both sides is one shared tenant. */
  tenant?: boolean;
}

/** The mode of the first pattern a host matches. */
function byHost(...rules: [RegExp, IntegrationMode][]): (host: string) => IntegrationMode | undefined {
  return (host) => rules.find(([re]) => re.test(host))?.[1];
}

/**
 * The catalogue, most specific first. Sentry is left out on purpose: it is observability, and
 * its DSN is read there.
 */
export const PROVIDERS: readonly Provider[] = [
  {
    id: 'stripe',
    live: 'charges real cards and pays out real money',
    label: 'Stripe',
    names: /stripe/i,
    hosts: /(^|\.)stripe\.(com|network)$/,
    modes: true,
    sideEffects: true,
    // Publishable keys are not secret; secret keys reach here only as a redacted prefix (`sk_live_****`).
    valueMode: (v) => {
      const m = /^(pk|sk|rk)_(live|test)_/.exec(v.trim());
      return m ? (m[2] as IntegrationMode) : undefined;
    },
    untested:
      'a Stripe test account never declines a real card: declines, 3-D Secure challenges, disputes, payouts and live rate limits are untested',
  },
  {
    id: 'paypal',
    live: 'moves real money between real accounts',
    label: 'PayPal',
    names: /paypal/i,
    hosts: /(^|\.)paypal\.com$/,
    modes: true,
    sideEffects: true,
    hostMode: byHost([/(^|\.)sandbox\.paypal\.com$/, 'sandbox'], [/paypal\.com$/, 'live']),
    untested:
      "PayPal's sandbox approves with fake buyers: real buyer flows, risk declines and account limits are untested",
  },
  {
    id: 'braintree',
    live: 'charges real cards',
    label: 'Braintree',
    names: /braintree/i,
    hosts: /(^|\.)braintreegateway\.com$/,
    modes: true,
    sideEffects: true,
    hostMode: byHost(
      [/(^|\.)sandbox\.braintreegateway\.com$/, 'sandbox'],
      [/braintreegateway\.com$/, 'live'],
    ),
    untested:
      "Braintree's sandbox accepts test cards only: processor declines, fraud rules and settlement are untested",
  },
  {
    id: 'adyen',
    live: 'charges real cards',
    label: 'Adyen',
    names: /adyen/i,
    hosts: /(^|\.)(adyen\.com|adyenpayments\.com)$/,
    modes: true,
    sideEffects: true,
    hostMode: byHost(
      [/(-test|\.test)\.adyen\.com$/, 'test'],
      [/(adyenpayments\.com|-live\.adyen\.com|\.live\.adyen\.com)$/, 'live'],
    ),
    untested:
      "Adyen's test platform uses test cards and simulated issuers: real issuer declines, 3-D Secure and payment-method availability are untested",
  },
  {
    id: 'plaid',
    live: 'reads real bank accounts',
    label: 'Plaid',
    names: /plaid/i,
    hosts: /(^|\.)plaid\.com$/,
    modes: true,
    sideEffects: true,
    hostMode: byHost(
      [/^sandbox\.plaid\.com$/, 'sandbox'],
      [/^development\.plaid\.com$/, 'test'],
      [/^production\.plaid\.com$/, 'live'],
    ),
    untested:
      "Plaid's sandbox returns canned institutions: real bank outages, MFA and item errors are untested",
  },
  {
    id: 'twilio',
    live: 'texts and calls real phone numbers',
    label: 'Twilio',
    names: /twilio/i,
    hosts: /(^|\.)twilio\.com$/,
    modes: true,
    sideEffects: true,
    // Twilio's magic test numbers (+1 500 555 xxxx) work only with test credentials.
    valueMode: (v) => (/^\+1500555\d{4}$/.test(v.trim()) ? 'test' : undefined),
    untested:
      'Twilio test credentials send nothing: carrier filtering, delivery failures, opt-outs and throughput limits are untested',
  },
  {
    id: 'sendgrid',
    live: 'emails real customers',
    label: 'SendGrid',
    names: /sendgrid/i,
    hosts: /(^|\.)sendgrid\.(com|net)$/,
    modes: true,
    sideEffects: true,
    untested:
      "SendGrid's sandbox mode accepts and drops mail: bounces, spam filtering, suppressions and rate limits are untested",
  },
  {
    id: 'mailgun',
    live: 'emails real customers',
    label: 'Mailgun',
    names: /mailgun/i,
    hosts: /(^|\.)mailgun\.(net|org|com)$/,
    modes: true,
    sideEffects: true,
    valueMode: (v) => (/(^|[/@.])sandbox[0-9a-f]{8,}\.mailgun\.org\b/.test(v.trim()) ? 'sandbox' : undefined),
    untested:
      'a Mailgun sandbox domain delivers to a few authorised recipients only: real deliverability, bounces and sending limits are untested',
  },
  {
    id: 'aws',
    label: 'AWS',
    names: /^AWS_|(^|_)(S3|SQS|SNS|DYNAMO(DB)?|KINESIS|SES|KMS|STS|EVENTBRIDGE)_ENDPOINT(_URL)?$/i,
    hosts: /(^|\.)amazonaws\.com$/,
    modes: true,
    sideEffects: false,
    hostMode: (h) => (/amazonaws\.com$/.test(h) ? 'live' : undefined),
    // Without an endpoint override every AWS SDK calls the real regional endpoints.
    defaultMode: 'live',
    untested:
      'an emulator (LocalStack) answers the API but not IAM policies, throttling, eventual consistency or service limits, which stay untested',
  },
  {
    id: 'auth0',
    tenant: true,
    label: 'Auth0',
    names: /auth0/i,
    hosts: /(^|\.)auth0\.com$/,
    modes: false,
    sideEffects: false,
    untested:
      "another Auth0 tenant has its own rules, connections, MFA and rate limits; production's are untested",
  },
  {
    id: 'shopify',
    tenant: true,
    live: 'changes real orders, products and customers',
    label: 'Shopify',
    names: /shopify/i,
    hosts: /(^|\.)(myshopify\.com|shopify\.com)$/,
    modes: false,
    sideEffects: true,
    untested: "another Shopify store has its own apps, webhooks and API limits; production's are untested",
  },
  {
    id: 'slack',
    label: 'Slack',
    names: /slack/i,
    hosts: /(^|\.)(hooks\.)?slack\.com$/,
    modes: false,
    sideEffects: true,
    untested: "another Slack workspace or channel: production's notifications are untested",
  },
];

const SENTRY = /sentry/i;

/** Sentry is observability's: its settings are not integrations. */
export function isObservabilitySetting(name: string, host: string | undefined): boolean {
  return SENTRY.test(name) || (host !== undefined && /(^|\.)sentry\.io$|(^|\.)ingest\.sentry\./.test(host));
}

export function providerById(id: string): Provider | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

/** The provider a host belongs to, if any. */
export function providerOfHost(host: string): Provider | undefined {
  const bare = host.replace(/:\d+$/, '');
  return PROVIDERS.find((p) => p.hosts.test(bare));
}
