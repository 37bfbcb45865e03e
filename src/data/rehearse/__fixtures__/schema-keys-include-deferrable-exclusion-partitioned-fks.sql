-- Every kind of key and foreign key the rebuild after the load must bring back as defined:
-- primary keys (one composite with INCLUDE and a fillfactor), a unique constraint, a deferrable
-- unique constraint, an exclusion constraint, a standalone unique index, a partitioned table with a
-- key, a self-referencing foreign key, foreign keys to a text key, to a nullable unique column and
-- from a column of another type (validated by the server), checks, and a foreign key declared
-- NOT VALID (it must stay so). A partitioned table stays logged, so it references no other table.
CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email text NOT NULL UNIQUE,
  handle text UNIQUE,
  referred_by bigint REFERENCES customers (id),
  country char(2) CHECK (country IS DISTINCT FROM 'XX')
);
CREATE TABLE products (sku text PRIMARY KEY, name text NOT NULL, owner_id integer REFERENCES customers (id));
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  handle text REFERENCES customers (handle),
  code text UNIQUE DEFERRABLE INITIALLY DEFERRED,
  slot integer,
  total integer NOT NULL CHECK (total >= 0),
  EXCLUDE USING btree (slot WITH =)
);
CREATE UNIQUE INDEX orders_code_total_idx ON orders (code, total);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE TABLE order_lines (
  order_id bigint NOT NULL REFERENCES orders (id),
  n integer NOT NULL,
  sku text NOT NULL REFERENCES products (sku),
  legacy_sku text,
  PRIMARY KEY (order_id, n) INCLUDE (sku) WITH (fillfactor = 90)
);
ALTER TABLE order_lines ADD CONSTRAINT order_lines_legacy_fkey FOREIGN KEY (legacy_sku) REFERENCES products (sku) NOT VALID;
CREATE TABLE events (
  id bigint NOT NULL,
  at date NOT NULL,
  customer_id bigint,
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE events_2025_01 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
CREATE TABLE events_2025_02 PARTITION OF events FOR VALUES FROM ('2025-02-01') TO ('2025-03-01');
CREATE INDEX events_customer_idx ON events (customer_id);
