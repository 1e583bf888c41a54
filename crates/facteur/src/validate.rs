//! `facteur validate FILE…`: the EN 16931 rules on UBL, CII and Factur-X files, without a
//! server or a database, for suppliers checking their output before they send it.

use std::io::Write;
use std::path::{Path, PathBuf};

use facteur_formats::{Niveau, Syntaxe, Verification};
use serde::Serialize;

#[derive(Debug, Clone, clap::Args)]
pub struct ValidateArgs {
    /// UBL 2.1 (Invoice, CreditNote), CII D16B or Factur-X (PDF) files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// `text` for people, `json` for programs.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Leaves warnings out of the report.
    #[arg(long)]
    pub no_warnings: bool,
    /// Files validated at once [default: one per core].
    #[arg(long)]
    pub jobs: Option<usize>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// One file's outcome.
#[derive(Debug, Serialize)]
struct Resultat {
    fichier: String,
    /// `UBL`, `CII` or `FACTURX`; absent when the file could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    syntaxe: Option<&'static str>,
    conforme: bool,
    /// Why the file could not be read at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    erreur: Option<String>,
    echecs: Vec<EchecJson>,
}

#[derive(Debug, Serialize)]
struct EchecJson {
    id: String,
    niveau: &'static str,
    message: String,
    emplacement: String,
    ligne: u32,
}

fn nom_syntaxe(s: Syntaxe) -> &'static str {
    match s {
        Syntaxe::Ubl => "UBL",
        Syntaxe::Cii => "CII",
        Syntaxe::FacturX => "FACTURX",
    }
}

fn niveau(n: Niveau) -> &'static str {
    match n {
        Niveau::Fatal => "fatal",
        Niveau::Avertissement => "warning",
    }
}

fn resultat(path: &Path, bytes: std::io::Result<Vec<u8>>, warnings: bool) -> Resultat {
    let fichier = path.display().to_string();
    let lu = bytes
        .map_err(|e| format!("cannot read the file: {e}"))
        .and_then(|b| facteur_formats::verifier(&b).map_err(|e| e.to_string()));
    match lu {
        Err(erreur) => Resultat {
            fichier,
            syntaxe: None,
            conforme: false,
            erreur: Some(erreur),
            echecs: vec![],
        },
        Ok(Verification { syntaxe, rapport }) => Resultat {
            fichier,
            syntaxe: Some(nom_syntaxe(syntaxe)),
            conforme: rapport.est_conforme(),
            erreur: None,
            echecs: rapport
                .echecs
                .into_iter()
                .filter(|e| warnings || e.niveau == Niveau::Fatal)
                .map(|e| EchecJson {
                    id: e.id,
                    niveau: niveau(e.niveau),
                    message: e.message,
                    emplacement: e.emplacement,
                    ligne: e.ligne,
                })
                .collect(),
        },
    }
}

/// Validates every file and prints the report; true when no file has a fatal failure.
pub fn run(args: &ValidateArgs) -> anyhow::Result<bool> {
    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
        .clamp(1, args.files.len().max(1));
    // Contiguous shares, one thread each, so that the report keeps the files' order.
    let share = args.files.len().div_ceil(jobs).max(1);
    let parts: Vec<Option<Vec<Resultat>>> = std::thread::scope(|scope| {
        let threads: Vec<_> = args
            .files
            .chunks(share)
            .map(|files| {
                scope.spawn(move || {
                    files
                        .iter()
                        .map(|path| resultat(path, std::fs::read(path), !args.no_warnings))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().ok()).collect()
    });
    // A thread that died leaves its files unjudged: never report them valid.
    let resultats: Vec<Resultat> = parts
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| anyhow::anyhow!("the validation of some files failed unexpectedly"))?
        .into_iter()
        .flatten()
        .collect();
    // Buffered: stdout alone writes each line of the report with its own system call, which
    // cost some 4 % of the time of validating the CEN examples (scripts/bench/validate).
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &resultats)?;
            writeln!(out)?;
        }
        Format::Text => {
            for r in &resultats {
                texte(&mut out, r)?;
            }
        }
    }
    out.flush()?;
    Ok(resultats.iter().all(|r| r.conforme))
}

fn texte(out: &mut impl Write, r: &Resultat) -> std::io::Result<()> {
    let fatals = r.echecs.iter().filter(|e| e.niveau == "fatal").count();
    let warnings = r.echecs.len() - fatals;
    match (&r.erreur, r.syntaxe) {
        (Some(erreur), _) => writeln!(out, "{}: unreadable: {erreur}", r.fichier)?,
        (None, syntaxe) => writeln!(
            out,
            "{}: {} {}, {fatals} fatal, {warnings} warning{}",
            r.fichier,
            syntaxe.unwrap_or("?"),
            if r.conforme { "valid" } else { "INVALID" },
            if warnings == 1 { "" } else { "s" },
        )?,
    }
    for e in &r.echecs {
        writeln!(
            out,
            "  {} {} line {} {}\n    {}",
            e.niveau, e.id, e.ligne, e.emplacement, e.message
        )?;
    }
    Ok(())
}
