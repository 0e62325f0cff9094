//! SQL front end: sqlparser's tokenizer splits the text into statements (quotes, comments and
//! dollar-quoting respected), sqlparser parses each one, and each is classified (DROP, TRUNCATE,
//! DELETE/UPDATE without WHERE …) with its byte span.

use sqlparser::ast::{AlterTableOperation, Expr, ObjectType, Statement as Ast, Value};
use sqlparser::dialect::{ClickHouseDialect, Dialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::source::Span;

/// What a statement does, as far as the rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    DropDatabase,
    DropSchema,
    DropTable,
    /// DROP of an object that holds no data (view, index, function, sequence …).
    DropOther,
    Truncate,
    DeleteWithoutWhere,
    UpdateWithoutWhere,
    Delete,
    Update,
    AlterTableDrop,
    /// SELECT, SHOW, EXPLAIN …: reads.
    Read,
    Begin,
    Commit,
    Rollback,
    Other,
}

impl Kind {
    pub const NAMES: [(&'static str, Kind); 15] = [
        ("drop-database", Kind::DropDatabase),
        ("drop-schema", Kind::DropSchema),
        ("drop-table", Kind::DropTable),
        ("drop-other", Kind::DropOther),
        ("truncate", Kind::Truncate),
        ("delete-without-where", Kind::DeleteWithoutWhere),
        ("update-without-where", Kind::UpdateWithoutWhere),
        ("delete", Kind::Delete),
        ("update", Kind::Update),
        ("alter-table-drop", Kind::AlterTableDrop),
        ("read", Kind::Read),
        ("begin", Kind::Begin),
        ("commit", Kind::Commit),
        ("rollback", Kind::Rollback),
        ("other", Kind::Other),
    ];

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::NAMES.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub fn as_str(self) -> &'static str {
        Kind::NAMES
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .unwrap_or("other")
    }
}

/// One classified statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub kind: Kind,
    /// Span in the analysed text, from the first keyword to the end of the statement.
    pub span: Span,
    /// The object the statement acts on (`shop`, `public.users`), when it names one.
    pub object: Option<String>,
    pub if_exists: bool,
    pub cascade: bool,
    /// Inside `BEGIN … ROLLBACK`: it will be undone.
    pub rolled_back: bool,
    /// Classified from tokens because the parser did not accept the statement.
    pub fallback: bool,
}

/// The SQL dialect to read a snippet with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SqlDialect {
    #[default]
    Generic,
    Postgres,
    MySql,
    Sqlite,
    ClickHouse,
}

impl From<crate::rules::schema::Dialect> for SqlDialect {
    fn from(d: crate::rules::schema::Dialect) -> Self {
        use crate::rules::schema::Dialect;
        match d {
            Dialect::Generic => SqlDialect::Generic,
            Dialect::Postgres => SqlDialect::Postgres,
            Dialect::Mysql => SqlDialect::MySql,
            Dialect::Sqlite => SqlDialect::Sqlite,
            Dialect::Clickhouse => SqlDialect::ClickHouse,
        }
    }
}

impl SqlDialect {
    fn dialect(self) -> Box<dyn Dialect> {
        match self {
            SqlDialect::Generic => Box::new(GenericDialect {}),
            SqlDialect::Postgres => Box::new(PostgreSqlDialect {}),
            SqlDialect::MySql => Box::new(MySqlDialect {}),
            SqlDialect::Sqlite => Box::new(SQLiteDialect {}),
            SqlDialect::ClickHouse => Box::new(ClickHouseDialect {}),
        }
    }
}

/// The result of analysing a SQL text.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub statements: Vec<Statement>,
    /// Regions that could not be tokenized or parsed.
    pub errors: Vec<(Span, String)>,
}

