//! A TCP stream that stops reading while its answers are not yet written.
//!
//! actix-http's HTTP/1 dispatcher keeps reading pipelined requests and encoding their
//! responses into its write buffer while the socket refuses writes, so a client that
//! pipelines without reading grows the server without bound (README, Connection limits).
//! Wrapped in this, a connection reads a turn's worth of requests (a few request heads,
//! at most a budget of bytes), and reads again only once every byte written so far has
//! been handed to the kernel. What one connection can pile up is then the answers to a
//! few requests. Bytes read past a turn's last head wait here for the next turn.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Request bytes read per turn: the longest request head the page accepts arrives in
/// one turn, so it is parsed once.
pub const READ_BUDGET: usize = 8 * 1024;
/// Request heads let through per turn: all a pipelining client gets answered at once.
pub const HEADS_PER_TURN: usize = 4;

#[derive(Debug)]
pub struct Backpressured<T> {
    io: T,
    /// Written bytes the dispatcher has not yet flushed: reads wait for the flush.
    output_pending: bool,
    /// A read was refused while output was pending; the flush must wake the task.
    read_refused: bool,
    read_this_turn: usize,
    yielded: bool,
    /// Read from the socket after the turn's last head; handed over next turn.
    held: Vec<u8>,
    heads: Heads,
}

impl<T> Backpressured<T> {
    pub fn new(io: T) -> Self {
        Self {
            io,
            output_pending: false,
            read_refused: false,
            read_this_turn: 0,
            yielded: false,
            held: Vec::new(),
            heads: Heads::default(),
        }
    }

    pub fn get_ref(&self) -> &T {
        &self.io
    }
}

/// Counts the request heads handed over this turn. A head ends at an empty line,
/// `\r\n\r\n` or `\n\n` as httparse accepts; a blank line inside a body counts
/// too, which only ends a turn early.
#[derive(Debug, Default)]
struct Heads {
    /// 0: inside a line; 1: just after a line feed; 2: after a line feed and a return.
    /// Line feeds are found with memchr: a long head is not looked at byte by byte.
    state: u8,
    this_turn: usize,
}

impl Heads {
    fn turn_is_full(&self) -> bool {
        self.this_turn >= HEADS_PER_TURN
    }

