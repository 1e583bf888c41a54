//! Compiled expressions. Names are numbers of the rule set's [`Noms`](super::noms::Noms),
//! variables are slots, and what does not depend on the context node is marked for memoising.
//!
//! Expressions compare and hash by structure: the compiler's passes find the same expression
//! written in several rules (to memoise it once, share a predicate's values, compute a
//! repeated part once) by looking it up in hash tables.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use rust_decimal::Decimal;

use super::guide::Multiplicatif;

/// A code list: fixed at compile time, a document's values are only looked up in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Codes(HashSet<Box<str>, BuildHasherDefault<Multiplicatif>>);

impl Codes {
    pub(crate) fn contient(&self, code: &str) -> bool {
        self.0.contains(code)
    }
}

impl FromIterator<Box<str>> for Codes {
    fn from_iter<I: IntoIterator<Item = Box<str>>>(codes: I) -> Self {
        Codes(codes.into_iter().collect())
    }
}

impl Hash for Codes {
    /// By size alone: equal sets have equal sizes, and a list stands beside its text anyway.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.len().hash(state);
    }
}

/// An `xs:double` literal, equal to another of the same bits (NaN included, which a literal
/// cannot be anyway): what makes two expressions the same is how they are written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flottant(pub(crate) f64);

impl PartialEq for Flottant {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Flottant {}

impl Hash for Flottant {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

/// A compiled `matches()` pattern, the same as another of the same source.
#[derive(Debug, Clone)]
pub(crate) struct Expression(pub(crate) regex::Regex);

impl PartialEq for Expression {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

impl Eq for Expression {}

impl Hash for Expression {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.as_str().hash(state);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Expr {
    Chaine(Box<str>),
    /// xs:integer and xs:decimal literals: both are exact, and no rule tells them apart. Equal
    /// by value (`1.0` is `1.00`): a decimal's string is canonical whatever its scale.
    Decimal(Decimal),
    Double(Flottant),
    Vide,
    Suite(Vec<Expr>),
    /// `.`
    Contexte,
    Variable(u16),
    /// `/` alone: the document node.
    Racine,
    Chemin(Box<Chemin>),
    /// `(expr)[predicate]…`
    Filtre(Box<Expr>, Vec<Predicat>),
    Ou(Box<Expr>, Box<Expr>),
    Et(Box<Expr>, Box<Expr>),
    /// General comparison: existential over both sequences.
    Comparaison(Comparaison, Box<Expr>, Box<Expr>),
    /// Value comparison (`eq`, `lt`…): one item each side.
    ComparaisonValeurs(Comparaison, Box<Expr>, Box<Expr>),
    Arithmetique(Operation, Box<Expr>, Box<Expr>),
    Oppose(Box<Expr>),
    Union(Vec<Expr>),
    Quantifiee {
        tous: bool,
        variable: u16,
        domaine: Box<Expr>,
        condition: Box<Expr>,
    },
    Si(Box<Expr>, Box<Expr>, Box<Expr>),
    Appel(Fonction, Vec<Expr>),
    Conversion {
        expr: Box<Expr>,
        vers: Type,
        vide_permis: bool,
    },
    /// An expression that does not depend on the context: evaluated once per document.
    Memo(u32, Box<Expr>),
    /// A predicate that recurs verbatim in many rules, without variables: its value for a
    /// node is kept for the document, under this number.
    Partage(u32, Box<Expr>),
    /// A value an assert computes more than once in the same context (`abs(xs:decimal(
    /// cbc:TaxAmount))` on both sides of a tolerance, BR-S-08's three sums): computed once per
    /// evaluation of the assert and binding of its variables, under this number.
    Commune(u32, Box<Expr>),
    /// `ends-with(name(), 'suffix')` with a suffix without `:`: the prefix cannot matter, so the
    /// node's local name is tested, without building its qualified name.
    NomFinitPar(Box<str>),
    /// `contains(' A B C ', concat(' ', x, ' '))`, the code-list idiom: a set lookup when `x`
    /// is one token, a substring search otherwise.
    DansListe {
        liste: Box<str>,
        codes: Codes,
        valeur: Box<Expr>,
    },
    /// A frequent test of one string argument (`normalize-space(X) != ''`, a code list…),
    /// evaluated without building the intermediate strings; `source` is `X`, whose value is
    /// taken exactly as the functions it replaces take it (an error stays an error).
    Texte {
        source: Box<Expr>,
        forme: FormeTexte,
        /// The source's number among the rule set's sources without variables, equal sources
        /// alike ([`SANS_NUMERO`] for others, and before numbering): the string a node gave
        /// is taken again by the next test of the same source on that node (the VAT category
        /// rules test `normalize-space(cbc:ID)` against each category in turn).
        numero: u32,
    },
    /// `count(source) op borne`, the count compared as the general comparison would compare
    /// it: without building the count's value nor walking the comparison's right side.
    Compte {
        op: Comparaison,
        source: Box<Expr>,
        borne: Decimal,
    },
    /// A path of a [`Famille`], where only its nodes' existence or number is asked.
    Famille(Box<Famille>),
}

/// Paths that differ only by the literal of a predicate of their last step,
/// `//cac:TaxCategory[…]/cbc:ID[normalize-space(.) = 'E']`, `… = 'Z']`,
/// `//cac:ClassifiedTaxCategory[normalize-space(cbc:ID) = 'E'][…]`, in CII
/// `//ram:CategoryTradeTax[ram:CategoryCode = 'E']`: the VAT category rules scan the same
/// nodes once per category. The nodes before that predicate are found once per document and
/// grouped by their key; each path of the family is then a lookup by its literal, and its own
/// predicates after that one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Famille {
    /// The family's number among the rule set's.
    pub(crate) numero: u32,
    /// The path without its last predicate: context-free, the same for the whole family.
    pub(crate) base: Expr,
    /// What the keyed predicate tests, on each node of `base`.
    pub(crate) cle: Expr,
    /// `normalize-space(cle) = 'literal'` (a node's key is that string), or, false,
    /// `cle = 'literal'` with `cle` a simple path (a node is in the group of each of the
    /// string values of its nodes: the general comparison is existential).
    pub(crate) normalisee: bool,
    pub(crate) valeur: Box<str>,
    /// This path's predicates after the keyed one, all boolean.
    pub(crate) apres: Vec<Predicat>,
    /// The path as written: evaluated instead when a node's key or a predicate after it is an
    /// error (the path as written may stop before that node, or raise it).
    pub(crate) chemin: Expr,
}

/// The tests [`Expr::Texte`] does, each equivalent to the expression it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum FormeTexte {
    /// `not(contains(normalize-space(X), ' '))`
    SansEspace,
    /// `contains(' A B ', concat(' ', normalize-space(X), ' '))`
    Code { liste: Box<str>, codes: Codes },
    /// `normalize-space(X) = 'lit'` (`egal`) or `!=`, after `upper-case` if `majuscules`.
    Egal { valeur: Box<str>, majuscules: bool, egal: bool },
    /// `string-length(substring-after(X, 'sep')) op n`
    LongueurApres { separateur: Box<str>, op: Comparaison, borne: Decimal },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Comparaison {
    Egal,
    Different,
    Inferieur,
    InferieurOuEgal,
    Superieur,
    SuperieurOuEgal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Operation {
    Plus,
    Moins,
    Fois,
    Div,
    IDiv,
    Mod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Type {
    Decimal,
    Double,
    Booleen,
    Chaine,
    Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Fonction {
    Not,
    Exists,
    Empty,
    Count,
    Sum,
    Round,
    Abs,
    Floor,
    Ceiling,
    NormalizeSpace,
    UpperCase,
    LowerCase,
    Contains,
    StartsWith,
    EndsWith,
    SubstringBefore,
    SubstringAfter,
    Substring,
    StringLength,
    Concat,
    Matches(Box<Expression>),
    DistinctValues,
    LocalName,
    /// Only as `ends-with(name(), …)`, rewritten to [`Expr::NomFinitPar`].
    Name,
    True,
    False,
    Boolean,
    String,
    Number,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Chemin {
    pub(crate) depart: Depart,
    pub(crate) etapes: Vec<Etape>,
    /// The steps may give a node twice or out of document order (`..` from several nodes,
    /// `//` followed by more steps): results are then gathered, sorted and deduplicated.
    pub(crate) a_trier: bool,
    /// The leading steps that test names on the child or attribute axis without predicate, as
    /// labels of the document's [guide](super::guide): they are resolved without a walk.
    pub(crate) etiquettes: Box<[Box<[u32]>]>,
    /// Only such steps, from the context or the root: evaluated without the general machinery.
    pub(crate) simple: bool,
    /// For a simple path of one name per step: its number among such paths of the rule set
    /// ([`SANS_NUMERO`] before numbering), under which an evaluator keeps the class of the
    /// guide it leads to (see [`super::analyse::numeroter_chemins`]).
    pub(crate) numero: u32,
}

/// A path without a number.
pub(crate) const SANS_NUMERO: u32 = u32::MAX;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Depart {
    Contexte,
    Racine,
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Etape {
    Axe {
        axe: Axe,
        test: Test,
        predicats: Vec<Predicat>,
    },
    /// `cac:TaxScheme/normalize-space(cbc:ID)`: an expression evaluated for each node.
    Expr {
        expr: Expr,
        predicats: Vec<Predicat>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Axe {
    Enfant,
    Attribut,
    Soi,
    Parent,
    Descendant,
    DescendantOuSoi,
    /// `//@name`: the attributes of the node and its descendants.
    AttributDescendant,
    Ancetre,
    AncetreOuSoi,
    Precedent,
    FrereSuivant,
    FrerePrecedent,
    Suivant,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Test {
    Nom(u32),
    /// `(a | b)` as a step: any of these names.
    Noms(Box<[u32]>),
    /// `prefix:*`
    Namespace(u32),
    /// `*`
    Tout,
    /// `node()`
    Noeud,
    /// `text()`
    Texte,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Predicat {
    /// `[3]`
    Position(usize),
    /// A predicate whose value cannot be a number: its effective boolean value decides.
    Booleen(Expr),
    /// Numeric values compare with the position, others give their effective boolean value.
    Valeur(Expr),
}

/// An XSLT pattern (a rule's context): alternatives, each matched from its last step up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Motif {
    pub(crate) alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Alternative {
    /// Starts with `/name`: the first step's node is the root element.
    pub(crate) ancre: bool,
    pub(crate) etapes: Vec<EtapeMotif>,
    /// Each step's name, when every step tests one name or `*` ([`ELEMENT`]) and only the
    /// first may have `//` before it (`cac:InvoiceLine/cbc:ID`, `/*/cac:TaxTotal`): the
    /// element and its ancestors are then compared name by name, one parent each, without
    /// the general matcher.
    ///
    /// [`ELEMENT`]: super::guide::ELEMENT
    pub(crate) noms: Option<Box<[u32]>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct EtapeMotif {
    pub(crate) test: Test,
    pub(crate) predicats: Vec<Expr>,
    /// `//` before this step: the previous step matches an ancestor, not the parent.
    pub(crate) descendant: bool,
}
