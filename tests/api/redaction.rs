//! The redaction gaps a review found, each sent to the real server: the secret may not
//! appear in the page, the JSON or the support bundle (which both carry).

use crate::helpers::spawn_app_with;

/// (what, error_description or other parameter as `name=value` before encoding, secret).
fn cases() -> Vec<(&'static str, String, &'static str)> {
    let d = |text: String| format!("error_description={}", enc(&text));
    vec![
        (
            "authorization_code=",
            d("authorization_code=Zq7SecretA1".into()),
            "Zq7SecretA1",
        ),
        (
            "auth_code=",
            d("x auth_code=Zq7SecretB2".into()),
            "Zq7SecretB2",
        ),
        (
            "oauth_token=",
            d("oauth_token=Zq7SecretC3".into()),
            "Zq7SecretC3",
        ),
        ("api_key=", d("api_key=Zq7SecretD4".into()), "Zq7SecretD4"),
        (
            "client_assertion=",
            d("client_assertion=Zq7SecretE5".into()),
            "Zq7SecretE5",
        ),
        (
            "code= without a digit",
            d("code=ZqSecretNoDigitF".into()),
            "ZqSecretNoDigitF",
        ),
        (
            "double-encoded code",
            d("bad code%253DZq7SecretG7".into()),
            "Zq7SecretG7",
        ),
        (
            "escaped JSON",
            d(r#"{\"code\":\"Zq7SecretH8\"}"#.into()),
            "Zq7SecretH8",
        ),
        ("fullwidth =", d("code＝Zq7SecretI9".into()), "Zq7SecretI9"),
        ("short bearer", d("Bearer Zq7J".into()), "Zq7J"),
        (
            "base64 with several slashes",
            d("blob 7Hq2/Lm9xPz4/Rt6vW1k/Yb3nQ8sD5fG0jKzZq7 end".into()),
            "Yb3nQ8sD5fG0jKzZq7",
        ),
        (
            "JWT split by spaces",
            d("jwt eyJhbGciOiJIUzI1NiJ9 . eyJzdWIiOiJaeTdLIn0 . c2lnWnE3U2VjcmV0S0w here".into()),
            "eyJzdWIiOiJaeTdLIn0",
        ),
        (
            "secret in the query of a documentation error_uri",
            format!(
                "error_uri={}",
                enc("https://docs.github.com/apps/x?access_token=Zq7SecretM0")
            ),
            "Zq7SecretM0",
        ),
    ]
}

fn enc(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn secrets_in_descriptions_never_reach_the_page_json_or_bundle() {
    let app = spawn_app_with(&[("CEP_SUPPORT__EMAIL", "help@example.com")]).await;
    let mut leaked = Vec::new();
    for (what, param, secret) in cases() {
        let query = format!("error=invalid_grant&{param}");
        let (_, html) = app.page(&query).await;
        let json = app.json(&query).await;
        let bundle = json["support_bundle"].as_str().unwrap_or_default();
        for (place, text) in [
            ("page", html.as_str()),
            ("JSON", &json.to_string()),
            ("bundle", bundle),
        ] {
            if text.contains(secret) {
                leaked.push(format!("{what}: in the {place}"));
            }
        }
    }
    assert!(leaked.is_empty(), "{}", leaked.join("\n"));
}
