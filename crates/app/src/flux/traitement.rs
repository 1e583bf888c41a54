//! The asynchronous half of a flux deposit. Workers take fluxes from the database under a
//! lease, read their documents off the async threads, check each invoice as `soumettre`
//! does, and write a lot's invoices with each flux's final state in one transaction. A
//! worker that dies leaves its fluxes to be taken again once its lease expires; one that
//! lost its lease writes nothing (see `facteur_store::Store::terminer_flux`).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use facteur_domain::flux::{CompteRendu, ErreurDp, ErreurTechnique, NumeroFlux, SyntaxeFlux};
use facteur_domain::piece_jointe::RolePieceJointe;
use facteur_store::{
    FactureDeFlux, FichierDeFacture, FluxRecord, FluxTraite, KeptBlob, LotRemis, NewPieceJointe,
    Remise,
};
use tokio::sync::{Mutex, mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::archive::{self, Fichier};
use super::lecture::{self, Lecture};
use crate::annuaire::stored;
use crate::factures::depot::Arrivee;
use crate::{App, AppError, Caller};

/// The deposit mode of invoices that came in a flux: the statistics count them as EDI.
pub const MODE_FLUX: &str = "FLUX_EDI";

/// A flux whose processing failed this many times (its worker died each time) is rejected
/// rather than taken forever.
const TENTATIVES_MAX: i64 = 3;

/// How the workers run.
#[derive(Debug, Clone, Copy)]
pub struct OptionsTraitement {
    /// Workers in this process.
    pub travailleurs: usize,
    /// How long a worker holds the fluxes it took; past it, another takes them over.
    pub bail: Duration,
    /// Fluxes taken at once at most, written in one transaction.
    pub lot: usize,
    /// Deposited bytes taken at once at most (a flux at least): many small fluxes make one
    /// lot, a few archives another.
    pub lot_octets: u64,
    /// How often idle workers look for fluxes deposited through other processes.
    pub attente: Duration,
}

impl Default for OptionsTraitement {
    fn default() -> Self {
        Self {
            travailleurs: 2,
            bail: Duration::from_secs(60),
            lot: 256,
            lot_octets: 4 << 20,
            attente: Duration::from_millis(200),
        }
    }
}

/// A document of a flux and what reading it gave.
struct DocumentLu {
    rang: usize,
    fichier: Fichier,
    /// The document is the flux's file itself (not an archive): it is stored already.
    entier: bool,
    /// A mixed flux's PDF of the invoice.
    pdf: Option<Fichier>,
    lecture: Lecture,
}

/// The lots handed over and waiting, after `premier`, up to a lot's size in fluxes and in
/// bytes: a worker that fell behind the deposits writes several groups in one transaction
/// rather than one each, and catches up.
fn rassembler(
    premier: Option<LotRemis>,
    remis: &mut mpsc::Receiver<LotRemis>,
    options: &OptionsTraitement,
) -> Vec<LotRemis> {
    let taille = |lot: &LotRemis| -> (usize, u64) {
        let octets = lot.flux.iter().map(|(f, _)| u64::try_from(f.taille).unwrap_or(0)).sum();
        (lot.flux.len(), octets)
    };
    let mut lots: Vec<LotRemis> = premier.into_iter().collect();
    let (mut flux, mut octets) =
        lots.iter().map(taille).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    while flux < options.lot && octets < options.lot_octets {
        let Ok(lot) = remis.try_recv() else { break };
        let (f, o) = taille(&lot);
        (flux, octets) = (flux + f, octets + o);
        lots.push(lot);
    }
    lots
}

impl App {
    /// Starts the workers; they finish the lot in hand and end when `stop` turns true. This
    /// process's deposits are handed to them as their groups commit; they look in the
    /// database for the others (deposits that found no room, other processes', expired
    /// leases).
    pub fn demarrer_traitement_flux(
        &self,
        options: OptionsTraitement,
        stop: watch::Receiver<bool>,
    ) -> Vec<JoinHandle<()>> {
        let travailleurs = options.travailleurs.max(1);
        // A group waiting per worker (a worker finding several writes them together): more
        // would only wait longer, leased, in memory (four per worker measured no faster).
        let (lots, remis) = mpsc::channel(travailleurs);
        if let Ok(bail) = chrono::Duration::from_std(options.bail) {
            self.store().remettre_flux(Some(Remise { lots, bail }));
        }
        let remis = Arc::new(Mutex::new(remis));
        (0..travailleurs)
            .map(|_| {
                let (app, remis, mut stop) = (self.clone(), remis.clone(), stop.clone());
                tokio::spawn(async move { app.travailler(&options, &remis, &mut stop).await })
            })
            .collect()
    }

    /// A worker's loop: the lots handed over first, the database when a deposit was not
    /// handed over and every `attente` (a look costs the single writer a statement).
    async fn travailler(
        &self,
        options: &OptionsTraitement,
        remis: &Mutex<mpsc::Receiver<LotRemis>>,
        stop: &mut watch::Receiver<bool>,
    ) {
        let mut chercher = true;
        let mut prochaine = Instant::now() + options.attente;
        while !*stop.borrow() {
            let lots = rassembler(None, &mut *remis.lock().await, options);
            if !lots.is_empty() {
                self.traiter_lots_remis(lots).await;
                continue;
            }
            if chercher {
                match self.traiter_flux(options).await {
                    // There may be more waiting.
                    Ok(n) if n > 0 => continue,
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "flux processing failed; retrying"),
                }
                chercher = false;
            }
            tokio::select! {
                Some(lots) = async {
                    let mut remis = remis.lock().await;
                    let premier = remis.recv().await?;
                    Some(rassembler(Some(premier), &mut remis, options))
                } => self.traiter_lots_remis(lots).await,
                () = self.inner.flux_deposes.notified() => chercher = true,
                () = tokio::time::sleep_until(prochaine) => {
                    chercher = true;
                    prochaine = Instant::now() + options.attente;
                }
                changed = stop.changed() => if changed.is_err() { break },
            }
        }
        // The lots not taken are let go at once, for another process or the next start.
        let mut remis = remis.lock().await;
        remis.close();
        let mut bails = Vec::new();
        while let Ok(lot) = remis.try_recv() {
            bails.push(lot.bail);
        }
        if let Err(e) = self.store().relacher_flux(&bails).await {
            tracing::warn!(error = %e, "flux leases not released");
        }
    }

    /// Takes a lot of fluxes from the database and processes them; how many were taken.
    pub async fn traiter_flux(&self, options: &OptionsTraitement) -> Result<usize, AppError> {
        let bail: i64 = rand::random();
        let bail_duree = chrono::Duration::from_std(options.bail)
            .map_err(|e| AppError::Internal(format!("flux lease: {e}")))?;
        let n = i64::try_from(options.lot).unwrap_or(1);
        let octets = i64::try_from(options.lot_octets).unwrap_or(i64::MAX);
        let pris =
            self.store().reserver_flux(bail, chrono::Utc::now() + bail_duree, n, octets).await?;
        if pris.is_empty() {
            return Ok(0);
        }
        let contenus = vec![None; pris.len()];
        self.traiter_lot(&[bail], &pris, contenus).await?;
        Ok(pris.len())
    }

    /// Processes lots the deposits handed over (see [`Remise`]), as one: one transaction
    /// writes them all.
    pub async fn traiter_lots_remis(&self, lots: Vec<LotRemis>) {
        let bails: Vec<i64> = lots.iter().map(|lot| lot.bail).collect();
        let (pris, contenus): (Vec<_>, Vec<_>) = lots.into_iter().flat_map(|lot| lot.flux).unzip();
        if let Err(e) = self.traiter_lot(&bails, &pris, contenus).await {
            tracing::warn!(error = %e, "flux processing failed; retrying");
        }
    }

    /// Processes the fluxes the leases `bails` hold, with the files already in hand
    /// (`contenus`, in the same order; the others are read).
    async fn traiter_lot(
        &self,
        bails: &[i64],
        pris: &[FluxRecord],
        contenus: Vec<Option<Bytes>>,
    ) -> Result<(), AppError> {
        let outcome = async {
            let lus = self.lire_lot(pris, contenus).await?;
            let mut lot = Vec::with_capacity(pris.len());
            let mut a_garder = Vec::new();
            for (flux, lu) in pris.iter().zip(lus) {
                let traite = self.acheminer_flux(flux, lu, lot.len(), &mut a_garder).await?;
                lot.push(traite);
            }
            self.garder(pris, a_garder, &mut lot).await?;
            Ok::<_, AppError>(self.store().terminer_flux(bails, lot).await?)
        }
        .await;
        match outcome {
            Ok(etats) => {
                for (id, etat) in etats {
                    tracing::debug!(flux = %NumeroFlux::of_id(id), etat = etat.code(), "flux processed");
                }
                Ok(())
            }
            Err(e) => {
                // Let another worker (or this one) try again now rather than at the lease's
                // end.
                if let Err(release) = self.store().relacher_flux(bails).await {
                    tracing::warn!(error = %release, "flux lease not released");
                }
                Err(e)
            }
        }
    }

    /// Reads a lot's files (all at once) and their documents (off the async threads, a share
    /// of the lot per core), in the lot's order.
    async fn lire_lot(
        &self,
        pris: &[FluxRecord],
        mut contenus: Vec<Option<Bytes>>,
    ) -> Result<Vec<Lu>, AppError> {
        let a_lire = pris.iter().enumerate().filter(|(_, f)| f.tentatives <= TENTATIVES_MAX);
        // The small files not in hand in one query, the others from the blob store, all at
        // once.
        let cles: Vec<&str> = a_lire
            .clone()
            .filter(|(i, _)| contenus.get(*i).is_none_or(Option::is_none))
            .map(|(_, f)| f.cle.as_str())
            .filter(|cle| facteur_store::fichier_en_base(cle))
            .collect();
        let mut en_base = self.store().fichiers(&cles).await?;
        let mut fichiers = Vec::with_capacity(pris.len());
        let mut lectures = tokio::task::JoinSet::new();
        for (i, flux) in a_lire {
            let syntaxe: SyntaxeFlux = stored(&flux.syntaxe)?;
            let nom = flux.nom_fichier.clone();
            let en_main = contenus.get_mut(i).and_then(Option::take);
            if let Some(contenu) = en_main.or_else(|| en_base.remove(&flux.cle)) {
                fichiers.push((i, nom, contenu, syntaxe));
                continue;
            }
            let (app, cle) = (self.clone(), flux.cle.clone());
            lectures.spawn(async move {
                let contenu = app.lire_fichier(&cle).await?;
                Ok::<_, AppError>((i, nom, contenu, syntaxe))
            });
        }
        for lecture in lectures.join_all().await {
            fichiers.push(lecture?);
        }
        fichiers.sort_by_key(|(i, ..)| *i);
        let coeurs = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        let part = fichiers.len().div_ceil(coeurs).max(1);
        let mut parts = Vec::new();
        while !fichiers.is_empty() {
            let reste = fichiers.split_off(part.min(fichiers.len()));
            let share = std::mem::replace(&mut fichiers, reste);
            parts.push(tokio::task::spawn_blocking(move || {
                share
                    .into_iter()
                    .map(|(i, nom, contenu, syntaxe)| (i, lire_flux(&nom, &contenu, syntaxe)))
                    .collect::<Vec<_>>()
            }));
        }
        // A flux not read above was cut too many times.
        let mut lus: Vec<Lu> = pris
            .iter()
            .map(|_| {
                Lu::Rejete(ErreurTechnique::new(
                    "TRAITEMENT_INTERROMPU",
                    "TECHNIQUE",
                    format!("the flux's processing was interrupted {TENTATIVES_MAX} times"),
                ))
            })
            .collect();
        for part in parts {
            let part =
                part.await.map_err(|e| AppError::Internal(format!("reading fluxes: {e}")))?;
            for (i, lu) in part {
                if let Some(slot) = lus.get_mut(i) {
                    *slot = match lu {
                        Ok((documents, erreurs)) => Lu::Documents(documents, erreurs),
                        Err(e) => Lu::Rejete(ErreurTechnique::new(e.code(), "FLUX", e.to_string())),
                    };
                }
            }
        }
        Ok(lus)
    }

    /// Routes a flux's documents: its invoices, and its report of the others. The files to
    /// keep go to `a_garder`, with the flux's place `index` in the lot.
    async fn acheminer_flux(
        &self,
        flux: &FluxRecord,
        lu: Lu,
        index: usize,
        a_garder: &mut Vec<AGarder>,
    ) -> Result<FluxTraite, AppError> {
        let (documents, erreurs_techniques) = match lu {
            Lu::Documents(documents, erreurs) => (documents, erreurs),
            Lu::Rejete(erreur) => {
                return Ok(FluxTraite {
                    id: flux.id,
                    documents: 0,
                    factures: Vec::new(),
                    compte_rendu: CompteRendu {
                        erreurs_dp: Vec::new(),
                        erreurs_techniques: vec![erreur],
                    },
                });
            }
        };
        let syntaxe: SyntaxeFlux = stored(&flux.syntaxe)?;
        let deposant = Caller {
            utilisateur_id: flux.utilisateur_id,
            login: String::new(),
            technique: true,
            operateur: false,
            structure_id: Some(flux.structure_id),
        };
        let mut traite = FluxTraite {
            id: flux.id,
            // Each error so far is a file that makes no invoice (a PDF without its data).
            documents: documents.len() + erreurs_techniques.len(),
            factures: Vec::new(),
            compte_rendu: CompteRendu { erreurs_dp: Vec::new(), erreurs_techniques },
        };
        for document in documents {
            self.acheminer(&deposant, flux.id, syntaxe, document, &mut traite, index, a_garder)
                .await?;
        }
        Ok(traite)
    }

    /// Routes one document's invoice as `soumettre` would: to `traite`'s invoices, or its
    /// reasons to its report.
    #[allow(clippy::too_many_arguments)]
    async fn acheminer(
        &self,
        deposant: &Caller,
        flux_id: i64,
        syntaxe: SyntaxeFlux,
        document: DocumentLu,
        traite: &mut FluxTraite,
        index_flux: usize,
        a_garder: &mut Vec<AGarder>,
    ) -> Result<(), AppError> {
        let DocumentLu { rang, fichier, entier, pdf, lecture } = document;
        let cr = &mut traite.compte_rendu;
        let (facture, siret_vendeur) = match lecture {
            Lecture::Illisible(raison) => {
                cr.erreurs_techniques.push(ErreurTechnique::new(
                    "DOCUMENT_ILLISIBLE",
                    "FICHIER",
                    format!("{}: {raison}", fichier.nom),
                ));
                return Ok(());
            }
            Lecture::Rejetee { format, .. } | Lecture::Facture { format, .. }
                if format != syntaxe.format_attendu() =>
            {
                cr.erreurs_techniques.push(ErreurTechnique::new(
                    "SYNTAXE_FLUX",
                    "FORMAT",
                    format!(
                        "{}: the document is {}, the flux declares {} ({})",
                        fichier.nom,
                        format.libelle(),
                        syntaxe.code(),
                        syntaxe.format_attendu().libelle()
                    ),
                ));
                return Ok(());
            }
            Lecture::Rejetee { numero, siret_vendeur, code_destinataire, erreurs, .. } => {
                let numero = numero.unwrap_or_else(|| fichier.nom.clone());
                cr.erreurs_dp.extend(erreurs.into_iter().map(|libelle| ErreurDp {
                    numero_dp: numero.clone(),
                    identifiant_fournisseur: siret_vendeur.clone(),
                    identifiant_destinataire: code_destinataire.clone(),
                    libelle_erreur_dp: libelle,
                }));
                return Ok(());
            }
            Lecture::Facture { facture, siret_vendeur, .. } => (facture, siret_vendeur),
        };
        let erreur = |libelle: String| ErreurDp {
            numero_dp: facture.numero.clone(),
            identifiant_fournisseur: siret_vendeur.clone(),
            identifiant_destinataire: Some(facture.destinataire.code.clone()),
            libelle_erreur_dp: libelle,
        };
        let siret = siret_vendeur.as_deref().map(str::trim).unwrap_or_default();
        let fournisseur = match self.structure_par_identifiant("SIRET", siret).await? {
            Some(f) if f.actif => f,
            _ => {
                cr.erreurs_dp.push(erreur(format!(
                    "[BT-30] the seller's SIRET [{siret}] is not an active structure of the platform"
                )));
                return Ok(());
            }
        };
        if !self.agit_pour(deposant, fournisseur.id).await? {
            cr.erreurs_dp.push(erreur(format!(
                "the depositor does not act for the seller {} (SIRET {siret})",
                fournisseur.raison_sociale
            )));
            return Ok(());
        }
        let mut errors = Vec::new();
        let arrivee = Arrivee {
            mode_depot: MODE_FLUX,
            code_structure_valideur: None,
            flux: Some((flux_id, i64::try_from(rang).unwrap_or(i64::MAX))),
            montants_en16931: true,
        };
        let Some(c) =
            self.controler(deposant, &fournisseur, &facture, &arrivee, &mut errors).await?
        else {
            cr.erreurs_dp.extend(errors.into_iter().map(erreur));
            return Ok(());
        };
        let si_doublon = erreur(format!(
            "the invoice number [{}] of {} was already used by this supplier",
            facture.numero,
            chrono::Datelike::year(&facture.date_facture)
        ));
        let index = traite.factures.len();
        a_garder.push(AGarder { flux: index_flux, facture: index, fichier, entier });
        a_garder.extend(pdf.map(|pdf| AGarder {
            flux: index_flux,
            facture: index,
            fichier: pdf,
            entier: false,
        }));
        traite.factures.push(FactureDeFlux {
            facture: c.record,
            history: c.history,
            dims: c.dims,
            fichiers: Vec::new(),
            si_doublon,
        });
        Ok(())
    }

    /// Keeps the accepted invoices' documents as their files, several at a time: a large one
    /// is a file written to the blob store, and a flux brings up to a thousand; a small one
    /// goes in the lot's transaction. A document that is its flux's whole file is kept
    /// already: it is named, not written again.
    async fn garder(
        &self,
        pris: &[FluxRecord],
        a_garder: Vec<AGarder>,
        lot: &mut [FluxTraite],
    ) -> Result<(), AppError> {
        const ENSEMBLE: usize = 32;
        let mut a_garder = a_garder.into_iter();
        loop {
            let mut set = tokio::task::JoinSet::new();
            for g in a_garder.by_ref().take(ENSEMBLE) {
                let blobs = self.blobs().clone();
                let Some(flux) = pris.get(g.flux) else { continue };
                let utilisateur_id = flux.utilisateur_id;
                let deja = g.entier.then(|| (flux.sha256.clone(), flux.cle.clone()));
                set.spawn(async move {
                    let AGarder { flux, facture, fichier: f, .. } = g;
                    let extension = if est_pdf(&f) { "PDF" } else { "XML" };
                    let type_mime =
                        if extension == "PDF" { "application/pdf" } else { "application/xml" };
                    let taille = i64::try_from(f.contenu.len()).unwrap_or(i64::MAX);
                    let (sha256, cle, inline) = match deja {
                        Some((sha256, cle)) => (sha256, cle, None),
                        None => {
                            let KeptBlob { stored, inline } = blobs.keep(f.contenu).await?;
                            (stored.sha256, stored.cle, inline)
                        }
                    };
                    let fichier = FichierDeFacture {
                        piece: NewPieceJointe {
                            utilisateur_id: Some(utilisateur_id),
                            nom: f.nom,
                            extension: extension.to_owned(),
                            type_mime: type_mime.to_owned(),
                            taille,
                            sha256,
                            cle,
                            inline,
                        },
                        role: RolePieceJointe::Facture.code().to_owned(),
                    };
                    Ok::<_, AppError>((flux, facture, fichier))
                });
            }
            if set.is_empty() {
                return Ok(());
            }
            let mut gardes = set.join_all().await;
            // In the order they were given: the data file before its PDF.
            gardes.sort_by_key(|g| {
                g.as_ref().map_or((0, 0, false), |(flux, facture, f)| {
                    (*flux, *facture, f.piece.extension == "PDF")
                })
            });
            for garde in gardes {
                let (flux, facture, fichier) = garde?;
                if let Some(facture) = lot.get_mut(flux).and_then(|t| t.factures.get_mut(facture)) {
                    facture.fichiers.push(fichier);
                }
            }
        }
    }
}

