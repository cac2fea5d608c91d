use actix_web::{HttpResponse, http::StatusCode};

use super::callback_error::message_page;
use crate::i18n::Texts;

pub async fn not_found() -> HttpResponse {
    not_found_page()
}

pub fn not_found_page() -> HttpResponse {
    let text = &Texts::english().page;
    message_page(
        StatusCode::NOT_FOUND,
        &text.not_found_title,
        &text.not_found_body,
    )
}
