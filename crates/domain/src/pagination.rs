//! Chorus Pro's pagination: asked for as `{nbResultatsParPage, pageResultatDemandee,
//! triColonne, triSens}` under a key that differs per operation, answered as
//! `parametresRetour {nbResultatsParPage, pageCourante, pages, total}`.

/// 10 results a page unless asked otherwise; clients ask for up to 10,000 in one call.
pub const PAR_PAGE_DEFAUT: u32 = 10;
pub const PAR_PAGE_MAX: u32 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub par_page: u32,
    /// From 1.
    pub numero: u32,
    pub descendant: bool,
}

impl Default for Page {
    fn default() -> Self {
        Self { par_page: PAR_PAGE_DEFAUT, numero: 1, descendant: false }
    }
}

impl Page {
    /// Reads what clients send: absent, 0 or negative values mean the default; `triSens` in
    /// any case with stray spaces (`"Ascendant "`).
    pub fn new(par_page: Option<i64>, numero: Option<i64>, tri_sens: Option<&str>) -> Self {
        let par_page = par_page
            .filter(|n| *n > 0)
            .map_or(PAR_PAGE_DEFAUT, |n| n.min(i64::from(PAR_PAGE_MAX)) as u32);
        let numero = numero.filter(|n| *n > 0).map_or(1, |n| n.min(i64::from(u32::MAX)) as u32);
        let descendant = tri_sens.is_some_and(|s| s.trim().eq_ignore_ascii_case("descendant"));
        Self { par_page, numero, descendant }
    }

    pub fn offset(&self) -> u64 {
        u64::from(self.numero - 1) * u64::from(self.par_page)
    }

    pub fn retour(&self, total: u64) -> ParametresRetour {
        let pages = total.div_ceil(u64::from(self.par_page));
        ParametresRetour {
            nb_resultats_par_page: self.par_page,
            page_courante: self.numero,
            pages: pages.min(u64::from(i32::MAX as u32)) as u32,
            total,
        }
    }
}

/// `parametresRetour`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParametresRetour {
    pub nb_resultats_par_page: u32,
    pub page_courante: u32,
    pub pages: u32,
    pub total: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_limits() {
        assert_eq!(Page::new(None, None, None), Page::default());
        assert_eq!(Page::new(Some(0), Some(-1), Some("")).par_page, 10);
        assert_eq!(Page::new(Some(50_000), None, None).par_page, 10_000);
        assert!(Page::new(None, None, Some("Descendant ")).descendant);
        assert!(!Page::new(None, None, Some("Ascendant ")).descendant);
    }

    #[test]
    fn pages_are_counted_from_the_total() {
        let page = Page::new(Some(10), Some(3), None);
        assert_eq!(page.offset(), 20);
        let retour = page.retour(25);
        assert_eq!((retour.pages, retour.page_courante, retour.total), (3, 3, 25));
        assert_eq!(Page::default().retour(0).pages, 0);
    }
}
