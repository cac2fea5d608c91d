//! Live status: our own Statuspage and the providers', polled off the request path.
//! Requests read the last good snapshot from memory and never wait on the network.

pub mod board;
pub mod feeds;
pub mod poller;
pub mod providers;
pub mod report;
pub mod summary;

pub use board::{ServiceStatus, StatusBoard};
pub use feeds::Feed;
pub use report::{StatusReport, StatusState};
pub use summary::{StatusSnapshot, parse_summary};
