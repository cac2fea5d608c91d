//! Every generic code is refined by what its description says: each case is a
//! description seen with that code in public threads or provider documentation, and
//! the page must name the cause the description states, resting on that evidence.

use connect_error_page::diagnosis::{CallbackQuery, Catalog, diagnose};

/// `(query, entry, category, evidence)`: the evidence is the phrase or code that decided.
const REFINEMENTS: &[(&str, &str, &str, &str)] = &[
    // invalid_grant
    (
        "error=invalid_grant&error_description=Code+is+invalid+or+expired.",
        "authorization_code_expired",
        "session_expired",
        "code is invalid or expired",
    ),
    (
        "error=invalid_grant&error_description=PKCE+verification+failed",
        "pkce_verification_failed",
        "developer_config",
        "pkce verification failed",
    ),
    (
        "error=invalid_grant&error_description=Incorrect+redirect_uri",
        "redirect_uri_mismatch",
        "developer_config",
        "incorrect redirect_uri",
    ),
    (
        "error=invalid_grant&error_description=The+authorization+code+has+already+been+used",
        "code_already_used",
        "session_expired",
        "code has already been used",
    ),
    (
        "error=invalid_grant&error_description=Account+disabled",
        "account_disabled",
        "user_action",
        "account disabled",
    ),
    // access_denied
    (
        "error=access_denied&error_description=The+user+denied+the+request",
        "user_declined",
        "user_cancelled",
        "user denied the request",
    ),
    (
        "error=access_denied&error_description=Service+not+enabled+within+domain",
        "blocked_by_organisation",
        "user_action",
        "service not enabled within domain",
    ),
    (
        "error=access_denied&error_description=Please+verify+your+email+before+logging+in",
        "email_not_verified",
        "user_action",
        "verify your email",
    ),
    // unauthorized
    (
        "error=unauthorized&error_description=Invalid+client+secret+is+provided",
        "client_authentication_failed",
        "developer_config",
        "invalid client secret",
    ),
    (
        "error=unauthorized&error_description=Token+has+expired",
        "authorization_code_expired",
        "session_expired",
        "token has expired",
    ),
    // invalid_token (RFC 6750): expired, revoked, malformed or for another audience
    (
        "error=invalid_token&error_description=The+access+token+expired",
        "authorization_code_expired",
        "session_expired",
        "access token expired",
    ),
    // unauthorized_client
    (
        "error=unauthorized_client&error_description=The+client+is+not+authorized+to+use+the+provided+grant+type",
        "unsupported_grant_type",
        "developer_config",
        "not authorized to use the provided grant type",
    ),
    (
        "error=unauthorized_client&error_description=redirect_uri+is+not+registered+for+client%3A+https%3A%2F%2Fapp.example%2Fcb",
        "redirect_uri_mismatch",
        "developer_config",
        "redirect_uri is not registered",
    ),
    // invalid_request
    (
        "error=invalid_request&error_description=Invalid+redirect_uri",
        "redirect_uri_mismatch",
        "developer_config",
        "invalid redirect_uri",
    ),
    (
        "error=invalid_request&error_description=Missing+required+parameter%3A+client_id",
        "malformed_request",
        "developer_config",
        "missing required parameter",
    ),
    // server_error
    (
        "error=server_error&error_description=Error+executing+post+auth+hooks",
        "post_auth_hook_failed",
        "platform_transient",
        "post auth hook",
    ),
    (
        "error=server_error&error_description=The+service+is+temporarily+unavailable",
        "provider_reported_outage",
        "provider_outage",
        "temporarily unavailable",
    ),
    // temporarily_unavailable
    (
        "error=temporarily_unavailable&error_description=authentication_expired",
        "session_expired",
        "session_expired",
        "authentication_expired",
    ),
    (
        "error=temporarily_unavailable&error_description=The+authorization+server+is+currently+unable+to+handle+the+request+due+to+a+temporary+overloading+or+maintenance+of+the+server",
        "provider_reported_outage",
        "provider_outage",
        "temporary overloading",
    ),
    // invalid_client
    (
        "error=invalid_client&error_description=Client+authentication+failed",
        "client_authentication_failed",
        "developer_config",
        "client authentication failed",
    ),
    (
        "error=invalid_client&error_description=AADSTS7000222%3A+The+provided+client+secret+keys+for+app+are+expired.",
        "AADSTS7000222",
        "developer_config",
        "AADSTS7000222",
    ),
    // interaction_required
    (
        "error=interaction_required&error_description=AADSTS50076%3A+Due+to+a+configuration+change+made+by+your+administrator%2C+you+must+use+multi-factor+authentication",
        "AADSTS50076",
        "user_action",
        "AADSTS50076",
    ),
    (
        "error=interaction_required&error_description=Consent+required",
        "consent_required",
        "user_action",
        "consent required",
    ),
];

