//! Passes over compiled expressions: what does not depend on the context node is memoised
//! per document (so `//cac:InvoiceLine` in a rule fired once per line is still evaluated
//! once), and a rule's context becomes a [`Motif`].

use std::hash::Hash;

use rustc_hash::FxHashMap;

use super::ErreurXPath;
use super::ast::{
    Alternative, Axe, Comparaison, Depart, Etape, EtapeMotif, Expr, Famille, Fonction, FormeTexte,
    Motif, Predicat, SANS_NUMERO, Test,
};
use super::guide::ELEMENT;

/// Memo places: one per distinct memoised expression, shared by identical ones (the VAT
/// category rules repeat the same `//…` expressions dozens of times).
#[derive(Default)]
pub(crate) struct Memos {
    par_forme: Formes,
    pub(crate) nombre: u32,
}

impl Memos {
    fn place(&mut self, expr: &Expr) -> u32 {
        numero_de(&mut self.par_forme, expr, &mut self.nombre)
    }
}

/// Numbers or counts by expression. The expressions are the rules' own, not a document's: a
/// fast hash cannot be made to degrade.
type Formes = FxHashMap<Expr, u32>;

/// The number of `cle` in `numeros`, the next one (from `prochain`) if it has none yet.
fn numero_de<K: Hash + Eq + Clone>(
    numeros: &mut FxHashMap<K, u32>,
    cle: &K,
    prochain: &mut u32,
) -> u32 {
    if let Some(&n) = numeros.get(cle) {
        return n;
    }
    numeros.insert(cle.clone(), *prochain);
    *prochain += 1;
    *prochain - 1
}

/// Counts one more occurrence of `expr`.
fn compter_forme(occurrences: &mut Formes, expr: &Expr) {
    match occurrences.get_mut(expr) {
        Some(n) => *n += 1,
        None => {
            occurrences.insert(expr.clone(), 1);
        }
    }
}

/// Predicates on one step, at most: positions are counted in a fixed array.
pub(crate) const PREDICATS_MAX: usize = 8;

/// What an expression's value depends on.
#[derive(Default, Clone, Copy)]
struct Dependances {
    contexte: bool,
    /// Free variables, one bit per slot (the last bit for slots beyond).
    variables: u64,
    /// Walks the document: worth memoising.
    couteux: bool,
}

impl Dependances {
    fn avec(self, autre: Dependances) -> Self {
        Dependances {
            contexte: self.contexte || autre.contexte,
            variables: self.variables | autre.variables,
            couteux: self.couteux || autre.couteux,
        }
    }

    /// Of an expression evaluated with another node as context (a predicate, a step).
    fn sous_autre_contexte(self) -> Self {
        Dependances { contexte: false, ..self }
    }
}

fn bit(variable: u16) -> u64 {
    1u64 << variable.min(63)
}

fn dependances(expr: &Expr) -> Dependances {
    let tous =
        |items: &[Expr]| items.iter().fold(Dependances::default(), |d, e| d.avec(dependances(e)));
    let predicats = |predicats: &[Predicat]| {
        predicats.iter().fold(Dependances::default(), |d, p| match p {
            Predicat::Position(_) => d,
            Predicat::Booleen(e) | Predicat::Valeur(e) => {
                d.avec(dependances(e).sous_autre_contexte())
            }
        })
    };
    match expr {
        Expr::Chaine(_) | Expr::Decimal(_) | Expr::Double(_) | Expr::Vide | Expr::Racine => {
            Dependances::default()
        }
        Expr::Contexte | Expr::NomFinitPar(_) => {
            Dependances { contexte: true, ..Default::default() }
        }
        Expr::Variable(v) => Dependances { variables: bit(*v), ..Default::default() },
        Expr::Memo(..) => Dependances { couteux: true, ..Default::default() },
        Expr::Partage(_, e) | Expr::Commune(_, e) => dependances(e),
        Expr::Famille(f) => dependances(&f.chemin),
        Expr::Suite(items) | Expr::Union(items) => tous(items),
        Expr::Chemin(chemin) => {
            let depart = match &chemin.depart {
                Depart::Contexte => Dependances { contexte: true, ..Default::default() },
                Depart::Racine => Dependances::default(),
                Depart::Expr(e) => dependances(e),
            };
            let etapes = chemin.etapes.iter().fold(depart, |d, etape| match etape {
                Etape::Axe { predicats: p, .. } => d.avec(predicats(p)),
                Etape::Expr { expr, predicats: p } => {
                    d.avec(dependances(expr).sous_autre_contexte()).avec(predicats(p))
                }
            });
            Dependances { couteux: true, ..etapes }
        }
        Expr::Filtre(base, p) => dependances(base).avec(predicats(p)),
        Expr::Ou(a, b)
        | Expr::Et(a, b)
        | Expr::Comparaison(_, a, b)
        | Expr::ComparaisonValeurs(_, a, b)
        | Expr::Arithmetique(_, a, b) => dependances(a).avec(dependances(b)),
        Expr::Oppose(a)
        | Expr::Conversion { expr: a, .. }
        | Expr::DansListe { valeur: a, .. }
        | Expr::Texte { source: a, .. }
        | Expr::Compte { source: a, .. } => dependances(a),
        Expr::Si(a, b, c) => dependances(a).avec(dependances(b)).avec(dependances(c)),
        Expr::Quantifiee { variable, domaine, condition, .. } => {
            let mut condition = dependances(condition);
            condition.variables &= !bit(*variable);
            dependances(domaine).avec(condition)
        }
        Expr::Appel(f, args) => {
            let implicite = args.is_empty()
                && matches!(
                    f,
                    Fonction::NormalizeSpace
                        | Fonction::StringLength
                        | Fonction::LocalName
                        | Fonction::String
                        | Fonction::Number
                        | Fonction::Name
                );
            Dependances { contexte: implicite, ..Default::default() }.avec(tous(args))
        }
    }
}

