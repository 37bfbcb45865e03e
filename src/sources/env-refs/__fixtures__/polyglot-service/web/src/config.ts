// Runtime configuration of the storefront.
// process.env.COMMENTED_OUT is mentioned in a comment only.
const { DATABASE_URL, REDIS_URL: redisUrl, CACHE_TTL_SECONDS = '60' } = process.env;

export const config = {
  databaseUrl: DATABASE_URL,
  redisUrl,
  cacheTtl: Number(CACHE_TTL_SECONDS),
  port: Number(process.env.PORT ?? 3000),
  logLevel: process.env['LOG_LEVEL'] || 'info',
  stripeKey: process.env["STRIPE_SECRET_KEY"]!,
  debug: process.env.DEBUG === 'true',
  url: 'https://shop.example.com' + process.env.PUBLIC_PATH,
};

/* A block comment: process.env.IN_BLOCK_COMMENT */
/**
 * JSDoc: reads process.env.IN_JSDOC
 */
export function featureFlag(name: string): boolean {
  return process.env[`FEATURE_${name}`] === 'on';
}

process.env.TZ = 'UTC';
delete process.env.NODE_DEBUG;
export const region = process.env.AWS_REGION;
