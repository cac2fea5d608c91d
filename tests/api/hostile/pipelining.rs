//! Clients that pipeline requests and never read the answers. The server must stop
//! reading such a connection instead of buffering answers for it: memory stays bounded,
//! other clients are still served, and the memory is back once they are gone.

use std::time::Duration;

use connect_error_page::status::poller::install_crypto_provider;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpSocket, TcpStream};

use crate::binary::start_binary;

const CONNECTIONS: usize = 50;
/// Each connection offers this much; a server that reads it all answers ~180,000 requests.
const OFFERED_BYTES: usize = 6 * 1024 * 1024;
/// A write that makes no progress for this long means the server stopped reading.
const STALL: Duration = Duration::from_millis(500);
const MIB: u64 = 1024 * 1024;

fn rss_bytes(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

/// A connection with a small receive window, so the server's answers back up quickly.
async fn silent_reader(address: &str) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket.connect(address.parse().unwrap()).await.unwrap()
}

/// Pipelines `GET /healthz` until the server stops taking them; returns the bytes sent.
async fn pipeline_without_reading(mut stream: TcpStream) -> (TcpStream, usize) {
    let chunk = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".repeat(256);
    let mut sent = 0;
    while sent < OFFERED_BYTES {
        match tokio::time::timeout(STALL, stream.write_all(&chunk)).await {
            Ok(Ok(())) => sent += chunk.len(),
            Ok(Err(_)) | Err(_) => break,
        }
    }
    (stream, sent)
}

async fn healthz(address: &str) -> u16 {
    install_crypto_provider();
    let response = reqwest::Client::new()
        .get(format!("{address}/healthz"))
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .expect("/healthz answers while pipelining clients hold connections");
    response.status().as_u16()
}

#[tokio::test]
async fn pipelining_clients_that_never_read_cannot_grow_the_server() {
    let server = start_binary(&[("RUST_LOG", "warn,connect_error_page=info")]).await;
    let pid = server.pid();
    let socket_address = server.address.trim_start_matches("http://").to_owned();
    assert_eq!(healthz(&server.address).await, 200);
    let baseline = rss_bytes(pid);

    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let stream = silent_reader(&socket_address).await;
        tasks.push(tokio::spawn(pipeline_without_reading(stream)));
    }
    let mut streams = Vec::new();
    let mut offered = 0;
    for task in tasks {
        let (stream, sent) = task.await.unwrap();
        offered += sent;
        streams.push(stream);
    }
    let loaded = rss_bytes(pid);
    let growth = loaded.saturating_sub(baseline);
    eprintln!(
        "{CONNECTIONS} pipelining connections, {} MiB offered: RSS {} -> {} MiB",
        offered as u64 / MIB,
        baseline / MIB,
        loaded / MIB
    );
    assert!(
        growth < 20 * MIB,
        "RSS grew by {} MiB for {CONNECTIONS} connections",
        growth / MIB
    );
    assert_eq!(healthz(&server.address).await, 200);

    drop(streams);
    let mut after = rss_bytes(pid);
    for _ in 0..50 {
        if after < baseline + 16 * MIB {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        after = rss_bytes(pid);
    }
    assert_eq!(healthz(&server.address).await, 200);
    assert!(
        after < baseline + 16 * MIB,
        "RSS stayed at {} MiB after the clients left (baseline {} MiB)",
        after / MIB,
        baseline / MIB
    );
    server.stop().await;
}
