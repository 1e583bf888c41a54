//! XPath 2.0 to [`Expr`], for the subset the EN 16931 Schematron uses (anything else is a
//! compile error, so a new release of the rules that needs more fails loudly in the tests).
//!
//! While parsing, a few rewrites make evaluation cheap without changing a value:
//! `//name` becomes one `descendant::name` step, `(a | b)` as a step becomes one child step
//! testing two names, literal positions become [`Predicat::Position`], `ends-with(name(), 's')`
//! and the code-list idiom `contains(' A B ', concat(' ', x, ' '))` get their own nodes.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::ErreurXPath;
use super::ast::{
    Axe, Chemin, Codes, Comparaison, Depart, Etape, Expr, Expression, Flottant, Fonction,
    Operation, Predicat, SANS_NUMERO, Test, Type,
};
use super::guide::ATTRIBUT;
use super::lexer::{Token, tokens};
use super::noms::Noms;

const XS: &str = "http://www.w3.org/2001/XMLSchema";
const FN: &str = "http://www.w3.org/2005/xpath-functions";

/// What expressions are compiled against: the rule set's prefixes and names.
pub(crate) struct Portee<'a> {
    pub(crate) prefixes: &'a HashMap<String, String>,
    pub(crate) noms: &'a mut Noms,
    /// Variables used by all expressions so far: the evaluator's slot count.
    pub(crate) variables: u16,
}

pub(crate) fn compiler(source: &str, portee: &mut Portee<'_>) -> Result<Expr, ErreurXPath> {
    let tokens = tokens(source)?;
    let mut parser = Parser { source, tokens, at: 0, portee, liees: Vec::new() };
    let expr = parser.expr()?;
    if parser.at != parser.tokens.len() {
        return Err(parser.erreur("unexpected token"));
    }
    Ok(expr)
}

struct Parser<'s, 'p, 'a> {
    source: &'s str,
    tokens: Vec<Token<'s>>,
    at: usize,
    portee: &'p mut Portee<'a>,
    /// Variables in scope, innermost last.
    liees: Vec<(&'s str, u16)>,
}

/// What a step can be before we know whether it stands alone.
enum Pas {
    Axe(Axe, Test),
    Contexte,
    Primaire(Expr),
}

impl<'s> Parser<'s, '_, '_> {
    fn erreur(&self, what: &str) -> ErreurXPath {
        ErreurXPath::Syntaxe(format!(
            "{what} at token {} ({:?}) in `{}`",
            self.at,
            self.tokens.get(self.at),
            self.source
        ))
    }

