-- name: orders-by-status
-- params: ["completed"]
SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = $1;

-- name: customer-orders
SELECT id, total_cents FROM orders WHERE customer_id = 42 ORDER BY created_at DESC LIMIT 10;

-- name: cancelled-count
SELECT count(*) FROM orders WHERE status = 'cancelled';
