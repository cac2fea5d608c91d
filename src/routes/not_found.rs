use actix_web::{HttpResponse, http::StatusCode};

use super::callback_error::message_page;
use super::locale::RequestLocale;
use crate::state::{AppState, State};

pub async fn not_found(state: State, locale: RequestLocale) -> HttpResponse {
    not_found_page(&state, locale)
}

pub fn not_found_page(state: &AppState, locale: RequestLocale) -> HttpResponse {
    let text = &state.translations.page(locale.0).page;
    message_page(
        state,
        locale,
        StatusCode::NOT_FOUND,
        &text.not_found_title,
        &text.not_found_body,
    )
}