#[test]
fn each_generic_code_is_refined_by_what_its_description_says() {
    let catalog = Catalog::built_in().unwrap();
    let mut failures = Vec::new();
    for (query, entry, category, evidence) in REFINEMENTS {
        let d = diagnose(&CallbackQuery::parse(query.as_bytes()), &catalog);
        let got_evidence = d.evidence.as_deref().unwrap_or("-");
        if d.entry.code != *entry
            || d.category().as_str() != *category
            || !got_evidence.eq_ignore_ascii_case(evidence)
        {
            failures.push(format!(
                "{query}\n  got {} / {} on `{got_evidence}`, want {entry} / {category} on `{evidence}`",
                d.entry.code,
                d.category()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_generic_code_has_at_least_two_refinements() {
    let catalog = Catalog::built_in().unwrap();
    for code in [
        "invalid_grant",
        "access_denied",
        "unauthorized",
        "unauthorized_client",
        "invalid_request",
        "server_error",
        "temporarily_unavailable",
        "invalid_client",
        "interaction_required",
    ] {
        let refined = REFINEMENTS
            .iter()
            .filter(|(q, ..)| q.starts_with(&format!("error={code}&")))
            .filter(|(_, entry, ..)| *entry != code)
            .count();
        assert!(refined >= 2, "{code} has {refined} refinements");
        // Alone, the code claims no cause it cannot know.
        let d = diagnose(
            &CallbackQuery::parse(format!("error={code}").as_bytes()),
            &catalog,
        );
        assert!(
            !d.category().needs_deciding_evidence(),
            "{code} alone claims {}",
            d.category()
        );
    }
}

/// Descriptions as regional providers write them, in their own language:
/// `(description, category, phrase)`, each from the provider's own error table.
const LOCALISED: &[(&str, &str, &str)] = &[
    // QQ Connect 100020, 100010, 100008; WeChat's OAuth scope page
    ("code被重复使用", "session_expired", "code被重复使用"),
    ("回调地址不合法", "developer_config", "回调地址不合法"),
    ("该appid不存在", "developer_config", "appid不存在"),
    (
        "Scope参数错误或没有Scope权限",
        "developer_config",
        "scope参数错误或没有scope权限",
    ),
    // Yandex OAuth and the Yandex ID SDK
    (
        "Неверный или просроченный код подтверждения",
        "session_expired",
        "неверный или просроченный код подтверждения",
    ),
    (
        "Пользователь отказал приложению в доступе",
        "user_cancelled",
        "пользователь отказал приложению в доступе",
    ),
    (
        "Был передан неверный идентификатор приложения",
        "developer_config",
        "неверный идентификатор приложения",
    ),
    (
        "При регистрации у приложения были указаны неверные скоупы",
        "developer_config",
        "неверные скоупы",
    ),
    // LINE SDK
    (
        "ユーザーがログインを中断したため、ログインに失敗しました",
        "user_cancelled",
        "ユーザーがログインを中断",
    ),
    // Kakao Login (KOE006, KOE101) and the Kakao SDK's causes
    (
        "등록하지 않은 리다이렉트 URI를 사용해 인가 코드를 요청한 경우",
        "developer_config",
        "등록하지 않은 리다이렉트 uri",
    ),
    (
        "잘못된 앱 키 또는 앱 키 타입을 사용한 경우",
        "developer_config",
        "잘못된 앱 키",
    ),
    (
        "사용자가 동의 화면에서 카카오 로그인을 취소한 경우",
        "user_cancelled",
        "로그인을 취소",
    ),
    (
        "잘못된 동의항목 ID를 전달한 경우",
        "developer_config",
        "잘못된 동의항목",
    ),
    (
        "리프레시 토큰이 만료되었거나 존재하지 않는 경우",
        "session_expired",
        "리프레시 토큰이 만료",
    ),
];

#[test]
fn localised_descriptions_refine_a_generic_code_in_their_own_language() {
    let catalog = Catalog::built_in().unwrap();
    let mut failures = Vec::new();
    for (description, category, phrase) in LOCALISED {
        let query = format!(
            "error=invalid_request&error_description={}",
            url_encode(description)
        );
        let d = diagnose(&CallbackQuery::parse(query.as_bytes()), &catalog);
        if d.category().as_str() != *category || d.evidence.as_deref() != Some(*phrase) {
            failures.push(format!(
                "{description}: got {} / {} on {:?}, want {category} on `{phrase}`",
                d.entry.code,
                d.category(),
                d.evidence
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            b => format!("%{b:02X}"),
        })
        .collect()
}
