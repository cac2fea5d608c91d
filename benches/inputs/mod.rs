//! The callbacks the benchmarks measure, shared by `diagnose` and `render`.

/// The seed URL's query: a post-auth hook failure wrapped in `failed_to_exchange_token`.
pub const SEED: &str = "error=failed_to_exchange_token&error_description=error+%3D+server_error%2C+description+%3D+Error+executing+post+auth+hooks";
pub const UNKNOWN: &str =
    "error=flux_capacitor_jammed&error_description=Something+nobody+has+seen+before";
pub const AADSTS: &str = "error=invalid_client&error_description=AADSTS7000215%3A+Invalid+client+secret+provided.+Trace+ID%3A+0a1b2c3d-0000-4000-8000-000000000001+Correlation+ID%3A+0a1b2c3d-0000-4000-8000-000000000002+Timestamp%3A+2026-11-25+10%3A00%3A00Z";

/// The worst case: a description at the 2 KiB cap, wrapped as deep as wrappers go,
/// with markup to escape and an unknown code at the bottom.
pub fn nested_2kib() -> String {
    let mut description = String::new();
    let mut depth = 0;
    while description.len() < 1800 {
        description.push_str(&format!("error = layer_{depth}, description = "));
        depth += 1;
    }
    description
        .push_str("{\"error\":\"deep_unknown\",\"error_description\":\"<b>\\\"quoted\\\"</b>\"} ");
    while description.len() < 2048 {
        description.push_str("<x>&'\" ");
    }
    description.truncate(2048);
    format!(
        "error=failed_to_exchange_token&error_description={}",
        url::form_urlencoded::byte_serialize(description.as_bytes()).collect::<String>()
    )
}

/// Every measured callback, by name.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("seed", SEED.to_owned()),
        ("unknown", UNKNOWN.to_owned()),
        ("aadsts", AADSTS.to_owned()),
        ("nested_2kib", nested_2kib()),
    ]
}
