//! `jiedu`: serve the application, and manage its database from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use app::domain::TaxonomyCode;
use app::domain::account::{DisplayName, LoginName, NewPassword};
use app::domain::workflow::Role;
use app::error::AppError;
use app::ssr::db::{connect_db, migrate};
use app::ssr::password::PasswordHash;
use app::ssr::repo::audit::CLI_ACTOR;
use app::ssr::repo::session;
use app::ssr::repo::taxonomy::{self, Taxonomy};
use app::ssr::repo::user::{self, NewAccount};
use app::ssr::tooling::demo;
use app::ssr::tooling::transfer::{self, ImportError, Progress};
use app::ssr::{AppState, Db};
use jiedu::config::Config;

#[derive(Parser)]
#[command(
    name = "jiedu",
    version,
    about = "Jiedu (解读): policy interpretation and public response"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (the default).
    Serve {
        /// Load the demo data set first if the database holds no policy.
        #[arg(long)]
        demo_if_empty: bool,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Load the demo data set (units, taxonomies, policies from the seed notice).
    SeedDemo,
    /// Import units, taxonomy terms and policies from a JSON Lines file (the registry's
    /// portable form, as `export` writes it); nothing is written unless every line is valid.
    Import { file: PathBuf },
    /// Export the registry as JSON Lines that `import` reads back: units, taxonomy terms
    /// and every policy, public or not. Not a backup: no accounts, interpretations, plans,
    /// questions, calendar, audit trail or files (see `backup`).
    Export { file: PathBuf },
    /// Back up everything: every table of the database (accounts, policies,
    /// interpretations, plans, questions, the calendar, the audit trail…) and the uploaded
    /// files, in one archive (gzipped tar). Stop the server first. The file holds personal
    /// data and password hashes; it is written readable by its owner only.
    Backup { file: PathBuf },
    /// Restore a backup into an empty store, then bring its schema up to date. A store
    /// that holds records is refused unless --force is given.
    Restore {
        file: PathBuf,
        /// Replace everything the database holds with the backup (files already in
        /// JIEDU_FILES are kept).
        #[arg(long)]
        force: bool,
    },
    /// Fill the database with benchmark data: published policies made from the legal
    /// corpus (../shared/corpus, or JIEDU_CORPUS) or from generated text without it, and
    /// for every major one (1 in 50) a plan, three interpretations and two Q&A.
    BenchData {
        /// How many policies to write.
        #[arg(long, default_value_t = 10_000)]
        policies: usize,
        /// Cut bodies to this many characters (0 keeps whole texts).
        #[arg(long, default_value_t = 4_000)]
        body_chars: usize,
    },
    /// Time site searches against the database (run after bench-data): p50/p95/max.
    BenchSearch {
        /// How many different queries to time.
        #[arg(long, default_value_t = 200)]
        queries: usize,
    },
    /// Manage accounts. Passwords are read from the terminal (not echoed) or from stdin.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account.
    Add {
        /// Login name, e.g. czj-editor.
        login: String,
        /// The person's name as shown in the desk and the audit trail.
        #[arg(long)]
        name: String,
        /// Code of the account's unit (editors need one), e.g. czj.
        #[arg(long)]
        unit: Option<String>,
        /// A role: admin, editor, reviewer or expert. Repeat for several.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
    },
    /// Set a new password.
    Passwd { login: String },
    /// Disable an account: it can no longer sign in, and its sessions end.
    Disable { login: String },
}

/// The log filter when `RUST_LOG` is unset.
const DEFAULT_LOG: &str = "info,surrealdb=warn,surrealkv=warn";