/// Splits, parses and classifies the statements of `text`.
pub fn analyze(text: &str, dialect: SqlDialect) -> Analysis {
    let mut out = Analysis::default();
    // psql meta-commands (`\set`, `\c db`) are not SQL: blank them, keeping offsets
    let cleaned = blank_meta_commands(text);
    let d = dialect.dialect();
    let tokens = match Tokenizer::new(d.as_ref(), &cleaned).tokenize_with_location() {
        Ok(t) => t,
        Err(e) => {
            out.errors.push((
                Span::new(0, text.len()),
                format!("SQL could not be read: {}", e.message),
            ));
            return out;
        }
    };
    let lines = LineStarts::new(&cleaned);
    // statements: runs of tokens between semicolons
    let mut chunk: Vec<&Token> = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut in_tx_from: Option<usize> = None;
    let flush = |chunk: &mut Vec<&Token>,
                 start: &mut Option<usize>,
                 end: usize,
                 out: &mut Analysis,
                 in_tx: &mut Option<usize>| {
        let Some(s) = start.take() else {
            chunk.clear();
            return;
        };
        let span = Span::new(s, end.max(s));
        let sql = &cleaned[s..end.max(s)];
        let stmt = classify(d.as_ref(), sql, chunk, span);
        chunk.clear();
        match stmt.kind {
            Kind::Begin => *in_tx = Some(out.statements.len()),
            Kind::Rollback => {
                if let Some(from) = in_tx.take() {
                    for st in &mut out.statements[from..] {
                        st.rolled_back = true;
                    }
                }
            }
            Kind::Commit => *in_tx = None,
            _ => {}
        }
        out.statements.push(stmt);
    };
    for tw in &tokens {
        let off = lines.offset(&cleaned, tw.span.start.line, tw.span.start.column);
        let tend = lines.offset(&cleaned, tw.span.end.line, tw.span.end.column);
        match &tw.token {
            Token::SemiColon => flush(&mut chunk, &mut start, end, &mut out, &mut in_tx_from),
            Token::Whitespace(_) | Token::EOF => {}
            t => {
                start.get_or_insert(off);
                end = tend.max(off);
                chunk.push(t);
            }
        }
    }
    flush(&mut chunk, &mut start, end, &mut out, &mut in_tx_from);
    out
}

fn blank_meta_commands(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('\\') {
            out.extend(line.chars().map(|c| {
                if c == '\n' {
                    '\n'
                } else if c.is_ascii() {
                    ' '
                } else {
                    c
                }
            }));
        } else {
            out.push_str(line);
        }
    }
    out
}

fn classify(d: &dyn Dialect, sql: &str, tokens: &[&Token], span: Span) -> Statement {
    let mut st = Statement {
        kind: Kind::Other,
        span,
        object: None,
        if_exists: false,
        cascade: false,
        rolled_back: false,
        fallback: false,
    };
    match Parser::new(d).try_with_sql(sql).and_then(|mut p| p.parse_statements()) {
        Ok(stmts) if stmts.len() == 1 => {
            classify_ast(&stmts[0], &mut st);
        }
        _ => {
            classify_tokens(tokens, &mut st);
            st.fallback = true;
        }
    }
    st
}

fn always_true(e: &Expr) -> bool {
    let s = e.to_string().to_ascii_lowercase().replace(' ', "");
    matches!(s.as_str(), "true" | "1" | "1=1" | "'1'='1'" | "(1=1)" | "(true)")
        || matches!(e, Expr::Value(v) if matches!(v.value, Value::Boolean(true)))
}

