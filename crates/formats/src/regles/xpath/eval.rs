//! Evaluation over one document. Paths are streamed step by step into a sink that can stop
//! early, so `exists(a/b)`, `not(x)` and comparisons never build a sequence; only unions and
//! paths that may repeat a node gather, sort and deduplicate.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::analyse::{Absence, PREDICATS_MAX};
use super::ast::{
    Alternative, Axe, Chemin, Depart, Etape, EtapeMotif, Expr, Famille, Fonction, FormeTexte,
    Operation, Predicat, SANS_NUMERO, Test, Type,
};
use super::guide::{ATTRIBUT, ELEMENT, Guide, etiquettes, presents};
use super::noms::{AUCUN, Noms, NomsDuDocument};
use super::value::{
    Atome, ErreurDynamique, Item, Resultat, Valeur, arrondir, atomiser, atomiser_item,
    blancs_retires, calculer, comparer_general, comparer_valeurs, valeur_texte,
};
use crate::xml::{Document, Kind, NodeId};

/// A path's class, as kept for a document: `(document, class from, class to)`.
type ClasseDuChemin = Cell<(u32, u32, u32)>;

/// Tables an evaluator leaves to the next one on its thread, so that a document does not pay
/// for allocating and clearing them: their entries carry the number of the document that
/// wrote them, or the buffers are cleared only as far as the document needs.
#[derive(Default)]
struct Tables {
    classes_des_chemins: Vec<ClasseDuChemin>,
    /// See [`Evaluateur::places_index`].
    places_index: Vec<(u32, u32)>,
    /// Buffers for shared predicates' values, of any content.
    tampons: Vec<Vec<u8>>,
    /// The last document's names mapped onto a rule set's: the next document read with the
    /// same lexicon needs only its new names mapped (see [`Noms::pour`]).
    noms: Option<NomsDuDocument>,
}

#[derive(Default)]
struct Reserve {
    tables: Tables,
    /// The last document's number.
    document: u32,
}

thread_local! {
    static RESERVE: RefCell<Reserve> = RefCell::default();
}

/// A buffer of shared predicates' values is kept for the next document up to this size (a
/// byte per node): a large document's are freed, not held by the thread.
const TAMPON_MAX: usize = 1 << 14;

impl Reserve {
    /// The tables and a new document number (never 0); `None` when another evaluator of
    /// this thread holds them (or the thread is ending).
    fn prendre() -> Option<(Tables, u32)> {
        RESERVE
            .try_with(|r| {
                let mut r = r.try_borrow_mut().ok()?;
                if r.document == u32::MAX {
                    // Numbers would wrap around: old entries could pass for new ones.
                    r.tables = Tables::default();
                    r.document = 0;
                }
                let tables = std::mem::take(&mut r.tables);
                r.document += 1;
                Some((tables, r.document))
            })
            .ok()
            .flatten()
    }

    /// Back to the thread, for the next document. Only the holder of the thread's tables
    /// gives them back: every table in the reserve has its entries' numbers from its counter.
    fn rendre(tables: Tables) {
        let _ = RESERVE.try_with(|r| {
            if let Ok(mut r) = r.try_borrow_mut() {
                r.tables = tables;
            }
        });
    }
}

impl Drop for Evaluateur<'_> {
    fn drop(&mut self) {
        if self.document == 0 {
            return;
        }
        let mut tampons = std::mem::take(&mut self.tampons);
        tampons.extend(
            self.partages.drain(..).filter(|t| t.capacity() > 0 && t.capacity() <= TAMPON_MAX),
        );
        Reserve::rendre(Tables {
            classes_des_chemins: std::mem::take(&mut self.classes_des_chemins),
            places_index: std::mem::take(&mut self.places_index),
            tampons,
            noms: Some(std::mem::take(&mut self.noms)),
        });
    }
}

/// Receives a sequence's items one by one; `Ok(false)` stops the walk.
type Puits<'p, 'a> = dyn FnMut(&mut Evaluateur<'a>, Item<'a>) -> Resultat<bool> + 'p;

pub(crate) struct Evaluateur<'a> {
    doc: &'a Document<'a>,
    noms: NomsDuDocument,
    /// Each node's label (see [`etiquettes`]).
    etiquettes: Vec<u32>,
    /// By name number: whether the document has the name at all (see [`Absence`]).
    presents: Vec<bool>,
    /// By memo number: 0 while not evaluated, else 1 + its place in `memos`. Zeroed at
    /// creation (one calloc), where a vector of `Option<Resultat<Valeur>>` would be written
    /// item by item for the hundreds of memos most documents never use.
    places_memo: Vec<u32>,
    memos: Vec<Resultat<Valeur<'a>>>,
    variables: Vec<Item<'a>>,
    /// Elements (or attributes) of one name in document order: each list made from the guide
    /// on the first `//name` of that name (a document meets a few dozen such names).
    index: Vec<Rc<[NodeId]>>,
    /// By name number, twice (elements, attributes): `(document, 1 + place in index)` once
    /// the name's list is made, valid when `document` is this evaluator's (the table passes
    /// from one document to the next, see [`Reserve`]). Sized on the first `//name`.
    places_index: Vec<(u32, u32)>,
    /// Buffers for [`Evaluateur::partages`], from the thread's previous documents.
    tampons: Vec<Vec<u8>>,
    nombre_de_noms: usize,
    /// The document's structure.
    guide: Rc<Guide>,
    /// Values of shared predicates ([`Expr::Partage`]): by number, one byte per node (see
    /// [`Partage`]), allocated on the predicate's first use. Zeroed memory is the "not yet
    /// known" state, so a predicate used on a few nodes of a large document costs no pass.
    partages: Vec<Vec<u8>>,
    /// Values of [`Expr::Commune`] by number, each with the generation it was computed in.
    communes: Vec<(u64, Resultat<Valeur<'a>>)>,
    /// The nodes of each [`Famille`] by key, made on the family's first use.
    familles: Vec<Groupes<'a>>,
    /// The last string an [`Expr::Texte`]'s numbered source gave, with the node and the
    /// number: the next test of the same source on that node takes it.
    texte_connu: Option<(NodeId, u32, Cow<'a, str>)>,
    /// By number of a simple path ([`Chemin::numero`]): the class its steps lead to from a
    /// class, as `(document, class from, class to)` ([`AUCUN`] when the steps lead nowhere),
    /// valid when `document` is this evaluator's. A path is mostly evaluated from one class
    /// (its rule's context), so its steps' lookups in the guide are made once per document,
    /// not at each evaluation. The table passes from one document to the next on a thread
    /// ([`RESERVE`]): the numbers tell its entries apart, so it is never cleared.
    classes_des_chemins: Vec<ClasseDuChemin>,
    /// This document's number on this thread; 0 without a table.
    document: u32,
    /// Changes with each assert evaluated and each binding of a variable: a kept value of an
    /// older generation may have had another context or other variables.
    generation: u64,
}

/// A shared predicate's value for one node, in one byte: 0 not yet evaluated, then the
/// result, errors kept by kind (an error is not false: `not()` of it is still an error).
struct Partage;

impl Partage {
    fn coder(r: Resultat<bool>) -> u8 {
        match r {
            Ok(false) => 1,
            Ok(true) => 2,
            Err(ErreurDynamique::Type) => 3,
            Err(ErreurDynamique::Conversion) => 4,
            Err(ErreurDynamique::Arithmetique) => 5,
            Err(ErreurDynamique::Booleen) => 6,
        }
    }

    fn decoder(code: u8) -> Option<Resultat<bool>> {
        Some(match code {
            1 => Ok(false),
            2 => Ok(true),
            3 => Err(ErreurDynamique::Type),
            4 => Err(ErreurDynamique::Conversion),
            5 => Err(ErreurDynamique::Arithmetique),
            6 => Err(ErreurDynamique::Booleen),
            _ => return None,
        })
    }
}

/// A [`Famille`]'s nodes for a document.
#[derive(Default)]
enum Groupes<'a> {
    #[default]
    Inconnus,
    /// A node's key is an error: the family's paths are evaluated as written.
    Inutilisables,
    /// By key (see [`Famille::normalisee`]), the nodes in document order.
    Par(FxHashMap<Cow<'a, str>, Rc<[NodeId]>>),
}

/// The sizes of an evaluator's tables for a rule set (see [`Evaluateur::new`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tailles {
    pub(crate) memos: u32,
    pub(crate) variables: u16,
    pub(crate) partages: u32,
    pub(crate) communes: u32,
    /// Numbered simple paths ([`Chemin::numero`]).
    pub(crate) chemins: u32,
}

