//! Layered TOML: later tables override earlier ones key by key.

use toml::{Table, Value};

/// Deep-merges `overlay` into `base`: tables merge key by key, anything else replaces.
pub fn merge_tables(base: &mut Table, overlay: Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(base_table)), Value::Table(overlay_table)) => {
                merge_tables(base_table, overlay_table)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}
