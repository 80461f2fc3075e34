//! Work in parallel, results written in order, with a bound on what is in flight.
//!
//! [`in_order`] hands each item to a worker of a thread pool as it comes, and passes the results
//! to one writer thread in the order the items came. There is no barrier between batches: a
//! slow item holds up the writing of what comes after it, and the workers only once the window
//! is full. What is in flight (handed out and not yet written, results waiting for their turn
//! included) is bounded by a [`Limit`] in items and in the weight of the items (not of their
//! results), so memory does not grow with the input.
//!
//! This module knows nothing of articles or files; it must never reorder results or drop one.

use std::collections::BTreeMap;
use std::panic;
use std::sync::{Condvar, Mutex, PoisonError};

/// The most that may be in flight at once: items, and their total weight (bytes of text).
/// A single item heavier than `weight` is let in alone, once everything before it is written,
/// and nothing enters after it until it is written too.
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
/// stopped on an error). The writer's error is returned, else the producer's; after an error
/// of `write` nothing more is written. A panic of `produce`, `work` or `write` reaches the
/// caller once the threads have stopped. With a pool of one thread there are no other threads: each
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
    let shelf = Shelf::new(limit);
    std::thread::scope(|scope| {
        let shelf = &shelf;
        let writer = scope.spawn(move || {
            // However the writing ends (done, an error, a panic), the producer must not wait
            // for room any more.
            let _closing = CloseOnDrop(shelf);
            let mut batch = Vec::new();
            while shelf.take_ready(&mut batch) {
                let (items, mut weight) = (batch.len(), 0);
                for (w, result) in batch.drain(..) {
                    write(result)?;
                    weight += w;
                }
                shelf.leave(items, weight);
            }
            Ok(())
        });
        let work = &work;
        let mut seq = 0u64;
        let produced = pool.in_place_scope_fifo(|jobs| {
            // A panicking producer never says it is done: the writer must not wait for it.
            let _breaking = BreakOffOnPanic(shelf);
            let produced = produce(&mut |item, weight| {
                if !shelf.enter(weight) {
                    return false;
                }
                let n = seq;
                seq += 1;
                jobs.spawn_fifo(move |_| {
                    // Nor for the result of a panicking worker (the pool carries the panic out
                    // of the scope).
                    let _breaking = BreakOffOnPanic(shelf);
                    shelf.put(n, weight, work(item));
                });
                true
            });
            shelf.given_all(seq);
            produced
        });
        let wrote = writer.join().unwrap_or_else(|payload| panic::resume_unwind(payload));
        wrote.and(produced)
    })
}

/// How many results a waiting writer is woken for (fewer when fewer are in flight, or the
/// producer is done): a wake-up per result cost a system call or two, more than writing it.
const WRITE_BATCH: usize = 32;

/// Where results wait for their turn to be written, and the count of what is in flight: one
/// lock, and a wake-up only for a thread that waits (the producer for room, the writer for the
/// next result), so that handing over tens of thousands of results costs few system calls.
struct Shelf<T> {
    limit: Limit,
    state: Mutex<State<T>>,
    /// The producer waits here for room.
    room: Condvar,
    /// The writer waits here for the next result.
    ready: Condvar,
}

struct State<T> {
    /// Results by number, waiting for those before them.
    results: BTreeMap<u64, (usize, T)>,
    /// The number of the next result to write.
    next: u64,
    /// How many items were given, once the producer is done.
    given: Option<u64>,
    /// Items and weight handed out and not yet written.
    items: usize,
    weight: usize,
    /// No more items are let in (the writer stopped, or a worker panicked).
    closed: bool,
    /// A worker panicked: the writer stops waiting.
    broken: bool,
    producer_waits: bool,
    /// The weight of the item the waiting producer holds.
    producer_needs: usize,
    writer_waits: bool,
}

