//! The store-wide writer lock.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use super::fsutil::{lstat_kind, symlink_error};
use super::{Store, StoreError};

/// The store-wide writer lock, released on drop (and by the kernel if the process dies).
pub(crate) struct WriterLock {
    file: File,
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

pub(crate) fn lock(store: &Store) -> Result<WriterLock, StoreError> {
    let path = store.root.join("lock");
    if lstat_kind(&path)
        .map_err(StoreError::io("inspecting", &path))?
        .is_some_and(|t| t.is_symlink())
    {
        return Err(symlink_error(&path));
    }
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(StoreError::io("opening lock", &path))?;
    let start = Instant::now();
    let mut delay = Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(fs::TryLockError::WouldBlock) => {
                let waited = start.elapsed();
                if waited >= store.lock_timeout {
                    let mut holder = String::new();
                    let _ = (&file).read_to_string(&mut holder);
                    let holder = holder.trim();
                    return Err(StoreError::Busy {
                        holder: (!holder.is_empty())
                            .then(|| crate::escape::terminal(holder).into_owned()),
                        waited,
                    });
                }
                // Jitter keeps eight waiting writers from waking in lockstep.
                let jitter = Duration::from_micros(u64::from(std::process::id() % 997));
                std::thread::sleep((delay + jitter).min(store.lock_timeout - waited));
                delay = (delay * 2).min(Duration::from_millis(100));
            }
            Err(fs::TryLockError::Error(e)) => return Err(StoreError::io("locking", &path)(e)),
        }
    }
    let _ = file.set_len(0);
    let _ = writeln!(file, "pid {}", std::process::id());
    Ok(WriterLock { file })
}
