use serde::Serialize;

/// A successful answer: `codeRetour` 0, the operation's message code in `libelle`, then the
/// operation's own fields at the top level, as Chorus Pro answers.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    pub code_retour: i32,
    pub libelle: &'static str,
    #[serde(flatten)]
    pub body: T,
}

impl<T> Envelope<T> {
    pub fn ok(libelle: &'static str, body: T) -> Self {
        Self { code_retour: 0, libelle, body }
    }
}
