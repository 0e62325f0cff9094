#!/usr/bin/env bash
# Fixture: SQL that code run by an interpreter gives a database driver. Never run this file.

# ----- SQL literals given to a driver are analysed as SQL ---------------------------------------
# ruleid: sql-drop-table
python3 -c 'import psycopg2; c = psycopg2.connect("dbname=app"); c.cursor().execute("DROP TABLE users")'
# ruleid: sql-truncate
node -e 'const { Pool } = require("pg"); const pool = new Pool(); await pool.query("TRUNCATE orders")'
# ruleid: sql-drop-database
php -r '$pdo = new PDO($dsn); $pdo->exec("DROP DATABASE shop");'
# ruleid: sql-drop-table
perl -MDBI -e 'my $dbh = DBI->connect($dsn); $dbh->do("DROP TABLE sessions");'
# ruleid: sql-delete-without-where
ruby -e 'require "pg"; PG.connect(dbname: "app").exec("DELETE FROM invoices")'
# ruleid: sql-drop-table
node -e 'const db = require("better-sqlite3")("app.db"); db.exec(`DROP TABLE audit_log`)'
# ruleid: sql-delete-without-where
bun -e 'await prisma.$executeRaw`DELETE FROM users`'
# ruleid: sql-truncate
deno eval 'import postgres from "npm:postgres"; const sql = postgres(); await sql`TRUNCATE events`'
# ruleid: sql-drop-table
python3 -c 'from sqlalchemy import text; engine.connect().execute(text("DROP TABLE carts"))'
python3 - <<'EOF'
import sqlite3
conn = sqlite3.connect("app.db")
# ruleid: sql-drop-table
stmt = "DROP TABLE payments"
conn.execute(stmt)
conn.executescript("""
    -- ruleid: sql-truncate
    TRUNCATE ledger;
""")
EOF

# ----- SQL a database call is given that is built at run time -----------------------------------
# ruleid: dynamic-shell-input
python3 -c 'import sqlite3, sys; sqlite3.connect("app.db").execute(sys.argv[1])' "$STMT"
# ruleid: dynamic-shell-input
python3 -c 'cur = conn.cursor(); cur.execute(f"DROP TABLE {table}")'
# ruleid: dynamic-shell-input
node -e 'await pool.query("DELETE FROM " + process.argv[2])'

# ----- not SQL sent to a database ---------------------------------------------------------------
# ok: sql-drop-table
python3 -c 'print("DROP TABLE users")'
# ok: sql-drop-table, dynamic-shell-input
python3 -c 'import sqlite3; c = sqlite3.connect("app.db"); print(c.execute("SELECT count(*) FROM users").fetchone())'
# ok: sql-delete-without-where, dynamic-shell-input
node -e 'await pool.query("DELETE FROM sessions WHERE expires_at < now()")'
# ok: dynamic-shell-input
python3 -c 'import redis; r = redis.Redis(); print(r.get(key))'
# ok: dynamic-shell-input
python3 -c 'from app import db, User; db.session.execute(select(User).where(User.id == 1))'
# ok: dynamic-shell-input
node -e 'const m = /a(b)/.exec(line); console.log(m)'
