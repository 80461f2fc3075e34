//! Output synced to disk while a run goes on, so that the sync at its end is short.
//!
//! `run` writes about four bytes of output per byte of input and syncs every file before it
//! renames it into place. Synced only at the end, hundreds of MB wait in the page cache and the
//! run's last fraction of a second is spent idle, waiting for the disk. [`Writeback`] hands the
//! files, every [`Writeback::EVERY`] bytes written, to a thread of its own that syncs them while
//! the workers go on, and the final sync has only the rest to write.
//!
//! It is only ever a head start: its errors are ignored (the final sync reports them with the
//! file's name), a request while the thread is still busy is left for the next one, and it never
//! blocks the writer. It must never be what makes a file complete or a run succeed.

use std::fs::File;
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::thread::JoinHandle;

/// Early syncs of the files being written.
pub(super) struct Writeback {
    /// Bytes written since the files were last handed to the thread.
    pending: u64,
    every: u64,
    /// The thread and how to reach it; started at the first request, so a small run has none.
    thread: Option<(SyncSender<Vec<File>>, JoinHandle<()>)>,
}

impl Writeback {
    /// How much is written between two early syncs: large enough that the syncs are few, small
    /// enough that little is left for the end.
    pub(super) const EVERY: u64 = 32 << 20;

    pub(super) fn new(every: u64) -> Writeback {
        Writeback { pending: 0, every, thread: None }
    }

    /// Counts `bytes` more written; once [`Writeback::EVERY`] have been, hands the thread the
    /// files `files` gives (handles of their own to the same open files).
    pub(super) fn wrote(&mut self, bytes: usize, files: impl FnOnce() -> Vec<File>) {
        self.pending += bytes as u64;
        if self.pending < self.every {
            return;
        }
        if self.thread.is_none() {
            let (sender, receiver) = mpsc::sync_channel::<Vec<File>>(1);
            let spawned = std::thread::Builder::new().name("lexbridge-writeback".into()).spawn(move || {
                for files in receiver {
                    for file in files {
                        let _ = file.sync_data();
                    }
                }
            });
            match spawned {
                Ok(handle) => self.thread = Some((sender, handle)),
                // No thread: the final sync does it all, as it would without this.
                Err(_) => {
                    self.every = u64::MAX;
                    return;
                }
            }
        }
        if let Some((sender, _)) = &self.thread {
            match sender.try_send(files()) {
                Ok(()) => self.pending = 0,
                // Still syncing the last ones: ask again after the next write.
                Err(TrySendError::Full(_)) => {}
                Err(TrySendError::Disconnected(_)) => self.every = u64::MAX,
            }
        }
    }

    /// Waits for the thread to finish the syncs it was given.
    pub(super) fn finish(&mut self) {
        if let Some((sender, handle)) = self.thread.take() {
            drop(sender);
            let _ = handle.join();
        }
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
        w.finish();
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
                vec![file.try_clone().unwrap()]
            });
        }
        w.finish();
        assert!(handed >= 1, "600 bytes at a threshold of 100 must hand the files over");
        // Syncing never touches the content.
        assert_eq!(std::fs::read(&path).unwrap(), vec![b'x'; 600]);
    }
}
