//! The command line: `serve` (the default), `check-config`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{FlagOverrides, Settings};
use crate::diagnosis::{CallbackQuery, Catalog};
use crate::docs::{DocsFormat, troubleshooting_guide};
use crate::i18n::{LanguagePreferences, Locale, Translations};
use crate::logging::{self, LOG_FORMAT_VAR, LogFormat};
use crate::reload::ReloadSource;
use crate::startup::{Application, StartupError};
use crate::status::StatusBoard;
use crate::views::ErrorReport;

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
    /// Generate the troubleshooting guide from the catalog.
    Docs {
        #[arg(long, value_enum, default_value = "mdx")]
        format: DocsFormat,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Language of the guide: en, es, fr, de, pt-BR, ja, zh-CN or ar.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Print what the route would serve for an error, for QA and snapshots.
    Render {
        #[arg(long, required_unless_present = "query")]
        error: Option<String>,
        #[arg(long, conflicts_with = "query")]
        description: Option<String>,
        #[arg(long, conflicts_with = "query")]
        connection_name: Option<String>,
        /// A raw callback query (`error=…&error_description=…`, as received, or a whole URL),
        /// parsed exactly as the route parses it.
        #[arg(long, value_name = "RAW", conflicts_with = "error")]
        query: Option<String>,
        /// Language of the page; by default the query's ui_locales or lang, else the
        /// configured default.
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, value_enum, default_value = "html")]
        format: RenderFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RenderFormat {
    Html,
    Json,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let flags = FlagOverrides {
        listen: cli.listen.clone(),
    };
    let settings = match Settings::load(cli.config.as_deref(), std::env::vars(), &flags) {
        Ok(settings) => settings,
        Err(e) => {
            logging::startup_error(&e);
            return ExitCode::from(2);
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(
            settings,
            ReloadSource {
                config: cli.config.clone(),
                flags,
            },
        ),
        Command::CheckConfig => check_config(&settings),
        Command::Docs { format, out, lang } => with_catalog(&settings, |catalog, translations| {
            let Some(locale) = available_locale(&lang) else {
                return ExitCode::from(2);
            };
            let guide = troubleshooting_guide(catalog, &settings, translations, locale, format);
            write_output(out.as_deref(), &guide)
        }),
        Command::Render {
            error,
            description,
            connection_name,
            query: raw,
            lang,
            format,
        } => with_catalog(&settings, |catalog, translations| {
            let query = match raw {
                Some(raw) => CallbackQuery::parse(query_string(&raw).as_bytes()),
                None => CallbackQuery::parse(
                    serde_urlencoded::to_string([
                        ("error", error.as_deref()),
                        ("error_description", description.as_deref()),
                        ("connection_name", connection_name.as_deref()),
                    ])
                    .unwrap_or_default()
                    .as_bytes(),
                ),
            };
            let locale = match lang {
                Some(lang) => match available_locale(&lang) {
                    Some(locale) => locale,
                    None => return ExitCode::from(2),
                },
                None => LanguagePreferences {
                    ui_locales: query.ui_locales.as_deref(),
                    lang: query.lang.as_deref(),
                    accept_language: Vec::new(),
                }
                .negotiate(settings.default_locale),
            };
            // A one-off render has no live status: the page shows the status link alone.
            let status =
                StatusBoard::new(settings.platform_status_link(), None, &Default::default());
            let page_base = format!("http://{}{}", settings.listen, settings.paths.page);
            let report = ErrorReport::new(&query, catalog, &settings, &status, &page_base, locale);
            let body = match format {
                RenderFormat::Html => report.to_html(&settings, translations),
                RenderFormat::Json => report.to_json(&settings, translations),
            };
            write_output(None, &body)
        }),
    }
}

/// The part of `raw` the route would receive as its query string: what follows the first
/// `?` of a pasted URL (or all of it), without a fragment, which browsers never send.
fn query_string(raw: &str) -> &str {
    let query = match raw.split_once('?') {
        Some((_, query)) => query,
        None => raw,
    };
    query.split('#').next().unwrap_or_default()
}

fn with_catalog(
    settings: &Settings,
    run: impl FnOnce(&Catalog, &Translations) -> ExitCode,
) -> ExitCode {
    let translations = match Translations::built_in() {
        Ok(translations) => translations,
        Err(e) => {
            logging::startup_error(&e);
            return ExitCode::from(2);
        }
    };
    match settings.load_catalog() {
        Ok(catalog) => run(&catalog, &translations),
        Err(e) => {
            logging::startup_error(&e);
            ExitCode::from(2)
        }
    }
}

/// `--lang` as a supported locale (`pt` reads pt-BR), or a message listing them.
fn available_locale(lang: &str) -> Option<Locale> {
    let locale = Locale::match_tag(lang);
    if locale.is_none() {
        let available = Locale::ALL.map(Locale::as_str).join(", ");
        logging::startup_error(&format!(
            "--lang `{lang}` is not an available language (available: {available})"
        ));
    }
    locale
}

fn write_output(out: Option<&Path>, text: &str) -> ExitCode {
    let written = match out {
        Some(path) => std::fs::write(path, text),
        None => std::io::stdout().write_all(text.as_bytes()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            logging::startup_error(&format!("cannot write output: {e}"));
            ExitCode::FAILURE
        }
    }
}

fn serve(settings: Settings, reload: ReloadSource) -> ExitCode {
    crate::memory::one_arena();
    let log_format = std::env::var(LOG_FORMAT_VAR).ok();
    match LogFormat::parse(log_format.as_deref()) {
        Ok(format) => logging::init(format),
        Err(e) => {
            logging::startup_error(&e);
            return ExitCode::from(2);
        }
    }
    actix_web::rt::System::new().block_on(async move {
        let app = match Application::build(settings.clone())
            .and_then(|app| app.reload_on_sighup(reload).map_err(StartupError::Signal))
        {
            Ok(app) => app,
            Err(e) => {
                log::logger().flush();
                logging::startup_error(&e);
                return ExitCode::from(2);
            }
        };
        crate::memory::return_freed();
        let seed = settings.seed_defaults_in_use();
        if !seed.is_empty() {
            let (keys, verb) = match seed.as_slice() {
                [one] => (format!("`{one}`"), "is"),
                many => (format!("`{}`", many.join("` and `")), "are"),
            };
            log::warn!(
                "{keys} {verb} still the seed platform's default (its support address and status page); set them for your product"
            );
        }
        log::info!(
            "listening on http://{}:{}",
            settings.listen.ip(),
            app.port()
        );
        let stopped = app.run_until_stopped().await;
        log::logger().flush();
        match stopped {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                logging::startup_error(&format!("server stopped: {e}"));
                ExitCode::FAILURE
            }
        }
    })
}

fn check_config(settings: &Settings) -> ExitCode {
    match settings.load_catalog() {
        Ok(catalog) => {
            println!(
                "configuration OK: listen {}, catalog of {} entries",
                settings.listen,
                catalog.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            logging::startup_error(&e);
            ExitCode::from(2)
        }
    }
}
