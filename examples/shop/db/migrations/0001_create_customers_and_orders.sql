-- Customers and their orders.
CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  country text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  status text NOT NULL,
  total_cents integer NOT NULL,
  currency text NOT NULL DEFAULT 'EUR',
  created_at timestamptz NOT NULL DEFAULT now(),
  shipped_at timestamptz,
  note text
);

CREATE TABLE schema_migrations (version text PRIMARY KEY);
