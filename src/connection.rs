//! A TCP stream that stops reading while its answers are not yet written.
//!
//! actix-http's HTTP/1 dispatcher keeps reading pipelined requests and encoding their
//! responses into its write buffer while the socket refuses writes, so a client that
//! pipelines without reading grows the server without bound (README, Connection limits).
//! Wrapped in this, a connection reads a small budget of request bytes, and reads again
//! only once every byte written so far has been handed to the kernel. What one
//! connection can pile up is then the answers to one budget of requests.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Request bytes read per turn. A browser's request head takes one or two turns; a
/// pipelining client gets at most a few dozen of the smallest requests answered at once.
pub const READ_BUDGET: usize = 512;

#[derive(Debug)]
pub struct Backpressured<T> {
    io: T,
    /// Written bytes the dispatcher has not yet flushed: reads wait for the flush.
    output_pending: bool,
    /// A read was refused while output was pending; the flush must wake the task.
    read_refused: bool,
    read_this_turn: usize,
    yielded: bool,
}

impl<T> Backpressured<T> {
    pub fn new(io: T) -> Self {
        Self {
            io,
            output_pending: false,
            read_refused: false,
            read_this_turn: 0,
            yielded: false,
        }
    }

    pub fn get_ref(&self) -> &T {
        &self.io
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
        }
        let allowed = READ_BUDGET.saturating_sub(this.read_this_turn);
        if allowed == 0 {
            // Let the dispatcher answer what it has before it reads on.
            this.yielded = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let mut chunk = [0u8; READ_BUDGET];
        let limit = allowed.min(buf.remaining());
        let mut limited = ReadBuf::new(&mut chunk[..limit]);
        match Pin::new(&mut this.io).poll_read(cx, &mut limited) {
            Poll::Ready(Ok(())) => {
                let read = limited.filled();
                this.read_this_turn += read.len();
                buf.put_slice(read);
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
        client.write_all(&[b'x'; 4096]).await.unwrap();
        let mut server = Backpressured::new(server);
        let mut buf = vec![0u8; 4096];
        let n = server.read(&mut buf).await.unwrap();
        assert_eq!(n, READ_BUDGET);
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
