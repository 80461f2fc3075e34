//! Work in parallel, results written in order, with a bound on what is in flight.
//!
//! [`in_order`] hands each item to a worker of a thread pool as it comes, and passes the results
//! to one writer thread in the order the items came. There is no barrier between batches: a
//! slow item holds up only the writing of what comes after it, never the workers. What is in
//! flight (handed out and not yet written, results waiting for their turn included) is bounded
//! by a [`Limit`], so memory does not grow with the input.
//!
//! This module knows nothing of articles or files; it must never reorder results or drop one.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// The most that may be in flight at once: items, and their total weight (bytes of text).
/// A single item heavier than `weight` is let in alone.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub items: usize,
    pub weight: usize,
}

/// Runs `work` on every item `produce` gives, on `pool`, and `write`s the results in the order
/// the items were given, on a thread of its own.
///
/// `produce` gives each item with its weight to the function it is called with, which waits
/// while the [`Limit`] is reached and says whether to go on (`false` once the writer has
/// stopped on an error). The first error of `produce` or `write` is returned; after an error of
/// `write` nothing more is written. With a pool of one thread there are no other threads: each
/// item is worked on and written before the next is taken.
pub fn in_order<I, T, E>(
    pool: &rayon::ThreadPool,
    limit: Limit,
    produce: impl FnOnce(&mut dyn FnMut(I, usize) -> bool) -> Result<(), E>,
    work: impl Fn(I) -> T + Sync,
    mut write: impl FnMut(T) -> Result<(), E> + Send,
) -> Result<(), E>
where
    I: Send,
    T: Send,
    E: Send,
{
    if pool.current_num_threads() == 1 {
        let mut failed = None;
        let produced = produce(&mut |item, _| match write(work(item)) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        });
        return match failed {
            Some(e) => Err(e),
            None => produced,
        };
    }
    let window = Window::new(limit);
    let (send, receive) = mpsc::channel::<(u64, usize, T)>();
    std::thread::scope(|scope| {
        let window = &window;
        let writer = scope.spawn(move || {
            // However the writing ends (done, an error, a panic), the producer must not wait
            // for room any more.
            let _closing = CloseOnDrop(window);
            let mut waiting = BTreeMap::new();
            let mut next = 0u64;
            let mut wrote = Ok(());
            'receive: for (seq, weight, result) in receive {
                waiting.insert(seq, (weight, result));
                while let Some((weight, result)) = waiting.remove(&next) {
                    next += 1;
                    wrote = write(result);
                    window.leave(weight);
                    if wrote.is_err() {
                        break 'receive;
                    }
                }
            }
            wrote
        });
        let work = &work;
        let mut seq = 0u64;
        let produced = pool.in_place_scope_fifo(|jobs| {
            produce(&mut |item, weight| {
                if !window.enter(weight) {
                    return false;
                }
                let (send, n) = (send.clone(), seq);
                seq += 1;
                jobs.spawn_fifo(move |_| match panic::catch_unwind(AssertUnwindSafe(|| work(item))) {
                    // A failed send means the writer has stopped; it has closed the window.
                    Ok(result) => drop(send.send((n, weight, result))),
                    Err(payload) => {
                        // The writer would wait for this result for ever: stop the producer,
                        // and let the pool carry the panic out of the scope.
                        window.close();
                        panic::resume_unwind(payload)
                    }
                });
                true
            })
        });
        drop(send);
        let wrote = writer.join().unwrap_or_else(|payload| panic::resume_unwind(payload));
        wrote.and(produced)
    })
}

/// Closes a [`Window`] when dropped.
struct CloseOnDrop<'w>(&'w Window);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// What is in flight, against a [`Limit`].
struct Window {
    limit: Limit,
    state: Mutex<InFlight>,
    room: Condvar,
}

#[derive(Default)]
struct InFlight {
    items: usize,
    weight: usize,
    closed: bool,
}

