//! The command line: `facteur serve | migrate | seed | account …`.

use anyhow::Context;
use clap::{Parser, Subcommand};
use facteur_app::Caller;
use facteur_app::admin::NewApplicationRequest;
use facteur_app::admin::NewUser;
use facteur_app::annuaire::StructureData;
use facteur_app::demo::{self, Seeded};
use facteur_domain::structure::TypeStructure;
use facteur_domain::utilisateur::Role;
use facteur_domain::{Identifiant, TypeIdentifiant};

use crate::server;
use crate::settings::{CommonArgs, ServeArgs, Settings};
use crate::validate::ValidateArgs;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "facteur",
    version,
    about = "An e-invoicing exchange platform that speaks Chorus Pro's API"
)]
pub struct Cli {
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs the API (and applies pending migrations first).
    Serve(ServeArgs),
    /// Applies pending database migrations, then exits.
    Migrate,
    /// Loads a data set (refused in production).
    #[command(group(clap::ArgGroup::new("set").required(true).args(["demo", "scale"])))]
    Seed {
        /// The demo data set, with the README's credentials.
        #[arg(long)]
        demo: bool,
        /// A generated directory of SCALE times the real one (1: 130,000 public structures
        /// with their services, 490,000 private ones, 676,000 users) and its invoices (about
        /// 150 per private structure over five years: 73.5 million at scale 1).
        #[arg(long)]
        scale: Option<f64>,
        /// With --scale: the directory alone, without invoices.
        #[arg(long, requires = "scale")]
        no_invoices: bool,
        /// The random seed: the same seed gives the same data set.
        #[arg(long, default_value_t = 2016)]
        seed: u64,
    },
    /// Manages structures, technical accounts and connected applications.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Acts on invoices.
    #[command(subcommand)]
    Invoice(InvoiceCommand),
    /// Checks UBL, CII and Factur-X files against every EN 16931 rule; exits 0 only when no
    /// file breaks a fatal rule. Needs no database.
    Validate(ValidateArgs),
}

#[derive(Debug, Subcommand)]
pub enum InvoiceCommand {
    /// Moves an invoice as its recipient would (qualification only): the sandbox that lets
    /// integration tests run without a person at a screen.
    Advance {
        /// The invoice's identifiantFactureCPP.
        id: i64,
        /// The status to move it to (MISE_EN_PAIEMENT, SUSPENDUE, REJETEE…).
        #[arg(long)]
        to: facteur_domain::statut_facture::StatutFacture,
        /// The reason, required for REJETEE and SUSPENDUE.
        #[arg(long)]
        motif: Option<String>,
        /// The payment mandate number, required for MANDATEE.
        #[arg(long)]
        numero_dp_mandat: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Registers a structure.
    CreateStructure {
        #[arg(long, default_value = "SIRET")]
        type_identifiant: TypeIdentifiant,
        #[arg(long)]
        identifiant: String,
        #[arg(long)]
        raison_sociale: String,
        /// PUBLIQUE or PRIVEE.
        #[arg(long)]
        type_structure: TypeStructure,
    },
    /// Creates a person's account, optionally attached to a structure with a role.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "")]
        nom: String,
        #[arg(long, default_value = "")]
        prenom: String,
        #[arg(long, env = "FACTEUR_ACCOUNT_PASSWORD")]
        password: String,
        /// The structure's SIRET (or other identifier, with --type-identifiant).
        #[arg(long)]
        structure: Option<String>,
        #[arg(long, default_value = "SIRET")]
        type_identifiant: TypeIdentifiant,
        /// GESTIONNAIRE_PRINCIPAL, GESTIONNAIRE_SECONDAIRE or UTILISATEUR.
        #[arg(long, default_value = "UTILISATEUR")]
        role: Role,
        /// An operator of the platform, who manages every structure.
        #[arg(long)]
        operateur: bool,
    },
    /// Creates a structure's technical account and prints its password once.
    CreateTechnical {
        #[arg(long, default_value = "SIRET")]
        type_identifiant: TypeIdentifiant,
        /// The structure's identifier (its SIRET by default).
        #[arg(long)]
        identifiant: String,
        #[arg(long)]
        login: String,
        /// Without it, a random password is generated.
        #[arg(long, env = "FACTEUR_ACCOUNT_PASSWORD")]
        password: Option<String>,
    },
    /// Sets a technical account's password, which restarts its 424 days.
    SetPassword {
        #[arg(long)]
        login: String,
        #[arg(long, env = "FACTEUR_ACCOUNT_PASSWORD")]
        password: String,
    },
    /// Deactivates a technical account: its calls are refused.
    RevokeTechnical {
        #[arg(long)]
        login: String,
    },
    /// Registers a connected application and prints its client id and secret once.
    CreateApplication {
        #[arg(long)]
        name: String,
        /// Without it, a random client id is generated.
        #[arg(long)]
        client_id: Option<String>,
        /// Without it, a random secret is generated.
        #[arg(long, env = "FACTEUR_CLIENT_SECRET")]
        secret: Option<String>,
        /// Calls per second [default: 20].
        #[arg(long)]
        quota_per_second: Option<u32>,
        /// Calls per day [default: the environment's].
        #[arg(long)]
        quota_per_day: Option<u64>,
    },
    /// Sets an application's own quotas; without values, it goes back to the defaults.
    SetQuota {
        #[arg(long)]
        client_id: String,
        #[arg(long)]
        per_second: Option<u32>,
        #[arg(long)]
        per_day: Option<u64>,
    },
    /// Revokes an application and all its tokens.
    RevokeApplication {
        #[arg(long)]
        client_id: String,
    },
    /// Lists the connected applications and their quotas.
    ListApplications,
}