fn main() -> ExitCode {
    // A filter that does not parse is refused like any other invalid setting.
    let filter = match std::env::var("RUST_LOG") {
        Ok(value) if !value.is_empty() => match tracing_subscriber::EnvFilter::try_new(&value) {
            Ok(filter) => filter,
            Err(e) => {
                eprintln!("jiedu: RUST_LOG={value:?} is not valid: {e}");
                return ExitCode::FAILURE;
            }
        },
        _ => DEFAULT_LOG.into(),
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    // SurrealDB's parser and executor recurse deeply: give every worker a large stack.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build();
    let runtime = match runtime {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("jiedu: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(Cli::parse())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("jiedu: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn open(config: &Config) -> Result<Db, String> {
    let db = connect_db(&config.db).await.map_err(|e| e.to_string())?;
    migrate(&db).await.map_err(|e| e.to_string())?;
    Ok(db)
}

async fn run(cli: Cli) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let db = open(&config).await?;
    let db_config = config.db.clone();
    let result = command(cli, config, db.clone()).await;
    app::ssr::db::close(db, &db_config).await;
    result
}

/// The stream of committed changes of a command that writes outside a serving instance:
/// nothing follows it; an instance that serves the store later starts with an empty cache.
fn unobserved() -> app::ssr::changes::Changes {
    app::ssr::changes::Changes::unobserved()
}

async fn command(cli: Cli, config: Config, db: Db) -> Result<(), String> {
    match cli.command.unwrap_or(Command::Serve {
        demo_if_empty: false,
    }) {
        Command::Serve { demo_if_empty } => {
            let changes = app::ssr::changes::Changes::new(app::ssr::page_cache::PageCache::new(
                config.page_cache_bytes,
            ));
            if demo_if_empty
                && demo::seed_if_empty(&db, &changes)
                    .await
                    .map_err(import_message)?
            {
                tracing::info!("loaded the demo data into an empty database");
            }
            let test_clock = config.test_clock.then(|| {
                tracing::warn!(
                    "JIEDU_TEST_CLOCK=1: anyone can move this server's clock (tests only)"
                );
                std::sync::Arc::new(app::ssr::clock::MovableClock::default())
            });
            let clock: std::sync::Arc<dyn app::ssr::clock::Clock> = match &test_clock {
                Some(clock) => clock.clone(),
                None => std::sync::Arc::new(app::ssr::clock::SystemClock),
            };
            let state = AppState::new(app::ssr::state::Shared {
                db,
                leptos_options: config.leptos,
                settings: config.settings,
                clock,
                uploads: config.uploads.clone(),
                changes,
            });
            jiedu::serve(state, config.publish_tick, test_clock)
                .await
                .map_err(|e| e.to_string())
        }
        Command::Migrate => {
            println!(
                "schema is at version {}",
                app::ssr::db::latest_schema_version()
            );
            Ok(())
        }
        Command::SeedDemo => {
            let report = demo::seed(&db, &unobserved())
                .await
                .map_err(import_message)?;
            println!(
                "loaded {} taxonomy terms and {} policies",
                report.terms, report.policies
            );
            Ok(())
        }
        Command::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let bar = ProgressBar::hidden();
            let progress = |p: Progress| match p {
                Progress::Validated(n) => {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    bar.set_length(n as u64);
                    bar.set_style(
                        ProgressStyle::with_template("{bar:40} {pos}/{len} records {elapsed}")
                            .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    );
                }
                Progress::Written => bar.inc(1),
            };
            let report = transfer::import(&db, &unobserved(), &text, &progress)
                .await
                .map_err(import_message)?;
            bar.finish_and_clear();
            println!(
                "imported {} taxonomy terms and {} policies from {}",
                report.terms,
                report.policies,
                file.display()
            );
            Ok(())
        }
        Command::User { command } => user_command(&db, command).await,
        Command::BenchData {
            policies,
            body_chars,
        } => bench_data(&db, policies, body_chars).await,
        Command::BenchSearch { queries } => bench_search(&db, queries).await,
        Command::Backup { file } => {
            let report = jiedu::backup::backup(&db, &config.uploads, &file)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "backed up {} records in {} tables and {} files to {} ({} bytes)",
                report.manifest.records(),
                report.manifest.tables.len(),
                report.manifest.files,
                file.display(),
                report.bytes
            );
            Ok(())
        }
        Command::Restore { file, force } => {
            let report = jiedu::backup::restore(&db, &config.uploads, &file, force)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "restored {} records in {} tables and {} files ({} new) from {}, written {} \
                 at schema version {}{}",
                report.manifest.records(),
                report.manifest.tables.len(),
                report.manifest.files,
                report.files_added,
                file.display(),
                report.manifest.created_at,
                report.manifest.schema_version,
                match report.migrated.last() {
                    Some(version) => format!(", now at {version}"),
                    None => String::new(),
                }
            );
            Ok(())
        }
        Command::Export { file } => {
            let text = transfer::export(&db).await.map_err(|e| e.to_string())?;
            std::fs::write(&file, &text)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            println!(
                "exported {} records to {}",
                text.lines().count(),
                file.display()
            );
            Ok(())
        }
    }
}

async fn bench_data(db: &Db, policies: usize, body_chars: usize) -> Result<(), String> {
    use app::ssr::tooling::bench_data::{BenchOptions, fill};
    let bar = ProgressBar::new(policies as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} policies {elapsed} (eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let options = BenchOptions {
        policies,
        body_chars,
        ..BenchOptions::default()
    };
    let report = fill(db, &unobserved(), options, &|n| bar.set_position(n as u64))
        .await
        .map_err(|e| e.to_string())?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "wrote {} policies ({} characters of text, from {:?}) and for {} major ones a plan, \
         {} interpretations and {} Q&A, in {secs:.1} s ({:.0} policies/s)",
        report.policies,
        report.characters,
        report.origin,
        report.explained,
        report.articles,
        report.qa,
        report.policies as f64 / secs.max(0.001)
    );
    Ok(())
}

