use super::Libelle;

/// A VAT rate in force in France, its overseas departments and Corsica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TauxTva {
    pub code: &'static str,
    /// Hundredths of a percent, so that 5.5 % and 1.05 % are exact.
    pub basis_points: u32,
    pub fr: &'static str,
    pub en: &'static str,
}

impl TauxTva {
    /// The rate as Chorus Pro writes it (`valeurTauxTva`: `5.5`, `20`).
    pub fn valeur(&self) -> String {
        let (units, hundredths) = (self.basis_points / 100, self.basis_points % 100);
        match hundredths {
            0 => units.to_string(),
            h if h % 10 == 0 => format!("{units}.{}", h / 10),
            h => format!("{units}.{h:02}"),
        }
    }
}

const fn taux(
    code: &'static str,
    basis_points: u32,
    fr: &'static str,
    en: &'static str,
) -> TauxTva {
    TauxTva { code, basis_points, fr, en }
}

/// Articles 278 to 281 nonies and 296 to 298 of the Code général des impôts.
pub const TAUX_TVA: &[TauxTva] = &[
    taux("TVA1", 0, "Art 293B (franchise en base)", "Art 293B (basic exemption)"),
    taux("TVA_0", 0, "0 % (exonération)", "0 % (exempt)"),
    taux("TVA_20", 2000, "20 % (taux normal)", "20 % (standard rate)"),
    taux("TVA_10", 1000, "10 % (taux intermédiaire)", "10 % (intermediate rate)"),
    taux("TVA_5_5", 550, "5,5 % (taux réduit)", "5.5 % (reduced rate)"),
    taux("TVA_2_1", 210, "2,1 % (taux particulier)", "2.1 % (special rate)"),
    taux("TVA_13", 1300, "13 % (Corse, produits pétroliers)", "13 % (Corsica, petroleum products)"),
    taux("TVA_0_9", 90, "0,9 % (Corse, taux particulier)", "0.9 % (Corsica, special rate)"),
    taux(
        "TVA_8_5",
        850,
        "8,5 % (Guadeloupe, Martinique, La Réunion : taux normal)",
        "8.5 % (Guadeloupe, Martinique, Réunion: standard rate)",
    ),
    taux(
        "TVA_1_75",
        175,
        "1,75 % (Guadeloupe, Martinique, La Réunion : taux réduit)",
        "1.75 % (Guadeloupe, Martinique, Réunion: reduced rate)",
    ),
    taux(
        "TVA_1_05",
        105,
        "1,05 % (Guadeloupe, Martinique, La Réunion : taux particulier)",
        "1.05 % (Guadeloupe, Martinique, Réunion: special rate)",
    ),
];

const fn motif(code: &'static str, fr: &'static str, en: &'static str) -> Libelle {
    Libelle { code, fr, en }
}

/// Why an invoice carries no VAT: the mention the law requires on it.
pub const MOTIFS_EXONERATION_TVA: &[Libelle] = &[
    motif(
        "ART_261_CGI",
        "Exonération de TVA, article 261 du CGI",
        "VAT exemption, article 261 of the French tax code",
    ),
    motif(
        "ART_262_CGI",
        "Exportation exonérée, article 262 du CGI",
        "Exempt export, article 262 of the French tax code",
    ),
    motif(
        "ART_262_TER_I_CGI",
        "Livraison intracommunautaire exonérée, article 262 ter I du CGI",
        "Exempt intra-EU supply, article 262 ter I of the French tax code",
    ),
    motif(
        "ART_275_CGI",
        "Achat en franchise, article 275 du CGI",
        "Duty-free purchase, article 275 of the French tax code",
    ),
    motif(
        "ART_283_CGI",
        "Autoliquidation, article 283 du CGI",
        "Reverse charge, article 283 of the French tax code",
    ),
    motif(
        "ART_293B_CGI",
        "TVA non applicable, article 293 B du CGI",
        "VAT not applicable, article 293 B of the French tax code",
    ),
    motif(
        "ART_259B_CGI",
        "Prestation de services intracommunautaire, article 259 B du CGI",
        "Intra-EU supply of services, article 259 B of the French tax code",
    ),
    motif("AUTRE", "Autre motif d'exonération", "Other exemption reason"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_written_as_chorus_pro_writes_them() {
        let valeur = |code| TAUX_TVA.iter().find(|t| t.code == code).unwrap().valeur();
        assert_eq!(valeur("TVA_20"), "20");
        assert_eq!(valeur("TVA_5_5"), "5.5");
        assert_eq!(valeur("TVA_1_05"), "1.05");
        assert_eq!(valeur("TVA_0_9"), "0.9");
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = TAUX_TVA.iter().map(|t| t.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), TAUX_TVA.len());
    }
}
