//! The command line: `serve` (the default), `check-config`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{FlagOverrides, Settings};
use crate::diagnosis::Catalog;
use crate::logging::{self, LOG_FORMAT_VAR, LogFormat};
use crate::startup::Application;

#[derive(Debug, Parser)]
#[command(
    name = "connect-error-page",
    version,
    about = "Serves the page people land on when an OAuth connection fails."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A TOML configuration file (see the README for the keys).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Address and port to listen on, e.g. 0.0.0.0:8080.
    #[arg(long, global = true, value_name = "ADDR")]
    listen: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the error page (the default).
    Serve,
    /// Validate the configuration and the catalog, then exit.
    CheckConfig,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let flags = FlagOverrides {
        listen: cli.listen.clone(),
    };
    let settings = match Settings::load(cli.config.as_deref(), std::env::vars(), &flags) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings),
        Command::CheckConfig => check_config(&settings),
    }
}

fn serve(settings: Settings) -> ExitCode {
    let log_format = std::env::var(LOG_FORMAT_VAR).ok();
    match LogFormat::parse(log_format.as_deref()) {
        Ok(format) => logging::init(format),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    actix_web::rt::System::new().block_on(async move {
        let app = match Application::build(settings.clone()) {
            Ok(app) => app,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        log::info!(
            "listening on http://{}:{}",
            settings.listen.ip(),
            app.port()
        );
        match app.run_until_stopped().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: server stopped: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

fn check_config(settings: &Settings) -> ExitCode {
    match Catalog::built_in() {
        Ok(catalog) => {
            println!(
                "configuration OK: listen {}, catalog of {} entries",
                settings.listen,
                catalog.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: catalog: {e}");
            ExitCode::from(2)
        }
    }
}
