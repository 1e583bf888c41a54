//! Spaces of a structure and users' subscriptions to them.

crate::code_enum! {
    /// The spaces a structure opens to its users (`codeEspace`).
    pub enum CodeEspace ("space") {
        FacturesEmises = "FACTURES_EMISES",
        FacturesRecues = "FACTURES_RECUES",
        FacturesTravaux = "FACTURES_TRAVAUX",
        Engagements = "ENGAGEMENTS_JURIDIQUES",
        Messages = "MES_MESSAGES",
        GestionUtilisateurs = "GESTION_UTILISATEURS",
        GestionStructure = "GESTION_STRUCTURE",
        Statistiques = "STATISTIQUES",
    }
}

impl CodeEspace {
    pub fn libelle(self) -> &'static str {
        match self {
            Self::FacturesEmises => "Factures émises",
            Self::FacturesRecues => "Factures reçues",
            Self::FacturesTravaux => "Factures de travaux",
            Self::Engagements => "Engagements juridiques",
            Self::Messages => "Mes messages",
            Self::GestionUtilisateurs => "Gestion des utilisateurs",
            Self::GestionStructure => "Gestion de la structure",
            Self::Statistiques => "Statistiques",
        }
    }
}

crate::code_enum! {
    /// The level of a subscription (`typeHabilitation`).
    pub enum TypeHabilitation ("subscription level") {
        ConsultationUniquement = "CONSULTATION_UNIQUEMENT",
        Modification = "MODIFICATION",
    }
}

crate::code_enum! {
    /// Where a subscription request stands.
    pub enum StatutAbonnement ("subscription status") {
        EnAttente = "EN_ATTENTE_VALIDATION",
        Valide = "VALIDE",
        Refuse = "REFUSE",
        Supprime = "SUPPRIME",
    }
}

crate::code_enum! {
    /// `etatCourant` of a space.
    pub enum EtatEspace ("space state") {
        Active = "ACTIVE",
        Supprime = "SUPPRIME",
    }
}

impl TypeHabilitation {
    /// Whether this level lets a user act, not only read.
    pub fn permet_modification(self) -> bool {
        self == Self::Modification
    }
}
