//! A small XPath 2.0 engine for exactly what the EN 16931 Schematron uses, compiled once and
//! evaluated natively over [`crate::xml::Document`].
//!
//! Written by hand because no maintained Rust crate evaluates XPath 2.0 (the crates that exist
//! do XPath 1.0, whose number and comparison semantics give different verdicts on these rules,
//! or need their own DOM).

mod analyse;
mod ast;
mod eval;
mod guide;
mod lexer;
mod noms;
mod parser;
mod value;

pub(crate) use analyse::{Memos, Partages, memoiser, memoiser_motif, motif};
pub(crate) use ast::{Expr, Motif, Test};
pub(crate) use eval::Evaluateur;
pub(crate) use noms::{AUCUN, Noms};
pub(crate) use parser::{Portee, compiler};

/// The embedded rules use XPath this engine does not do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ErreurXPath {
    #[error("{0}")]
    Syntaxe(String),
}
