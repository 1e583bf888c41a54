//! The real server, started on an ephemeral port and driven over HTTP. Every test runs on
//! SQLite, and on PostgreSQL when `FACTEUR_TEST_DATABASE_URL` names a database (each test
//! then works in a schema of its own, dropped at the end).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;

mod annuaire;
mod engagements;
mod factures;
mod flux;
mod flux_cen;
mod gateway;
mod gestion;
mod messages;
mod openapi;
mod pieces_jointes;
mod portail;
mod transverses;
mod validate;
