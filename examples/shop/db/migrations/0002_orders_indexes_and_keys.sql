-- Lookups by status (the back office lists orders by state) and the customer foreign key.
CREATE UNIQUE INDEX customers_email_key ON customers (email);
CREATE INDEX orders_status_idx ON orders (status);
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