    fn peek(&self) -> Option<&Token<'s>> {
        self.tokens.get(self.at)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Token<'s>> {
        self.tokens.get(self.at + ahead)
    }

    fn eat(&mut self, token: &Token<'_>) -> bool {
        if self.peek() == Some(token) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &Token<'_>) -> Result<(), ErreurXPath> {
        if self.eat(token) { Ok(()) } else { Err(self.erreur(&format!("expected {token:?}"))) }
    }

    /// A keyword where an operator is expected.
    fn eat_keyword(&mut self, keyword: &str) -> bool {
        if matches!(self.peek(), Some(Token::Name(None, k)) if *k == keyword) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Result<Expr, ErreurXPath> {
        let first = self.expr_single()?;
        if self.peek() != Some(&Token::Comma) {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat(&Token::Comma) {
            items.push(self.expr_single()?);
        }
        Ok(Expr::Suite(items))
    }

    fn expr_single(&mut self) -> Result<Expr, ErreurXPath> {
        let keyword = match self.peek() {
            Some(Token::Name(None, k)) => Some(*k),
            _ => None,
        };
        match (keyword, self.peek_at(1)) {
            (Some(k @ ("some" | "every")), Some(Token::Var(_))) => {
                self.at += 1;
                self.quantifiee(k == "every")
            }
            (Some("if"), Some(Token::LParen)) => {
                self.at += 2;
                let condition = self.expr()?;
                self.expect(&Token::RParen)?;
                if !self.eat_keyword("then") {
                    return Err(self.erreur("expected then"));
                }
                let alors = self.expr_single()?;
                if !self.eat_keyword("else") {
                    return Err(self.erreur("expected else"));
                }
                let sinon = self.expr_single()?;
                Ok(Expr::Si(Box::new(condition), Box::new(alors), Box::new(sinon)))
            }
            (Some("for"), Some(Token::Var(_))) => {
                Err(self.erreur("for expressions are not supported"))
            }
            _ => self.ou(),
        }
    }

    /// `every $a in A, $b in B satisfies C` is `every $a in A satisfies every $b in B satisfies C`.
    fn quantifiee(&mut self, tous: bool) -> Result<Expr, ErreurXPath> {
        let Some(Token::Var(nom)) = self.peek().cloned() else {
            return Err(self.erreur("expected a variable"));
        };
        self.at += 1;
        if !self.eat_keyword("in") {
            return Err(self.erreur("expected in"));
        }
        let domaine = self.expr_single()?;
        let variable = self.portee.variables;
        self.portee.variables =
            variable.checked_add(1).ok_or_else(|| self.erreur("too many variables"))?;
        self.liees.push((nom, variable));
        let condition = if self.eat(&Token::Comma) {
            self.quantifiee(tous)
        } else if self.eat_keyword("satisfies") {
            self.expr_single()
        } else {
            Err(self.erreur("expected satisfies"))
        };
        self.liees.pop();
        Ok(Expr::Quantifiee {
            tous,
            variable,
            domaine: Box::new(domaine),
            condition: Box::new(condition?),
        })
    }

    fn ou(&mut self) -> Result<Expr, ErreurXPath> {
        let mut left = self.et()?;
        while self.eat_keyword("or") {
            left = Expr::Ou(Box::new(left), Box::new(self.et()?));
        }
        Ok(left)
    }

    fn et(&mut self) -> Result<Expr, ErreurXPath> {
        let mut left = self.comparaison()?;
        while self.eat_keyword("and") {
            left = Expr::Et(Box::new(left), Box::new(self.comparaison()?));
        }
        Ok(left)
    }

    fn comparaison(&mut self) -> Result<Expr, ErreurXPath> {
        let left = self.additive()?;
        let general = match self.peek() {
            Some(Token::Eq) => Some(Comparaison::Egal),
            Some(Token::Ne) => Some(Comparaison::Different),
            Some(Token::Lt) => Some(Comparaison::Inferieur),
            Some(Token::Le) => Some(Comparaison::InferieurOuEgal),
            Some(Token::Gt) => Some(Comparaison::Superieur),
            Some(Token::Ge) => Some(Comparaison::SuperieurOuEgal),
            _ => None,
        };
        if let Some(op) = general {
            self.at += 1;
            let right = self.additive()?;
            return Ok(Expr::Comparaison(op, Box::new(left), Box::new(right)));
        }
        let valeurs = match self.peek() {
            Some(Token::Name(None, "eq")) => Some(Comparaison::Egal),
            Some(Token::Name(None, "ne")) => Some(Comparaison::Different),
            Some(Token::Name(None, "lt")) => Some(Comparaison::Inferieur),
            Some(Token::Name(None, "le")) => Some(Comparaison::InferieurOuEgal),
            Some(Token::Name(None, "gt")) => Some(Comparaison::Superieur),
            Some(Token::Name(None, "ge")) => Some(Comparaison::SuperieurOuEgal),
            _ => None,
        };
        if let Some(op) = valeurs {
            self.at += 1;
            let right = self.additive()?;
            return Ok(Expr::ComparaisonValeurs(op, Box::new(left), Box::new(right)));
        }
        if matches!(self.peek(), Some(Token::Name(None, "is" | "to"))) {
            return Err(self.erreur("node and range comparisons are not supported"));
        }
        Ok(left)
    }

    fn additive(&mut self) -> Result<Expr, ErreurXPath> {
        let mut left = self.multiplicative()?;
        loop {
            let op = match self.peek() {
                Some(Token::Plus) => Operation::Plus,
                Some(Token::Minus) => Operation::Moins,
                _ => return Ok(left),
            };
            self.at += 1;
            left = Expr::Arithmetique(op, Box::new(left), Box::new(self.multiplicative()?));
        }
    }

    fn multiplicative(&mut self) -> Result<Expr, ErreurXPath> {
        let mut left = self.union()?;
        loop {
            let op = match self.peek() {
                Some(Token::Star(None)) => Operation::Fois,
                Some(Token::Name(None, "div")) => Operation::Div,
                Some(Token::Name(None, "idiv")) => Operation::IDiv,
                Some(Token::Name(None, "mod")) => Operation::Mod,
                _ => return Ok(left),
            };
            self.at += 1;
            left = Expr::Arithmetique(op, Box::new(left), Box::new(self.union()?));
        }
    }

    fn union(&mut self) -> Result<Expr, ErreurXPath> {
        let first = self.conversion()?;
        if !matches!(self.peek(), Some(Token::Pipe | Token::Name(None, "union"))) {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat(&Token::Pipe) || self.eat_keyword("union") {
            items.push(self.conversion()?);
        }
        Ok(Expr::Union(items))
    }

    fn conversion(&mut self) -> Result<Expr, ErreurXPath> {
        let expr = self.unaire()?;
        if matches!(self.peek(), Some(Token::Name(None, "castable" | "instance" | "treat"))) {
            return Err(self.erreur("castable, instance of and treat are not supported"));
        }
        if !(matches!(self.peek(), Some(Token::Name(None, "cast")))
            && matches!(self.peek_at(1), Some(Token::Name(None, "as"))))
        {
            return Ok(expr);
        }
        self.at += 2;
        let Some(Token::Name(prefix, local)) = self.peek().cloned() else {
            return Err(self.erreur("expected a type"));
        };
        self.at += 1;
        let vers = self.type_atomique(prefix, local)?;
        Ok(Expr::Conversion { expr: Box::new(expr), vers, vide_permis: false })
    }

    fn type_atomique(&self, prefix: Option<&str>, local: &str) -> Result<Type, ErreurXPath> {
        if self.uri(prefix)? != XS {
            return Err(self.erreur("expected an xs: type"));
        }
        Ok(match local {
            "decimal" | "integer" => Type::Decimal,
            "double" => Type::Double,
            "boolean" => Type::Booleen,
            "string" => Type::Chaine,
            "date" => Type::Date,
            _ => return Err(self.erreur("unsupported type")),
        })
    }

    fn unaire(&mut self) -> Result<Expr, ErreurXPath> {
        let mut negate = false;
        loop {
            if self.eat(&Token::Minus) {
                negate = !negate;
            } else if !self.eat(&Token::Plus) {
                break;
            }
        }
        let expr = self.chemin()?;
        Ok(if negate { Expr::Oppose(Box::new(expr)) } else { expr })
    }

    fn commence_etape(&self) -> bool {
        match self.peek() {
            Some(Token::Name(None, k)) if matches!(*k, "and" | "or" | "div" | "mod" | "idiv") => {
                // `/ and …` is the root followed by `and`; `/and` a step: only the rules'
                // usage decides, and they never name such elements.
                false
            }
            Some(
                Token::Name(..)
                | Token::Star(_)
                | Token::At
                | Token::Dot
                | Token::DotDot
                | Token::LParen
                | Token::Str(_)
                | Token::Integer(_)
                | Token::Decimal(_)
                | Token::Double(_)
                | Token::Var(_),
            ) => true,
            _ => false,
        }
    }

    fn chemin(&mut self) -> Result<Expr, ErreurXPath> {
        let mut etapes = Vec::new();
        let depart = if self.eat(&Token::Slash) {
            if !self.commence_etape() {
                return Ok(Expr::Racine);
            }
            Depart::Racine
        } else if self.eat(&Token::SlashSlash) {
            etapes.push(Etape::Axe {
                axe: Axe::DescendantOuSoi,
                test: Test::Noeud,
                predicats: vec![],
            });
            etapes.push(self.etape_de_chemin()?);
            Depart::Racine
        } else {
            let (pas, predicats) = self.etape()?;
            let continues = matches!(self.peek(), Some(Token::Slash | Token::SlashSlash));
            match pas {
                Pas::Primaire(expr) if !continues => {
                    return Ok(if predicats.is_empty() {
                        expr
                    } else {
                        Expr::Filtre(Box::new(expr), predicats)
                    });
                }
                Pas::Contexte if !continues => {
                    return Ok(if predicats.is_empty() {
                        Expr::Contexte
                    } else {
                        Expr::Filtre(Box::new(Expr::Contexte), predicats)
                    });
                }
                Pas::Primaire(expr) if noms_enfants(&expr).is_some() => {
                    let noms = noms_enfants(&expr).unwrap_or_default();
                    etapes.push(Etape::Axe { axe: Axe::Enfant, test: Test::Noms(noms), predicats });
                    Depart::Contexte
                }
                Pas::Primaire(expr) => {
                    let expr = if predicats.is_empty() {
                        expr
                    } else {
                        Expr::Filtre(Box::new(expr), predicats)
                    };
                    Depart::Expr(expr)
                }
                Pas::Contexte if predicats.is_empty() => Depart::Contexte,
                Pas::Contexte => Depart::Expr(Expr::Filtre(Box::new(Expr::Contexte), predicats)),
                Pas::Axe(axe, test) => {
                    etapes.push(Etape::Axe { axe, test, predicats });
                    Depart::Contexte
                }
            }
        };
        if matches!(depart, Depart::Racine) && etapes.is_empty() {
            etapes.push(self.etape_de_chemin()?);
        }
        loop {
            if self.eat(&Token::Slash) {
                etapes.push(self.etape_de_chemin()?);
            } else if self.eat(&Token::SlashSlash) {
                etapes.push(Etape::Axe {
                    axe: Axe::DescendantOuSoi,
                    test: Test::Noeud,
                    predicats: vec![],
                });
                etapes.push(self.etape_de_chemin()?);
            } else {
                break;
            }
        }
        Ok(Expr::Chemin(Box::new(chemin(depart, etapes))))
    }

    fn etape_de_chemin(&mut self) -> Result<Etape, ErreurXPath> {
        let (pas, predicats) = self.etape()?;
        Ok(match pas {
            Pas::Axe(axe, test) => Etape::Axe { axe, test, predicats },
            Pas::Contexte => Etape::Axe { axe: Axe::Soi, test: Test::Noeud, predicats },
            Pas::Primaire(expr) => match noms_enfants(&expr) {
                Some(noms) => Etape::Axe { axe: Axe::Enfant, test: Test::Noms(noms), predicats },
                None => Etape::Expr { expr, predicats },
            },
        })
    }

    fn etape(&mut self) -> Result<(Pas, Vec<Predicat>), ErreurXPath> {
        let pas = self.pas()?;
        let mut predicats = Vec::new();
        while self.eat(&Token::LBracket) {
            let expr = self.expr()?;
            self.expect(&Token::RBracket)?;
            predicats.push(predicat(expr));
        }
        Ok((pas, predicats))
    }

    fn pas(&mut self) -> Result<Pas, ErreurXPath> {
        let Some(token) = self.peek().cloned() else { return Err(self.erreur("expected a step")) };
        self.at += 1;
        match token {
            Token::DotDot => Ok(Pas::Axe(Axe::Parent, Test::Noeud)),
            Token::Dot => Ok(Pas::Contexte),
            Token::At => {
                let test = self.test_de_nom(true)?;
                Ok(Pas::Axe(Axe::Attribut, test))
            }
            Token::Star(_) => {
                self.at -= 1;
                Ok(Pas::Axe(Axe::Enfant, self.test_de_nom(false)?))
            }
            Token::Name(prefix, local) => {
                if prefix.is_none() && self.peek() == Some(&Token::ColonColon) {
                    self.at += 1;
                    let axe = match local {
                        "child" => Axe::Enfant,
                        "attribute" => Axe::Attribut,
                        "self" => Axe::Soi,
                        "parent" => Axe::Parent,
                        "descendant" => Axe::Descendant,
                        "descendant-or-self" => Axe::DescendantOuSoi,
                        "ancestor" => Axe::Ancetre,
                        "ancestor-or-self" => Axe::AncetreOuSoi,
                        "preceding" => Axe::Precedent,
                        "following" => Axe::Suivant,
                        "following-sibling" => Axe::FrereSuivant,
                        "preceding-sibling" => Axe::FrerePrecedent,
                        _ => return Err(self.erreur("unknown axis")),
                    };
                    return Ok(Pas::Axe(axe, self.test_de_nom(axe == Axe::Attribut)?));
                }
                if self.peek() == Some(&Token::LParen) {
                    if prefix.is_none() && matches!(local, "node" | "text") {
                        self.at -= 1;
                        return Ok(Pas::Axe(Axe::Enfant, self.test_de_nom(false)?));
                    }
                    self.at += 1;
                    return Ok(Pas::Primaire(self.appel(prefix, local)?));
                }
                self.at -= 1;
                Ok(Pas::Axe(Axe::Enfant, self.test_de_nom(false)?))
            }
            Token::LParen => {
                if self.eat(&Token::RParen) {
                    return Ok(Pas::Primaire(Expr::Vide));
                }
                let expr = self.expr()?;
                self.expect(&Token::RParen)?;
                Ok(Pas::Primaire(expr))
            }
            Token::Str(s) => Ok(Pas::Primaire(Expr::Chaine(s.into()))),
            Token::Integer(n) | Token::Decimal(n) => {
                let value = n.parse::<Decimal>().map_err(|_| self.erreur("bad number"))?;
                Ok(Pas::Primaire(Expr::Decimal(value)))
            }
            Token::Double(n) => {
                let value = n.parse::<f64>().map_err(|_| self.erreur("bad number"))?;
                Ok(Pas::Primaire(Expr::Double(Flottant(value))))
            }
            Token::Var(nom) => {
                let slot = self.liees.iter().rev().find(|(n, _)| *n == nom).map(|&(_, slot)| slot);
                let slot = slot.ok_or_else(|| self.erreur("unbound variable"))?;
                Ok(Pas::Primaire(Expr::Variable(slot)))
            }
            _ => {
                self.at -= 1;
                Err(self.erreur("expected a step"))
            }
        }
    }

    fn uri(&self, prefix: Option<&str>) -> Result<&str, ErreurXPath> {
        match prefix {
            None => Ok(""),
            Some(p) => self
                .portee
                .prefixes
                .get(p)
                .map(String::as_str)
                .ok_or_else(|| self.erreur(&format!("unknown prefix {p}"))),
        }
    }

    fn test_de_nom(&mut self, attribut: bool) -> Result<Test, ErreurXPath> {
        let Some(token) = self.peek().cloned() else { return Err(self.erreur("expected a name")) };
        self.at += 1;
        match token {
            Token::Star(None) => Ok(Test::Tout),
            Token::Star(Some(prefix)) => {
                let uri = self.uri(Some(prefix))?.to_owned();
                Ok(Test::Namespace(self.portee.noms.namespace(&uri)))
            }
            Token::Name(None, kind @ ("node" | "text")) if self.peek() == Some(&Token::LParen) => {
                self.at += 1;
                self.expect(&Token::RParen)?;
                Ok(if kind == "node" { Test::Noeud } else { Test::Texte })
            }
            Token::Name(prefix, local) => {
                // Unprefixed names are in no namespace: attributes always, elements because
                // Schematron declares no default namespace.
                let _ = attribut;
                let uri = self.uri(prefix)?.to_owned();
                Ok(Test::Nom(self.portee.noms.nom(&uri, local)))
            }
            _ => Err(self.erreur("expected a name test")),
        }
    }

    fn appel(&mut self, prefix: Option<&str>, local: &str) -> Result<Expr, ErreurXPath> {
        let mut args = Vec::new();
        if !self.eat(&Token::RParen) {
            loop {
                args.push(self.expr_single()?);
                if self.eat(&Token::RParen) {
                    break;
                }
                self.expect(&Token::Comma)?;
            }
        }
        let uri = match prefix {
            None => FN,
            Some(_) => self.uri(prefix)?,
        };
        if uri == XS {
            let vers = self.type_atomique(prefix, local)?;
            let [arg] = <[Expr; 1]>::try_from(args)
                .map_err(|_| self.erreur("a constructor takes one argument"))?;
            return Ok(Expr::Conversion { expr: Box::new(arg), vers, vide_permis: true });
        }
        if uri != FN {
            return Err(self.erreur("unknown function"));
        }
        let n = args.len();
        let fonction = match (local, n) {
            ("not", 1) => Fonction::Not,
            ("exists", 1) => Fonction::Exists,
            ("empty", 1) => Fonction::Empty,
            ("count", 1) => Fonction::Count,
            ("sum", 1) => Fonction::Sum,
            ("round", 1) => Fonction::Round,
            ("abs", 1) => Fonction::Abs,
            ("floor", 1) => Fonction::Floor,
            ("ceiling", 1) => Fonction::Ceiling,
            ("normalize-space", 0 | 1) => Fonction::NormalizeSpace,
            ("upper-case", 1) => Fonction::UpperCase,
            ("lower-case", 1) => Fonction::LowerCase,
            ("contains", 2) => return Ok(contient(args)),
            ("starts-with", 2) => Fonction::StartsWith,
            ("ends-with", 2) => return Ok(finit_par(args)),
            ("substring-before", 2) => Fonction::SubstringBefore,
            ("substring-after", 2) => Fonction::SubstringAfter,
            ("substring", 2 | 3) => Fonction::Substring,
            ("string-length", 0 | 1) => Fonction::StringLength,
            ("concat", 2..) => Fonction::Concat,
            ("matches", 2) => {
                let Some(Expr::Chaine(motif)) = args.get(1) else {
                    return Err(self.erreur("matches needs a literal pattern"));
                };
                let regex = regex_xpath(motif).map_err(|e| self.erreur(&e))?;
                Fonction::Matches(Box::new(Expression(regex)))
            }
            ("distinct-values", 1) => Fonction::DistinctValues,
            ("local-name", 0 | 1) => Fonction::LocalName,
            ("true", 0) => Fonction::True,
            ("false", 0) => Fonction::False,
            ("boolean", 1) => Fonction::Boolean,
            ("string", 0 | 1) => Fonction::String,
            ("number", 0 | 1) => Fonction::Number,
            // Only valid inside `ends-with(name(), 'suffix')`, refused anywhere else later.
            ("name", 0) => Fonction::Name,
            _ => return Err(self.erreur(&format!("unsupported function {local}#{n}"))),
        };
        Ok(Expr::Appel(fonction, args))
    }
}

fn predicat(expr: Expr) -> Predicat {
    if let Expr::Decimal(d) = &expr
        && d.fract().is_zero()
        && !d.is_sign_negative()
    {
        let position = usize::try_from(d.mantissa() / 10i128.pow(d.scale())).unwrap_or(usize::MAX);
        return Predicat::Position(position);
    }
    if jamais_numerique(&expr) { Predicat::Booleen(expr) } else { Predicat::Valeur(expr) }
}

/// Whether an expression's value is surely not a number (so a predicate is never positional).
fn jamais_numerique(expr: &Expr) -> bool {
    match expr {
        Expr::Chaine(_)
        | Expr::Ou(..)
        | Expr::Et(..)
        | Expr::Comparaison(..)
        | Expr::ComparaisonValeurs(..)
        | Expr::Quantifiee { .. }
        | Expr::NomFinitPar(_)
        | Expr::DansListe { .. }
        | Expr::Contexte => true,
        Expr::Chemin(chemin) => matches!(chemin.etapes.last(), Some(Etape::Axe { .. })),
        Expr::Appel(f, _) => matches!(
            f,
            Fonction::Not
                | Fonction::Exists
                | Fonction::Empty
                | Fonction::Contains
                | Fonction::StartsWith
                | Fonction::EndsWith
                | Fonction::Matches(_)
                | Fonction::True
                | Fonction::False
                | Fonction::Boolean
                | Fonction::NormalizeSpace
                | Fonction::UpperCase
                | Fonction::LowerCase
        ),
        _ => false,
    }
}

/// `(a | b)` of plain child names, as one step.
fn noms_enfants(expr: &Expr) -> Option<Box<[u32]>> {
    let Expr::Union(items) = expr else { return None };
    items
        .iter()
        .map(|item| match item {
            Expr::Chemin(c) if matches!(c.depart, Depart::Contexte) => match c.etapes.as_slice() {
                [Etape::Axe { axe: Axe::Enfant, test: Test::Nom(q), predicats }]
                    if predicats.is_empty() =>
                {
                    Some(*q)
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Builds a path: `//name` into `descendant::name`, then whether results need sorting.
fn chemin(depart: Depart, etapes: Vec<Etape>) -> Chemin {
    let mut reecrites: Vec<Etape> = Vec::with_capacity(etapes.len());
    for etape in etapes {
        let fusion = match (&etape, reecrites.last()) {
            (
                Etape::Axe { axe: axe @ (Axe::Enfant | Axe::Attribut), test, predicats },
                Some(Etape::Axe { axe: Axe::DescendantOuSoi, test: Test::Noeud, predicats: avant }),
            ) if avant.is_empty()
                && !matches!(test, Test::Noeud | Test::Texte)
                && predicats.iter().all(|p| matches!(p, Predicat::Booleen(_))) =>
            {
                Some(if *axe == Axe::Enfant { Axe::Descendant } else { Axe::AttributDescendant })
            }
            _ => None,
        };
        match (fusion, etape) {
            (Some(axe), Etape::Axe { test, predicats, .. }) => {
                reecrites.pop();
                reecrites.push(Etape::Axe { axe, test, predicats });
            }
            (_, etape) => reecrites.push(etape),
        }
    }
    let a_trier = a_trier(&depart, &reecrites);
    let etiquettes = match depart {
        Depart::Contexte | Depart::Racine => etiquettes(&reecrites),
        Depart::Expr(_) => Box::default(),
    };
    let simple = !matches!(depart, Depart::Expr(_)) && etiquettes.len() == reecrites.len();
    Chemin { depart, etapes: reecrites, a_trier, etiquettes, simple, numero: SANS_NUMERO }
}

/// The labels of the leading plain name steps (see [`Chemin::etiquettes`]).
fn etiquettes(etapes: &[Etape]) -> Box<[Box<[u32]>]> {
    let mut labels = Vec::new();
    for etape in etapes {
        let Etape::Axe { axe: axe @ (Axe::Enfant | Axe::Attribut), test, predicats } = etape else {
            break;
        };
        if !predicats.is_empty() {
            break;
        }
        let bit = if *axe == Axe::Attribut { ATTRIBUT } else { 0 };
        let noms: Box<[u32]> = match test {
            Test::Nom(q) => Box::new([q | bit]),
            Test::Noms(qs) => qs.iter().map(|q| q | bit).collect(),
            _ => break,
        };
        labels.push(noms);
        if *axe == Axe::Attribut {
            break;
        }
    }
    labels.into_boxed_slice()
}

/// What is known of a path's nodes after each step.
#[derive(Clone, Copy, PartialEq)]
enum Forme {
    /// At most one node.
    Un,
    /// In document order, no duplicate, none inside another.
    Plat,
    /// In document order, no duplicate.
    Ordonne,
    /// Anything.
    Desordre,
}

fn a_trier(depart: &Depart, etapes: &[Etape]) -> bool {
    let mut forme = match depart {
        Depart::Contexte | Depart::Racine => Forme::Un,
        Depart::Expr(Expr::Variable(_)) => Forme::Un,
        Depart::Expr(_) => Forme::Ordonne,
    };
    for etape in etapes {
        forme = match etape {
            Etape::Axe { axe, .. } => match (axe, forme) {
                (Axe::Soi, f) => f,
                (Axe::Enfant | Axe::Attribut, Forme::Un | Forme::Plat) => Forme::Plat,
                (Axe::Parent, Forme::Un) => Forme::Un,
                (
                    Axe::Descendant | Axe::DescendantOuSoi | Axe::AttributDescendant,
                    Forme::Un | Forme::Plat,
                ) => Forme::Ordonne,
                (Axe::Suivant, Forme::Un) => Forme::Ordonne,
                (Axe::FrereSuivant, Forme::Un) => Forme::Plat,
                // Reverse axes are walked nearest first: their results need sorting.
                _ => Forme::Desordre,
            },
            // Atomic values come in the order they are computed, which is the right one.
            Etape::Expr { expr, .. } if atomique(expr) => forme,
            Etape::Expr { .. } => match forme {
                Forme::Un => Forme::Ordonne,
                _ => Forme::Desordre,
            },
        };
    }
    forme == Forme::Desordre
}

/// Whether an expression's value is surely atomic (never nodes).
fn atomique(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::Chaine(_)
            | Expr::Decimal(_)
            | Expr::Double(_)
            | Expr::Ou(..)
            | Expr::Et(..)
            | Expr::Comparaison(..)
            | Expr::ComparaisonValeurs(..)
            | Expr::Arithmetique(..)
            | Expr::Oppose(_)
            | Expr::Quantifiee { .. }
            | Expr::Appel(..)
            | Expr::Conversion { .. }
            | Expr::NomFinitPar(_)
            | Expr::DansListe { .. }
    )
}

/// `ends-with(name(), 'suffix')`: with no `:` in the suffix, the prefix cannot change the
/// result, so the local name is tested.
fn finit_par(args: Vec<Expr>) -> Expr {
    if let [Expr::Appel(Fonction::Name, sans_argument), Expr::Chaine(suffixe)] = args.as_slice()
        && sans_argument.is_empty()
        && !suffixe.contains(':')
    {
        return Expr::NomFinitPar(suffixe.clone());
    }
    Expr::Appel(Fonction::EndsWith, args)
}

/// `contains(' A B ', concat(' ', x, ' '))` into a set lookup; any other `contains` as is.
fn contient(mut args: Vec<Expr>) -> Expr {
    let idiome = match args.as_slice() {
        [Expr::Chaine(liste), Expr::Appel(Fonction::Concat, parts)] => {
            parts.len() == 3
                && matches!(&parts[0], Expr::Chaine(s) if &**s == " ")
                && matches!(&parts[2], Expr::Chaine(s) if &**s == " ")
                && liste.starts_with(' ')
                && liste.ends_with(' ')
                && liste.len() > 1
                && !liste[1..liste.len() - 1].split(' ').any(str::is_empty)
                && !liste.contains(['\t', '\n', '\r'])
        }
        _ => false,
    };
    if !idiome {
        return Expr::Appel(Fonction::Contains, args);
    }
    let (Some(Expr::Appel(_, mut parts)), Some(Expr::Chaine(liste))) = (args.pop(), args.pop())
    else {
        return Expr::Vide;
    };
    let valeur = parts.swap_remove(1);
    let codes = liste.split(' ').filter(|c| !c.is_empty()).map(Box::from).collect::<Codes>();
    Expr::DansListe { liste, codes, valeur: Box::new(valeur) }
}

/// An XPath regular expression in the `regex` crate's syntax. XPath's `\s` is four characters
/// and `\i`, `\c` and character class subtraction do not exist there.
fn regex_xpath(motif: &str) -> Result<regex::Regex, String> {
    let mut out = String::with_capacity(motif.len() + 16);
    let mut chars = motif.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('s') => out.push_str("[ \\t\\n\\r]"),
            Some('S') => out.push_str("[^ \\t\\n\\r]"),
            Some(c @ ('i' | 'I' | 'c' | 'C')) => return Err(format!("\\{c} is not supported")),
            Some(c) => {
                out.push('\\');
                out.push(c);
            }
            None => return Err("a pattern cannot end with \\".into()),
        }
    }
    regex::Regex::new(&out).map_err(|e| e.to_string())
}
