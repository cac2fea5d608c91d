//! Callbacks shaped like the ones providers outside the corpus send: the rules, not
//! memorised strings, must carry them to the right diagnosis.

use connect_error_page::diagnosis::{CallbackQuery, Catalog, diagnose};

const CASES: &[(&str, &str, &str)] = &[
    // error last, Cognito style
    (
        "error_description=Internal+server+error&state=abc&error=server_error",
        "server_error",
        "provider_outage",
    ),
    // case and hyphen variants
    ("error=Access-Denied", "access_denied", "unknown"),
    (
        "error=INVALID_GRANT&error_description=Bad+Request",
        "invalid_grant",
        "unknown",
    ),
    // a sentence instead of a code
    (
        "error=Redirect+URL+does+not+match",
        "redirect_uri_mismatch",
        "developer_config",
    ),
    (
        "error=Required+parameters+missing",
        "malformed_request",
        "developer_config",
    ),
    // no error at all: OAuth 1.0a denial, or only a description
    (
        "oauth_token=abc&denied=abc",
        "user_denied",
        "user_cancelled",
    ),
    (
        "error_description=The+user+canceled+the+sign-in",
        "user_declined",
        "user_cancelled",
    ),
    // side parameters carry the real cause (Supabase, Facebook, Google)
    (
        "error=access_denied&error_code=otp_expired&error_description=Email+link+is+invalid+or+has+expired",
        "session_expired",
        "session_expired",
    ),
    (
        "error=access_denied&error_reason=user_denied&error_code=200",
        "access_denied",
        "user_cancelled",
    ),
    (
        "error=access_denied&error_subtype=admin_policy_enforced",
        "admin_policy_enforced",
        "user_action",
    ),
    // nested wrappers around a token-endpoint failure
    (
        "error=failed_to_exchange_token&error_description=Unexpected+response+from+token+endpoint.+status%3D401%2C+response%3D%7B%22error%22%3A%22invalid_client%22%7D",
        "invalid_client",
        "developer_config",
    ),
    (
        "error=failed_to_exchange_token&error_description=oauth2%3A+%22bad_verification_code%22+%22The+code+passed+is+incorrect+or+expired.%22+%22https%3A%2F%2Fdocs.github.com%2F%22",
        "bad_verification_code",
        "session_expired",
    ),
    (
        "error=failed_to_exchange&error_description=(invalid_grant)+AADSTS50076%3A+Due+to+a+configuration+change+made+by+your+administrator",
        "AADSTS50076",
        "user_action",
    ),
    (
        "error=failed_to_exchange_token&error_description=error+%3D+failed_to_exchange%2C+description+%3D+error+%3D+invalid_grant%2C+description+%3D+code+expired",
        "invalid_grant",
        "session_expired",
    ),
    (
        "error=server_error&error_description=Token+request+failed+with+error%3Dinvalid_client%2C+bad+secret",
        "invalid_client",
        "developer_config",
    ),
    // MSAL's form and Microsoft's error_uri
    (
        "error=temporarily_unavailable&error_description=temporarily_unavailable%3A+50033+-+%5B2021-08-02+15%3A36%3A10Z%5D%3A+A+transient+error",
        "AADSTS50033",
        "provider_outage",
    ),
    (
        "error=invalid_request&error_uri=https%3A%2F%2Flogin.microsoftonline.com%2Ferror%3Fcode%3D50011",
        "AADSTS50011",
        "developer_config",
    ),
    // provider phrasing with a generic code
    (
        "error=access_denied&error_description=User+is+not+assigned+to+the+client+application.",
        "okta_user_not_assigned",
        "user_action",
    ),
    (
        "error=failed_to_exchange_token&error_description=Post+%22https%3A%2F%2Foauth2.example.com%2Ftoken%22%3A+context+deadline+exceeded",
        "provider_unreachable",
        "provider_outage",
    ),
    (
        "error=invalid_request&error_description=Error+executing+post-auth+hook+sync_user",
        "post_auth_hook_failed",
        "platform_transient",
    ),
    (
        "error=invalid_request&error_description=user_verify_url+not+configured+for+verification+redirect",
        "user_verify_url_not_configured",
        "developer_config",
    ),
    // token-endpoint failures as HTTP libraries print them
    (
        "error=failed_to_exchange_token&error_description=%7B%22status%22%3A%22BAD_CLIENT_ID%22%2C%22message%22%3A%22The+client+id+is+invalid%22%7D",
        "BAD_CLIENT_ID",
        "developer_config",
    ),
    (
        "error=failed_to_exchange_token&error_description=oauth2%3A+%22invalid_grant%22+%22code_verifier+does+not+match%22",
        "invalid_grant",
        "developer_config",
    ),
    (
        "error=failed_to_exchange_token&error_description=invalid_grant%3A+The+authorization+code+has+expired",
        "invalid_grant",
        "session_expired",
    ),
    (
        "error=failed_to_exchange_token&error_description=OPError%3A+invalid_client+%28client+authentication+failed%29",
        "invalid_client",
        "developer_config",
    ),
    (
        "error=failed_to_exchange_token&error_description=League%5COAuth2%5CClient%5CProvider%5CException%5CIdentityProviderException%3A+invalid_client",
        "invalid_client",
        "developer_config",
    ),
    (
        "error=failed_to_exchange_token&error_description=org.springframework.security.oauth2.core.OAuth2AuthorizationException%3A+%5Binvalid_grant%5D+Account+disabled",
        "invalid_grant",
        "user_action",
    ),
    (
        "error=failed_to_exchange_token&error_description=%7Bu%27error%27%3A+u%27access_denied%27%2C+u%27error_description%27%3A+u%27Service+not+enabled+within+domain%27%7D",
        "access_denied",
        "user_action",
    ),
    (
        "error=failed_to_exchange_token&error_description=statusCode%3A+503%2C+statusMessage%3A+%27Service+Temporarily+Unavailable%27",
        "503",
        "provider_outage",
    ),
    // camelCase parameters and localised descriptions
    (
        "errorCode=user_cancelled&errorDescription=user+canceled",
        "user_cancelled",
        "user_cancelled",
    ),
    (
        "error=access_denied&error_description=%E7%94%A8%E6%88%B7%E5%8F%96%E6%B6%88%E4%BA%86%E6%8E%88%E6%9D%83",
        "access_denied",
        "user_cancelled",
    ),
    (
        "error=invalid_grant&error_description=%D0%9A%D0%BE%D0%B4+%D0%B0%D0%B2%D1%82%D0%BE%D1%80%D0%B8%D0%B7%D0%B0%D1%86%D0%B8%D0%B8+%D0%B8%D1%81%D1%82%D0%B5%D0%BA",
        "invalid_grant",
        "session_expired",
    ),
    // state problems reported in words
    (
        "error_description=OAuth+state+is+invalid%3A+signature+is+invalid",
        "invalid_state",
        "session_expired",
    ),
];