/// Runs a command; the exit code says whether it succeeded.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Validate(args) = &cli.command {
        let conforme = crate::validate::run(args)?;
        return Ok(if conforme { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    let serve_args = match &cli.command {
        Command::Serve(args) => args.clone(),
        _ => ServeArgs::default(),
    };
    let settings = Settings::resolve(&cli.common, &serve_args)?;
    let store = server::open_store(&settings).await?;
    let blobs = server::open_blobs(&settings)?;
    let app = server::app(store, blobs, &settings);
    match cli.command {
        Command::Serve(_) => {
            if settings.demo {
                seed_demo(&app).await?;
            }
            let running = server::start(&settings, app.clone()).await?;
            println!("facteur listens on http://{} ({})", running.addr, settings.environment);
            server::shutdown_signal().await;
            running.stop().await?;
        }
        Command::Migrate => println!("database up to date"),
        Command::Seed { demo: true, .. } => seed_demo(&app).await?,
        Command::Seed { scale, seed, no_invoices, .. } => {
            seed_scale(&app, scale.unwrap_or(1.0), seed, !no_invoices).await?
        }
        Command::Account(command) => account(&app, command).await?,
        Command::Invoice(InvoiceCommand::Advance { id, to, motif, numero_dp_mandat }) => {
            let caller = Caller::operateur_systeme();
            app.avancer_facture(&caller, id, to, motif.as_deref(), numero_dp_mandat.as_deref())
                .await?;
            println!("invoice {id} moved to {to}");
        }
        Command::Validate(_) => {}
    }
    app.store().close().await;
    Ok(ExitCode::SUCCESS)
}

async fn seed_demo(app: &facteur_app::App) -> anyhow::Result<()> {
    match app.seed_demo().await.context("loading the demo data set")? {
        Seeded::Loaded => println!("demo data set loaded"),
        Seeded::NotEmpty => println!("the database holds data already: demo data set not loaded"),
    }
    println!(
        "demo credentials:\n  application  client_id={} client_secret={}\n  technical accounts  {} and {}, password {}\n  (supplier SIRET {}, public recipient SIRET {})",
        demo::APPLICATION,
        demo::APPLICATION_SECRET,
        demo::TECH_FOURNISSEUR,
        demo::TECH_DESTINATAIRE,
        demo::TECH_PASSWORD,
        demo::SIRET_FOURNISSEUR,
        demo::SIRET_DESTINATAIRE,
    );
    Ok(())
}

async fn seed_scale(
    app: &facteur_app::App,
    scale: f64,
    seed: u64,
    avec_factures: bool,
) -> anyhow::Result<()> {
    use indicatif::{ProgressBar, ProgressStyle};

    let style =
        ProgressStyle::with_template("{prefix:>13} {bar:40} {pos:>9}/{len:9} {per_sec:>12} {eta}")?;
    let bars: Vec<ProgressBar> =
        ["structures", "services", "utilisateurs", "factures", "engagements"]
            .iter()
            .map(|name| ProgressBar::new(0).with_style(style.clone()).with_prefix(*name))
            .collect();
    let started = std::time::Instant::now();
    let bilan = app
        .seed_scale(scale, seed, avec_factures, |etape, done, total| {
            let bar = &bars[etape as usize];
            bar.set_length(total);
            bar.set_position(done);
            if done == total {
                bar.finish();
            }
        })
        .await?;
    let elapsed = started.elapsed();
    let size = app.store().size_bytes().await?;
    println!(
        "generated at scale {scale} (seed {seed}) in {:.1} s: {} public structures, {} services, {} private structures, {} users, {} invoices, {} engagements; database {:.0} MiB",
        elapsed.as_secs_f64(),
        bilan.structures_publiques,
        bilan.services,
        bilan.structures_privees,
        bilan.utilisateurs,
        bilan.factures,
        bilan.engagements,
        size as f64 / (1024.0 * 1024.0)
    );
    Ok(())
}

async fn account(app: &facteur_app::App, command: AccountCommand) -> anyhow::Result<()> {
    match command {
        AccountCommand::CreateStructure {
            type_identifiant,
            identifiant,
            raison_sociale,
            type_structure,
        } => {
            let identifiant = Identifiant::parse(type_identifiant, &identifiant)?;
            let data = StructureData::new(identifiant, type_structure, &raison_sociale);
            let id = app.create_structure(&Caller::operateur_systeme(), &data).await?;
            println!(
                "structure {type_identifiant} {} created: idStructureCPP {id}",
                data.identifiant
            );
        }
        AccountCommand::CreateUser {
            email,
            nom,
            prenom,
            password,
            structure,
            type_identifiant,
            role,
            operateur,
        } => {
            let structure = match structure {
                Some(identifiant) => {
                    let reference = facteur_app::annuaire::StructureRef::Identifiant(
                        type_identifiant,
                        identifiant.clone(),
                    );
                    let found = app.find_structure_ref(&reference).await?;
                    Some((
                        found
                            .ok_or_else(|| {
                                anyhow::anyhow!("no structure {type_identifiant} {identifiant}")
                            })?
                            .id,
                        role,
                    ))
                }
                None => None,
            };
            let user = NewUser {
                email: &email,
                nom: &nom,
                prenom: &prenom,
                telephone: "",
                password: &password,
                structure,
                operateur,
            };
            let id = app.create_user(&Caller::operateur_systeme(), &user).await?;
            println!("user {email} created: idUtilisateur {id}");
        }
        AccountCommand::CreateTechnical { type_identifiant, identifiant, login, password } => {
            let credentials = app
                .create_technical_account(
                    type_identifiant,
                    &identifiant,
                    &login,
                    password.as_deref(),
                )
                .await?;
            println!("technical account created (the password is shown once):");
            println!("  login    {}\n  password {}", credentials.login, credentials.secret);
        }
        AccountCommand::SetPassword { login, password } => {
            app.set_account_password(&login, &password).await?;
            println!("password of {login} set; it expires in 424 days");
        }
        AccountCommand::RevokeTechnical { login } => {
            app.deactivate_account(&login).await?;
            println!("technical account {login} deactivated");
        }
        AccountCommand::CreateApplication {
            name,
            client_id,
            secret,
            quota_per_second,
            quota_per_day,
        } => {
            let credentials = app
                .register_application(&NewApplicationRequest {
                    name: &name,
                    client_id: client_id.as_deref(),
                    secret: secret.as_deref(),
                    quota_per_second,
                    quota_per_day,
                })
                .await?;
            println!("application registered (the secret is shown once):");
            println!(
                "  client_id     {}\n  client_secret {}",
                credentials.login, credentials.secret
            );
        }
        AccountCommand::SetQuota { client_id, per_second, per_day } => {
            app.set_application_quota(&client_id, per_second, per_day).await?;
            println!("quotas of {client_id} set");
        }
        AccountCommand::RevokeApplication { client_id } => {
            app.revoke_application(&client_id).await?;
            println!("application {client_id} and its tokens revoked");
        }
        AccountCommand::ListApplications => {
            for a in app.list_applications().await? {
                println!(
                    "{}\t{}\t{}/s\t{}/day{}",
                    a.client_id,
                    a.name,
                    a.quota.per_second,
                    a.quota.per_day,
                    if a.revoked { "\trevoked" } else { "" }
                );
            }
        }
    }
    Ok(())
}
