//! `diagnose` on callbacks as people receive them: each claim is checked with its evidence.

use super::*;

fn diagnose_raw(raw: &str) -> (String, Category, MatchedBy) {
    let catalog = Catalog::built_in().unwrap();
    let d = diagnose(&CallbackQuery::parse(raw.as_bytes()), &catalog);
    (d.code.clone(), d.category(), d.matched_by)
}

/// Code, category, how it was matched, the evidence, and the received code it rests on.
fn explain(raw: &str) -> (String, Category, MatchedBy, Option<String>, Option<String>) {
    let catalog = Catalog::built_in().unwrap();
    let d = diagnose(&CallbackQuery::parse(raw.as_bytes()), &catalog);
    (
        d.code.clone(),
        d.category(),
        d.matched_by,
        d.evidence.clone(),
        d.identified_code.clone(),
    )
}

#[test]
fn post_auth_hook_failure_is_a_transient_platform_problem_not_an_expired_session() {
    let (code, category, by, evidence, identified) = explain(
        "error=failed_to_exchange_token&error_description=error+%3D+server_error%2C+description+%3D+Error+executing+post+auth+hooks",
    );
    assert_eq!(code, "post_auth_hook_failed");
    assert_eq!(category, Category::PlatformTransient);
    assert_eq!(by, MatchedBy::Phrase);
    assert_eq!(evidence.as_deref(), Some("post auth hook"));
    assert_eq!(identified.as_deref(), Some("server_error"));
}

#[test]
fn nested_invalid_client_is_a_developer_configuration_problem() {
    let (code, category, by, evidence, identified) = explain(
        "error=failed_to_exchange_token&error_description=error+%3D+invalid_client%2C+description+%3D+Bad+credentials",
    );
    assert_eq!(
        (code.as_str(), category, by),
        (
            "invalid_client",
            Category::DeveloperConfig,
            MatchedBy::NestedCode
        )
    );
    assert_eq!(evidence.as_deref(), Some("invalid_client"));
    assert_eq!(identified.as_deref(), Some("invalid_client"));
}

#[test]
fn a_bad_client_secret_in_words_is_a_developer_configuration_problem() {
    let (code, category, by, evidence, _) = explain(
        "error=server_error&error_description=Token+request+failed%3A+invalid+client+secret",
    );
    assert_eq!(
        (code.as_str(), category, by),
        (
            "client_authentication_failed",
            Category::DeveloperConfig,
            MatchedBy::Phrase
        )
    );
    assert_eq!(evidence.as_deref(), Some("invalid client secret"));
}

#[test]
fn invalid_grant_saying_the_code_expired_asks_for_a_fresh_start() {
    let (code, category, _, evidence, identified) = explain(
        "error=failed_to_exchange_token&error_description=error+%3D+invalid_grant%2C+description+%3D+Code+expired",
    );
    assert_eq!(
        (code.as_str(), category),
        ("authorization_code_expired", Category::SessionExpired)
    );
    assert_eq!(evidence.as_deref(), Some("code expired"));
    assert_eq!(identified.as_deref(), Some("invalid_grant"));
}

#[test]
fn invalid_grant_alone_claims_no_cause_it_cannot_know() {
    let (code, category, by, evidence, _) = explain("error=invalid_grant");
    assert_eq!(
        (code.as_str(), category, by),
        ("invalid_grant", Category::Unknown, MatchedBy::Error)
    );
    assert_eq!(evidence.as_deref(), Some("invalid_grant"));
}

#[test]
fn invalid_grant_from_a_pkce_or_redirect_or_account_problem_is_not_called_a_stale_session() {
    for (description, code, category) in [
        (
            "PKCE verification failed",
            "pkce_verification_failed",
            Category::DeveloperConfig,
        ),
        (
            "code_verifier does not match",
            "pkce_verification_failed",
            Category::DeveloperConfig,
        ),
        (
            "Incorrect redirect_uri",
            "redirect_uri_mismatch",
            Category::DeveloperConfig,
        ),
        ("Account disabled", "account_disabled", Category::UserAction),
        ("inactive user", "account_disabled", Category::UserAction),
        (
            "The authorization code has already been redeemed",
            "code_already_used",
            Category::SessionExpired,
        ),
    ] {
        let raw = format!(
            "error=invalid_grant&error_description={}",
            description.replace(' ', "+")
        );
        let (got, got_category, by, _, identified) = explain(&raw);
        assert_eq!(
            (got.as_str(), got_category, by),
            (code, category, MatchedBy::Phrase),
            "{description}"
        );
        assert_eq!(
            identified.as_deref(),
            Some("invalid_grant"),
            "{description}"
        );
    }
}

#[test]
fn access_denied_is_a_cancellation_only_when_the_text_says_so() {
    let (code, category, ..) = explain("error=access_denied");
    assert_eq!(
        (code.as_str(), category),
        ("access_denied", Category::Unknown)
    );
    let (code, category, _, evidence, _) = explain(
        "error=access_denied&error_description=The+user+has+denied+your+application+access.",
    );
    assert_eq!(
        (code.as_str(), category),
        ("user_declined", Category::UserCancelled)
    );
    assert_eq!(evidence.as_deref(), Some("denied your application access"));
    let (_, category, ..) = explain(
        "error=access_denied&error_description=Service+not+enabled+within+domain%3A+example.com",
    );
    assert_eq!(category, Category::UserAction);
    let (_, category, ..) =
        explain("error=access_denied&error_description=Please+verify+your+email+before+continuing");
    assert_eq!(category, Category::UserAction);
}

