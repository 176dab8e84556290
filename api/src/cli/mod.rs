//! The `sotay` command line: `sotay` or `sotay serve` serves the API; `sotay migrate` brings
//! the database schema up to date; `sotay openapi` prints the OpenAPI document.

pub mod bootstrap;
pub mod demo;
mod demo_documents;
mod demo_sessions;
mod demo_studies;
pub mod remind;

use std::process::ExitCode;

use crate::settings::Settings;
use clap::{Parser, Subcommand};
use std::io::IsTerminal;

use crate::auth::hash_now;
use crate::startup::{Application, migrate, open_for_maintenance};
use crate::{openapi, telemetry};
use bootstrap::AdminSpec;
use sotay_domain::member::{CardNumber, PersonName};
use sotay_domain::org::{OrgCode, OrgName};
use sotay_domain::password::Password;

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
    /// Load the demo ward (Đảng bộ phường Hương An, 51 cells, 121 members in the story's
    /// area) unless it is there already, and print how to log in.
    Demo,
    /// Raise the reminders due now (or at `--at`, an RFC 3339 instant) and exit: for a
    /// deployment that runs reminders from its own scheduler.
    Remind {
        #[arg(long)]
        at: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// Administer the system from the command line.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a system administrator. The password comes from SOTAY_ADMIN_PASSWORD or, in a
    /// terminal, from a prompt; never from a flag (flags show in `ps` and shell history).
    Create {
        /// The administrator's party-card number: their login.
        #[arg(long)]
        card_number: String,
        #[arg(long)]
        full_name: String,
        /// Code of the organisation they belong to.
        #[arg(long)]
        org_code: String,
        /// Creates the organisation as a committee at the top of the tree when no organisation
        /// has `--org-code` yet.
        #[arg(long)]
        org_name: Option<String>,
    },
}

/// Runs the command the arguments name; `sotay` alone serves.
pub fn main() -> ExitCode {
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
        Command::Admin {
            command:
                AdminCommand::Create {
                    card_number,
                    full_name,
                    org_code,
                    org_name,
                },
        } => create_admin(
            &settings,
            &card_number,
            &full_name,
            &org_code,
            org_name.as_deref(),
        ),
        Command::Demo => load_demo(&settings),
        Command::Remind { at } => remind(&settings, at),
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

fn remind(settings: &Settings, at: Option<chrono::DateTime<chrono::Utc>>) -> Result<(), String> {
    let mut connection =
        open_for_maintenance(&settings.database).map_err(|error| error.to_string())?;
    let at = at.map_or_else(sotay_persistence::clock::now, |at| at.naive_utc());
    let reminded = remind::run_once(&mut connection, &settings.phone.reminders, at)?;
    println!(
        "{} reminder(s) raised, {} member(s) told",
        reminded.raised, reminded.told
    );
    Ok(())
}

fn load_demo(settings: &Settings) -> Result<(), String> {
    migrate(&settings.database).map_err(|error| error.to_string())?;
    let mut connection =
        open_for_maintenance(&settings.database).map_err(|error| error.to_string())?;
    let hash = hash_now(demo::DEMO_PASSWORD).map_err(|error| error.to_string())?;
    let summary = demo::load(&mut connection, &hash).map_err(|error| error.to_string())?;
    if summary.loaded_now {
        println!(
            "loaded the demo ward: {} cells, {} members ({} in the Hương An area)",
            summary.cells, summary.members, summary.story_area_members
        );
    } else {
        println!("the demo ward is already loaded");
    }
    println!(
        "log in as the ward secretary: card {} / password \"{}\"",
        demo::WARD_SECRETARY_CARD,
        demo::DEMO_PASSWORD
    );
    println!(
        "log in as a member:          card {} / password \"{}\"",
        demo::MEMBER_CARD,
        demo::DEMO_PASSWORD
    );
    Ok(())
}

fn create_admin(
    settings: &Settings,
    card_number: &str,
    full_name: &str,
    org_code: &str,
    org_name: Option<&str>,
) -> Result<(), String> {
    let refused = |field: &str, invalid: sotay_domain::Invalid| format!("{field}: {}", invalid.en);
    let card = CardNumber::parse(card_number).map_err(|i| refused("--card-number", i))?;
    let name = PersonName::parse(full_name).map_err(|i| refused("--full-name", i))?;
    let org_code = OrgCode::parse(org_code).map_err(|i| refused("--org-code", i))?;
    let org_name = org_name
        .map(OrgName::parse)
        .transpose()
        .map_err(|i| refused("--org-name", i))?;
    let password = match std::env::var("SOTAY_ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) if std::io::stdin().is_terminal() => {
            rpassword::prompt_password("Password for the new administrator: ")
                .map_err(|error| error.to_string())?
        }
        Err(_) => {
            return Err("set SOTAY_ADMIN_PASSWORD, or run in a terminal to be asked".to_owned());
        }
    };
    let password =
        Password::parse(&password, &[card.as_str()]).map_err(|i| refused("password", i))?;
    migrate(&settings.database).map_err(|error| error.to_string())?;
    let mut connection =
        open_for_maintenance(&settings.database).map_err(|error| error.to_string())?;
    let spec = AdminSpec {
        card,
        name,
        org_code,
        org_name,
        password_hash: hash_now(password.expose()).map_err(|error| error.to_string())?,
        must_change_password: false,
    };
    let member =
        bootstrap::create_admin(&mut connection, &spec).map_err(|error| error.to_string())?;
    println!(
        "created system administrator {} (login: {})",
        member.full_name, member.card_number
    );
    Ok(())
}

/// One line on stderr and a failing exit status: what an operator or a supervisor needs.
fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("sotay: error: {error}");
    ExitCode::FAILURE
}