#[test]
fn rules_generalise_beyond_the_corpus() {
    let catalog = Catalog::built_in().unwrap();
    let mut failures = Vec::new();
    for (query, code, category) in CASES {
        let d = diagnose(&CallbackQuery::parse(query.as_bytes()), &catalog);
        // The received code the diagnosis rests on, or the entry that names it.
        let code_ok = d.code == *code || d.identified_code.as_deref() == Some(*code);
        if !code_ok || d.category().as_str() != *category {
            failures.push(format!(
                "{query}\n  got {} [{}] / {}, want {code} / {category}",
                d.code,
                d.identified_code.as_deref().unwrap_or("-"),
                d.category()
            ));
        }
    }
    println!(
        "generalisation score: {}/{}",
        CASES.len() - failures.len(),
        CASES.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unrecognised_codes_stay_honest_whatever_the_wrapper() {
    let catalog = Catalog::built_in().unwrap();
    for (query, named) in [
        ("error=frobnication_failed", "frobnication_failed"),
        (
            "error=server_error&error_description=error+%3D+zz_new_code%2C+description+%3D+x",
            "server_error",
        ),
        (
            "error=AADSTS99999999&error_description=AADSTS99999999%3A+new",
            "AADSTS99999999",
        ),
    ] {
        let d = diagnose(&CallbackQuery::parse(query.as_bytes()), &catalog);
        assert_eq!(d.code, named, "{query}");
    }
}