fn un(atome: Atome<'_>) -> Valeur<'_> {
    Valeur::Un(Item::Atome(atome))
}

impl<'a> Evaluateur<'a> {
    /// `tailles`: how many memos, variables, shared predicates and common subexpressions the
    /// rules number, so that their tables are allocated once rather than grown as a document
    /// meets them.
    pub(crate) fn new(doc: &'a Document<'a>, noms: &Noms, tailles: Tailles) -> Self {
        let Tailles { memos, variables, partages, communes, chemins } = tailles;
        // Without the thread's table (another evaluator of the thread holds it), none: the
        // paths' classes are then looked up each time.
        let (tables, document) = Reserve::prendre().unwrap_or_default();
        let Tables { mut classes_des_chemins, places_index, tampons, noms: reprise } = tables;
        if document != 0 && classes_des_chemins.len() < chemins as usize {
            classes_des_chemins.resize(chemins as usize, Cell::new((0, 0, 0)));
        }
        let noms_du_document = noms.pour(doc, reprise);
        let etiquettes = etiquettes(doc, &noms_du_document);
        // Built up front: every rule set's first assert on the root walks it, and the paths
        // borrow it instead of counting references.
        let guide = Rc::new(Guide::new(doc, &etiquettes));
        let presents = presents(&etiquettes, noms.len());
        Evaluateur {
            doc,
            etiquettes,
            presents,
            noms: noms_du_document,
            places_memo: vec![0; memos as usize],
            memos: Vec::with_capacity(memos as usize),
            variables: vec![Item::Atome(Atome::Booleen(false)); usize::from(variables)],
            index: Vec::new(),
            classes_des_chemins,
            document,
            places_index,
            tampons,
            nombre_de_noms: noms.len(),
            guide,
            partages: Vec::with_capacity(partages as usize),
            communes: Vec::with_capacity(communes as usize),
            familles: Vec::new(),
            texte_connu: None,
            generation: 0,
        }
    }

    /// The value an [`Absence`] decides for this document, if one of its names is missing.
    pub(crate) fn decide(&self, absence: &Absence) -> Option<bool> {
        let manque =
            absence.noms.iter().any(|&q| !self.presents.get(q as usize).copied().unwrap_or(false));
        manque.then_some(absence.valeur)
    }

    pub(crate) fn document(&self) -> &'a Document<'a> {
        self.doc
    }

    /// The rule set's number of a node's name.
    pub(crate) fn nom(&self, n: NodeId) -> u32 {
        self.etiquette(n)
    }

    /// The label of the node at an index (see [`etiquettes`]), [`AUCUN`] past the end.
    #[inline]
    pub(crate) fn etiquette_a(&self, i: usize) -> u32 {
        self.etiquettes.get(i).copied().unwrap_or(AUCUN)
    }

    #[inline]
    fn etiquette(&self, n: NodeId) -> u32 {
        self.etiquettes.get(n.index()).copied().unwrap_or(AUCUN)
    }

    pub(crate) fn namespace(&self, n: NodeId) -> u32 {
        self.noms.namespace(self.doc, n)
    }

    // ---- Patterns ----

    /// The element's class in the document's guide: its path of names from the root.
    pub(crate) fn classe(&self, n: NodeId) -> u32 {
        self.guide.classe(n)
    }

    pub(crate) fn nombre_de_classes(&self) -> usize {
        self.guide.nombre_de_classes()
    }

    /// Whether an element matches a rule's context alternative. An error in a predicate is a
    /// non-match, as XSLT says of patterns.
    pub(crate) fn correspond(&mut self, alternative: &'a Alternative, n: NodeId) -> bool {
        // The names along the ancestors first, predicates aside: most candidates fail there
        // (a `cbc:ID` is tried against every rule ending in `cbc:ID`), and without a predicate
        // evaluated nothing can err, so the verdict is the same as the full match's.
        if let Some(noms) = self.par_les_noms(alternative, n) {
            return noms && self.predicats_du_motif(&alternative.etapes, n);
        }
        let (etapes, ancre) = (&alternative.etapes, alternative.ancre);
        if !self.correspond_etapes(etapes, ancre, n, false).unwrap_or(false) {
            return false;
        }
        etapes.iter().all(|e| e.predicats.is_empty())
            || self.correspond_etapes(etapes, ancre, n, true).unwrap_or(false)
    }

    /// For a pattern of names, one per generation ([`Alternative::noms`]): whether the
    /// element and its ancestors have them, predicates aside. The same for every element of
    /// a class, whose path of names from the root it only reads. `None` for other patterns.
    pub(crate) fn par_les_noms(&self, alternative: &Alternative, n: NodeId) -> Option<bool> {
        let noms = alternative.noms.as_deref()?;
        let doc = self.doc;
        let mut m = n;
        let mut k = noms.len();
        while let Some(&q) = k.checked_sub(1).and_then(|i| noms.get(i)) {
            let etiquette = self.etiquette(m);
            if etiquette != q && (q != ELEMENT || etiquette & ATTRIBUT != 0) {
                return Some(false);
            }
            k -= 1;
            if k > 0 {
                let Some(p) = doc.parent(m) else { return Some(false) };
                m = p;
            }
        }
        Some(!alternative.ancre || doc.parent(m) == Some(doc.document_node()))
    }

    /// Whether the predicates of a pattern of names hold on an element whose names match,
    /// each on its step's node (any error is a non-match, so the order in which they are
    /// tried does not matter).
    pub(crate) fn predicats_du_motif(&mut self, etapes: &'a [EtapeMotif], n: NodeId) -> bool {
        let doc = self.doc;
        let mut m = Some(n);
        for etape in etapes.iter().rev() {
            let Some(noeud) = m else { return false };
            for p in &etape.predicats {
                if !self.booleen_vite(p, noeud).unwrap_or(false) {
                    return false;
                }
            }
            m = doc.parent(noeud);
        }
        true
    }

    /// `predicats`: evaluate the steps' predicates; without, only the names are matched.
    fn correspond_etapes(
        &mut self,
        etapes: &'a [EtapeMotif],
        ancre: bool,
        n: NodeId,
        predicats: bool,
    ) -> Resultat<bool> {
        let Some((etape, avant)) = etapes.split_last() else { return Ok(false) };
        if !self.teste(&etape.test, false, n) {
            return Ok(false);
        }
        if predicats {
            for p in &etape.predicats {
                if !self.booleen_vite(p, n)? {
                    return Ok(false);
                }
            }
        }
        let doc = self.doc;
        let parent = doc.parent(n);
        if avant.is_empty() {
            return Ok(!ancre || parent == Some(doc.document_node()));
        }
        let mut candidat = parent.filter(|&p| doc.kind(p) == Kind::Element);
        while let Some(p) = candidat {
            if self.correspond_etapes(avant, ancre, p, predicats)? {
                return Ok(true);
            }
            if !etape.descendant {
                break;
            }
            candidat = doc.parent(p).filter(|&p| doc.kind(p) == Kind::Element);
        }
        Ok(false)
    }

    /// An assert's test on a context node: values kept for another assert or another node
    /// are not reused.
    pub(crate) fn assertion(&mut self, test: &'a Expr, ctx: NodeId) -> Resultat<bool> {
        self.generation += 1;
        self.booleen(test, ctx)
    }

    // ---- Values ----

    pub(crate) fn valeur(&mut self, e: &'a Expr, ctx: NodeId) -> Resultat<Valeur<'a>> {
        Ok(match e {
            Expr::Chaine(s) => un(Atome::Chaine(Cow::Borrowed(s))),
            Expr::Decimal(d) => un(Atome::Decimal(*d)),
            Expr::Double(d) => un(Atome::Double(d.0)),
            Expr::Vide => Valeur::Vide,
            Expr::Suite(items) => {
                let mut tous = Vec::new();
                for item in items {
                    tous.extend(self.valeur(item, ctx)?.items().iter().cloned());
                }
                Valeur::de(tous)
            }
            Expr::Contexte => Valeur::Un(Item::Noeud(ctx)),
            Expr::Variable(v) => Valeur::Un(
                self.variables.get(usize::from(*v)).cloned().ok_or(ErreurDynamique::Type)?,
            ),
            Expr::Racine => Valeur::Un(Item::Noeud(self.doc.document_node())),
            Expr::Chemin(_) | Expr::Union(_) | Expr::Filtre(..) => {
                let mut collecte = Collecte::default();
                self.parcourir(e, ctx, false, &mut |_, item| {
                    collecte.ajouter(item);
                    Ok(true)
                })?;
                collecte.valeur()
            }
            Expr::Ou(..)
            | Expr::Et(..)
            | Expr::Comparaison(..)
            | Expr::ComparaisonValeurs(..)
            | Expr::Quantifiee { .. }
            | Expr::NomFinitPar(_)
            | Expr::Partage(..)
            | Expr::DansListe { .. }
            | Expr::Texte { .. }
            | Expr::Compte { .. } => un(Atome::Booleen(self.booleen(e, ctx)?)),
            Expr::Appel(f, _) if booleenne(f) => un(Atome::Booleen(self.booleen(e, ctx)?)),
            Expr::Arithmetique(op, a, b) => {
                let Some(x) = self.atome(a, ctx)? else { return Ok(Valeur::Vide) };
                let Some(y) = self.atome(b, ctx)? else { return Ok(Valeur::Vide) };
                un(calculer(*op, x, y)?)
            }
            Expr::Oppose(a) => match self.atome(a, ctx)? {
                None => Valeur::Vide,
                Some(x) => un(match x.numerique()? {
                    Atome::Decimal(d) => Atome::Decimal(-d),
                    Atome::Double(d) => Atome::Double(-d),
                    _ => return Err(ErreurDynamique::Type),
                }),
            },
            Expr::Si(c, a, b) => {
                if self.booleen(c, ctx)? {
                    self.valeur(a, ctx)?
                } else {
                    self.valeur(b, ctx)?
                }
            }
            Expr::Appel(f, args) => self.appel(f, args, ctx)?,
            // Made only where existence or a count is asked; elsewhere, the path as written.
            Expr::Famille(f) => return self.valeur(&f.chemin, ctx),
            Expr::Conversion { expr, vers, vide_permis } => match self.atome(expr, ctx)? {
                None if *vide_permis => Valeur::Vide,
                None => return Err(ErreurDynamique::Type),
                Some(a) => un(convertir(a, *vers)?),
            },
            Expr::Memo(slot, inner) => {
                let slot = *slot as usize;
                let place = self.places_memo.get(slot).copied().unwrap_or(0) as usize;
                if let Some(memo) = place.checked_sub(1).and_then(|i| self.memos.get(i)) {
                    return memo.clone();
                }
                let valeur = self.valeur(inner, ctx);
                if let Some(place) = self.places_memo.get_mut(slot) {
                    self.memos.push(valeur.clone());
                    *place = self.memos.len() as u32;
                }
                return valeur;
            }
            Expr::Commune(numero, inner) => {
                let numero = *numero as usize;
                if let Some((generation, valeur)) = self.communes.get(numero)
                    && *generation == self.generation
                {
                    return valeur.clone();
                }
                let valeur = self.valeur(inner, ctx);
                if self.communes.len() <= numero {
                    self.communes.resize_with(numero + 1, || (0, Ok(Valeur::Vide)));
                }
                if let Some(place) = self.communes.get_mut(numero) {
                    *place = (self.generation, valeur.clone());
                }
                return valeur;
            }
        })
    }

    /// At most one atomic value (empty is `None`); more is a type error.
    fn atome(&mut self, e: &'a Expr, ctx: NodeId) -> Resultat<Option<Atome<'a>>> {
        let doc = self.doc;
        if let Expr::Contexte = e {
            return Ok(Some(Atome::NonType(valeur_texte(doc, ctx))));
        }
        if let Expr::Chemin(chemin) = e
            && chemin.simple
        {
            let mut premier = None;
            let mut nombre = 0;
            self.simple(chemin, ctx, &mut |m| {
                nombre += 1;
                premier = Some(m);
                nombre < 2
            });
            if nombre > 1 {
                return Err(ErreurDynamique::Type);
            }
            return Ok(premier.map(|m| Atome::NonType(valeur_texte(doc, m))));
        }
        Ok(self.valeur(e, ctx)?.au_plus_un()?.map(|item| atomiser_item(doc, item)))
    }

    /// An `xs:string?` argument: empty is the empty string.
    fn chaine(&mut self, e: &'a Expr, ctx: NodeId) -> Resultat<Cow<'a, str>> {
        match self.atome(e, ctx)? {
            None => Ok(Cow::Borrowed("")),
            Some(a) => a.chaine_stricte(),
        }
    }

    /// The effective boolean value, without building sequences where it can be avoided.
    pub(crate) fn booleen(&mut self, e: &'a Expr, ctx: NodeId) -> Resultat<bool> {
        match e {
            Expr::Ou(a, b) => Ok(self.booleen(a, ctx)? || self.booleen(b, ctx)?),
            Expr::Et(a, b) => Ok(self.booleen(a, ctx)? && self.booleen(b, ctx)?),
            Expr::Chemin(chemin) if matches!(chemin.etapes.last(), Some(Etape::Axe { .. })) => {
                self.existe(e, ctx)
            }
            Expr::Comparaison(op, a, b) => {
                let doc = self.doc;
                // A literal on the right, the usual case, is its own atom: no call for it.
                let valeur = match &**b {
                    Expr::Chaine(s) => un(Atome::Chaine(Cow::Borrowed(s))),
                    Expr::Decimal(d) => un(Atome::Decimal(*d)),
                    Expr::Double(d) => un(Atome::Double(d.0)),
                    b => self.valeur(b, ctx)?,
                };
                // One item is the usual case: no allocation for it.
                let seul: [Atome<'a>; 1];
                let plusieurs: Vec<Atome<'a>>;
                let droite: &[Atome<'a>] = match valeur {
                    Valeur::Vide => return Ok(false),
                    Valeur::Un(item) => {
                        seul = [atomiser_item(doc, item)];
                        &seul
                    }
                    Valeur::Plusieurs(items) => {
                        plusieurs = items.iter().map(|i| atomiser(doc, i)).collect();
                        &plusieurs
                    }
                };
                if let Expr::Chemin(chemin) = &**a
                    && chemin.simple
                {
                    let mut resultat = Ok(false);
                    self.simple(chemin, ctx, &mut |m| {
                        let x = Atome::NonType(valeur_texte(doc, m));
                        for y in droite {
                            match comparer_general(*op, &x, y) {
                                Ok(false) => {}
                                fin => {
                                    resultat = fin;
                                    return false;
                                }
                            }
                        }
                        true
                    });
                    return resultat;
                }
                let mut vrai = false;
                self.parcourir(a, ctx, true, &mut |_, item| {
                    let x = atomiser_item(doc, item);
                    for y in droite {
                        if comparer_general(*op, &x, y)? {
                            vrai = true;
                            return Ok(false);
                        }
                    }
                    Ok(true)
                })?;
                Ok(vrai)
            }
            Expr::ComparaisonValeurs(op, a, b) => {
                let Some(x) = self.atome(a, ctx)? else { return Ok(false) };
                let Some(y) = self.atome(b, ctx)? else { return Ok(false) };
                comparer_valeurs(*op, &x, &y)
            }
            Expr::Quantifiee { tous, variable, domaine, condition } => {
                let tous = *tous;
                let slot = usize::from(*variable);
                let mut resultat = tous;
                self.parcourir(domaine, ctx, false, &mut |ev, item| {
                    let place = ev.variables.get_mut(slot).ok_or(ErreurDynamique::Type)?;
                    *place = item;
                    ev.generation += 1;
                    if ev.booleen(condition, ctx)? != tous {
                        resultat = !tous;
                        return Ok(false);
                    }
                    Ok(true)
                })?;
                Ok(resultat)
            }
            Expr::NomFinitPar(suffixe) => Ok(self.doc.local_name(ctx).ends_with(&**suffixe)),
            Expr::Famille(_) => self.existe(e, ctx),
            Expr::Partage(numero, inner) => {
                let (numero, i) = (*numero as usize, ctx.index());
                if let Some(resultat) = self.partage_connu(numero, i) {
                    return resultat;
                }
                let resultat = self.booleen(inner, ctx);
                if self.partages.len() <= numero {
                    self.partages.resize_with(numero + 1, Vec::new);
                }
                if let Some(places) = self.partages.get_mut(numero) {
                    if places.is_empty() {
                        // A previous document's buffer, cleared as far as this one needs.
                        let mut tampon = self.tampons.pop().unwrap_or_default();
                        tampon.clear();
                        tampon.resize(self.doc.len(), 0);
                        *places = tampon;
                    }
                    if let Some(place) = places.get_mut(i) {
                        *place = Partage::coder(resultat);
                    }
                }
                resultat
            }
            Expr::DansListe { liste, codes, valeur } => {
                let code = match self.atome(valeur, ctx)? {
                    None => Cow::Borrowed(""),
                    Some(a) => a.en_chaine(),
                };
                // Without a space, ` code ` can only be found as a whole code of the list.
                if code.contains(' ') {
                    Ok(liste.contains(&format!(" {code} ")))
                } else {
                    Ok(codes.contient(&code))
                }
            }
            Expr::Texte { source, forme, numero } => {
                if let Some((n, q, s)) = &self.texte_connu
                    && *n == ctx
                    && q == numero
                {
                    return Ok(texte(s, forme));
                }
                let s = self.chaine(source, ctx)?;
                let vrai = texte(&s, forme);
                if *numero != SANS_NUMERO {
                    self.texte_connu = Some((ctx, *numero, s));
                }
                Ok(vrai)
            }
            Expr::Compte { op, source, borne } => {
                let n = Atome::Decimal(Decimal::from(self.compter(source, ctx)? as u64));
                // The comparison `count(…) op borne` ends in, two decimals.
                comparer_valeurs(*op, &n, &Atome::Decimal(*borne))
            }
            // The most frequent functions of a test, without the call through the others.
            Expr::Appel(Fonction::Not, args) if args.len() == 1 => {
                Ok(!self.booleen(premier(args)?, ctx)?)
            }
            Expr::Appel(Fonction::Exists, args) if args.len() == 1 => {
                self.existe(premier(args)?, ctx)
            }
            Expr::Appel(Fonction::Empty, args) if args.len() == 1 => {
                Ok(!self.existe(premier(args)?, ctx)?)
            }
            Expr::Appel(f, args) if booleenne(f) => self.fonction_booleenne(f, args, ctx),
            // A memoised test (`exists(//…)`), known: its boolean without copying the value.
            Expr::Memo(slot, _) => match self.memo_booleen(*slot) {
                Some(resultat) => resultat,
                None => self.valeur(e, ctx)?.booleen(),
            },
            _ => self.valeur(e, ctx)?.booleen(),
        }
    }

    /// A memo's effective boolean value, if it is known and a boolean (or an error).
    #[inline]
    fn memo_booleen(&self, slot: u32) -> Option<Resultat<bool>> {
        let place = self.places_memo.get(slot as usize).copied().unwrap_or(0) as usize;
        match place.checked_sub(1).and_then(|i| self.memos.get(i))? {
            Ok(Valeur::Un(Item::Atome(Atome::Booleen(b)))) => Some(Ok(*b)),
            Err(e) => Some(Err(*e)),
            Ok(_) => None,
        }
    }

    /// A shared predicate's value for the node at index `i`, if already evaluated.
    #[inline]
    fn partage_connu(&self, numero: usize, i: usize) -> Option<Resultat<bool>> {
        self.partages.get(numero).and_then(|p| p.get(i)).copied().and_then(Partage::decoder)
    }

    /// [`Evaluateur::booleen`], with a shared predicate already evaluated on the node and a
    /// memoised boolean taken without the call: the predicates of steps and rule contexts
    /// are mostly these, and the general function's entry costs more than the lookup.
    #[inline]
    fn booleen_vite(&mut self, e: &'a Expr, ctx: NodeId) -> Resultat<bool> {
        match e {
            Expr::Partage(numero, _) => {
                if let Some(resultat) = self.partage_connu(*numero as usize, ctx.index()) {
                    return resultat;
                }
            }
            Expr::Memo(slot, _) => {
                if let Some(resultat) = self.memo_booleen(*slot) {
                    return resultat;
                }
            }
            _ => {}
        }
        self.booleen(e, ctx)
    }

    fn fonction_booleenne(
        &mut self,
        f: &'a Fonction,
        args: &'a [Expr],
        ctx: NodeId,
    ) -> Resultat<bool> {
        let arg = |i: usize| args.get(i).ok_or(ErreurDynamique::Type);
        match f {
            Fonction::Not => Ok(!self.booleen(arg(0)?, ctx)?),
            Fonction::Exists => self.existe(arg(0)?, ctx),
            Fonction::Empty => Ok(!self.existe(arg(0)?, ctx)?),
            Fonction::True => Ok(true),
            Fonction::False => Ok(false),
            Fonction::Boolean => self.booleen(arg(0)?, ctx),
            Fonction::Contains | Fonction::StartsWith | Fonction::EndsWith => {
                let a = self.chaine(arg(0)?, ctx)?;
                let b = self.chaine(arg(1)?, ctx)?;
                Ok(match f {
                    Fonction::Contains => a.contains(&*b),
                    Fonction::StartsWith => a.starts_with(&*b),
                    _ => a.ends_with(&*b),
                })
            }
            Fonction::Matches(regex) => {
                let a = self.chaine(arg(0)?, ctx)?;
                Ok(regex.0.is_match(&a))
            }
            _ => Err(ErreurDynamique::Type),
        }
    }

    fn existe(&mut self, e: &'a Expr, ctx: NodeId) -> Resultat<bool> {
        match e {
            Expr::Chemin(chemin) if chemin.simple => {
                let mut trouve = false;
                self.simple(chemin, ctx, &mut |_| {
                    trouve = true;
                    false
                });
                Ok(trouve)
            }
            Expr::Chemin(_) => {
                let mut trouve = false;
                self.parcourir(e, ctx, true, &mut |_, _| {
                    trouve = true;
                    Ok(false)
                })?;
                Ok(trouve)
            }
            Expr::Famille(f) => match self.compter_famille(f) {
                Some(n) => Ok(n > 0),
                None => self.existe(&f.chemin, ctx),
            },
            _ => Ok(!self.valeur(e, ctx)?.est_vide()),
        }
    }

    // ---- Sequences ----

    /// Streams the items of `e`. `sans_ordre`: the caller needs neither document order nor
    /// deduplication (existence, existential comparison), so nothing is gathered.
    fn parcourir(
        &mut self,
        e: &'a Expr,
        ctx: NodeId,
        sans_ordre: bool,
        puits: &mut Puits<'_, 'a>,
    ) -> Resultat<bool> {
        match e {
            Expr::Chemin(chemin) => self.chemin(chemin, ctx, sans_ordre, puits),
            Expr::Famille(f) => self.parcourir(&f.chemin, ctx, sans_ordre, puits),
            Expr::Union(items) => {
                let mut noeuds = Vec::new();
                for item in items {
                    self.parcourir(item, ctx, true, &mut |_, i| match i {
                        Item::Noeud(n) => {
                            noeuds.push(n);
                            Ok(true)
                        }
                        Item::Atome(_) => Err(ErreurDynamique::Type),
                    })?;
                }
                noeuds.sort_unstable();
                noeuds.dedup();
                for n in noeuds {
                    if !puits(self, Item::Noeud(n))? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Expr::Filtre(base, predicats) => {
                let valeur = self.valeur(base, ctx)?;
                self.filtrer(valeur.items(), predicats, &[], puits)
            }
            _ => {
                let valeur = self.valeur(e, ctx)?;
                for item in valeur.items() {
                    if !puits(self, item.clone())? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
        }
    }

    fn chemin(
        &mut self,
        chemin: &'a Chemin,
        ctx: NodeId,
        sans_ordre: bool,
        puits: &mut Puits<'_, 'a>,
    ) -> Resultat<bool> {
        if chemin.a_trier && !sans_ordre {
            // Nodes straight into the list to sort, atomic values aside (a mix is an error).
            let mut noeuds: Vec<NodeId> = Vec::new();
            let mut atomes: Vec<Item<'a>> = Vec::new();
            self.chemin(chemin, ctx, true, &mut |_, item| {
                match item {
                    Item::Noeud(n) => noeuds.push(n),
                    atome => atomes.push(atome),
                }
                Ok(true)
            })?;
            if atomes.is_empty() {
                if !noeuds.is_sorted() {
                    noeuds.sort_unstable();
                }
                noeuds.dedup();
                for n in noeuds {
                    if !puits(self, Item::Noeud(n))? {
                        return Ok(false);
                    }
                }
                return Ok(true);
            }
            if !noeuds.is_empty() {
                return Err(ErreurDynamique::Type);
            }
            for item in atomes {
                if !puits(self, item)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        let depart = match &chemin.depart {
            Depart::Contexte => Some(ctx),
            Depart::Racine => Some(self.doc.document_node()),
            Depart::Expr(_) => None,
        };
        if let Some(depart) = depart.filter(|_| !chemin.etiquettes.is_empty()) {
            if let Some(continuer) = self.par_le_guide(chemin, depart, sans_ordre, puits)? {
                return Ok(continuer);
            }
            if chemin.etiquettes.iter().all(|e| e.len() == 1) {
                return self.par_les_etiquettes(chemin, ctx, puits);
            }
        }
        match &chemin.depart {
            Depart::Contexte => self.etapes(&chemin.etapes, ctx, puits),
            Depart::Racine => self.etapes(&chemin.etapes, self.doc.document_node(), puits),
            Depart::Expr(e) => {
                let depart = self.valeur(e, ctx)?;
                for item in depart.items() {
                    let Item::Noeud(n) = item else { return Err(ErreurDynamique::Type) };
                    if !self.etapes(&chemin.etapes, *n, puits)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
        }
    }

    /// The path's leading name steps by the guide, then the other steps from each node found.
    /// `None` when the guide does not apply (the start node is not alone in its class) or
    /// cannot keep document order (names in a union led to several classes) and it is needed.
    fn par_le_guide(
        &mut self,
        chemin: &'a Chemin,
        depart: NodeId,
        sans_ordre: bool,
        puits: &mut Puits<'_, 'a>,
    ) -> Resultat<Option<bool>> {
        const CLASSES_MAX: usize = 8;
        let guide = self.guide();
        let classe = guide.classe(depart);
        if guide.noeuds(classe).len() != 1 {
            return Ok(None);
        }
        let mut classes = [0u32; CLASSES_MAX];
        classes[0] = classe;
        let mut nombre = 1;
        for etiquettes in &chemin.etiquettes {
            let mut suivantes = [0u32; CLASSES_MAX];
            let mut k = 0;
            for &c in classes.get(..nombre).unwrap_or(&[]) {
                for &e in etiquettes {
                    if let Some(s) = guide.suivante(c, e) {
                        let Some(place) = suivantes.get_mut(k) else { return Ok(None) };
                        *place = s;
                        k += 1;
                    }
                }
            }
            if k == 0 {
                return Ok(Some(true));
            }
            classes = suivantes;
            nombre = k;
        }
        if nombre > 1 && !sans_ordre {
            return Ok(None);
        }
        let reste = chemin.etapes.get(chemin.etiquettes.len()..).unwrap_or(&[]);
        for &c in classes.get(..nombre).unwrap_or(&[]) {
            for &m in guide.noeuds(c) {
                if !self.etapes(reste, m, puits)? {
                    return Ok(Some(false));
                }
            }
        }
        Ok(Some(true))
    }

    /// A path from a node among others of its class (a line), its leading steps of one name
    /// each found as [`Evaluateur::simple`] finds them (through the guide, in document order),
    /// the other steps then walked from each node found: the general walk would test every
    /// child of each node on the way (`cac:Item/cac:ClassifiedTaxCategory/xs:decimal(…)`
    /// from each line, in the VAT rules).
    fn par_les_etiquettes(
        &mut self,
        chemin: &'a Chemin,
        ctx: NodeId,
        puits: &mut Puits<'_, 'a>,
    ) -> Resultat<bool> {
        // Most such paths lead to a node or two: kept on the stack, more in a vector.
        const PLACES: usize = 8;
        let mut premiers = [ctx; PLACES];
        let mut autres = Vec::new();
        let mut nombre = 0;
        self.simple(chemin, ctx, &mut |m| {
            match premiers.get_mut(nombre) {
                Some(place) => *place = m,
                None => autres.push(m),
            }
            nombre += 1;
            true
        });
        let reste = chemin.etapes.get(chemin.etiquettes.len()..).unwrap_or(&[]);
        for &m in premiers.iter().take(nombre).chain(&autres) {
            if !self.etapes(reste, m, puits)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The nodes of a [simple](Chemin::simple) path, in no particular order, to `f` until it
    /// returns false; false if it did. By the guide from a node alone in its class, by a
    /// direct walk of children otherwise: no sequence, no closure call per step.
    fn simple<F: FnMut(NodeId) -> bool>(&self, chemin: &Chemin, ctx: NodeId, f: &mut F) -> bool {
        let depart = match chemin.depart {
            Depart::Racine => self.doc.document_node(),
            _ => ctx,
        };
        if let [etape] = &*chemin.etiquettes
            && let [etiquette] = &**etape
            && etiquette & ATTRIBUT != 0
        {
            // `@name`: the node's attributes follow it in the arena, and one at most has the
            // name (the code lists on `@currencyID`, `@unitCode`… of every amount and
            // quantity).
            let doc = self.doc;
            return match doc.attributes(depart).find(|&a| self.etiquette(a) == *etiquette) {
                Some(a) => f(a),
                None => true,
            };
        }
        let guide = &*self.guide;
        let classe = guide.classe(depart);
        if classe == AUCUN {
            // A text node: no name step leads anywhere.
            return true;
        }
        if let Some(cellule) = self.classes_des_chemins.get(chemin.numero as usize) {
            // One name per step: one class at the end, or none.
            let finale = match cellule.get() {
                (document, de, vers) if document == self.document && de == classe => vers,
                _ => {
                    let vers = chemin.etiquettes.iter().try_fold(classe, |c, etiquettes| {
                        etiquettes.first().and_then(|&e| guide.suivante(c, e))
                    });
                    let vers = vers.unwrap_or(AUCUN);
                    cellule.set((self.document, classe, vers));
                    vers
                }
            };
            if finale == AUCUN {
                return true;
            }
            let noeuds = if guide.noeuds(classe).len() == 1 {
                guide.noeuds(finale)
            } else {
                guide.noeuds_sous(finale, depart, self.doc.end(depart))
            };
            return noeuds.iter().all(|&m| f(m));
        }
        if guide.noeuds(classe).len() == 1 {
            return simple_guide(guide, classe, &chemin.etiquettes, None, f);
        }
        // Below one node of many, in document order as a walk gives them: with a union of
        // names the guide would give them name by name, and the first node a comparison meets
        // decides between its error and another node's match.
        if chemin.etiquettes.iter().any(|e| e.len() > 1) {
            return self.simple_marche(depart, &chemin.etiquettes, f);
        }
        simple_guide(guide, classe, &chemin.etiquettes, Some((depart, self.doc.end(depart))), f)
    }

    fn simple_marche<F: FnMut(NodeId) -> bool>(
        &self,
        n: NodeId,
        etiquettes: &[Box<[u32]>],
        f: &mut F,
    ) -> bool {
        let Some((premiere, reste)) = etiquettes.split_first() else { return f(n) };
        let doc = self.doc;
        if premiere.first().is_some_and(|e| e & ATTRIBUT != 0) {
            let mut i = n.index() + 1;
            while let Some(a) = doc
                .node(i)
                .filter(|&a| doc.kind(a) == Kind::Attribute && doc.kind(n) == Kind::Element)
            {
                if premiere.contains(&self.etiquette(a)) && !self.simple_marche(a, reste, f) {
                    return false;
                }
                i += 1;
            }
            return true;
        }
        let mut enfant = doc.first_child(n);
        while let Some(m) = enfant {
            if premiere.contains(&self.etiquette(m)) && !self.simple_marche(m, reste, f) {
                return false;
            }
            enfant = doc.next_sibling(m);
        }
        true
    }

    fn guide(&self) -> Rc<Guide> {
        Rc::clone(&self.guide)
    }

    fn etapes(
        &mut self,
        etapes: &'a [Etape],
        n: NodeId,
        puits: &mut Puits<'_, 'a>,
    ) -> Resultat<bool> {
        let Some((etape, reste)) = etapes.split_first() else { return puits(self, Item::Noeud(n)) };
        match etape {
            Etape::Axe { axe, test, predicats } => {
                let attribut = matches!(axe, Axe::Attribut | Axe::AttributDescendant);
                let mut parcours = self.parcours(*axe, test, n);
                let mut positions = [0usize; PREDICATS_MAX];
                'candidats: while let Some(m) = parcours.suivant(self.doc) {
                    if !self.teste(test, attribut, m) {
                        continue;
                    }
                    for (p, position) in predicats.iter().zip(positions.iter_mut()) {
                        *position += 1;
                        if !self.predicat(p, m, *position)? {
                            if matches!(p, Predicat::Position(k) if *position > *k) {
                                // Positions only grow: no later node can pass.
                                break 'candidats;
                            }
                            continue 'candidats;
                        }
                    }
                    if !self.etapes(reste, m, puits)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Etape::Expr { expr, predicats } => {
                let valeur = self.valeur(expr, n)?;
                self.filtrer(valeur.items(), predicats, reste, puits)
            }
        }
    }

    /// Filters items by predicates, then continues with the remaining steps.
    fn filtrer(
        &mut self,
        items: &[Item<'a>],
        predicats: &'a [Predicat],
        reste: &'a [Etape],
        puits: &mut Puits<'_, 'a>,
    ) -> Resultat<bool> {
        let mut positions = [0usize; PREDICATS_MAX];
        'items: for item in items {
            for (p, position) in predicats.iter().zip(positions.iter_mut()) {
                *position += 1;
                let passe = match (p, item) {
                    (Predicat::Position(k), _) => *position == *k,
                    (_, Item::Noeud(m)) => self.predicat(p, *m, *position)?,
                    // An atomic context item: no rule filters atomic values by content.
                    (_, Item::Atome(_)) => return Err(ErreurDynamique::Type),
                };
                if !passe {
                    continue 'items;
                }
            }
            let continuer = match (reste.is_empty(), item) {
                (true, _) => puits(self, item.clone())?,
                (false, Item::Noeud(m)) => self.etapes(reste, *m, puits)?,
                (false, Item::Atome(_)) => return Err(ErreurDynamique::Type),
            };
            if !continuer {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn predicat(&mut self, p: &'a Predicat, m: NodeId, position: usize) -> Resultat<bool> {
        match p {
            Predicat::Position(k) => Ok(position == *k),
            Predicat::Booleen(e) => self.booleen_vite(e, m),
            Predicat::Valeur(e) => match self.valeur(e, m)? {
                Valeur::Un(Item::Atome(Atome::Decimal(d))) => {
                    Ok(Decimal::from(position as u64) == d)
                }
                Valeur::Un(Item::Atome(Atome::Double(d))) => Ok(position as f64 == d),
                v => v.booleen(),
            },
        }
    }

    // ---- Axes and node tests ----

    #[inline]
    pub(crate) fn teste(&self, test: &Test, attribut: bool, m: NodeId) -> bool {
        let etiquette = self.etiquette(m);
        let bit = if attribut { ATTRIBUT } else { 0 };
        let principal = etiquette != AUCUN && etiquette & ATTRIBUT == bit;
        match test {
            Test::Nom(q) => etiquette == q | bit,
            Test::Noms(qs) => qs.iter().any(|q| etiquette == q | bit),
            Test::Tout => principal,
            Test::Namespace(ns) => principal && self.namespace(m) == *ns,
            Test::Noeud => true,
            Test::Texte => self.doc.kind(m) == Kind::Text,
        }
    }

    fn parcours(&mut self, axe: Axe, test: &Test, n: NodeId) -> Parcours {
        let doc = self.doc;
        match axe {
            Axe::Enfant => {
                // The children of a name are one class of the guide, those below `n`: no walk
                // over the other children, and none at all when no node of `n`'s class has
                // such a child.
                if let Test::Nom(q) = test {
                    let guide = self.guide();
                    let classe = guide.classe(n);
                    let seul = guide.noeuds(classe).len() == 1;
                    return match guide.suivante(classe, *q) {
                        Some(classe) if seul => {
                            let fin = guide.noeuds(classe).len();
                            Parcours::Classe { guide, classe, i: 0, fin }
                        }
                        Some(classe) => {
                            let (i, fin) = guide.plage_sous(classe, n, doc.end(n));
                            Parcours::Classe { guide, classe, i, fin }
                        }
                        None => Parcours::Un(None),
                    };
                }
                Parcours::Freres(doc.first_child(n))
            }
            Axe::FrereSuivant => Parcours::Freres(doc.next_sibling(n)),
            Axe::Attribut if doc.kind(n) == Kind::Element => Parcours::Attributs(n.index() + 1),
            Axe::Attribut => Parcours::Un(None),
            Axe::Soi => Parcours::Un(Some(n)),
            Axe::Parent => Parcours::Un(doc.parent(n)),
            Axe::Ancetre => Parcours::Ancetres(doc.parent(n)),
            Axe::AncetreOuSoi => Parcours::Ancetres(Some(n)),
            Axe::Descendant | Axe::DescendantOuSoi | Axe::AttributDescendant => {
                let debut = if axe == Axe::DescendantOuSoi { n.index() } else { n.index() + 1 };
                let fin = doc.end(n).index();
                let attributs = axe == Axe::AttributDescendant;
                let noms: &[u32] = match test {
                    Test::Nom(q) => std::slice::from_ref(q),
                    Test::Noms(qs) => qs,
                    _ if attributs => return Parcours::PlageAttributs(debut, fin),
                    _ => return Parcours::Plage(debut, fin),
                };
                let plage = |liste: &[NodeId]| {
                    let a = liste.partition_point(|m| m.index() < debut);
                    let b = liste.partition_point(|m| m.index() < fin);
                    (a, b.max(a))
                };
                let bit = if attributs { ATTRIBUT } else { 0 };
                if let [q] = noms {
                    let liste = self.index(q | bit);
                    let (a, b) = plage(&liste);
                    return Parcours::Index { liste, a, b };
                }
                // `//(a | b)`: the names' nodes merged into document order.
                let mut tous: Vec<NodeId> = Vec::new();
                for &q in noms {
                    let liste = self.index(q | bit);
                    let (a, b) = plage(&liste);
                    tous.extend_from_slice(liste.get(a..b).unwrap_or(&[]));
                }
                tous.sort_unstable();
                tous.dedup();
                Parcours::Liste(tous, 0)
            }
            Axe::Suivant => Parcours::Plage(doc.end(n).index(), doc.len()),
            Axe::Precedent => match test {
                Test::Nom(q) => {
                    let liste = self.index(*q);
                    let a = liste.partition_point(|m| m.index() < n.index());
                    Parcours::IndexArriere { liste, a, n }
                }
                _ => Parcours::Precedents(n.index(), n),
            },
            Axe::FrerePrecedent => Parcours::FreresPrecedents(n.index(), doc.parent(n)),
        }
    }

    /// The elements (or attributes) of a label, in document order.
    fn index(&mut self, etiquette: u32) -> Rc<[NodeId]> {
        if self.places_index.len() < 2 * self.nombre_de_noms {
            self.places_index.resize(2 * self.nombre_de_noms, (0, 0));
        }
        let cle = 2 * (etiquette & !ATTRIBUT) as usize + usize::from(etiquette & ATTRIBUT != 0);
        // Without the thread's table (document 0), a fresh one: its zeros are "not made".
        let place = match self.places_index.get(cle) {
            Some(&(document, place)) if document == self.document => place as usize,
            _ => 0,
        };
        if let Some(liste) = place.checked_sub(1).and_then(|i| self.index.get(i)) {
            return Rc::clone(liste);
        }
        let liste: Rc<[NodeId]> = self.guide.noeuds_de(etiquette).into();
        self.index.push(Rc::clone(&liste));
        if let Some(place) = self.places_index.get_mut(cle) {
            *place = (self.document, self.index.len() as u32);
        }
        liste
    }

    // ---- Functions ----

    /// How many of a family's nodes for its literal pass its predicates after the keyed one:
    /// the count, or the existence, its path as written gives. `None` when the family cannot
    /// be grouped for this document or a predicate is an error on one of the nodes: the path
    /// as written then decides (it may stop before that node, or raise the error). Every node
    /// is tested, an existence too: the answer is then the same in any order.
    fn compter_famille(&mut self, f: &'a Famille) -> Option<usize> {
        let Some(noeuds) = self.famille(f)? else { return Some(0) };
        let mut n = 0;
        'noeuds: for &m in noeuds.iter() {
            for p in &f.apres {
                match self.predicat(p, m, 0) {
                    Ok(true) => {}
                    Ok(false) => continue 'noeuds,
                    Err(_) => return None,
                }
            }
            n += 1;
        }
        Some(n)
    }

    /// A family's nodes for its literal (`Some(None)`: none has it); `None` when the family
    /// cannot be grouped for this document (its path is then evaluated as written).
    fn famille(&mut self, f: &'a Famille) -> Option<Option<Rc<[NodeId]>>> {
        let numero = f.numero as usize;
        if self.familles.len() <= numero {
            self.familles.resize_with(numero + 1, Groupes::default);
        }
        if matches!(self.familles.get(numero)?, Groupes::Inconnus) {
            let groupes = self.grouper(f);
            *self.familles.get_mut(numero)? = groupes;
        }
        match self.familles.get(numero)? {
            Groupes::Par(par_cle) => Some(par_cle.get(&*f.valeur).cloned()),
            Groupes::Inconnus | Groupes::Inutilisables => None,
        }
    }

    /// The nodes of a family's base, in document order, by their key: the same nodes the
    /// keyed predicate `[normalize-space(key) = 'literal']` (or `[key = 'literal']`) of each
    /// path lets through. Unusable if the base or a node's key is an error: a path as written
    /// may stop before that node (an existence) or raise it.
    fn grouper(&mut self, f: &'a Famille) -> Groupes<'a> {
        let mut noeuds = Vec::new();
        let racine = self.doc.document_node();
        let base = self.parcourir(&f.base, racine, false, &mut |_, item| match item {
            Item::Noeud(n) => {
                noeuds.push(n);
                Ok(true)
            }
            Item::Atome(_) => Err(ErreurDynamique::Type),
        });
        if base.is_err() {
            return Groupes::Inutilisables;
        }
        // `cle = 'literal'` compares the values of a simple path, untyped, as strings: never
        // an error.
        let valeurs_de = match (&f.cle, f.normalisee) {
            (_, true) => None,
            (Expr::Chemin(chemin), false) => Some(&**chemin),
            _ => return Groupes::Inutilisables,
        };
        let mut par_cle: FxHashMap<Cow<'a, str>, Vec<NodeId>> = FxHashMap::default();
        let doc = self.doc;
        for m in noeuds {
            let Some(chemin) = valeurs_de else {
                let Ok(cle) = self.chaine(&f.cle, m) else { return Groupes::Inutilisables };
                par_cle.entry(normaliser(cle)).or_default().push(m);
                continue;
            };
            let mut valeurs = Vec::new();
            self.simple(chemin, m, &mut |n| {
                valeurs.push(valeur_texte(doc, n));
                true
            });
            for valeur in valeurs {
                let groupe = par_cle.entry(valeur).or_default();
                if groupe.last() != Some(&m) {
                    groupe.push(m);
                }
            }
        }
        Groupes::Par(par_cle.into_iter().map(|(cle, noeuds)| (cle, Rc::from(noeuds))).collect())
    }

    /// `count(e)`.
    fn compter(&mut self, e: &'a Expr, ctx: NodeId) -> Resultat<usize> {
        if let Expr::Famille(f) = e {
            return match self.compter_famille(f) {
                Some(n) => Ok(n),
                None => self.compter(&f.chemin, ctx),
            };
        }
        let mut n = 0usize;
        if let Expr::Chemin(chemin) = e
            && chemin.simple
        {
            self.simple(chemin, ctx, &mut |_| {
                n += 1;
                true
            });
            return Ok(n);
        }
        // Without duplicates, counting needs no document order.
        let sans_doublon = matches!(e, Expr::Chemin(c) if !c.a_trier);
        self.parcourir(e, ctx, sans_doublon, &mut |_, _| {
            n += 1;
            Ok(true)
        })?;
        Ok(n)
    }

    fn appel(&mut self, f: &'a Fonction, args: &'a [Expr], ctx: NodeId) -> Resultat<Valeur<'a>> {
        let doc = self.doc;
        let arg = |i: usize| args.get(i).ok_or(ErreurDynamique::Type);
        let chaine = |s: Cow<'a, str>| un(Atome::Chaine(s));
        let entier = |n: usize| un(Atome::Decimal(Decimal::from(n as u64)));
        Ok(match f {
            Fonction::Count => entier(self.compter(arg(0)?, ctx)?),
            Fonction::Sum => {
                let mut total: Option<Atome<'a>> = None;
                self.parcourir(arg(0)?, ctx, false, &mut |_, item| {
                    let x = atomiser_item(doc, item).numerique()?;
                    total = Some(match total.take() {
                        None => x,
                        Some(t) => calculer(Operation::Plus, t, x)?,
                    });
                    Ok(true)
                })?;
                un(total.unwrap_or(Atome::Decimal(Decimal::ZERO)))
            }
            Fonction::Round | Fonction::Abs | Fonction::Floor | Fonction::Ceiling => {
                let Some(x) = self.atome(arg(0)?, ctx)? else { return Ok(Valeur::Vide) };
                let x = x.numerique()?;
                un(match (f, x) {
                    (Fonction::Round, x) => arrondir(x)?,
                    (Fonction::Abs, Atome::Decimal(d)) => Atome::Decimal(d.abs()),
                    (Fonction::Abs, Atome::Double(d)) => Atome::Double(d.abs()),
                    (Fonction::Floor, Atome::Decimal(d)) => Atome::Decimal(d.floor()),
                    (Fonction::Floor, Atome::Double(d)) => Atome::Double(d.floor()),
                    (Fonction::Ceiling, Atome::Decimal(d)) => Atome::Decimal(d.ceil()),
                    (Fonction::Ceiling, Atome::Double(d)) => Atome::Double(d.ceil()),
                    _ => return Err(ErreurDynamique::Type),
                })
            }
            Fonction::NormalizeSpace => {
                let s = match args.first() {
                    Some(a) => self.chaine(a, ctx)?,
                    None => valeur_texte(doc, ctx),
                };
                chaine(normaliser(s))
            }
            Fonction::UpperCase | Fonction::LowerCase => {
                let s = self.chaine(arg(0)?, ctx)?;
                let upper = matches!(f, Fonction::UpperCase);
                let inchangee = s.is_ascii()
                    && !s.bytes().any(|b| {
                        if upper { b.is_ascii_lowercase() } else { b.is_ascii_uppercase() }
                    });
                chaine(if inchangee {
                    s
                } else if upper {
                    Cow::Owned(s.to_uppercase())
                } else {
                    Cow::Owned(s.to_lowercase())
                })
            }
            Fonction::SubstringBefore | Fonction::SubstringAfter => {
                let a = self.chaine(arg(0)?, ctx)?;
                let b = self.chaine(arg(1)?, ctx)?;
                let avant = matches!(f, Fonction::SubstringBefore);
                chaine(match a.find(&*b) {
                    None => Cow::Borrowed(""),
                    Some(at) if avant => partie(a, 0, at),
                    Some(at) => {
                        let from = at + b.len();
                        let to = a.len();
                        partie(a, from, to)
                    }
                })
            }
            Fonction::Substring => {
                let s = self.chaine(arg(0)?, ctx)?;
                let debut = self.double(arg(1)?, ctx)?;
                let longueur = match args.get(2) {
                    Some(a) => Some(self.double(a, ctx)?),
                    None => None,
                };
                chaine(Cow::Owned(sous_chaine(&s, debut, longueur)))
            }
            Fonction::StringLength => {
                let s = match args.first() {
                    Some(a) => self.chaine(a, ctx)?,
                    None => valeur_texte(doc, ctx),
                };
                entier(s.chars().count())
            }
            Fonction::Concat => {
                let mut tout = String::new();
                for a in args {
                    if let Some(atome) = self.atome(a, ctx)? {
                        tout.push_str(&atome.en_chaine());
                    }
                }
                chaine(Cow::Owned(tout))
            }
            Fonction::DistinctValues => {
                let mut vues_chaines: HashSet<Cow<'a, str>> = HashSet::new();
                let mut autres: Vec<Atome<'a>> = Vec::new();
                let mut distinctes = Vec::new();
                self.parcourir(arg(0)?, ctx, false, &mut |_, item| {
                    let a = atomiser_item(doc, item);
                    let nouvelle = match &a {
                        Atome::NonType(s) | Atome::Chaine(s) => vues_chaines.insert(s.clone()),
                        _ => {
                            let deja = autres.iter().any(|b| egales(&a, b));
                            if !deja {
                                autres.push(a.clone());
                            }
                            !deja
                        }
                    };
                    if nouvelle {
                        distinctes.push(Item::Atome(a));
                    }
                    Ok(true)
                })?;
                Valeur::de(distinctes)
            }
            Fonction::LocalName => {
                let n = match args.first() {
                    None => Some(ctx),
                    Some(a) => match self.valeur(a, ctx)?.au_plus_un()? {
                        None => None,
                        Some(Item::Noeud(n)) => Some(n),
                        Some(Item::Atome(_)) => return Err(ErreurDynamique::Type),
                    },
                };
                chaine(Cow::Borrowed(n.map_or("", |n| doc.local_name(n))))
            }
            Fonction::String => match args.first() {
                None => chaine(valeur_texte(doc, ctx)),
                Some(a) => chaine(self.atome(a, ctx)?.map_or(Cow::Borrowed(""), Atome::en_chaine)),
            },
            Fonction::Number => {
                let a = match args.first() {
                    None => Some(Atome::NonType(valeur_texte(doc, ctx))),
                    Some(a) => self.atome(a, ctx)?,
                };
                un(Atome::Double(a.and_then(|a| a.en_double().ok()).unwrap_or(f64::NAN)))
            }
            Fonction::Name => return Err(ErreurDynamique::Type),
            _ => un(Atome::Booleen(self.fonction_booleenne(f, args, ctx)?)),
        })
    }

    fn double(&mut self, e: &'a Expr, ctx: NodeId) -> Resultat<f64> {
        match self.atome(e, ctx)? {
            None => Err(ErreurDynamique::Type),
            Some(a) => a.numerique()?.en_double(),
        }
    }
}

/// The nodes reached from the nodes of `classe` by steps testing `etiquettes`, to `f` until it
/// returns false. `sous`: only those below this node (whose subtree ends before the second),
/// when it is not alone in its class.
fn simple_guide<F: FnMut(NodeId) -> bool>(
    guide: &Guide,
    classe: u32,
    etiquettes: &[Box<[u32]>],
    sous: Option<(NodeId, NodeId)>,
    f: &mut F,
) -> bool {
    let Some((premiere, reste)) = etiquettes.split_first() else {
        let noeuds = match sous {
            Some((n, fin)) => guide.noeuds_sous(classe, n, fin),
            None => guide.noeuds(classe),
        };
        return noeuds.iter().all(|&m| f(m));
    };
    for &e in premiere {
        if let Some(suivante) = guide.suivante(classe, e)
            && !simple_guide(guide, suivante, reste, sous, f)
        {
            return false;
        }
    }
    true
}

/// A function's first argument (an error where there is none, as for any call).
fn premier(args: &[Expr]) -> Resultat<&Expr> {
    args.first().ok_or(ErreurDynamique::Type)
}

pub(super) fn booleenne(f: &Fonction) -> bool {
    matches!(
        f,
        Fonction::Not
            | Fonction::Exists
            | Fonction::Empty
            | Fonction::True
            | Fonction::False
            | Fonction::Boolean
            | Fonction::Contains
            | Fonction::StartsWith
            | Fonction::EndsWith
            | Fonction::Matches(_)
    )
}

fn convertir(a: Atome<'_>, vers: Type) -> Resultat<Atome<'_>> {
    Ok(match vers {
        Type::Decimal => Atome::Decimal(a.en_decimal()?),
        Type::Double => Atome::Double(a.en_double()?),
        Type::Booleen => Atome::Booleen(a.en_booleen()?),
        Type::Date => Atome::Date(a.en_date()?),
        Type::Chaine => Atome::Chaine(a.en_chaine()),
    })
}

/// Equality for distinct-values: numbers by value (NaN equal to itself), others by type.
fn egales(a: &Atome<'_>, b: &Atome<'_>) -> bool {
    match (a, b) {
        (Atome::Double(x), Atome::Double(y)) if x.is_nan() && y.is_nan() => true,
        _ => comparer_valeurs(super::ast::Comparaison::Egal, a, b).unwrap_or(false),
    }
}

fn partie(s: Cow<'_, str>, from: usize, to: usize) -> Cow<'_, str> {
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(b.get(from..to).unwrap_or("")),
        Cow::Owned(o) => Cow::Owned(o.get(from..to).unwrap_or("").to_owned()),
    }
}

/// An [`Expr::Texte`] test on its argument's string, as the functions it stands for would
/// compute it.
fn texte(s: &str, forme: &FormeTexte) -> bool {
    let blanc = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    // Without whitespace inside, normalize-space is the trimmed string.
    let t = blancs_retires(s);
    let un_mot = !t.bytes().any(blanc);
    match forme {
        FormeTexte::SansEspace => un_mot,
        FormeTexte::Code { liste, codes } => {
            if un_mot {
                codes.contient(t)
            } else {
                liste.contains(&format!(" {} ", normaliser(Cow::Borrowed(s))))
            }
        }
        FormeTexte::Egal { valeur, majuscules, egal } => {
            let pareil = if un_mot && (!majuscules || t.is_ascii()) {
                t.len() == valeur.len()
                    && t.bytes().zip(valeur.bytes()).all(|(a, b)| {
                        if *majuscules { a.to_ascii_uppercase() == b } else { a == b }
                    })
            } else {
                let s = if *majuscules { Cow::Owned(s.to_uppercase()) } else { Cow::Borrowed(s) };
                *normaliser(s) == **valeur
            };
            pareil == *egal
        }
        FormeTexte::LongueurApres { separateur, op, borne } => {
            // The separator is one ASCII byte (`.`) in the rules: a byte scan finds it where
            // `str::find` would first build a two-way searcher for it.
            let position = match separateur.as_bytes() {
                [octet] => s.bytes().position(|b| b == *octet),
                _ => s.find(&**separateur),
            };
            let apres = match position {
                None => "",
                Some(at) => s.get(at + separateur.len()..).unwrap_or(""),
            };
            let longueur = Atome::Decimal(Decimal::from(apres.chars().count() as u64));
            comparer_valeurs(*op, &longueur, &Atome::Decimal(*borne)).unwrap_or(false)
        }
    }
}

fn est_blanc(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// fn:normalize-space, borrowing when the string is already normal.
fn normaliser(s: Cow<'_, str>) -> Cow<'_, str> {
    let normal = !s.starts_with(est_blanc)
        && !s.ends_with(est_blanc)
        && !s.contains(['\t', '\n', '\r'])
        && !s.contains("  ");
    if normal {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    for mot in s.split(est_blanc).filter(|m| !m.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(mot);
    }
    Cow::Owned(out)
}

/// fn:substring: characters at positions p with round(debut) <= p < round(debut) + round(longueur).
fn sous_chaine(s: &str, debut: f64, longueur: Option<f64>) -> String {
    let arrondi = |x: f64| {
        let floor = x.floor();
        if x - floor >= 0.5 { floor + 1.0 } else { floor }
    };
    let a = arrondi(debut);
    let b = longueur.map(|l| a + arrondi(l));
    s.chars()
        .enumerate()
        .filter(|&(i, _)| {
            let p = (i + 1) as f64;
            p >= a && b.is_none_or(|b| p < b)
        })
        .map(|(_, c)| c)
        .collect()
}

/// Gathers a sequence without allocating for zero or one item.
#[derive(Default)]
struct Collecte<'a> {
    premier: Option<Item<'a>>,
    suite: Vec<Item<'a>>,
}

impl<'a> Collecte<'a> {
    fn ajouter(&mut self, item: Item<'a>) {
        if self.premier.is_none() && self.suite.is_empty() {
            self.premier = Some(item);
            return;
        }
        if let Some(premier) = self.premier.take() {
            self.suite.push(premier);
        }
        self.suite.push(item);
    }

    fn valeur(self) -> Valeur<'a> {
        match self.premier {
            Some(item) => Valeur::Un(item),
            None => Valeur::de(self.suite),
        }
    }
}

/// An axis's nodes, in axis order (nearest first for reverse axes).
enum Parcours {
    Un(Option<NodeId>),
    Freres(Option<NodeId>),
    /// The attributes right after an element, from this index.
    Attributs(usize),
    Ancetres(Option<NodeId>),
    /// Nodes (not attributes) from an index to another.
    Plage(usize, usize),
    /// Attributes from an index to another.
    PlageAttributs(usize, usize),
    /// Elements (or attributes) of one name, positions `a..b` of the index's list.
    Index {
        liste: Rc<[NodeId]>,
        a: usize,
        b: usize,
    },
    /// Elements of one name before `n` that are not its ancestors, nearest first.
    IndexArriere {
        liste: Rc<[NodeId]>,
        a: usize,
        n: NodeId,
    },
    /// Nodes gathered beforehand, from a position.
    Liste(Vec<NodeId>, usize),
    /// The nodes of a class of the guide, from a position to another.
    Classe {
        guide: Rc<Guide>,
        classe: u32,
        i: usize,
        fin: usize,
    },
    /// Nodes before index `.0` that are not ancestors of `.1`, nearest first.
    Precedents(usize, NodeId),
    /// Nodes before index `.0` that are children of `.1`, nearest first.
    FreresPrecedents(usize, Option<NodeId>),
}

impl Parcours {
    fn suivant(&mut self, doc: &Document<'_>) -> Option<NodeId> {
        match self {
            Parcours::Un(n) => n.take(),
            Parcours::Freres(n) => {
                let courant = (*n)?;
                *n = doc.next_sibling(courant);
                Some(courant)
            }
            Parcours::Attributs(i) => {
                let m = doc.node(*i)?;
                if doc.kind(m) != Kind::Attribute {
                    return None;
                }
                *i += 1;
                Some(m)
            }
            Parcours::Ancetres(n) => {
                let courant = (*n)?;
                *n = doc.parent(courant);
                Some(courant)
            }
            Parcours::Plage(i, fin) => {
                while *i < *fin {
                    let m = doc.node(*i)?;
                    *i += 1;
                    if doc.kind(m) != Kind::Attribute {
                        return Some(m);
                    }
                }
                None
            }
            Parcours::PlageAttributs(i, fin) => {
                while *i < *fin {
                    let m = doc.node(*i)?;
                    *i += 1;
                    if doc.kind(m) == Kind::Attribute {
                        return Some(m);
                    }
                }
                None
            }
            Parcours::Index { liste, a, b } => {
                if *a >= *b {
                    return None;
                }
                let m = liste.get(*a).copied();
                *a += 1;
                m
            }
            Parcours::Liste(noeuds, i) => {
                let m = noeuds.get(*i).copied();
                *i += 1;
                m
            }
            Parcours::Classe { guide, classe, i, fin } => {
                if *i >= *fin {
                    return None;
                }
                let m = guide.noeuds(*classe).get(*i).copied();
                *i += 1;
                m
            }
            Parcours::IndexArriere { liste, a, n } => {
                while *a > 0 {
                    *a -= 1;
                    let m = *liste.get(*a)?;
                    // An ancestor contains n.
                    if doc.end(m) <= *n {
                        return Some(m);
                    }
                }
                None
            }
            Parcours::Precedents(i, n) => {
                while *i > 1 {
                    *i -= 1;
                    let m = doc.node(*i)?;
                    if doc.kind(m) != Kind::Attribute && doc.end(m) <= *n {
                        return Some(m);
                    }
                }
                None
            }
            Parcours::FreresPrecedents(i, parent) => {
                while *i > 0 {
                    *i -= 1;
                    let m = doc.node(*i)?;
                    if doc.kind(m) != Kind::Attribute
                        && doc.parent(m) == *parent
                        && parent.is_some()
                    {
                        return Some(m);
                    }
                }
                None
            }
        }
    }
}
