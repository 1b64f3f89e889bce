//! Standard output that never panics, and error reporting with exit codes.
//!
//! `println!` panics (exit 101) when stdout is closed or full; here a closed pipe (`| head`)
//! is quiet and leaves the exit code as the command decides it (1 when it found differences),
//! and any other write failure is an error with exit code 6.

use std::io::{self, BufWriter, Write};

use lectio::exit;

/// Buffered standard output that remembers the first write failure.
pub struct Out {
    inner: BufWriter<Tracked>,
}

struct Tracked {
    stdout: io::Stdout,
    failure: Option<OutputFailure>,
}

/// A write failure on standard output: its kind and, when known, the OS error number (so the
/// message can say "No space left on device" rather than only the kind).
#[derive(Clone, Copy, Debug)]
pub struct OutputFailure {
    kind: io::ErrorKind,
    os: Option<i32>,
}

impl OutputFailure {
    fn of(e: &io::Error) -> Self {
        OutputFailure {
            kind: e.kind(),
            os: e.raw_os_error(),
        }
    }
}

impl Tracked {
    /// Whether the reader has closed the pipe: output goes nowhere from then on.
    fn closed(&self) -> bool {
        self.failure
            .is_some_and(|f| f.kind == io::ErrorKind::BrokenPipe)
    }

    /// Remember the first failure; a closed pipe counts as done (`done`).
    fn settle<T>(&mut self, result: io::Result<T>, done: T) -> io::Result<T> {
        match result {
            Err(e) => {
                self.failure.get_or_insert(OutputFailure::of(&e));
                if e.kind() == io::ErrorKind::BrokenPipe {
                    Ok(done)
                } else {
                    Err(e)
                }
            }
            ok => ok,
        }
    }
}

/// Once the reader has closed the pipe, writes succeed without writing, so the command runs
/// to its end and its exit code (1 when it found variants) is kept: `lectio diff A B | head`
/// gives the verdict `lectio diff A B` gives. Any other failure is returned.
impl Write for Tracked {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed() {
            return Ok(buf.len());
        }
        let result = self.stdout.write(buf);
        self.settle(result, buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        if self.closed() {
            return Ok(());
        }
        let result = self.stdout.flush();
        self.settle(result, ())
    }
}

impl Out {
    /// Standard output, buffered.
    pub fn stdout() -> Self {
        Out {
            inner: BufWriter::with_capacity(
                64 * 1024,
                Tracked {
                    stdout: io::stdout(),
                    failure: None,
                },
            ),
        }
    }

    /// The first write failure on standard output, if any (a closed pipe included, although
    /// writes after it succeed).
    pub fn failure(&self) -> Option<OutputFailure> {
        self.inner.get_ref().failure
    }

    /// Flush, turning a failure into an error.
    pub fn flush_checked(&mut self) -> anyhow::Result<()> {
        self.inner.flush()?;
        Ok(())
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The exit code an error maps to: the first error in the chain that knows its kind decides
/// (every library error does, see [`lectio::error_kind`]); clap's errors are usage errors and
/// a bare I/O error is an I/O error.
pub fn exit_code_of(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(kind) = lectio::error_kind(cause) {
            return kind.code();
        }
        if cause.is::<clap::Error>() {
            return exit::USAGE;
        }
        if cause.is::<io::Error>() {
            return exit::IO;
        }
    }
    exit::USAGE
}

/// Print `err` to standard error (never panicking) and return its exit code. A closed pipe
/// is not an error (writes after it succeed): an error that comes after it is reported.
pub fn report_error(err: &anyhow::Error, stdout_failure: Option<OutputFailure>) -> u8 {
    match stdout_failure {
        Some(f) if f.kind == io::ErrorKind::BrokenPipe => {}
        Some(f) => {
            let e =
                f.os.map_or_else(|| io::Error::from(f.kind), io::Error::from_raw_os_error);
            let _ = writeln!(io::stderr(), "error: failed writing output: {e}");
            return exit::IO;
        }
        None => {}
    }
    // `{:#}` would repeat a cause that its parent's message already includes (an I/O error
    // whose text shows its `source`): keep each cause only when it adds something.
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let c = cause.to_string();
        if !text.contains(&c) {
            text.push_str(": ");
            text.push_str(&c);
        }
    }
    let safe = lectio::escape::terminal(&text);
    let _ = writeln!(io::stderr(), "error: {safe}");
    exit_code_of(err)
}
