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
