//! `cargo run -p sotay-openapi` rewrites `openapi/openapi.json` from the code;
//! `cargo run -p sotay-openapi -- --check` only compares, failing when they differ.

use std::process::ExitCode;

fn main() -> ExitCode {
    let check_only = std::env::args().skip(1).any(|arg| arg == "--check");
    let generated = match sotay_openapi::generate() {
        Ok(json) => json,
        Err(error) => {
            eprintln!("sotay-openapi: cannot serialise the document: {error}");
            return ExitCode::FAILURE;
        }
    };
    let path = sotay_openapi::committed_path();
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    match (
        sotay_openapi::first_difference(&committed, &generated),
        check_only,
    ) {
        (None, _) => {
            println!("{} is up to date", path.display());
            ExitCode::SUCCESS
        }
        (Some(difference), true) => {
            eprintln!("{} is out of date ({difference})", path.display());
            ExitCode::FAILURE
        }
        (Some(_), false) => match std::fs::write(&path, generated) {
            Ok(()) => {
                println!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("sotay-openapi: cannot write {}: {error}", path.display());
                ExitCode::FAILURE
            }
        },
    }
}
