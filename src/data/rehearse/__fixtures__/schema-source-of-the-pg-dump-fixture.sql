CREATE ROLE app_owner NOLOGIN;
CREATE ROLE app_reader NOLOGIN;
CREATE SCHEMA shop AUTHORIZATION app_owner;
CREATE TYPE shop.order_status AS ENUM ('pending', 'completed', 'cancelled');
CREATE DOMAIN shop.email AS text CHECK (VALUE LIKE '%@%');
CREATE FUNCTION shop.normalise(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $body$
BEGIN
  -- a body line that starts with a backslash, as psql would never see it:
  RETURN lower(replace(t, E'
\\', ''));
END
$body$;
COMMENT ON FUNCTION shop.normalise(text) IS 'lower-cases (é, ü kept)';
CREATE TABLE shop.customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email shop.email NOT NULL UNIQUE,
  country text NOT NULL DEFAULT 'DE'
);
CREATE TABLE shop.orders (
  id bigserial,
  customer_id bigint NOT NULL REFERENCES shop.customers(id),
  status shop.order_status NOT NULL,
  total_cents integer NOT NULL CHECK (total_cents >= 0),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE shop.orders_2025 PARTITION OF shop.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE shop.orders_2026 PARTITION OF shop.orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX orders_customer_idx ON shop.orders (customer_id);
CREATE INDEX orders_status_idx ON shop.orders (status) WHERE status <> 'completed';
CREATE VIEW shop.open_orders AS SELECT id, customer_id FROM shop.orders WHERE status = 'pending';
ALTER TABLE shop.customers OWNER TO app_owner;
ALTER TABLE shop.orders OWNER TO app_owner;
ALTER TABLE shop.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON shop.customers TO app_reader USING (country = 'DE');
GRANT USAGE ON SCHEMA shop TO app_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA shop TO app_reader;
COMMENT ON TABLE shop.orders IS 'orders, partitioned by year';
