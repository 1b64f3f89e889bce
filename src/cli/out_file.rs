//! Writing a file the user named (`--out FILE`, the files of `--out-dir DIR`): one rule for
//! every command.
//!
//! A new path or a regular file is written atomically (a temporary file beside it, fsync,
//! rename), so a reader never sees half a page and a failure leaves the old file whole; an
//! existing file keeps its permissions. Anything else is written *into*, never replaced: a
//! symlink is followed to its target (the rule then applies to the target, as `cp` and `sed -i
//! --follow-symlinks` do), a FIFO or a character or block device receives the bytes as a
//! stream (`--out /dev/stdout`, a named pipe), and a folder or a socket is refused. Renaming
//! over a device node would have replaced the node itself with a regular file.

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Symlinks followed before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;

/// Write `bytes` to `path` by the rule above.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (path, meta) = resolve(path)?;
    match meta {
        None => write_atomic(&path, bytes, None),
        Some(m) if m.is_file() => write_atomic(&path, bytes, Some(m.permissions())),
        Some(m) if m.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("{} is a folder", path.display()),
        )),
        Some(m) if is_stream(&m) => {
            // No create, no truncate: the node stays what it is.
            let mut f = OpenOptions::new().write(true).open(&path)?;
            f.write_all(bytes)?;
            f.flush()
        }
        Some(_) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is neither a file nor a device or FIFO", path.display()),
        )),
    }
}

/// A FIFO or a device node: written into.
fn is_stream(m: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        t.is_fifo() || t.is_char_device() || t.is_block_device()
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        false
    }
}

/// Follow symlinks from `path`; returns the final path and what is there (`None`: nothing).
fn resolve(path: &Path) -> io::Result<(PathBuf, Option<fs::Metadata>)> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Ok(m) => return Ok((p, Some(m))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((p, None)),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "{}: more than {MAX_LINKS} symbolic links in a row",
            path.display()
        ),
    ))
}

/// Write `bytes` to a temporary file beside `path`, then rename it over `path`.
fn write_atomic(path: &Path, bytes: &[u8], keep: Option<fs::Permissions>) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)?;
    tmp.write_all(bytes)?;
    // A temporary file is private (0600); a new page is for readers, an old one keeps its mode.
    let perms = match keep {
        Some(p) => p,
        #[cfg(unix)]
        None => {
            use std::os::unix::fs::PermissionsExt;
            fs::Permissions::from_mode(0o644)
        }
        #[cfg(not(unix))]
        None => tmp.as_file().metadata()?.permissions(),
    };
    tmp.as_file().set_permissions(perms)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
