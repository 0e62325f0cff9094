-- Fixture: a .sql file read as SQL.
CREATE TABLE IF NOT EXISTS users_new (id bigint PRIMARY KEY, email text);
INSERT INTO users_new SELECT id, email FROM users;
-- ruleid: sql-drop-table
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
-- ruleid: sql-update-without-where
UPDATE users SET email = lower(email);
-- ok: sql-delete-without-where
DELETE FROM users WHERE email IS NULL;
-- ok: sql-drop-table
DROP INDEX IF EXISTS users_email_idx;
-- dropping a constraint, key or index loses no data
-- ok: sql-alter-table-drop
ALTER TABLE users DROP CONSTRAINT users_email_key;
-- ok: sql-alter-table-drop
ALTER TABLE users DROP INDEX idx_users_email;
-- ok: sql-alter-table-drop
ALTER TABLE orders DROP FOREIGN KEY fk_orders_user;
-- ok: sql-drop-table
DROP INDEX CONCURRENTLY idx_users_email;
-- a column holds data
-- ruleid: sql-alter-table-drop
ALTER TABLE users DROP COLUMN legacy_flags;
