//! `sotay`: the server binary. `sotay` or `sotay serve` serves the API; `sotay migrate` brings
//! the database schema up to date; `sotay openapi` prints the OpenAPI document.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sotay_api::settings::Settings;
use sotay_api::startup::{Application, migrate};
use sotay_api::{openapi, telemetry};

#[derive(Parser)]
#[command(
    name = "sotay",
    version,
    about = "Backend of the Sổ tay Đảng viên điện tử"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default). Applies pending migrations first unless
    /// SOTAY_MIGRATE_ON_START=false.
    Serve,
    /// Apply pending migrations and exit: the release step in production.
    Migrate,
    /// Print the OpenAPI document (no database needed).
    Openapi,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi = command {
        return match openapi::document_json() {
            Ok(json) => {
                print!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        };
    }
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => return fail(&error),
    };
    telemetry::init(settings.log_format);
    let outcome = match command {
        Command::Migrate => migrate(&settings.database)
            .map(|applied| println!("{} migration(s) applied", applied.len()))
            .map_err(|error| error.to_string()),
        Command::Serve | Command::Openapi => actix_web::rt::System::new().block_on(serve(settings)),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

async fn serve(settings: Settings) -> Result<(), String> {
    let application = Application::build(settings)
        .await
        .map_err(|error| error.to_string())?;
    application
        .run_until_stopped()
        .await
        .map_err(|error| error.to_string())
}

/// One line on stderr and a failing exit status: what an operator or a supervisor needs.
fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("sotay: error: {error}");
    ExitCode::FAILURE
}
