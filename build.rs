//! Embeds every `src/diagnosis/catalog/*.toml` family, so adding a family is adding a file.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new("src/diagnosis/catalog");
    println!("cargo:rerun-if-changed={}", dir.display());
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
    let target = Path::new(&env::var("OUT_DIR").expect("OUT_DIR is set")).join("catalog_files.rs");
    fs::write(target, out).expect("write catalog_files.rs");
}
