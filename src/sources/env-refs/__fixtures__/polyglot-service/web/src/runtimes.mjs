export const token = Deno.env.get('DENO_DEPLOY_TOKEN') ?? '';
export const bunPort = Bun.env.BUN_PORT;
export const name = Deno.env.get(`APP_NAME`);
