use std::sync::OnceLock;

/// A code with its label in French and in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Libelle {
    pub code: &'static str,
    pub fr: &'static str,
    pub en: &'static str,
}

/// Reads a `code<TAB>en<TAB>fr` file, header first. The files ship inside the binary, and a
/// test checks that every line of them is read.
fn parse_tsv(text: &'static str) -> Vec<Libelle> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            Some(Libelle { code: cols.next()?, en: cols.next()?, fr: cols.next()? })
        })
        .collect()
}

/// ISO 4217 currencies.
pub fn devises() -> &'static [Libelle] {
    static DEVISES: OnceLock<Vec<Libelle>> = OnceLock::new();
    DEVISES.get_or_init(|| parse_tsv(include_str!("../../data/devises.tsv")))
}

/// ISO 3166-1 countries.
pub fn pays() -> &'static [Libelle] {
    static PAYS: OnceLock<Vec<Libelle>> = OnceLock::new();
    PAYS.get_or_init(|| parse_tsv(include_str!("../../data/pays.tsv")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(list: &[Libelle], code: &str) -> Libelle {
        *list.iter().find(|l| l.code == code).unwrap()
    }

    #[test]
    fn every_line_of_the_iso_files_is_read() {
        assert_eq!(devises().len(), include_str!("../../data/devises.tsv").lines().count() - 1);
        assert_eq!(pays().len(), include_str!("../../data/pays.tsv").lines().count() - 1);
        assert!(devises().len() > 170);
        assert_eq!(pays().len(), 249);
    }

    #[test]
    fn labels_in_both_languages() {
        assert_eq!(find(devises(), "EUR").fr, "Euro");
        assert_eq!(find(devises(), "XPF").fr, "Franc pacifique");
        assert_eq!(find(pays(), "DE").fr, "Allemagne");
        assert_eq!(find(pays(), "DE").en, "Germany");
        assert_eq!(find(pays(), "NC").fr, "Nouvelle-Calédonie");
    }
}
