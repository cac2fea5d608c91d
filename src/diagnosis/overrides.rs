//! Operator overrides: add entries, change an entry's text or category, and add
//! per-connection notes, from a TOML file read at start-up.

use std::collections::HashMap;

use serde::Deserialize;
use toml::{Table, Value};

use super::catalog::{
    Catalog, CatalogBuilder, CatalogError, Category, ConnectionNotes, Entry, FixableBy,
};

/// Changes to one existing entry; every field is optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryPatch {
    code: String,
    title: Option<String>,
    explanation: Option<String>,
    category: Option<Category>,
    fixable_by: Option<FixableBy>,
    retryable: Option<bool>,
    user_steps: Option<Vec<String>>,
    developer_steps: Option<Vec<String>>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
    docs_url: Option<String>,
}

impl Catalog {
    /// The built-in catalog with an operator's overrides file applied.
    pub fn with_overrides(source_name: &str, text: &str) -> Result<Self, CatalogError> {
        let mut builder = CatalogBuilder::built_in()?;
        let error = |location: String, message: String| CatalogError {
            source_name: source_name.to_owned(),
            location,
            message,
        };
        let mut table: Table = text.parse().map_err(|e: toml::de::Error| {
            error(
                "TOML syntax".into(),
                crate::toml_text::syntax_error(text, &e),
            )
        })?;
        for key in table.keys() {
            if !matches!(key.as_str(), "entry" | "override" | "connections") {
                return Err(error(
                    format!("key `{key}`"),
                    "unknown key; use [[entry]], [[override]] or [connections.NAME]".into(),
                ));
            }
        }
        for (index, item) in take_array(&mut table, "entry", source_name)?
            .into_iter()
            .enumerate()
        {
            let location = entry_location("entry", index, &item);
            let entry: Entry = deserialize(item, &location, source_name)?;
            builder.add_entry(source_name, entry)?;
        }
        for (index, item) in take_array(&mut table, "override", source_name)?
            .into_iter()
            .enumerate()
        {
            let location = entry_location("override", index, &item);
            let patch: EntryPatch = deserialize(item, &location, source_name)?;
            apply_patch(&mut builder, source_name, patch)?;
        }
        let connections: HashMap<String, ConnectionNotes> = match table.remove("connections") {
            Some(value) => deserialize(value, "connections", source_name)?,
            None => HashMap::new(),
        };
        for (name, notes) in &connections {
            if !super::query::is_valid_connection_name(name) {
                return Err(error(
                    format!("connections.{name}"),
                    "a connection name must match [A-Za-z0-9_.-]{1,64}".into(),
                ));
            }
            if let Some(code) = notes.codes.keys().find(|c| !builder.contains(c)) {
                return Err(error(
                    format!("connections.{name}.codes.{code}"),
                    "no catalog entry has this code".into(),
                ));
            }
        }
        Ok(builder.build()?.with_connection_notes(connections))
    }
}

fn take_array(table: &mut Table, key: &str, source_name: &str) -> Result<Vec<Value>, CatalogError> {
    match table.remove(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(CatalogError {
            source_name: source_name.to_owned(),
            location: format!("key `{key}`"),
            message: format!("must be an array of tables: [[{key}]]"),
        }),
    }
}

/// `entry `acme_quota`` when the item names its code, else its position.
fn entry_location(kind: &str, index: usize, item: &Value) -> String {
    match item.get("code").and_then(Value::as_str) {
        Some(code) => format!("{kind} `{code}`"),
        None => format!("{kind} #{}", index + 1),
    }
}

fn deserialize<T: serde::de::DeserializeOwned>(
    value: Value,
    location: &str,
    source_name: &str,
) -> Result<T, CatalogError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let field = e.path().to_string();
        CatalogError {
            source_name: source_name.to_owned(),
            location: if field == "." {
                location.to_owned()
            } else {
                format!("{location} field `{field}`")
            },
            message: e.into_inner().to_string(),
        }
    })
}