/// Wraps every largest expression that depends neither on the context nor on a variable, and
/// walks the document, in [`Expr::Memo`]; refuses what the evaluator does not do.
pub(crate) fn memoiser(expr: &mut Expr, memos: &mut Memos) -> Result<(), ErreurXPath> {
    verifier(expr)?;
    existence_partagee(expr);
    let d = dependances(expr);
    // Boolean connectives are memoised by their operands: `exists(P)` is then one memo for
    // every `exists(P) or …`, `not(P) and …` of the rules, one walk per document; the
    // connective itself costs nothing.
    let connecteur = matches!(expr, Expr::Et(..) | Expr::Ou(..) | Expr::Appel(Fonction::Not, _));
    if !d.contexte
        && d.variables == 0
        && d.couteux
        && !connecteur
        && !matches!(expr, Expr::Memo(..))
    {
        let slot = memos.place(expr);
        let inner = std::mem::replace(expr, Expr::Vide);
        *expr = Expr::Memo(slot, Box::new(inner));
        return Ok(());
    }
    let predicats = |predicats: &mut Vec<Predicat>, memos: &mut Memos| -> Result<(), ErreurXPath> {
        if predicats.len() > PREDICATS_MAX {
            return Err(ErreurXPath::Syntaxe(format!(
                "more than {PREDICATS_MAX} predicates on a step"
            )));
        }
        for p in predicats {
            if let Predicat::Booleen(e) | Predicat::Valeur(e) = p {
                memoiser(e, memos)?;
            }
        }
        Ok(())
    };
    match expr {
        Expr::Suite(items) | Expr::Union(items) | Expr::Appel(_, items) => {
            for item in items {
                memoiser(item, memos)?;
            }
        }
        Expr::Chemin(chemin) => {
            if let Depart::Expr(e) = &mut chemin.depart {
                memoiser(e, memos)?;
            }
            for etape in &mut chemin.etapes {
                match etape {
                    Etape::Axe { predicats: p, .. } => predicats(p, memos)?,
                    Etape::Expr { expr, predicats: p } => {
                        memoiser(expr, memos)?;
                        predicats(p, memos)?;
                    }
                }
            }
        }
        Expr::Filtre(base, p) => {
            memoiser(base, memos)?;
            predicats(p, memos)?;
        }
        Expr::Ou(a, b)
        | Expr::Et(a, b)
        | Expr::Comparaison(_, a, b)
        | Expr::ComparaisonValeurs(_, a, b)
        | Expr::Arithmetique(_, a, b) => {
            memoiser(a, memos)?;
            memoiser(b, memos)?;
        }
        Expr::Oppose(a) | Expr::Conversion { expr: a, .. } | Expr::DansListe { valeur: a, .. } => {
            memoiser(a, memos)?;
        }
        Expr::Si(a, b, c) => {
            memoiser(a, memos)?;
            memoiser(b, memos)?;
            memoiser(c, memos)?;
        }
        Expr::Quantifiee { domaine, condition, .. } => {
            memoiser(domaine, memos)?;
            memoiser(condition, memos)?;
        }
        _ => {}
    }
    Ok(())
}

/// `not(P)` and `empty(P)` of a context-free path of axis steps become `not(exists(P))`: the category
/// rules test the same `//…[…]` path both ways (`exists(P) or …` then `not(P) and …`), and
/// memoised as `exists(P)` both share one walk per document instead of one each. The effective
/// boolean value of such a path is its existence, found by the same walk, errors included.
fn existence_partagee(expr: &mut Expr) {
    let Expr::Appel(f @ (Fonction::Not | Fonction::Empty), args) = expr else { return };
    let [chemin @ Expr::Chemin(c)] = args.as_slice() else { return };
    // Only where memoised: a path from the context stays as written, for the passes that
    // recognise `not(self::name)` in a rule's context.
    let d = dependances(chemin);
    if !matches!(c.etapes.last(), Some(Etape::Axe { .. })) || d.contexte || d.variables != 0 {
        return;
    }
    *f = Fonction::Not;
    if let Some(chemin) = args.pop() {
        args.push(Expr::Appel(Fonction::Exists, vec![chemin]));
    }
}

/// `name()` survives only outside `ends-with(name(), …)`, which the evaluator does not do.
fn verifier(expr: &Expr) -> Result<(), ErreurXPath> {
    if let Expr::Appel(Fonction::Name, _) = expr {
        return Err(ErreurXPath::Syntaxe(
            "name() is only supported as ends-with(name(), 'suffix')".into(),
        ));
    }
    Ok(())
}

