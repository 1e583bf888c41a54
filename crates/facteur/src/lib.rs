//! The `facteur` command: settings, the server's life, and the operator's commands.

pub mod cli;
pub mod server;
pub mod settings;
pub mod validate;
