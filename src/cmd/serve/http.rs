//! The dev server's front door: accepting connections, reading request
//! heads under a deadline, and a fixed pool of workers.
//!
//! tiny_http runs every connection on a thread from a pool that grows
//! without bound, and never times out a request head: 300 slow clients
//! cost 300+ threads, forever. It cannot be bounded from outside (it owns
//! the accept loop), so connections are accepted here instead. One thread
//! (mio) reads every head with a deadline and a size cap, so a silent or
//! dripping client costs a buffer, never a thread; only complete requests
//! reach the workers. tiny_http still parses what it is good at: methods,
//! header lines and reason phrases.
//!
//! It knows nothing of the kit: every complete request goes to the
//! [`Handler`] it was started with.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream as MioStream};
use mio::{Events, Interest, Poll, Token, Waker};
use tiny_http::{Header, Method, StatusCode};

/// A client must finish its request head this soon after connecting.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// A kept-alive connection may wait this long for its next request.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// A client that stops reading its response is dropped after this.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Open connections, waiting or being served; past it the oldest waiting
/// one is dropped, so a flood evicts itself rather than real clients.
const MAX_CONNECTIONS: usize = 1024;
const MAX_HEAD: usize = 16 * 1024;
const WORKERS: usize = 4;
const TICK: Duration = Duration::from_millis(250);
const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);

/// A parsed request head and its connection.
pub struct Request {
    /// `None` for a method tiny_http does not know.
    pub method: Option<Method>,
    pub url: String,
    pub http10: bool,
    headers: Vec<Header>,
    stream: TcpStream,
    /// Bytes after the head (a pipelined next request).
    rest: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &'static str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str())
    }

    fn keep_alive(&self) -> bool {
        let connection = self.header("Connection").unwrap_or("");
        // A body we do not read would be taken for the next request.
        let body = self.header("Content-Length").is_some_and(|l| l != "0")
            || self.header("Transfer-Encoding").is_some();
        !self.http10 && !connection.eq_ignore_ascii_case("close") && !body
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: body.as_bytes().to_vec(),
        }
    }
}

/// What a handler does with a request.
pub enum Action {
    Reply(Reply),
    /// Hand the connection to a long-lived task on its own thread (the
    /// live-reload stream); the handler bounds how many there are.
    Take(Box<dyn FnOnce(TcpStream) + Send>),
}

pub type Handler = Arc<dyn Fn(&Request) -> Action + Send + Sync>;

/// The running front door; `stop` ends it.
pub struct Front {
    waker: Waker,
    stopping: AtomicBool,
    /// Connections handed to workers and not yet back or closed.
    busy: AtomicUsize,
    back: Mutex<mpsc::Sender<(TcpStream, Vec<u8>)>>,
}

impl Front {
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _ = self.waker.wake();
    }

    fn give_back(&self, stream: TcpStream, rest: Vec<u8>) {
        if let Ok(back) = self.back.lock() {
            let _ = back.send((stream, rest));
        }
        let _ = self.waker.wake();
    }
}

type Job = (MioStream, Vec<u8>);

/// Start accepting on `listener`: the reactor thread and the workers.
pub fn start(
    listener: std::net::TcpListener,
    handler: Handler,
) -> io::Result<(Arc<Front>, Vec<JoinHandle<()>>)> {
    listener.set_nonblocking(true)?;
    let poll = Poll::new()?;
    let waker = Waker::new(poll.registry(), WAKER)?;
    let (back_tx, back_rx) = mpsc::channel();
    let front = Arc::new(Front {
        waker,
        stopping: AtomicBool::new(false),
        busy: AtomicUsize::new(0),
        back: Mutex::new(back_tx),
    });
    let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
    let jobs_rx = Arc::new(Mutex::new(jobs_rx));
    let mut threads: Vec<JoinHandle<()>> = (0..WORKERS)
        .map(|_| {
            let (jobs, front, handler) = (
                Arc::clone(&jobs_rx),
                Arc::clone(&front),
                Arc::clone(&handler),
            );
            std::thread::spawn(move || worker(&jobs, &front, &handler))
        })
        .collect();
    let reactor = Reactor {
        poll,
        listener: TcpListener::from_std(listener),
        waiting: HashMap::new(),
        next: 2,
        jobs: jobs_tx,
        front: Arc::clone(&front),
    };
    threads.push(std::thread::spawn(move || reactor.run(&back_rx)));
    Ok((front, threads))
}

/// A connection whose request head is not complete yet.
struct Waiting {
    stream: MioStream,
    head: Vec<u8>,
    deadline: Instant,
}

struct Reactor {
    poll: Poll,
    listener: TcpListener,
    waiting: HashMap<Token, Waiting>,
    next: usize,
    jobs: mpsc::Sender<Job>,
    front: Arc<Front>,
}

impl Reactor {
    fn run(mut self, back: &mpsc::Receiver<(TcpStream, Vec<u8>)>) {
        let mut events = Events::with_capacity(256);
        if self
            .poll
            .registry()
            .register(&mut self.listener, LISTENER, Interest::READABLE)
            .is_err()
        {
            return;
        }
        while !self.front.stopping.load(Ordering::SeqCst) {
            if let Err(e) = self.poll.poll(&mut events, Some(TICK))
                && e.kind() != io::ErrorKind::Interrupted
            {
                return;
            }
            for token in events.iter().map(|e| e.token()) {
                if token.0 > WAKER.0 {
                    self.read(token);
                }
            }
            while let Ok((stream, rest)) = back.try_recv() {
                self.front.busy.fetch_sub(1, Ordering::SeqCst);
                self.add(MioStream::from_std(stream), rest, IDLE_TIMEOUT);
            }
            // Every tick, not only on an event: a full file table leaves
            // connections in the backlog without a new readiness edge.
            self.accept();
            let now = Instant::now();
            self.waiting.retain(|_, w| w.deadline > now);
        }
    }

