//! Statements whose text depends on the request (optional criteria, sort columns) are built
//! here as text plus arguments, the same for both engines, and bound in order by
//! [`bind_args!`].

/// An argument of a built statement.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Int(i64),
    Bool(bool),
    Time(chrono::DateTime<chrono::Utc>),
    Date(chrono::NaiveDate),
    /// A missing text.
    NoText,
    /// A missing number.
    NoInt,
}

impl From<Option<String>> for Arg {
    fn from(value: Option<String>) -> Self {
        value.map_or(Self::NoText, Self::Text)
    }
}

impl From<Option<i64>> for Arg {
    fn from(value: Option<i64>) -> Self {
        value.map_or(Self::NoInt, Self::Int)
    }
}

/// A statement being built: text with placeholders and their arguments.
#[derive(Debug, Default, Clone)]
pub struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
    /// `?` instead of `$n`. SQLite looks a named parameter up among all the others, which
    /// makes a statement of thousands of `$n` quadratic to prepare; `?` is numbered in
    /// order at no cost. Only for statements whose arguments appear once, in order.
    anonymous: bool,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Self { text: text.to_owned(), args: Vec::new(), anonymous: false }
    }

    /// A statement with `?` placeholders (see [`Sql::anonymous`]).
    pub fn anonymous(text: &str) -> Self {
        Self { anonymous: true, ..Self::new(text) }
    }

    /// Adds an argument and returns its placeholder.
    pub fn arg(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        if self.anonymous { "?".to_owned() } else { format!("${}", self.args.len()) }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// ` AND {column} {op} {placeholder}`, when there is an argument: a search's optional
    /// criterion.
    pub fn and(&mut self, column: &str, op: &str, arg: Option<Arg>) -> &mut Self {
        if let Some(arg) = arg {
            let p = self.arg(arg);
            self.push(&format!(" AND {column} {op} {p}"));
        }
        self
    }

    /// [`Sql::and`] for a day, compared as a date on both engines.
    pub fn and_day(
        &mut self,
        engine: crate::Engine,
        column: &str,
        op: &str,
        day: Option<chrono::NaiveDate>,
    ) -> &mut Self {
        if let Some(day) = day {
            let p = self.arg(Arg::Text(day.to_string()));
            let cast = if engine == crate::Engine::Postgres { "::date" } else { "" };
            self.push(&format!(" AND {column} {op} {p}{cast}"));
        }
        self
    }

    /// ` AND {column} IN (…)`, unless `args` is empty.
    pub fn and_in(&mut self, column: &str, args: Vec<Arg>) -> &mut Self {
        if !args.is_empty() {
            let ps: Vec<String> = args.into_iter().map(|a| self.arg(a)).collect();
            self.push(&format!(" AND {column} IN ({})", ps.join(", ")));
        }
        self
    }

    /// `head` followed by one group of placeholders per row: a multi-row `INSERT`, with
    /// SQLite's cheap `?` placeholders on SQLite.
    pub fn values(
        engine: crate::Engine,
        head: &str,
        rows: impl IntoIterator<Item = Vec<Arg>>,
    ) -> Self {
        let mut sql = match engine {
            crate::Engine::Sqlite => Self::anonymous(head),
            crate::Engine::Postgres => Self::new(head),
        };
        for (i, row) in rows.into_iter().enumerate() {
            let placeholders: Vec<String> = row.into_iter().map(|arg| sql.arg(arg)).collect();
            if i > 0 {
                sql.push(", ");
            }
            sql.push(&format!("({})", placeholders.join(", ")));
        }
        sql
    }
}

/// Binds a built statement's arguments to a query, in order.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                $crate::sql::Arg::Text(s) => query.bind(s.clone()),
                $crate::sql::Arg::Int(i) => query.bind(*i),
                $crate::sql::Arg::Bool(b) => query.bind(*b),
                $crate::sql::Arg::Time(t) => query.bind(*t),
                $crate::sql::Arg::Date(d) => query.bind(*d),
                $crate::sql::Arg::NoText => query.bind(None::<String>),
                $crate::sql::Arg::NoInt => query.bind(None::<i64>),
            };
        }
        query
    }};
}
pub(crate) use bind_args;

impl crate::Store {
    /// Runs a built page query and its count: a page of rows and the number of all that
    /// match.
    pub(crate) async fn page_and_count<T>(
        &self,
        page: &Sql,
        count: &Sql,
    ) -> crate::Result<(Vec<T>, u64)>
    where
        T: Send
            + Unpin
            + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    {
        use sqlx::AssertSqlSafe;
        let (rows, total): (Vec<T>, i64) = crate::on_pool!(self, pool => {
            let rows = bind_args!(sqlx::query_as(AssertSqlSafe(page.text.as_str())), &page.args)
                .fetch_all(pool)
                .await?;
            let total = bind_args!(sqlx::query_scalar(AssertSqlSafe(count.text.as_str())), &count.args)
                .fetch_one(pool)
                .await?;
            Ok::<_, sqlx::Error>((rows, total))
        })?;
        Ok((rows, u64::try_from(total).unwrap_or_default()))
    }
}