/// What reading a flux gave: its documents and the errors of files that make none, or why
/// it is rejected whole.
enum Lu {
    Documents(Vec<DocumentLu>, Vec<ErreurTechnique>),
    Rejete(ErreurTechnique),
}

/// A file to keep as an accepted invoice's: the flux's place in the lot, the invoice's in
/// the flux.
struct AGarder {
    flux: usize,
    facture: usize,
    fichier: Fichier,
    entier: bool,
}

fn est_pdf(f: &Fichier) -> bool {
    f.contenu.starts_with(b"%PDF-") || f.nom.to_ascii_lowercase().ends_with(".pdf")
}

fn souche(nom: &str) -> String {
    nom.rsplit_once('.').map_or(nom, |(s, _)| s).to_lowercase()
}

/// Opens a flux's file and reads each of its documents: what is CPU-bound in a flux. A mixed
/// flux's documents are its data files, each with the PDF of the same name.
fn lire_flux(
    nom: &str,
    contenu: &Bytes,
    syntaxe: SyntaxeFlux,
) -> Result<(Vec<DocumentLu>, Vec<ErreurTechnique>), archive::ErreurArchive> {
    let fichiers = archive::ouvrir(nom, contenu)?;
    // A single document is the flux's file itself, stored already.
    let entier = !archive::est_archive(contenu);
    let (donnees, pdfs): (Vec<Fichier>, Vec<Fichier>) = if syntaxe.mixte() {
        fichiers.into_iter().partition(|f| !est_pdf(f))
    } else {
        (fichiers, Vec::new())
    };
    // Each PDF with its name's stem, computed once; a data file takes the first of its stem.
    let mut pdfs: Vec<(String, Option<Fichier>)> =
        pdfs.into_iter().map(|p| (souche(&p.nom), Some(p))).collect();
    let documents = donnees
        .into_iter()
        .enumerate()
        .map(|(rang, fichier)| {
            let stem = souche(&fichier.nom);
            let pdf = pdfs
                .iter_mut()
                .find(|(s, p)| p.is_some() && *s == stem)
                .and_then(|(_, p)| p.take());
            let lecture = lecture::lire(&fichier.contenu);
            DocumentLu { rang, fichier, entier, pdf, lecture }
        })
        .collect();
    let erreurs = pdfs
        .into_iter()
        .filter_map(|(_, p)| p)
        .map(|p| {
            ErreurTechnique::new(
                "PDF_SANS_DONNEES",
                "FICHIER",
                format!("{}: no data file of the same name goes with this PDF", p.nom),
            )
        })
        .collect();
    Ok((documents, erreurs))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn lot(bail: i64, flux: usize, taille: i64) -> LotRemis {
        let record = FluxRecord {
            id: 0,
            structure_id: 1,
            utilisateur_id: 1,
            nom_fichier: "f.xml".into(),
            syntaxe: "IN_DP_E1_UBL_INVOICE".into(),
            avec_signature: false,
            sha256: String::new(),
            cle: String::new(),
            taille,
            etat: "IN_EN_COURS_TRAITEMENT_CPP".into(),
            date_depot: chrono::Utc::now(),
            date_etat: chrono::Utc::now(),
            tentatives: 1,
            documents: None,
            integrees: None,
            compte_rendu: None,
        };
        LotRemis { bail, flux: vec![(record, None); flux] }
    }

    fn bails(lots: &[LotRemis]) -> Vec<i64> {
        lots.iter().map(|l| l.bail).collect()
    }

    #[test]
    fn waiting_lots_are_gathered_up_to_a_lot_in_fluxes_and_in_bytes() {
        let (envoi, mut remis) = mpsc::channel(8);
        for bail in 0..5 {
            envoi.try_send(lot(bail, 100, 1_000)).unwrap();
        }
        let options = OptionsTraitement { lot: 250, lot_octets: 1 << 20, ..Default::default() };
        // Until the lot is full: the one that fills it is taken whole.
        assert_eq!(bails(&rassembler(None, &mut remis, &options)), [0, 1, 2]);
        let premier = lot(9, 1, 1_000);
        assert_eq!(bails(&rassembler(Some(premier), &mut remis, &options)), [9, 3, 4]);
        assert!(rassembler(None, &mut remis, &options).is_empty());

        envoi.try_send(lot(5, 1, 600_000)).unwrap();
        envoi.try_send(lot(6, 1, 600_000)).unwrap();
        envoi.try_send(lot(7, 1, 10)).unwrap();
        assert_eq!(bails(&rassembler(None, &mut remis, &options)), [5, 6], "a MB at most");
        assert_eq!(bails(&rassembler(None, &mut remis, &options)), [7]);
    }
}
