//! A small XPath 2.0 engine for exactly what the EN 16931 Schematron uses, compiled once and
//! evaluated natively over [`crate::xml::Document`].
//!
//! Written by hand because no maintained Rust crate evaluates XPath 2.0 (the crates that exist
//! do XPath 1.0, whose number and comparison semantics give different verdicts on these rules,
//! or need their own DOM).

mod analyse;
mod ast;
mod eval;
mod guide;
mod lexer;
mod noms;
mod parser;
mod value;

pub(crate) use analyse::{
    Absence, Familles, Memos, Partages, absence, accelerer, compter_vite, factoriser, memoiser,
    memoiser_motif, motif, numeroter_chemins, numeroter_textes, par_le_nom,
};
pub(crate) use ast::{Expr, Motif, Test};
pub(crate) use eval::{Evaluateur, Tailles};
pub(crate) use guide::ATTRIBUT;
pub(crate) use noms::{AUCUN, Noms};
pub(crate) use parser::{Portee, compiler};

/// The embedded rules use XPath this engine does not do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ErreurXPath {
    #[error("{0}")]
    Syntaxe(String),
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::collections::HashMap;

    use super::*;
    use crate::xml::{Document, Limites};

    const FACTURE: &str = r#"<Invoice xmlns="urn:i" xmlns:c="urn:c">
  <c:Amount currencyID="EUR">10.10</c:Amount>
  <c:Amount currencyID="EUR">0.20</c:Amount>
  <c:Line><c:ID>1</c:ID><c:Rate>20</c:Rate><c:Flag>false</c:Flag></c:Line>
  <c:Line><c:ID>2</c:ID><c:Rate> 5.5 </c:Rate><c:Flag>true</c:Flag><c:Note>a</c:Note><c:Note>b</c:Note></c:Line>
  <c:Line><c:ID>3</c:ID><c:Rate>abc</c:Rate></c:Line>
  <c:Date>2024-02-29</c:Date>
