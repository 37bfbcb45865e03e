-- The schema as the application expects it (all migrations applied); `parity data rehearse`
-- applies this to its scratch database.
CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  country text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status text NOT NULL,
  total_cents integer NOT NULL,
  currency text NOT NULL DEFAULT 'EUR',
  created_at timestamptz NOT NULL DEFAULT now(),
  shipped_at timestamptz,
  note text
);

CREATE UNIQUE INDEX customers_email_key ON customers (email);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at DESC);
