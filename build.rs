//! Embeds every `src/diagnosis/catalog/*.toml` family, so adding a family is adding a file,
//! and every translation file under `src/i18n/`, so adding a locale's text is adding files.

use std::{env, fs, path::Path};

fn main() {
    embed_toml_dir("src/diagnosis/catalog", "catalog_files.rs");
    embed_toml_dir("src/i18n", "i18n_page_files.rs");
    embed_toml_dir("src/i18n/catalog", "i18n_catalog_files.rs");
}

/// Writes `&[(file name, include_str!(file))]` for every `*.toml` in `dir` (none if it is absent).
fn embed_toml_dir(dir: &str, out_name: &str) {
    let dir = Path::new(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    if !dir.exists() {
        let target = Path::new(&env::var("OUT_DIR").expect("OUT_DIR is set")).join(out_name);
        fs::write(target, "&[]\n").expect("write an empty file list");
        return;
    }
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("catalog directory exists")
        .map(|e| e.expect("readable catalog entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let absolute = fs::canonicalize(path).expect("catalog file path");
        out += &format!(
            "    ({name:?}, include_str!({:?})),\n",
            absolute.display().to_string()
        );
    }
    out += "]\n";
    let target = Path::new(&env::var("OUT_DIR").expect("OUT_DIR is set")).join(out_name);
    fs::write(target, out).expect("write the embedded file list");
}
