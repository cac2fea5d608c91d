//! Log lines leave the request path: the logger formats a line and offers it to a bounded
//! queue; one thread writes the queue to stderr. When that thread falls behind (a slow
//! terminal, a stalled pipe), lines are dropped and counted, never queued without bound.

use std::io::{self, Write};
use std::sync::LazyLock;
use std::sync::mpsc::{self, Receiver, SyncSender, TryRecvError, TrySendError};
use std::time::Duration;

use prometheus_client::metrics::counter::Counter;

/// Lines the queue holds before new ones are dropped: about half a megabyte of access log.
pub const QUEUE_LINES: usize = 2048;

/// Lines dropped because the writer fell behind; `/metrics` shows it.
pub static DROPPED_LINES: LazyLock<Counter> = LazyLock::new(Counter::default);

enum Message {
    Line(Vec<u8>),
    /// Answered once every line queued before it is written.
    Flush(SyncSender<()>),
}

/// The queue's sending end; lives inside env_logger as its pipe target.
pub struct QueueWriter {
    queue: SyncSender<Message>,
}

/// Lets the process wait for the queue to be written before it exits.
#[derive(Clone)]
pub struct Drain(SyncSender<Message>);

impl QueueWriter {
    /// Starts the writer thread for `out`; the returned writer never blocks.
    pub fn start(out: impl Write + Send + 'static) -> (Self, Drain) {
        let (queue, lines) = mpsc::sync_channel(QUEUE_LINES);
        std::thread::Builder::new()
            .name("log-writer".into())
            .spawn(move || write_lines(lines, out))
            .expect("the log writer thread starts");
        (
            Self {
                queue: queue.clone(),
            },
            Drain(queue),
        )
    }
}

impl Write for QueueWriter {
    /// env_logger hands over one whole formatted record per call.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.queue.try_send(Message::Line(buf.to_vec())) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                DROPPED_LINES.inc();
            }
            // The writer is gone (stderr closed): nothing can be written anyway.
            Err(TrySendError::Disconnected(_)) => {}
        }
        Ok(buf.len())
    }

    /// Called after every record; the writer thread flushes when the queue runs empty.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drain {
    /// Waits (up to `timeout`) until every line queued so far is written; used at exit.
    pub fn wait(&self, timeout: Duration) {
        let (done, written) = mpsc::sync_channel(1);
        if self.0.try_send(Message::Flush(done)).is_ok() {
            let _ = written.recv_timeout(timeout);
        }
    }
}

/// How long the writer lets lines gather after a busy batch. Waking the writer for every
/// line cost a context switch per request (about a sixth of the CPU under load); while
/// lines keep coming it sleeps this long and writes what gathered in one go.
const GATHER: Duration = Duration::from_millis(2);

/// Writes the queue in batches, flushing after each: a quiet server's line appears at
/// once (the writer waits in `recv`), a busy one's within a few milliseconds.
fn write_lines(lines: Receiver<Message>, out: impl Write) {
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let mut next = lines.recv().ok();
    while let Some(first) = next {
        let mut message = Some(first);
        let mut batch = 0usize;
        while let Some(m) = message {
            match m {
                Message::Line(line) => {
                    let _ = out.write_all(&line);
                }
                Message::Flush(done) => {
                    let _ = out.flush();
                    let _ = done.send(());
                }
            }
            batch += 1;
            message = lines.try_recv().ok();
        }
        let _ = out.flush();
        next = if batch > 1 {
            std::thread::sleep(GATHER);
            match lines.try_recv() {
                Ok(m) => Some(m),
                Err(TryRecvError::Empty) => lines.recv().ok(),
                Err(TryRecvError::Disconnected) => None,
            }
        } else {
            lines.recv().ok()
        };
    }
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_arrive_whole_and_in_order() {
        let out = Shared::default();
        let (mut writer, drain) = QueueWriter::start(out.clone());
        for n in 0..100 {
            writer.write_all(format!("line {n}\n").as_bytes()).unwrap();
        }
        drain.wait(Duration::from_secs(5));
        let written = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let expected: String = (0..100).map(|n| format!("line {n}\n")).collect();
        assert_eq!(written, expected);
    }

    /// A writer stuck on a full pipe: requests go on, and the lines past the queue's
    /// capacity are counted as dropped.
    #[test]
    fn a_stalled_writer_drops_and_counts_instead_of_blocking() {
        struct Stalled(Arc<Mutex<()>>);
        impl Write for Stalled {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                drop(self.0.lock().unwrap());
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                drop(self.0.lock().unwrap());
                Ok(())
            }
        }
        let gate = Arc::new(Mutex::new(()));
        let held = gate.lock().unwrap();
        let (mut writer, _) = QueueWriter::start(Stalled(gate.clone()));
        let before = DROPPED_LINES.get();
        // The thread buffers 64 KiB (about 650 of these) before it blocks.
        let line = [b'x'; 100];
        for _ in 0..2 * QUEUE_LINES {
            writer.write_all(&line).unwrap();
        }
        assert!(DROPPED_LINES.get() - before >= (QUEUE_LINES / 2) as u64);
        drop(held);
    }
}
