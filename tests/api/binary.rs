//! The real binary as a subprocess: its stderr is the log, SIGTERM is how it stops.

use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::task::JoinHandle;

pub struct RunningBinary {
    child: Child,
    pub address: String,
    log: Arc<Mutex<Vec<String>>>,
    reader: JoinHandle<()>,
}

/// Starts `connect-error-page --listen 127.0.0.1:0` with `env` and reads the bound
/// port from its "listening on http://…" log line.
pub async fn start_binary(env: &[(&str, &str)]) -> RunningBinary {
    start_binary_with(&[], env).await
}

/// `start_binary` with more arguments, e.g. `--config FILE`.
pub async fn start_binary_with(args: &[&str], env: &[(&str, &str)]) -> RunningBinary {
    // Callers speak to it with reqwest, which needs a rustls provider in this process.
    connect_error_page::status::poller::install_crypto_provider();
    let mut command = Command::new(env!("CARGO_BIN_EXE_connect-error-page"));
    command
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env_remove("LOG_FORMAT")
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (key, _) in std::env::vars() {
        if key.starts_with("CEP_") {
            command.env_remove(key);
        }
    }
    command.envs(env.iter().copied());
    let mut child = command.spawn().expect("the binary starts");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let log = Arc::new(Mutex::new(Vec::new()));
    let address = loop {
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("the binary logs its address")
            .unwrap()
            .expect("the binary is still running");
        log.lock().unwrap().push(line.clone());
        if let Some(rest) = line.split("listening on ").nth(1) {
            let end = rest
                .find(|c: char| c == '"' || c.is_whitespace())
                .unwrap_or(rest.len());
            break rest[..end].to_owned();
        }
    };
    let reader_log = log.clone();
    let reader = tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            reader_log.lock().unwrap().push(line);
        }
    });
    RunningBinary {
        child,
        address,
        log,
        reader,
    }
}

impl RunningBinary {
    /// The server process's id, e.g. to read its memory from `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id().expect("still running")
    }

    pub fn sigterm(&self) {
        self.signal(libc::SIGTERM);
    }

    /// Asks the server to read its configuration again.
    pub fn sighup(&self) {
        self.signal(libc::SIGHUP);
    }

    fn signal(&self, signal: libc::c_int) {
        let pid = self.child.id().expect("still running") as libc::pid_t;
        // SAFETY: kill(2) with a pid we spawned and own; no memory is involved.
        let sent = unsafe { libc::kill(pid, signal) };
        assert_eq!(sent, 0, "signal {signal} delivered");
    }

    /// The log so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Waits (bounded) for a log line containing `needle`, counting only lines after
    /// the first `skip`, and returns it.
    pub async fn wait_for_log(&self, skip: usize, needle: &str) -> String {
        for _ in 0..200 {
            if let Some(line) = self
                .log()
                .into_iter()
                .skip(skip)
                .find(|l| l.contains(needle))
            {
                return line;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("no log line with {needle:?}:\n{}", self.log().join("\n"));
    }

    /// Waits (bounded) for the process to exit, then returns its status and whole log.
    pub async fn exit(mut self) -> (ExitStatus, Vec<String>) {
        let status = tokio::time::timeout(Duration::from_secs(20), self.child.wait())
            .await
            .expect("the binary exits after SIGTERM")
            .unwrap();
        let _ = self.reader.await;
        let log = self.log.lock().unwrap().clone();
        (status, log)
    }

    /// Stops the binary with SIGTERM and returns its whole log.
    pub async fn stop(self) -> Vec<String> {
        self.sigterm();
        let (status, log) = self.exit().await;
        assert!(
            status.success(),
            "exit status {status:?}\n{}",
            log.join("\n")
        );
        log
    }
}