/// A rule's context as a pattern: a union of paths of child steps, `//` allowed.
pub(crate) fn motif(expr: Expr) -> Result<Motif, ErreurXPath> {
    let refus = |raison: &str| ErreurXPath::Syntaxe(format!("unsupported pattern: {raison}"));
    let chemins = match expr {
        Expr::Union(items) => items,
        other => vec![other],
    };
    let mut alternatives = Vec::new();
    for chemin in chemins {
        let Expr::Chemin(chemin) = chemin else { return Err(refus("not a path")) };
        let racine = match chemin.depart {
            Depart::Racine => true,
            Depart::Contexte => false,
            Depart::Expr(_) => return Err(refus("a path starting with an expression")),
        };
        let mut etapes: Vec<EtapeMotif> = Vec::new();
        let mut double_barre = false;
        for etape in chemin.etapes {
            let (descendant, test, predicats) = match etape {
                Etape::Axe { axe: Axe::DescendantOuSoi, test: Test::Noeud, predicats }
                    if predicats.is_empty() =>
                {
                    double_barre = true;
                    continue;
                }
                Etape::Axe { axe: Axe::Enfant, test, predicats } => (double_barre, test, predicats),
                Etape::Axe { axe: Axe::Descendant, test, predicats } => (true, test, predicats),
                _ => return Err(refus("only child steps and //")),
            };
            double_barre = false;
            if matches!(test, Test::Noeud | Test::Texte) {
                return Err(refus("node() and text()"));
            }
            let predicats = predicats
                .into_iter()
                .map(|p| match p {
                    Predicat::Booleen(e) => Ok(e),
                    _ => Err(refus("positional predicates")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            etapes.push(EtapeMotif { test, predicats, descendant });
        }
        if double_barre {
            return Err(refus("ends with //"));
        }
        let Some(premiere) = etapes.first_mut() else { return Err(refus("no step")) };
        if !racine {
            premiere.descendant = true;
        }
        let ancre = !premiere.descendant;
        let noms = etapes
            .iter()
            .enumerate()
            .map(|(i, e)| match e.test {
                _ if i > 0 && e.descendant => None,
                Test::Nom(q) => Some(q),
                Test::Tout => Some(ELEMENT),
                _ => None,
            })
            .collect::<Option<Box<[u32]>>>();
        alternatives.push(Alternative { ancre, etapes, noms });
    }
    Ok(Motif { alternatives })
}

/// Memoises inside a pattern's predicates.
pub(crate) fn memoiser_motif(motif: &mut Motif, memos: &mut Memos) -> Result<(), ErreurXPath> {
    for alternative in &mut motif.alternatives {
        for etape in &mut alternative.etapes {
            if etape.predicats.len() > PREDICATS_MAX {
                return Err(ErreurXPath::Syntaxe("too many predicates".into()));
            }
            for p in &mut etape.predicats {
                memoiser(p, memos)?;
            }
        }
    }
    Ok(())
}

/// Calls `f` on every predicate of an expression, at any depth.
fn pour_chaque_predicat(expr: &mut Expr, f: &mut dyn FnMut(&mut Predicat)) {
    let predicats = |predicats: &mut Vec<Predicat>, f: &mut dyn FnMut(&mut Predicat)| {
        for p in predicats {
            if let Predicat::Booleen(e) | Predicat::Valeur(e) = p {
                pour_chaque_predicat(e, f);
            }
            f(p);
        }
    };
    match expr {
        Expr::Suite(items) | Expr::Union(items) | Expr::Appel(_, items) => {
            items.iter_mut().for_each(|e| pour_chaque_predicat(e, f));
        }
        Expr::Chemin(chemin) => {
            if let Depart::Expr(e) = &mut chemin.depart {
                pour_chaque_predicat(e, f);
            }
            for etape in &mut chemin.etapes {
                match etape {
                    Etape::Axe { predicats: p, .. } => predicats(p, f),
                    Etape::Expr { expr, predicats: p } => {
                        pour_chaque_predicat(expr, f);
                        predicats(p, f);
                    }
                }
            }
        }
        Expr::Filtre(base, p) => {
            pour_chaque_predicat(base, f);
            predicats(p, f);
        }
        Expr::Ou(a, b)
        | Expr::Et(a, b)
        | Expr::Comparaison(_, a, b)
        | Expr::ComparaisonValeurs(_, a, b)
        | Expr::Arithmetique(_, a, b) => {
            pour_chaque_predicat(a, f);
            pour_chaque_predicat(b, f);
        }
        Expr::Oppose(a)
        | Expr::Conversion { expr: a, .. }
        | Expr::DansListe { valeur: a, .. }
        | Expr::Memo(_, a)
        | Expr::Partage(_, a)
        | Expr::Commune(_, a) => pour_chaque_predicat(a, f),
        Expr::Si(a, b, c) => {
            pour_chaque_predicat(a, f);
            pour_chaque_predicat(b, f);
            pour_chaque_predicat(c, f);
        }
        Expr::Quantifiee { domaine, condition, .. } => {
            pour_chaque_predicat(domaine, f);
            pour_chaque_predicat(condition, f);
        }
        _ => {}
    }
}

/// The expression of a predicate worth sharing: boolean, without variables, more than a name
/// test.
fn forme_partageable(p: &Predicat) -> Option<&Expr> {
    let Predicat::Booleen(e) = p else { return None };
    let simple = matches!(e, Expr::Chemin(c) if c.simple);
    (!simple && dependances(e).variables == 0).then_some(e)
}

/// Predicates that recur across the rules: the same condition is tested on the same nodes by
/// dozens of asserts (`[cac:TaxScheme/normalize-space(upper-case(cbc:ID))='VAT']`).
#[derive(Default)]
pub(crate) struct Partages {
    occurrences: Formes,
    numeros: Formes,
    pub(crate) nombre: u32,
}

impl Partages {
    /// First pass, over every expression: counts each predicate's occurrences.
    pub(crate) fn compter(&mut self, expr: &mut Expr) {
        pour_chaque_predicat(expr, &mut |p| {
            if let Some(forme) = forme_partageable(p) {
                compter_forme(&mut self.occurrences, forme);
            }
        });
    }

    /// First pass, for a rule context's predicate: counts it and the predicates in it. The
    /// category rules' contexts test, on each tax category, the predicates the asserts test
    /// on the same nodes (`[normalize-space(cbc:ID) = 'S']`, the VAT scheme).
    pub(crate) fn compter_contexte(&mut self, predicat: &mut Expr) {
        self.compter(predicat);
        comme_predicat(predicat, &mut |p| {
            if let Some(forme) = forme_partageable(p) {
                compter_forme(&mut self.occurrences, forme);
            }
        });
    }

    /// Second pass, for a rule context's predicate.
    pub(crate) fn partager_contexte(&mut self, predicat: &mut Expr) {
        self.partager(predicat);
        comme_predicat(predicat, &mut |p| self.partager_predicat(p));
    }

    /// Second pass: predicates seen more than once get a shared number.
    pub(crate) fn partager(&mut self, expr: &mut Expr) {
        pour_chaque_predicat(expr, &mut |p| self.partager_predicat(p));
    }

    fn partager_predicat(&mut self, p: &mut Predicat) {
        let Some(forme) = forme_partageable(p) else { return };
        if self.occurrences.get(forme).is_none_or(|&n| n < 2) {
            return;
        }
        let numero = numero_de(&mut self.numeros, forme, &mut self.nombre);
        if let Predicat::Booleen(e) = p {
            let inner = std::mem::replace(e, Expr::Vide);
            *e = Expr::Partage(numero, Box::new(inner));
        }
    }
}

/// Calls `f` on a context's predicate as the [`Predicat`] it is, then puts it back.
fn comme_predicat(e: &mut Expr, f: &mut dyn FnMut(&mut Predicat)) {
    let mut predicat = Predicat::Booleen(std::mem::replace(e, Expr::Vide));
    f(&mut predicat);
    if let Predicat::Booleen(p) | Predicat::Valeur(p) = predicat {
        *e = p;
    }
}

/// What an assert's value is when the document lacks a name: if any of `noms` names no
/// element or attribute of the document, the test is `valeur`, whatever the context node.
/// Most "shall not be present" warnings (`not(cac:X/cbc:Y)`) are thus settled by the
/// document's name table, without a walk.
#[derive(Debug)]
pub(crate) struct Absence {
    pub(crate) noms: Box<[u32]>,
    pub(crate) valeur: bool,
}

/// The absence that decides a test's effective boolean value, if one does.
pub(crate) fn absence(test: &Expr) -> Option<Absence> {
    decision(test).map(|(mut noms, valeur)| {
        // A path's last names are the rarest (`cac:Delivery/cac:DeliveryLocation/cbc:ID`):
        // looked up first, they settle most asserts at the first lookup.
        noms.reverse();
        noms.dedup();
        Absence { noms: noms.into_boxed_slice(), valeur }
    })
}

/// Names whose absence makes a path empty without any evaluation that could fail: the name
/// tests of its steps up to the first with predicates (included: names are tested first), so
/// every predicate that runs belongs to a later step, which no node reaches. From another
/// start (an expression) evaluating the start could fail: none.
fn noms_requis(expr: &Expr) -> Vec<u32> {
    let chemin = match expr {
        Expr::Chemin(c) => c,
        Expr::Memo(_, e) => return noms_requis(e),
        _ => return Vec::new(),
    };
    if !matches!(chemin.depart, Depart::Contexte | Depart::Racine) {
        return Vec::new();
    }
    let mut noms = Vec::new();
    for etape in &chemin.etapes {
        let Etape::Axe { test, predicats, .. } = etape else { break };
        if let Test::Nom(q) = test {
            noms.push(*q);
        }
        if !predicats.is_empty() {
            break;
        }
    }
    noms
}

/// An expression whose effective boolean value can never be a dynamic error: existence tests
/// of paths without predicates, and their combinations. After it, `and`/`or` may be decided by
/// their second operand too, the first having no error to raise.
fn infaillible(expr: &Expr) -> bool {
    match expr {
        Expr::Chemin(c) => {
            matches!(c.depart, Depart::Contexte | Depart::Racine)
                && c.etapes
                    .iter()
                    .all(|e| matches!(e, Etape::Axe { predicats, .. } if predicats.is_empty()))
        }
        Expr::Memo(_, e) => infaillible(e),
        Expr::Appel(Fonction::Not | Fonction::Exists | Fonction::Empty, args) => {
            matches!(args.as_slice(), [a] if infaillible(a))
        }
        Expr::Et(a, b) | Expr::Ou(a, b) => infaillible(a) && infaillible(b),
        _ => false,
    }
}

/// `(names, value)`: if any of the names is absent from the document, the effective boolean
/// value of `expr` is `value` (never an error).
fn decision(expr: &Expr) -> Option<(Vec<u32>, bool)> {
    let vide = |e: &Expr| Some(noms_requis(e)).filter(|noms| !noms.is_empty());
    match expr {
        Expr::Chemin(_) => vide(expr).map(|noms| (noms, false)),
        Expr::Memo(_, e) => decision(e),
        Expr::Appel(f, args) => match (f, args.as_slice()) {
            (Fonction::Not, [a]) => decision(a).map(|(noms, v)| (noms, !v)),
            (Fonction::Boolean, [a]) => decision(a),
            (Fonction::Exists, [a]) => vide(a).map(|noms| (noms, false)),
            (Fonction::Empty, [a]) => vide(a).map(|noms| (noms, true)),
            _ => None,
        },
        // `a and b` is false as soon as one is; `a or b` true as soon as one is. The second
        // operand only counts when the first cannot fail (it is evaluated first).
        Expr::Et(a, b) | Expr::Ou(a, b) => {
            let decisif = matches!(expr, Expr::Ou(..));
            let mut noms = Vec::new();
            if let Some((n, v)) = decision(a)
                && v == decisif
            {
                noms.extend(n);
            }
            if infaillible(a)
                && let Some((n, v)) = decision(b)
                && v == decisif
            {
                noms.extend(n);
            }
            (!noms.is_empty()).then_some((noms, decisif))
        }
        _ => None,
    }
}

/// The effective boolean value of a context's predicate on an element, when the element's
/// name alone decides it: `ends-with(name(), 'Amount')`, `not(self::ram:TaxTotalAmount)`.
/// `local` is the element's local name, `q` its number in the rule set. `None` when more than
/// the name is needed.
pub(crate) fn par_le_nom(expr: &Expr, local: &str, q: u32) -> Option<bool> {
    match expr {
        Expr::NomFinitPar(suffixe) => Some(local.ends_with(&**suffixe)),
        Expr::Chemin(c) if matches!(c.depart, Depart::Contexte) => match c.etapes.as_slice() {
            [Etape::Axe { axe: Axe::Soi, test: Test::Nom(nom), predicats }]
                if predicats.is_empty() =>
            {
                Some(*nom == q)
            }
            _ => None,
        },
        Expr::Appel(Fonction::Not, args) => match args.as_slice() {
            [a] => par_le_nom(a, local, q).map(|v| !v),
            _ => None,
        },
        // Left to right, as evaluated: the second operand counts once the first is known
        // (evaluating the first could fail otherwise), so the value is exact, never an error.
        Expr::Et(a, b) => match par_le_nom(a, local, q)? {
            false => Some(false),
            true => par_le_nom(b, local, q),
        },
        Expr::Ou(a, b) => match par_le_nom(a, local, q)? {
            true => Some(true),
            false => par_le_nom(b, local, q),
        },
        Expr::Partage(_, e) => par_le_nom(e, local, q),
        _ => None,
    }
}

/// Calls `f` on every direct subexpression, predicates included.
fn sous_expressions(expr: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
    let predicats = |predicats: &mut Vec<Predicat>, f: &mut dyn FnMut(&mut Expr)| {
        for p in predicats {
            if let Predicat::Booleen(e) | Predicat::Valeur(e) = p {
                f(e);
            }
        }
    };
    match expr {
        Expr::Suite(items) | Expr::Union(items) | Expr::Appel(_, items) => {
            items.iter_mut().for_each(f)
        }
        Expr::Chemin(chemin) => {
            if let Depart::Expr(e) = &mut chemin.depart {
                f(e);
            }
            for etape in &mut chemin.etapes {
                match etape {
                    Etape::Axe { predicats: p, .. } => predicats(p, f),
                    Etape::Expr { expr, predicats: p } => {
                        f(expr);
                        predicats(p, f);
                    }
                }
            }
        }
        Expr::Filtre(base, p) => {
            f(base);
            predicats(p, f);
        }
        Expr::Ou(a, b)
        | Expr::Et(a, b)
        | Expr::Comparaison(_, a, b)
        | Expr::ComparaisonValeurs(_, a, b)
        | Expr::Arithmetique(_, a, b) => {
            f(a);
            f(b);
        }
        Expr::Oppose(a)
        | Expr::Conversion { expr: a, .. }
        | Expr::DansListe { valeur: a, .. }
        | Expr::Texte { source: a, .. }
        | Expr::Compte { source: a, .. }
        | Expr::Memo(_, a)
        | Expr::Partage(_, a)
        | Expr::Commune(_, a) => f(a),
        Expr::Si(a, b, c) => {
            f(a);
            f(b);
            f(c);
        }
        Expr::Quantifiee { domaine, condition, .. } => {
            f(domaine);
            f(condition);
        }
        Expr::Famille(famille) => {
            f(&mut famille.base);
            f(&mut famille.cle);
            predicats(&mut famille.apres, f);
            f(&mut famille.chemin);
        }
        _ => {}
    }
}

/// Numbers, at any depth, the simple paths of one name per step (see
/// [`Chemin::numero`](super::ast::Chemin::numero)),
/// from `nombre`; returns the next number. After every other pass: the numbers are not part of
/// the forms the other passes compare.
pub(crate) fn numeroter_chemins(expr: &mut Expr, mut nombre: u32) -> u32 {
    if let Expr::Chemin(c) = expr
        && c.simple
        && c.numero == SANS_NUMERO
        && c.etiquettes.iter().all(|e| e.len() == 1)
    {
        c.numero = nombre;
        nombre += 1;
    }
    sous_expressions(expr, &mut |e| nombre = numeroter_chemins(e, nombre));
    nombre
}

/// Numbers, at any depth, the sources of [`Expr::Texte`] tests that use no variable, equal
/// sources alike (see its `numero`). Before [`numeroter_chemins`], whose numbers would tell
/// equal paths apart.
pub(crate) fn numeroter_textes(expr: &mut Expr, numeros: &mut FxHashMap<Expr, u32>) {
    sous_expressions(expr, &mut |e| numeroter_textes(e, numeros));
    if let Expr::Texte { source, numero, .. } = expr
        && dependances(source).variables == 0
    {
        let mut prochain = numeros.len() as u32;
        *numero = numero_de(numeros, source, &mut prochain);
    }
}

/// Rewrites, at any depth, the frequent tests of one string into [`Expr::Texte`].
pub(crate) fn accelerer(expr: &mut Expr) {
    sous_expressions(expr, &mut |e| accelerer(e));
    let ancienne = std::mem::replace(expr, Expr::Vide);
    *expr = match texte(ancienne) {
        Ok(rapide) => rapide,
        Err(ancienne) => ancienne,
    };
}

/// Rewrites, at any depth, `count(X) op n` (`n` a number literal) into [`Expr::Compte`].
/// After [`factoriser`]: a count the assert computes twice stays one [`Expr::Commune`].
pub(crate) fn compter_vite(expr: &mut Expr) {
    sous_expressions(expr, &mut |e| compter_vite(e));
    let Expr::Comparaison(op, a, b) = expr else { return };
    let (Expr::Appel(Fonction::Count, args), Expr::Decimal(borne)) = (&mut **a, &**b) else {
        return;
    };
    if args.len() != 1 {
        return;
    }
    let (op, borne) = (*op, *borne);
    let Some(source) = args.pop() else { return };
    *expr = Expr::Compte { op, source: Box::new(source), borne };
}

/// `normalize-space(X)` (false) or `normalize-space(upper-case(X))` (true): `X` and which.
fn normalise(e: Expr) -> Result<(Expr, bool), Expr> {
    let Expr::Appel(Fonction::NormalizeSpace, args) = e else { return Err(e) };
    let [arg] =
        <[Expr; 1]>::try_from(args).map_err(|args| Expr::Appel(Fonction::NormalizeSpace, args))?;
    match arg {
        Expr::Appel(Fonction::UpperCase, args) if args.len() == 1 => {
            let [x] = <[Expr; 1]>::try_from(args).map_err(|args| {
                Expr::Appel(Fonction::NormalizeSpace, vec![Expr::Appel(Fonction::UpperCase, args)])
            })?;
            Ok((x, true))
        }
        x => Ok((x, false)),
    }
}

fn est_normalise(e: &Expr, majuscules: bool) -> bool {
    match e {
        Expr::Appel(Fonction::NormalizeSpace, args) => match args.as_slice() {
            [Expr::Appel(Fonction::UpperCase, x)] => majuscules && x.len() == 1,
            [_] => true,
            _ => false,
        },
        _ => false,
    }
}

fn texte(e: Expr) -> Result<Expr, Expr> {
    let forme = |source: Expr, forme: FormeTexte| Expr::Texte {
        source: Box::new(source),
        forme,
        numero: SANS_NUMERO,
    };
    match e {
        // not(contains(normalize-space(X), ' '))
        Expr::Appel(Fonction::Not, args)
            if matches!(args.as_slice(), [Expr::Appel(Fonction::Contains, c)]
                if matches!(c.as_slice(), [n, Expr::Chaine(espace)]
                    if &**espace == " " && est_normalise(n, false))) =>
        {
            let mut args = args;
            let Some(Expr::Appel(_, mut c)) = args.pop() else { return Err(Expr::Vide) };
            c.truncate(1);
            let Some(n) = c.pop() else { return Err(Expr::Vide) };
            let (x, _) = normalise(n)?;
            Ok(forme(x, FormeTexte::SansEspace))
        }
        Expr::DansListe { liste, codes, valeur } if est_normalise(&valeur, false) => {
            let (x, _) = normalise(*valeur)?;
            Ok(forme(x, FormeTexte::Code { liste, codes }))
        }
        Expr::Comparaison(op @ (Comparaison::Egal | Comparaison::Different), a, b)
            if matches!(&*b, Expr::Chaine(_)) && est_normalise(&a, true) =>
        {
            let Expr::Chaine(valeur) = *b else { return Err(Expr::Vide) };
            let (x, majuscules) = normalise(*a)?;
            Ok(forme(x, FormeTexte::Egal { valeur, majuscules, egal: op == Comparaison::Egal }))
        }
        Expr::Comparaison(op, a, b)
            if matches!(&*b, Expr::Decimal(_))
                && matches!(&*a, Expr::Appel(Fonction::StringLength, l)
                    if matches!(l.as_slice(), [Expr::Appel(Fonction::SubstringAfter, s)]
                        if matches!(s.as_slice(), [_, Expr::Chaine(_)]))) =>
        {
            let (Expr::Decimal(borne), Expr::Appel(_, mut l)) = (*b, *a) else {
                return Err(Expr::Vide);
            };
            let Some(Expr::Appel(_, mut s)) = l.pop() else { return Err(Expr::Vide) };
            let (Some(Expr::Chaine(separateur)), Some(x)) = (s.pop(), s.pop()) else {
                return Err(Expr::Vide);
            };
            Ok(forme(x, FormeTexte::LongueurApres { separateur, op, borne }))
        }
        e => Err(e),
    }
}

/// Paths that differ only by the literal of a keyed predicate of their last step
/// ([`Famille`]), where only their nodes' existence or number counts. After [`accelerer`]:
/// `normalize-space(X) = 'literal'` is then a [`FormeTexte::Egal`].
#[derive(Default)]
pub(crate) struct Familles {
    membres: FxHashMap<Parente, u32>,
    numeros: FxHashMap<Parente, u32>,
    pub(crate) nombre: u32,
}

/// What makes paths one family: the same path before the keyed predicate, the same key, the
/// same test.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Parente {
    base: Expr,
    cle: Expr,
    normalisee: bool,
}

impl Familles {
    /// First pass, over every assert: counts each family's members.
    pub(crate) fn compter(&mut self, expr: &mut Expr) {
        pour_chaque_existence(expr, &mut |e| {
            for (parente, _) in familles_du_chemin(e) {
                *self.membres.entry(parente).or_default() += 1;
            }
        });
    }

    /// Second pass: a path of a family of two or more becomes [`Expr::Famille`] (of its
    /// largest family, if it has keyed predicates in several).
    pub(crate) fn regrouper(&mut self, expr: &mut Expr) {
        pour_chaque_existence(expr, &mut |e| {
            let Some((parente, place, membres)) = familles_du_chemin(e)
                .into_iter()
                .map(|(parente, place)| {
                    let membres = self.membres.get(&parente).copied().unwrap_or(0);
                    (parente, place, membres)
                })
                .max_by_key(|&(_, place, membres)| (membres, place))
            else {
                return;
            };
            if membres < 2 {
                return;
            }
            let Expr::Chemin(c) = &*e else { return };
            let Some(Etape::Axe { predicats, .. }) = c.etapes.last() else { return };
            let Some((_, valeur, _)) = predicats.get(place).and_then(predicat_cle) else { return };
            let valeur: Box<str> = valeur.into();
            let apres = predicats.get(place + 1..).unwrap_or(&[]).to_vec();
            let numero = numero_de(&mut self.numeros, &parente, &mut self.nombre);
            let Parente { base, cle, normalisee } = parente;
            let chemin = std::mem::replace(e, Expr::Vide);
            *e = Expr::Famille(Box::new(Famille {
                numero,
                base,
                cle,
                normalisee,
                valeur,
                apres,
                chemin,
            }));
        });
    }
}

/// Calls `f`, at any depth, on the expressions whose nodes' existence or number only is asked:
/// the arguments of `exists`, `empty`, `not`, `boolean` and `count`, the operands of `and`
/// and `or`. Not inside a family already made.
fn pour_chaque_existence(expr: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
    match expr {
        Expr::Appel(
            Fonction::Exists
            | Fonction::Empty
            | Fonction::Not
            | Fonction::Boolean
            | Fonction::Count,
            args,
        ) if args.len() == 1 => args.iter_mut().for_each(&mut *f),
        Expr::Compte { source, .. } => f(source),
        Expr::Ou(a, b) | Expr::Et(a, b) => {
            f(a);
            f(b);
        }
        Expr::Famille(_) => return,
        _ => {}
    }
    sous_expressions(expr, &mut |e| {
        if !matches!(e, Expr::Famille(_)) {
            pour_chaque_existence(e, f);
        }
    });
}

/// The families a path may be a member of: a context-free path whose last step has a
/// predicate `normalize-space(X) = 'literal'`, or `X = 'literal'` with `X` a simple path, all
/// its predicates boolean (a position would count the nodes the literal lets through). For
/// each such predicate: the family, and where the predicate is.
fn familles_du_chemin(e: &Expr) -> Vec<(Parente, usize)> {
    // The cheap tests first: most paths end otherwise.
    let Expr::Chemin(chemin) = e else { return Vec::new() };
    let Some(Etape::Axe { predicats, .. }) = chemin.etapes.last() else { return Vec::new() };
    let cles: Vec<(usize, &Expr, bool)> = predicats
        .iter()
        .enumerate()
        .filter_map(|(i, p)| predicat_cle(p).map(|(cle, _, normalisee)| (i, cle, normalisee)))
        .collect();
    if cles.is_empty() || !predicats.iter().all(|p| matches!(p, Predicat::Booleen(_))) {
        return Vec::new();
    }
    let dependances = dependances(e);
    if dependances.contexte || dependances.variables != 0 {
        return Vec::new();
    }
    cles.into_iter()
        .map(|(place, cle, normalisee)| {
            let mut base = (**chemin).clone();
            if let Some(Etape::Axe { predicats, .. }) = base.etapes.last_mut() {
                predicats.truncate(place);
            }
            (Parente { base: Expr::Chemin(Box::new(base)), cle: cle.clone(), normalisee }, place)
        })
        .collect()
}

/// A keyed predicate: `normalize-space(X) = 'literal'` (true) or `X = 'literal'` with `X` a
/// simple path (false), as `(X, literal, which)`.
fn predicat_cle(p: &Predicat) -> Option<(&Expr, &str, bool)> {
    let Predicat::Booleen(test) = p else { return None };
    let test = match test {
        Expr::Partage(_, test) => &**test,
        test => test,
    };
    match test {
        Expr::Texte {
            source,
            forme: FormeTexte::Egal { valeur, majuscules: false, egal: true },
            ..
        } => Some((source, valeur, true)),
        Expr::Comparaison(Comparaison::Egal, source, litteral) => match (&**source, &**litteral) {
            (Expr::Chemin(c), Expr::Chaine(valeur)) if c.simple => Some((source, valeur, false)),
            _ => None,
        },
        _ => None,
    }
}

/// Whether an expression is worth keeping when it recurs in an assert: it walks the document,
/// and whatever asks for it computes its whole value, so taking that value from a previous
/// computation changes nothing, errors included. Paths are not: existence and comparisons stop
/// at their first node, and would raise an error of a later one if computed whole.
fn factorisable(expr: &Expr) -> bool {
    let valeur_entiere = match expr {
        Expr::Arithmetique(..) | Expr::Conversion { .. } => true,
        Expr::Appel(f, args) => !args.is_empty() && !super::eval::booleenne(f),
        _ => false,
    };
    valeur_entiere && dependances(expr).couteux
}

/// Calls `f` on the subexpressions evaluated with the same context node as `expr`: not
/// inside predicates or steps, nor memoised or shared ones (evaluated once for all contexts).
fn meme_contexte(expr: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
    match expr {
        Expr::Suite(items) | Expr::Union(items) | Expr::Appel(_, items) => {
            items.iter_mut().for_each(f)
        }
        Expr::Chemin(chemin) => {
            if let Depart::Expr(e) = &mut chemin.depart {
                f(e);
            }
        }
        Expr::Filtre(base, _) => f(base),
        Expr::Ou(a, b)
        | Expr::Et(a, b)
        | Expr::Comparaison(_, a, b)
        | Expr::ComparaisonValeurs(_, a, b)
        | Expr::Arithmetique(_, a, b) => {
            f(a);
            f(b);
        }
        Expr::Oppose(a)
        | Expr::Conversion { expr: a, .. }
        | Expr::DansListe { valeur: a, .. }
        | Expr::Texte { source: a, .. }
        | Expr::Compte { source: a, .. } => f(a),
        Expr::Si(a, b, c) => {
            f(a);
            f(b);
            f(c);
        }
        Expr::Quantifiee { domaine, condition, .. } => {
            f(domaine);
            f(condition);
        }
        _ => {}
    }
}

/// Numbers the values an assert's test computes more than once in its context
/// ([`Expr::Commune`]), from `communes` on; returns the next free number.
pub(crate) fn factoriser(test: &mut Expr, communes: u32) -> u32 {
    fn compter(e: &mut Expr, vues: &mut Formes) {
        if factorisable(e) {
            compter_forme(vues, e);
        }
        meme_contexte(e, &mut |e| compter(e, vues));
    }
    fn remplacer(e: &mut Expr, vues: &Formes, numeros: &mut Formes, prochain: &mut u32) {
        if factorisable(e) && vues.get(e).is_some_and(|&n| n > 1) {
            let numero = numero_de(numeros, e, prochain);
            let inner = std::mem::replace(e, Expr::Vide);
            *e = Expr::Commune(numero, Box::new(inner));
            // Computed once, its own repeated parts are computed once too.
            return;
        }
        meme_contexte(e, &mut |e| remplacer(e, vues, numeros, prochain));
    }
    let mut vues = Formes::default();
    compter(test, &mut vues);
    let mut prochain = communes;
    remplacer(test, &vues, &mut Formes::default(), &mut prochain);
    prochain
}
