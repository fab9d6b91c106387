//! Running a `credential_process` command line and capturing what it
//! prints, as the aws cli does: through the platform shell, bounded, with
//! a timeout.

use alloc::format;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering};
use core::time::Duration;
use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Instant;
use zeroize::Zeroizing;

use super::bounded::read_bounded;
use crate::error::{Error, Result};

/// How much of the standard error output an error quotes.
const STDERR_EXCERPT: usize = 1024;

/// Runs `credential_process` command lines.
///
/// The command line goes to the platform shell as the SDKs pass it
/// (`sh -c '<line>'` on Unix, `cmd.exe /C "<line>"` on Windows), with the
/// caller's environment, no standard input, and standard output and error
/// captured. [`ProcessRunner::run`] returns the standard output (the
/// credentials JSON, for the source's parser) in a buffer that is zeroed
/// when dropped; the errors say what went wrong and name the program
/// (the command line's first word: its arguments may hold secrets):
///
/// * it cannot be started;
/// * it exits with a non-zero code, or is killed by a signal: the error
///   quotes the start of its standard error (never its standard output,
///   which may hold the secret);
/// * it prints more than [`ProcessRunner::DEFAULT_MAX_STDOUT`] (64 KiB)
///   to standard output: it is killed;
/// * it runs longer than the timeout, [`ProcessRunner::DEFAULT_TIMEOUT`]
///   (one minute, room for a tool that asks an identity provider): it is
///   killed. The aws cli itself waits forever.
///
/// ```
/// # #[cfg(unix)] {
/// use awssig::credentials::io::ProcessRunner;
/// let out = ProcessRunner::new().run(r#"printf '{"Version": 1}'"#)?;
/// assert_eq!(&out[..], br#"{"Version": 1}"#);
///
/// let err = ProcessRunner::new().run("echo 'no such profile' >&2; exit 3").unwrap_err();
/// assert!(err.to_string().contains("exited with code 3"));
/// assert!(err.to_string().contains("no such profile"));
/// # }
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessRunner {
    timeout: Duration,
    max_stdout: usize,
}

impl Default for ProcessRunner {
    /// The same as [`ProcessRunner::new`].
    ///
    /// ```
    /// use awssig::credentials::io::ProcessRunner;
    /// assert_eq!(ProcessRunner::default(), ProcessRunner::new());
    /// ```
    fn default() -> Self {
        Self::new()
    }
}

impl ProcessRunner {
    /// The default timeout: 60 s.
    ///
    /// ```
    /// # use std::time::Duration;
    /// assert_eq!(awssig::credentials::io::ProcessRunner::DEFAULT_TIMEOUT, Duration::from_secs(60));
    /// ```
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// The default bound on standard output: 64 KiB.
    ///
    /// ```
    /// assert_eq!(awssig::credentials::io::ProcessRunner::DEFAULT_MAX_STDOUT, 65536);
    /// ```
    pub const DEFAULT_MAX_STDOUT: usize = 64 * 1024;

    /// A runner with the default timeout and output bound.
    ///
    /// ```
    /// use awssig::credentials::io::ProcessRunner;
    /// assert_eq!(ProcessRunner::new().timeout(), ProcessRunner::DEFAULT_TIMEOUT);
    /// ```
    pub fn new() -> Self {
        ProcessRunner {
            timeout: Self::DEFAULT_TIMEOUT,
            max_stdout: Self::DEFAULT_MAX_STDOUT,
        }
    }

    /// Sets how long the process may run before it is killed.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let runner = awssig::credentials::io::ProcessRunner::new().with_timeout(Duration::from_secs(5));
    /// assert_eq!(runner.timeout(), Duration::from_secs(5));
    /// ```
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets how many bytes the process may print to standard output.
    ///
    /// ```
    /// let runner = awssig::credentials::io::ProcessRunner::new().with_max_stdout(4096);
    /// assert_eq!(runner.max_stdout(), 4096);
    /// ```
    #[must_use]
    pub fn with_max_stdout(mut self, max_stdout: usize) -> Self {
        self.max_stdout = max_stdout;
        self
    }

    /// How long the process may run.
    ///
    /// ```
    /// # use std::time::Duration;
    /// assert_eq!(awssig::credentials::io::ProcessRunner::new().timeout(), Duration::from_secs(60));
    /// ```
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// How many bytes the process may print to standard output.
    ///
    /// ```
    /// assert_eq!(awssig::credentials::io::ProcessRunner::new().max_stdout(), 64 * 1024);
    /// ```
    pub fn max_stdout(&self) -> usize {
        self.max_stdout
    }

