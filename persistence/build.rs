// `embed_migrations!` reads the migration folders at compile time; tell cargo to rebuild when a
// migration is added or edited, not only when Rust code changes.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
