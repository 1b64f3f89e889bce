//! A progress spinner on standard error for commands that can run for seconds (`collate`,
//! `align`, `report`, a long `diff`). It appears only when standard error is a terminal, the
//! run was not asked to be `--quiet`, and the work is still going after half a second; it is
//! cleared before the command prints its result, so standard output never holds a progress
//! byte. `variants` has its own bar with a count of pairs (`commands/variants.rs`).

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long work runs before the spinner shows (`LECTIO_PROGRESS_DELAY_MS` overrides it, for
/// tests).
fn delay() -> Duration {
    std::env::var("LECTIO_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_millis(500), Duration::from_millis)
}

/// The flag that the work is done (with its condition variable), and the spinner's thread.
type Running = (Arc<(Mutex<bool>, Condvar)>, JoinHandle<()>);

/// A spinner that shows after [`delay`] and is cleared when dropped.
pub struct Spinner {
    state: Option<Running>,
}

impl Spinner {
    /// Start a spinner saying `message` (e.g. "collating 8 witnesses"), when `enabled` (the
    /// context's `progress`: a terminal on standard error and no `--quiet`).
    pub fn start(enabled: bool, message: impl Into<String>) -> Self {
        if !enabled {
            return Spinner { state: None };
        }
        let message = message.into();
        let delay = delay();
        let done = Arc::new((Mutex::new(false), Condvar::new()));
        let shared = Arc::clone(&done);
        let handle = std::thread::spawn(move || {
            let (lock, cvar) = &*shared;
            let Ok(mut guard) = lock.lock() else { return };
            if !delay.is_zero() {
                let Ok((g, timeout)) = cvar.wait_timeout_while(guard, delay, |d| !*d) else {
                    return;
                };
                if !timeout.timed_out() {
                    return; // finished within the delay: nothing shown
                }
                guard = g;
            }
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_message(message);
            bar.tick();
            bar.enable_steady_tick(Duration::from_millis(100));
            drop(cvar.wait_while(guard, |d| !*d));
            bar.finish_and_clear();
        });
        Spinner {
            state: Some((done, handle)),
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some((done, handle)) = self.state.take() {
            let (lock, cvar) = &*done;
            if let Ok(mut d) = lock.lock() {
                *d = true;
            }
            cvar.notify_all();
            let _ = handle.join();
        }
    }
}
