import type { Audit } from '../../model/audit.js';
import type { Divergence } from '../../model/divergence.js';
import { driftedAudit, stagingComparison } from './audit-drifted.js';

const LONG_KEY =
  'config/env/PAYMENTS_PROVIDER_WEBHOOK_SIGNING_SECRET_ROTATION_GRACE_PERIOD_SECONDS_FOR_LEGACY_CLIENTS';

/** Values and names in CJK and emoji, and keys longer than a line: what 80 columns must still hold. */
const wideDivergences: Divergence[] = [
  {
    rule: 'config.env-value-differs',
    dimension: 'config',
    key: 'config/env/GREETING',
    kind: 'differs',
    severity: 'high',
    title: 'A value differs',
    message: 'GREETING: production ご注文ありがとうございます。発送準備が整い次第お知らせします, staging 感谢您的订单我们会尽快发货 🚚📦✨',
    risk: '顧客に表示される文言が本番と異なります: 翻訳の誤りは本番で初めて見つかります。',
    baseline: { value: 'ご注文ありがとうございます', origin: { source: 'dotenv:.env.production', file: 'config/本番環境/.env.production', line: 3 } },
    candidate: { value: '感谢您的订单', origin: { source: 'dotenv:.env.staging', file: 'config/ステージング/.env.staging', line: 3 } },
  },
  {
    rule: 'config.env-missing',
    dimension: 'config',
    key: LONG_KEY,
    kind: 'only-baseline',
    severity: 'medium',
    title: 'A variable is missing',
    message: `${LONG_KEY.slice(11)} is set in production (👍🏽 enabled) and missing in staging`,
    risk: 'The code path production runs is not the one staging tests.',
    baseline: { value: '👍🏽', origin: { source: 'dotenv:.env.production', file: `deploy/production/${LONG_KEY.slice(11).toLowerCase()}.env`, line: 1 } },
  },
];

export const wideAudit: Audit = {
  ...driftedAudit,
  unread: [
    {
      environment: '本番環境-production',
      source: 'kubernetes:deploy/本番環境/マニフェスト/payments-service-with-a-very-long-directory-name/',
      kind: 'kubernetes',
      read: 'partial',
      optional: false,
      file: 'parity.yaml',
      line: 12,
      reason: 'deploy/本番環境/決済.yaml:4: expected a Kubernetes object (a mapping with kind and apiVersion) 🚫',
    },
  ],
  comparisons: [{ ...stagingComparison, divergences: [...wideDivergences, ...stagingComparison.divergences] }],
};
