-- Hotfix applied in production after the "my orders" page timed out: a customer's recent orders.
CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at DESC);
