//! The guard many servers share: Redis (or anything that speaks its
//! protocol and `SET … NX PXAT`), one round trip a use.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Mutex;
use std::time::Duration;

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, ErrorKind, Result};
use crate::time::SigningTime;

use super::resp::{self, Reply};
use super::{ReplayGuard, ReplayKey};

/// A [`ReplayGuard`] in Redis, shared by every replica that points at the
/// same server: a use is `SET awssig:once:<key hex> 1 NX PXAT <expiry>`,
/// so the key is gone from Redis when the URL expires. Connection or
/// protocol trouble is an error (the link is then refused, with 503): the
/// connection is dropped and made again on the next use, so the service
/// resumes by itself when Redis is back. Each operation has `timeout` to
/// connect, write and read (default 1 s).
///
/// ```no_run
/// use awssig::SigningTime;
/// use awssig::verify::replay::{RedisGuard, ReplayGuard, ReplayKey};
/// let guard = RedisGuard::new("127.0.0.1:6379");
/// let until = SigningTime::from_unix(1_700_000_600)?;
/// let first = guard.try_claim(&ReplayKey::of_signature(b"sig"), until, SigningTime::from_unix(1_700_000_000)?)?;
/// # let _ = first;
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Debug)]
pub struct RedisGuard {
    addr: String,
    prefix: String,
    timeout: Duration,
    conn: Mutex<Option<TcpStream>>,
}

impl RedisGuard {
    /// A guard on the Redis server at `addr` (`host:port`), keys under
    /// `awssig:once:`.
    ///
    /// ```
    /// let guard = awssig::verify::replay::RedisGuard::new("127.0.0.1:6379");
    /// # let _ = guard;
    /// ```
    pub fn new(addr: impl Into<String>) -> Self {
        RedisGuard {
            addr: addr.into(),
            prefix: String::from("awssig:once:"),
            timeout: Duration::from_secs(1),
            conn: Mutex::new(None),
        }
    }

    /// Another key prefix (for servers that share one Redis among
    /// services).
    ///
    /// ```
    /// let guard = awssig::verify::replay::RedisGuard::new("127.0.0.1:6379").prefix("photos:once:");
    /// assert_eq!(guard.key_name(&awssig::verify::replay::ReplayKey::of_signature(b"s")).len(), 12 + 64);
    /// ```
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The longest wait to connect, write or read, each (default 1 s).
    ///
    /// ```
    /// use std::time::Duration;
    /// let guard = awssig::verify::replay::RedisGuard::new("127.0.0.1:6379").timeout(Duration::from_millis(250));
    /// # let _ = guard;
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The Redis key a [`ReplayKey`] is stored under.
    ///
    /// ```
    /// use awssig::verify::replay::{RedisGuard, ReplayKey};
    /// let name = RedisGuard::new("127.0.0.1:6379").key_name(&ReplayKey::of_signature(b"s"));
    /// assert!(name.starts_with("awssig:once:"));
    /// ```
    pub fn key_name(&self, key: &ReplayKey) -> String {
        let mut name = self.prefix.clone();
        name.push_str(&key.to_hex());
        name
    }

    fn fail(&self, what: impl core::fmt::Display) -> Error {
        Error::new(
            ErrorKind::Rejected,
            alloc::format!("redis at {}: {what}", self.addr),
        )
    }

    fn connect(&self) -> Result<TcpStream> {
        let addrs = self
            .addr
            .to_socket_addrs()
            .map_err(|e| self.fail(alloc::format!("cannot resolve: {e}")))?;
        let mut last = None;
        for a in addrs {
            match TcpStream::connect_timeout(&a, self.timeout) {
                Ok(s) => {
                    s.set_read_timeout(Some(self.timeout))
                        .and_then(|()| s.set_write_timeout(Some(self.timeout)))
                        .and_then(|()| s.set_nodelay(true))
                        .map_err(|e| self.fail(e))?;
                    return Ok(s);
                }
                Err(e) => last = Some(e),
            }
        }
        Err(self.fail(match last {
            Some(e) => alloc::format!("cannot connect: {e}"),
            None => String::from("no address"),
        }))
    }

    /// Sends `command` and reads one reply, on the kept connection or a
    /// new one; any trouble drops the connection.
    fn round_trip(&self, command: &[u8]) -> Result<Reply> {
        let mut slot = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let mut stream = match slot.take() {
            Some(s) => s,
            None => self.connect()?,
        };
        stream.write_all(command).map_err(|e| self.fail(e))?;
        let mut buf: Vec<u8> = Vec::with_capacity(64);
        let mut chunk = [0u8; 512];
        loop {
            match resp::parse_reply(&buf).map_err(|e| self.fail(e))? {
                Some((reply, used)) if used == buf.len() => {
                    *slot = Some(stream);
                    return Ok(reply);
                }
                Some(_) => return Err(self.fail("more than one reply to one command")),
                None => {}
            }
            let n = stream.read(&mut chunk).map_err(|e| self.fail(e))?;
            if n == 0 {
                return Err(self.fail("closed the connection"));
            }
            buf.extend_from_slice(&chunk[..n]);
        }
    }
}

impl ReplayGuard for RedisGuard {
    fn try_claim(&self, key: &ReplayKey, until: SigningTime, _now: SigningTime) -> Result<bool> {
        // Kept through the URL's last valid second.
        let until_ms = until.unix().saturating_add(1).saturating_mul(1000);
        match self.round_trip(&resp::set_nx_pxat(&self.key_name(key), until_ms))? {
            Reply::Simple(s) if s == "OK" => Ok(true),
            Reply::Nil => Ok(false),
            Reply::Error(e) => Err(self.fail(alloc::format!("refused SET: {e}"))),
            other => Err(self.fail(alloc::format!("unexpected reply to SET: {other:?}"))),
        }
    }

    fn release(&self, key: &ReplayKey) -> Result<()> {
        match self.round_trip(&resp::del(&self.key_name(key)))? {
            Reply::Integer(_) => Ok(()),
            Reply::Error(e) => Err(self.fail(alloc::format!("refused DEL: {e}"))),
            other => Err(self.fail(alloc::format!("unexpected reply to DEL: {other:?}"))),
        }
    }
}