fn apply_patch(
    builder: &mut CatalogBuilder,
    source_name: &str,
    patch: EntryPatch,
) -> Result<(), CatalogError> {
    let code = patch.code.clone();
    let mut entry = builder.entry(&code).cloned().ok_or_else(|| CatalogError {
        source_name: source_name.to_owned(),
        location: format!("override `{code}` field `code`"),
        message: "no catalog entry has this code; use [[entry]] to add one".into(),
    })?;
    let set = |target: &mut String, value: Option<String>| {
        if let Some(value) = value {
            *target = value;
        }
    };
    set(&mut entry.title, patch.title);
    set(&mut entry.explanation, patch.explanation);
    entry.category = patch.category.unwrap_or(entry.category);
    entry.fixable_by = patch.fixable_by.unwrap_or(entry.fixable_by);
    entry.retryable = patch.retryable.unwrap_or(entry.retryable);
    entry.user_steps = patch.user_steps.unwrap_or(entry.user_steps);
    entry.developer_steps = patch.developer_steps.unwrap_or(entry.developer_steps);
    entry.aliases.extend(patch.aliases);
    entry.phrases.extend(patch.phrases);
    entry.docs_url = patch.docs_url.or(entry.docs_url);
    builder.replace_entry(source_name, entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_add_entries_change_text_and_add_connection_notes() {
        let catalog = Catalog::with_overrides(
            "overrides.toml",
            r#"
[[entry]]
code = "acme_quota_exceeded"
title = "Your Acme plan has no connections left"
explanation = "Your Acme plan allows a fixed number of connections."
category = "user_action"
fixable_by = "user_admin"
retryable = false
user_steps = ["Ask your Acme administrator to raise the limit."]
developer_steps = ["Check the plan limits."]
phrases = ["connection quota exceeded"]

[[override]]
code = "invalid_client"
title = "Our Jira app's credentials need attention"
category = "platform_transient"
aliases = ["bad_client"]

[connections.jira]
developer_steps = ["Jira apps are configured at developer.atlassian.com."]
[connections.jira.codes.invalid_client]
user_steps = ["Tell the Jira admin in your company."]
"#,
        )
        .unwrap();
        assert_eq!(
            catalog.lookup("acme-quota-exceeded").unwrap().category,
            Category::UserAction
        );
        assert!(
            catalog
                .match_phrase("connection quota exceeded for org")
                .is_some()
        );
        let patched = catalog.lookup("bad_client").unwrap();
        assert_eq!(patched.title, "Our Jira app's credentials need attention");
        assert_eq!(patched.category, Category::PlatformTransient);
        assert!(!patched.explanation.is_empty());
        let (user, developer) = catalog.connection_steps(Some("jira"), "invalid_client");
        assert_eq!(user, ["Tell the Jira admin in your company."]);
        assert_eq!(
            developer,
            ["Jira apps are configured at developer.atlassian.com."]
        );
        assert_eq!(
            catalog
                .connection_steps(Some("slack"), "invalid_client")
                .0
                .len(),
            0
        );
    }

    #[test]
    fn errors_name_the_entry_and_the_field() {
        let err = Catalog::with_overrides(
            "o.toml",
            "[[override]]\ncode = \"invalid_client\"\ncategory = \"sometimes\"\n",
        )
        .unwrap_err();
        assert_eq!(err.location, "override `invalid_client` field `category`");
        let err =
            Catalog::with_overrides("o.toml", "[[override]]\ncode = \"nope\"\ntitle = \"x\"\n")
                .unwrap_err();
        assert_eq!(err.location, "override `nope` field `code`");
        let err = Catalog::with_overrides(
            "o.toml",
            "[[entry]]\ncode = \"x_new\"\ntitle = \"t\"\nexplanation = \"e\"\ncategory = \"unknown\"\nfixable_by = \"user\"\nretryable = true\nuser_steps = [\"s\"]\ndeveloper_steps = []\ncolour = \"red\"\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("entry `x_new`"), "{err}");
        assert!(err.to_string().contains("colour"), "{err}");
        let err =
            Catalog::with_overrides("o.toml", "[connections.jira.codes.nope]\nuser_steps = []\n")
                .unwrap_err();
        assert_eq!(err.location, "connections.jira.codes.nope");
    }

    #[test]
    fn ten_thousand_override_entries_load_and_resolve_by_code_and_phrase() {
        let mut text = String::new();
        for i in 0..10_000 {
            text.push_str(&format!(
                "[[entry]]\ncode = \"op_code_{i}\"\ntitle = \"Operator condition {i}\"\nexplanation = \"Explanation {i}.\"\ncategory = \"developer_config\"\nfixable_by = \"developer\"\nretryable = false\nuser_steps = [\"Step {i}\"]\ndeveloper_steps = [\"Fix {i}\"]\nphrases = [\"operator phrase number {i} here\"]\n\n"
            ));
        }
        let catalog = Catalog::with_overrides("big.toml", &text).unwrap();
        assert!(catalog.len() > 10_000);
        assert_eq!(
            catalog.lookup("OP-CODE-9999").unwrap().title,
            "Operator condition 9999"
        );
        assert_eq!(
            catalog
                .match_phrase("xx operator phrase number 4321 here yy")
                .unwrap()
                .code,
            "op_code_4321"
        );
        assert_eq!(
            catalog.lookup("access_denied").unwrap().code,
            "access_denied"
        );
    }

    #[test]
    fn an_operator_phrase_containing_a_built_in_one_wins_because_it_is_longer() {
        let catalog = Catalog::with_overrides(
            "overrides.toml",
            r#"
[[entry]]
code = "acme_gateway_refused"
title = "The Acme gateway refused the connection"
explanation = "Acme's gateway in front of the provider refused the connection."
category = "developer_config"
fixable_by = "developer"
retryable = false
user_steps = ["Tell the Acme administrator."]
developer_steps = ["Allow the platform's addresses on the Acme gateway."]
phrases = ["connection refused by acme gateway"]
"#,
        )
        .unwrap();
        let text = "post \"https://x/token\": dial tcp: connection refused by acme gateway";
        let (entry, phrase) = catalog.find_phrase(text).unwrap();
        assert_eq!(
            (entry.code.as_str(), phrase),
            ("acme_gateway_refused", "connection refused by acme gateway")
        );
        // The built-in phrase still answers where the operator's does not occur.
        assert_eq!(
            catalog
                .match_phrase("dial tcp: connection refused")
                .unwrap()
                .code,
            "provider_unreachable"
        );
    }
}
