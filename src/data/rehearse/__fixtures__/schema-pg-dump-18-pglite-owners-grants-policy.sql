--
-- PostgreSQL database dump
--


-- Dumped from database version 18.3
-- Dumped by pg_dump version 18.3

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: shop; Type: SCHEMA; Schema: -; Owner: app_owner
--

CREATE SCHEMA shop;


ALTER SCHEMA shop OWNER TO app_owner;

--
-- Name: email; Type: DOMAIN; Schema: shop; Owner: postgres
--

CREATE DOMAIN shop.email AS text
	CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text));


ALTER DOMAIN shop.email OWNER TO postgres;

--
-- Name: order_status; Type: TYPE; Schema: shop; Owner: postgres
--

CREATE TYPE shop.order_status AS ENUM (
    'pending',
    'completed',
    'cancelled'
);


ALTER TYPE shop.order_status OWNER TO postgres;

--
-- Name: normalise(text); Type: FUNCTION; Schema: shop; Owner: postgres
--

CREATE FUNCTION shop.normalise(t text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
  -- a body line that starts with a backslash, as psql would never see it:
  RETURN lower(replace(t, E'
\\', ''));
END
$$;


ALTER FUNCTION shop.normalise(t text) OWNER TO postgres;

--
-- Name: FUNCTION normalise(t text); Type: COMMENT; Schema: shop; Owner: postgres
--

COMMENT ON FUNCTION shop.normalise(t text) IS 'lower-cases (é, ü kept)';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: customers; Type: TABLE; Schema: shop; Owner: app_owner
--

CREATE TABLE shop.customers (
    id bigint NOT NULL,
    email shop.email NOT NULL,
    country text DEFAULT 'DE'::text NOT NULL
);


ALTER TABLE shop.customers OWNER TO app_owner;

--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: shop; Owner: app_owner
--

ALTER TABLE shop.customers ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME shop.customers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: orders; Type: TABLE; Schema: shop; Owner: app_owner
--

CREATE TABLE shop.orders (
    id bigint NOT NULL,
    customer_id bigint NOT NULL,
    status shop.order_status NOT NULL,
    total_cents integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT orders_total_cents_check CHECK ((total_cents >= 0))
)
PARTITION BY RANGE (created_at);


ALTER TABLE shop.orders OWNER TO app_owner;

--
-- Name: TABLE orders; Type: COMMENT; Schema: shop; Owner: app_owner
--

COMMENT ON TABLE shop.orders IS 'orders, partitioned by year';


--
-- Name: open_orders; Type: VIEW; Schema: shop; Owner: postgres
--

CREATE VIEW shop.open_orders AS
 SELECT id,
    customer_id
   FROM shop.orders
  WHERE (status = 'pending'::shop.order_status);


ALTER VIEW shop.open_orders OWNER TO postgres;

--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: shop; Owner: app_owner
--

CREATE SEQUENCE shop.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER SEQUENCE shop.orders_id_seq OWNER TO app_owner;

--
-- Name: orders_id_seq; Type: SEQUENCE OWNED BY; Schema: shop; Owner: app_owner
--

ALTER SEQUENCE shop.orders_id_seq OWNED BY shop.orders.id;


--
-- Name: orders_2025; Type: TABLE; Schema: shop; Owner: postgres
--

CREATE TABLE shop.orders_2025 (
    id bigint DEFAULT nextval('shop.orders_id_seq'::regclass) CONSTRAINT orders_id_not_null NOT NULL,
    customer_id bigint CONSTRAINT orders_customer_id_not_null NOT NULL,
    status shop.order_status CONSTRAINT orders_status_not_null NOT NULL,
    total_cents integer CONSTRAINT orders_total_cents_not_null NOT NULL,
    created_at timestamp with time zone CONSTRAINT orders_created_at_not_null NOT NULL,
    CONSTRAINT orders_total_cents_check CHECK ((total_cents >= 0))
);


ALTER TABLE shop.orders_2025 OWNER TO postgres;

--
-- Name: orders_2026; Type: TABLE; Schema: shop; Owner: postgres
--

CREATE TABLE shop.orders_2026 (
    id bigint DEFAULT nextval('shop.orders_id_seq'::regclass) CONSTRAINT orders_id_not_null NOT NULL,
    customer_id bigint CONSTRAINT orders_customer_id_not_null NOT NULL,
    status shop.order_status CONSTRAINT orders_status_not_null NOT NULL,
    total_cents integer CONSTRAINT orders_total_cents_not_null NOT NULL,
    created_at timestamp with time zone CONSTRAINT orders_created_at_not_null NOT NULL,
    CONSTRAINT orders_total_cents_check CHECK ((total_cents >= 0))
);


ALTER TABLE shop.orders_2026 OWNER TO postgres;

--
-- Name: orders_2025; Type: TABLE ATTACH; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.orders ATTACH PARTITION shop.orders_2025 FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');


--
-- Name: orders_2026; Type: TABLE ATTACH; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.orders ATTACH PARTITION shop.orders_2026 FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');


--
-- Name: orders id; Type: DEFAULT; Schema: shop; Owner: app_owner
--

ALTER TABLE ONLY shop.orders ALTER COLUMN id SET DEFAULT nextval('shop.orders_id_seq'::regclass);


--
-- Name: customers customers_email_key; Type: CONSTRAINT; Schema: shop; Owner: app_owner
--

ALTER TABLE ONLY shop.customers
    ADD CONSTRAINT customers_email_key UNIQUE (email);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: shop; Owner: app_owner
--

ALTER TABLE ONLY shop.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: shop; Owner: app_owner
--

ALTER TABLE ONLY shop.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id, created_at);


--
-- Name: orders_2025 orders_2025_pkey; Type: CONSTRAINT; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.orders_2025
    ADD CONSTRAINT orders_2025_pkey PRIMARY KEY (id, created_at);


--
-- Name: orders_2026 orders_2026_pkey; Type: CONSTRAINT; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.orders_2026
    ADD CONSTRAINT orders_2026_pkey PRIMARY KEY (id, created_at);


--
-- Name: orders_customer_idx; Type: INDEX; Schema: shop; Owner: app_owner
--

CREATE INDEX orders_customer_idx ON ONLY shop.orders USING btree (customer_id);


--
-- Name: orders_2025_customer_id_idx; Type: INDEX; Schema: shop; Owner: postgres
--

CREATE INDEX orders_2025_customer_id_idx ON shop.orders_2025 USING btree (customer_id);


--
-- Name: orders_status_idx; Type: INDEX; Schema: shop; Owner: app_owner
--

CREATE INDEX orders_status_idx ON ONLY shop.orders USING btree (status) WHERE (status <> 'completed'::shop.order_status);


--
-- Name: orders_2025_status_idx; Type: INDEX; Schema: shop; Owner: postgres
--

CREATE INDEX orders_2025_status_idx ON shop.orders_2025 USING btree (status) WHERE (status <> 'completed'::shop.order_status);


--
-- Name: orders_2026_customer_id_idx; Type: INDEX; Schema: shop; Owner: postgres
--

CREATE INDEX orders_2026_customer_id_idx ON shop.orders_2026 USING btree (customer_id);


--
-- Name: orders_2026_status_idx; Type: INDEX; Schema: shop; Owner: postgres
--

CREATE INDEX orders_2026_status_idx ON shop.orders_2026 USING btree (status) WHERE (status <> 'completed'::shop.order_status);


--
-- Name: orders_2025_customer_id_idx; Type: INDEX ATTACH; Schema: shop; Owner: app_owner
--

ALTER INDEX shop.orders_customer_idx ATTACH PARTITION shop.orders_2025_customer_id_idx;


--
-- Name: orders_2025_pkey; Type: INDEX ATTACH; Schema: shop; Owner: app_owner
--

ALTER INDEX shop.orders_pkey ATTACH PARTITION shop.orders_2025_pkey;


--
-- Name: orders_2025_status_idx; Type: INDEX ATTACH; Schema: shop; Owner: app_owner
--

ALTER INDEX shop.orders_status_idx ATTACH PARTITION shop.orders_2025_status_idx;


--
-- Name: orders_2026_customer_id_idx; Type: INDEX ATTACH; Schema: shop; Owner: app_owner
--

ALTER INDEX shop.orders_customer_idx ATTACH PARTITION shop.orders_2026_customer_id_idx;


--
-- Name: orders_2026_pkey; Type: INDEX ATTACH; Schema: shop; Owner: app_owner
--

ALTER INDEX shop.orders_pkey ATTACH PARTITION shop.orders_2026_pkey;


--
-- Name: orders_2026_status_idx; Type: INDEX ATTACH; Schema: shop; Owner: app_owner
--

ALTER INDEX shop.orders_status_idx ATTACH PARTITION shop.orders_2026_status_idx;


--
-- Name: orders orders_customer_id_fkey; Type: FK CONSTRAINT; Schema: shop; Owner: app_owner
--

ALTER TABLE shop.orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES shop.customers(id);


--
-- Name: customers; Type: ROW SECURITY; Schema: shop; Owner: app_owner
--

ALTER TABLE shop.customers ENABLE ROW LEVEL SECURITY;

--
-- Name: customers own_rows; Type: POLICY; Schema: shop; Owner: app_owner
--

CREATE POLICY own_rows ON shop.customers TO app_reader USING ((country = 'DE'::text));


--
-- Name: SCHEMA shop; Type: ACL; Schema: -; Owner: app_owner
--

GRANT USAGE ON SCHEMA shop TO app_reader;


--
-- Name: TABLE customers; Type: ACL; Schema: shop; Owner: app_owner
--

GRANT SELECT ON TABLE shop.customers TO app_reader;


--
-- Name: TABLE orders; Type: ACL; Schema: shop; Owner: app_owner
--

GRANT SELECT ON TABLE shop.orders TO app_reader;


--
-- Name: TABLE open_orders; Type: ACL; Schema: shop; Owner: postgres
--

GRANT SELECT ON TABLE shop.open_orders TO app_reader;


--
-- Name: TABLE orders_2025; Type: ACL; Schema: shop; Owner: postgres
--

GRANT SELECT ON TABLE shop.orders_2025 TO app_reader;


--
-- Name: TABLE orders_2026; Type: ACL; Schema: shop; Owner: postgres
--

GRANT SELECT ON TABLE shop.orders_2026 TO app_reader;


--
-- PostgreSQL database dump complete
--