    /// How much of `bytes`, about to be handed over, this turn takes: up to and
    /// including the end of its last allowed head.
    fn take(&mut self, bytes: &[u8]) -> usize {
        let mut from = 0;
        for at in memchr::memchr_iter(b'\n', bytes) {
            let line = &bytes[from..at];
            let blank = match self.state {
                1 => line.is_empty() || line == b"\r",
                2 => line.is_empty(),
                _ => false,
            };
            // A line feed opens a new line, unless it closed a head.
            self.state = if blank { 0 } else { 1 };
            from = at + 1;
            if blank {
                self.this_turn += 1;
                if self.turn_is_full() {
                    return from;
                }
            }
        }
        self.state = match (self.state, &bytes[from..]) {
            (state, []) => state,
            (1, b"\r") => 2,
            _ => 0,
        };
        bytes.len()
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Backpressured<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.output_pending {
            // The pending write registered the task's waker; the flush wakes it again.
            this.read_refused = true;
            return Poll::Pending;
        }
        if this.yielded {
            this.yielded = false;
            this.read_this_turn = 0;
            this.heads.this_turn = 0;
        }
        let allowed = READ_BUDGET.saturating_sub(this.read_this_turn);
        if allowed == 0 || this.heads.turn_is_full() {
            // Let the dispatcher answer what it has before it reads on.
            this.yielded = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let start = buf.filled().len();
        if !this.held.is_empty() {
            let offer = allowed.min(buf.remaining()).min(this.held.len());
            let taken = this.heads.take(&this.held[..offer]);
            buf.put_slice(&this.held[..taken]);
            this.held.drain(..taken);
            this.read_this_turn += taken;
            return Poll::Ready(Ok(()));
        }
        let mut limited = buf.take(allowed);
        match Pin::new(&mut this.io).poll_read(cx, &mut limited) {
            Poll::Ready(Ok(())) => {
                let read = limited.filled().len();
                // SAFETY: `limited` shares `buf`'s unfilled memory, and the inner reader
                // initialised and filled its first `read` bytes.
                unsafe { buf.assume_init(read) };
                buf.advance(read);
                let taken = this.heads.take(&buf.filled()[start..]);
                this.held.extend_from_slice(&buf.filled()[start + taken..]);
                buf.set_filled(start + taken);
                this.read_this_turn += taken;
                Poll::Ready(Ok(()))
            }
            other => other,
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Backpressured<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if !buf.is_empty() {
            this.output_pending = true;
        }
        Pin::new(&mut this.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if bufs.iter().any(|b| !b.is_empty()) {
            this.output_pending = true;
        }
        Pin::new(&mut this.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    /// The dispatcher flushes only after the kernel took its whole write buffer.
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let flushed = Pin::new(&mut this.io).poll_flush(cx);
        if let Poll::Ready(Ok(())) = flushed {
            this.output_pending = false;
            this.read_this_turn = 0;
            this.heads.this_turn = 0;
            if std::mem::take(&mut this.read_refused) {
                cx.waker().wake_by_ref();
            }
        }
        flushed
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::{Wake, Waker};
    use tokio::io::{AsyncReadExt, AsyncWriteExt, duplex};

    #[derive(Default)]
    struct Wakes(AtomicUsize);

    impl Wake for Wakes {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn counting_context() -> (Arc<Wakes>, Waker) {
        let wakes = Arc::new(Wakes::default());
        (wakes.clone(), Waker::from(wakes))
    }

    #[tokio::test]
    async fn reads_are_cut_to_the_budget() {
        let (mut client, server) = duplex(64 * 1024);
        client.write_all(&[b'x'; 2 * READ_BUDGET]).await.unwrap();
        let mut server = Backpressured::new(server);
        let mut buf = vec![0u8; 2 * READ_BUDGET];
        let n = server.read(&mut buf).await.unwrap();
        assert_eq!(n, READ_BUDGET);
    }

    /// The head ends found a line feed at a time are those a byte-at-a-time reading
    /// finds, however the bytes are split across reads.
    #[test]
    fn head_ends_are_found_across_any_split() {
        fn byte_at_a_time(bytes: &[u8]) -> Vec<usize> {
            let mut state = 0;
            let mut ends = Vec::new();
            for (at, &byte) in bytes.iter().enumerate() {
                (state, ends) = match (state, byte) {
                    (1 | 2, b'\n') => (0, [ends, vec![at + 1]].concat()),
                    (_, b'\n') => (1, ends),
                    (1, b'\r') => (2, ends),
                    _ => (0, ends),
                };
            }
            ends
        }
        let texts: [&[u8]; 6] = [
            b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /a HTTP/1.1\n\nx\r\n\r\r\n\n",
            b"\r\n\r\n\r\n\n\n\n",
            b"\n\r\r\n\r\n",
            b"a\r\n\r\nb\n\r\nc\r\r\n\r\n",
            b"no line feed at all",
            b"",
        ];
        for text in texts {
            for split in 0..=text.len() {
                let mut heads = Heads::default();
                let mut ends = Vec::new();
                let mut offset = 0;
                for part in [&text[..split], &text[split..]] {
                    let mut rest = part;
                    while !rest.is_empty() {
                        // One head short of a full turn: the next end cuts the bytes.
                        heads.this_turn = HEADS_PER_TURN - 1;
                        let taken = heads.take(rest);
                        offset += taken;
                        if heads.turn_is_full() {
                            ends.push(offset);
                        }
                        rest = &rest[taken..];
                    }
                }
                assert_eq!(ends, byte_at_a_time(text), "{text:?} split at {split}");
            }
        }
    }

    /// A long request head arrives whole in one read, so it is parsed once.
    #[tokio::test]
    async fn a_long_request_head_is_read_in_one_turn() {
        let (mut client, server) = duplex(64 * 1024);
        let head = format!("GET /e?{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(4000));
        client.write_all(head.as_bytes()).await.unwrap();
        let mut server = Backpressured::new(server);
        let mut buf = vec![0u8; 16 * 1024];
        assert_eq!(server.read(&mut buf).await.unwrap(), head.len());
    }

    /// Pipelined heads are handed over a few per turn; the rest waits, in order, until
    /// the answers so far are written.
    #[tokio::test]
    async fn pipelined_heads_are_handed_over_a_few_per_turn_and_none_is_lost() {
        let (mut client, server) = duplex(64 * 1024);
        let one = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        let sent = [one, "GET /h HTTP/1.1\n\n"].repeat(10).concat();
        client.write_all(sent.as_bytes()).await.unwrap();
        let mut server = Backpressured::new(server);
        let mut received = Vec::new();
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let mut turn = Vec::new();
            while let Some(read) = server.read(&mut buf).now_or_never() {
                let n = read.unwrap();
                if n == 0 {
                    break;
                }
                turn.extend_from_slice(&buf[..n]);
            }
            if turn.is_empty() {
                break;
            }
            let heads = String::from_utf8_lossy(&turn).matches("GET ").count();
            assert!(heads <= HEADS_PER_TURN, "{heads} heads in one turn");
            received.extend_from_slice(&turn);
            // The dispatcher answers and flushes: a new turn starts.
            server.write_all(b"HTTP/1.1 200 OK\r\n\r\n").await.unwrap();
            server.flush().await.unwrap();
        }
        assert_eq!(String::from_utf8(received).unwrap(), sent);
    }

    #[tokio::test]
    async fn no_read_while_written_bytes_are_unflushed() {
        let (mut client, server) = duplex(64 * 1024);
        client.write_all(b"GET / HTTP/1.1\r\n\r\n").await.unwrap();
        let mut server = Backpressured::new(server);
        server.write_all(b"HTTP/1.1 200 OK\r\n\r\n").await.unwrap();
        let mut buf = [0u8; 64];
        assert!(
            server.read(&mut buf).now_or_never().is_none(),
            "read went ahead of the flush"
        );
        server.flush().await.unwrap();
        let n = server.read(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"GET / HTTP/1.1\r\n\r\n");
    }

    /// Nothing else would wake the dispatcher: its refused read registered no interest.
    #[test]
    fn the_flush_wakes_a_task_whose_read_was_refused() {
        let (wakes, waker) = counting_context();
        let mut cx = Context::from_waker(&waker);
        let (_client, server) = duplex(1024);
        let mut server = Backpressured::new(server);
        let written = Pin::new(&mut server).poll_write(&mut cx, b"HTTP/1.1 200 OK\r\n\r\n");
        assert!(written.is_ready());
        let mut bytes = [0u8; 16];
        let mut buf = ReadBuf::new(&mut bytes);
        assert!(
            Pin::new(&mut server)
                .poll_read(&mut cx, &mut buf)
                .is_pending()
        );
        let before = wakes.0.load(Ordering::SeqCst);
        assert!(Pin::new(&mut server).poll_flush(&mut cx).is_ready());
        assert_eq!(wakes.0.load(Ordering::SeqCst), before + 1);
    }

    /// A body longer than the budget keeps arriving: the pause wakes the task at once.
    #[tokio::test]
    async fn a_spent_budget_pauses_and_wakes_at_once() {
        let (wakes, waker) = counting_context();
        let mut cx = Context::from_waker(&waker);
        let (mut client, server) = duplex(64 * 1024);
        client.write_all(&[b'x'; 2 * READ_BUDGET]).await.unwrap();
        let mut server = Backpressured::new(server);
        let mut bytes = vec![0u8; 4 * READ_BUDGET];
        let mut buf = ReadBuf::new(&mut bytes);
        assert!(
            Pin::new(&mut server)
                .poll_read(&mut cx, &mut buf)
                .is_ready()
        );
        assert_eq!(buf.filled().len(), READ_BUDGET);
        assert!(
            Pin::new(&mut server)
                .poll_read(&mut cx, &mut buf)
                .is_pending()
        );
        assert_eq!(wakes.0.load(Ordering::SeqCst), 1);
        assert!(
            Pin::new(&mut server)
                .poll_read(&mut cx, &mut buf)
                .is_ready()
        );
        assert_eq!(buf.filled().len(), 2 * READ_BUDGET);
    }
}