    fn accept(&mut self) {
        while let Ok((stream, _)) = self.listener.accept() {
            let open = self.waiting.len() + self.front.busy.load(Ordering::SeqCst);
            if open >= MAX_CONNECTIONS && !self.evict_oldest() {
                continue; // all busy: refuse this one by dropping it
            }
            self.add(stream, Vec::new(), HEADER_TIMEOUT);
        }
    }

    fn evict_oldest(&mut self) -> bool {
        let oldest = self.waiting.iter().min_by_key(|(_, w)| w.deadline);
        match oldest.map(|(t, _)| *t) {
            Some(token) => self.waiting.remove(&token).is_some(),
            None => false,
        }
    }

    fn add(&mut self, mut stream: MioStream, head: Vec<u8>, wait: Duration) {
        let token = Token(self.next);
        self.next += 1;
        if self
            .poll
            .registry()
            .register(&mut stream, token, Interest::READABLE)
            .is_err()
        {
            return;
        }
        let deadline = Instant::now() + wait;
        self.waiting.insert(
            token,
            Waiting {
                stream,
                head,
                deadline,
            },
        );
        // A pipelined request may already be complete.
        self.check(token);
    }

    /// Read what has arrived (edge-triggered: until it would block).
    fn read(&mut self, token: Token) {
        let Some(w) = self.waiting.get_mut(&token) else {
            return;
        };
        let mut chunk = [0u8; 4096];
        loop {
            match w.stream.read(&mut chunk) {
                Ok(0) => {
                    self.waiting.remove(&token);
                    return;
                }
                Ok(n) => w.head.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => {
                    self.waiting.remove(&token);
                    return;
                }
            }
            if w.head.len() > MAX_HEAD {
                break;
            }
        }
        self.check(token);
    }

    /// Pass a complete head to the workers; drop one that grew too big.
    fn check(&mut self, token: Token) {
        let Some(w) = self.waiting.get(&token) else {
            return;
        };
        let complete = head_end(&w.head).is_some();
        if !complete && w.head.len() <= MAX_HEAD {
            return;
        }
        let Some(mut w) = self.waiting.remove(&token) else {
            return;
        };
        let _ = self.poll.registry().deregister(&mut w.stream);
        if complete {
            self.front.busy.fetch_add(1, Ordering::SeqCst);
            let _ = self.jobs.send((w.stream, w.head));
        }
    }
}

fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n")
}

fn worker(jobs: &Mutex<mpsc::Receiver<Job>>, front: &Front, handler: &Handler) {
    loop {
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok((stream, head)) = job else {
            return; // the reactor stopped
        };
        serve_one(TcpStream::from(stream), &head, front, handler);
    }
}

fn serve_one(stream: TcpStream, head: &[u8], front: &Front, handler: &Handler) {
    let settled = stream.set_nonblocking(false).is_ok()
        && stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_ok();
    let request = match parse(stream, head) {
        Some(r) if settled => r,
        Some(mut r) => {
            front.busy.fetch_sub(1, Ordering::SeqCst);
            let _ = write_reply(&mut r.stream, &Reply::text(500, "socket"), false, false);
            return;
        }
        None => {
            front.busy.fetch_sub(1, Ordering::SeqCst);
            return;
        }
    };
    match handler(&request) {
        Action::Take(task) => {
            front.busy.fetch_sub(1, Ordering::SeqCst);
            let stream = request.stream;
            std::thread::spawn(move || task(stream));
        }
        Action::Reply(reply) => finish(request, &reply, front),
    }
}

fn finish(mut request: Request, reply: &Reply, front: &Front) {
    let keep = request.keep_alive() && reply.status < 400;
    let head_only = request.method == Some(Method::Head);
    let written = write_reply(&mut request.stream, reply, keep, head_only).is_ok();
    if written && keep {
        front.give_back(request.stream, request.rest);
    } else {
        front.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Parse a request head; a malformed one is answered 400 here.
fn parse(mut stream: TcpStream, buf: &[u8]) -> Option<Request> {
    let end = head_end(buf)?;
    let parsed = std::str::from_utf8(&buf[..end]).ok().and_then(|head| {
        let mut lines = head.trim_start_matches("\r\n").split("\r\n");
        let mut parts = lines.next()?.split(' ');
        let (method, url, version) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || !version.starts_with("HTTP/1.") {
            return None;
        }
        let headers: Option<Vec<Header>> = lines.map(|l| l.parse().ok()).collect();
        Some((
            method.parse().ok(),
            url.to_string(),
            version == "HTTP/1.0",
            headers?,
        ))
    });
    let Some((method, url, http10, headers)) = parsed else {
        let _ = write_reply(&mut stream, &Reply::text(400, "bad request"), false, false);
        return None;
    };
    Some(Request {
        method,
        url,
        http10,
        headers,
        stream,
        rest: buf[end + 4..].to_vec(),
    })
}

fn write_reply(out: &mut TcpStream, reply: &Reply, keep: bool, head_only: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: {}\r\n",
        reply.status,
        StatusCode(reply.status).default_reason_phrase(),
        reply.body.len(),
        if keep { "keep-alive" } else { "close" },
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&reply.body);
    }
    out.write_all(&bytes)?;
    out.flush()
}
