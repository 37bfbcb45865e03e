-- A candidate schema touching what generation must handle: foreign keys (one self-referencing),
-- a unique email, an enum, a domain, identity and generated columns, CHECKs, a range-partitioned
-- table, a list-partitioned table without a default, arrays, json, uuid, numeric(p,s), and a type
-- Parity cannot generate (nullable, so it stays NULL).
CREATE TYPE order_status AS ENUM ('completed', 'pending', 'shipped', 'cancelled', 'refunded');
CREATE DOMAIN cents AS integer CHECK (VALUE >= 0);

CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  country char(2),
  referred_by bigint REFERENCES customers (id),
  tags text[],
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status order_status NOT NULL,
  total cents NOT NULL,
  vat numeric(6, 2) NOT NULL CHECK (vat >= 0),
  total_with_vat numeric GENERATED ALWAYS AS (total + vat) STORED,
  public_id uuid NOT NULL,
  meta jsonb,
  shipped_on date,
  bits bit varying(8),
  created_at timestamptz NOT NULL
);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC);

CREATE TABLE events (
  id bigint NOT NULL,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE events_2025_01 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
CREATE TABLE events_2025_02 PARTITION OF events FOR VALUES FROM ('2025-02-01') TO ('2025-03-01');
CREATE INDEX events_kind_idx ON events (kind);

CREATE TABLE regional (
  id bigint NOT NULL,
  region text NOT NULL
) PARTITION BY LIST (region);
CREATE TABLE regional_eu PARTITION OF regional FOR VALUES IN ('eu', 'uk');
CREATE TABLE regional_us PARTITION OF regional FOR VALUES IN ('us');
