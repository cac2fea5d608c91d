use actix_web::{HttpResponse, web};

use crate::metrics::CONTENT_TYPE;
use crate::state::AppState;

/// Prometheus scrape endpoint (OpenMetrics text).
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .body(state.metrics.render())
}