impl<T> Shelf<T> {
    fn new(limit: Limit) -> Shelf<T> {
        let state = State {
            results: BTreeMap::new(),
            next: 0,
            given: None,
            items: 0,
            weight: 0,
            closed: false,
            broken: false,
            producer_waits: false,
            producer_needs: 0,
            writer_waits: false,
        };
        Shelf { limit, state: Mutex::new(state), room: Condvar::new(), ready: Condvar::new() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State<T>> {
        // The state is consistent after every statement: a panic elsewhere cannot leave it
        // half-changed.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until an item of `weight` fits and counts it in; `false` once closed. An item
    /// heavier than the limit goes in alone.
    fn enter(&self, weight: usize) -> bool {
        let mut s = self.lock();
        loop {
            if s.closed {
                return false;
            }
            if s.items == 0 || (s.items < self.limit.items && s.weight + weight <= self.limit.weight) {
                s.items += 1;
                s.weight += weight;
                return true;
            }
            s.producer_waits = true;
            s.producer_needs = weight;
            s = self.room.wait(s).unwrap_or_else(PoisonError::into_inner);
            s.producer_waits = false;
        }
    }

    /// Shelves result `n`, and wakes the writer if it waits and there is a batch for it.
    fn put(&self, n: u64, weight: usize, result: T) {
        let mut s = self.lock();
        if s.closed {
            return; // nobody takes results any more
        }
        s.results.insert(n, (weight, result));
        self.wake_writer_for_a_batch(&s);
    }

    /// Wakes a waiting writer once the next result is in and a batch is worth the wake-up: a
    /// few dozen results waiting, or all that are in flight, or the producer done. (All that
    /// are in flight always come: nothing waits for the writer but the producer.)
    fn wake_writer_for_a_batch(&self, s: &State<T>) {
        if s.writer_waits
            && s.results.contains_key(&s.next)
            && (s.results.len() >= WRITE_BATCH.min(s.items) || s.given.is_some())
        {
            self.ready.notify_one();
        }
    }

    /// Moves the results that are next in line into `batch`, waiting for the first of them;
    /// `false` when every item given has been taken (or a worker panicked).
    fn take_ready(&self, batch: &mut Vec<(usize, T)>) -> bool {
        let mut s = self.lock();
        loop {
            while let Some(entry) = {
                let next = s.next;
                s.results.remove(&next)
            } {
                s.next += 1;
                batch.push(entry);
            }
            if !batch.is_empty() {
                return true;
            }
            if s.broken || s.given.is_some_and(|n| s.next >= n) {
                return false;
            }
            s.writer_waits = true;
            s = self.ready.wait(s).unwrap_or_else(PoisonError::into_inner);
            s.writer_waits = false;
        }
    }

    /// Counts `items` written items of total `weight` out, and wakes a waiting producer once
    /// there is room for a quarter of the limit's items (and the weight of the item it holds):
    /// it then hands out many at once instead of one per result written.
    fn leave(&self, items: usize, weight: usize) {
        let mut s = self.lock();
        s.items = s.items.saturating_sub(items);
        s.weight = s.weight.saturating_sub(weight);
        let refill = (self.limit.items / 4).max(1);
        let room = s.items == 0
            || (s.items + refill <= self.limit.items && s.weight + s.producer_needs <= self.limit.weight);
        if s.producer_waits && room {
            self.room.notify_one();
        }
    }

    /// The producer is done after `n` items.
    fn given_all(&self, n: u64) {
        let mut s = self.lock();
        s.given = Some(n);
        if s.writer_waits {
            self.ready.notify_one();
        }
    }

    /// Lets no more in, and wakes the producer.
    fn close(&self) {
        self.lock().closed = true;
        self.room.notify_all();
    }

    /// A worker panicked: lets no more in, and stops the writer.
    fn break_off(&self) {
        let mut s = self.lock();
        s.closed = true;
        s.broken = true;
        self.room.notify_all();
        self.ready.notify_all();
    }
}

/// Breaks a [`Shelf`] off when dropped by a panic: the writer and the producer stop waiting
/// for what the panicking thread will never deliver.
struct BreakOffOnPanic<'s, T>(&'s Shelf<T>);

impl<T> Drop for BreakOffOnPanic<'_, T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.break_off();
        }
    }
}

/// Closes a [`Shelf`] when dropped.
struct CloseOnDrop<'s, T>(&'s Shelf<T>);

impl<T> Drop for CloseOnDrop<'_, T> {
    fn drop(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::AssertUnwindSafe;
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
        let shelf = Shelf::<()>::new(Limit { items: 10, weight: 100 });
        assert!(shelf.enter(60));
        assert!(shelf.enter(40));
        // A third would exceed the weight: it waits until one leaves.
        std::thread::scope(|s| {
            let waiting = s.spawn(|| shelf.enter(30));
            std::thread::sleep(Duration::from_millis(20));
            assert!(!waiting.is_finished(), "let in over the weight");
            shelf.leave(1, 60);
            assert!(waiting.join().unwrap());
        });
        shelf.leave(2, 70);
        assert!(shelf.enter(500), "an item heavier than the limit goes when nothing else is in flight");
        shelf.close();
        assert!(!shelf.enter(1), "closed");
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

    /// Runs `run` and returns the message of the panic that must come out of it.
    fn panic_message(run: impl FnOnce() -> Result<(), String>) -> String {
        let payload = panic::catch_unwind(AssertUnwindSafe(run)).expect_err("the panic reaches the caller");
        match payload.downcast::<String>() {
            Ok(message) => *message,
            Err(payload) => payload.downcast_ref::<&str>().map(|m| m.to_string()).unwrap_or_default(),
        }
    }

    #[test]
    fn a_panicking_writer_ends_the_run_with_its_panic_and_no_deadlock() {
        let message = panic_message(|| {
            in_order(
                &pool(2),
                Limit { items: 2, weight: 100 },
                numbers(1000),
                |i| i,
                |i| {
                    if i == 5 {
                        panic!("writer failed on {i}");
                    }
                    Ok(())
                },
            )
        });
        assert_eq!(message, "writer failed on 5");
    }

    #[test]
    fn a_panicking_producer_ends_the_run_with_its_panic_and_no_deadlock() {
        let message = panic_message(|| {
            let produce = |give: &mut dyn FnMut(usize, usize) -> bool| {
                for i in 0..3 {
                    give(i, 1);
                }
                panic!("producer failed after 3");
            };
            in_order(&pool(2), Limit { items: 4, weight: 100 }, produce, |i| i, |_| Ok(()))
        });
        assert_eq!(message, "producer failed after 3");
    }

    #[test]
    fn a_panicking_worker_ends_the_run_with_its_panic_and_no_deadlock() {
        let message = panic_message(|| {
            let work = |i: usize| {
                if i == 3 {
                    panic!("worker failed on {i}");
                }
                i
            };
            in_order(&pool(2), Limit { items: 2, weight: 100 }, numbers(1000), work, |_| Ok(()))
        });
        assert_eq!(message, "worker failed on 3");
    }
}