/// A column of a multi-row insert on PostgreSQL: one array per column.
#[derive(Debug, Clone)]
pub enum Column {
    Text(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
    Date(Vec<Option<chrono::NaiveDate>>),
    Time(Vec<Option<chrono::DateTime<chrono::Utc>>>),
}

impl Column {
    /// An empty column for a PostgreSQL type name of [`Insert::new`].
    fn of_type(pg_type: &str, capacity: usize) -> Self {
        match pg_type {
            "int8" => Self::Int(Vec::with_capacity(capacity)),
            "bool" => Self::Bool(Vec::with_capacity(capacity)),
            "date" => Self::Date(Vec::with_capacity(capacity)),
            "timestamptz" => Self::Time(Vec::with_capacity(capacity)),
            _ => Self::Text(Vec::with_capacity(capacity)),
        }
    }

    fn push(&mut self, arg: Arg) {
        match (self, arg) {
            (Self::Text(c), Arg::Text(v)) => c.push(Some(v)),
            (Self::Int(c), Arg::Int(v)) => c.push(Some(v)),
            (Self::Bool(c), Arg::Bool(v)) => c.push(Some(v)),
            (Self::Date(c), Arg::Date(v)) => c.push(Some(v)),
            (Self::Time(c), Arg::Time(v)) => c.push(Some(v)),
            (Self::Text(c), _) => c.push(None),
            (Self::Int(c), _) => c.push(None),
            (Self::Bool(c), _) => c.push(None),
            (Self::Date(c), _) => c.push(None),
            (Self::Time(c), _) => c.push(None),
        }
    }
}

/// A multi-row `INSERT` built for the engine at hand. SQLite gets a group of `?` per row
/// (prepared in-process, cheaply). PostgreSQL gets one array per column under `UNNEST`: the
/// statement's text is the same whatever the number of rows, so the server parses and plans
/// it once per connection instead of once per group, which was most of its work.
#[derive(Debug, Clone)]
pub struct Insert {
    pub text: String,
    pub args: Vec<Arg>,
    pub columns: Vec<Column>,
}

impl Insert {
    /// `columns` are the table's columns with their PostgreSQL types (`text`, `int8`, `bool`,
    /// `date`, `timestamptz`), in the rows' order; `tail` what follows the rows (`ON
    /// CONFLICT`, `RETURNING`). All are the caller's constants, never input.
    pub fn new(
        engine: crate::Engine,
        table: &str,
        columns: &[(&str, &str)],
        rows: Vec<Vec<Arg>>,
        tail: &str,
    ) -> Self {
        let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
        let target = format!("{table} ({})", names.join(", "));
        let pg_types: Vec<&str> = columns.iter().map(|(_, t)| *t).collect();
        match engine {
            crate::Engine::Sqlite => {
                let mut sql = Sql::values(engine, &format!("INSERT INTO {target} VALUES "), rows);
                sql.push(tail);
                Self { text: sql.text, args: sql.args, columns: Vec::new() }
            }
            crate::Engine::Postgres => {
                let mut columns: Vec<Column> =
                    pg_types.iter().map(|t| Column::of_type(t, rows.len())).collect();
                for row in rows {
                    for (column, arg) in columns.iter_mut().zip(row) {
                        column.push(arg);
                    }
                }
                let arrays: Vec<String> = pg_types
                    .iter()
                    .enumerate()
                    .map(|(i, t)| format!("${}::{t}[]", i + 1))
                    .collect();
                let text = format!(
                    "INSERT INTO {target} SELECT * FROM UNNEST({}){tail}",
                    arrays.join(", ")
                );
                Self { text, args: Vec::new(), columns }
            }
        }
    }
}

/// Binds an [`Insert`]'s arrays; nothing on SQLite, whose inserts carry none.
pub trait BindColumns: Sized {
    fn bind_columns(self, columns: &[Column]) -> Self;
}

macro_rules! bind_columns_impl {
    ($([$($generic:ident)?] $ty:ty),*) => {$(
        impl<$($generic)?> BindColumns for $ty {
            fn bind_columns(mut self, columns: &[Column]) -> Self {
                for column in columns {
                    self = match column {
                        Column::Text(v) => self.bind(v.clone()),
                        Column::Int(v) => self.bind(v.clone()),
                        Column::Bool(v) => self.bind(v.clone()),
                        Column::Date(v) => self.bind(v.clone()),
                        Column::Time(v) => self.bind(v.clone()),
                    };
                }
                self
            }
        }
    )*};
}

type PgQuery<'q> = sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>;
type PgQueryAs<'q, O> = sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>;
bind_columns_impl!([] PgQuery<'_>, [O] PgQueryAs<'_, O>);

impl BindColumns for sqlx::query::Query<'_, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    fn bind_columns(self, _: &[Column]) -> Self {
        self
    }
}

impl<O> BindColumns for sqlx::query::QueryAs<'_, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments> {
    fn bind_columns(self, _: &[Column]) -> Self {
        self
    }
}

/// Binds an [`Insert`] to a query: its arguments, then its arrays.
macro_rules! bind_insert {
    ($query:expr, $insert:expr) => {{
        use $crate::sql::BindColumns;
        $crate::sql::bind_args!($query, &$insert.args).bind_columns(&$insert.columns)
    }};
}
pub(crate) use bind_insert;