</Invoice>"#;

    /// The prefixes of the test expressions: [`FACTURE`]'s namespaces and XML Schema's.
    fn prefixes() -> HashMap<String, String> {
        [("i", "urn:i"), ("c", "urn:c"), ("xs", "http://www.w3.org/2001/XMLSchema")]
            .map(|(p, u)| (p.to_owned(), u.to_owned()))
            .into()
    }

    /// The effective boolean value of `expr` on the root element, as an assert sees it: the
    /// same from the memos, and with the frequent forms rewritten ([`accelerer`]).
    fn vrai(source: &str) -> Result<bool, value::ErreurDynamique> {
        let prefixes = prefixes();
        let mut noms = Noms::default();
        let mut portee = Portee { prefixes: &prefixes, noms: &mut noms, variables: 0 };
        let mut expr = compiler(source, &mut portee).unwrap();
        let mut rapide = compiler(source, &mut portee).unwrap();
        let variables = portee.variables;
        let mut memos = Memos::default();
        memoiser(&mut expr, &mut memos).unwrap();
        memoiser(&mut rapide, &mut memos).unwrap();
        accelerer(&mut rapide);
        let communes = factoriser(&mut rapide, 0);
        compter_vite(&mut rapide);
        let mut familles = Familles::default();
        familles.compter(&mut rapide);
        familles.regrouper(&mut rapide);
        numeroter_textes(&mut rapide, &mut Default::default());
        let chemins = numeroter_chemins(&mut rapide, 0);
        let doc = Document::parse(FACTURE.as_bytes(), &Limites::default()).unwrap();
        let tailles = Tailles { memos: memos.nombre, variables, ..Tailles::default() };
        let mut ev = Evaluateur::new(&doc, &noms, tailles);
        let racine = doc.root();
        // Twice: the second time from the memos.
        let premier = ev.booleen(&expr, racine);
        assert_eq!(premier, ev.booleen(&expr, racine), "{expr:?}");
        // Dropped first: the next one takes the thread's table of the paths' classes.
        drop(ev);
        let mut ev = Evaluateur::new(&doc, &noms, Tailles { communes, chemins, ..tailles });
        assert_eq!(premier, ev.assertion(&rapide, racine), "{rapide:?}");
        // Again, with the classes the paths lead to known.
        assert_eq!(premier, ev.assertion(&rapide, racine), "{rapide:?}");
        premier
    }

    #[test]
    fn untyped_values_take_the_type_of_the_other_side() {
        assert!(vrai("c:Amount = 10.1").unwrap(), "as doubles, 10.10 = 10.1");
        assert!(!vrai("c:Amount = '10.1'").unwrap(), "as strings they differ");
        assert!(vrai("c:Line/c:Flag = false()").unwrap());
        assert!(vrai("c:Line[c:Flag = true()]/c:ID = 2").unwrap());
        // An untyped value that is no number is an error, not false, where a number is needed.
        assert!(vrai("c:Line[3]/c:Rate > 0").is_err());
        assert!(vrai("xs:decimal(c:Line[3]/c:Rate) = 0").is_err());
        // A function taking one value errs on two.
        assert!(vrai("normalize-space(c:Amount) = ''").is_err());
        // Empty sequences compare false both ways.
        assert!(!vrai("c:Nothing = 0").unwrap() && !vrai("c:Nothing != 0").unwrap());
    }

    #[test]
    fn decimals_are_exact_and_doubles_are_not() {
        assert!(vrai("sum(c:Amount/xs:decimal(.)) = 10.3").unwrap());
        assert!(vrai("xs:decimal(sum(c:Amount)) != 10.3").unwrap(), "10.1e0 + 0.2e0");
        assert!(vrai("sum(c:Nothing) = 0 and count(c:Nothing) = 0").unwrap());
        assert!(vrai("round(2.5) = 3 and round(-2.5) = -2 and round(-2.51) = -3").unwrap());
        assert!(vrai("round(xs:decimal('1.005') * 100) div 100 = 1.01").unwrap());
        assert!(vrai("abs(-1.5) = 1.5 and 7 div 2 = 3.5 and -(1) = -1").unwrap());
        assert!(vrai("xs:date(c:Date) > xs:date('2024-02-28')").unwrap());
    }

    #[test]
    fn every_some_and_predicates() {
        assert!(vrai("every $r in c:Line[c:Flag]/xs:decimal(c:Rate) satisfies $r > 5").unwrap());
        assert!(!vrai("every $r in c:Line[c:Flag]/xs:decimal(c:Rate) satisfies $r > 6").unwrap());
        assert!(vrai("some $l in c:Line satisfies $l/c:ID = 3").unwrap());
        assert!(vrai("every $x in () satisfies false()").unwrap());
        assert!(vrai("c:Line[2]/c:ID = 2 and c:Line[c:Flag][2]/c:ID = 2").unwrap());
        assert!(!vrai("c:Line[4]").unwrap());
        assert!(vrai("(c:Line/c:ID)[3] = 3 and count(c:Line/c:ID/..) = 3").unwrap());
        assert!(vrai("count(c:Line | c:Line[1] | c:Amount) = 5").unwrap());
        assert!(vrai("contains(' EUR USD ', concat(' ', c:Amount[1]/@currencyID, ' '))").unwrap());
        assert!(!vrai("contains(' EUR USD ', concat(' ', 'EU', ' '))").unwrap());
        assert!(vrai("count(//@currencyID) = 2 and exists(//c:Rate[. = 20])").unwrap());
        assert!(vrai("matches(c:Date, '^\\s*\\d{4}-\\d{2}-\\d{2}$')").unwrap());
        // not() and empty() of a path from the root share exists()'s memo, errors included.
        assert!(vrai("not(//c:Rate[. = '99']) and empty(//c:Line[c:Flag = 'x'])").unwrap());
        assert!(vrai("exists(//c:Rate[. = 20]) or not(//c:Rate[. = 20])").unwrap());
        assert!(!vrai("not(//c:Rate[. = 20]) or empty(//c:Rate[. = 20])").unwrap());
        assert!(vrai("exists(//c:Line[c:Rate > 30]) or not(//c:Line[c:Rate > 30])").is_err());
    }

    #[test]
    fn values_computed_twice_in_an_assert_are_the_same_each_time() {
        let tolerance =
            |x: &str| format!("abs(xs:decimal({x})) - 1 < 21 and abs(xs:decimal({x})) + 1 > 19");
        assert!(vrai(&tolerance("c:Line[1]/c:Rate")).unwrap());
        assert!(!vrai(&tolerance("c:Line[2]/c:Rate")).unwrap());
        assert!(vrai(&tolerance("c:Line[3]/c:Rate")).is_err());
        // The same expression of a variable, under each of its values.
        assert!(
            vrai("every $l in c:Line[c:Flag] satisfies xs:decimal($l/c:ID) * 2 > 1 and xs:decimal($l/c:ID) * 2 < 5")
                .unwrap()
        );
        assert!(
            !vrai("every $l in c:Line satisfies xs:decimal($l/c:ID) * 2 > 1 and xs:decimal($l/c:ID) * 2 < 5")
                .unwrap()
        );
        assert!(
            vrai("some $l in c:Line satisfies xs:decimal($l/c:ID) * 2 = 6 and xs:decimal($l/c:ID) * 2 > 5")
                .unwrap()
        );
    }

    #[test]
    fn expressions_that_differ_only_by_a_literal_keep_their_own_values() {
        // Memos, shared predicates and common parts are found by the expressions' structure:
        // literals of every kind (double, decimal, pattern, code list) tell them apart. Each
        // `//` path is memoised on its own, the counts on the right depending on the context.
        let (un, deux) = ("count(c:Line[1])", "count(c:Line[c:Flag])");
        let deux_fois =
            |a: &str, b: &str| vrai(&format!("count({a}) = {un} and count({b}) = {deux}"));
        assert!(deux_fois("//c:Amount[. > 10.0e0]", "//c:Amount[. > 0.1e0]").unwrap());
        assert!(
            deux_fois("//c:Amount[xs:decimal(.) > 10]", "//c:Amount[xs:decimal(.) > 0.1]").unwrap()
        );
        assert!(deux_fois("//c:Rate[matches(., '^2')]", "//c:Rate[matches(., '\\d')]").unwrap());
        let liste = |codes: &str| format!("//c:ID[contains(' {codes} ', concat(' ', ., ' '))]");
        assert!(deux_fois(&liste("2"), &liste("1 3")).unwrap());
        assert!(!deux_fois(&liste("2 3"), &liste("1 3")).unwrap());
    }

    #[test]
    fn the_same_expression_written_twice_is_memoised_once() {
        let prefixes: HashMap<String, String> = [("c".to_owned(), "urn:c".to_owned())].into();
        let mut noms = Noms::default();
        let mut portee = Portee { prefixes: &prefixes, noms: &mut noms, variables: 0 };
        let mut memos = Memos::default();
        for source in ["//c:Rate[. > 1.5e0]", "//c:Rate[. > 1.5e0]", "//c:Rate[. > 2.5e0]"] {
            let mut expr = compiler(source, &mut portee).unwrap();
            memoiser(&mut expr, &mut memos).unwrap();
        }
        assert_eq!(memos.nombre, 2);
    }

    #[test]
    fn frequent_string_tests_keep_their_errors() {
        let code = |x: &str| {
            format!(
                "not(contains(normalize-space({x}), ' ')) and contains(' EUR USD ', concat(' ', normalize-space({x}), ' '))"
            )
        };
        assert!(vrai(&code("c:Amount[1]/@currencyID")).unwrap());
        assert!(!vrai(&code("c:Line[1]/c:ID")).unwrap());
        assert!(!vrai(&code("c:Nothing")).unwrap());
        assert!(vrai(&code("c:Amount/@currencyID")).is_err(), "two values");
        assert!(
            vrai("contains(' EUR USD ', concat(' ', normalize-space(' EUR  USD '), ' '))").unwrap()
        );
        assert!(
            vrai("normalize-space(c:Line[2]/c:Rate) = '5.5' and normalize-space(c:Nothing) = ''")
                .unwrap()
        );
        assert!(vrai("normalize-space(upper-case(c:Line[1]/c:Flag)) = 'FALSE'").unwrap());
        assert!(!vrai("normalize-space(upper-case(c:Line[1]/c:Flag)) != 'FALSE'").unwrap());
        assert!(vrai("normalize-space(c:Line/c:ID) != ''").is_err(), "three values");
        assert!(vrai("string-length(substring-after(c:Amount[1], '.')) <= 2").unwrap());
        assert!(!vrai("string-length(substring-after(c:Amount[1], '.')) < 2").unwrap());
        assert!(vrai("string-length(substring-after(c:Nothing, '.')) = 0").unwrap());
        assert!(vrai("string-length(substring-after(c:Amount, '.')) = 2").is_err());
        // One-byte separators are scanned for by byte, longer ones as strings.
        assert!(vrai("string-length(substring-after('é.ü1.2', '.')) = 4").unwrap());
        assert!(vrai("string-length(substring-after('12', '.')) = 0").unwrap());
        assert!(vrai("string-length(substring-after('aé→bé→ccc', 'é→')) = 6").unwrap());
        assert!(vrai("string-length(substring-after('a→b', '→')) = 1").unwrap());
    }

    #[test]
    fn a_string_tested_twice_on_a_node_is_read_once_and_keeps_its_verdicts() {
        // The same source on the same node: the second test takes the first one's string.
        assert!(
            vrai("normalize-space(c:Line[2]/c:Rate) = '5.5' and not(normalize-space(c:Line[2]/c:Rate) = '20')")
                .unwrap()
        );
        // On each node, its own.
        assert!(
            vrai("count(c:Line[normalize-space(c:Rate) = '20'] | c:Line[normalize-space(c:Rate) = '5.5']) = 2")
                .unwrap()
        );
        assert!(vrai("c:Line[normalize-space(c:Rate) = 'abc']/c:ID = 3").unwrap());
        // A source with a variable, for each of its values.
        assert!(vrai("some $l in c:Line satisfies normalize-space($l/c:Rate) = '5.5'").unwrap());
        assert!(!vrai("every $l in c:Line satisfies normalize-space($l/c:Rate) = '20'").unwrap());
        // An error is not kept for a value.
        assert!(vrai("normalize-space(c:Amount) = '' or normalize-space(c:Amount) = 'x'").is_err());
    }

    #[test]
    fn an_attribute_of_the_context_node_is_found_by_its_name() {
        assert!(vrai("count(c:Amount[@currencyID = 'EUR']) = 2").unwrap());
        assert!(vrai("count(c:Amount[normalize-space(@currencyID) = 'EUR']) = 2").unwrap());
        assert!(
            !vrai("c:Amount[@currencyID = 'USD'] or c:Amount[@unitCode] or @currencyID").unwrap()
        );
    }

    #[test]
    fn paths_from_each_of_several_nodes_of_a_class_find_their_own_nodes() {
        // From each line (three of one class), name steps then an expression or a predicate.
        assert!(vrai("count(c:Line[c:ID/xs:decimal(.) >= 2]) = 2").unwrap());
        assert!(vrai("count(c:Line[c:Flag[. = 'true']/../c:ID = 2]) = 1").unwrap());
        assert!(vrai("sum(c:Line[c:Flag/string(.) = 'false']/c:ID/xs:decimal(.)) = 1").unwrap());
        assert!(vrai("c:Line[c:Note/string(.) = 'b']/c:ID = 2").unwrap());
        assert!(vrai("count(c:Line[count(c:Note/string(.)) = 2]) = 1").unwrap());
        // The third line's rate is no number: an error, not a false predicate.
        assert!(vrai("c:Line[c:Rate/xs:decimal(.) > 100]").is_err());
    }

    #[test]
    fn counts_compared_to_a_number_are_rewritten_and_keep_their_verdicts() {
        let prefixes: HashMap<String, String> =
            [("c", "urn:c")].map(|(p, u)| (p.to_owned(), u.to_owned())).into();
        let mut noms = Noms::default();
        let mut portee = Portee { prefixes: &prefixes, noms: &mut noms, variables: 0 };
        let mut expr = compiler("count(c:Line) = 3 and count(c:Line) != 0", &mut portee).unwrap();
        compter_vite(&mut expr);
        let Expr::Et(a, b) = &expr else { panic!("{expr:?}") };
        assert!(matches!(**a, Expr::Compte { .. }), "{a:?}");
        assert!(matches!(**b, Expr::Compte { .. }), "{b:?}");

        assert!(vrai("count(c:Line) = 3").unwrap());
        assert!(!vrai("count(c:Line) = 2").unwrap());
        assert!(vrai("count(c:Line) != 2 and count(c:Nothing) = 0").unwrap());
        assert!(vrai("count(c:Line/c:Flag) < 2.5 and count(c:Line/c:Flag) >= 2.0").unwrap());
        assert!(!vrai("count(c:Line/c:Flag) > 2").unwrap());
        assert!(vrai("count(c:Line[c:Flag = 'true']) <= 1").unwrap());
        assert!(vrai("count(c:Line/c:ID | c:Line/c:Flag) = 5").unwrap());
        // The count's own error stays the comparison's.
        assert!(vrai("count(c:Line[xs:decimal(c:Rate) > 1]) = 2").is_err());
        // A number's opposite is not a literal: the general comparison keeps it.
        assert!(vrai("count(c:Line) > -1").unwrap());
    }

    #[test]
    fn paths_differing_by_a_literal_are_grouped_and_keep_their_verdicts() {
        // Made into a family where only existence or a count is asked, never elsewhere.
        let familles = |source: &str| {
            let prefixes = prefixes();
            let mut noms = Noms::default();
            let mut portee = Portee { prefixes: &prefixes, noms: &mut noms, variables: 0 };
            let mut expr = compiler(source, &mut portee).unwrap();
            accelerer(&mut expr);
            compter_vite(&mut expr);
            let mut familles = Familles::default();
            familles.compter(&mut expr);
            familles.regrouper(&mut expr);
            familles.nombre
        };
        // `source` makes `nombre` families; its value, compared with the plain evaluation's.
        let groupee = |source: &str, nombre: u32| {
            assert_eq!(familles(source), nombre, "{source}");
            vrai(source)
        };
        let deux = "exists(//c:Line[normalize-space(c:Rate) = '20']) and not(//c:Line[normalize-space(c:Rate) = '7'])";
        assert_eq!(familles("exists(//c:Line[normalize-space(c:Rate) = '20'])"), 0, "alone");
        assert_eq!(
            familles(
                "//c:Line[normalize-space(c:Rate) = '20'] = //c:Line[normalize-space(c:Rate) = '7']"
            ),
            0,
            "values"
        );
        assert_eq!(
            familles(
                "exists(c:Line[normalize-space(c:Rate) = '20']) and exists(c:Line[normalize-space(c:Rate) = '7'])"
            ),
            0,
            "from the context"
        );
        assert_eq!(
            familles(
                "exists(//c:Line[normalize-space(c:Rate) = '20'][1]) and exists(//c:Line[normalize-space(c:Rate) = '7'][1])"
            ),
            0,
            "positions"
        );

        assert!(groupee(deux, 1).unwrap());
        // The key normalised: ' 5.5 ' is '5.5'; a node without key has the empty one.
        let normalisee = "count(//c:Line[normalize-space(c:Rate) = '5.5']) = 1 and empty(//c:Line[normalize-space(c:Rate) = '5'])";
        assert!(groupee(normalisee, 1).unwrap());
        let vide = "count(//c:Line[normalize-space(c:Flag) = '']) = 1 and empty(//c:Line[normalize-space(c:Flag) = 'maybe'])";
        assert!(groupee(vide, 1).unwrap());
        assert!(vrai("exists(//c:Line[c:ID != 2]/c:Rate[normalize-space(.) = '20']) and not(//c:Line[c:ID != 2]/c:Rate[normalize-space(.) = '5.5'])").unwrap());
        // `X = 'literal'`, as CII writes it: the values as they are, each a key of its node.
        let egal = "exists(//c:Line[c:Rate = ' 5.5 ']) and not(//c:Line[c:Rate = '5.5']) and count(//i:Invoice[c:Amount = '0.20']) = 1 and empty(//i:Invoice[c:Amount = '0.2'])";
        assert!(groupee(egal, 2).unwrap());
        // Predicates after the keyed one, each path its own.
        let apres = "exists(//c:Line[normalize-space(c:Rate) = '20'][c:Flag = 'false']) and not(//c:Line[normalize-space(c:Rate) = '5.5'][c:Flag = 'false']) and count(//c:Line[normalize-space(c:Rate) = '5.5']) = 1";
        assert!(groupee(apres, 1).unwrap());
        // One of them an error on a node: the path as written, which stops at its first node
        // passing them all, or raises the error.
        let erreur = "exists(//c:*[normalize-space(c:ID) = ''][xs:decimal(.) > 0]) or exists(//c:*[normalize-space(c:ID) = 'x'][xs:decimal(.) > 0])";
        assert!(groupee(erreur, 1).unwrap());
        let compte = "count(//c:*[normalize-space(c:ID) = ''][xs:decimal(.) > 0]) = 1 or count(//c:*[normalize-space(c:ID) = 'x'][xs:decimal(.) > 0]) = 1";
        assert!(groupee(compte, 1).is_err());
        // A key that is an error on some node: each path as written, which stops at its first
        // node or raises the error.
        assert!(
            vrai("exists(//c:*[normalize-space(*) = '']) or not(//c:*[normalize-space(*) = 'x'])")
                .unwrap()
        );
        assert!(vrai("count(//c:*[normalize-space(*) = '']) = 1 or count(//c:*[normalize-space(*) = 'x']) = 1").is_err());
    }
}
