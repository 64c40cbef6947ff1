//! Rebuild when the embedded default theme changes: `include_dir!` alone
//! does not notice files added to or removed from `themes/default/`.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
