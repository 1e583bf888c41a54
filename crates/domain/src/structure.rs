//! Structures: the companies and public bodies that exchange invoices, and their settings.

crate::code_enum! {
    /// `typeStructure`: a public body receives invoices; a private company issues them (and a
    /// public body may invoice another).
    pub enum TypeStructure ("structure type") {
        Publique = "PUBLIQUE",
        Privee = "PRIVEE",
    }
}

crate::code_enum! {
    /// The size category of a private structure (INSEE's, from the 2008 law on the economy),
    /// which the statistics break invoices down by.
    pub enum CategoriePrivee ("company category") {
        Micro = "MICRO_ENTREPRISE",
        Pme = "PME",
        Eti = "ETI",
        GrandeEntreprise = "GRANDE_ENTREPRISE",
    }
}

crate::code_enum! {
    /// The kind of a public structure: the dematerialisation rate is followed per kind.
    pub enum TypePublic ("kind of public body") {
        Etat = "ETAT",
        CollectiviteTerritoriale = "COLLECTIVITE_TERRITORIALE",
        EtablissementSante = "ETABLISSEMENT_PUBLIC_SANTE",
        AutreEtablissementPublic = "AUTRE_ETABLISSEMENT_PUBLIC",
    }
}

/// How a recipient structure wants its invoices (`parametres` of `structures/v1/consulter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ParametresStructure {
    /// Invoices must name one of the structure's services.
    pub code_service_doit_etre_renseigne: bool,
    /// Invoices must quote an engagement number.
    pub numero_ej_doit_etre_renseigne: bool,
    /// Invoices must name a service or quote an engagement number.
    pub gestion_numero_ej_ou_code_service: bool,
    /// The structure deposits invoices through EDI flows.
    pub connexion_edi: bool,
    /// The structure receives its invoices through EDI flows.
    pub recevoir_donnees_via_edi: bool,
    /// A project owner (maître d'ouvrage) for works invoices.
    pub est_moa: bool,
    pub est_moa_uniquement: bool,
    /// The "mise en paiement" status is not reported to suppliers.
    pub statut_mise_en_paiement_nest_pas_remonte: bool,
}

/// What an invoice to a structure must carry, given its parameters and those of the service
/// it names: the routing rules of `structures/v1/consulter` and `consulter/service`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExigenceRoutage {
    Aucune,
    CodeService,
    NumeroEngagement,
    CodeServiceEtNumeroEngagement,
    CodeServiceOuNumeroEngagement,
}

impl ParametresStructure {
    pub fn exigence(&self) -> ExigenceRoutage {
        match (
            self.code_service_doit_etre_renseigne,
            self.numero_ej_doit_etre_renseigne,
            self.gestion_numero_ej_ou_code_service,
        ) {
            (true, true, _) => ExigenceRoutage::CodeServiceEtNumeroEngagement,
            (true, false, _) => ExigenceRoutage::CodeService,
            (false, true, _) => ExigenceRoutage::NumeroEngagement,
            (false, false, true) => ExigenceRoutage::CodeServiceOuNumeroEngagement,
            (false, false, false) => ExigenceRoutage::Aucune,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routing_requirements_from_parameters() {
        let mut p = ParametresStructure::default();
        assert_eq!(p.exigence(), ExigenceRoutage::Aucune);
        p.gestion_numero_ej_ou_code_service = true;
        assert_eq!(p.exigence(), ExigenceRoutage::CodeServiceOuNumeroEngagement);
        p.code_service_doit_etre_renseigne = true;
        assert_eq!(p.exigence(), ExigenceRoutage::CodeService);
        p.numero_ej_doit_etre_renseigne = true;
        assert_eq!(p.exigence(), ExigenceRoutage::CodeServiceEtNumeroEngagement);
    }
}

/// A name as searches compare it: ASCII upper case, accents and punctuation folded, single
/// spaces. `Hôpital  d'Évry` and `HOPITAL D EVRY` are the same name.
pub fn designation_norm(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_ascii_uppercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod norm_tests {
    use super::designation_norm;

    #[test]
    fn names_fold_to_what_people_type() {
        assert_eq!(
            designation_norm("Hôpital  d'Évry-Courcouronnes"),
            "HOPITAL D EVRY COURCOURONNES"
        );
        assert_eq!(designation_norm("Ministère de l’Œuvre"), "MINISTERE DE L OEUVRE");
        assert_eq!(designation_norm("  "), "");
    }
}
