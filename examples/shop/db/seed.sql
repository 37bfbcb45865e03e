-- Synthetic shop data, generated inside the server (generate_series), so millions of rows load
-- in seconds. Deterministic: the same arguments give the same rows.
CREATE OR REPLACE FUNCTION parity_demo_seed(
  n_customers bigint,
  n_orders bigint,
  status_weights float8[],      -- completed, pending, shipped, cancelled, refunded
  shipped_null_share float8,    -- share of orders never shipped (NULL shipped_at)
  non_ascii_share float8        -- share of customer names with non-ASCII letters
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  c1 float8 := status_weights[1];
  c2 float8 := c1 + status_weights[2];
  c3 float8 := c2 + status_weights[3];
  c4 float8 := c3 + status_weights[4];
BEGIN
  PERFORM setseed(0.42);
  INSERT INTO customers (id, email, name, country, created_at)
  SELECT g,
         'customer' || g || '@example.com',
         CASE WHEN random() < non_ascii_share THEN 'Zoë Ångström ' || g ELSE 'Customer ' || g END,
         (ARRAY['DE','FR','NL','ES','IT','US'])[1 + (g % 6)::int],
         timestamptz '2023-01-01' + (g % 700) * interval '1 day'
  FROM generate_series(1, n_customers) g;

  INSERT INTO orders (id, customer_id, status, total_cents, currency, created_at, shipped_at, note)
  SELECT g, c, s, t, 'EUR', ts,
         CASE WHEN random() < shipped_null_share THEN NULL ELSE ts + interval '2 days' END,
         NULL
  FROM (
    SELECT g,
           1 + ((g * 7919) % n_customers) AS c,
           CASE WHEN r < c1 THEN 'completed' WHEN r < c2 THEN 'pending' WHEN r < c3 THEN 'shipped'
                WHEN r < c4 THEN 'cancelled' ELSE 'refunded' END AS s,
           500 + (g * 37) % 50000 AS t,
           timestamptz '2024-01-01' + (g * interval '1 second') * (63072000.0 / n_orders) AS ts
    FROM (SELECT g, random() AS r FROM generate_series(1, n_orders) g) x
  ) y;
END;
$$;
