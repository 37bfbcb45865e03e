-- name: orders-by-status
-- params: ["paid"]
SELECT id FROM orders WHERE status = $1;

-- name: typo-in-column
SELECT idd FROM orders;

-- name: smuggled-second-statement
SELECT 1; DROP TABLE orders;

-- name: slow-generic
SELECT count(*) FROM orders a, orders b, orders c, orders d WHERE a.id = $1;
