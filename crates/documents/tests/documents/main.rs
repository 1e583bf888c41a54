//! The two documents rendered from realistic invoices: the PDF read back as text, the CII
//! validated against the D16B schema with `xmllint` and read back with quick-xml.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cii;
mod exemple;
mod pdf;