impl Window {
    fn new(limit: Limit) -> Window {
        Window { limit, state: Mutex::new(InFlight::default()), room: Condvar::new() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, InFlight> {
        // The state is a few counters, consistent after every statement: a panic elsewhere
        // cannot leave it half-changed.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until an item of `weight` fits and counts it in; `false` once closed.
    fn enter(&self, weight: usize) -> bool {
        let mut s = self.lock();
        loop {
            if s.closed {
                return false;
            }
            let empty = s.items == 0;
            if empty || (s.items < self.limit.items && s.weight + weight <= self.limit.weight) {
                s.items += 1;
                s.weight += weight;
                return true;
            }
            s = self.room.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Counts an item of `weight` out.
    fn leave(&self, weight: usize) {
        let mut s = self.lock();
        s.items = s.items.saturating_sub(1);
        s.weight = s.weight.saturating_sub(weight);
        self.room.notify_all();
    }

    /// Lets no more in, and wakes whoever waits.
    fn close(&self) {
        self.lock().closed = true;
        self.room.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
    }

    /// Gives `0..n` with weight 1 each, stopping when told to.
    fn numbers(n: usize) -> impl FnOnce(&mut dyn FnMut(usize, usize) -> bool) -> Result<(), String> {
        move |give| {
            for i in 0..n {
                if !give(i, 1) {
                    break;
                }
            }
            Ok(())
        }
    }

    #[test]
    fn results_are_written_in_the_order_given_whatever_order_they_finish_in() {
        for threads in [1, 2, 4] {
            let mut written = Vec::new();
            let limit = Limit { items: 8, weight: 100 };
            in_order(
                &pool(threads),
                limit,
                numbers(200),
                |i| {
                    // Early items take longest, so later ones finish first.
                    if i % 16 == 0 {
                        std::thread::sleep(Duration::from_millis(3));
                    }
                    i * 10
                },
                |r| {
                    written.push(r);
                    Ok::<(), String>(())
                },
            )
            .unwrap();
            assert_eq!(written, (0..200).map(|i| i * 10).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    #[test]
    fn no_more_than_the_limit_is_ever_in_flight() {
        let (started, max_seen) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let done = AtomicUsize::new(0);
        let limit = Limit { items: 5, weight: 1000 };
        in_order(
            &pool(3),
            limit,
            numbers(300),
            |i| {
                let now = started.fetch_add(1, Ordering::SeqCst) + 1 - done.load(Ordering::SeqCst);
                max_seen.fetch_max(now, Ordering::SeqCst);
                if i % 7 == 0 {
                    std::thread::sleep(Duration::from_millis(1));
                }
                i
            },
            |_| {
                done.fetch_add(1, Ordering::SeqCst);
                Ok::<(), String>(())
            },
        )
        .unwrap();
        assert_eq!(done.load(Ordering::SeqCst), 300);
        assert!(max_seen.load(Ordering::SeqCst) <= 5, "{} in flight", max_seen.load(Ordering::SeqCst));
    }

    #[test]
    fn the_weight_bounds_what_is_in_flight_and_a_heavy_item_goes_alone() {
        let window = Window::new(Limit { items: 10, weight: 100 });
        assert!(window.enter(60));
        assert!(window.enter(40));
        // A third would exceed the weight: it waits until one leaves.
        std::thread::scope(|s| {
            let waiting = s.spawn(|| window.enter(30));
            std::thread::sleep(Duration::from_millis(20));
            assert!(!waiting.is_finished(), "let in over the weight");
            window.leave(60);
            assert!(waiting.join().unwrap());
        });
        window.leave(40);
        window.leave(30);
        assert!(window.enter(500), "an item heavier than the limit goes when nothing else is in flight");
        window.close();
        assert!(!window.enter(1), "closed");
    }

    #[test]
    fn a_write_error_stops_the_producer_and_is_returned() {
        for threads in [1, 2] {
            let given = AtomicUsize::new(0);
            let mut written = 0;
            let result = in_order(
                &pool(threads),
                Limit { items: 4, weight: 100 },
                |give| {
                    for i in 0..10_000 {
                        given.fetch_add(1, Ordering::SeqCst);
                        if !give(i, 1) {
                            return Ok(());
                        }
                    }
                    Err("gave everything".to_string())
                },
                |i| i,
                |i| {
                    if i == 20 {
                        return Err(format!("disk full at {i}"));
                    }
                    written += 1;
                    Ok(())
                },
            );
            assert_eq!(result, Err("disk full at 20".to_string()), "{threads} threads");
            assert_eq!(written, 20, "nothing after the error is written");
            assert!(given.load(Ordering::SeqCst) < 100, "the producer stopped early");
        }
    }

    #[test]
    fn a_producer_error_is_returned_after_what_was_given_is_written() {
        let mut written = Vec::new();
        let result = in_order(
            &pool(2),
            Limit { items: 4, weight: 100 },
            |give| {
                for i in 0..3 {
                    give(i, 1);
                }
                Err("interrupted".to_string())
            },
            |i| i,
            |i| {
                written.push(i);
                Ok(())
            },
        );
        assert_eq!(result, Err("interrupted".to_string()));
        assert_eq!(written, [0, 1, 2]);
    }

    #[test]
    fn a_panicking_writer_ends_the_run_with_its_panic_and_no_deadlock() {
        let caught = panic::catch_unwind(AssertUnwindSafe(|| {
            in_order(
                &pool(2),
                Limit { items: 2, weight: 100 },
                numbers(1000),
                |i| i,
                |i| {
                    if i == 5 {
                        panic!("writer failed on {i}");
                    }
                    Ok::<(), String>(())
                },
            )
        }));
        let payload = caught.expect_err("the panic reaches the caller");
        assert_eq!(payload.downcast_ref::<String>().cloned().unwrap_or_default(), "writer failed on 5");
    }

    #[test]
    fn a_panicking_worker_ends_the_run_with_its_panic_and_no_deadlock() {
        let caught = panic::catch_unwind(AssertUnwindSafe(|| {
            in_order(
                &pool(2),
                Limit { items: 2, weight: 100 },
                numbers(1000),
                |i| {
                    if i == 3 {
                        panic!("worker failed on {i}");
                    }
                    i
                },
                |_| Ok::<(), String>(()),
            )
        }));
        let payload = caught.expect_err("the panic reaches the caller");
        let message = payload.downcast_ref::<String>().cloned().unwrap_or_default();
        assert_eq!(message, "worker failed on 3");
    }
}
