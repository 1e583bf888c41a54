//! Invoice documents in their syntaxes: UBL 2.1, UN/CEFACT CII D16B and Factur-X, read into
//! the EN 16931 model and written back, and the EN 16931 rules that decide whether one is
//! acceptable. Pure: no I/O beyond the bytes it is given.

pub mod cii;
pub mod facturx;
pub mod lecture;
pub mod modele;
pub mod ubl;
pub mod xml;

pub use lecture::{ErreurLecture, Lu, Syntaxe, Verification, lire, verifier};
