import { Pool } from 'pg';

export const pool = new Pool({
  host: process.env.DB_HOST,
  password: process.env.DB_PASSWORD,
  max: Number(process.env.DB_POOL_SIZE || 10),
});

export const oneClick = process.env.FEATURE_ONE_CLICK_CHECKOUT === 'true';
