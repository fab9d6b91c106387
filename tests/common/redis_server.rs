//! A real `redis-server` (Debian's package) for the one-time link tests
//! (`tests/once_redis.rs`, `tests/once_service.rs`): started on a free
//! port of 127.0.0.1 in a temporary directory, append-only file on (so a
//! restart keeps what was used), stopped on drop. Its path comes from
//! `AWSSIG_E2E_REDIS_SERVER` (`scripts/e2e-redis.sh` sets it); without it
//! a test fails: a server that is not there is not a pass.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use awssig::verify::replay::resp::{self, Reply};

/// A running `redis-server` (or a stopped one, between `stop` and
/// `restart`).
pub struct Redis {
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl Redis {
    pub fn start() -> Redis {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::env::temp_dir().join(format!("awssig-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut r = Redis {
            port,
            dir,
            child: None,
        };
        r.restart();
        r
    }

    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn restart(&mut self) {
        let server = std::env::var("AWSSIG_E2E_REDIS_SERVER").unwrap_or_default();
        assert!(
            !server.is_empty(),
            "AWSSIG_E2E_REDIS_SERVER is not set: run these tests with `bash scripts/e2e-redis.sh`"
        );
        let child = Command::new(server)
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--dir", self.dir.to_str().unwrap()])
            .args([
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        let start = Instant::now();
        while self.command(&resp::command(&[b"PING"])).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "redis-server did not answer on {} in 10 s",
                self.addr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// One command on a fresh connection, with its reply.
    pub fn command(&self, cmd: &[u8]) -> std::io::Result<Reply> {
        let mut s = TcpStream::connect(self.addr())?;
        s.set_read_timeout(Some(Duration::from_secs(2)))?;
        s.write_all(cmd)?;
        let mut buf = Vec::new();
        let mut chunk = [0u8; 256];
        loop {
            if let Some((r, _)) = resp::parse_reply(&buf).unwrap() {
                return Ok(r);
            }
            let n = s.read(&mut chunk)?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
    }

    pub fn keys(&self) -> Vec<Vec<u8>> {
        match self.command(&resp::command(&[b"KEYS", b"*"])).unwrap() {
            Reply::Array(items) => items
                .into_iter()
                .map(|r| match r {
                    Reply::Bulk(b) => b,
                    other => panic!("KEYS answered {other:?}"),
                })
                .collect(),
            other => panic!("KEYS answered {other:?}"),
        }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
