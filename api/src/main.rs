//! `sotay`: the server binary. `sotay` or `sotay serve` serves the API; `sotay migrate` brings
//! the database schema up to date; `sotay demo` loads the demo ward; `sotay openapi` prints the
//! OpenAPI document. The commands live in `sotay_api::cli`.

fn main() -> std::process::ExitCode {
    sotay_api::cli::main()
}
