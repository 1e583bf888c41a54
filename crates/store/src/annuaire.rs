//! The directory: structures, services, users, their attachments, spaces and subscriptions.

mod espaces;
mod services;
mod structures;
mod utilisateurs;

pub use espaces::{AbonnementRecord, EspaceRecord};
pub use services::{NewService, ServiceRecord, ServiceSearch};
pub use structures::{
    NewStructure, StructureRecord, StructureSearch, StructureSort, StructureSummary,
};
pub use utilisateurs::{
    AccountRecord, NewUtilisateur, RattachementRecord, RattachementServiceRecord, UtilisateurRecord,
};