fn classify_ast(ast: &Ast, st: &mut Statement) {
    match ast {
        Ast::Drop {
            object_type,
            if_exists,
            names,
            cascade,
            ..
        } => {
            st.kind = match object_type {
                ObjectType::Database => Kind::DropDatabase,
                ObjectType::Schema => Kind::DropSchema,
                ObjectType::Table | ObjectType::ForeignTable => Kind::DropTable,
                _ => Kind::DropOther,
            };
            st.if_exists = *if_exists;
            st.cascade = *cascade;
            st.object = names.first().map(|n| n.to_string());
        }
        Ast::Truncate(t) => {
            st.kind = Kind::Truncate;
            st.object = t.table_names.first().map(|n| n.name.to_string());
            st.cascade = t.cascade.is_some();
        }
        Ast::Delete(d) => {
            st.kind = match &d.selection {
                Some(w) if !always_true(w) => Kind::Delete,
                _ => Kind::DeleteWithoutWhere,
            };
            st.object = match &d.from {
                sqlparser::ast::FromTable::WithFromKeyword(t) | sqlparser::ast::FromTable::WithoutKeyword(t) => {
                    t.first().map(|t| t.relation.to_string())
                }
            };
        }
        Ast::Update(u) => {
            st.kind = match &u.selection {
                Some(w) if !always_true(w) => Kind::Update,
                _ => Kind::UpdateWithoutWhere,
            };
            st.object = Some(u.table.relation.to_string());
        }
        Ast::AlterTable(a) => {
            // a column or partition holds data; a constraint, key or index does not
            let drops = a.operations.iter().any(|op| {
                matches!(
                    op,
                    AlterTableOperation::DropColumn { .. } | AlterTableOperation::DropPartitions { .. }
                )
            });
            st.kind = if drops { Kind::AlterTableDrop } else { Kind::Other };
            st.object = Some(a.name.to_string());
        }
        Ast::Query(_)
        | Ast::ShowTables { .. }
        | Ast::ShowColumns { .. }
        | Ast::ShowVariable { .. }
        | Ast::Explain { .. } => st.kind = Kind::Read,
        Ast::StartTransaction { .. } => st.kind = Kind::Begin,
        Ast::Commit { .. } => st.kind = Kind::Commit,
        Ast::Rollback { savepoint: None, .. } => st.kind = Kind::Rollback,
        _ => {
            // DROP DATABASE has its own variant in some dialects
            let text = ast.to_string().to_ascii_uppercase();
            if text.starts_with("DROP DATABASE") {
                st.kind = Kind::DropDatabase;
            } else if text.starts_with("DROP SCHEMA") {
                st.kind = Kind::DropSchema;
            }
        }
    }
}

/// Classification from tokens, for statements the parser does not accept (dialect extensions).
fn classify_tokens(tokens: &[&Token], st: &mut Statement) {
    let words: Vec<String> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w.value.to_ascii_uppercase()),
            _ => None,
        })
        .collect();
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let has = |k: &str| words.iter().any(|x| x == k);
    st.kind = match (w(0), w(1)) {
        // a keyspace is Cassandra's database
        ("DROP", "DATABASE" | "KEYSPACE") => Kind::DropDatabase,
        ("DROP", "SCHEMA") => Kind::DropSchema,
        ("DROP", "TABLE") => Kind::DropTable,
        ("DROP", _) => Kind::DropOther,
        ("TRUNCATE", _) => Kind::Truncate,
        ("DELETE", _) if !has("WHERE") => Kind::DeleteWithoutWhere,
        ("DELETE", _) => Kind::Delete,
        ("UPDATE", _) if !has("WHERE") => Kind::UpdateWithoutWhere,
        ("UPDATE", _) => Kind::Update,
        ("ALTER", "TABLE") if drops_data(&words) => Kind::AlterTableDrop,
        ("SELECT" | "SHOW" | "EXPLAIN" | "DESCRIBE" | "WITH", _) => Kind::Read,
        ("BEGIN" | "START", _) => Kind::Begin,
        ("COMMIT", _) => Kind::Commit,
        ("ROLLBACK", _) => Kind::Rollback,
        _ => Kind::Other,
    };
    if matches!(st.kind, Kind::DropDatabase | Kind::DropSchema | Kind::DropTable) {
        st.if_exists = w(2) == "IF" && w(3) == "EXISTS";
        let name_at = if st.if_exists { 4 } else { 2 };
        st.object = words.get(name_at).map(|s| s.to_lowercase());
    }
}

/// Whether an `ALTER TABLE`'s words drop a column or partition (`DROP [COLUMN] c`), not only
/// a constraint, key or index, which hold no data.
fn drops_data(words: &[String]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        w == "DROP"
            && !matches!(
                words.get(i + 1).map(String::as_str),
                Some(
                    "CONSTRAINT" | "INDEX" | "KEY" | "PRIMARY" | "FOREIGN" | "CHECK" | "UNIQUE" | "TRIGGER" | "DEFAULT"
                ) | Some("NOT" | "EXPRESSION" | "IDENTITY" | "PROJECTION" | "STATISTICS")
                    | None
            )
    })
}

