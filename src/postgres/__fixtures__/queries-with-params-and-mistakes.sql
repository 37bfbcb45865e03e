SELECT 'orphan statement before any name';

-- name: completed-orders-since
-- params: ["completed", "2025-06-01"]
SELECT o.id FROM orders o
WHERE o.status = $1 AND o.created_at > $2;

-- name: generic-lookup
SELECT * FROM orders WHERE id = $1;

-- name: bad-params
-- params: {"not": "an array"}
SELECT 1;

-- name: empty-one

-- name: generic-lookup
SELECT 2;
