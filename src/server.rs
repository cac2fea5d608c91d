//! The HTTP/1 listener: actix-web's app on actix-http, with every connection wrapped in
//! `connection::Backpressured` and the `[limits]` applied. `HttpServer` cannot wrap the
//! stream, so this assembles the same parts it does.

use std::fmt;
use std::net::TcpListener;

use actix_http::body::MessageBody;
use actix_http::{HttpService, Request, Response};
use actix_server::Server;
use actix_service::{
    IntoServiceFactory, ServiceFactory, ServiceFactoryExt, fn_service, map_config,
};
use actix_web::Error;
use actix_web::dev::AppConfig;
use tokio::net::TcpStream;

use crate::config::ConnectionLimits;
use crate::connection::Backpressured;

/// What `serve` needs besides the app.
pub struct Listener {
    pub name: &'static str,
    pub listener: TcpListener,
    pub workers: usize,
    pub shutdown_timeout_secs: u64,
    pub limits: ConnectionLimits,
    /// Whether SIGINT/SIGTERM stop this server; a signal stops the whole actix system,
    /// so only one server may own them.
    pub signals: bool,
}

/// Starts serving `app` on the listener; the returned server runs when awaited.
pub fn serve<F, I, S, B>(listen: Listener, app: F) -> std::io::Result<Server>
where
    F: Fn() -> I + Send + Clone + 'static,
    I: IntoServiceFactory<S, Request>,
    S: ServiceFactory<Request, Config = AppConfig> + 'static,
    S::Error: Into<Error> + 'static,
    S::InitError: fmt::Debug,
    S::Response: Into<Response<B>> + 'static,
    S::Service: 'static,
    B: MessageBody + 'static,
{
    let Listener {
        name,
        listener,
        workers,
        shutdown_timeout_secs,
        limits,
        signals,
    } = listen;
    let mut builder = actix_server::ServerBuilder::default();
    if !signals {
        builder = builder.disable_signals();
    }
    let shutdown = builder.graceful_shutdown_signal();
    // actix counts connections per worker; the setting is the total.
    let per_worker = limits.max_connections.div_ceil(workers).max(1);
    let builder = builder
        .workers(workers)
        .max_concurrent_connections(per_worker)
        .shutdown_timeout(shutdown_timeout_secs);
    let addr = listener.local_addr()?;
    let builder = builder.listen(name, listener, move || {
        let shutdown = shutdown.clone();
        let app = app()
            .into_factory()
            .map_err(|err| err.into().error_response());
        let http = HttpService::build()
            .graceful_shutdown_signal(move || {
                let shutdown = shutdown.clone();
                async move { shutdown.notified().await }
            })
            .client_request_timeout(limits.request_timeout)
            .client_disconnect_timeout(limits.disconnect_timeout)
            .local_addr(addr)
            .h1(map_config(app, |_| AppConfig::default()));
        fn_service(|io: TcpStream| {
            // As actix-http's own TCP service does: an answer goes out without waiting.
            let _ = io.set_nodelay(true);
            let peer = io.peer_addr().ok();
            std::future::ready(Ok::<_, actix_http::error::DispatchError>((
                Backpressured::new(io),
                peer,
            )))
        })
        .and_then(http)
    })?;
    Ok(builder.run())
}
