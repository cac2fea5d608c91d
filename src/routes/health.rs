use actix_web::HttpResponse;

/// Liveness: the process is up and answering.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok\n")
}
