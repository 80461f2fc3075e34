//! Output synced to disk while a run goes on, so that the sync at its end is short.
//!
//! `run` writes about four bytes of output per byte of input and syncs every file before it
//! renames it into place. Synced only at the end, hundreds of MB wait in the page cache and the
//! run's last fraction of a second is spent idle, waiting for the disk. [`Writeback`] hands the
//! files, every [`Writeback::EVERY`] bytes written, to a thread of its own that syncs them while
//! the workers go on, and the final sync has only the rest to write.
//!
//! It is only a head start: a request while the thread is still busy is left for the next one,
//! and it never blocks the writer. But an error of an early sync is kept and reported at the end
//! with the file's name ([`Writeback::finish`]): the handles it syncs share the files' error
//! state, so the final sync might not see an error the early one already took.

use std::fs::File;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

/// A file to sync: its name (for an error) and a handle of its own to the open file.
pub(super) type ToSync = (PathBuf, File);

/// Early syncs of the files being written.
pub(super) struct Writeback {
    /// Bytes written since the files were last handed to the thread.
    pending: u64,
    every: u64,
    /// The thread, started at the first request, so a small run has none.
    thread: Option<Thread>,
}

struct Thread {
    sender: SyncSender<Vec<ToSync>>,
    handle: JoinHandle<()>,
    /// Set while the thread has files to sync: no new handles are made meanwhile.
    busy: Arc<AtomicBool>,
    /// The first error of an early sync, with its file.
    failed: Arc<Mutex<Option<(PathBuf, io::Error)>>>,
}

impl Writeback {
    /// How much is written between two early syncs: large enough that the syncs are few, small
    /// enough that little is left for the end.
    pub(super) const EVERY: u64 = 32 << 20;

    pub(super) fn new(every: u64) -> Writeback {
        Writeback { pending: 0, every, thread: None }
    }

    /// Counts `bytes` more written; once [`Writeback::EVERY`] have been and the thread is idle,
    /// hands it the files `files` gives.
    pub(super) fn wrote(&mut self, bytes: usize, files: impl FnOnce() -> Vec<ToSync>) {
        self.pending += bytes as u64;
        if self.pending < self.every {
            return;
        }
        if self.thread.is_none() {
            match Thread::start() {
                Ok(thread) => self.thread = Some(thread),
                // No thread: the final sync does it all, as it would without this.
                Err(_) => {
                    self.every = u64::MAX;
                    return;
                }
            }
        }
        let Some(thread) = &self.thread else { return };
        // Still syncing the last ones: ask again after the next write.
        if thread.busy.swap(true, Ordering::AcqRel) {
            return;
        }
        if thread.sender.send(files()).is_ok() {
            self.pending = 0;
        } else {
            self.every = u64::MAX;
        }
    }

    /// Waits for the thread to finish the syncs it was given; the first of their errors, with
    /// the file it was for.
    pub(super) fn finish(&mut self) -> Option<(PathBuf, io::Error)> {
        let thread = self.thread.take()?;
        drop(thread.sender);
        let _ = thread.handle.join();
        let failed = thread.failed.lock().unwrap_or_else(PoisonError::into_inner).take();
        failed
    }

    /// How many bytes are waiting for the next early sync (for tests).
    #[cfg(test)]
    pub(super) fn pending(&self) -> u64 {
        self.pending
    }

    /// Whether the thread was started (for tests).
    #[cfg(test)]
    pub(super) fn started(&self) -> bool {
        self.thread.is_some()
    }
}

impl Thread {
    fn start() -> io::Result<Thread> {
        let (sender, receiver) = mpsc::sync_channel::<Vec<ToSync>>(1);
        let busy = Arc::new(AtomicBool::new(false));
        let failed = Arc::new(Mutex::new(None));
        let (busy_here, failed_here) = (Arc::clone(&busy), Arc::clone(&failed));
        let handle = std::thread::Builder::new().name("lexbridge-writeback".into()).spawn(move || {
            for files in receiver {
                for (path, file) in files {
                    if let Err(e) = file.sync_data() {
                        failed_here.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert((path, e));
                    }
                }
                busy_here.store(false, Ordering::Release);
            }
        })?;
        Ok(Thread { sender, handle, busy, failed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_small_run_starts_no_thread() {
        let mut w = Writeback::new(Writeback::EVERY);
        w.wrote(1 << 20, || panic!("no files wanted below the threshold"));
        assert!(!w.started());
        assert_eq!(w.pending(), 1 << 20);
        assert!(w.finish().is_none());
    }

    #[test]
    fn files_are_handed_over_once_enough_is_written_and_the_count_restarts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let mut file = File::create(&path).unwrap();
        let mut w = Writeback::new(100);
        let mut handed = 0;
        for _ in 0..10 {
            file.write_all(&[b'x'; 60]).unwrap();
            w.wrote(60, || {
                handed += 1;
                vec![(path.clone(), file.try_clone().unwrap())]
            });
        }
        assert!(w.finish().is_none(), "syncing a good file fails not");
        assert!(handed >= 1, "600 bytes at a threshold of 100 must hand the files over");
        // Syncing never touches the content.
        assert_eq!(std::fs::read(&path).unwrap(), vec![b'x'; 600]);
    }

    /// Linux refuses to sync `/dev/null` (EINVAL): an early sync that fails is reported at the
    /// end with the file's name, not lost.
    #[cfg(target_os = "linux")]
    #[test]
    fn an_early_sync_error_is_reported_with_its_file() {
        let mut w = Writeback::new(1);
        let name = PathBuf::from("figures.csv");
        w.wrote(10, || vec![(name.clone(), File::open("/dev/null").unwrap())]);
        let (path, error) = w.finish().expect("the failed sync is reported");
        assert_eq!(path, name);
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
    }
}