async fn bench_search(db: &Db, queries: usize) -> Result<(), String> {
    use app::domain::search::SearchParams;
    use app::ssr::repo::search;
    let sample = app::ssr::tooling::bench_data::sample_queries(queries, 2016);
    let variants: [(&str, &[(&str, &str)]); 3] = [
        ("relevance", &[]),
        ("newest first", &[("sort", "newest")]),
        (
            "policies of one year",
            &[("kind", "policy"), ("year", "2016")],
        ),
    ];
    println!("| order / filter | queries | p50 ms | p95 ms | max ms | mean results |");
    println!("|---|---|---|---|---|---|");
    for (name, extra) in variants {
        let mut times = Vec::with_capacity(sample.len());
        let mut results = 0u64;
        for q in &sample {
            let mut pairs: Vec<(&str, &str)> = vec![("q", q.as_str())];
            pairs.extend_from_slice(extra);
            let query = SearchParams::from_pairs(pairs)
                .parse()
                .map_err(|e| e.to_string())?;
            let started = std::time::Instant::now();
            let page = search::search(db, &query)
                .await
                .map_err(|e| e.to_string())?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            results += page.total;
        }
        times.sort_by(f64::total_cmp);
        let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "| {name} | {} | {:.1} | {:.1} | {:.1} | {:.0} |",
            times.len(),
            at(0.5),
            at(0.95),
            times.last().copied().unwrap_or_default(),
            results as f64 / times.len().max(1) as f64
        );
    }
    Ok(())
}

/// Reads a new password: from the terminal without echo, or the first line of stdin.
fn read_password() -> Result<NewPassword, String> {
    use std::io::{BufRead, IsTerminal};
    let raw = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password: ")
            .map_err(|e| format!("cannot read the password: {e}"))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password: {e}"))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    NewPassword::parse(&raw).map_err(|m| format!("password: {m}"))
}

async fn user_command(db: &Db, command: UserCommand) -> Result<(), String> {
    let login_of = |raw: &str| LoginName::parse(raw).map_err(|m| format!("login: {m}"));
    match command {
        UserCommand::Add {
            login,
            name,
            unit,
            roles,
        } => {
            let login = login_of(&login)?;
            let display_name = DisplayName::parse(&name).map_err(|m| format!("name: {m}"))?;
            let roles = roles
                .iter()
                .map(|r| Role::parse(r).map_err(|m| format!("role: {m}")))
                .collect::<Result<Vec<_>, _>>()?;
            let unit = unit
                .map(|u| TaxonomyCode::parse(&u).map_err(|m| format!("unit: {m}")))
                .transpose()?;
            if let Some(code) = &unit {
                let units = taxonomy::codes(db, Taxonomy::Unit)
                    .await
                    .map_err(|e| e.to_string())?;
                if !units.iter().any(|u| u == code.as_str()) {
                    return Err(format!("unit: “{code}” does not exist"));
                }
            }
            if roles.contains(&Role::Editor) && unit.is_none() {
                return Err("unit: an editor needs --unit".into());
            }
            let password = PasswordHash::new(&read_password()?)
                .await
                .map_err(|e| e.to_string())?;
            let account = NewAccount {
                login: login.clone(),
                display_name,
                unit,
                roles,
                password,
            };
            user::create(db, &account, CLI_ACTOR)
                .await
                .map_err(|e| match e {
                    AppError::Conflict(_) => format!("login: “{login}” is taken"),
                    other => other.to_string(),
                })?;
            println!("created account {login}");
        }
        UserCommand::Passwd { login } => {
            let login = login_of(&login)?;
            let password = PasswordHash::new(&read_password()?)
                .await
                .map_err(|e| e.to_string())?;
            user::set_password(db, &login, &password, CLI_ACTOR)
                .await
                .map_err(|e| not_found(e, &login))?;
            println!("password of {login} changed");
        }
        UserCommand::Disable { login } => {
            let login = login_of(&login)?;
            user::set_disabled(db, &login, true, CLI_ACTOR)
                .await
                .map_err(|e| not_found(e, &login))?;
            session::end_all(db, &login, CLI_ACTOR)
                .await
                .map_err(|e| e.to_string())?;
            println!("account {login} disabled");
        }
    }
    Ok(())
}

fn not_found(e: AppError, login: &LoginName) -> String {
    match e {
        AppError::NotFound => format!("login: no account “{login}”"),
        other => other.to_string(),
    }
}

/// Every invalid line on its own line, then what happened.
fn import_message(e: ImportError) -> String {
    match e {
        ImportError::Invalid(errors) => {
            let mut lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            let bad_lines = {
                let mut numbers: Vec<usize> = errors.iter().map(|e| e.line).collect();
                numbers.dedup();
                numbers.len()
            };
            lines.push(format!("{bad_lines} invalid line(s); nothing was written"));
            lines.join("\n")
        }
        ImportError::Write(e) => format!("import stopped while writing: {e}"),
    }
}