#[test]
fn a_cancel_subcode_is_evidence_of_a_cancellation() {
    let (code, category, by, evidence, _) = explain("error=access_denied&error_subcode=cancel");
    assert_eq!(
        (code.as_str(), category, by),
        (
            "user_declined",
            Category::UserCancelled,
            MatchedBy::SideParameter
        )
    );
    assert_eq!(evidence.as_deref(), Some("cancel"));
}

#[test]
fn an_unknown_code_inside_the_exchange_wrapper_is_named_not_blamed_on_the_platform() {
    let catalog = Catalog::built_in().unwrap();
    let d = diagnose(
        &CallbackQuery::parse(
            b"error=failed_to_exchange_token&error_description=error+%3D+tenant_locked%2C+description+%3D+Tenant+is+locked",
        ),
        &catalog,
    );
    assert_eq!(d.code, "tenant_locked");
    assert!(!d.recognised);
    assert_eq!(d.category(), Category::Unknown);
    assert_eq!(d.entry.fixable_by, FixableBy::Depends);
}

#[test]
fn bare_failed_to_exchange_token_keeps_its_own_entry() {
    let (code, _, by) = diagnose_raw("error=failed_to_exchange_token");
    assert_eq!(
        (code.as_str(), by),
        ("failed_to_exchange_token", MatchedBy::Error)
    );
}

#[test]
fn aadsts54005_is_a_code_the_platform_redeemed_twice() {
    let catalog = Catalog::built_in().unwrap();
    let d = diagnose(
        &CallbackQuery::parse(
            b"error=invalid_grant&error_description=AADSTS54005%3A+OAuth2+Authorization+code+was+already+redeemed",
        ),
        &catalog,
    );
    assert_eq!(
        (d.code.as_str(), d.entry.fixable_by),
        ("AADSTS54005", FixableBy::Platform)
    );
    assert_eq!(d.matched_by, MatchedBy::EmbeddedCode);
}

#[test]
fn hubspot_missing_scopes_for_the_account_is_the_subscription_not_the_developer() {
    let (code, category, ..) = explain(
        "error=access_denied&error_description=This+account+doesn%27t+have+access+to+the+scopes+requested+by+this+app",
    );
    assert_eq!(
        (code.as_str(), category),
        ("hubspot_integration_permissions", Category::UserAction)
    );
}

#[test]
fn unauthorized_from_anyone_is_neutral_and_from_hubspot_is_hubspots() {
    let catalog = Catalog::built_in().unwrap();
    let d = diagnose(&CallbackQuery::parse(b"error=unauthorized"), &catalog);
    assert_eq!(
        (d.code.as_str(), d.category()),
        ("unauthorized", Category::Unknown)
    );
    assert_eq!(d.entry.family, "standards");
    assert!(d.provider.is_none());
    let d = diagnose(
        &CallbackQuery::parse(b"error=unauthorized&connection_name=hubspot-crm"),
        &catalog,
    );
    assert_eq!(d.code, "hubspot_unauthorized");
    let provider = d.provider.unwrap();
    assert_eq!(
        (provider.name.as_str(), provider.signal),
        ("HubSpot", ProviderSignal::ConnectionName)
    );
    assert_eq!(d.identified_code.as_deref(), Some("unauthorized"));
}

#[test]
fn no_generic_code_claims_a_cause_without_evidence() {
    let catalog = Catalog::built_in().unwrap();
    for code in [
        "invalid_grant",
        "access_denied",
        "unauthorized",
        "invalid_request",
        "server_error",
        "temporarily_unavailable",
        "interaction_required",
    ] {
        let d = diagnose(
            &CallbackQuery::parse(format!("error={code}").as_bytes()),
            &catalog,
        );
        assert_eq!(d.category(), Category::Unknown, "{code}");
        assert!(d.entry.generic, "{code}");
    }
}

#[test]
fn unknown_code_is_named_honestly() {
    let catalog = Catalog::built_in().unwrap();
    let d = diagnose(
        &CallbackQuery::parse(b"error=flux_capacitor_jammed"),
        &catalog,
    );
    assert_eq!(d.code, "flux_capacitor_jammed");
    assert_eq!(d.category(), Category::Unknown);
    assert!(!d.recognised);
    assert_eq!(d.identified_code.as_deref(), Some("flux_capacitor_jammed"));
}

#[test]
fn missing_error_is_unknown_and_says_so() {
    let catalog = Catalog::built_in().unwrap();
    let d = diagnose(&CallbackQuery::parse(b"foo=bar"), &catalog);
    assert_eq!(
        (d.code.as_str(), d.category()),
        ("(none)", Category::Unknown)
    );
}

#[test]
fn side_parameter_beats_the_outer_code() {
    let (code, _, by) = diagnose_raw("error=server_error&error_reason=invalid_state");
    assert_eq!(
        (code.as_str(), by),
        ("invalid_state", MatchedBy::SideParameter)
    );
}

#[test]
fn secrets_in_the_description_are_redacted_in_the_diagnosis() {
    let catalog = Catalog::built_in().unwrap();
    let d = diagnose(
        &CallbackQuery::parse(
            b"error=invalid_grant&error_description=bad+code%3DSplxlOBeZQQYbYS6WxSbIA123",
        ),
        &catalog,
    );
    assert_eq!(d.description.as_deref(), Some("bad code=[redacted]"));
}