    /// Runs `command_line` and returns its standard output once it exits
    /// with code 0. See [`ProcessRunner`] for the errors.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::time::Duration;
    /// use awssig::credentials::io::ProcessRunner;
    /// let err = ProcessRunner::new()
    ///     .with_timeout(Duration::from_millis(200))
    ///     .run("sleep 5")
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("sleep"));
    /// assert!(err.to_string().contains("0.2 s"));
    /// # }
    /// ```
    pub fn run(&self, command_line: &str) -> Result<Zeroizing<Vec<u8>>> {
        let program = program_name(command_line);
        let fail = |message: &dyn core::fmt::Display| {
            Error::credential_source(&format!("credential_process `{program}`"), message)
        };
        if program.is_empty() {
            return Err(fail(&"the command line is empty"));
        }
        let mut child = shell(command_line)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| fail(&format_args!("cannot be started ({e})")))?;

        // Both pipes are drained at once (a child blocked on a full stderr
        // pipe would never finish its stdout), each on its own thread.
        let overflow = Arc::new(AtomicBool::new(false));
        let (out_tx, out_rx) = mpsc::channel();
        if let Some(mut stdout) = child.stdout.take() {
            let max = self.max_stdout;
            let overflow = Arc::clone(&overflow);
            thread::spawn(move || {
                let read = read_bounded(&mut stdout, max, None);
                if matches!(read, Ok(None)) {
                    overflow.store(true, Ordering::Release);
                }
                // Dropping stdout here closes the pipe: a child still
                // writing gets EPIPE.
                let _ = out_tx.send(read);
            });
        }
        let (err_tx, err_rx) = mpsc::channel();
        if let Some(stderr) = child.stderr.take() {
            thread::spawn(move || {
                let _ = err_tx.send(excerpt(stderr));
            });
        }

        let too_much = || {
            fail(&format_args!(
                "printed more than {} bytes to standard output; it was stopped",
                self.max_stdout
            ))
        };
        let deadline = Instant::now() + self.timeout;
        let status = match wait(&mut child, deadline, &overflow) {
            Ok(Waited::Exited(status)) => status,
            Ok(Waited::TooMuchOutput) => return Err(too_much()),
            Ok(Waited::TimedOut) => {
                return Err(fail(&format_args!(
                    "did not finish within {} s; it was stopped",
                    self.timeout.as_secs_f64()
                )))
            }
            Err(e) => return Err(fail(&format_args!("could not be waited for ({e})"))),
        };

        // The output may outlive the shell (a background child holding the
        // pipe): wait for it only until the deadline.
        let remaining = deadline.saturating_duration_since(Instant::now());
        let stdout = out_rx.recv_timeout(remaining);
        // Closing the pipe may have killed it (SIGPIPE) before `wait` saw
        // the overflow: the overflow is the story.
        if matches!(stdout, Ok(Ok(None))) {
            return Err(too_much());
        }
        if !status.success() {
            let stderr = err_rx
                .recv_timeout(Duration::from_millis(100))
                .unwrap_or_default();
            let said = if stderr.is_empty() {
                String::from("nothing on standard error")
            } else {
                format!("standard error: {stderr}")
            };
            return Err(fail(&format_args!("{}; {said}", exit_description(status))));
        }
        match stdout {
            Ok(Ok(Some(bytes))) => Ok(bytes),
            Ok(Ok(None)) => Err(too_much()),
            Ok(Err(e)) => Err(fail(&format_args!(
                "its standard output could not be read ({e})"
            ))),
            Err(_) => Err(fail(&format_args!(
                "exited, but its standard output stayed open past the {} s timeout",
                self.timeout.as_secs_f64()
            ))),
        }
    }
}

enum Waited {
    Exited(ExitStatus),
    TooMuchOutput,
    TimedOut,
}

/// Waits for the child to exit, killing it when the deadline passes or
/// its output overflows. Polls (std has no wait with a timeout), from
/// 1 ms up to every 20 ms.
fn wait(child: &mut Child, deadline: Instant, overflow: &AtomicBool) -> std::io::Result<Waited> {
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Waited::Exited(status));
        }
        let why = if overflow.load(Ordering::Acquire) {
            Waited::TooMuchOutput
        } else if Instant::now() >= deadline {
            Waited::TimedOut
        } else {
            thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(20));
            continue;
        };
        // It may have exited meanwhile; either way reap it.
        let _ = child.kill();
        let _ = child.wait();
        return Ok(why);
    }
}

/// The command through the platform shell, as the SDKs run it.
fn shell(command_line: &str) -> Command {
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        let mut command = Command::new("cmd.exe");
        // cmd.exe strips one pair of quotes around what follows /C; raw,
        // because Rust's own quoting is not what cmd.exe understands.
        command.arg("/C").raw_arg(format!("\"{command_line}\""));
        command
    }
    #[cfg(not(windows))]
    {
        let mut command = Command::new("sh");
        command.arg("-c").arg(command_line);
        command
    }
}

/// The first word of a command line, quotes removed: the program, named in
/// errors without its arguments.
fn program_name(command_line: &str) -> &str {
    let line = command_line.trim_start();
    for quote in ['"', '\''] {
        if let Some(rest) = line.strip_prefix(quote) {
            return rest.split(quote).next().unwrap_or(rest);
        }
    }
    line.split_whitespace().next().unwrap_or("")
}

/// The start of a stream, as one line of text; the rest is read and
/// dropped so that the child never blocks on a full pipe.
fn excerpt(mut stream: impl Read) -> String {
    let mut kept = Vec::new();
    let mut chunk = [0u8; 4096];
    let mut more = false;
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                let room = STDERR_EXCERPT.saturating_sub(kept.len());
                kept.extend_from_slice(&chunk[..n.min(room)]);
                more |= n > room;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    let text = String::from_utf8_lossy(&kept);
    let mut line: String = text
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if more {
        line.push('…');
    }
    line
}

fn exit_description(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with code {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("was killed by signal {signal}");
        }
    }
    format!("failed ({status})")
}

#[cfg(test)]
mod tests {
    use super::program_name;

    #[test]
    fn program_name_is_the_first_word_without_quotes_or_arguments() {
        assert_eq!(
            program_name("  aws-vault export --format=json dev"),
            "aws-vault"
        );
        assert_eq!(
            program_name(r#""C:\Program Files\tool.exe" --secret x"#),
            r"C:\Program Files\tool.exe"
        );
        assert_eq!(program_name("'/opt/my tool' a"), "/opt/my tool");
        assert_eq!(program_name("   "), "");
    }
}
