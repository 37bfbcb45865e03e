-- The shop's hot queries, in the sqlc / PgTyped style Parity reads.

-- name: completed-orders-since
-- params: ["completed", "2025-06-01"]
SELECT o.id, o.total_cents, c.email
FROM orders o JOIN customers c ON c.id = o.customer_id
WHERE o.status = $1 AND o.created_at > $2;

-- name: customer-recent-orders
-- params: [4242]
SELECT id, status, total_cents, created_at
FROM orders
WHERE customer_id = $1
ORDER BY created_at DESC
LIMIT 20;

-- name: pending-orders
-- params: ["pending"]
SELECT id, customer_id, created_at FROM orders WHERE status = $1 ORDER BY created_at LIMIT 100;

-- name: revenue-by-country
SELECT c.country, sum(o.total_cents) AS revenue
FROM orders o JOIN customers c ON c.id = o.customer_id
GROUP BY c.country;
