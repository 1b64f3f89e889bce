//! The one fixture every CLI test file uses: the `lectio` command with a clean environment,
//! the ways of running it (code, standard output, standard error), temporary files, and
//! [`Sandbox`], a temporary folder with a store in it.
//!
//! A test file adds only what is particular to its command (a corpus, a domain assertion); it
//! never builds its own `lectio` command or its own `run`.

use std::path::{Path, PathBuf};
use std::process::Output;

pub use crate::machine::{shared, shared_dir, skip_or_fail};

/// The built `lectio` binary.
pub fn lectio_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("lectio")
}

/// `lectio` with a clean environment (no colour, no store variable).
pub fn lectio() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("lectio").expect("binary built");
    cmd.env_remove("LECTIO_STORE")
        .env_remove("LECTIO_COLOR")
        .env("NO_COLOR", "1");
    cmd
}

/// The repository root (where `editions/` lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped store (`editions/` of the repository).
pub fn shipped_store() -> String {
    repo_root().join("editions").display().to_string()
}

/// Assert that a run did not panic.
pub fn assert_no_panic(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "panicked: {stderr}");
    assert!(!stderr.contains("panicked at"), "panicked: {stderr}");
}

/// Run `cmd` with `args` and assert that it did not panic.
pub fn run_cmd(cmd: impl Into<assert_cmd::Command>, args: &[&str]) -> Output {
    let out = cmd.into().args(args).output().expect("run lectio");
    assert_no_panic(&out);
    out
}

/// Bytes, lossily decoded.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Standard output, lossily decoded.
pub fn stdout(o: &Output) -> String {
    text(&o.stdout)
}

/// Standard error, lossily decoded.
pub fn stderr(o: &Output) -> String {
    text(&o.stderr)
}

/// The exit code (-1 when killed by a signal).
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Assert that standard error contains `needle`, showing it otherwise.
pub fn assert_stderr(o: &Output, needle: &str) {
    let e = stderr(o);
    assert!(e.contains(needle), "stderr lacks {needle:?}: {e}");
}

/// Write `text` to `dir/name` and return the path.
pub fn write_file(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write test file");
    p
}

/// Write each `(name, text)` into a new temporary folder; returns it and the paths.
pub fn files(texts: &[(&str, &str)]) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = texts
        .iter()
        .map(|(n, t)| write_file(dir.path(), n, t).display().to_string())
        .collect();
    (dir, paths)
}

/// Split an output into (exit code, standard output as UTF-8, standard error).
fn split(out: Output) -> (i32, String, String) {
    (
        code(&out),
        String::from_utf8(out.stdout).expect("utf-8 output"),
        text(&out.stderr),
    )
}

/// `lectio ARGS` with extra environment variables: (exit code, raw stdout, stderr).
pub fn run_env(args: &[&str], env: &[(&str, &str)]) -> (i32, Vec<u8>, String) {
    let mut cmd = lectio();
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = run_cmd(cmd, args);
    (code(&out), out.stdout, text(&out.stderr))
}

/// `lectio ARGS`: (exit code, stdout, which must be UTF-8, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    split(run_cmd(lectio(), args))
}

/// `lectio ARGS` in `dir`, the whole output.
pub fn output_in(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = lectio();
    cmd.current_dir(dir);
    run_cmd(cmd, args)
}

/// `lectio ARGS` in `dir`: (exit code, stdout, which must be UTF-8, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    split(output_in(dir, args))
}

/// `lectio ARGS` whose standard output is JSON: (exit code, the parsed value).
pub fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let (code, out, err) = run(args);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, v)
}

/// A git command isolated from the user's configuration.
pub fn git(dir: &Path, home: &Path) -> std::process::Command {
    let mut c = std::process::Command::new("git");
    c.current_dir(dir)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_EXTERNAL_DIFF")
        .env_remove("GIT_PAGER_IN_USE")
        .env_remove("LECTIO_COLOR")
        .env("NO_COLOR", "1")
        .args([
            "-c",
            "core.pager=cat",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
        ]);
    c
}

/// Run git, asserting success; returns its standard output.
pub fn git_ok(dir: &Path, home: &Path, args: &[&str]) -> String {
    let out = git(dir, home).args(args).output().expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// A temporary folder holding a store, and `lectio` run inside it.
///
/// [`Sandbox::new`] names the store with `LECTIO_STORE`; [`Sandbox::project`] leaves it to be
/// found from the working folder, as a project checked by `lectio check` does.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    root: PathBuf,
    store_env: bool,
    fsync: bool,
}

impl Sandbox {
    /// An initialized store at `editions/`, named by `LECTIO_STORE`, without fsync.
    pub fn new() -> Self {
        Self::with_fsync(false)
    }

    /// As [`Sandbox::new`]; crash and fault tests run with fsync on, as users do.
    pub fn with_fsync(fsync: bool) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("editions");
        let s = Sandbox {
            dir,
            root,
            store_env: true,
            fsync,
        };
        s.init();
        s
    }

    /// A store at `root` (not initialized), named by `LECTIO_STORE`, run from a new folder.
    pub fn at(root: PathBuf, fsync: bool) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        Sandbox {
            dir,
            root,
            store_env: true,
            fsync,
        }
    }

    /// A project: `texts/` beside an initialized `editions/` that `lectio` finds by itself.
    pub fn project() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("texts")).expect("texts/");
        let root = dir.path().join("editions");
        let s = Sandbox {
            dir,
            root,
            store_env: false,
            fsync: false,
        };
        s.init();
        s
    }

    fn init(&self) {
        let out = self.run(&["init"]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }

    /// The temporary folder (the working folder of every run).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The store's folder.
    pub fn store(&self) -> &Path {
        &self.root
    }

    /// `lectio` in the sandbox, as a plain process (to spawn, pipe or kill it).
    pub fn process(&self) -> std::process::Command {
        let mut c = std::process::Command::new(lectio_bin());
        c.current_dir(self.path())
            .env("NO_COLOR", "1")
            .env_remove("LECTIO_COLOR")
            .env_remove("LECTIO_FAILPOINT")
            .env_remove("LECTIO_CHECK_FORMAT")
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(std::process::Stdio::null());
        if self.store_env {
            c.env("LECTIO_STORE", &self.root);
        } else {
            c.env_remove("LECTIO_STORE");
        }
        if self.fsync {
            c.env_remove("LECTIO_TEST_NO_FSYNC");
        } else {
            c.env("LECTIO_TEST_NO_FSYNC", "1");
        }
        c
    }

    /// `lectio` in the sandbox, to add arguments, standard input, environment.
    pub fn cmd(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.process())
    }

    /// `lectio ARGS` in the sandbox (asserting no panic).
    pub fn run(&self, args: &[&str]) -> Output {
        run_cmd(self.cmd(), args)
    }

    /// `lectio ARGS` in the sandbox with extra environment variables.
    pub fn run_env(&self, env: &[(&str, &str)], args: &[&str]) -> Output {
        let mut c = self.cmd();
        for (k, v) in env {
            c.env(k, v);
        }
        run_cmd(c, args)
    }

    /// Write `bytes` to `name` in the sandbox; returns the full path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        write_file(self.path(), name, bytes)
    }

    /// Write `bytes` to `name` in the sandbox; returns `name` (as typed in the sandbox).
    pub fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        self.write(name, bytes);
        name.to_string()
    }
}
