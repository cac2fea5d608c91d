//! Accept-header negotiation between the HTML page and problem+json.

/// True when the client prefers JSON (`application/json` or `application/problem+json`)
/// over HTML; `*/*` and an absent header mean HTML.
pub fn prefers_json(accept: Option<&str>) -> bool {
    let Some(accept) = accept else { return false };
    let (mut json, mut html) = (0.0_f32, 0.0_f32);
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match media.as_str() {
            "application/json" | "application/problem+json" => json = json.max(q),
            "text/html" | "application/xhtml+xml" | "text/*" | "*/*" => html = html.max(q),
            _ => {}
        }
    }
    json > 0.0 && json > html
}

#[cfg(test)]
mod tests {
    use super::prefers_json;

    #[test]
    fn browsers_get_html_and_api_clients_get_json() {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert!(!prefers_json(Some(browser)));
        assert!(!prefers_json(None));
        assert!(!prefers_json(Some("*/*")));
        assert!(prefers_json(Some("application/json")));
        assert!(prefers_json(Some("application/problem+json")));
        assert!(prefers_json(Some("application/json, */*;q=0.1")));
        assert!(!prefers_json(Some("application/json;q=0, text/html")));
    }
}
