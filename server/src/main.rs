//! `jiedu`: serve the application, and manage its database from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use app::ssr::db::{connect_db, migrate};
use app::ssr::transfer::{self, ImportError, Progress};
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
    /// Import records from a JSON Lines file; nothing is written unless every line is valid.
    Import { file: PathBuf },
    /// Export every record to a JSON Lines file that `import` reads back.
    Export { file: PathBuf },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,surrealdb=warn,surrealkv=warn".into()),
        )
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
    match cli.command.unwrap_or(Command::Serve {
        demo_if_empty: false,
    }) {
        Command::Serve { demo_if_empty } => {
            if demo_if_empty
                && transfer::seed_demo_if_empty(&db)
                    .await
                    .map_err(import_message)?
            {
                tracing::info!("loaded the demo data into an empty database");
            }
            let state = AppState {
                db,
                leptos_options: config.leptos,
            };
            jiedu::serve(state).await.map_err(|e| e.to_string())
        }
        Command::Migrate => {
            println!(
                "schema is at version {}",
                app::ssr::db::latest_schema_version()
            );
            Ok(())
        }
        Command::SeedDemo => {
            let report = transfer::seed_demo(&db).await.map_err(import_message)?;
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
            let report = transfer::import(&db, &text, &progress)
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
