-- The candidate schema of the rehearsal tests: orders with a skewed status and a coupon code
-- whose most common value looks like a secret (it must never leave production).
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, country text);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status text NOT NULL,
  coupon text,
  total_cents integer NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