/// sqlparser locations (1-based line, 1-based column in characters) to byte offsets.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> Self {
        let mut v = vec![0];
        v.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineStarts(v)
    }

    fn offset(&self, text: &str, line: u64, col: u64) -> usize {
        let Some(&start) = self.0.get((line as usize).saturating_sub(1)) else {
            return text.len();
        };
        text[start..]
            .char_indices()
            .nth((col as usize).saturating_sub(1))
            .map_or(text.len(), |(i, _)| start + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sql: &str) -> Vec<&'static str> {
        analyze(sql, SqlDialect::Generic)
            .statements
            .iter()
            .map(|s| s.kind.as_str())
            .collect()
    }

    #[test]
    fn classifies_destructive_statements() {
        assert_eq!(kinds("DROP DATABASE shop;"), ["drop-database"]);
        assert_eq!(kinds("drop table if exists users cascade"), ["drop-table"]);
        assert_eq!(
            kinds("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"),
            ["drop-schema", "other"]
        );
        assert_eq!(kinds("TRUNCATE TABLE audit_log;"), ["truncate"]);
        assert_eq!(kinds("DELETE FROM orders;"), ["delete-without-where"]);
        assert_eq!(kinds("DELETE FROM orders WHERE 1=1"), ["delete-without-where"]);
        assert_eq!(kinds("DELETE FROM sessions WHERE expires_at < now();"), ["delete"]);
        assert_eq!(kinds("UPDATE users SET admin = true"), ["update-without-where"]);
        assert_eq!(kinds("ALTER TABLE users DROP COLUMN email"), ["alter-table-drop"]);
        assert_eq!(kinds("SELECT count(*) FROM users;"), ["read"]);
        assert_eq!(kinds("DROP VIEW v"), ["drop-other"]);
    }

    #[test]
    fn dropping_a_constraint_or_index_loses_no_data() {
        for sql in [
            "ALTER TABLE t DROP CONSTRAINT c",
            "ALTER TABLE t DROP PRIMARY KEY",
            "ALTER TABLE t DROP FOREIGN KEY fk_user",
            "ALTER TABLE t DROP INDEX idx_email",
            "ALTER TABLE t ALTER COLUMN c DROP DEFAULT",
            "ALTER TABLE t ALTER COLUMN c DROP NOT NULL",
        ] {
            assert_eq!(kinds(sql), ["other"], "{sql}");
        }
        assert_eq!(kinds("DROP INDEX CONCURRENTLY idx_email"), ["drop-other"]);
        assert_eq!(
            kinds("ALTER TABLE t DROP CONSTRAINT c, DROP COLUMN x"),
            ["alter-table-drop"]
        );
        assert_eq!(kinds("ALTER TABLE t DROP x"), ["alter-table-drop"]);
        // the token fallback (a statement the parser refuses) reads the same way
        let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        assert!(!drops_data(&words("ALTER TABLE t DROP CONSTRAINT c")));
        assert!(drops_data(&words("ALTER TABLE t DROP COLUMN c")));
    }

    #[test]
    fn spans_and_objects() {
        let sql = "-- c\nBEGIN;\nDROP TABLE accounts;\nCOMMIT;\n";
        let a = analyze(sql, SqlDialect::Postgres);
        let drop = a.statements.iter().find(|s| s.kind == Kind::DropTable).unwrap();
        assert_eq!(&sql[drop.span.range()], "DROP TABLE accounts");
        assert_eq!(drop.object.as_deref(), Some("accounts"));
        assert!(!drop.rolled_back);
    }

    #[test]
    fn rolled_back_transactions() {
        let a = analyze("BEGIN; DELETE FROM t; ROLLBACK;", SqlDialect::Postgres);
        assert!(
            a.statements
                .iter()
                .find(|s| s.kind == Kind::DeleteWithoutWhere)
                .unwrap()
                .rolled_back
        );
    }

    #[test]
    fn quotes_and_meta_commands() {
        let sql = "\\set ON_ERROR_STOP on\nSELECT 'a;b'; DROP TABLE \"x;y\";";
        assert_eq!(kinds(sql), ["read", "drop-table"]);
        assert_eq!(
            analyze("SELECT $$a;b$$; TRUNCATE t", SqlDialect::Postgres)
                .statements
                .len(),
            2
        );
    }

    #[test]
    fn dialect_extensions_fall_back_to_tokens() {
        let a = analyze("DROP TABLE db.t ON CLUSTER c SYNC FOO BAR", SqlDialect::Generic);
        assert_eq!(a.statements[0].kind, Kind::DropTable);
    }

    #[test]
    fn unterminated_string_is_an_error() {
        let a = analyze("SELECT 'abc", SqlDialect::Generic);
        assert!(!a.errors.is_empty());
    }
}
